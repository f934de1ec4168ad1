import type { FaultKind } from '../../contracts/index.js';
import type { Rng } from '../../lib/index.js';
import type { FaultSpec, ServiceSpec, WorldSpec } from '../../sim/spec.js';
import { buildTopology, randomDag, type Topology } from '../topologies/index.js';
import { changeLead, oldReleaseLead } from '../../sim/baseline-config.js';
import { History, standingWarning, VERSIONED_KINDS } from './herrings.js';
import { type GeneratorKnobs, MISLEADING_KINDS, ORGANIC_KINDS } from './knobs.js';
import { involvedServices, placeFault, PLACERS } from './placement.js';

/** Config-change faults whose timing does not depend on when the change landed: their lead is drawn like any change's. */
const FREE_LEAD_CONFIG: readonly FaultKind[] = [
  'config_drift', 'dns_failure', 'retry_storm', 'thread_pool_exhaustion', 'gc_pressure', 'clock_skew', 'noisy_neighbor', 'cache_stampede',
  'bad_feature_flag', 'rate_limit_misconfig', 'regex_cpu_blowup', 'packet_loss', 'oom_crashloop', 'lock_contention', 'replication_lag', 'network_partition',
];

/** Lead (minutes before onset) of the change a fault records when the generator does not draw it. */
const FIXED_LEAD: Partial<Record<FaultKind, number>> = {
  ephemeral_port_exhaustion: 8, autoscaler_misconfig: 90, cache_eviction_oom: 4320, log_volume_disk_fill: 45, credential_rotation_failure: 1, file_descriptor_exhaustion: 14,
};

/** Parameters that make a fault's root organic: no change near onset points at it. */
function organicParams(kind: FaultKind, rng: Rng): Record<string, string | number | boolean> {
  switch (kind) {
    case 'memory_leak':
      return { deploy_lead: oldReleaseLead(rng) };
    case 'lock_contention':
    case 'replication_lag':
      return { unrecorded: true };
    case 'network_partition':
      return { via_policy: false };
    default:
      return {};
  }
}

/** Parameters of a root drawn as a change: when it landed. */
function changeParams(kind: FaultKind, rng: Rng): Record<string, string | number | boolean> {
  if (kind === 'network_partition') return { via_policy: true, lead: changeLead(rng) };
  if (FREE_LEAD_CONFIG.includes(kind)) return { lead: changeLead(rng) };
  if (VERSIONED_KINDS.includes(kind) && kind !== 'file_descriptor_exhaustion') return { deploy_lead: changeLead(rng) };
  return {};
}

/** Minute (relative to onset 0) of the change that set off a fault, or null when no recent change did. */
export function triggerMinute(f: FaultSpec): number | null {
  const p = f.params ?? {};
  const onset = f.onset ?? 0;
  if (f.trigger !== undefined || p['unrecorded'] === true || ORGANIC_ONLY.includes(f.kind)) return null;
  if (f.kind === 'network_partition' && p['via_policy'] !== true) return null;
  const lead = typeof p['lead'] === 'number' ? p['lead'] : typeof p['deploy_lead'] === 'number' ? p['deploy_lead'] : FIXED_LEAD[f.kind] ?? null;
  if (lead === null || lead > 1440) return null;
  return onset - lead;
}

/** Faults that never come from a change. */
const ORGANIC_ONLY: readonly FaultKind[] = ['cpu_saturation', 'disk_full', 'certificate_expired', 'external_provider_outage', 'hot_key'];

/** Root kinds that, once they break their service, leave a caller in a state of its own (the sustaining faults). */
const SUSTAINING_KINDS: readonly FaultKind[] = ['retry_storm', 'thread_pool_exhaustion'];

function between(rng: Rng, [lo, hi]: readonly [number, number]): number {
  return rng.int(lo, hi);
}

