import { ms3, type TechnologyPack } from '../pack.js';
import { APP_BACKGROUND, APP_CONDITIONS, APP_NOISE } from './app-common.js';

const LEVEL = { DEBUG: 'DEBUG', INFO: ' INFO', WARN: ' WARN', ERROR: 'ERROR', FATAL: 'ERROR' } as const;
const GC_LEVEL = { DEBUG: 'debug', INFO: 'info', WARN: 'info', ERROR: 'info', FATAL: 'info' } as const;

/** Spring Boot's logger column: a class name abbreviated the way logback does (`c.a.checkout.client.UpstreamClient`). */
function logger(origin: string, service: string): string {
  const pkg = service.replace(/[^a-z0-9]/g, '');
  const known: Record<string, string> = {
    http: `c.a.${pkg}.web.RequestLoggingFilter`,
    client: `c.a.${pkg}.client.UpstreamClient`,
    db: 'com.zaxxer.hikari.pool.HikariPool',
    store: `c.a.${pkg}.repository.StoreClient`,
    resilience: 'i.g.r.c.i.CircuitBreakerStateMachine',
    main: `c.a.${pkg}.Application`,
    tomcat: 'o.apache.tomcat.util.net.NioEndpoint',
  };
  const name = known[origin] ?? `c.a.${pkg}.${origin.charAt(0).toUpperCase()}${origin.slice(1)}Service`;
  return name.length > 40 ? name.slice(name.length - 40) : name.padEnd(40);
}

