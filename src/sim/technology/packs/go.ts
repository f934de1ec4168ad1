import { ms3, type TechnologyPack } from '../pack.js';
import { APP_BACKGROUND, APP_CONDITIONS, APP_NOISE } from './app-common.js';

/** Go services logging with log/slog's TextHandler (logfmt); the runtime writes gctrace and panics to stderr. */
export const go: TechnologyPack = {
  id: 'go',
  name: 'Go 1.22 (net/http, log/slog)',
  kinds: ['api', 'worker'],
  stack: 'go',
  statefulset: false,
  main_pid: 1,
  origin: 'app',
  line_pattern: /^(time=\S+ level=(DEBUG|INFO|WARN|ERROR) msg=|gc \d+ @\d+\.\d+s |http: )/,
  format(l) {
    if (l.origin === 'stderr') return l.message;
    const s = l.stamp;
    return `time=${s.date}T${s.time}.${ms3(s.ms)}Z level=${l.level === 'FATAL' ? 'ERROR' : l.level} msg=${JSON.stringify(l.message)} component=${l.origin}`;
  },
  background: APP_BACKGROUND,
  noise: APP_NOISE,
  conditions: {
    ...APP_CONDITIONS,
    exception: [
      ['ERROR', 'http: panic serving {peer_ip}:{client_port}: runtime error: invalid memory address or nil pointer dereference', 'stderr'],
      ['ERROR', 'POST {path} 500 {ms}ms (trace {trace})', 'http'],
    ],
    pool_exhausted: [
      ['ERROR', 'query failed: failed to acquire connection: context deadline exceeded (pool max_conns={pool_size}, acquired={pool_active})', 'db'],
      ['WARN', 'connection pool at {pool_pct}% (acquired={pool_active}, idle={pool_idle}, max={pool_size})', 'db'],
    ],
    gc_pressure: [['WARN', 'gc {seq} @{uptime_s}.{ms_frac}s 18%: 0.11+{gc_ms}+0.09 ms clock, 0.9+2.1/88/31+0.7 ms cpu, {heap_before}->{heap_before}->{heap_after} MB, {mem_limit_mb} MB goal, 0 MB stacks, 0 MB globals, 8 P', 'stderr']],
    gc_thrash: [['WARN', 'gc {seq} @{uptime_s}.{ms_frac}s 31%: 0.12+{gc_ms}+0.10 ms clock, 0.9+2.1/88/31+0.7 ms cpu, {heap_before}->{heap_before}->{heap_after} MB, {mem_limit_mb} MB goal, 0 MB stacks, 0 MB globals, 8 P', 'stderr']],
    timeout: [
      ['ERROR', 'Post "http://{target}:{port}/v1/{target}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)', 'client'],
      ['WARN', 'slow response from {target}: {ms}ms', 'client'],
    ],
    breaker_open: [['WARN', 'call to {target} rejected: circuit breaker is open', 'resilience']],
    dns_fail: [['ERROR', 'dial tcp: lookup {target}.prod.svc.cluster.local on 10.96.0.10:53: no such host', 'client']],
    tls_fail: [['ERROR', 'Get "https://{target}:443/": tls: failed to verify certificate: x509: certificate has expired or is not yet valid', 'client']],
    network_fail: [
      ['ERROR', 'dial tcp {peer_ip}:{port}: connect: no route to host ({target})', 'client'],
      ['ERROR', 'read tcp {ip}:{client_port}->{peer_ip}:{port}: read: connection reset by peer', 'client'],
    ],
    fd_limit: [
      ['ERROR', 'http: Accept error: accept tcp [::]:8080: accept4: too many open files; retrying in 5ms', 'stderr'],
      ['ERROR', 'dial tcp {peer_ip}:{port}: socket: too many open files', 'client'],
    ],
    ports_exhausted: [
      ['ERROR', 'dial tcp {peer_ip}:{port}: connect: cannot assign requested address ({target})', 'client'],
      ['WARN', 'HTTP client opened {new_conns} new connections to {target} in the last minute (reused 0)', 'client'],
    ],
    retransmits: [
      ['ERROR', 'read tcp {ip}:{client_port}->{peer_ip}:{port}: i/o timeout', 'client'],
      ['WARN', 'TCP retransmission timeout to {peer_ip}:{port}', 'client'],
    ],
  },
  config: { GOMAXPROCS: 4, GOMEMLIMIT: '1800MiB', 'http.read_timeout': '15s' },
  metric_names: {
    cpu_pct: 'process_cpu_seconds_total',
    memory_pct: 'go_memstats_heap_inuse_bytes / GOMEMLIMIT',
    latency_p99_ms: 'http_server_request_duration_seconds{quantile="0.99"}',
    error_rate_pct: 'http_server_requests_total{code=~"5.."}',
    throughput_rps: 'rate(http_server_requests_total)',
  },
  signatures: ['level=', 'http: panic serving', 'context deadline exceeded', 'dial tcp', 'MB goal', 'x509:', 'http: Accept error'],
  excludes: ['gc_pressure', 'thread_pool_exhaustion'],
};
