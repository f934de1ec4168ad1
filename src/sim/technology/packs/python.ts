import { ms3, type TechnologyPack } from '../pack.js';
import { APP_BACKGROUND, APP_CONDITIONS, APP_NOISE } from './app-common.js';

const LEVEL = { DEBUG: 'DEBUG', INFO: 'INFO', WARN: 'WARNING', ERROR: 'ERROR', FATAL: 'CRITICAL' } as const;

/** Python services (gunicorn + Flask, SQLAlchemy, requests) with logging's `%(asctime)s %(levelname)s [%(name)s] %(message)s`. */
export const python: TechnologyPack = {
  id: 'python',
  name: 'Python 3.12 (gunicorn, Flask, SQLAlchemy)',
  kinds: ['api', 'worker'],
  stack: 'python',
  statefulset: false,
  main_pid: 1,
  origin: 'app',
  line_pattern: /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (DEBUG|INFO|WARNING|ERROR|CRITICAL) \[[\w.]+\] |\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000\] \[\d+\] \[[A-Z]+\] )/,
  format(l) {
    const s = l.stamp;
    if (l.origin === 'gunicorn') return `[${s.date} ${s.time} +0000] [${l.pid}] [${LEVEL[l.level]}] ${l.message}`;
    return `${s.date} ${s.time},${ms3(s.ms)} ${LEVEL[l.level]} [${l.origin}] ${l.message}`;
  },
  background: APP_BACKGROUND,
  noise: APP_NOISE,
  conditions: {
    ...APP_CONDITIONS,
    exception: [
      ['ERROR', "Exception on {path} [POST]: KeyError: 'currency'", 'app'],
      ['ERROR', 'POST {path} 500 {ms}ms (trace {trace})', 'http'],
    ],
    pool_exhausted: [
      ['ERROR', 'sqlalchemy.exc.TimeoutError: QueuePool limit of size {pool_size} overflow 0 reached, connection timed out, timeout {timeout_s}', 'sqlalchemy.pool'],
      ['WARN', 'connection pool at {pool_pct}% (checked out {pool_active} of {pool_size})', 'sqlalchemy.pool'],
    ],
    gc_pressure: [
      ['WARN', 'gc: collecting generation 2... objects in each generation: 812 0 {gc_objects}', 'gc'],
      ['WARN', 'memory {mem_mb} MiB of {mem_limit_mb} MiB limit ({mem_pct}%)', 'app'],
    ],
    threads_busy: [
      ['FATAL', 'WORKER TIMEOUT (pid:{worker_pid})', 'gunicorn'],
      ['WARN', 'all {threads_max} worker threads busy; {pool_waiters} requests waiting in the backlog', 'app'],
      ['INFO', 'server started with {key}={value}', 'app'],
    ],
    threads_stuck: [
      ['FATAL', 'WORKER TIMEOUT (pid:{worker_pid})', 'gunicorn'],
      ['WARN', '{threads_busy} of {threads_max} worker threads waiting on a response from {target}', 'app'],
    ],
    timeout: [
      ['ERROR', "requests.exceptions.ReadTimeout: HTTPConnectionPool(host='{target}', port={port}): Read timed out. (read timeout={timeout_s})", 'client'],
      ['WARN', 'slow response from {target}: {ms}ms', 'client'],
    ],
    dns_fail: [['ERROR', "requests.exceptions.ConnectionError: HTTPConnectionPool(host='{target}', port={port}): Failed to resolve '{target}' ([Errno -2] Name or service not known)", 'client']],
    tls_fail: [['ERROR', '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1006) calling {target}', 'client']],
    network_fail: [
      ['ERROR', "requests.exceptions.ConnectionError: HTTPConnectionPool(host='{target}', port={port}): [Errno 113] No route to host", 'client'],
      ['ERROR', "ConnectionResetError: [Errno 104] Connection reset by peer ({target})", 'client'],
    ],
    fd_limit: [['ERROR', 'OSError: [Errno 24] Too many open files', 'app']],
    ports_exhausted: [
      ['ERROR', "requests.exceptions.ConnectionError: HTTPConnectionPool(host='{target}', port={port}): [Errno 99] Cannot assign requested address", 'client'],
      ['WARN', 'HTTP client opened {new_conns} new connections to {target} in the last minute (reused 0)', 'client'],
    ],
    log_volume_full: [
      ['ERROR', "OSError: [Errno 28] No space left on device: '/var/log/app/{svc}.log'", 'logging'],
      ['WARN', 'filesystem /var/log at {disk_pct}% ({disk_free_mb} MB free)', 'app'],
    ],
    oom_killed: [
      ['INFO', 'Starting gunicorn 21.2.0 ({pod}, restart {restarts})', 'gunicorn'],
      ['INFO', 'Listening at: http://0.0.0.0:8080 (1)', 'gunicorn'],
    ],
  },
  config: { 'gunicorn.workers': 4, 'gunicorn.timeout_s': 30, 'sqlalchemy.pool_timeout_s': 30 },
  metric_names: {
    cpu_pct: 'process_cpu_seconds_total',
    memory_pct: 'process_resident_memory_bytes / container_spec_memory_limit_bytes',
    latency_p99_ms: 'flask_http_request_duration_seconds{quantile="0.99"}',
    error_rate_pct: 'flask_http_request_total{status=~"5.."}',
    throughput_rps: 'rate(flask_http_request_total)',
  },
  signatures: ['sqlalchemy', 'requests.exceptions', 'gunicorn', 'WORKER TIMEOUT', '[Errno', 'OSError', '_ssl.c', 'gc: collecting'],
  excludes: ['gc_pressure'],
};
