import type { QueryEntry, Recovery, SreScenario } from './scenario.js';

export interface RootCauseScenario extends SreScenario {
  queries: readonly QueryEntry[];
  noResult: (query: string) => string;
  acknowledgement: string;
  recovery: Recovery;
}

/** Both variants' guidance: the original's named each variant's cause. */
const ROOT_CAUSE_HINT = 'Use run_query to look at what the alerts point to before you diagnose and fix.';
/** After a query that matched nothing. The original listed the variant's own topics (slow queries, deploy…; disk, wal…). */
const QUERY_ADVICE = 'Try the components, errors and changes the alerts and logs mention.';

/** root_cause_diagnosis, variant 0: a deploy introduced a slow query that exhausts the database pool. */
export const ROOT_CAUSE_BAD_DEPLOY: RootCauseScenario = {
  name: 'Root Cause Diagnosis — Bad Deploy and Slow Query',
  goal: 'Investigate payment service 503s.',
  // The original's hint, 'Check what changed recently.', pointed at the cause (the deploy).
  hint: ROOT_CAUSE_HINT,
  alerts: ['CRITICAL: payment-service returning HTTP 503', 'CRITICAL: db-primary connection pool > 95%', 'INFO: Recent deployment v2.4.1'],
  metrics: { payment_success_rate: 0.0, db_connection_pool_usage: 98.0 },
  logs: [
    '[deploy-system] INFO: Deployed payment-service v2.4.1 at 01:23:00 UTC',
    '[db-primary] SLOW QUERY: execution time: 47.3s [introduced in deploy v2.4.1]',
    '[db-primary] WARN: Connection pool at 98% capacity (490/500 connections in use)',
    '[payment-service] FATAL: Could not acquire DB connection (timeout=30s)',
    '[payment-service] ERROR: Retry 3/3 failed, giving up — returning HTTP 503',
  ],
  queries: [
    { triggers: ['slow', 'query', 'queries'], result: '[db-primary] SLOW QUERY: execution time: 47.3s [introduced in deploy v2.4.1]' },
    { triggers: ['pool', 'connection'], result: '[db-primary] WARN: Connection pool at 98% capacity (490/500 connections in use)' },
    { triggers: ['deploy', 'release', 'v2.4.1'], result: '[deploy-system] INFO: Deployed payment-service v2.4.1 at 01:23:00 UTC' },
    { triggers: ['payment'], result: '[payment-service] FATAL: Could not acquire DB connection (timeout=30s)' },
  ],
  noResult: (q) => `No results found for query: '${q}'. ${QUERY_ADVICE}`,
  acknowledgement: 'Alert acknowledged. Payment service is returning HTTP 503. Success rate is 0%. Investigation needed to find root cause.',
  recovery: {
    feedback: 'Fix applied. The offending change is gone, the slow query has stopped and the connection pool is draining.',
    metrics: {
      payment_success_rate: 85.0,
      db_connection_pool_usage: 45.0,
      db_slow_query_count: 0.0,
      payment_latency_p99_ms: 250.0,
      deploy_age_minutes: 0.0,
      db_queue_depth: 12.0,
    },
  },
};

