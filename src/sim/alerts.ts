import { digest } from '../lib/index.js';
import { type AlertState, METRIC_INDEX, type ServiceState, type WorldState } from './state.js';
import { serviceIndex } from './world-access.js';

interface AlertRule {
  rule: string;
  severity: AlertState['severity'];
  /** Minutes the condition must hold before the alert fires. */
  for: number;
  /** Minutes the condition must stay clear before a firing alert resolves (default `RESOLVE_MINUTES`). */
  resolve_for?: number;
  when(s: ServiceState, world: WorldState): boolean;
  title(s: ServiceState, world: WorldState): string;
  description(s: ServiceState, world: WorldState): string;
}

const pct = (x: number) => `${(100 * Math.min(1, Math.max(0, x))).toFixed(1)}%`;

/** Minutes a rule's condition must stay clear before its alert resolves (Alertmanager-style resolve window, no flapping). */
export const RESOLVE_MINUTES = 3;

/**
 * Replicas whose readiness probe passes: none while the service is down or restarting them all, otherwise those
 * not failing requests (the probe exercises the same path; a replica failing most requests fails its probe).
 */
export function readyReplicas(s: Pick<ServiceState, 'replicas_up' | 'error_rate'>): number {
  if (s.replicas_up <= 0) return 0;
  return Math.max(0, Math.min(s.replicas_up, Math.round(s.replicas_up * (1 - Math.min(1, Math.max(0, s.error_rate))))));
}

/** Alerting rules over what monitoring scrapes (metrics and health), never over fault state. */
export const ALERT_RULES: AlertRule[] = [
  {
    rule: 'health_check_failing',
    severity: 'critical',
    for: 1,
    when: (s) => s.health === 'down',
    title: (s) => `${s.name} health check failing`,
    description: (s) => `${readyReplicas(s)}/${s.replicas} replicas pass readiness; error rate ${pct(s.error_rate)}.`,
  },
  {
    rule: 'error_rate_high',
    severity: 'critical',
    for: 2,
    when: (s) => s.error_rate >= 0.05,
    title: (s) => `${s.name} error rate ${pct(s.error_rate)} (threshold 5%)`,
    description: (s) => `${s.public ? 'Customer-facing requests' : 'Requests'} to ${s.name} are failing: ${pct(s.error_rate)} of ${s.demand_rps.toFixed(0)} req/s.`,
  },
  {
    rule: 'error_rate_elevated',
    severity: 'warning',
    for: 3,
    when: (s) => s.error_rate >= 0.01 && s.error_rate < 0.05,
    title: (s) => `${s.name} error rate elevated (${pct(s.error_rate)})`,
    description: () => 'Error rate above the 1% SLO for 3 minutes.',
  },
  {
    rule: 'latency_p99_high',
    severity: 'warning',
    for: 2,
    when: (s) => s.latency_p99_ms > (s.baseline[METRIC_INDEX.latency_p99_ms] ?? 1e9) * 3,
    title: (s) => `${s.name} p99 latency ${Math.round(s.latency_p99_ms)} ms`,
    description: (s) => `p99 latency is ${(s.latency_p99_ms / (s.baseline[METRIC_INDEX.latency_p99_ms] ?? 1)).toFixed(1)}× its usual ${Math.round(s.baseline[METRIC_INDEX.latency_p99_ms] ?? 0)} ms.`,
  },
  {
    rule: 'cpu_high',
    severity: 'warning',
    for: 3,
    when: (s) => s.cpu_pct >= 90,
    title: (s) => `${s.name} CPU ${Math.round(s.cpu_pct)}%`,
    description: () => 'CPU above 90% for 3 minutes.',
  },
  {
    rule: 'memory_high',
    severity: 'warning',
    for: 2,
    when: (s) => s.kind !== 'cache' && s.memory_mb >= s.memory_limit_mb * 0.9,
    title: (s) => `${s.name} memory ${Math.round((100 * s.memory_mb) / s.memory_limit_mb)}% of limit`,
    description: (s) => `${Math.round(s.memory_mb)} MiB of ${s.memory_limit_mb} MiB.`,
  },
  {
    rule: 'cache_memory_full',
    severity: 'critical',
    for: 1,
    when: (s) => s.kind === 'cache' && s.memory_mb >= s.memory_limit_mb * 0.98,
    title: (s) => `${s.name} memory ${((100 * s.memory_mb) / s.memory_limit_mb).toFixed(1)}% of maxmemory`,
    description: (s) => `used_memory ${Math.round(s.memory_mb)} MiB, maxmemory ${s.memory_limit_mb} MiB.`,
  },
  {
    rule: 'oom_restarts',
    severity: 'critical',
    for: 1,
    when: (s, w) => s.last_oom_minute > w.minute - 10,
    title: (s) => `${s.name} containers restarting (OOMKilled)`,
    description: (s) => `${s.restarts} restarts so far; last reason OOMKilled.`,
  },
  {
    rule: 'disk_usage_critical',
    severity: 'critical',
    for: 1,
    when: (s) => s.disk_used_gb / s.disk_total_gb >= 0.95,
    title: (s) => `${s.name} volume ${((100 * s.disk_used_gb) / s.disk_total_gb).toFixed(1)}% full`,
    description: (s) => `${s.disk_used_gb.toFixed(0)} GB of ${s.disk_total_gb} GB used on the data volume.`,
  },
  {
    rule: 'disk_usage_high',
    severity: 'warning',
    for: 2,
    when: (s) => s.disk_used_gb / s.disk_total_gb >= 0.85 && s.disk_used_gb / s.disk_total_gb < 0.95,
    title: (s) => `${s.name} volume ${Math.round((100 * s.disk_used_gb) / s.disk_total_gb)}% full`,
    description: () => 'Disk usage above 85%.',
  },
  {
    rule: 'pool_saturated',
    severity: 'critical',
    for: 2,
    when: (s) => s.pool_size * s.replicas_up > 0 && s.pool_in_use / (s.pool_size * s.replicas_up) >= 0.95,
    title: (s) => `${s.name} DB connection pool ${Math.round((100 * s.pool_in_use) / Math.max(1, s.pool_size * s.replicas_up))}% in use`,
    description: (s) => `${Math.round(s.pool_in_use)}/${s.pool_size * s.replicas_up} connections checked out.`,
  },
  {
    rule: 'circuit_breaker_open',
    severity: 'warning',
    for: 1,
    when: (s, w) => w.edges.some((e) => e.from === s.name && e.breaker_state === 'open'),
    title: (s, w) => `${s.name} circuit breaker OPEN → ${w.edges.find((e) => e.from === s.name && e.breaker_state === 'open')?.to ?? '?'}`,
    description: () => 'Calls are failing fast while the breaker is open.',
  },
  {
    rule: 'queue_backlog_high',
    severity: 'warning',
    for: 2,
    when: (s) => s.queue_depth > Math.max(5000, s.demand_rps * 60),
    title: (s) => `${s.name} backlog ${Math.round(s.queue_depth)} messages`,
    description: (s) => `Unconsumed messages exceed one minute of traffic (${Math.round(s.demand_rps)} msg/s) and keep growing.`,
  },
  {
    rule: 'replica_behind',
    severity: 'warning',
    for: 2,
    when: (s) => s.replica_lag_s > 30,
    title: (s) => `${s.name} read replica ${Math.round(s.replica_lag_s)} s behind primary`,
    description: () => 'Replay on the read replica trails the primary by more than 30 s; reads routed to it are stale.',
  },
  {
    rule: 'certificate_expiring',
    severity: 'warning',
    for: 1,
    when: (s, w) => s.cert_expires_at - w.minute < 7 * 1440 && s.cert_expires_at > w.minute,
    title: (s, w) => `${s.name} TLS certificate expires in ${Math.max(0, Math.round((s.cert_expires_at - w.minute) / 1440))} days`,
    description: () => 'Renew before expiry.',
  },
];

