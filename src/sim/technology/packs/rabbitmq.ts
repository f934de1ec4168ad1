import { type TechnologyPack, us6 } from '../pack.js';

const LEVEL = { DEBUG: 'debug', INFO: 'info', WARN: 'warning', ERROR: 'error', FATAL: 'critical' } as const;

/** RabbitMQ 3.13 (`yyyy-mm-dd hh:mm:ss.uuuuuu+00:00 [level] <erlang pid> message`). */
export const rabbitmq: TechnologyPack = {
  id: 'rabbitmq',
  name: 'RabbitMQ 3.13',
  kinds: ['queue'],
  stack: 'erlang',
  statefulset: true,
  main_pid: 1,
  origin: 'conn',
  line_pattern: /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}\+00:00 \[(debug|info|warning|error|critical)\] <0\.\d+\.0> /,
  format(l) {
    const s = l.stamp;
    return `${s.date} ${s.time}.${us6(s.us)}+00:00 [${LEVEL[l.level]}] <0.${400 + l.thread * 13}.0> ${l.message}`;
  },
  background: [
    ['INFO', 'accepting AMQP connection {peer_ip}:{client_port} -> {ip}:5672'],
    ['INFO', "connection {peer_ip}:{client_port} -> {ip}:5672: user '{user}' authenticated and granted access to vhost '/'"],
    ['INFO', 'closing AMQP connection ({peer_ip}:{client_port} -> {ip}:5672, vhost: \'/\', user: \'{user}\')'],
  ],
  conditions: {
    backlog: [
      ['WARN', "memory resource limit alarm set on node rabbit@{pod}. Publishers will be blocked until this alarm clears"],
      ['INFO', "queue '{topic}' in vhost '/': {depth} messages ready, consumer utilisation below 50%"],
    ],
    overloaded: [['WARN', 'closing AMQP connection ({peer_ip}:{client_port} -> {ip}:5672): missed heartbeats from client, timeout: 60s']],
    cpu_hot: [['WARN', 'closing AMQP connection ({peer_ip}:{client_port} -> {ip}:5672): missed heartbeats from client, timeout: 60s']],
    restarting: [['INFO', 'Server startup complete; 4 plugins started.']],
    down: [['INFO', 'Starting RabbitMQ 3.13.1 on Erlang 26.2.3']],
    oom_killed: [['INFO', 'Starting RabbitMQ 3.13.1 on Erlang 26.2.3'], ['INFO', 'Server startup complete; 4 plugins started.']],
    no_space: [['WARN', 'Free disk space is insufficient. Free bytes: {disk_free_bytes}. Limit: 50000000'], ['WARN', 'disk resource limit alarm set on node rabbit@{pod}.']],
    disk_high: [['INFO', 'Free disk space is sufficient. Free bytes: {disk_free_bytes}. Limit: 50000000']],
    errors: [['ERROR', 'Channel error on connection <0.{id}.0> ({peer_ip}:{client_port} -> {ip}:5672, vhost: \'/\', user: \'{user}\'), channel 1: operation basic.publish caused a channel exception not_found']],
    retransmits: [['WARN', 'closing AMQP connection ({peer_ip}:{client_port} -> {ip}:5672): client unexpectedly closed TCP connection']],
  },
  config: { vm_memory_high_watermark: 0.4, disk_free_limit: 50000000, heartbeat: 60, consumer_timeout: 1800000 },
  metric_names: {
    queue_depth: 'rabbitmq_queue_messages_ready',
    throughput_rps: 'rate(rabbitmq_channel_messages_published_total)',
    memory_pct: 'rabbitmq_process_resident_memory_bytes / rabbitmq_resident_memory_limit_bytes',
  },
  signatures: ['AMQP', 'rabbit@', 'vhost', 'RabbitMQ', 'Erlang'],
};