/** Java services on Spring Boot 3 (logback's default console pattern) with HikariCP, Tomcat and G1 GC logging. */
export const jvm: TechnologyPack = {
  id: 'jvm',
  name: 'Java 21 (Spring Boot 3, Tomcat, HikariCP)',
  kinds: ['api', 'worker'],
  stack: 'java',
  statefulset: false,
  main_pid: 1,
  origin: 'main',
  line_pattern: /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (DEBUG| INFO| WARN|ERROR) \d+ --- \[.{15}\] .{40} : |\[\d{4}-\d\d-\d\dT[\d:.]{12}\+0000\]\[\w+\]\[gc\] )/,
  format(l) {
    const { stamp: s } = l;
    if (l.origin === 'gc') return `[${s.date}T${s.time}.${ms3(s.ms)}+0000][${GC_LEVEL[l.level]}][gc] ${l.message}`;
    const thread = `http-nio-8080-exec-${l.thread}`;
    return `${s.date}T${s.time}.${ms3(s.ms)}Z ${LEVEL[l.level]} ${l.pid} --- [${thread.slice(-15).padStart(15)}] ${logger(l.origin, l.service)} : ${l.message}`;
  },
  background: APP_BACKGROUND,
  noise: APP_NOISE,
  conditions: {
    ...APP_CONDITIONS,
    exception: [
      ['ERROR', 'Servlet.service() for servlet [dispatcherServlet] threw exception: java.lang.NullPointerException: Cannot invoke "java.math.BigDecimal.scale()" because "price" is null', 'http'],
      ['ERROR', 'POST {path} 500 {ms}ms (trace {trace})', 'http'],
    ],
    pool_leak: [['WARN', 'HikariPool-1 - Connection leak detection triggered for org.postgresql.jdbc.PgConnection@{hex8} on thread http-nio-8080-exec-{thread}, stack trace follows', 'db']],
    pool_exhausted: [
      ['ERROR', 'HikariPool-1 - Connection is not available, request timed out after {timeout_ms}ms (total={pool_size}, active={pool_active}, idle={pool_idle}, waiting={pool_waiters})', 'db'],
      ['WARN', 'HikariPool-1 - Pool stats (total={pool_size}, active={pool_active}, idle={pool_idle}, waiting={pool_waiters})', 'db'],
    ],
    gc_pressure: [
      ['WARN', 'GC({seq}) Pause Young (Normal) (G1 Evacuation Pause) {heap_before}M->{heap_after}M({mem_limit_mb}M) {gc_ms}ms', 'gc'],
      ['WARN', 'GC({seq}) Pause Young (Concurrent Start) (G1 Humongous Allocation) {heap_before}M->{heap_after}M({mem_limit_mb}M) {gc_ms}ms', 'gc'],
    ],
    gc_thrash: [
      ['WARN', 'GC({seq}) To-space exhausted', 'gc'],
      ['ERROR', 'GC({seq}) Pause Young (Normal) (G1 Evacuation Pause) (Evacuation Failure) {heap_before}M->{heap_after}M({mem_limit_mb}M) {gc_ms}ms', 'gc'],
      ['INFO', 'JVM arguments: {value}', 'main'],
      ['ERROR', 'request timed out after {ms}ms (application threads stopped for GC)', 'http'],
    ],
    threads_busy: [
      ['WARN', 'All threads ({threads_max}) are currently busy, waiting. Increase maxThreads ({threads_max}) or check the servlet status', 'tomcat'],
      ['ERROR', 'java.util.concurrent.RejectedExecutionException: Task rejected from ThreadPoolExecutor[Running, pool size = {threads_max}, active threads = {threads_max}, queued tasks = {pool_waiters}]', 'http'],
      ['INFO', 'server started with {key}={value}', 'main'],
    ],
    threads_stuck: [
      ['WARN', 'All threads ({threads_max}) are currently busy, waiting. Increase maxThreads ({threads_max}) or check the servlet status', 'tomcat'],
      ['WARN', 'thread dump: {threads_busy} of {threads_max} request threads BLOCKED in java.net.SocketInputStream.read (calling {target})', 'http'],
    ],
    timeout: [
      ['ERROR', 'I/O error on POST request for "http://{target}:{port}/v1/{target}": Read timed out; nested exception is java.net.SocketTimeoutException: Read timed out', 'client'],
      ['WARN', 'slow response from {target}: {ms}ms', 'client'],
    ],
    breaker_open: [["WARN", "CircuitBreaker '{target}' is OPEN and does not permit further calls", 'resilience']],
    dns_fail: [['ERROR', 'java.net.UnknownHostException: {target}.prod.svc.cluster.local: Name or service not known', 'client']],
    tls_fail: [['ERROR', 'javax.net.ssl.SSLHandshakeException: PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed (calling {target})', 'client']],
    fd_limit: [
      ['ERROR', 'Socket accept failed: java.io.IOException: Too many open files', 'tomcat'],
      ['ERROR', 'java.net.SocketException: Too many open files (connecting to {peer_ip}:{port})', 'client'],
    ],
    ports_exhausted: [
      ['ERROR', 'java.net.BindException: Cannot assign requested address (connect to {target} {peer_ip}:{port})', 'client'],
      ['WARN', 'HTTP client opened {new_conns} new connections to {target} in the last minute (reused 0)', 'client'],
    ],
    log_volume_full: [
      ['ERROR', 'java.io.IOException: No space left on device at java.base/java.io.FileOutputStream.writeBytes(Native Method)', 'logging'],
      ['WARN', 'filesystem /var/log at {disk_pct}% ({disk_free_mb} MB free)', 'disk'],
    ],
    oom_killed: [
      ['INFO', 'Starting Application v{version} using Java 21.0.2 with PID 1 ({pod}, restart {restarts})', 'main'],
      ['INFO', 'Tomcat started on port 8080 (http) with context path \'/\'', 'main'],
    ],
  },
  config: { 'server.tomcat.accept-count': 100, 'spring.datasource.hikari.connection-timeout': 30000, 'management.endpoints.web.exposure.include': 'health,prometheus' },
  metric_names: {
    cpu_pct: 'process_cpu_usage',
    memory_pct: 'jvm_memory_used_bytes{area="heap"} / jvm_memory_max_bytes',
    pool_pct: 'hikaricp_connections_active / hikaricp_connections_max',
    latency_p99_ms: 'http_server_requests_seconds{quantile="0.99"}',
    error_rate_pct: 'http_server_requests_seconds_count{outcome="SERVER_ERROR"}',
    throughput_rps: 'rate(http_server_requests_seconds_count)',
  },
  signatures: ['HikariPool', 'java.', 'javax.', 'Tomcat', 'G1 ', 'Spring', 'http-nio', 'dispatcherServlet', 'JVM'],
};
