import type { FaultKind, FixKind, ServiceKind, Technology } from '../contracts/index.js';
import type { PrngState } from '../lib/index.js';

export type ConfigValue = string | number | boolean;
export type Health = 'healthy' | 'degraded' | 'down';
export type BreakerState = 'closed' | 'open' | 'half_open';

/** Metrics recorded every simulated minute, in this column order. */
export const METRICS = ['cpu_pct', 'memory_pct', 'disk_pct', 'pool_pct', 'latency_p50_ms', 'latency_p99_ms', 'error_rate_pct', 'throughput_rps', 'queue_depth', 'replica_lag_s'] as const;
export type MetricName = (typeof METRICS)[number];
export const METRIC_INDEX: Record<MetricName, number> = Object.fromEntries(METRICS.map((m, i) => [m, i])) as Record<MetricName, number>;

export interface ServiceState {
  name: string;
  kind: ServiceKind;
  /** The software it runs (its technology pack gives its log format, lines, config keys and metric names). */
  technology: Technology;
  public: boolean;
  monitored: boolean;
  replicas: number;
  replicas_up: number;
  version: string;
  /** Versions this service has run, oldest first (rollback targets). */
  versions: string[];
  config: Record<string, ConfigValue>;
  capacity_rps: number;
  base_latency_ms: number;
  memory_limit_mb: number;
  memory_base_mb: number;
  memory_mb: number;
  disk_total_gb: number;
  disk_used_gb: number;
  disk_base_gb: number;
  pool_size: number;
  pool_in_use: number;
  pool_leaked: number;
  base_error_rate: number;
  own_load_rps: number;
  demand_rps: number;
  cpu_pct: number;
  latency_p50_ms: number;
  latency_p99_ms: number;
  error_rate: number;
  throughput_rps: number;
  backlog: number;
  queue_depth: number;
  restarts: number;
  last_oom_minute: number;
  /** Minute the running processes started (restart, rollback, OOM kill). */
  started_at: number;
  /** Seconds a read replica of this datastore trails its primary. */
  replica_lag_s: number;
  health: Health;
  /** kill_query cancels running statements until this minute. */
  statements_cancelled_until: number;
  /** Minute until which half the replicas are restarting. */
  unavailable_until: number;
  /** Minute until which the service is completely down. */
  down_until: number;
  /** Writes this service rejects right now (0..1): a full disk, a full cache without eviction. */
  write_reject: number;
  /** Minute the TLS certificate this service serves stops being valid (what a TLS check reports as not-after). */
  cert_expires_at: number;
  /** Healthy steady-state metric row (METRICS order), measured before the incident. */
  baseline: number[];
  /** Log condition codes of the current minute (`code` or `code:target`; technology packs word them). */
  conditions: string[];
}

export interface EdgeState {
  from: string;
  to: string;
  calls: number;
  timeout_ms: number;
  retries: number;
  breaker: boolean;
  breaker_open_minutes: number;
  fallback: boolean;
  write_fraction: number;
  breaker_state: BreakerState;
  breaker_until: number;
  /** Consecutive minutes the per-attempt failure exceeded the breaker threshold. */
  failing_minutes: number;
  /** Failure probability of one attempt, last minute. */
  attempt_failure: number;
  /** Failure of a call after retries, as the caller sees it. */
  failure: number;
  /** Attempts per call (≥ 1; retries amplify load). */
  attempts: number;
}

export type FaultStatus = 'pending' | 'active' | 'resolved';

export interface FaultState {
  id: string;
  kind: FaultKind;
  service: string;
  onset: number;
  params: Record<string, ConfigValue>;
  trigger: string | null;
  status: FaultStatus;
  /** Minutes the fault has been active (drives growth). */
  age: number;
  /** A temporary fix suppresses the fault until this minute, then it returns. */
  relief_until: number | null;
  resolved_at: number | null;
  relapses: number;
}

export type SimEvent =
  | { minute: number; type: 'fault_active'; fault: string }
  | { minute: number; type: 'fault_resolved'; fault: string; by: string }
  | { minute: number; type: 'fault_relieved'; fault: string; until: number; by: string }
  | { minute: number; type: 'fault_relapsed'; fault: string }
  | { minute: number; type: 'fix'; service: string; fix: FixKind; params: Record<string, ConfigValue>; outcome: FixOutcome; note: string }
  | { minute: number; type: 'oom_kill'; service: string }
  | { minute: number; type: 'breaker'; from: string; to: string; state: BreakerState }
  | { minute: number; type: 'invariant_broken'; service: string; what: string };

export type FixOutcome = 'resolved' | 'relieved' | 'no_effect' | 'harmful' | 'rejected';

export interface DeployRecord {
  service: string;
  version: string;
  previous: string;
  minute: number;
  author: string;
  note: string;
  kind: 'deploy' | 'rollback';
}

export interface ConfigChangeRecord {
  service: string;
  key: string;
  from: ConfigValue;
  to: ConfigValue;
  minute: number;
  author: string;
}

export interface AlertState {
  id: string;
  rule: string;
  service: string;
  severity: 'critical' | 'warning' | 'info';
  title: string;
  description: string;
  fired_at: number;
  resolved_at: number | null;
  acknowledged: boolean;
  /** Error rate and health of the service when the alert fired (for grading triage). */
  fired_error_rate: number;
  fired_health: Health;
}

export interface WorldState {
  v: 1;
  seed: number;
  minute: number;
  rng: PrngState;
  load_rps: number;
  settle_minutes: number;
  onset_date: string;
  onset_time: string;
  services: ServiceState[];
  edges: EdgeState[];
  /** Service indices, callers before callees. */
  order: number[];
  faults: FaultState[];
  deploys: DeployRecord[];
  config_changes: ConfigChangeRecord[];
  alerts: AlertState[];
  /** Minutes each alert rule has held: alert_pending[service index][rule index]. */
  alert_pending: number[][];
  events: SimEvent[];
  /** Per-minute metric rows: history.rows[i][service * METRICS.length + metric] at minute history.start + i. */
  history: { start: number; rows: number[][]; conditions: string[][][] };
  /** Consecutive minutes every service has been within SLO. */
  minutes_in_slo: number;
  /** Alert keys (`rule:service`) that hold in the same system without its faults: pre-existing, unrelated conditions. */
  baseline_alert_keys: string[];
  /** Invariant breaches (scaled to zero, deleted data, …) so far. */
  invariants_broken: string[];
}
