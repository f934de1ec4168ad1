import { fnv1a, mix, unit } from '../lib/index.js';
import { evaluateAlerts } from './alerts.js';
import { SLO } from './defaults.js';
import { addEffects, type Effects, noEffects } from './effects.js';
import { FAULT_MODELS } from './faults/index.js';
import { RETRY_KEY } from './faults/retry-storm.js';
import { EVICTION_KEY } from './faults/cache-eviction-oom.js';
import { METRIC_INDEX, type ServiceState, type WorldState } from './state.js';
import { edgesOut, edgeTargets, serviceIndex } from './world-access.js';
import { retryAttempts } from './baseline-config.js';

const HISTORY_ROWS = 180;
const LN2 = Math.LN2;
const MS_PER_SECOND = 1000;
const SECONDS_PER_MINUTE = 60;

/**
 * The world model's tuning constants, in one place. Utilisation `rho` is demand / capacity; fractions are in
 * [0, 1]; latencies in ms; "× base" means a multiple of the service's healthy base latency.
 */
export const MODEL = {
  load: {
    /** Public traffic swings by ±4% over a period of 2π·9 minutes… */
    wobbleAmplitude: 0.04,
    wobblePeriodMinutes: 9,
    /** …plus ±1% of per-minute noise. */
    noiseAmplitude: 0.02,
  },
  resources: {
    /** A cache with an evicting policy fills to 95% of its memory limit and stays there. */
    evictingCacheCeiling: 0.95,
    /** A cache's fill per minute, as a fraction of its memory limit. */
    cacheFillPerMinute: 0.035,
    /** A cache without eviction rejects writes from 99% of its memory limit. */
    cacheRejectsAt: 0.99,
    /** Memory above this fraction of the limit means garbage-collection pressure (and latency). */
    gcPressureAt: 0.85,
    /** A disk this full rejects writes; from `diskHighAt` it warns. */
    diskFullAt: 0.99,
    diskHighAt: 0.85,
  },
  capacity: {
    /** The most CPU (%) a fault can take away from request handling. */
    maxReservedCpuPct: 95,
    /** Utilisation assumed when a service with demand has no capacity at all. */
    rhoWithoutCapacity: 10,
  },
  errors: {
    /** Minute-to-minute jitter of the base error rate: ±25% at 0.5. */
    baseErrorJitter: 0.5,
    /** Share of a service's own requests that fail when it rejects all writes. */
    writeRejectErrorShare: 0.3,
    /** Error rate at or above which a service counts as down. */
    downAt: 0.9,
    /** Error rate above which an `errors` log condition appears. */
    loggedAt: 0.05,
  },
  latency: {
    /** Queueing: latency = base × 0.6 / (1 − min(rho, 0.96)). */
    idleFactor: 0.6,
    maxQueueingRho: 0.96,
    /** Beyond saturation: + base × 20 per unit of rho over 1, counting at most 2 units. */
    overloadPerRho: 20,
    maxOverloadRho: 2,
    /** Garbage collection: up to + base × 8, ramping over the last 15% of the memory limit. */
    gcMax: 8,
    gcRampSpan: 0.15,
    /** Rejected writes: + base × 60 at full rejection (callers wait on failing writes). */
    writeReject: 60,
    /** A call to an unreachable dependency fails fast, after this many ms. */
    unreachableFastFailMs: 25,
    /** p99 = p50 × (3.2 + 2 × min(rho, 1)), and at least the longest timeout chain. */
    p99BaseRatio: 3.2,
    p99LoadRatio: 2,
    /** Timeout chains count in p99 once a timeout is this likely. */
    timeoutChainAt: 0.01,
    /** Waiting for a database connection adds up to this many ms. */
    poolWaitMs: 1000,
  },
  dependencies: {
    /** A fallback edge logs `fallback` once calls fail this often. */
    fallbackLoggedAt: 0.2,
    /** Log conditions a caller shows for a dependency: unreachable, timing out, rejecting writes, erroring, retried. */
    unreachableLoggedAt: 0.01,
    timeoutLoggedAt: 0.05,
    writeRejectLoggedAt: 0.01,
    upstreamErrorsLoggedAt: 0.05,
    retryingLoggedAt: 1.4,
  },
  pool: {
    /** A connection pool this full logs `pool_exhausted`. */
    exhaustedAt: 0.95,
  },
  cpu: {
    /** CPU = reserved + (100 − reserved) × min(1, 0.04 + 0.9 × rho) × the fault's scale. */
    idle: 0.04,
    perRho: 0.9,
    /** CPU (%) from which a service logs `cpu_hot`. */
    hotPct: 90,
  },
  faults: {
    /** A fault triggered by another latches once its trigger has been active this many minutes. */
    latchAfterMinutes: 2,
    /** Minutes half the replicas are down after an out-of-memory kill. */
    oomRestartMinutes: 1,
  },
  breaker: {
    /** A closed breaker opens after 2 consecutive minutes of more than 50% failed attempts, and closes again
     * after its open period once attempts fail less than 50% of the time. */
    failureThreshold: 0.5,
    minutesToOpen: 2,
  },
} as const;

