import type { ServiceKind } from '../../contracts/index.js';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';
export type Template = readonly [LogLevel, string];

/**
 * Log templates keyed by condition code (the part before ':'). Placeholders: {svc} {target} {version}
 * {n} {ms} {pct} {host} {key} {value} {trace} {lag} {depth}. Lines read like real software output and never name a fault label.
 */
export const CONDITION_TEMPLATES: Record<string, readonly Template[]> = {
  surge: [
    ['WARN', 'request rate {n} req/s is above the autoscaling target ({pct}% of capacity in use)'],
    ['WARN', 'worker pool saturated: 64/64 busy, {n} requests queued'],
    ['ERROR', 'rejected request with 503: admission queue full ({n} waiting)'],
    ['WARN', 'slow request: POST /v1/{svc}/process took {ms}ms'],
  ],
  overloaded: [
    ['WARN', 'request queue wait {ms}ms exceeds budget'],
    ['ERROR', 'shed load: 503 Service Unavailable (queue full)'],
    ['WARN', 'event loop lag {ms}ms'],
  ],
  cpu_hot: [
    ['WARN', 'cpu throttling: {pct}% of periods throttled in the last minute'],
    ['WARN', 'scheduler: runnable threads {n} > cores'],
  ],
  gc_pressure: [
    ['WARN', 'GC pause {ms}ms (G1 Old Generation), heap {pct}% after collection'],
    ['WARN', 'heap usage {pct}% of -Xmx after full GC'],
    ['ERROR', 'java.lang.OutOfMemoryError: Java heap space in request handler thread-{n}'],
    ['WARN', 'allocation stall: waited {ms}ms for free memory'],
  ],
  oom_killed: [
    ['FATAL', 'container {svc} terminated: OOMKilled (exit code 137)'],
    ['ERROR', 'process exited with signal 9 (SIGKILL): memory cgroup out of memory'],
    ['WARN', 'Back-off restarting failed container {svc} in pod {svc}-{host}'],
    ['INFO', 'Starting {svc} {version} (pid {n})'],
  ],
  no_space: [
    ['ERROR', 'could not extend file "base/16384/{n}": No space left on device'],
    ['FATAL', 'could not write to file "pg_wal/xlogtemp.{n}": No space left on device'],
    ['WARN', 'WARNING:  archive command failed with exit code 1: cp: error writing: No space left on device'],
    ['ERROR', 'checkpoint request failed: could not write block {n} of relation base/16384/{n}'],
    ['WARN', 'filesystem /var/lib/postgresql/data at {pct}% (free {n} MB)'],
  ],
  disk_high: [['WARN', 'filesystem /var/lib/data at {pct}% capacity']],
  pool_leak: [
    ['WARN', 'HikariPool-1 - Connection leak detection triggered for conn{n}, stack trace follows'],
    ['WARN', 'connection checked out for {ms}ms without being returned (thread worker-{n})'],
  ],
  pool_exhausted: [
    ['ERROR', 'HikariPool-1 - Connection is not available, request timed out after 30000ms'],
    ['ERROR', 'Timeout waiting for idle object from pool (active={n}, idle=0, waiters={n})'],
    ['WARN', 'connection pool at {pct}% (active={n})'],
  ],
  long_statement: [
    ['INFO', 'LOG:  duration: {ms}.512 ms  statement: SELECT o.*, i.* FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.customer_ref = $1 ORDER BY o.created_at DESC'],
    ['WARN', 'sequential scan on table "orders" ({n} rows) by application "{target}"'],
    ['WARN', 'active backends {n}/500, {n} waiting on I/O'],
    ['WARN', 'LOG:  process {n} still waiting for ShareLock on transaction after {ms}.000 ms'],
  ],
  exception: [
    ['ERROR', "Unhandled exception in OrderSerializer.write: TypeError: Cannot read properties of undefined (reading 'currency')"],
    ['ERROR', '500 Internal Server Error: POST /v1/{svc} (trace {trace})'],
    ['ERROR', 'java.lang.NullPointerException at com.acme.{svc}.Handler.handle(Handler.java:{n})'],
    ['WARN', 'request failed after schema conversion: field "amount" expected number, got string'],
  ],
  config_error: [
    ['ERROR', 'call to {value} failed: 403 Forbidden (check {key})'],
    ['ERROR', 'upstream {value} rejected request: 401 Unauthorized'],
    ['WARN', 'configuration {key}={value} loaded at runtime'],
  ],
  cache_rejects_writes: [
    ['ERROR', "OOM command not allowed when used memory > 'maxmemory'."],
    ['WARN', 'used_memory={n}MB maxmemory={n}MB evicted_keys=0 rejected_writes={n}'],
    ['WARN', 'client id={n} cmd=SET rejected: -OOM'],
  ],
  write_rejected: [
    ['ERROR', 'failed to write to {target}: {reason}'],
    ['WARN', 'write to {target} failed, will retry: {reason}'],
  ],
  tls_fail: [
    ['ERROR', 'x509: certificate has expired or is not yet valid: current time is after NotAfter for {target}'],
    ['ERROR', 'TLS handshake with {target}:443 failed: remote error: bad certificate'],
    ['ERROR', 'SSLHandshakeException: PKIX path validation failed for {target}'],
  ],
  dns_fail: [
    ['ERROR', 'dial tcp: lookup {target}.prod.svc.cluster.local on 10.96.0.10:53: no such host'],
    ['ERROR', 'getaddrinfo ENOTFOUND {target}.prod.svc.cluster.local'],
    ['ERROR', 'dial tcp {value}:8080: i/o timeout calling {target}'],
  ],
  network_fail: [
    ['ERROR', 'dial tcp 10.32.{n}.14:8080: connect: no route to host ({target})'],
    ['ERROR', 'read tcp: connection reset by peer ({target})'],
    ['WARN', 'endpoint {target}-{host} unreachable, removing from load balancer'],
  ],
  timeout: [
    ['ERROR', 'context deadline exceeded calling {target} (timeout {ms}ms)'],
    ['ERROR', 'upstream request timeout: {target}'],
    ['WARN', 'slow response from {target}: {ms}ms'],
  ],
  upstream_errors: [
    ['ERROR', '{target} responded 503 Service Unavailable'],
    ['ERROR', 'call to {target} failed: HTTP 500'],
  ],
  breaker_open: [
    ['WARN', "CircuitBreaker '{target}' is OPEN and does not permit further calls"],
    ['ERROR', 'short-circuited call to {target}: circuit open'],
  ],
  retrying: [
    ['WARN', 'retrying request to {target} (attempt {n}/5) after error'],
    ['WARN', 'retry budget for {target} exhausted'],
  ],
  retry_backlog: [
    ['WARN', 'retry queue for {target} writes: {n} pending, workers busy'],
    ['WARN', 'worker-{n} still retrying write to {target} (attempt 5/5)'],
    ['ERROR', 'request timed out waiting for a free worker ({ms}ms)'],
  ],
  fallback: [['WARN', 'serving degraded response: {target} unavailable, using defaults']],
  restarting: [
    ['WARN', 'Readiness probe failed: HTTP probe failed with statuscode: 503'],
    ['INFO', 'Starting {svc} {version}'],
    ['INFO', 'received SIGTERM, shutting down gracefully'],
  ],
  down: [
    ['ERROR', 'Readiness probe failed: connect: connection refused'],
    ['FATAL', 'database system is shut down; recovery in progress'],
  ],
  errors: [
    ['ERROR', 'request failed: 500 Internal Server Error'],
    ['ERROR', 'unexpected error handling request (trace {trace})'],
  ],
};

