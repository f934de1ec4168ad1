import { ms3, type TechnologyPack } from '../pack.js';

const LEVEL = { DEBUG: 'DEBUG', INFO: 'INFO', WARN: 'WARN', ERROR: 'ERROR', FATAL: 'FATAL' } as const;

/** Apache Kafka 3.7 broker (log4j `[%d] %p %m (%c)%n`). */
export const kafka: TechnologyPack = {
  id: 'kafka',
  name: 'Apache Kafka 3.7',
  kinds: ['queue'],
  stack: 'scala',
  statefulset: true,
  main_pid: 1,
  origin: 'kafka.server.KafkaApis',
  line_pattern: /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\] (DEBUG|INFO|WARN|ERROR|FATAL) .* \([a-z][\w.]+\)$/,
  format(l) {
    const s = l.stamp;
    return `[${s.date} ${s.time},${ms3(s.ms)}] ${LEVEL[l.level]} ${l.message} (${l.origin})`;
  },
  background: [
    ['INFO', '[LocalLog partition={topic}-{partition}, dir=/var/lib/kafka/data] Rolled new log segment at offset {offset} in 2 ms.', 'kafka.log.LocalLog'],
    ['INFO', '[GroupCoordinator {broker}]: Member consumer-{group}-1 in group {group} has left, removing it from the group', 'kafka.coordinator.group.GroupCoordinator'],
    ['INFO', '[UnifiedLog partition={topic}-{partition}, dir=/var/lib/kafka/data] Incremented log start offset to {offset} due to segment deletion', 'kafka.log.UnifiedLog'],
  ],
  conditions: {
    backlog: [
      ['INFO', '[LocalLog partition={topic}-{partition}, dir=/var/lib/kafka/data] Rolled new log segment at offset {offset} in 3 ms.', 'kafka.log.LocalLog'],
      ['WARN', '[GroupCoordinator {broker}]: Member consumer-{group}-{id} in group {group} has failed, removing it from the group', 'kafka.coordinator.group.GroupCoordinator'],
    ],
    overloaded: [['WARN', '[ReplicaFetcher replicaId={broker}, leaderId={leader}, fetcherId=0] Error sending fetch request (sessionId={id}, epoch=INITIAL) to node {leader}', 'kafka.server.ReplicaFetcherThread']],
    cpu_hot: [['WARN', '[Partition {topic}-{partition} broker={broker}] Shrinking ISR from {broker},{leader} to {broker}', 'kafka.cluster.Partition']],
    restarting: [['INFO', '[KafkaServer id={broker}] started', 'kafka.server.KafkaServer']],
    down: [['INFO', '[KafkaServer id={broker}] starting', 'kafka.server.KafkaServer']],
    oom_killed: [['INFO', '[KafkaServer id={broker}] started', 'kafka.server.KafkaServer']],
    no_space: [['FATAL', 'Shutdown broker because all log dirs in /var/lib/kafka/data have failed', 'kafka.log.LogManager'], ['ERROR', 'Error while appending records to {topic}-{partition} in dir /var/lib/kafka/data (java.io.IOException: No space left on device)', 'kafka.server.LogDirFailureChannel']],
    disk_high: [['WARN', '[UnifiedLog partition={topic}-{partition}, dir=/var/lib/kafka/data] Found deletable segments with base offsets [{offset}] due to retention size in bytes breach', 'kafka.log.UnifiedLog']],
    errors: [['ERROR', '[ReplicaManager broker={broker}] Error processing append operation on partition {topic}-{partition}', 'kafka.server.ReplicaManager']],
    retransmits: [['WARN', '[SocketServer listenerType=BROKER, nodeId={broker}] Unexpected error from /{peer_ip} (channelId={ip}:9092-{peer_ip}:{client_port}-{id}); closing connection', 'kafka.network.Processor']],
  },
  config: { 'num.partitions': 12, 'log.retention.hours': 168, 'min.insync.replicas': 2, 'default.replication.factor': 3 },
  metric_names: {
    queue_depth: 'kafka_consumergroup_lag_sum',
    throughput_rps: 'rate(kafka_server_brokertopicmetrics_messagesin_total)',
    disk_pct: 'kafka_log_log_size / volume_capacity_bytes',
    cpu_pct: 'container_cpu_usage_seconds_total',
  },
  signatures: ['kafka.', 'GroupCoordinator', 'UnifiedLog', 'ReplicaFetcher', 'KafkaServer'],
};
