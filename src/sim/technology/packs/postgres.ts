import { ms3, type TechnologyPack } from '../pack.js';

/** PostgreSQL 16 with `log_line_prefix = '%m [%p] %q%u@%d '` and `log_min_duration_statement = 1000`. */
export const postgres: TechnologyPack = {
  id: 'postgres',
  name: 'PostgreSQL 16',
  kinds: ['database'],
  stack: 'c',
  statefulset: true,
  main_pid: 1,
  origin: 'postmaster',
  line_pattern: /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC \[\d+\] (\w+@\w+ )?(LOG|ERROR|FATAL|PANIC|WARNING|DETAIL|HINT|STATEMENT):  /,
  format(l) {
    const s = l.stamp;
    const session = l.origin === 'session';
    return `${s.date} ${s.time}.${ms3(s.ms)} UTC [${session ? l.pid + 40 + l.thread * 7 : l.pid + 26}] ${session ? '{user}@{db} ' : ''}${l.message}`;
  },
  background: [
    ['INFO', 'LOG:  checkpoint starting: time'],
    ['INFO', 'LOG:  checkpoint complete: wrote {buffers} buffers ({buffers_pct}%); 0 WAL file(s) added, 0 removed, 1 recycled; write={write_s} s, sync=0.004 s, total={write_s} s; sync files=41, longest=0.002 s, average=0.001 s; distance={distance_kb} kB, estimate={distance_kb} kB'],
    ['INFO', 'LOG:  automatic vacuum of table "{db}.public.{table}": index scans: 1'],
  ],
  conditions: {
    overloaded: [['WARN', 'LOG:  duration: {ms}.{ms_frac} ms  statement: SELECT id, status FROM {table} WHERE id = $1', 'session']],
    cpu_hot: [['WARN', 'LOG:  duration: {ms}.{ms_frac} ms  execute <unnamed>: SELECT * FROM {table} WHERE updated_at > $1', 'session']],
    restarting: [
      ['INFO', 'LOG:  database system was interrupted; last known up at {date_time} UTC'],
      ['INFO', 'LOG:  database system is ready to accept connections'],
    ],
    down: [
      ['FATAL', 'FATAL:  the database system is starting up', 'session'],
      ['INFO', 'LOG:  database system was not properly shut down; automatic recovery in progress'],
    ],
    oom_killed: [['ERROR', 'LOG:  server process (PID {backend_pid}) was terminated by signal 9: Killed'], ['INFO', 'LOG:  terminating any other active server processes']],
    gc_pressure: [['ERROR', 'ERROR:  out of memory', 'session'], ['INFO', 'DETAIL:  Failed on request of size 8192 in memory context "ExecutorState".', 'session']],
    errors: [['ERROR', 'ERROR:  canceling statement due to statement timeout', 'session']],
    no_space: [
      ['ERROR', 'ERROR:  could not extend file "base/{oid}/{relfile}": No space left on device', 'session'],
      ['INFO', 'HINT:  Check free disk space.', 'session'],
      ['FATAL', 'PANIC:  could not write to file "pg_wal/xlogtemp.{pid}": No space left on device'],
    ],
    disk_high: [['WARN', 'LOG:  checkpoints are occurring too frequently ({checkpoint_s} seconds apart)']],
    long_statement: [
      ['WARN', 'LOG:  duration: {qtime_ms}.{ms_frac} ms  statement: SELECT o.*, i.* FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.customer_ref = $1 ORDER BY o.created_at DESC', 'session'],
      ['WARN', 'LOG:  duration: {qtime_ms}.{ms_frac} ms  execute <unnamed>: SELECT count(*) FROM orders WHERE customer_ref = $1', 'session'],
    ],
    query_flood: [
      ['WARN', 'LOG:  duration: {ms}.{ms_frac} ms  statement: SELECT * FROM products WHERE id = $1', 'session'],
      ['ERROR', 'FATAL:  remaining connection slots are reserved for non-replication superuser connections', 'session'],
    ],
    lock_wait: [
      ['WARN', 'LOG:  process {waiter_pid} still waiting for ShareLock on transaction {xid} after 1000.052 ms', 'session'],
      ['INFO', 'DETAIL:  Process holding the lock: {blocker_pid}. Wait queue: {waiter_pid}.', 'session'],
      ['ERROR', 'ERROR:  canceling statement due to lock timeout', 'session'],
      ['INFO', 'STATEMENT:  UPDATE inventory SET reserved = reserved + 1 WHERE sku = $1', 'session'],
    ],
    auth_rejects: [
      ['ERROR', 'FATAL:  password authentication failed for user "{target}_app"', 'session'],
      ['INFO', 'DETAIL:  Connection matched file "/etc/postgresql/pg_hba.conf" line 97: "hostssl all all 10.0.0.0/8 scram-sha-256"', 'session'],
    ],
    replay_paused: [
      ['WARN', 'LOG:  recovery still waiting after {lock_ms}.052 ms: recovery conflict on snapshot'],
      ['INFO', 'DETAIL:  Conflicting process: {blocker_pid}.'],
    ],
    stale_reads: [['INFO', 'LOG:  duration: {ms}.{ms_frac} ms  statement: SELECT * FROM orders WHERE id = $1', 'session']],
    retransmits: [['ERROR', 'LOG:  could not receive data from client: Connection reset by peer', 'session']],
  },
  config: { max_connections: 500, shared_buffers: '4GB', log_min_duration_statement: 1000, statement_timeout: '30s', lock_timeout: '5s' },
  metric_names: {
    cpu_pct: 'container_cpu_usage_seconds_total',
    disk_pct: 'pg_database_size_bytes / volume_capacity_bytes',
    latency_p99_ms: 'pg_stat_statements_mean_exec_time_seconds',
    throughput_rps: 'rate(pg_stat_database_xact_commit)',
    replica_lag_s: 'pg_replication_lag_seconds',
  },
  signatures: ['LOG:  ', 'DETAIL:  ', 'HINT:  ', 'pg_wal', 'pg_hba', 'ShareLock', 'autovacuum', 'automatic vacuum', 'checkpoint complete'],
};