/** Background lines by service kind, for minutes and services without trouble. */
export const BACKGROUND_TEMPLATES: Record<ServiceKind, readonly Template[]> = {
  gateway: [
    ['INFO', 'GET /v1/catalog 200 {ms}ms'],
    ['INFO', 'POST /v1/session 200 {ms}ms'],
    ['DEBUG', 'upstream pool: {n} active connections'],
  ],
  api: [
    ['INFO', 'handled request in {ms}ms (trace {trace})'],
    ['DEBUG', 'cache hit ratio 0.9{n}'],
    ['INFO', 'health check ok'],
  ],
  worker: [
    ['INFO', 'processed batch of {n} jobs in {ms}ms'],
    ['DEBUG', 'polling for new work'],
  ],
  database: [
    ['INFO', 'LOG:  checkpoint complete: wrote {n} buffers'],
    ['INFO', 'LOG:  automatic vacuum of table "sessions": index scans: 1'],
  ],
  cache: [
    ['INFO', 'DB saved on disk'],
    ['INFO', 'Background saving terminated with success'],
    ['DEBUG', 'connected clients: {n}'],
  ],
  queue: [['INFO', 'partition lag {n} messages'], ['DEBUG', 'rebalance not needed']],
  storage: [['INFO', 'PUT object {n} 200 {ms}ms'], ['DEBUG', 'compaction finished']],
  external: [['INFO', 'upstream responded 200 in {ms}ms']],
};

/** Harmless warnings that appear now and then on any service (noise). */
export const NOISE_TEMPLATES: readonly Template[] = [
  ['WARN', 'deprecated TLS 1.1 negotiated by client 10.8.{n}.3'],
  ['WARN', 'slow request: GET /admin/reports/export took {ms}ms'],
  ['ERROR', 'request from 203.0.113.{n} rejected: invalid API key'],
  ['WARN', 'retrying S3 upload of metrics batch (attempt 2/3)'],
  ['WARN', 'feature flag service returned stale config, using cached copy'],
];
