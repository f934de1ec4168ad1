import type { FaultKind } from '../../contracts/index.js';
import type { Rng } from '../../lib/index.js';
import type { EdgeSpec, FaultSpec, ServiceSpec } from '../../sim/spec.js';
import { serviceFlags, serviceJobs } from '../../sim/baseline-config.js';
import { consumedQueues, type Topology } from '../topologies/index.js';

/** Where a fault goes: its service, parameters, and services it involves besides (origins, callees). */
export interface Placement {
  service: string;
  params: Record<string, string | number | boolean>;
  /** Every service the fault touches (its service included); two faults should not share one. */
  involves: string[];
}

type Placer = (t: Topology, rng: Rng, avoid: ReadonlySet<string>) => Placement | null;

const kindOf = (t: Topology, name: string) => t.services.find((s) => s.name === name)?.kind;
const callersOf = (t: Topology, name: string) => t.edges.filter((e) => e.to === name);
const calleesOf = (t: Topology, name: string) => t.edges.filter((e) => e.from === name);
const of = (t: Topology, kinds: readonly ServiceSpec['kind'][], avoid: ReadonlySet<string>) => t.services.filter((s) => kinds.includes(s.kind) && !avoid.has(s.name));
const hasCallers = (t: Topology, s: ServiceSpec) => callersOf(t, s.name).length > 0;

function pick<T>(rng: Rng, items: readonly T[]): T | null {
  return items.length === 0 ? null : rng.pick(items);
}

function on(t: Topology, rng: Rng, avoid: ReadonlySet<string>, kinds: readonly ServiceSpec['kind'][], filter: (s: ServiceSpec) => boolean = () => true, params: (s: ServiceSpec) => Placement['params'] = () => ({})): Placement | null {
  const s = pick(rng, of(t, kinds, avoid).filter(filter));
  return s ? { service: s.name, params: params(s), involves: [s.name] } : null;
}

/** A service calling `target` (not in `avoid`), preferring workers for batch-style faults. */
function originFor(t: Topology, rng: Rng, target: string, avoid: ReadonlySet<string>, kinds: readonly ServiceSpec['kind'][]): string | null {
  const callers = callersOf(t, target).map((e) => e.from).filter((n) => !avoid.has(n) && kinds.includes(kindOf(t, n) ?? 'gateway'));
  return pick(rng, callers);
}

/** Callee edges of `s` that matter (no fallback), to a kind in `kinds`. */
function hardCallees(t: Topology, s: string, kinds: readonly ServiceSpec['kind'][], avoid: ReadonlySet<string>): EdgeSpec[] {
  return calleesOf(t, s).filter((e) => !e.fallback && kinds.includes(kindOf(t, e.to) ?? 'gateway') && !avoid.has(e.to));
}

/** Whether `s` can take `factor` times its load without overloading a callee (datastores and providers keep headroom). */
function calleesAbsorb(t: Topology, s: string, factor: number): boolean {
  return calleesOf(t, s).every((e) => {
    const c = t.services.find((x) => x.name === e.to);
    if (!c || ['api', 'gateway', 'worker'].includes(c.kind)) return false;
    const load = t.loads?.[c.name] ?? 0;
    const extra = (t.loads?.[s] ?? 0) * (e.calls ?? 1) * (factor - 1);
    return (load + extra) / ((c.replicas ?? 1) * (c.capacity_rps ?? 1)) < 0.55;
  });
}

/**
 * Load-dependent symptoms flap when a circuit breaker upstream sheds the load (open, load gone, healthy,
 * closed, overloaded again); such faults avoid services below any breaker.
 */
function noBreakerIn(t: Topology, s: ServiceSpec): boolean {
  let below = belowBreakers.get(t.edges);
  if (!below) {
    below = new Set<string>();
    const stack = t.edges.filter((e) => e.breaker).map((e) => e.to);
    while (stack.length > 0) {
      const n = stack.pop() as string;
      if (below.has(n)) continue;
      below.add(n);
      for (const e of calleesOf(t, n)) stack.push(e.to);
    }
    belowBreakers.set(t.edges, below);
  }
  return !below.has(s.name);
}

