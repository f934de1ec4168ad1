import { ms3, type TechnologyPack } from '../pack.js';

/**
 * A third-party API (card processor, SMS, maps…). Its own logs are not ours to read: what an operator sees is the
 * egress proxy's access log for calls to it (Envoy format, the provider's host name as authority) and its status page.
 */
export const provider: TechnologyPack = {
  id: 'provider',
  name: 'external API (seen through the egress proxy)',
  kinds: ['external'],
  stack: 'external',
  statefulset: false,
  main_pid: 1,
  origin: 'egress',
  line_pattern: /^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\] (egress "|status\.)/,
  format(l) {
    const s = l.stamp;
    if (l.origin === 'status') return `[${s.date}T${s.time}.${ms3(s.ms)}Z] status.{provider_host}: ${l.message}`;
    return `[${s.date}T${s.time}.${ms3(s.ms)}Z] egress ${l.message}`;
  },
  background: [
    ['INFO', '"POST /v1/{api_path} HTTP/2" 200 - 412 {bytes} {p50} {p50} "{peer_ip}" "{caller}" "{reqid}" "api.{provider_host}" "{target_ip}:443"'],
    ['INFO', '"GET /v1/{api_path}/status HTTP/2" 200 - 0 88 {p50} {p50} "{peer_ip}" "{caller}" "{reqid}" "api.{provider_host}" "{target_ip}:443"'],
  ],
  conditions: {
    provider_down: [
      ['ERROR', '"POST /v1/{api_path} HTTP/2" 503 - 412 91 {ms} {ms} "{peer_ip}" "{caller}" "{reqid}" "api.{value}.com" "{target_ip}:443"'],
      ['ERROR', '"POST /v1/{api_path} HTTP/2" 502 - 412 87 {ms} {ms} "{peer_ip}" "{caller}" "{reqid}" "api.{value}.com" "{target_ip}:443"'],
      ['WARN', 'Elevated error rates on the API (investigating)', 'status'],
    ],
    overloaded: [['WARN', '"POST /v1/{api_path} HTTP/2" 429 - 412 64 {ms} {ms} "{peer_ip}" "{caller}" "{reqid}" "api.{provider_host}" "{target_ip}:443"']],
    errors: [['ERROR', '"POST /v1/{api_path} HTTP/2" 500 - 412 91 {ms} {ms} "{peer_ip}" "{caller}" "{reqid}" "api.{provider_host}" "{target_ip}:443"']],
    retransmits: [['WARN', '"POST /v1/{api_path} HTTP/2" 503 UC 412 95 {ms} - "{peer_ip}" "{caller}" "{reqid}" "api.{provider_host}" "{target_ip}:443"']],
    cpu_hot: [['WARN', '"POST /v1/{api_path} HTTP/2" 200 - 412 {bytes} {ms} {ms} "{peer_ip}" "{caller}" "{reqid}" "api.{provider_host}" "{target_ip}:443"']],
  },
  config: { 'egress.timeout': '10s', 'egress.max_retries': 1 },
  metric_names: {
    throughput_rps: 'rate(envoy_cluster_upstream_rq_total{cluster="egress"})',
    error_rate_pct: 'envoy_cluster_upstream_rq_xx{envoy_response_code_class="5"}',
    latency_p99_ms: 'envoy_cluster_upstream_rq_time{quantile="0.99"}',
  },
  signatures: ['egress "', 'status.'],
};
