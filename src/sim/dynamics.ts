import { fnv1a, mix, unit } from '../lib/index.js';
import { evaluateAlerts } from './alerts.js';
import { SLO } from './defaults.js';
import { addEffects, type Effects, noEffects } from './effects.js';
import { FAULT_MODELS } from './faults/index.js';
import { RETRY_KEY } from './faults/retry-storm.js';
import { EVICTION_KEY } from './faults/cache-eviction-oom.js';
import type { ServiceState, WorldState } from './state.js';
import { edgesOut, edgeTargets, serviceIndex } from './world-access.js';
import { retryAttempts } from './baseline-config.js';

const HISTORY_ROWS = 180;
const LN2 = Math.LN2;

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
  const wobble = 1 + 0.04 * Math.sin(m / 9) + 0.02 * (unit(mix(world.seed, m, 0x10ad)) - 0.5);
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
      if (trigger && trigger.status === 'active' && trigger.age >= 2) f.params['latched'] = true;
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
    const ceiling = evicting ? 0.95 : 1;
    if (s.memory_mb < s.memory_limit_mb * ceiling) s.memory_mb = Math.min(s.memory_limit_mb * ceiling, s.memory_mb + s.memory_limit_mb * 0.035);
    s.write_reject = !evicting && s.memory_mb >= s.memory_limit_mb * 0.99 ? 1 : 0;
    if (s.write_reject > 0) s.conditions.push('cache_rejects_writes');
  } else {
    s.memory_mb += eff.memory_growth_mb;
    if (s.memory_mb >= s.memory_limit_mb) {
      s.memory_mb = s.memory_base_mb;
      s.restarts += s.replicas;
      s.last_oom_minute = m;
      s.started_at = m;
      s.unavailable_until = m + 1;
      s.conditions.push('oom_killed');
      world.events.push({ minute: m, type: 'oom_kill', service: s.name });
    } else if (s.memory_mb > s.memory_limit_mb * 0.85) {
      s.conditions.push('gc_pressure');
    }
  }
  if (eff.disk_growth_gb) s.disk_used_gb = Math.min(s.disk_total_gb, s.disk_used_gb + eff.disk_growth_gb);
  if (s.kind === 'database' || s.kind === 'storage' || s.kind === 'queue') {
    const full = s.disk_used_gb / s.disk_total_gb >= 0.99;
    s.write_reject = full ? 1 : 0;
    if (full) s.conditions.push('no_space');
    else if (s.disk_used_gb / s.disk_total_gb >= 0.85) s.conditions.push('disk_high');
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
  const cpuReserved = Math.min(95, eff.cpu_extra);
  const capacity = s.replicas_up * s.capacity_rps * eff.capacity_factor * (1 - cpuReserved / 100);
  const rho = capacity > 0 ? s.demand_rps / capacity : s.demand_rps > 0 ? 10 : 0;
  const overload = rho > 1 ? 1 - 1 / rho : 0;
  if (rho > 1) s.conditions.push('overloaded');

  let own = 1 - (1 - s.base_error_rate * (1 + 0.5 * (unit(mix(world.seed, nameHash(s.name), m)) - 0.5))) * (1 - overload) * (1 - eff.error_rate);
  if (s.replicas_up === 0) own = 1;
  if (s.write_reject > 0) own = 1 - (1 - own) * (1 - 0.3 * s.write_reject);

  let latency = (s.base_latency_ms * 0.6) / (1 - Math.min(rho, 0.96));
  if (rho > 1) latency += s.base_latency_ms * 20 * Math.min(rho - 1, 2);
  latency += eff.latency_extra_ms;
  if (s.kind !== 'cache' && s.memory_mb > s.memory_limit_mb * 0.85) latency += s.base_latency_ms * 8 * ((s.memory_mb / s.memory_limit_mb - 0.85) / 0.15);
  if (s.write_reject > 0 && s.kind !== 'cache') latency += s.base_latency_ms * 60 * s.write_reject;

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
    const fastFail = ce.unreachable > 0 ? 25 : 0;
    const perAttempt = (1 - timeoutP) * Math.min(c.latency_p50_ms, e.timeout_ms) + timeoutP * e.timeout_ms + ce.unreachable * fastFail;
    depLatency += e.calls * Math.max(attempts, 0) * perAttempt;
    if (timeoutP > 0.01) maxTimeoutLatency = Math.max(maxTimeoutLatency, e.timeout_ms * (retries + 1));
    if (c.kind === 'database') dbConnections += (s.demand_rps * e.calls * Math.max(1, attempts) * perAttempt) / 1000;
    if (!e.fallback) ok *= e.calls <= 1 ? 1 - e.calls * failure : (1 - failure) ** e.calls;
    else if (failure > 0.2) s.conditions.push(labels.fallback);
    if (e.breaker_state !== 'open') {
      if (ce.unreachable > 0.01) s.conditions.push(labels.unreachable[ce.unreachable_reason ?? 'network'] as string);
      if (timeoutP > 0.05) s.conditions.push(labels.timeout);
      if (writeFail > 0.01) s.conditions.push(labels.writeRejected);
      if (c.error_rate > 0.05 && ce.unreachable < 0.01) s.conditions.push(labels.upstreamErrors);
      if (attempts > 1.4) s.conditions.push(labels.retrying);
    }
  }

  const poolCap = s.pool_size * s.replicas_up;
  if (dbConnections > 0 || s.pool_leaked > 0) {
    const available = Math.max(0, poolCap - s.pool_leaked);
    s.pool_in_use = Math.min(poolCap, dbConnections + s.pool_leaked);
    if (dbConnections > available) {
      const waitFail = available > 0 ? 1 - available / dbConnections : 1;
      ok *= 1 - waitFail;
      latency += 1000 * waitFail;
    }
    if (poolCap > 0 && s.pool_in_use / poolCap >= 0.95) s.conditions.push('pool_exhausted');
  } else {
    s.pool_in_use = 0;
  }

  s.error_rate = clamp01(1 - ok);
  s.latency_p50_ms = latency + depLatency;
  s.latency_p99_ms = Math.max(s.latency_p50_ms * (3.2 + 2 * Math.min(rho, 1)), maxTimeoutLatency);
  s.cpu_pct = Math.min(100, cpuReserved + (100 - cpuReserved) * Math.min(1, 0.04 + 0.9 * rho) * eff.cpu_scale);
  if (s.cpu_pct >= 90) s.conditions.push('cpu_hot');
  s.throughput_rps = s.demand_rps * (1 - s.error_rate);
  s.backlog = rho > 1 ? s.demand_rps * (rho - 1) * 60 : 0;
  s.queue_depth = (s.kind === 'queue' ? s.backlog : 0) + eff.queue_depth;
  s.replica_lag_s = eff.replica_lag_s;
  s.health = healthOf(s);
  if (s.error_rate > 0.05 && !s.conditions.some((c) => c.startsWith('upstream_errors') || c === 'exception')) s.conditions.push('errors');
}

export function healthOf(s: ServiceState): 'healthy' | 'degraded' | 'down' {
  if (s.replicas_up === 0 || s.error_rate >= 0.9) return 'down';
  const p99Base = s.baseline[5] ?? s.latency_p99_ms;
  if (s.error_rate > SLO.error_rate || s.latency_p99_ms > p99Base * SLO.latency_factor) return 'degraded';
  return 'healthy';
}

function updateBreaker(world: WorldState, e: WorldState['edges'][number], f: number, m: number): void {
  if (!e.breaker) return;
  if (e.breaker_state === 'closed') {
    e.failing_minutes = f > 0.5 ? e.failing_minutes + 1 : 0;
    if (e.failing_minutes >= 2) {
      e.breaker_state = 'open';
      e.breaker_until = m + e.breaker_open_minutes;
      world.events.push({ minute: m, type: 'breaker', from: e.from, to: e.to, state: 'open' });
    }
  } else if (e.breaker_state === 'open' && m >= e.breaker_until) {
    if (f < 0.5) {
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
