import type { Template } from '../pack.js';

/**
 * Lines an application service writes whatever its language: plain messages that each language pack formats
 * in its own logger (logback, pino, slog, Python logging). Language packs override the codes where the runtime
 * speaks for itself (exceptions, garbage collection, thread pools, connection pools, TLS and DNS errors).
 */
export const APP_BACKGROUND: readonly Template[] = [
  ['INFO', 'GET {path} 200 {p50}ms', 'http'],
  ['INFO', 'POST {path} 201 {p50}ms', 'http'],
  ['DEBUG', 'health check ok (uptime {uptime_s}s)', 'health'],
];

/** Harmless warnings an application writes now and then, unrelated to any incident. */
export const APP_NOISE: readonly Template[] = [
  ['WARN', 'client {peer_ip} negotiated deprecated TLS 1.1', 'http'],
  ['WARN', 'slow request: GET /admin/reports/export took {ms}ms', 'http'],
  ['WARN', 'rejected request from {peer_ip}: invalid API key', 'auth'],
  ['WARN', 'feature flag service returned stale config, using cached copy', 'flags'],
];

export const APP_CONDITIONS: Record<string, readonly Template[]> = {
  surge: [
    ['WARN', 'request rate {rps} req/s on this replica set, CPU {cpu}%', 'http'],
    ['ERROR', 'POST {path} 503 {ms}ms: admission queue full ({pool_waiters} waiting)', 'http'],
    ['WARN', 'slow request: POST {path} took {ms}ms', 'http'],
  ],
  overloaded: [
    ['WARN', 'request waited {ms}ms in the accept queue', 'http'],
    ['ERROR', 'GET {path} 503 {ms}ms: shedding load, queue full', 'http'],
  ],
  cpu_hot: [['WARN', 'CPU {cpu}% of the container limit for the last minute', 'metrics']],
  disk_high: [['WARN', 'filesystem /var/log at {disk_pct}% ({disk_free_mb} MB free)', 'disk']],
  no_space: [['ERROR', 'write failed: no space left on device (/var/log, {disk_free_mb} MB free)', 'disk']],
  config_error: [
    ['ERROR', 'call to {value} failed: 403 Forbidden (endpoint from {key})', 'client'],
    ['ERROR', 'upstream {value} rejected request: 401 Unauthorized', 'client'],
    ['INFO', 'configuration {key}={value} loaded at runtime', 'config'],
  ],
  write_rejected: [
    ['ERROR', 'write to {target} failed: {reason}', 'client'],
    ['WARN', 'write to {target} failed, will retry: {reason}', 'client'],
  ],
  network_fail: [
    ['ERROR', 'connect to {target} ({peer_ip}:{port}) failed: no route to host', 'client'],
    ['ERROR', 'read from {target} ({peer_ip}:{port}) failed: connection reset by peer', 'client'],
    ['WARN', 'endpoint {target_pod} ({peer_ip}) unreachable, removed from the load-balancing set', 'client'],
  ],
  timeout: [
    ['ERROR', 'call to {target} timed out after {timeout_ms}ms', 'client'],
    ['WARN', 'slow response from {target}: {ms}ms', 'client'],
  ],
  'timeout@store': [
    ['ERROR', 'request to {target} timed out after {timeout_ms}ms', 'store'],
    ['WARN', 'request to {target} took {ms}ms', 'store'],
  ],
  'upstream_errors@store': [
    ['ERROR', 'request to {target} failed: {store_error}', 'store'],
    ['WARN', 'connection to {target} ({peer_ip}:{port}) lost, reconnecting: {store_error}', 'store'],
  ],
  'retrying@store': [
    ['WARN', 'retrying request to {target} (attempt {attempt}/{max_attempts}): {store_error}', 'store'],
    ['WARN', 'giving up on {target} after {max_attempts} attempts', 'store'],
  ],
  upstream_errors: [
    ['ERROR', '{target} responded 503 Service Unavailable', 'client'],
    ['ERROR', 'call to {target} failed: HTTP 500', 'client'],
  ],
  breaker_open: [
    ['WARN', "circuit breaker '{target}' is OPEN; calls are not permitted", 'resilience'],
    ['ERROR', 'short-circuited call to {target}: circuit open', 'resilience'],
  ],
  retrying: [
    ['WARN', 'retrying request to {target} (attempt {attempt}/{max_attempts}) after error', 'client'],
    ['WARN', 'retry budget for {target} exhausted after {max_attempts} attempts', 'client'],
  ],
  retry_backlog: [
    ['WARN', 'retry queue for {target} writes: {pool_waiters} pending, all {threads_max} workers busy', 'client'],
    ['WARN', 'worker {id} still retrying write to {target} (attempt {max_attempts}/{max_attempts})', 'client'],
    ['ERROR', 'request timed out waiting for a free worker ({ms}ms)', 'http'],
  ],
  fallback: [['WARN', 'serving degraded response: {target} unavailable, using defaults', 'client']],
  restarting: [
    ['INFO', 'starting {svc} {version} on {pod}', 'main'],
    ['INFO', 'received SIGTERM, draining connections', 'main'],
  ],
  down: [['INFO', 'starting {svc} {version} on {pod}', 'main']],
  oom_killed: [
    ['INFO', 'starting {svc} {version} on {pod} (restart {restarts})', 'main'],
    ['INFO', 'listening on 0.0.0.0:8080', 'main'],
  ],
  limit_kill: [
    ['INFO', 'starting {svc} {version} on {pod} (restart {restarts})', 'main'],
    ['INFO', 'container memory limit {value} MiB, working set {mem_mb} MiB', 'main'],
  ],
  errors: [
    ['ERROR', 'POST {path} 500 {ms}ms (trace {trace})', 'http'],
    ['ERROR', 'unexpected error handling request (trace {trace})', 'http'],
  ],
  hpa_capped: [
    ['WARN', 'request queue wait {ms}ms at peak traffic ({rps} req/s on {replicas} replicas)', 'http'],
    ['ERROR', 'GET {path} 503 {ms}ms: upstream overloaded (trace {trace})', 'http'],
  ],
  hpa_scaled_down: [['INFO', 'received SIGTERM, draining connections (replica set scaled to {replicas})', 'main']],
  flagged_path: [
    ['INFO', 'flag {key} evaluated ON (targeting: 100% rollout) for request {trace}', 'flags'],
    ['ERROR', 'POST {path} 500 {ms}ms (trace {trace})', 'http'],
    ['WARN', 'new code path failed, legacy fallback disabled by {key}', 'flags'],
  ],
  miss_storm: [
    ['WARN', 'cache miss ratio on {target} {miss_ratio} over the last minute', 'cache'],
    ['WARN', '{pool_waiters} concurrent loads in flight for key product:{id} (no request coalescing)', 'cache'],
    ['WARN', 'load-through from the database took {ms}ms for key category:{id}', 'cache'],
  ],
  clock_ahead: [
    ['ERROR', 'token validation failed: iat is {skew_s}s in the future', 'auth'],
    ['ERROR', '401 Unauthorized: request signature timestamp outside the 300s window', 'auth'],
    ['INFO', 'token issued for client web-{id} with exp in 3600s', 'auth'],
  ],
  auth_denied: [
    ['ERROR', 'could not obtain a connection to {target}: password authentication failed for user "{svc}_app"', 'db'],
    ['WARN', 'retrying connection to {target} in 2s (attempt {attempt}/{max_attempts}): credentials rejected', 'db'],
    ['INFO', 'loaded database credentials from /var/run/secrets/{target}/password at start-up', 'db'],
  ],
  ports_exhausted: [
    ['ERROR', 'connect to {target} ({peer_ip}:{port}) failed: cannot assign requested address', 'client'],
    ['WARN', 'HTTP client opened {new_conns} new connections to {target} in the last minute (reused 0)', 'client'],
  ],
  new_connections: [['WARN', 'HTTP client opened {new_conns} new connections to {target} in the last minute (reused 0)', 'client']],
  fd_limit: [
    ['ERROR', 'accept failed: too many open files ({fd_open}/{fd_limit})', 'http'],
    ['ERROR', 'connect to {peer_ip}:{port} failed: socket: too many open files', 'client'],
  ],
  fd_high: [['WARN', 'open file descriptors {fd_open} of {fd_limit} ({key}); {close_wait} sockets in CLOSE_WAIT', 'metrics']],
  slow_cache: [
    ['WARN', 'cache call to {target} took {ms}ms (budget 50ms)', 'cache'],
    ['WARN', 'falling back to the database for reads: {target} slow', 'cache'],
  ],
  verbose_logging: [
    ['DEBUG', 'request body for POST {path}: {"items":[{"sku":"{id}","qty":1}],"currency":"EUR"}', 'http'],
    ['DEBUG', 'SQL: select o.id, o.status, o.total from orders o where o.customer_id = ? [binding {id}]', 'db'],
    ['DEBUG', 'response headers for GET {path}: content-type=application/json; content-length={bytes}', 'http'],
  ],
  log_volume_full: [
    ['ERROR', 'failed to write /var/log/app/{svc}.log: no space left on device', 'logging'],
    ['WARN', 'filesystem /var/log at {disk_pct}% ({disk_free_mb} MB free)', 'disk'],
  ],
  cpu_contended: [
    ['WARN', 'cgroup cpu.stat: nr_throttled {throttled} of nr_periods 600 in the last minute; busiest neighbour on node {node}: {target}', 'metrics'],
    ['WARN', 'p99 of GET {path} {ms}ms while the request rate is flat ({rps} req/s)', 'http'],
    ['ERROR', 'request deadline exceeded after {ms}ms while waiting for CPU', 'http'],
  ],
  unbounded_batch: [
    ['INFO', 'batch stage {seq}: 512 tasks, parallelism 32 (no CPU limit set)', 'batch'],
    ['WARN', 'executor heartbeat delayed {ms}ms', 'batch'],
  ],
  retransmits: [
    ['ERROR', 'read from {peer_ip}:{port} timed out after partial response ({bytes} of 65536 bytes)', 'client'],
    ['WARN', 'TCP retransmission timeout to {peer_ip}:{port}', 'client'],
  ],
  consumer_slow: [
    ['WARN', 'batch of 500 records from {target} took {ms}ms to process', 'consumer'],
    ['INFO', 'enrichment lookup for account {id} took {ms}ms', 'consumer'],
  ],
  stale_messages: [
    ['WARN', 'processing message published {age_s}s ago (end-to-end delay above the 60s objective)', 'consumer'],
    ['WARN', 'downstream freshness check failed: newest row is {age_s}s old', 'consumer'],
  ],
  throttled: [
    ['WARN', '429 Too Many Requests: limit {value} req/s exceeded (route POST {path})', 'ratelimit'],
    ['WARN', 'rejected {rejected} requests in the last minute with 429 (limit {value}/s)', 'ratelimit'],
    ['INFO', 'limiter config: {key}={value}', 'ratelimit'],
  ],
  stale_reads: [
    ['ERROR', 'order {id} not found on read replica right after insert (read-your-writes check failed)', 'db'],
    ['ERROR', '409 Conflict: stale read detected for account {id}, retry later', 'http'],
  ],
  long_transaction: [
    ['INFO', 'inventory reconcile: pass {seq} started, locking rows FOR UPDATE in batches of 5000', 'jobs'],
    ['WARN', 'transaction open for {txn_age_s}s in inventory reconcile (idle in transaction)', 'jobs'],
  ],
  threads_busy: [
    ['WARN', 'all {threads_max} request threads busy; {pool_waiters} connections waiting in the accept queue', 'http'],
    ['ERROR', '503 Service Unavailable: no worker thread available within {ms}ms', 'http'],
    ['INFO', 'server started with {key}={value}', 'main'],
  ],
  threads_stuck: [
    ['WARN', '{threads_busy} of {threads_max} request threads waiting on a response from {target}', 'http'],
    ['ERROR', '503 Service Unavailable: no worker thread available', 'http'],
  ],
  exception: [
    ['ERROR', 'POST {path} 500 {ms}ms (trace {trace})', 'http'],
    ['WARN', 'request failed after schema conversion: field "amount" expected number, got string', 'http'],
  ],
  pool_leak: [['WARN', 'connection checked out for {ms}ms without being returned (pool {pool_active}/{pool_size})', 'db']],
  pool_exhausted: [
    ['ERROR', 'timed out after {timeout_ms}ms waiting for a database connection (active={pool_active}, idle={pool_idle}, waiting={pool_waiters})', 'db'],
    ['WARN', 'connection pool at {pool_pct}% (active={pool_active} of {pool_size})', 'db'],
  ],
  gc_pressure: [['WARN', 'memory {mem_mb} MiB of {mem_limit_mb} MiB limit ({mem_pct}%)', 'metrics']],
  gc_thrash: [['WARN', 'memory {mem_mb} MiB of {mem_limit_mb} MiB limit ({mem_pct}%)', 'metrics']],
  tls_fail: [['ERROR', 'TLS handshake with {target}:443 failed: certificate has expired', 'client']],
  dns_fail: [['ERROR', 'lookup {target}.prod.svc.cluster.local: no such host', 'client']],
  provider_down: [
    ['ERROR', 'upstream api.{value}.com responded 503 Service Unavailable (x-request-id {reqid})', 'client'],
    ['WARN', 'call to {value} took {ms}ms', 'client'],
  ],
};
