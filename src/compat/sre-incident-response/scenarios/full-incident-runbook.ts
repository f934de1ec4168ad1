import type { Recovery, SreScenario } from './scenario.js';

export interface RunbookScenario extends SreScenario {
  /** Shown once the cache eviction policy has been fixed. */
  recovery: Recovery;
}

/** full_incident_runbook: Redis hits maxmemory under noeviction; auth retries saturate CPU; mobile logins fail. */
export const RUNBOOK_REDIS_OOM: RunbookScenario = {
  name: 'Full Incident Runbook — Redis OOM Cascade to Login Outage',
  // The original's goal and hint ('Fix Redis OOM cascade.', 'Check maxmemory-policy.') named the cause and the fix.
  goal: 'Restore logins after a company-wide outage: find the cause, fix it in the right order, then write the postmortem.',
  hint: 'Some alerts may not be part of this outage: find what failed first.',
  alerts: [
    'CRITICAL: mobile-api login success rate = 0% — complete login outage',
    'CRITICAL: auth-service CPU > 90% — retry storm causing CPU saturation',
    'CRITICAL: redis memory > 99% — OOM rejecting all write commands',
    'WARNING: api-gateway connection pool at 75% — may be contributing to failures',
    'INFO: payment-service heap memory at 78% — possible memory leak',
    'WARNING: db-primary replication lag 2.3s — replica falling behind',
  ],
  metrics: {
    redis_memory_usage_percent: 99.8,
    auth_cpu_percent: 94.0,
    mobile_login_success_rate: 0.0,
    api_gateway_pool_usage: 75.0,
    payment_heap_percent: 78.0,
  },
  logs: [
    '[2026-04-10 02:00:01 UTC] [redis] CRITICAL: OOM command not allowed when used memory > maxmemory (policy: noeviction)',
    '[2026-04-10 02:00:05 UTC] [redis] WARN: used memory 99.8% (3.99GB/4.00GB), maxmemory-policy noeviction',
    '[2026-04-10 02:00:12 UTC] [redis] ERROR: rejected SET session:* — out of memory',
    '[2026-04-10 02:00:20 UTC] [auth-service] ERROR: failed to write session to cache: OOM',
    '[2026-04-10 02:00:31 UTC] [auth-service] WARN: CPU 94%, retry storm against cache',
    '[2026-04-10 02:00:40 UTC] [auth-service] FATAL: cannot validate tokens',
    '[2026-04-10 02:00:52 UTC] [mobile-api] ERROR: circuit breaker to auth-service OPENED',
    '[2026-04-10 02:01:00 UTC] [monitoring] ALERT: company-wide login success rate 0% — SEV1 declared',
  ],
  recovery: {
    feedback: '',
    metrics: { redis_memory_usage_percent: 72.0 },
  },
};
