import type { FaultKind } from '../../contracts/index.js';
import type { Rng } from '../../lib/index.js';
import { createWorld, type FaultSpec, type WorldSpec, WorldSpecSchema } from '../../sim/index.js';
import { History } from '../generator/herrings.js';
import { placeFault } from '../generator/placement.js';
import type { ScenarioCard, ScenarioDefinition } from '../scenario.js';
import type { Topology } from '../topologies/index.js';

/** Another ground truth for a story: a fault of `kind` placed (by the generator's rules) on one of `on`. */
export interface Alternative {
  kind: FaultKind;
  /** Services the fault and anything it involves (origin, callee) may sit on. */
  on: readonly string[];
  params?: Record<string, string | number | boolean>;
}

/** A second fault set that replaces the story's faults as a whole (for incidents with several roots). */
export type Alternatives = readonly (Alternative | readonly Alternative[])[];

export interface StoryOptions {
  /** Ground truths besides the original story's; the seed draws among all of them. */
  alternatives: Alternatives;
  /** What the on-call engineer is told: symptoms only, true of every ground truth. */
  description: string;
  /** What changed against the first version (the card's version entry). */
  change: string;
}

const PREFIXES = ['', 'eu-', 'us-', 'k8s-'] as const;
const SUFFIXES = ['-svc', '-prod', '-main', '-live', '-v2', '-core', '-blue', '-green'] as const;

/** A service's name with the per-seed prefix and suffix taken off (its role in the story). */
export function baseName(name: string): string {
  const p = PREFIXES.find((x) => x !== '' && name.startsWith(x)) ?? '';
  const s = SUFFIXES.find((x) => name.endsWith(x)) ?? '';
  return name.slice(p.length, name.length - s.length);
}

/**
 * Version 2 of a fixed incident: a story whose seed draws among the original ground truth and the alternatives
 * (root service, mechanism and the fix that works differ), with service names, listing order and a change history
 * drawn per seed like the generated families'. What the agent is told is true of every draw.
 */
export function story(base: ScenarioDefinition, opts: StoryOptions): ScenarioDefinition {
  const id = base.id.replace(/-v1$/, '-v2');
  const card: ScenarioCard | undefined = base.card && {
    ...base.card,
    modelled_on: `${base.card.modelled_on} Version 2 also draws other causes with the same symptoms from the fault catalogue.`,
    what_you_see: opts.description,
    scoring_notes: 'Every root cause must be found and fixed in an order that holds; which fix works depends on the cause the seed drew.',
    seeds: 'The seed draws the root cause (service, mechanism and the fix that works) among several with these symptoms, and the service names, listing order and change history (train on seeds 0–999,999; test seeds are 1,000,000–1,999,999).',
    versions: [...base.card.versions, { version: 2, date: '2026-12-08', change: opts.change }],
  };
  return {
    ...base,
    id,
    description: opts.description,
    ...(card ? { card } : {}),
    build(seed, rng): WorldSpec {
      const spec = base.build(seed, rng);
      const pick = rng.int(0, opts.alternatives.length);
      const t = topologyOf(spec, seed);
      if (pick > 0) {
        const chosen = opts.alternatives[pick - 1] as Alternative | readonly Alternative[];
        const faults = placeAll(Array.isArray(chosen) ? (chosen as readonly Alternative[]) : [chosen as Alternative], t, rng);
        // An alternative that cannot be placed in this draw of the topology keeps the original story.
        if (faults) {
          const original = new Set(spec.faults.map((f) => f.service));
          spec.faults = faults;
          spec.deploys = (spec.deploys ?? []).filter((d) => !original.has(d.service) || faults.some((f) => f.service === d.service));
        }
      }
      const history = new History(t);
      for (const f of spec.faults) history.reserve(f);
      for (const d of spec.deploys ?? []) history.reserveRelease(d.service);
      for (let n = rng.int(4, 8); n > 0; n--) history.any(rng.pick(t.services), rng);
      spec.deploys = [...(spec.deploys ?? []), ...history.extras.deploys];
      spec.config_changes = [...(spec.config_changes ?? []), ...history.extras.config_changes];
      spec.services = rng.shuffle(spec.services);
      return renameServices(spec, rng);
    },
  };
}

function placeAll(alts: readonly Alternative[], t: Topology, rng: Rng): FaultSpec[] | null {
  const out: FaultSpec[] = [];
  const used = new Set<string>();
  for (const [i, alt] of alts.entries()) {
    const allowed = new Set(alt.on);
    const avoid = new Set(t.services.map((s) => s.name).filter((n) => !allowed.has(n) || used.has(n)));
    const f = placeFault(alt.kind, t, rng, avoid, `cause-${i + 1}`, i === 0 ? 0 : -2);
    if (!f) return null;
    f.params = { ...(f.params ?? {}), ...(alt.params ?? {}) };
    used.add(f.service);
    for (const v of Object.values(f.params)) if (typeof v === 'string') used.add(v);
    out.push(f);
  }
  return out;
}

/** The spec as a topology, with the healthy load of every service measured by running it without faults. */
function topologyOf(spec: WorldSpec, seed: number): Topology {
  const healthy = createWorld(WorldSpecSchema.parse({ ...spec, faults: [], deploys: [], config_changes: [], start_minute: 1 }), seed);
  const loads = Object.fromEntries(healthy.services.map((s) => [s.name, Math.round(s.demand_rps * 10) / 10]));
  const app = healthy.services.filter((s) => ['api', 'gateway', 'worker'].includes(s.kind));
  const utilisation = app.length === 0 ? 0.4 : app.reduce((a, s) => a + s.demand_rps / Math.max(1e-9, s.replicas * s.capacity_rps), 0) / app.length;
  return { template: 'story', services: spec.services, edges: spec.edges, load_rps: spec.load_rps ?? 400, loads, utilisation };
}

/** Gives every service a name drawn per seed (its role stays readable), rewriting every reference to it. */
function renameServices(spec: WorldSpec, rng: Rng): WorldSpec {
  const taken = new Set(spec.services.map((s) => s.name));
  const names = new Map<string, string>();
  for (const s of spec.services) {
    const next = `${rng.pick(PREFIXES)}${s.name}${rng.pick(SUFFIXES)}`;
    if (next !== s.name && (taken.has(next) || next.length > 48)) continue;
    taken.add(next);
    names.set(s.name, next);
  }
  const ref = (n: string) => names.get(n) ?? n;
  const text = (v: string) => v.replace(/[a-z][a-z0-9-]*/g, (w) => names.get(w) ?? w);
  const value = <T>(v: T): T => (typeof v === 'string' ? (text(v) as T) : v);
  return {
    ...spec,
    services: spec.services.map((s) => ({ ...s, name: ref(s.name), ...(s.config ? { config: Object.fromEntries(Object.entries(s.config).map(([k, v]) => [text(k), value(v)])) } : {}) })),
    edges: spec.edges.map((e) => ({ ...e, from: ref(e.from), to: ref(e.to) })),
    faults: spec.faults.map((f) => ({ ...f, service: ref(f.service), ...(f.params ? { params: Object.fromEntries(Object.entries(f.params).map(([k, v]) => [k, value(v)])) } : {}) })),
    deploys: (spec.deploys ?? []).map((d) => ({ ...d, service: ref(d.service) })),
    config_changes: (spec.config_changes ?? []).map((c) => ({ ...c, service: ref(c.service), key: text(c.key), from: value(c.from), to: value(c.to) })),
  };
}
