import type { TechnologyPack } from '../pack.js';
import { APP_BACKGROUND, APP_CONDITIONS, APP_NOISE } from './app-common.js';

const PINO_LEVEL = { DEBUG: 20, INFO: 30, WARN: 40, ERROR: 50, FATAL: 60 } as const;

/** Node.js services logging with pino (newline-delimited JSON); V8 writes its heap diagnostics to stderr as plain text. */
export const node: TechnologyPack = {
  id: 'node',
  name: 'Node.js 20 (Fastify, pino)',
  kinds: ['api', 'worker'],
  stack: 'javascript',
  statefulset: false,
  main_pid: 1,
  origin: 'app',
  line_pattern: /^(\{"level":\d\d,"time":\d{13},"pid":\d+,"hostname":"[a-z0-9-]+","msg":|\[1:0x[0-9a-f]{8}\] \d+ ms: )/,
  format(l) {
    if (l.origin === 'stderr') return l.message;
    return `{"level":${PINO_LEVEL[l.level]},"time":${l.stamp.epoch_ms},"pid":${l.pid},"hostname":"${l.pod}","msg":${JSON.stringify(l.message)}}`;
  },
  background: APP_BACKGROUND,
  noise: APP_NOISE,
  conditions: {
    ...APP_CONDITIONS,
    exception: [
      ['ERROR', "TypeError: Cannot read properties of undefined (reading 'currency') at serializeOrder (/app/dist/orders/serialize.js:{line}:{col})", 'app'],
      ['ERROR', 'POST {path} 500 {ms}ms (trace {trace})', 'http'],
    ],
    pool_exhausted: [
      ['ERROR', 'KnexTimeoutError: Knex: Timeout acquiring a connection. The pool is probably full. Are you missing a .transacting(trx) call?', 'db'],
      ['WARN', 'connection pool at {pool_pct}% (used={pool_active}, free={pool_idle}, pendingAcquires={pool_waiters})', 'db'],
    ],
    pool_leak: [['WARN', 'connection held for {ms}ms without release (pool used={pool_active} of max={pool_size})', 'db']],
    gc_pressure: [
      ['WARN', '[1:0x{hex8}] {uptime_ms} ms: Mark-Compact {heap_before} ({mem_limit_mb}) -> {heap_after} ({mem_limit_mb}) MB, {gc_ms} / 0.0 ms  (average mu = 0.21, current mu = 0.08) allocation failure; scavenge might not succeed', 'stderr'],
      ['WARN', 'event loop lag {ms}ms (heap used {mem_mb} MiB)', 'app'],
    ],
    gc_thrash: [['WARN', '[1:0x{hex8}] {uptime_ms} ms: Mark-Compact {heap_before} ({mem_limit_mb}) -> {heap_after} ({mem_limit_mb}) MB, {gc_ms} / 0.0 ms  (average mu = 0.14, current mu = 0.03) allocation failure', 'stderr']],
    overloaded: [
      ['WARN', 'event loop lag {ms}ms', 'app'],
      ['ERROR', 'GET {path} 503 {ms}ms: shedding load (under-pressure: event loop delay)', 'http'],
    ],
    timeout: [
      ['ERROR', 'request to http://{target}:{port}/v1/{target} failed, reason: The operation was aborted due to timeout ({timeout_ms}ms)', 'client'],
      ['WARN', 'slow response from {target}: {ms}ms', 'client'],
    ],
    breaker_open: [['WARN', 'Breaker is open (EOPENBREAKER) for {target}', 'resilience']],
    dns_fail: [['ERROR', 'getaddrinfo ENOTFOUND {target}.prod.svc.cluster.local', 'client']],
    tls_fail: [['ERROR', 'request to https://{target}:443 failed, reason: certificate has expired (CERT_HAS_EXPIRED)', 'client']],
    network_fail: [
      ['ERROR', 'connect EHOSTUNREACH {peer_ip}:{port} ({target})', 'client'],
      ['ERROR', 'read ECONNRESET ({target} {peer_ip}:{port})', 'client'],
    ],
    fd_limit: [
      ['ERROR', "EMFILE: too many open files, open '/etc/ssl/certs/ca-certificates.crt'", 'app'],
      ['ERROR', 'connect EMFILE {peer_ip}:{port} - Local (undefined:undefined)', 'client'],
    ],
    ports_exhausted: [
      ['ERROR', 'connect EADDRNOTAVAIL {peer_ip}:{port} - Local (0.0.0.0:0) ({target})', 'client'],
      ['WARN', 'HTTP client opened {new_conns} new connections to {target} in the last minute (reused 0)', 'client'],
    ],
    log_volume_full: [
      ['ERROR', "ENOSPC: no space left on device, write '/var/log/app/{svc}.log'", 'app'],
      ['WARN', 'filesystem /var/log at {disk_pct}% ({disk_free_mb} MB free)', 'disk'],
    ],
  },
  config: { 'node.max_old_space_size_mb': 1536, 'http.keep_alive_timeout_ms': 72000, 'UV_THREADPOOL_SIZE': 4 },
  metric_names: {
    cpu_pct: 'process_cpu_seconds_total',
    memory_pct: 'nodejs_heap_size_used_bytes / nodejs_heap_size_total_bytes',
    latency_p99_ms: 'http_request_duration_seconds{quantile="0.99"}',
    error_rate_pct: 'http_requests_total{status=~"5.."}',
    throughput_rps: 'rate(http_requests_total)',
  },
  signatures: ['"hostname":', 'EOPENBREAKER', 'ENOTFOUND', 'CERT_HAS_EXPIRED', 'Knex', 'Mark-Compact', 'TypeError:', 'EMFILE', 'ENOSPC', 'EADDRNOTAVAIL', 'ECONNRESET', 'EHOSTUNREACH'],
  excludes: ['gc_pressure', 'thread_pool_exhaustion'],
};