/** The service whose symptoms a misleading root makes loudest (where a greedy responder looks first). */
function loudestSymptom(f: FaultSpec): string | null {
  const p = f.params ?? {};
  switch (f.kind) {
    case 'slow_query':
    case 'lock_contention':
    case 'hot_key':
      return f.service;
    case 'cache_stampede':
      return typeof p['db'] === 'string' ? p['db'] : null;
    case 'retry_storm':
    case 'credential_rotation_failure':
      return typeof p['callee'] === 'string' ? p['callee'] : null;
    default:
      return null;
  }
}

/** Services up to two calls above `name` along calls without a fallback (its failure reaches them). */
function upstreamOf(t: Topology, name: string): Set<string> {
  const out = new Set<string>();
  let frontier = [name];
  for (let depth = 0; depth < 2; depth++) {
    const next: string[] = [];
    for (const e of t.edges) {
      if (frontier.includes(e.to) && !e.fallback && !out.has(e.from) && e.from !== name) {
        out.add(e.from);
        next.push(e.from);
      }
    }
    frontier = next;
  }
  return out;
}

/**
 * Generates one incident from the knobs: a topology, root faults placed on distinct services, sustaining faults
 * that outlive their trigger, red herrings, history noise, observability gaps and decoys. Deterministic in `rng`.
 */
