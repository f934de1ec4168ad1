import { dayMonYear, ms3, type TechnologyPack } from '../pack.js';

const MARK = { DEBUG: '.', INFO: '*', WARN: '#', ERROR: '#', FATAL: '#' } as const;

/**
 * Redis 7 server log: `pid:role dd Mon yyyy hh:mm:ss.mmm <level> message` (role M primary, S replica, C child).
 * Redis does not log rejected commands (the `-OOM` reply goes to the client), so memory pressure shows in the
 * callers' logs and in metrics, not here.
 */
export const redis: TechnologyPack = {
  id: 'redis',
  name: 'Redis 7.2',
  kinds: ['cache'],
  stack: 'c',
  statefulset: true,
  main_pid: 1,
  origin: 'M',
  line_pattern: /^\d+:[MSC] \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d\.\d{3} [.*#-] /,
  format(l) {
    const s = l.stamp;
    const role = l.origin === 'C' ? 'C' : 'M';
    const pid = role === 'C' ? '{child_pid}' : String(l.pid);
    return `${pid}:${role} ${dayMonYear(s.date)} ${s.time}.${ms3(s.ms)} ${MARK[l.level]} ${l.message}`;
  },
  background: [
    ['INFO', '100 changes in 300 seconds. Saving...'],
    ['INFO', 'Background saving started by pid {child_pid}'],
    ['INFO', 'DB saved on disk', 'C'],
    ['INFO', 'Fork CoW for RDB: current 2 MB, peak 2 MB, average 1 MB', 'C'],
    ['INFO', 'Background saving terminated with success'],
  ],
  conditions: {
    overloaded: [['WARN', 'WARNING: {conns} clients connected, latency above the latency-monitor-threshold']],
    cpu_hot: [['WARN', 'Asynchronous AOF fsync is taking too long (disk is busy?). Writing the AOF buffer without waiting for fsync to complete, this may slow down Redis.']],
    restarting: [['INFO', 'Ready to accept connections tcp'], ['INFO', 'Server initialized']],
    down: [['INFO', 'Loading RDB produced by version 7.2.4'], ['INFO', 'Server initialized']],
    oom_killed: [['INFO', 'Redis version=7.2.4, bits=64, commit=00000000, modified=0, pid={pid}, just started'], ['INFO', 'Ready to accept connections tcp']],
    cache_rejects_writes: [['WARN', "Can't save in background: fork: Cannot allocate memory"]],
    cold_keys: [['INFO', 'DB 0: {keys} keys ({expires} volatile) in {buckets} slots HT.']],
    one_key: [['WARN', 'Client id={id} addr={peer_ip}:{client_port} laddr={ip}:6379 fd={fd} name= age={uptime_s} idle=0 flags=N db=0 cmd=get user=default scheduled to be closed ASAP for overcoming of output buffer limits.']],
    no_space: [['ERROR', 'Write error saving DB on disk: No space left on device', 'C'], ['WARN', 'Background saving error']],
    disk_high: [['WARN', 'Background saving error']],
    errors: [['WARN', 'Error writing to client: Broken pipe']],
    retransmits: [['WARN', 'Error writing to client: Connection reset by peer']],
  },
  config: { maxmemory: '4gb', 'maxmemory-policy': 'allkeys-lru', 'maxmemory-samples': 5, appendonly: 'no', save: '3600 1 300 100 60 10000', timeout: 0 },
  metric_names: {
    cpu_pct: 'rate(redis_cpu_sys_seconds_total + redis_cpu_user_seconds_total)',
    memory_pct: 'redis_memory_used_bytes / redis_memory_max_bytes',
    latency_p99_ms: 'redis_commands_latencies_usec{quantile="0.99"}',
    throughput_rps: 'rate(redis_commands_processed_total)',
    error_rate_pct: 'rate(redis_errors_total)',
  },
  signatures: ['Background saving', 'DB saved on disk', 'Fork CoW', 'Redis version', 'RDB', 'AOF', 'client-output-buffer-limit'],
};
