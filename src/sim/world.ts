import { Rng } from '../lib/index.js';
import { KIND_DEFAULTS } from './defaults.js';
import { steadyStateAlertKeys } from './alerts.js';
import { evaluate, metricRow, tick } from './dynamics.js';
import { baselineConfig, certNotAfter, defaultCertDays } from './baseline-config.js';
import { FAULT_MODELS } from './faults/index.js';
import type { WorldSpecParsed } from './spec.js';
import type { EdgeState, FaultState, ServiceState, WorldState } from './state.js';
import { chooseTechnology, PACKS, technologyConfig } from './technology/index.js';

export class WorldSpecError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'WorldSpecError';
  }
}

/** Builds the world at incident onset minus a margin, installs the faults, and runs it to the start minute. */
export function createWorld(spec: WorldSpecParsed, seed: number): WorldState {
  const names = new Set<string>();
  spec.services.forEach((s, i) => {
    if (names.has(s.name)) throw new WorldSpecError(`duplicate service name '${s.name}'`, `services.${i}.name`);
    names.add(s.name);
  });
  spec.edges.forEach((e, i) => {
    if (!names.has(e.from)) throw new WorldSpecError(`edge from unknown service '${e.from}'`, `edges.${i}.from`);
    if (!names.has(e.to)) throw new WorldSpecError(`edge to unknown service '${e.to}'`, `edges.${i}.to`);
    if (e.from === e.to) throw new WorldSpecError(`service '${e.from}' calls itself`, `edges.${i}`);
  });
  const faultIds = new Set<string>();
  spec.faults.forEach((f, i) => {
    if (!names.has(f.service)) throw new WorldSpecError(`fault on unknown service '${f.service}'`, `faults.${i}.service`);
    if (faultIds.has(f.id)) throw new WorldSpecError(`duplicate fault id '${f.id}'`, `faults.${i}.id`);
    faultIds.add(f.id);
  });
  spec.faults.forEach((f, i) => {
    if (f.trigger !== undefined && !faultIds.has(f.trigger)) throw new WorldSpecError(`trigger '${f.trigger}' is not a fault id`, `faults.${i}.trigger`);
  });
  const order = topologicalOrder(spec);

  const rng = Rng.fromSeed(seed, 0x5eed);
  const services: ServiceState[] = spec.services.map((s, i) => {
    const d = KIND_DEFAULTS[s.kind];
    const memoryBase = s.memory_base_mb ?? d.memory_base_mb;
    const diskUsed = s.disk_used_gb ?? d.disk_used_gb;
    const technology = chooseTechnology(s, spec.faults.filter((f) => f.service === s.name).map((f) => f.kind), seed);
    if (!PACKS[technology].kinds.includes(s.kind)) throw new WorldSpecError(`technology '${technology}' cannot serve as a ${s.kind}`, `services.${i}.technology`);
    const memoryLimit = s.memory_limit_mb ?? d.memory_limit_mb;
    const poolSize = s.pool_size ?? d.pool_size;
    return {
      name: s.name,
      kind: s.kind,
      technology,
      public: s.public,
      monitored: s.monitored,
      replicas: s.replicas,
      replicas_up: s.replicas,
      version: s.version,
      versions: [s.version],
      config: { ...technologyConfig(technology, { memory_limit_mb: memoryLimit, pool_size: poolSize }), ...s.config },
      capacity_rps: s.capacity_rps ?? d.capacity_rps,
      base_latency_ms: s.base_latency_ms ?? d.base_latency_ms,
      memory_limit_mb: memoryLimit,
      memory_base_mb: memoryBase,
      memory_mb: memoryBase,
      disk_total_gb: s.disk_total_gb ?? d.disk_total_gb,
      disk_used_gb: diskUsed,
      disk_base_gb: diskUsed,
      pool_size: poolSize,
      pool_in_use: 0,
      pool_leaked: 0,
      base_error_rate: s.base_error_rate,
      own_load_rps: s.load_rps ?? 0,
      demand_rps: 0,
      cpu_pct: 0,
      latency_p50_ms: 0,
      latency_p99_ms: 0,
      error_rate: 0,
      throughput_rps: 0,
      backlog: 0,
      queue_depth: 0,
      restarts: 0,
      last_oom_minute: -1e9,
      started_at: -1e4,
      replica_lag_s: 0,
      health: 'healthy',
      statements_cancelled_until: -1e9,
      unavailable_until: -1e9,
      down_until: -1e9,
      write_reject: 0,
      baseline: [],
      conditions: [],
      cert_expires_at: s.cert_expires_in_minutes ?? defaultCertDays(s.name, seed) * 1440,
    };
  });
  const edges: EdgeState[] = spec.edges.map((e) => ({
    ...e,
    breaker_state: 'closed',
    breaker_until: -1e9,
    failing_minutes: 0,
    attempt_failure: 0,
    failure: 0,
    attempts: 1,
  }));
  const firstOnset = Math.min(0, ...spec.faults.map((f) => f.onset));
  const world: WorldState = {
    v: 1,
    seed,
    minute: firstOnset - 1,
    rng: rng.state,
    load_rps: spec.load_rps,
    settle_minutes: spec.settle_minutes,
    onset_date: spec.onset_date,
    onset_time: spec.onset_time,
    services,
    edges,
    order,
    faults: [],
    deploys: spec.deploys.map((d) => ({ ...d, kind: 'deploy' as const })),
    config_changes: spec.config_changes.map((c) => ({ ...c })),
    alerts: [],
    alert_pending: [],
    events: [],
    history: { start: firstOnset, rows: [], conditions: [] },
    minutes_in_slo: 0,
    invariants_broken: [],
    baseline_alert_keys: [],
  };
  for (const d of spec.deploys) {
    const svc = services.find((s) => s.name === d.service);
    if (svc && !svc.versions.includes(d.previous)) svc.versions.unshift(d.previous);
  }

  // Healthy steady state, before any fault is installed.
  for (let i = 0; i < 2; i++) evaluate(world, false);
  for (const s of services) s.baseline = metricRow(s);
  world.baseline_alert_keys = steadyStateAlertKeys(world);
  // Every service carries its kind's configuration; the spec's own values win.
  for (const s of services) {
    const callees = world.edges.filter((e) => e.from === s.name).map((e) => ({ name: e.to, kind: services.find((x) => x.name === e.to)?.kind ?? 'api', retries: e.retries }));
    s.config = { ...baselineConfig({ name: s.name, kind: s.kind, replicas: s.replicas, memory_limit_mb: s.memory_limit_mb, callees, demand_rps: s.demand_rps }), ...s.config };
    s.config['tls.cert_not_after'] = certNotAfter(world, s.cert_expires_at);
  }

  world.faults = spec.faults.map(
    (f): FaultState => ({
      id: f.id,
      kind: f.kind,
      service: f.service,
      onset: f.onset,
      params: { ...FAULT_MODELS[f.kind].defaults, ...f.params },
      trigger: f.trigger ?? null,
      status: 'pending',
      age: 0,
      relief_until: null,
      resolved_at: null,
      relapses: 0,
    }),
  );
  for (const f of world.faults) FAULT_MODELS[f.kind].install(f, world, new Rng(world.rng));
  world.deploys.sort((a, b) => a.minute - b.minute);
  world.config_changes.sort((a, b) => a.minute - b.minute);
  while (world.minute < spec.start_minute) tick(world);
  return world;
}

function topologicalOrder(spec: WorldSpecParsed): number[] {
  const index = new Map(spec.services.map((s, i) => [s.name, i]));
  const indegree = spec.services.map(() => 0);
  const out: number[][] = spec.services.map(() => []);
  for (const e of spec.edges) {
    const a = index.get(e.from) as number;
    const b = index.get(e.to) as number;
    out[a]?.push(b);
    indegree[b] = (indegree[b] ?? 0) + 1;
  }
  const ready = indegree.flatMap((d, i) => (d === 0 ? [i] : []));
  const order: number[] = [];
  while (ready.length > 0) {
    const i = ready.shift() as number;
    order.push(i);
    for (const j of out[i] ?? []) {
      indegree[j] = (indegree[j] ?? 0) - 1;
      if (indegree[j] === 0) ready.push(j);
    }
  }
  if (order.length !== spec.services.length) {
    const stuck = spec.services.filter((_, i) => !order.includes(i)).map((s) => s.name);
    throw new WorldSpecError(`the call graph has a cycle through ${stuck.join(', ')}`, 'edges');
  }
  return order;
}