/** Appends the metric row of a service (METRICS order) to `into` and returns it. */
export function metricRow(s: ServiceState, into: number[] = []): number[] {
  const poolCap = Math.max(1, s.pool_size * Math.max(1, s.replicas_up));
  into.push(
    s.cpu_pct,
    (100 * s.memory_mb) / s.memory_limit_mb,
    (100 * s.disk_used_gb) / s.disk_total_gb,
    (100 * s.pool_in_use) / poolCap,
    s.latency_p50_ms,
    s.latency_p99_ms,
    100 * s.error_rate,
    s.throughput_rps,
    s.queue_depth,
    s.replica_lag_s,
  );
  return into;
}

/** Advances the world one simulated minute. */
export function tick(world: WorldState): void {
  world.minute += 1;
  evaluate(world, true);
  record(world);
  evaluateAlerts(world);
}

/**
 * Computes one minute of the system: fault effects, resources, load (callers first), then latency and errors
 * (callees first). With `withFaults` false it computes the healthy steady state.
 */
export function evaluate(world: WorldState, withFaults: boolean): void {
  const m = world.minute;
  const services = world.services;
  const effects: Effects[] = services.map(() => noEffects());
  if (withFaults) applyFaults(world, effects);

  for (let i = 0; i < services.length; i++) updateResources(world, services[i] as ServiceState, effects[i] as Effects);

  // Load flows from the edge inward; retries (attempts from last minute) multiply it.
  const demand = services.map((s) => (s.public ? publicLoad(world, m) : 0) + s.own_load_rps);
  for (const i of world.order) {
    const s = services[i] as ServiceState;
    const eff = effects[i] as Effects;
    const d = (demand[i] ?? 0) * eff.demand_factor;
    demand[i] = d;
    s.demand_rps = d;
    const out = edgesOut(world, i);
    const targets = edgeTargets(world, i);
    for (let k = 0; k < out.length; k++) {
      const e = out[k] as WorldState['edges'][number];
      if (e.breaker_state === 'open') continue;
      const j = targets[k] as number;
      const amp = eff.amplify_target === e.to ? eff.amplification : 1;
      demand[j] = (demand[j] ?? 0) + d * e.calls * e.attempts * amp;
    }
  }

  for (let k = world.order.length - 1; k >= 0; k--) {
    const i = world.order[k] as number;
    evaluateService(world, i, services[i] as ServiceState, effects[i] as Effects, effects, m);
  }
}

function publicLoad(world: WorldState, m: number): number {
  const publicCount = world.services.reduce((n, s) => n + (s.public ? 1 : 0), 0) || 1;
  const wobble = 1 + MODEL.load.wobbleAmplitude * Math.sin(m / MODEL.load.wobblePeriodMinutes) + MODEL.load.noiseAmplitude * (unit(mix(world.seed, m, 0x10ad)) - 0.5);
  return (world.load_rps / publicCount) * wobble;
}

function applyFaults(world: WorldState, effects: Effects[]): void {
  const m = world.minute;
  const add = (name: string, e: Partial<Effects>) => {
    const i = serviceIndex(world, name);
    if (i >= 0) addEffects(effects[i] as Effects, e);
  };
  for (const f of world.faults) {
    if (m < f.onset) continue;
    const model = FAULT_MODELS[f.kind];
    if (f.trigger !== null) {
      const trigger = world.faults.find((t) => t.id === f.trigger);
      if (trigger && trigger.status === 'active' && trigger.age >= MODEL.faults.latchAfterMinutes) f.params['latched'] = true;
    }
    model.effects(f, world, add);
    const present = model.present(f, world);
    if (present && f.status === 'pending') {
      f.status = 'active';
      world.events.push({ minute: m, type: 'fault_active', fault: f.id });
    } else if (present && f.status === 'resolved') {
      f.status = 'active';
      f.relapses += 1;
      f.resolved_at = null;
      world.events.push({ minute: m, type: 'fault_relapsed', fault: f.id });
    } else if (!present && f.status === 'active') {
      f.status = 'resolved';
      f.resolved_at = m;
      world.events.push({ minute: m, type: 'fault_resolved', fault: f.id, by: lastFixLabel(world) });
    }
    if (f.status === 'active') f.age += 1;
  }
}