const RULE_INDEX = new Map(ALERT_RULES.map((r, i) => [r.rule, i]));

/** `rule:service` keys whose condition holds in the healthy steady state (the counterfactual without faults). */
export function steadyStateAlertKeys(world: WorldState): string[] {
  const keys: string[] = [];
  for (const s of world.services) {
    if (!s.monitored) continue;
    for (const r of ALERT_RULES) if (r.when(s, world)) keys.push(`${r.rule}:${s.name}`);
  }
  return keys;
}

/** The one alert id of a rule on a service: a re-firing alert keeps it. */
export function alertId(seed: number, rule: string, service: string): string {
  return `ALR-${digest(`${seed}:${rule}:${service}`).slice(0, 6)}`;
}

/**
 * Evaluates every rule on every monitored service. `alert_pending[service][rule]` counts minutes the condition has
 * held (positive) or been clear (negative). An alert fires after `for` minutes held, resolves after `resolve_for`
 * minutes clear, and re-fires under the same id (one alert per rule and service).
 */
export function evaluateAlerts(world: WorldState): void {
  const rules = ALERT_RULES.length;
  const known: (AlertState | undefined)[] = new Array(world.services.length * rules);
  for (const a of world.alerts) known[serviceIndex(world, a.service) * rules + (RULE_INDEX.get(a.rule) ?? 0)] = a;
  for (let si = 0; si < world.services.length; si++) {
    const s = world.services[si] as ServiceState;
    if (!s.monitored) continue;
    const pending = (world.alert_pending[si] ??= new Array<number>(rules).fill(0));
    for (let ri = 0; ri < rules; ri++) {
      const r = ALERT_RULES[ri] as AlertRule;
      const existing = known[si * rules + ri];
      const firing = existing !== undefined && existing.resolved_at === null;
      if (r.when(s, world)) {
        const held = Math.max(0, pending[ri] ?? 0) + 1;
        pending[ri] = held;
        if (firing || held < r.for) continue;
        if (existing) {
          existing.resolved_at = null;
          existing.fired_at = world.minute;
          existing.title = r.title(s, world);
          existing.description = r.description(s, world);
        } else {
          world.alerts.push({
            id: alertId(world.seed, r.rule, s.name),
            rule: r.rule,
            service: s.name,
            severity: r.severity,
            title: r.title(s, world),
            description: r.description(s, world),
            fired_at: world.minute,
            resolved_at: null,
            acknowledged: false,
            fired_error_rate: s.error_rate,
            fired_health: s.health,
          });
        }
      } else {
        const clear = Math.max(0, -(pending[ri] ?? 0)) + 1;
        pending[ri] = -clear;
        if (firing && clear >= (r.resolve_for ?? RESOLVE_MINUTES)) existing.resolved_at = world.minute;
      }
    }
  }
}
