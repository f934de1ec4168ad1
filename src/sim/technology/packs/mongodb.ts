import type { TechnologyPack } from '../pack.js';

const SEVERITY = { DEBUG: 'D', INFO: 'I', WARN: 'W', ERROR: 'E', FATAL: 'F' } as const;

/**
 * MongoDB 4.2 (WiredTiger) text log: `<iso time> <severity> <COMPONENT> [<context>] <message>`, the format before
 * 4.4's JSON logs. The template's origin is `COMPONENT` or `COMPONENT:context`.
 */
export const mongodb: TechnologyPack = {
  id: 'mongodb',
  name: 'MongoDB 4.2 (WiredTiger)',
  kinds: ['database'],
  stack: 'c++',
  statefulset: true,
  main_pid: 1,
  origin: 'NETWORK',
  line_pattern: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000 [DIWEF]  [A-Z]+ *\[\w+\] /,
  format(l) {
    const s = l.stamp;
    const [component, context] = l.origin.split(':');
    const ctx = context ?? `conn${l.thread + 100}`;
    return `${s.date}T${s.time}.${String(s.ms).padStart(3, '0')}+0000 ${SEVERITY[l.level]}  ${(component ?? 'NETWORK').padEnd(8)} [${ctx}] ${l.message}`;
  },
  background: [
    ['INFO', 'connection accepted from {peer_ip}:{client_port} #{conn_id} ({conns} connections now open)', 'NETWORK:listener'],
    ['INFO', 'end connection {peer_ip}:{client_port} ({conns} connections now open)', 'NETWORK'],
    ['INFO', 'WiredTiger message [{epoch_s}:{us}][1:0x7f3c]: [WT_VERB_CHECKPOINT_PROGRESS] saving checkpoint snapshot min: {seq}, snapshot max: {seq}', 'STORAGE:WTCheckpointThread'],
  ],
  conditions: {
    overloaded: [['WARN', 'command {db}.{table} command: find { find: "{table}", filter: { _id: ? } } planSummary: IXSCAN { _id: 1 } keysExamined:1 docsExamined:1 numYields:0 nreturned:1 reslen:512 protocol:op_msg {ms}ms', 'COMMAND']],
    cpu_hot: [['WARN', 'command {db}.{table} command: find { find: "{table}" } planSummary: IXSCAN { updated_at: 1 } keysExamined:20 docsExamined:20 numYields:0 nreturned:20 protocol:op_msg {ms}ms', 'COMMAND']],
    restarting: [['INFO', 'waiting for connections on port 27017', 'NETWORK:listener']],
    down: [['INFO', 'WiredTiger recoveryTimestamp. Ts: Timestamp(0, 0)', 'STORAGE:initandlisten']],
    oom_killed: [['INFO', 'MongoDB starting : pid=1 port=27017 dbpath=/data/db 64-bit host={pod}', 'CONTROL:initandlisten']],
    gc_pressure: [['WARN', 'WiredTiger message [{epoch_s}:{us}][1:0x7f3c], eviction-server: cache eviction thread unable to reach eviction goal', 'STORAGE:WTEvictionThread']],
    errors: [['ERROR', 'Interrupted operation as its client disconnected', 'COMMAND']],
    no_space: [
      ['ERROR', 'WiredTiger error (28) [{epoch_s}:{us}][1:0x7f3c], file:collection-{relfile}.wt, WT_CURSOR.insert: __posix_file_write, 617: /data/db/collection-{relfile}.wt: handle-write: pwrite: failed to write 4096 bytes at offset {offset}: No space left on device', 'STORAGE'],
      ['FATAL', 'Fatal Assertion 28559 at src/mongo/db/storage/wiredtiger/wiredtiger_util.cpp 64', 'STORAGE'],
    ],
    disk_high: [['WARN', 'WiredTiger message [{epoch_s}:{us}][1:0x7f3c], file:WiredTiger.wt, WT_SESSION.checkpoint: volume /data/db {disk_pct}% used', 'STORAGE:WTCheckpointThread']],
    long_statement: [['WARN', 'command {db}.orders appName: "{target}" command: find { find: "orders", filter: { customer_ref: ? }, sort: { created_at: -1 } } planSummary: COLLSCAN keysExamined:0 docsExamined:{rows} hasSortStage:1 numYields:{id} nreturned:20 protocol:op_msg {qtime_ms}ms', 'COMMAND']],
    query_flood: [['WARN', 'command {db}.products appName: "{target}" command: find { find: "products", filter: { _id: ? } } planSummary: IDHACK keysExamined:1 docsExamined:1 nreturned:1 protocol:op_msg {ms}ms', 'COMMAND']],
    lock_wait: [
      ['WARN', 'command {db}.inventory appName: "{target}" command: update { update: "inventory" } numYields:0 locks:{ Global: { acquireCount: { w: 1 }, acquireWaitCount: { w: 1 }, timeAcquiringMicros: { w: {lock_ms}000 } } } protocol:op_msg {lock_ms}ms', 'COMMAND'],
      ['ERROR', 'transaction aborted: WriteConflict: this operation conflicted with another operation. Please retry your operation or multi-document transaction.', 'TXN'],
    ],
    auth_rejects: [['WARN', 'SASL SCRAM-SHA-256 authentication failed for {target}_app on admin from client {peer_ip}:{client_port} ; AuthenticationFailed: SCRAM authentication failed, storedKey mismatch', 'ACCESS']],
    replay_paused: [['WARN', 'secondary {pod} is {lag} seconds behind the primary (optime lag)', 'REPL:replexec']],
    stale_reads: [['INFO', 'command {db}.orders command: find { find: "orders", filter: { _id: ? }, $readPreference: { mode: "secondaryPreferred" } } planSummary: IDHACK nreturned:0 protocol:op_msg {ms}ms', 'COMMAND']],
    retransmits: [['WARN', 'Error receiving request from client: HostUnreachable: Connection reset by peer. Ending connection from {peer_ip}:{client_port} (connection id: {conn_id})', 'NETWORK']],
  },
  config: { 'net.maxIncomingConnections': 65536, 'storage.wiredTiger.engineConfig.cacheSizeGB': 8, 'operationProfiling.slowOpThresholdMs': 100 },
  metric_names: {
    cpu_pct: 'container_cpu_usage_seconds_total',
    disk_pct: 'mongodb_dbstats_storageSize / volume_capacity_bytes',
    throughput_rps: 'rate(mongodb_op_counters_total)',
    replica_lag_s: 'mongodb_mongod_replset_member_replication_lag',
  },
  signatures: ['WiredTiger', 'COLLSCAN', 'IDHACK', 'SCRAM', 'protocol:op_msg', 'initandlisten'],
  excludes: ['replication_lag'],
};