function lastFixLabel(world: WorldState): string {
  for (let i = world.events.length - 1; i >= 0; i--) {
    const e = world.events[i];
    if (e?.type === 'fix') return `${e.fix} ${e.service}`;
  }
  return 'none';
}

function updateResources(world: WorldState, s: ServiceState, eff: Effects): void {
  const m = world.minute;
  s.conditions = eff.conditions;
  if (s.kind === 'cache') {
    const evicting = s.config[EVICTION_KEY] !== 'noeviction';
    const ceiling = evicting ? MODEL.resources.evictingCacheCeiling : 1;
    if (s.memory_mb < s.memory_limit_mb * ceiling) s.memory_mb = Math.min(s.memory_limit_mb * ceiling, s.memory_mb + s.memory_limit_mb * MODEL.resources.cacheFillPerMinute);
    s.write_reject = !evicting && s.memory_mb >= s.memory_limit_mb * MODEL.resources.cacheRejectsAt ? 1 : 0;
    if (s.write_reject > 0) s.conditions.push('cache_rejects_writes');
  } else {
    s.memory_mb += eff.memory_growth_mb;
    if (s.memory_mb >= s.memory_limit_mb) {
      s.memory_mb = s.memory_base_mb;
      s.restarts += s.replicas;
      s.last_oom_minute = m;
      s.started_at = m;
      s.unavailable_until = m + MODEL.faults.oomRestartMinutes;
      s.conditions.push('oom_killed');
      world.events.push({ minute: m, type: 'oom_kill', service: s.name });
    } else if (s.memory_mb > s.memory_limit_mb * MODEL.resources.gcPressureAt) {
      s.conditions.push('gc_pressure');
    }
  }
  if (eff.disk_growth_gb) s.disk_used_gb = Math.min(s.disk_total_gb, s.disk_used_gb + eff.disk_growth_gb);
  if (s.kind === 'database' || s.kind === 'storage' || s.kind === 'queue') {
    const full = s.disk_used_gb / s.disk_total_gb >= MODEL.resources.diskFullAt;
    s.write_reject = full ? 1 : 0;
    if (full) s.conditions.push('no_space');
    else if (s.disk_used_gb / s.disk_total_gb >= MODEL.resources.diskHighAt) s.conditions.push('disk_high');
  }
  s.pool_leaked = Math.min(s.pool_size * s.replicas, s.pool_leaked + eff.pool_leak);
  if (eff.pool_leak > 0) s.conditions.push('pool_leak');
  if (m < s.down_until || s.replicas === 0) s.replicas_up = 0;
  else if (m < s.unavailable_until) s.replicas_up = Math.max(1, Math.floor(s.replicas / 2));
  else s.replicas_up = s.replicas;
  if (s.replicas_up < s.replicas) s.conditions.push(s.replicas_up === 0 ? 'down' : 'restarting');
}

/** Caches keyed by service name stay bounded however many generated worlds a server builds. */
const NAME_CACHE_LIMIT = 10_000;
const nameHashes = new Map<string, number>();
function nameHash(name: string): number {
  let h = nameHashes.get(name);
  if (h === undefined) {
    h = fnv1a(name);
    if (nameHashes.size >= NAME_CACHE_LIMIT) nameHashes.clear();
    nameHashes.set(name, h);
  }
  return h;
}

interface EdgeLabels {
  breakerOpen: string;
  timeout: string;
  writeRejected: string;
  upstreamErrors: string;
  retrying: string;
  fallback: string;
  unreachable: Record<string, string>;
}
const edgeLabelCache = new Map<string, EdgeLabels>();
function edgeLabels(callee: string): EdgeLabels {
  let l = edgeLabelCache.get(callee);
  if (!l) {
    l = {
      breakerOpen: `breaker_open:${callee}`,
      timeout: `timeout:${callee}`,
      writeRejected: `write_rejected:${callee}`,
      upstreamErrors: `upstream_errors:${callee}`,
      retrying: `retrying:${callee}`,
      fallback: `fallback:${callee}`,
      unreachable: { tls: `tls_fail:${callee}`, dns: `dns_fail:${callee}`, network: `network_fail:${callee}` },
    };
    if (edgeLabelCache.size >= NAME_CACHE_LIMIT) edgeLabelCache.clear();
    edgeLabelCache.set(callee, l);
  }
  return l;
}