export function generateIncident(knobs: GeneratorKnobs, rng: Rng): WorldSpec {
  const topology: Topology = rng.chance(knobs.template_chance) ? buildTopology(rng.pick(knobs.templates), rng) : randomDag(rng, between(rng, knobs.services));
  const services = topology.services.map((s) => ({ ...s, config: { ...(s.config ?? {}) } }));
  const byName = new Map(services.map((s) => [s.name, s]));
  const t: Topology = { ...topology, services, edges: topology.edges.map((e) => ({ ...e })) };
  const involved = new Set<string>();
  const faults: FaultSpec[] = [];

  const misleading = knobs.kinds.filter((k) => MISLEADING_KINDS.includes(k));
  const organic = knobs.kinds.filter((k) => ORGANIC_KINDS.includes(k));
  const plain = knobs.kinds.filter((k) => !MISLEADING_KINDS.includes(k));
  const roots = between(rng, knobs.roots);
  for (let r = 0; r < roots; r++) {
    // A stacked root sits upstream of an earlier one, on a caller whose calls carry that root's failure to it.
    const stackable = faults.filter((f) => upstreamOf(t, f.service).size > 0);
    const below = r > 0 && stackable.length > 0 && rng.chance(knobs.stacked_chance) ? (rng.pick(stackable) as FaultSpec).service : null;
    const allowed = below ? upstreamOf(t, below) : null;
    const avoid = allowed ? new Set([...involved, ...services.map((s) => s.name).filter((n) => !allowed.has(n))]) : involved;
    const organicRoot = organic.length > 0 && rng.chance(knobs.organic_share);
    for (let attempt = 0; attempt < 30; attempt++) {
      const pool = organicRoot && attempt < 20 ? organic : misleading.length > 0 && (plain.length === 0 || rng.chance(knobs.misleading_share)) ? misleading : plain;
      const kind = rng.pick(pool);
      if (faults.some((f) => f.kind === kind)) continue;
      const onset = r === 0 ? 0 : rng.int(-4, 2);
      const f = placeFault(kind, t, rng, attempt < 24 ? avoid : involved, `root-${r + 1}`, onset);
      if (!f) continue;
      f.params = { ...(f.params ?? {}), ...(organicRoot && attempt < 20 ? organicParams(kind, rng) : changeParams(kind, rng)) };
      faults.push(f);
      for (const s of involvedServices(f)) involved.add(s);
      break;
    }
  }

  // Sustaining faults: a caller of a root's service wedges while the root fails and stays wedged until restarted.
  let sustaining = 0;
  for (const root of [...faults]) {
    if (sustaining >= knobs.max_sustaining || !rng.chance(knobs.sustaining_chance)) continue;
    const callers = t.edges.filter((e) => e.to === root.service && !e.fallback && !involved.has(e.from) && byName.get(e.from)?.kind === 'api').map((e) => e.from);
    if (callers.length === 0) continue;
    const caller = rng.pick(callers);
    // A retry setting applies to every call the client makes; it may not retry more than the system was sized for.
    const attempts = 1 + Math.min(...t.edges.filter((e) => e.from === caller).map((e) => e.retries ?? 2));
    const kind = attempts >= 2 ? rng.pick(SUSTAINING_KINDS) : 'thread_pool_exhaustion';
    sustaining += 1;
    faults.push({ id: `sustain-${sustaining}`, kind, service: caller, onset: root.onset ?? 0, trigger: root.id, params: kind === 'retry_storm' ? { callee: root.service, attempts } : { callee: root.service } });
    involved.add(caller);
  }

  const history = new History(t);
  for (const f of faults) history.reserve(f);
  const startMinute = rng.int(6, 11);

  // Red herrings: standing warnings anywhere uninvolved, and decoy changes on the loudest symptoms.
  let herrings = between(rng, knobs.red_herrings);
  if (knobs.decoys) {
    for (const f of faults) {
      const loud = loudestSymptom(f);
      const svc = loud ? byName.get(loud) : undefined;
      if (!svc || herrings === 0) continue;
      if (history.any(svc, rng, rng.int(3, 25))) herrings -= 1;
    }
  }
  const free = services.filter((s) => !involved.has(s.name));
  for (const s of rng.shuffle(free)) {
    if (herrings <= 0) break;
    if (standingWarning(s, rng, startMinute, s.load_rps ?? 0, t.edges.some((e) => e.to === s.name))) herrings -= 1;
  }

  // Change noise: harmless releases and configuration changes on any service, roots included, drawn from the
  // same keys, authors, notes and leads as the faults' own changes.
  // Families without decoys keep the noise off the services the faults involve: the broken service's own history
  // stays readable on the easy tiers.
  const noiseOn = knobs.decoys ? services : free.length > 0 ? free : services;
  const shielded = knobs.decoys ? new Set<string>() : involved;
  for (let n = between(rng, knobs.noise); n > 0; n--) {
    // Most decoys are the change a fault of the family would make, placed where it would go, with a harmless value.
    if (rng.chance(0.7)) {
      const kind = rng.pick(knobs.kinds);
      const p = PLACERS[kind](t, rng, shielded);
      if (p && history.mimic(kind, p, rng)) continue;
    }
    history.any(rng.pick(noiseOn), rng);
  }

  // A harmless change closer to onset than the latest change that broke something.
  const triggers = faults.map(triggerMinute).filter((m): m is number => m !== null);
  const latest = triggers.length > 0 ? Math.max(...triggers) : -30;
  if (rng.chance(knobs.near_change_chance) && latest < -1) history.any(rng.pick(noiseOn), rng, rng.int(1, -latest - 1));
  const extras = history.extras;

  // Observability gaps: never a public entry point; a root only if one of its callers still reports.
  const gapCandidates = services.filter((s) => !s.public && !involved.has(s.name));
  for (let g = between(rng, knobs.gaps); g > 0 && gapCandidates.length > 0; g--) {
    const s = gapCandidates.splice(rng.int(0, gapCandidates.length - 1), 1)[0] as ServiceSpec;
    s.monitored = false;
  }
  for (const f of faults) {
    const svc = byName.get(f.service);
    if (!svc || svc.public || f.trigger !== undefined || !rng.chance(knobs.root_gap_chance)) continue;
    const watched = t.edges.some((e) => e.to === svc.name && !e.fallback && byName.get(e.from)?.monitored !== false);
    if (watched) svc.monitored = false;
  }

  return {
    // Listed in no particular order: a position in the listing never tells a root apart.
    services: rng.shuffle(services),
    edges: t.edges,
    faults,
    deploys: extras.deploys,
    config_changes: extras.config_changes,
    load_rps: t.load_rps,
    start_minute: startMinute,
    onset_date: `2026-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
    onset_time: `${String(rng.int(0, 23)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`,
  };
}