/** root_cause_diagnosis, variant 1: the database volume is full and PostgreSQL went read-only. */
export const ROOT_CAUSE_DISK_FULL: RootCauseScenario = {
  name: 'Root Cause Diagnosis — Disk Space Exhaustion',
  goal: 'Payment service is completely down. Investigate using run_query to find the root cause, then diagnose and apply the correct fix.',
  // The original's hint named the cause ('…investigate disk space, recent errors, and database status').
  hint: ROOT_CAUSE_HINT,
  alerts: [
    'CRITICAL: db-primary disk usage > 99% — write failures imminent',
    'CRITICAL: payment-service returning HTTP 503 — 0% success rate',
    'WARNING: db-primary WAL archiving paused — disk full',
    'WARNING: payment-service transaction failure rate 100%',
    'INFO: db-primary entering read-only emergency mode',
  ],
  metrics: {
    db_disk_usage_percent: 99.1,
    db_write_error_rate: 847.0,
    payment_success_rate: 0.0,
    payment_error_rate: 100.0,
    db_wal_archive_lag_minutes: 127.0,
    db_connection_pool_usage: 45.0,
  },
  logs: [
    '[2026-04-10 02:15:01 UTC] [db-primary] CRITICAL: disk usage 99.1% on /var/lib/postgresql',
    '[2026-04-10 02:15:03 UTC] [db-primary] ERROR: could not extend file: No space left on device',
    '[2026-04-10 02:15:05 UTC] [db-primary] FATAL: WAL write failed, switching to read-only mode',
    '[2026-04-10 02:15:08 UTC] [payment-service] ERROR: INSERT failed: database is in read-only mode',
    '[2026-04-10 02:15:10 UTC] [payment-service] FATAL: cannot process payments',
    '[2026-04-10 02:15:12 UTC] [monitoring] ALERT: 847 database write errors/min',
    '[2026-04-10 02:15:15 UTC] [db-primary] INFO: WAL archiving paused',
    '[2026-04-10 02:15:18 UTC] [payment-service] WARN: retrying transaction (1/3)',
    '[2026-04-10 02:15:21 UTC] [payment-service] WARN: retrying transaction (2/3)',
    '[2026-04-10 02:15:24 UTC] [payment-service] FATAL: all retries exhausted — returning HTTP 503',
  ],
  queries: [
    { triggers: ['disk'], matchQueryInsideKey: true, result: 'df -h shows /var/lib/postgresql at 99.1% (487GB/491GB). WAL logs accumulated: 23GB. Old backups: 31GB.' },
    { triggers: ['disk space'], matchQueryInsideKey: true, result: 'df -h shows /var/lib/postgresql at 99.1% (487GB/491GB). WAL logs accumulated: 23GB. Old backups: 31GB.' },
    { triggers: ['database'], matchQueryInsideKey: true, result: 'PostgreSQL in read-only emergency mode. Last successful write: 02:15:00 UTC. Disk full error since 02:14:58 UTC.' },
    { triggers: ['wal'], matchQueryInsideKey: true, result: 'WAL archive lag: 127 minutes. 847 failed WAL segments. Archive destination: /var/lib/postgresql/archive — FULL.' },
    { triggers: ['payment logs'], matchQueryInsideKey: true, result: 'payment-service: FATAL: Cannot INSERT — database read-only mode. 100% failure rate since 02:15:08 UTC.' },
    { triggers: ['errors'], matchQueryInsideKey: true, result: 'db-primary: 847 write errors/min. Error: could not write to file — No space left on device.' },
  ],
  noResult: () => `No specific results found. ${QUERY_ADVICE}`,
  acknowledgement: 'Alert acknowledged. Payment service is returning HTTP 503 and db-primary is rejecting writes. Investigation needed to find root cause.',
  recovery: {
    feedback: 'Fix applied. Space has been freed on /var/lib/postgresql; writes are succeeding again and payments are recovering.',
    metrics: {
      db_disk_usage_percent: 61.0,
      db_write_error_rate: 0.0,
      payment_success_rate: 97.0,
      payment_error_rate: 1.5,
      db_wal_archive_lag_minutes: 0.0,
      db_connection_pool_usage: 38.0,
    },
  },
};

/** The run_query answer of a scenario, or null when nothing matches. */
export function answerQuery(scenario: RootCauseScenario, query: string): string | null {
  const q = query.toLowerCase();
  for (const entry of scenario.queries) {
    const hit = entry.triggers.some((t) => q.includes(t) || (entry.matchQueryInsideKey === true && q.trim().length > 0 && t.includes(q.trim())));
    if (hit) return entry.result;
  }
  return null;
}