function evaluateService(world: WorldState, index: number, s: ServiceState, eff: Effects, effects: Effects[], m: number): void {
  const cpuReserved = Math.min(MODEL.capacity.maxReservedCpuPct, eff.cpu_extra);
  const capacity = s.replicas_up * s.capacity_rps * eff.capacity_factor * (1 - cpuReserved / 100);
  const rho = capacity > 0 ? s.demand_rps / capacity : s.demand_rps > 0 ? MODEL.capacity.rhoWithoutCapacity : 0;
  const overload = rho > 1 ? 1 - 1 / rho : 0;
  if (rho > 1) s.conditions.push('overloaded');

  let own = 1 - (1 - s.base_error_rate * (1 + MODEL.errors.baseErrorJitter * (unit(mix(world.seed, nameHash(s.name), m)) - 0.5))) * (1 - overload) * (1 - eff.error_rate);
  if (s.replicas_up === 0) own = 1;
  if (s.write_reject > 0) own = 1 - (1 - own) * (1 - MODEL.errors.writeRejectErrorShare * s.write_reject);

  let latency = (s.base_latency_ms * MODEL.latency.idleFactor) / (1 - Math.min(rho, MODEL.latency.maxQueueingRho));
  if (rho > 1) latency += s.base_latency_ms * MODEL.latency.overloadPerRho * Math.min(rho - 1, MODEL.latency.maxOverloadRho);
  latency += eff.latency_extra_ms;
  if (s.kind !== 'cache' && s.memory_mb > s.memory_limit_mb * MODEL.resources.gcPressureAt) {
    latency += s.base_latency_ms * MODEL.latency.gcMax * ((s.memory_mb / s.memory_limit_mb - MODEL.resources.gcPressureAt) / MODEL.latency.gcRampSpan);
  }
  if (s.write_reject > 0 && s.kind !== 'cache') latency += s.base_latency_ms * MODEL.latency.writeReject * s.write_reject;

  let ok = 1 - own;
  let depLatency = 0;
  let maxTimeoutLatency = 0;
  let dbConnections = 0;
  const maxAttempts = s.config[RETRY_KEY];
  const out = edgesOut(world, index);
  const sizedAttempts = retryAttempts(out);
  const targets = edgeTargets(world, index);
  for (let k = 0; k < out.length; k++) {
    const e = out[k] as WorldState['edges'][number];
    const ci = targets[k] as number;
    const c = world.services[ci] as ServiceState;
    const ce = effects[ci] as Effects;
    const labels = edgeLabels(c.name);
    const timeoutP = c.latency_p50_ms > 0 ? Math.exp((-e.timeout_ms * LN2) / c.latency_p50_ms) : 0;
    const writeFail = e.write_fraction * c.write_reject;
    const f = 1 - (1 - c.error_rate) * (1 - timeoutP) * (1 - ce.unreachable) * (1 - writeFail);
    e.attempt_failure = f;
    // The client's retry setting shifts every call's retries from what the system was sized with.
    const retries = typeof maxAttempts === 'number' ? Math.max(0, e.retries + maxAttempts - sizedAttempts) : e.retries;
    updateBreaker(world, e, f, m);
    let failure: number;
    let attempts: number;
    if (e.breaker_state === 'open') {
      failure = 1;
      attempts = 0;
      s.conditions.push(labels.breakerOpen);
    } else {
      failure = f ** (retries + 1);
      attempts = f < 1 ? (1 - f ** (retries + 1)) / (1 - f) : retries + 1;
    }
    e.failure = failure;
    e.attempts = Math.max(attempts, e.breaker_state === 'open' ? 0 : 1);
    const fastFail = ce.unreachable > 0 ? MODEL.latency.unreachableFastFailMs : 0;
    const perAttempt = (1 - timeoutP) * Math.min(c.latency_p50_ms, e.timeout_ms) + timeoutP * e.timeout_ms + ce.unreachable * fastFail;
    depLatency += e.calls * Math.max(attempts, 0) * perAttempt;
    if (timeoutP > MODEL.latency.timeoutChainAt) maxTimeoutLatency = Math.max(maxTimeoutLatency, e.timeout_ms * (retries + 1));
    if (c.kind === 'database') dbConnections += (s.demand_rps * e.calls * Math.max(1, attempts) * perAttempt) / MS_PER_SECOND;
    if (!e.fallback) ok *= e.calls <= 1 ? 1 - e.calls * failure : (1 - failure) ** e.calls;
    else if (failure > MODEL.dependencies.fallbackLoggedAt) s.conditions.push(labels.fallback);
    if (e.breaker_state !== 'open') {
      if (ce.unreachable > MODEL.dependencies.unreachableLoggedAt) s.conditions.push(labels.unreachable[ce.unreachable_reason ?? 'network'] as string);
      if (timeoutP > MODEL.dependencies.timeoutLoggedAt) s.conditions.push(labels.timeout);
      if (writeFail > MODEL.dependencies.writeRejectLoggedAt) s.conditions.push(labels.writeRejected);
      if (c.error_rate > MODEL.dependencies.upstreamErrorsLoggedAt && ce.unreachable < MODEL.dependencies.unreachableLoggedAt) s.conditions.push(labels.upstreamErrors);
      if (attempts > MODEL.dependencies.retryingLoggedAt) s.conditions.push(labels.retrying);
    }
  }

  const poolCap = s.pool_size * s.replicas_up;
  if (dbConnections > 0 || s.pool_leaked > 0) {
    const available = Math.max(0, poolCap - s.pool_leaked);
    s.pool_in_use = Math.min(poolCap, dbConnections + s.pool_leaked);
    if (dbConnections > available) {
      const waitFail = available > 0 ? 1 - available / dbConnections : 1;
      ok *= 1 - waitFail;
      latency += MODEL.latency.poolWaitMs * waitFail;
    }
    if (poolCap > 0 && s.pool_in_use / poolCap >= MODEL.pool.exhaustedAt) s.conditions.push('pool_exhausted');
  } else {
    s.pool_in_use = 0;
  }

  s.error_rate = clamp01(1 - ok);
  s.latency_p50_ms = latency + depLatency;
  s.latency_p99_ms = Math.max(s.latency_p50_ms * (MODEL.latency.p99BaseRatio + MODEL.latency.p99LoadRatio * Math.min(rho, 1)), maxTimeoutLatency);
  s.cpu_pct = Math.min(100, cpuReserved + (100 - cpuReserved) * Math.min(1, MODEL.cpu.idle + MODEL.cpu.perRho * rho) * eff.cpu_scale);
  if (s.cpu_pct >= MODEL.cpu.hotPct) s.conditions.push('cpu_hot');
  s.throughput_rps = s.demand_rps * (1 - s.error_rate);
  s.backlog = rho > 1 ? s.demand_rps * (rho - 1) * SECONDS_PER_MINUTE : 0;
  s.queue_depth = (s.kind === 'queue' ? s.backlog : 0) + eff.queue_depth;
  s.replica_lag_s = eff.replica_lag_s;
  s.health = healthOf(s);
  if (s.error_rate > MODEL.errors.loggedAt && !s.conditions.some((c) => c.startsWith('upstream_errors') || c === 'exception')) s.conditions.push('errors');
}

