import { type TechnologyPack, us6 } from '../pack.js';

const LABEL = { DEBUG: 'Note', INFO: 'System', WARN: 'Warning', ERROR: 'ERROR', FATAL: 'ERROR' } as const;

/** MySQL 8.0 error log (`log_error_verbosity = 3`) and slow query log (`long_query_time = 1`). */
export const mysql: TechnologyPack = {
  id: 'mysql',
  name: 'MySQL 8.0 (InnoDB)',
  kinds: ['database'],
  stack: 'c++',
  statefulset: true,
  main_pid: 1,
  origin: 'MY-000000:Server',
  line_pattern: /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z \d+ \[(Note|System|Warning|ERROR)\] \[MY-\d{6}\] \[\w+\] |# Query_time: |SELECT )/,
  format(l) {
    if (l.origin === 'slowlog') return l.message;
    const s = l.stamp;
    const [code, subsystem] = l.origin.split(':');
    return `${s.date}T${s.time}.${us6(s.us)}Z ${l.thread} [${LABEL[l.level]}] [${code}] [${subsystem ?? 'Server'}] ${l.message}`;
  },
  background: [
    ['DEBUG', 'Aborted connection {conn_id} to db: \'{db}\' user: \'{user}\' host: \'{peer_ip}\' (Got timeout reading communication packets).', 'MY-010914:Server'],
    ['INFO', '# Query_time: 1.{ms_frac}  Lock_time: 0.000011 Rows_sent: 500  Rows_examined: 500', 'slowlog'],
  ],
  conditions: {
    overloaded: [['WARN', '# Query_time: {qtime_s}  Lock_time: 0.000020 Rows_sent: 1  Rows_examined: 1', 'slowlog']],
    cpu_hot: [['WARN', '# Query_time: {qtime_s}  Lock_time: 0.000020 Rows_sent: 20  Rows_examined: 20', 'slowlog']],
    restarting: [['INFO', '/usr/sbin/mysqld: ready for connections. Version: \'8.0.36\'  socket: \'/var/run/mysqld/mysqld.sock\'  port: 3306  MySQL Community Server - GPL.', 'MY-010931:Server']],
    down: [['INFO', 'Starting crash recovery...', 'MY-013883:InnoDB'], ['INFO', 'InnoDB initialization has started.', 'MY-013576:InnoDB']],
    oom_killed: [['INFO', '/usr/sbin/mysqld (mysqld 8.0.36) starting as process 1', 'MY-010116:Server']],
    gc_pressure: [['WARN', 'Out of memory (Needed 8388608 bytes)', 'MY-000000:Server']],
    errors: [['ERROR', 'Got an error reading communication packets', 'MY-010914:Server']],
    no_space: [
      ['ERROR', 'Disk is full writing \'./binlog.{binlog}\' (OS errno 28 - No space left on device). Waiting for someone to free space... Retry in 60 secs.', 'MY-000035:Server'],
      ['ERROR', 'The table \'{table}\' is full', 'MY-013132:Server'],
    ],
    disk_high: [['WARN', 'Unable to write to the binlog index file at {disk_pct}% volume usage; retrying', 'MY-011070:Server']],
    long_statement: [
      ['WARN', '# Query_time: {qtime_s}  Lock_time: 0.000120 Rows_sent: 20  Rows_examined: {rows}', 'slowlog'],
      ['WARN', 'SELECT o.*, i.* FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.customer_ref = \'C-{id}\' ORDER BY o.created_at DESC;', 'slowlog'],
    ],
    query_flood: [
      ['WARN', '# Query_time: {qtime_s}  Lock_time: 0.000020 Rows_sent: 1  Rows_examined: 1', 'slowlog'],
      ['ERROR', 'Too many connections', 'MY-001040:Server'],
    ],
    lock_wait: [
      ['ERROR', 'Lock wait timeout exceeded; try restarting transaction (UPDATE inventory SET reserved = reserved + 1 WHERE sku = \'{id}\')', 'MY-001205:InnoDB'],
      ['WARN', 'Transactions deadlock detected, dumping detailed information.', 'MY-012469:InnoDB'],
      ['INFO', 'MySQL thread id {conn_id}, OS thread handle 140{id}, query id {seq} {peer_ip} {user} updating', 'MY-012469:InnoDB'],
      ['WARN', '# Query_time: {qtime_s}  Lock_time: {lock_s}  Rows_sent: 0  Rows_examined: 1', 'slowlog'],
    ],
    auth_rejects: [['WARN', 'Access denied for user \'{target}_app\'@\'{peer_ip}\' (using password: YES)', 'MY-010926:Server']],
    replay_paused: [
      ['WARN', 'Replica SQL for channel \'\': Waiting for the query to finish; Seconds_Behind_Source={lag}', 'MY-010584:Repl'],
    ],
    stale_reads: [['INFO', '# Query_time: 0.{ms_frac}  Lock_time: 0.000010 Rows_sent: 0  Rows_examined: 1', 'slowlog']],
    retransmits: [['WARN', 'Aborted connection {conn_id} to db: \'{db}\' user: \'{user}\' host: \'{peer_ip}\' (Got an error reading communication packets).', 'MY-010914:Server']],
  },
  config: { max_connections: 500, innodb_buffer_pool_size: '8G', long_query_time: 1, innodb_lock_wait_timeout: 50 },
  metric_names: {
    cpu_pct: 'container_cpu_usage_seconds_total',
    disk_pct: 'mysql_info_schema_table_size / volume_capacity_bytes',
    throughput_rps: 'rate(mysql_global_status_queries)',
    replica_lag_s: 'mysql_slave_status_seconds_behind_master',
  },
  signatures: ['[MY-', '# Query_time', 'InnoDB', 'mysqld', 'Seconds_Behind_Source', 'binlog'],
  excludes: ['replication_lag'],
};
