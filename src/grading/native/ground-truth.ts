import type { AlertRole, Severity } from '../../contracts/index.js';
import { FAULT_MODELS, findService, type WorldState } from '../../sim/index.js';
import type { EpisodeRecord, GroundTruth, RootTruth } from './record.js';

/** Derives the ground truth of a native episode from its world (faults, alerts) and the counterfactual baseline. */
export function groundTruth(record: EpisodeRecord): GroundTruth {
  const world = record.world;
  const roots: RootTruth[] = world.faults
    .filter((f) => f.trigger === null)
    .map((f) => ({ fault_id: f.id, service: f.service, fault: f.kind, aliases: FAULT_MODELS[f.kind].aliases?.(f) ?? [] }));
  const sustaining = world.faults
    .filter((f) => f.trigger !== null)
    .map((f) => ({ fault_id: f.id, service: f.service, fault: f.kind, trigger: f.trigger as string }));
  const rootServices = new Set(roots.flatMap((r) => [r.service, ...r.aliases.map((a) => a.service)]));
  const baseline = new Set(record.baseline_alert_keys);
  const triage: GroundTruth['triage'] = {};
  for (const id of record.triage_alert_ids) {
    const a = world.alerts.find((x) => x.id === id);
    if (!a) continue;
    const role: AlertRole = baseline.has(`${a.rule}:${a.service}`) ? 'unrelated' : rootServices.has(a.service) ? 'root_cause' : 'symptom';
    const severity: Severity = role === 'unrelated' ? 'P3' : role === 'root_cause' || findService(world, a.service)?.public ? 'P1' : 'P2';
    triage[id] = { severity, role, service: a.service, title: a.title };
  }
  return {
    roots,
    sustaining,
    triage,
    remedies: remediesOf(world),
    onset_minute: Math.min(0, ...world.faults.map((f) => f.onset)),
    settle_minutes: world.settle_minutes,
  };
}

/** The expert's plan: root faults first, then sustaining faults, then callers whose breakers stay open. */
export function remediesOf(world: WorldState): GroundTruth['remedies'] {
  const out: GroundTruth['remedies'] = [];
  const ordered = [...world.faults.filter((f) => f.trigger === null), ...world.faults.filter((f) => f.trigger !== null)];
  for (const f of ordered) {
    for (const r of FAULT_MODELS[f.kind].remedy(f, world)) out.push({ service: r.service, fix: r.fix, ...(r.params ? { params: r.params as Record<string, string | number | boolean> } : {}) });
  }
  const breakerCallers = new Set(world.edges.filter((e) => e.breaker && e.breaker_open_minutes > 10).map((e) => e.from));
  for (const s of breakerCallers) {
    if (world.edges.some((e) => e.from === s && world.faults.some((f) => f.service === e.to))) out.push({ service: s, fix: 'restart' });
  }
  return out;
}
