import { KIND_DEFAULTS } from '../../sim/defaults.js';
import type { EdgeSpec, ServiceSpec } from '../../sim/spec.js';
import type { Topology } from './topology.js';

const SCALE_OUT = new Set(['gateway', 'api', 'worker']);
const MIN_CAPACITY_RPS = 5;

/** Call timeouts by callee kind when a topology leaves them open. */
const DEFAULT_TIMEOUT_MS: Record<ServiceSpec['kind'], number> = { gateway: 5000, api: 1000, worker: 2000, database: 2000, cache: 100, queue: 500, storage: 2000, external: 3000 };

/**
 * Sizes a topology so it runs healthy at its load: replicas (or, for datastores, per-node capacity) for a
 * target utilisation, consumers' own load equal to what their queues receive, and timeouts well above each
 * callee's latency. Mirrors the simulation's load and latency model closely enough to land near the target.
 */
export function sizeTopology(t: Topology, utilisation = 0.4): Topology {
  const services = t.services.map((s) => ({ ...s }));
  const index = new Map(services.map((s, i) => [s.name, i]));
  const edges = t.edges.map((e) => ({ ...e }));
  const out: EdgeSpec[][] = services.map(() => []);
  for (const e of edges) out[index.get(e.from) ?? -1]?.push(e);
  const order = topologicalOrder(services, edges);
  const publicCount = services.filter((s) => s.public).length || 1;

  const queues = new Set(services.filter((s) => s.kind === 'queue').map((s) => s.name));
  const consumers: { consumer: ServiceSpec; publishers: EdgeSpec[] }[] = [];
  for (const e of edges) {
    if (!queues.has(e.to) || (e.write_fraction ?? 0.3) >= 0.5) continue;
    const consumer = services[index.get(e.from) ?? -1];
    if (consumer) consumers.push({ consumer, publishers: edges.filter((p) => p.to === e.to && (p.write_fraction ?? 0.3) >= 0.5) });
  }
  let demand: number[] = [];
  // Consumers receive what their queues are sent, which can feed other queues: settle, then measure.
  for (let pass = 0; pass < 4; pass++) {
    demand = services.map((s) => (s.public ? t.load_rps / publicCount : 0) + (s.load_rps ?? 0));
    for (const i of order) {
      for (const e of out[i] ?? []) {
        const j = index.get(e.to) ?? -1;
        demand[j] = (demand[j] ?? 0) + (demand[i] ?? 0) * (e.calls ?? 1);
      }
    }
    if (pass === 3) break;
    for (const { consumer, publishers } of consumers) {
      const published = publishers.reduce((a, e) => a + (demand[index.get(e.from) ?? -1] ?? 0) * (e.calls ?? 1), 0);
      if (consumer.load_rps === undefined || pass > 0) consumer.load_rps = Math.max(1, Math.round(published));
    }
  }

  limitRetryAmplification(services, out, index, order, demand, utilisation);

  const p50 = services.map(() => 0);
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k] as number;
    const s = services[i] as ServiceSpec;
    const d = KIND_DEFAULTS[s.kind];
    const load = demand[i] ?? 0;
    const capacity = s.capacity_rps ?? d.capacity_rps;
    // Application services run at the target utilisation, so a fault that costs capacity shows on any of
    // them; datastores and providers keep their headroom (at least their default capacity).
    if (SCALE_OUT.has(s.kind)) {
      s.replicas = Math.min(50, Math.max(1, Math.ceil(load / (capacity * utilisation))));
      s.capacity_rps = Math.max(MIN_CAPACITY_RPS, Math.round((10 * load) / (s.replicas * utilisation)) / 10);
    } else {
      s.capacity_rps = Math.max(capacity, Math.ceil(load / ((s.replicas ?? 1) * utilisation)));
    }
    const rho = load / ((s.replicas ?? 2) * (s.capacity_rps ?? capacity));
    let latency = ((s.base_latency_ms ?? d.base_latency_ms) * 0.6) / (1 - Math.min(rho, 0.9));
    for (const e of out[i] ?? []) {
      const callee = p50[index.get(e.to) ?? -1] ?? 0;
      const kind = services[index.get(e.to) ?? -1]?.kind ?? 'api';
      e.timeout_ms = Math.max(e.timeout_ms ?? DEFAULT_TIMEOUT_MS[kind], roundUp(16 * callee, 50));
      latency += (e.calls ?? 1) * callee;

    }
    p50[i] = latency;
  }
  limitBackgroundErrors(services, out, index, order);
  const loads = Object.fromEntries(services.map((s, i) => [s.name, Math.round((demand[i] ?? 0) * 10) / 10]));
  return { ...t, services, edges, utilisation, loads };
}