export function healthOf(s: ServiceState): 'healthy' | 'degraded' | 'down' {
  if (s.replicas_up === 0 || s.error_rate >= MODEL.errors.downAt) return 'down';
  const p99Base = s.baseline[METRIC_INDEX.latency_p99_ms] ?? s.latency_p99_ms;
  if (s.error_rate > SLO.error_rate || s.latency_p99_ms > p99Base * SLO.latency_factor) return 'degraded';
  return 'healthy';
}

function updateBreaker(world: WorldState, e: WorldState['edges'][number], f: number, m: number): void {
  if (!e.breaker) return;
  if (e.breaker_state === 'closed') {
    e.failing_minutes = f > MODEL.breaker.failureThreshold ? e.failing_minutes + 1 : 0;
    if (e.failing_minutes >= MODEL.breaker.minutesToOpen) {
      e.breaker_state = 'open';
      e.breaker_until = m + e.breaker_open_minutes;
      world.events.push({ minute: m, type: 'breaker', from: e.from, to: e.to, state: 'open' });
    }
  } else if (e.breaker_state === 'open' && m >= e.breaker_until) {
    if (f < MODEL.breaker.failureThreshold) {
      e.breaker_state = 'closed';
      e.failing_minutes = 0;
      world.events.push({ minute: m, type: 'breaker', from: e.from, to: e.to, state: 'closed' });
    } else {
      e.breaker_until = m + e.breaker_open_minutes;
    }
  }
}

function record(world: WorldState): void {
  const row: number[] = [];
  for (const s of world.services) metricRow(s, row);
  world.history.rows.push(row);
  world.history.conditions.push(world.services.map((s) => s.conditions));
  if (world.history.rows.length > HISTORY_ROWS) {
    world.history.rows.shift();
    world.history.conditions.shift();
    world.history.start += 1;
  }
  world.minutes_in_slo = world.services.every((s) => s.health === 'healthy') ? world.minutes_in_slo + 1 : 0;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
