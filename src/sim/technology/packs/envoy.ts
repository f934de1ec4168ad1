import { ms3, type TechnologyPack } from '../pack.js';

const LEVEL = { DEBUG: 'debug', INFO: 'info', WARN: 'warning', ERROR: 'error', FATAL: 'critical' } as const;

/**
 * Envoy 1.29 as the edge proxy: application log (`[yyyy-mm-dd hh:mm:ss.mmm][tid][level][component] message`)
 * and, for templates whose origin is `access`, the default access-log format with response flags
 * (UF upstream connection failure, UT upstream timeout, UO overflow, URX retry limit, UH no healthy upstream, RL rate limited).
 */
export const envoy: TechnologyPack = {
  id: 'envoy',
  name: 'Envoy 1.29',
  kinds: ['gateway'],
  stack: 'c++',
  statefulset: false,
  main_pid: 1,
  origin: 'upstream',
  line_pattern: /^(\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\]\[\d+\]\[\w+\]\[\w+\] |\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\] ")/,
  format(l) {
    const s = l.stamp;
    if (l.origin === 'access') return `[${s.date}T${s.time}.${ms3(s.ms)}Z] ${l.message}`;
    return `[${s.date} ${s.time}.${ms3(s.ms)}][${10 + (l.thread % 8)}][${LEVEL[l.level]}][${l.origin}] ${l.message}`;
  },
  background: [
    ['INFO', '"GET {path} HTTP/1.1" 200 - 0 {bytes} {p50} {p50} "{client_ip}" "Mozilla/5.0" "{reqid}" "{host}" "{target_ip}:{port}"', 'access'],
    ['INFO', '"POST {path} HTTP/2" 201 - 312 {bytes} {p50} {p50} "{client_ip}" "okhttp/4.12.0" "{reqid}" "{host}" "{target_ip}:{port}"', 'access'],
  ],
  conditions: {
    surge: [['WARN', '"GET {path} HTTP/1.1" 503 UO 0 81 0 - "{client_ip}" "Mozilla/5.0" "{reqid}" "{host}" "-"', 'access']],
    overloaded: [['WARN', '"GET {path} HTTP/1.1" 503 UO 0 81 0 - "{client_ip}" "Mozilla/5.0" "{reqid}" "{host}" "-"', 'access']],
    cpu_hot: [['WARN', '"GET {path} HTTP/1.1" 200 - 0 {bytes} {ms} {ms} "{client_ip}" "Mozilla/5.0" "{reqid}" "{host}" "{target_ip}:{port}"', 'access']],
    restarting: [['INFO', 'starting main dispatch loop', 'main'], ['INFO', 'all clusters initialized. initializing init manager', 'upstream']],
    down: [['INFO', 'initializing epoch 0 (base id=0, hot restart version=11.104)', 'main']],
    oom_killed: [['INFO', 'initializing epoch 0 (base id=0, hot restart version=11.104)', 'main'], ['INFO', 'starting main dispatch loop', 'main']],
    limit_kill: [['INFO', 'initializing epoch 0 (base id=0, hot restart version=11.104)', 'main'], ['INFO', 'starting main dispatch loop', 'main']],
    gc_pressure: [['WARN', 'overload manager: envoy.resource_monitors.fixed_heap at {mem_pct}% of max_heap_size_bytes', 'overload']],
    errors: [['ERROR', '"POST {path} HTTP/1.1" 500 - 312 {bytes} {ms} {ms} "{client_ip}" "Mozilla/5.0" "{reqid}" "{host}" "{target_ip}:{port}"', 'access']],
    exception: [['ERROR', '"POST {path} HTTP/1.1" 500 - 312 {bytes} {ms} {ms} "{client_ip}" "Mozilla/5.0" "{reqid}" "{host}" "{target_ip}:{port}"', 'access']],
    timeout: [['ERROR', '"GET {path} HTTP/1.1" 504 UT 0 24 {timeout_ms} - "{client_ip}" "Mozilla/5.0" "{reqid}" "{host}" "{target_ip}:{port}"', 'access']],
    upstream_errors: [['WARN', '"GET {path} HTTP/1.1" 503 - 0 91 {ms} {ms} "{client_ip}" "Mozilla/5.0" "{reqid}" "{host}" "{target_ip}:{port}"', 'access']],
    network_fail: [['ERROR', '"GET {path} HTTP/1.1" 503 UF,URX 0 91 {ms} - "{client_ip}" "Mozilla/5.0" "{reqid}" "{host}" "{target_ip}:{port}"', 'access']],
    dns_fail: [['WARN', 'DNS resolution for {target}.prod.svc.cluster.local failed with c-ares status 4', 'dns'], ['ERROR', '"GET {path} HTTP/1.1" 503 UH 0 19 0 - "{client_ip}" "Mozilla/5.0" "{reqid}" "{host}" "-"', 'access']],
    tls_fail: [['ERROR', '"GET {path} HTTP/1.1" 503 UF 0 191 {ms} - "{client_ip}" "Mozilla/5.0" "{reqid}" "{host}" "{target_ip}:443"', 'access'], ['WARN', 'TLS error: 268436501:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED', 'connection']],
    breaker_open: [['WARN', '"GET {path} HTTP/1.1" 503 UO 0 81 0 - "{client_ip}" "Mozilla/5.0" "{reqid}" "{host}" "-"', 'access']],
    retrying: [['WARN', '"GET {path} HTTP/1.1" 503 URX 0 91 {ms} {ms} "{client_ip}" "Mozilla/5.0" "{reqid}" "{host}" "{target_ip}:{port}"', 'access']],
    fallback: [['WARN', '"GET {path} HTTP/1.1" 200 - 0 {bytes} {ms} - "{client_ip}" "Mozilla/5.0" "{reqid}" "{host}" "-"', 'access']],
    write_rejected: [['WARN', '"POST {path} HTTP/1.1" 502 - 312 87 {ms} {ms} "{client_ip}" "Mozilla/5.0" "{reqid}" "{host}" "{target_ip}:{port}"', 'access']],
    threads_busy: [['WARN', '"GET {path} HTTP/1.1" 503 UO 0 81 0 - "{client_ip}" "Mozilla/5.0" "{reqid}" "{host}" "-"', 'access'], ['WARN', 'overload manager: envoy.resource_monitors.downstream_connections at {threads_max} of {threads_max}', 'overload']],
    fd_limit: [['WARN', 'accept failed: Too many open files (24)', 'connection']],
    fd_high: [['WARN', 'overload manager: envoy.resource_monitors.global_downstream_max_connections {fd_open} of {fd_limit}', 'overload']],
    throttled: [['WARN', '"POST {path} HTTP/1.1" 429 RL 0 18 0 - "{client_ip}" "mobile-ios/5.12" "{reqid}" "{host}" "-"', 'access']],
    rule_backtracking: [
      ['WARN', 'wasm log waf: rule 100015 (xss-inline-js) took {ms}ms on POST {path}', 'wasm'],
      ['ERROR', '"POST {path} HTTP/1.1" 504 UT 312 24 {ms} - "{client_ip}" "Mozilla/5.0" "{reqid}" "{host}" "-"', 'access'],
      ['INFO', 'waf ruleset {value} loaded: 1204 rules', 'wasm'],
    ],
    hpa_capped: [['WARN', '"GET {path} HTTP/1.1" 503 UO 0 81 0 - "{client_ip}" "Mozilla/5.0" "{reqid}" "{host}" "-"', 'access']],
    hpa_scaled_down: [['INFO', 'shutting down server instance', 'main']],
    cpu_contended: [['WARN', '"GET {path} HTTP/1.1" 200 - 0 {bytes} {ms} {ms} "{client_ip}" "Mozilla/5.0" "{reqid}" "{host}" "{target_ip}:{port}"', 'access']],
    retransmits: [['WARN', '"GET {path} HTTP/1.1" 503 UC 0 95 {ms} - "{client_ip}" "Mozilla/5.0" "{reqid}" "{host}" "{target_ip}:{port}"', 'access']],
  },
  config: { 'overload.max_heap_size_bytes': 1073741824, 'cluster.connect_timeout': '1s', 'route.timeout': '15s', 'circuit_breakers.max_connections': 1024 },
  metric_names: {
    throughput_rps: 'rate(envoy_http_downstream_rq_total)',
    error_rate_pct: 'envoy_http_downstream_rq_xx{envoy_response_code_class="5"}',
    latency_p99_ms: 'envoy_http_downstream_rq_time{quantile="0.99"}',
    cpu_pct: 'container_cpu_usage_seconds_total',
  },
  signatures: ['"HTTP/1.1" 5', 'URX', 'initializing epoch', 'main dispatch loop', 'overload manager', 'c-ares', 'OPENSSL_internal'],
};