/** Services below a circuit breaker, per edge list (placement asks many times about one topology). */
const belowBreakers = new WeakMap<readonly EdgeSpec[], Set<string>>();

const APP: ServiceSpec['kind'][] = ['api', 'worker'];
const FRONT: ServiceSpec['kind'][] = ['gateway', 'api'];

/** Placement rules per fault kind: which services it can live on and which parameters it needs. */
export const PLACERS: Record<FaultKind, Placer> = {
  // A surge also reaches the service's callees; only services whose callees have headroom (datastores, providers) take it alone.
  cpu_saturation(t, rng, avoid) {
    const factor = Math.round((rng.float(1.6, 2.4) / (t.utilisation ?? 0.4)) * 10) / 10;
    return on(t, rng, avoid, ['api'], (s) => noBreakerIn(t, s) && calleesAbsorb(t, s.name, factor), () => ({ demand_factor: factor }));
  },
  memory_leak: (t, rng, avoid) => on(t, rng, avoid, ['api', 'gateway', 'worker'], () => true, () => ({ leak_fraction_per_min: Math.round(rng.float(0.03, 0.05) * 1000) / 1000 })),
  disk_full: (t, rng, avoid) => on(t, rng, avoid, ['database', 'storage'], (s) => callersOf(t, s.name).some((e) => (e.write_fraction ?? 0.3) > 0.2 && !e.fallback)),
  connection_pool_exhaustion: (t, rng, avoid) => on(t, rng, avoid, APP, (s) => hardCallees(t, s.name, ['database'], new Set()).length > 0 && (hasCallers(t, s) || s.kind === 'worker')),
  slow_query(t, rng, avoid) {
    const db = pick(rng, of(t, ['database'], avoid).filter((s) => callersOf(t, s.name).some((e) => kindOf(t, e.from) === 'api' && !avoid.has(e.from))));
    if (!db) return null;
    const origin = originFor(t, rng, db.name, avoid, ['api']);
    return origin ? { service: db.name, params: { origin }, involves: [db.name, origin] } : null;
  },
  bad_deploy: (t, rng, avoid) => on(t, rng, avoid, APP, (s) => hasCallers(t, s), () => ({ error_rate: Math.round(rng.float(0.25, 0.5) * 100) / 100 })),
  config_drift(t, rng, avoid) {
    const s = pick(rng, of(t, APP, avoid).filter((x) => hasCallers(t, x) && calleesOf(t, x.name).length > 0));
    if (!s) return null;
    const callee = (rng.pick(calleesOf(t, s.name)) as EdgeSpec).to;
    return { service: s.name, params: { key: `${callee}.endpoint`, good: `https://${callee}.internal:8443`, bad: `https://${callee}-staging.internal:8443`, error_rate: Math.round(rng.float(0.4, 0.7) * 100) / 100 }, involves: [s.name] };
  },
  certificate_expired: (t, rng, avoid) => on(t, rng, avoid, ['api', 'database', 'cache', 'storage'], (s) => callersOf(t, s.name).some((e) => !e.fallback)),
  cache_eviction_oom: (t, rng, avoid) => on(t, rng, avoid, ['cache'], (s) => callersOf(t, s.name).some((e) => (e.write_fraction ?? 0.3) >= 0.2 && !e.fallback)),
  retry_storm(t, rng, avoid) {
    const amplification = Math.round(rng.float(3.5, 5) * 10) / 10;
    const edge = pick(rng, t.edges.filter((e) => !avoid.has(e.from) && !avoid.has(e.to) && kindOf(t, e.from) === 'api' && kindOf(t, e.to) === 'api' && callersOf(t, e.to).length === 1 && !e.breaker && noBreakerIn(t, t.services.find((x) => x.name === e.from) as ServiceSpec) && (e.calls ?? 1) >= 0.5 && calleesAbsorb(t, e.to, amplification)));
    return edge ? { service: edge.from, params: { callee: edge.to, amplification }, involves: [edge.from, edge.to] } : null;
  },
  dns_failure: (t, rng, avoid) => on(t, rng, avoid, ['api', 'database', 'cache', 'external'], (s) => callersOf(t, s.name).some((e) => !e.fallback)),
  network_partition: (t, rng, avoid) => on(t, rng, avoid, ['api'], (s) => callersOf(t, s.name).some((e) => !e.fallback) && (s.replicas ?? 2) >= 2),
  oom_crashloop: (t, rng, avoid) => on(t, rng, avoid, ['api', 'gateway', 'worker'], (s) => hasCallers(t, s) || s.public === true),
  thread_pool_exhaustion: (t, rng, avoid) => on(t, rng, avoid, FRONT, (s) => noBreakerIn(t, s), () => ({ good: rng.pick([200, 256, 400]), bad: rng.pick([8, 12, 16]) })),
  gc_pressure: (t, rng, avoid) => on(t, rng, avoid, APP, (s) => hasCallers(t, s)),
  file_descriptor_exhaustion: (t, rng, avoid) => on(t, rng, avoid, FRONT, () => true, () => ({ fill_minutes: rng.int(10, 16) })),
  queue_consumer_lag(t, rng, avoid) {
    const s = pick(rng, of(t, ['worker'], avoid).filter((w) => consumedQueues(t, w.name).some((q) => !avoid.has(q))));
    if (!s) return null;
    const queue = rng.pick(consumedQueues(t, s.name).filter((q) => !avoid.has(q)));
    return { service: s.name, params: { queue, rate_factor: Math.round(rng.float(0.3, 0.5) * 100) / 100 }, involves: [s.name, queue] };
  },
  replication_lag: (t, rng, avoid) => on(t, rng, avoid, ['database'], (s) => callersOf(t, s.name).some((e) => !e.fallback)),
  lock_contention(t, rng, avoid) {
    const db = pick(rng, of(t, ['database'], avoid).filter((s) => callersOf(t, s.name).some((e) => !avoid.has(e.from) && APP.includes(kindOf(t, e.from) ?? 'gateway'))));
    if (!db) return null;
    const workers = callersOf(t, db.name).map((e) => e.from).filter((n) => kindOf(t, n) === 'worker' && !avoid.has(n));
    const origin = pick(rng, workers) ?? originFor(t, rng, db.name, avoid, APP);
    // One of the origin's own batch jobs, switched off while healthy.
    const key = origin ? rng.pick(serviceJobs(origin).filter(([, on]) => !on).map(([k]) => k)) : '';
    return origin ? { service: db.name, params: { origin, key }, involves: [db.name, origin] } : null;
  },
  rate_limit_misconfig: (t, rng, avoid) => on(t, rng, avoid, FRONT, (s) => (s.public === true || hasCallers(t, s)) && noBreakerIn(t, s)),
  credential_rotation_failure(t, rng, avoid) {
    const s = pick(rng, of(t, APP, avoid).filter((x) => hardCallees(t, x.name, ['database'], avoid).length > 0));
    if (!s) return null;
    const callee = (rng.pick(hardCallees(t, s.name, ['database'], avoid)) as EdgeSpec).to;
    const version = rng.int(10, 80);
    return { service: s.name, params: { callee, old_secret: `v${version}`, new_secret: `v${version + 1}` }, involves: [s.name, callee] };
  },
  clock_skew: (t, rng, avoid) => on(t, rng, avoid, ['api'], (s) => hasCallers(t, s), () => ({ error_rate: Math.round(rng.float(0.35, 0.6) * 100) / 100 })),
  noisy_neighbor(t, rng, avoid) {
    const origin = pick(rng, of(t, ['worker'], avoid));
    const victim = pick(rng, of(t, FRONT, avoid).filter((s) => s.name !== origin?.name && (hasCallers(t, s) || s.public === true) && noBreakerIn(t, s)));
    return origin && victim ? { service: victim.name, params: { origin: origin.name }, involves: [victim.name, origin.name] } : null;
  },
  cache_stampede(t, rng, avoid) {
    const s = pick(rng, of(t, ['api'], avoid).filter((x) => hardCallees(t, x.name, ['cache'], avoid).length > 0 && hardCallees(t, x.name, ['database'], avoid).length > 0));
    if (!s) return null;
    const cache = (rng.pick(hardCallees(t, s.name, ['cache'], avoid)) as EdgeSpec).to;
    const db = (rng.pick(hardCallees(t, s.name, ['database'], avoid)) as EdgeSpec).to;
    return { service: s.name, params: { cache, db }, involves: [s.name, cache, db] };
  },
  // A flag the service already carries, switched off.
  bad_feature_flag: (t, rng, avoid) =>
    on(t, rng, avoid, ['api'], (s) => hasCallers(t, s), (s) => ({ flag: rng.pick(serviceFlags(s.name).filter(([, on]) => !on).map(([k]) => k)), good: false, bad: true, error_rate: Math.round(rng.float(0.3, 0.55) * 100) / 100 })),
  autoscaler_misconfig: (t, rng, avoid) => on(t, rng, avoid, ['api', 'gateway'], (s) => (s.replicas ?? 2) >= 3 && noBreakerIn(t, s), () => ({ peak_factor: Math.round(rng.float(1.1, 1.3) * 10) / 10 })),
  log_volume_disk_fill: (t, rng, avoid) => on(t, rng, avoid, ['api', 'worker'], (s) => hasCallers(t, s) || s.kind === 'worker'),
  external_provider_outage: (t, rng, avoid) => on(t, rng, avoid, ['external'], (s) => hasCallers(t, s), (s) => ({ primary: `${s.name.split('-')[0]}-${rng.pick(['alpha', 'north', 'one'])}`, standby: `${s.name.split('-')[0]}-${rng.pick(['beta', 'south', 'two'])}` })),
  packet_loss: (t, rng, avoid) => on(t, rng, avoid, ['api', 'database', 'cache'], (s) => callersOf(t, s.name).some((e) => !e.fallback)),
  hot_key(t, rng, avoid) {
    const cache = pick(rng, of(t, ['cache'], avoid).filter((c) => callersOf(t, c.name).some((e) => kindOf(t, e.from) === 'api' && !avoid.has(e.from))));
    if (!cache) return null;
    const origin = originFor(t, rng, cache.name, avoid, ['api']);
    const key = `${rng.pick(['post', 'product', 'user', 'item', 'event'])}:${rng.int(100000, 9999999)}`;
    return origin ? { service: cache.name, params: { origin, key_name: key }, involves: [cache.name, origin] } : null;
  },
  regex_cpu_blowup: (t, rng, avoid) => on(t, rng, avoid, ['gateway']),
  ephemeral_port_exhaustion(t, rng, avoid) {
    const s = pick(rng, of(t, ['api'], avoid).filter((x) => hardCallees(t, x.name, ['api', 'external', 'storage'], new Set()).length > 0 && hasCallers(t, x)));
    if (!s) return null;
    return { service: s.name, params: { callee: (rng.pick(hardCallees(t, s.name, ['api', 'external', 'storage'], new Set())) as EdgeSpec).to }, involves: [s.name] };
  },
};

/** Places a fault of `kind` in the topology away from `avoid`, or null when it has nowhere to go. */
export function placeFault(kind: FaultKind, t: Topology, rng: Rng, avoid: ReadonlySet<string>, id: string, onset = 0): FaultSpec | null {
  const p = PLACERS[kind](t, rng, avoid);
  if (!p) return null;
  return { id, kind, service: p.service, onset, params: p.params };
}

/** Services a placed fault touches (its service and any origin, callee, queue, cache or database it names). */
export function involvedServices(f: Pick<FaultSpec, 'service' | 'params'>): string[] {
  const out = [f.service];
  for (const k of ['origin', 'callee', 'queue', 'cache', 'db']) {
    const v = f.params?.[k];
    if (typeof v === 'string') out.push(v);
  }
  return out;
}
