import { MONTHS, type TechnologyPack } from '../pack.js';

const LEVEL = { DEBUG: 'debug', INFO: 'notice', WARN: 'warn', ERROR: 'error', FATAL: 'crit' } as const;

/**
 * nginx 1.25 as the edge proxy: the error log (`yyyy/mm/dd hh:mm:ss [level] pid#tid: *conn message`) and, for
 * templates whose origin is `access`, the combined access log with request and upstream times.
 */
export const nginx: TechnologyPack = {
  id: 'nginx',
  name: 'nginx 1.25 (OpenResty)',
  kinds: ['gateway'],
  stack: 'c',
  statefulset: false,
  main_pid: 7,
  origin: 'error',
  line_pattern: /^(\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[(debug|info|notice|warn|error|crit)\] \d+#\d+: |[\d.]+ - - \[\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000\] ")/,
  format(l) {
    const s = l.stamp;
    if (l.origin === 'access') {
      const [y, m, d] = s.date.split('-');
      return `{client_ip} - - [${d}/${MONTHS[Number(m) - 1]}/${y}:${s.time} +0000] ${l.message}`;
    }
    return `${s.date.replace(/-/g, '/')} ${s.time} [${LEVEL[l.level]}] ${l.pid + 1 + (l.thread % 4)}#${l.pid + 1 + (l.thread % 4)}: ${l.message}`;
  },
  background: [
    ['INFO', '"GET {path} HTTP/1.1" 200 {bytes} "-" "Mozilla/5.0" rt={p50_s} uct="0.001" urt="{p50_s}"', 'access'],
    ['INFO', '"POST {path} HTTP/1.1" 201 {bytes} "-" "okhttp/4.12.0" rt={p50_s} uct="0.001" urt="{p50_s}"', 'access'],
  ],
  conditions: {
    surge: [['WARN', '"GET {path} HTTP/1.1" 503 197 "-" "Mozilla/5.0" rt={ms_s} uct="-" urt="-"', 'access']],
    overloaded: [['WARN', '"GET {path} HTTP/1.1" 503 197 "-" "Mozilla/5.0" rt={ms_s} uct="-" urt="-"', 'access']],
    cpu_hot: [['WARN', '"GET {path} HTTP/1.1" 200 {bytes} "-" "Mozilla/5.0" rt={ms_s} uct="0.001" urt="{ms_s}"', 'access']],
    restarting: [['INFO', 'signal process started'], ['INFO', 'using the "epoll" event method']],
    down: [['INFO', 'using the "epoll" event method']],
    oom_killed: [['INFO', 'nginx/1.25.4'], ['INFO', 'start worker processes']],
    limit_kill: [['INFO', 'nginx/1.25.4'], ['INFO', 'start worker processes']],
    gc_pressure: [['WARN', '*{conn} an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/{id} while reading upstream, client: {client_ip}, server: _, request: "GET {path} HTTP/1.1"']],
    errors: [['ERROR', '"POST {path} HTTP/1.1" 500 {bytes} "-" "Mozilla/5.0" rt={ms_s} uct="0.001" urt="{ms_s}"', 'access']],
    timeout: [
      ['ERROR', '*{conn} upstream timed out (110: Connection timed out) while reading response header from upstream, client: {client_ip}, server: _, request: "GET {path} HTTP/1.1", upstream: "http://{target_ip}:{port}{path}", host: "{host}"'],
      ['WARN', '"GET {path} HTTP/1.1" 504 167 "-" "Mozilla/5.0" rt={timeout_s} uct="0.001" urt="{timeout_s}"', 'access'],
    ],
    upstream_errors: [['WARN', '"GET {path} HTTP/1.1" 502 157 "-" "Mozilla/5.0" rt={ms_s} uct="0.001" urt="{ms_s}"', 'access']],
    network_fail: [['ERROR', '*{conn} connect() failed (113: No route to host) while connecting to upstream, client: {client_ip}, server: _, request: "GET {path} HTTP/1.1", upstream: "http://{target_ip}:{port}{path}", host: "{host}"']],
    dns_fail: [['ERROR', '*{conn} {target}.prod.svc.cluster.local could not be resolved (3: Host not found), client: {client_ip}, server: _, request: "GET {path} HTTP/1.1", host: "{host}"']],
    tls_fail: [['ERROR', '*{conn} upstream SSL certificate verify error: (10:certificate has expired) while SSL handshaking to upstream, client: {client_ip}, server: _, request: "GET {path} HTTP/1.1", upstream: "https://{target_ip}:443{path}", host: "{host}"']],
    breaker_open: [['WARN', '*{conn} upstream server temporarily disabled while connecting to upstream, client: {client_ip}, server: _, request: "GET {path} HTTP/1.1", upstream: "http://{target_ip}:{port}{path}", host: "{host}"']],
    retrying: [['WARN', '*{conn} upstream prematurely closed connection while reading response header from upstream, client: {client_ip}, server: _, request: "GET {path} HTTP/1.1", upstream: "http://{target_ip}:{port}{path}", host: "{host}"']],
    fallback: [['WARN', '"GET {path} HTTP/1.1" 200 {bytes} "-" "Mozilla/5.0" rt={ms_s} uct="-" urt="-"', 'access']],
    write_rejected: [['WARN', '"POST {path} HTTP/1.1" 502 157 "-" "Mozilla/5.0" rt={ms_s} uct="0.001" urt="{ms_s}"', 'access']],
    threads_busy: [['ERROR', '*{conn} {threads_max} worker_connections are not enough while connecting to upstream, client: {client_ip}, server: _, request: "GET {path} HTTP/1.1"']],
    fd_limit: [['ERROR', 'accept4() failed (24: Too many open files)']],
    fd_high: [['WARN', '*{conn} {fd_open} worker_connections in use of {fd_limit} (worker_rlimit_nofile)']],
    throttled: [
      ['ERROR', '*{conn} limiting requests, excess: {excess} by zone "global", client: {client_ip}, server: _, request: "POST {path} HTTP/1.1", host: "{host}"'],
      ['WARN', '"POST {path} HTTP/1.1" 429 169 "-" "mobile-ios/5.12" rt=0.000 uct="-" urt="-"', 'access'],
    ],
    rule_backtracking: [
      ['WARN', '*{conn} [lua] waf.lua:211: rule 100015 (xss-inline-js) took {ms}ms on POST {path}, client: {client_ip}, server: _'],
      ['ERROR', '*{conn} upstream timed out (110: Connection timed out) while waiting for the WAF phase, client: {client_ip}, server: _, request: "POST {path} HTTP/1.1"'],
      ['INFO', 'waf ruleset {value} loaded: 1204 rules'],
    ],
    hpa_capped: [['WARN', '"GET {path} HTTP/1.1" 503 197 "-" "Mozilla/5.0" rt={ms_s} uct="-" urt="-"', 'access']],
    hpa_scaled_down: [['INFO', 'gracefully shutting down']],
    cpu_contended: [['WARN', '"GET {path} HTTP/1.1" 200 {bytes} "-" "Mozilla/5.0" rt={ms_s} uct="0.001" urt="{ms_s}"', 'access']],
    exception: [['ERROR', '"POST {path} HTTP/1.1" 500 {bytes} "-" "Mozilla/5.0" rt={ms_s} uct="0.001" urt="{ms_s}"', 'access']],
    retransmits: [['ERROR', '*{conn} recv() failed (104: Connection reset by peer) while reading response header from upstream, client: {client_ip}, server: _']],
  },
  config: { worker_processes: 4, worker_connections: 1024, worker_rlimit_nofile: 8192, proxy_read_timeout: '60s', keepalive_timeout: '65s' },
  metric_names: {
    throughput_rps: 'rate(nginx_http_requests_total)',
    error_rate_pct: 'nginx_http_requests_total{status=~"5.."}',
    latency_p99_ms: 'nginx_http_request_duration_seconds{quantile="0.99"}',
    cpu_pct: 'container_cpu_usage_seconds_total',
  },
  signatures: ['worker_connections', 'upstream timed out', 'while connecting to upstream', 'epoll', 'nginx/', 'limiting requests', 'uct="'],
};
