import type { AlertRole, Severity } from '../../contracts/index.js';
import { FAULT_MODELS, findService, type FaultState, readyReplicas, type WorldState } from '../../sim/index.js';
import type { EpisodeRecord, GroundTruth, RootTruth } from './record.js';

/**
 * The service where a root fault's cause lives and its fix goes: the culprit named by the fault (the batch job
 * that lost its CPU limit, the release that added a query) or, for a fault without one, its own service.
 */
export function culpritOf(f: Pick<FaultState, 'kind' | 'service' | 'params'>): string {
  return FAULT_MODELS[f.kind].aliases?.(f)[0]?.service ?? f.service;
}

/**
 * Derives the ground truth of a native episode from its world at the page (faults, alerts, service health) and the
 * counterfactual baseline. Called once, at reset: triage truth follows the published rules (docs/scoring.md,
 * "Triage rules") applied to what monitoring showed when the engineer was paged.
 */
export function groundTruth(record: EpisodeRecord): GroundTruth {
  const world = record.world;
  const roots: RootTruth[] = world.faults
    .filter((f) => f.trigger === null)
    .map((f) => {
      const service = culpritOf(f);
      return { fault_id: f.id, service, fault: f.kind, labels: [...FAULT_MODELS[f.kind].accepted_labels], victims: service === f.service ? [] : [f.service] };
    });
  const sustaining = world.faults
    .filter((f) => f.trigger !== null)
    .map((f) => ({ fault_id: f.id, service: f.service, fault: f.kind, trigger: f.trigger as string }));
  const culprits = new Set(roots.map((r) => r.service));
  const baseline = new Set(record.baseline_alert_keys);
  const triage: GroundTruth['triage'] = {};
  for (const id of record.triage_alert_ids) {
    const a = world.alerts.find((x) => x.id === id);
    if (!a) continue;
    const role: AlertRole = baseline.has(`${a.rule}:${a.service}`) ? 'unrelated' : culprits.has(a.service) ? 'root_cause' : 'symptom';
    triage[id] = { severity: role === 'unrelated' ? 'P3' : severityAtPage(world, a.service), role, service: a.service, title: a.title };
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

/**
 * The published severity rule, read from the alert's service as monitoring shows it now: P1 when customers are hurt
 * (a customer-facing service outside its SLO) or the service is down; P2 when it is outside its SLO; P3 when it is
 * inside its SLO.
 */
export function severityAtPage(world: WorldState, service: string): Severity {
  const s = findService(world, service);
  if (!s || s.health === 'healthy') return 'P3';
  // The published rule: down means 90%+ errors or no replica passing readiness (as verify_health shows it).
  if (s.health === 'down' || readyReplicas(s) === 0 || s.public) return 'P1';
  return 'P2';
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