/**
 * Caps retries so that, even when everything above a service fails and retries, its load stays below its
 * capacity: otherwise a short fault leaves the system in a retry-sustained overload that outlives the fault
 * (a metastable failure), which the generator only creates on purpose (a sustaining retry fault).
 */
function limitRetryAmplification(services: ServiceSpec[], out: EdgeSpec[][], index: Map<string, number>, order: number[], demand: number[], utilisation: number): void {
  const amp = services.map(() => 1);
  const rho = services.map((s, i) => {
    if (SCALE_OUT.has(s.kind)) return utilisation;
    const capacity = Math.max(s.capacity_rps ?? KIND_DEFAULTS[s.kind].capacity_rps, (demand[i] ?? 0) / ((s.replicas ?? 1) * utilisation));
    return (demand[i] ?? 0) / ((s.replicas ?? 1) * capacity);
  });
  for (const i of order) {
    for (const e of out[i] ?? []) {
      const j = index.get(e.to) ?? -1;
      const allowed = Math.floor(0.95 / (Math.max(1e-6, rho[j] ?? 0) * (amp[i] ?? 1))) - 1;
      const retries = Math.max(0, Math.min(e.retries ?? 2, allowed));
      e.retries = retries;
      amp[j] = Math.max(amp[j] ?? 1, (amp[i] ?? 1) * (retries + 1));
    }
  }
}

/**
 * Background errors compound along calls that are not retried: keeps every service's composed background
 * error rate well inside the 1% SLO by lowering the per-service rate of large, deep topologies.
 */
function limitBackgroundErrors(services: ServiceSpec[], out: EdgeSpec[][], index: Map<string, number>, order: number[]): void {
  const exposure = services.map(() => 1);
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k] as number;
    let e = 1;
    for (const edge of out[i] ?? []) if (!edge.fallback && (edge.retries ?? 2) === 0) e += (edge.calls ?? 1) * (exposure[index.get(edge.to) ?? -1] ?? 1);
    exposure[i] = e;
  }
  const worst = Math.max(...exposure);
  const rate = Math.min(0.001, 0.004 / worst);
  for (const s of services) if (s.base_error_rate === undefined || s.base_error_rate > rate) s.base_error_rate = Math.round(rate * 1e5) / 1e5;
}

function roundUp(x: number, step: number): number {
  return Math.ceil(x / step) * step;
}

/** Service indices callers-first; throws on a cycle. */
export function topologicalOrder(services: readonly ServiceSpec[], edges: readonly EdgeSpec[]): number[] {
  const index = new Map(services.map((s, i) => [s.name, i]));
  const indegree = services.map(() => 0);
  const out: number[][] = services.map(() => []);
  for (const e of edges) {
    const a = index.get(e.from);
    const b = index.get(e.to);
    if (a === undefined || b === undefined) continue;
    out[a]?.push(b);
    indegree[b] = (indegree[b] ?? 0) + 1;
  }
  const ready = indegree.flatMap((d, i) => (d === 0 ? [i] : []));
  const order: number[] = [];
  for (let k = 0; k < ready.length; k++) {
    const i = ready[k] as number;
    order.push(i);
    for (const j of out[i] ?? []) {
      indegree[j] = (indegree[j] ?? 0) - 1;
      if (indegree[j] === 0) ready.push(j);
    }
  }
  if (order.length !== services.length) throw new Error('topology has a cycle');
  return order;
}
