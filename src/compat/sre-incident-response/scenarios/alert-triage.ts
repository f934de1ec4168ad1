import type { SreScenario } from './scenario.js';

const at = (time: string, service: string, text: string) => `[2026-04-10 ${time} UTC] [${service}] ${text}`;

/** alert_triage, variant 0: database CPU saturation cascading to its callers. */
export const ALERT_TRIAGE_DB_CPU: SreScenario = {
  name: 'Alert Triage — Cascading Failures from DB CPU Overload',
  goal: 'Triage 5 alerts and find root cause.',
  // The original's hint, 'Check the database metrics carefully.', pointed at the root cause.
  hint: 'Compare the services\' metrics and logs: find the failure that explains the others.',
  alerts: [
    'CRITICAL: db-primary CPU > 95% — sustained high CPU utilization',
    'CRITICAL: payment-service error rate > 30% — transaction failures',
    'WARNING: auth-service p99 latency > 800ms — authentication slowdown',
    'WARNING: cache-redis miss rate > 60% — cache degradation',
    'INFO: api-gateway 503 rate increasing — downstream impact',
  ],
  metrics: {
    db_cpu_percent: 98.0,
    payment_error_rate: 34.2,
    auth_latency_ms: 890.0,
    cache_miss_rate: 67.0,
    api_gateway_5xx_rate: 28.5,
    db_connection_queue: 847.0,
  },
  logs: [
    at('03:12:01', 'db-primary', 'CRITICAL: CPU at 98.2%, sustained for 12 minutes'),
    at('03:12:03', 'db-primary', "WARN: slow query: SELECT * FROM transactions WHERE status='pending' took 34.7s"),
    at('03:12:05', 'db-primary', 'WARN: connection queue depth 847 (max 1000)'),
    at('03:12:08', 'payment-service', 'ERROR: timeout waiting for db-primary (attempt 1/3)'),
    at('03:12:11', 'payment-service', 'ERROR: timeout waiting for db-primary (attempt 2/3)'),
    at('03:12:14', 'payment-service', 'FATAL: all 3 attempts to reach db-primary failed'),
    at('03:12:16', 'cache-redis', 'WARN: cache miss rate 67%'),
    at('03:12:18', 'auth-service', 'WARN: p99 latency 890ms (SLA 200ms)'),
    at('03:12:20', 'api-gateway', 'ERROR: HTTP 503 from upstream payment-service (unavailable)'),
    at('03:12:22', 'api-gateway', 'WARN: 503 rate 28.5% and climbing'),
  ],
};

/** alert_triage, variant 1: JVM heap exhaustion in auth-service cascading to mobile logins. */
export const ALERT_TRIAGE_AUTH_HEAP: SreScenario = {
  name: 'Alert Triage — Memory Exhaustion Cascade',
  goal:
    'You are an on-call SRE engineer. 5 alerts are firing. You must: (1) Use acknowledge_alert to acknowledge the most critical alert first, ' +
    '(2) Use diagnose to classify each alert as P1/P2/P3 and identify the root cause, (3) Explain the cascading failure pattern.',
  hint: 'Look at which service has the most severe resource metric. That service is the root cause. Use acknowledge_alert and diagnose — not run_query.',
  alerts: [
    'CRITICAL: auth-service heap memory > 99% — JVM OOM imminent',
    'CRITICAL: mobile-api login success rate < 15% — user impact',
    'WARNING: mobile-api circuit breaker OPEN — auth-service blocked',
    'WARNING: api-gateway auth endpoint degraded — downstream impact',
    'INFO: payment-service auth validation failing — token errors',
  ],
  metrics: {
    auth_heap_percent: 99.2,
    auth_gc_overhead_percent: 95.0,
    mobile_login_success_rate: 11.0,
    mobile_api_error_rate: 89.0,
    api_gateway_auth_error_rate: 87.5,
    payment_auth_failure_rate: 34.2,
  },
  logs: [
    at('04:01:01', 'auth-service', 'CRITICAL: heap usage 99.2%, JVM approaching OOM'),
    at('04:01:03', 'auth-service', 'WARN: GC overhead at 95% of CPU time'),
    at('04:01:05', 'auth-service', 'ERROR: java.lang.OutOfMemoryError: Java heap space'),
    at('04:01:08', 'mobile-api', 'ERROR: auth-service returned 503'),
    at('04:01:10', 'mobile-api', 'WARN: login failure rate 89%'),
    at('04:01:12', 'mobile-api', 'ERROR: circuit breaker to auth-service OPEN'),
    at('04:01:15', 'api-gateway', 'WARN: /auth endpoint degraded'),
    at('04:01:17', 'payment-service', 'WARN: auth token validation failing'),
    at('04:01:20', 'monitoring', 'ALERT: login success rate 11%'),
    at('04:01:22', 'monitoring', 'ALERT: auth-service health check FAILING'),
  ],
};
