/** What active faults do to one service during one simulated minute. Combined additively / multiplicatively. */
export interface Effects {
  cpu_extra: number;
  /** Scales the CPU that request work burns (< 1 when requests wait on locks or threads instead of computing). */
  cpu_scale: number;
  capacity_factor: number;
  latency_extra_ms: number;
  /** Own failure fraction, combined as 1 − Π(1 − x). */
  error_rate: number;
  /** Fraction of this service's callers' attempts that fail to connect. */
  unreachable: number;
  unreachable_reason: 'tls' | 'dns' | 'network' | null;
  memory_growth_mb: number;
  disk_growth_gb: number;
  pool_leak: number;
  demand_factor: number;
  /** Multiplies the load this service sends to `amplify_target`. */
  amplification: number;
  amplify_target: string | null;
  /** Messages waiting beyond what the queue's own load explains (consumers falling behind). */
  queue_depth: number;
  /** Seconds a read replica trails the primary. */
  replica_lag_s: number;
  conditions: string[];
}

export function noEffects(): Effects {
  return {
    cpu_extra: 0,
    cpu_scale: 1,
    capacity_factor: 1,
    latency_extra_ms: 0,
    error_rate: 0,
    unreachable: 0,
    unreachable_reason: null,
    memory_growth_mb: 0,
    disk_growth_gb: 0,
    pool_leak: 0,
    demand_factor: 1,
    amplification: 1,
    amplify_target: null,
    queue_depth: 0,
    replica_lag_s: 0,
    conditions: [],
  };
}

export function addEffects(into: Effects, e: Partial<Effects>): void {
  if (e.cpu_extra) into.cpu_extra += e.cpu_extra;
  if (e.cpu_scale !== undefined) into.cpu_scale *= e.cpu_scale;
  if (e.capacity_factor !== undefined) into.capacity_factor *= e.capacity_factor;
  if (e.latency_extra_ms) into.latency_extra_ms += e.latency_extra_ms;
  if (e.error_rate) into.error_rate = 1 - (1 - into.error_rate) * (1 - e.error_rate);
  if (e.unreachable !== undefined && e.unreachable > into.unreachable) {
    into.unreachable = e.unreachable;
    into.unreachable_reason = e.unreachable_reason ?? into.unreachable_reason;
  }
  if (e.memory_growth_mb) into.memory_growth_mb += e.memory_growth_mb;
  if (e.disk_growth_gb) into.disk_growth_gb += e.disk_growth_gb;
  if (e.pool_leak) into.pool_leak += e.pool_leak;
  if (e.demand_factor !== undefined) into.demand_factor *= e.demand_factor;
  if (e.amplification !== undefined && e.amplification > into.amplification) {
    into.amplification = e.amplification;
    into.amplify_target = e.amplify_target ?? into.amplify_target;
  }
  if (e.queue_depth) into.queue_depth += e.queue_depth;
  if (e.replica_lag_s !== undefined && e.replica_lag_s > into.replica_lag_s) into.replica_lag_s = e.replica_lag_s;
  if (e.conditions) into.conditions.push(...e.conditions);
}
