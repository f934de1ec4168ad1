import { describe, expect, it } from 'vitest';

import type { NativeAction, NativeObservation, StepResult } from '../contracts/index.js';
import { FAULT_KINDS } from '../contracts/index.js';
import { FAULT_TERMS, type GroundTruth, mentions } from '../grading/index.js';
import { GENERATED_FAMILIES } from '../scenarios/index.js';
import { Environment } from './environment.js';
import type { NativeState } from './native/state.js';
import { createTaskRegistry } from './tasks.js';

const env = new Environment(createTaskRegistry());

interface Played {
  score: number;
  mitigated: boolean;
  steps: number;
  failedActions: string[];
}

function finish(r: StepResult, failed: string[]): Played {
  const report = r.metadata['grade_report'] as { score: number; steps: number; ground_truth: { mitigated: boolean } } | undefined;
  return { score: report?.score ?? 0, mitigated: report?.ground_truth.mitigated ?? false, steps: report?.steps ?? 0, failedActions: failed };
}

/**
 * The remedies-based oracle: classifies every alert, names every root, applies the ground truth's remedies in
 * order, waits out the settle window, writes a consistent postmortem and resolves.
 */
export function playOracle(task: string, seed: number): Played {
  let r = env.reset({ task_id: task, seed });
  const truth = env.groundTruth() as unknown as GroundTruth;
  const failed: string[] = [];
  const step = (a: NativeAction) => {
    if (r.done) return;
    r = env.step(a);
    const o = r.observation as NativeObservation;
    if (o.last_action && !o.last_action.ok) failed.push(`${a.action_type}: ${o.last_action.error?.message ?? ''}`);
  };
  for (const [id, t] of Object.entries(truth.triage)) step({ action_type: 'classify_alert', alert_id: id, severity: t.severity, role: t.role });
  for (const root of truth.roots) step({ action_type: 'diagnose', service: root.service, fault: root.fault });
  for (const rem of truth.remedies) step({ action_type: 'apply_fix', service: rem.service, fix: rem.fix, ...(rem.params ? { params: rem.params } : {}) });
  const world = () => (env.engineState as NativeState).world;
  for (let n = 0; n < 12 && !r.done; n++) {
    const w = world();
    if (w.minutes_in_slo >= w.settle_minutes && w.faults.every((f) => f.status === 'resolved')) break;
    step({ action_type: 'wait', minutes: Math.max(1, Math.min(5, w.settle_minutes - w.minutes_in_slo)) });
  }
  const resolvedAt = world().events.flatMap((e) => (e.type === 'fault_resolved' ? [e.minute] : []));
  step({
    action_type: 'write_postmortem',
    timeline: `T+0 onset of the incident. T+${Math.max(0, ...resolvedAt)} mitigated and verified.`,
    root_cause: truth.roots.map((x) => `${x.service}: ${FAULT_TERMS[x.fault][0] ?? x.fault}`).join('; '),
    impact: 'Customers saw errors and slow responses for the duration.',
    action_items: `Applied ${truth.remedies.map((x) => x.fix).join(', ')} and verified health.`,
    prevention: 'Alert earlier on the leading signal and add a runbook for this failure.',
  });
  step({ action_type: 'resolve' });
  return finish(r, failed);
}

const SYMPTOM_GUESSES: readonly [RegExp, NativeAction & { action_type: 'diagnose' } extends { fault: infer F } ? F : never][] = [
  [/No space left|could not extend file/i, 'disk_full'],
  [/OOMKilled|out of memory/i, 'memory_leak'],
  [/x509|certificate|TLS handshake/i, 'certificate_expired'],
  [/no such host|ENOTFOUND/i, 'dns_failure'],
  [/OOM command not allowed/i, 'cache_eviction_oom'],
  [/Connection is not available|idle object from pool/i, 'connection_pool_exhaustion'],
  [/duration: .* statement|sequential scan/i, 'slow_query'],
  [/retry/i, 'retry_storm'],
  [/Exception|500 Internal/i, 'bad_deploy'],
];

/**
 * A greedy responder: follows the loudest alert down the dependency graph to the deepest unhealthy service,
 * blames it, undoes its most recent change (or restarts it), and declares victory.
 */
export function playGreedy(task: string, seed: number): Played {
  let r = env.reset({ task_id: task, seed });
  const step = (a: NativeAction): NativeObservation => {
    if (!r.done) r = env.step(a);
    return r.observation as NativeObservation;
  };
  const first = r.observation as NativeObservation;
  const rank = (s: string) => (s === 'critical' ? 2 : s === 'warning' ? 1 : 0);
  const alerts = first.alerts.filter((a) => a.state === 'firing').sort((a, b) => rank(b.severity) - rank(a.severity));
  const services = (step({ action_type: 'list_services' }).result as { services: { name: string; health: string; depends_on: string[] }[] }).services;
  const byName = new Map(services.map((s) => [s.name, s]));
  let blamed = alerts[0]?.service ?? services[0]?.name ?? '';
  for (let depth = 0; depth < 10; depth++) {
    const next = byName.get(blamed)?.depends_on.find((d) => ['degraded', 'down'].includes(byName.get(d)?.health ?? ''));
    if (!next) break;
    blamed = next;
  }
  for (const a of alerts) step({ action_type: 'classify_alert', alert_id: a.id, severity: a.service === blamed ? 'P1' : 'P2', role: a.service === blamed ? 'root_cause' : 'symptom' });
  const logs = (step({ action_type: 'read_logs', service: blamed, level: 'WARN', limit: 40 }).result as { lines?: { message: string }[] }).lines ?? [];
  const text = logs.map((l) => l.message).join('\n');
  const fault = SYMPTOM_GUESSES.find(([re]) => re.test(text))?.[1] ?? 'bad_deploy';
  step({ action_type: 'diagnose', service: blamed, fault });
  const deploys = (step({ action_type: 'list_deploys', service: blamed }).result as { deploys: { kind: string; previous: string; minutes_ago: number }[] }).deploys;
  const config = step({ action_type: 'get_config', service: blamed }).result as { recent_changes?: { key: string; from: string | number | boolean; minutes_ago: number }[] };
  const deploy = deploys.filter((d) => d.kind === 'deploy').at(-1);
  const change = config.recent_changes?.at(-1);
  if (fault === 'disk_full') step({ action_type: 'apply_fix', service: blamed, fix: 'clear_disk' });
  else if (change && (!deploy || change.minutes_ago < deploy.minutes_ago)) step({ action_type: 'apply_fix', service: blamed, fix: 'config_set', params: { key: change.key, value: change.from } });
  else if (deploy) step({ action_type: 'apply_fix', service: blamed, fix: 'rollback', params: { version: deploy.previous } });
  else step({ action_type: 'apply_fix', service: blamed, fix: 'restart' });
  step({ action_type: 'wait', minutes: 5 });
  step({
    action_type: 'write_postmortem',
    timeline: 'T+0 onset of errors. T+12 fix applied and verified.',
    root_cause: `${blamed}: ${fault.replace(/_/g, ' ')}`,
    impact: 'Customers saw errors during the incident window.',
    action_items: `Applied a fix on ${blamed} and verified health afterwards.`,
    prevention: 'Add alerting and a runbook for this failure mode.',
  });
  step({ action_type: 'resolve' });
  return finish(r, []);
}

describe('postmortem vocabulary of the catalog', () => {
  it('the first phrase of every fault type asserts that fault type and no other', () => {
    for (const k of FAULT_KINDS) {
      const phrase = FAULT_TERMS[k][0] ?? '';
      expect(FAULT_KINDS.filter((x) => FAULT_TERMS[x].some((t) => mentions(phrase, t))), k).toEqual([k]);
    }
  });
});

describe('catalog validity: generated families', () => {
  it.each(GENERATED_FAMILIES.map((f) => f.id))('%s: the oracle scores at least 0.95 on each of 50 seeds', (id) => {
    for (let seed = 0; seed < 50; seed++) {
      const played = playOracle(id, seed);
      expect(played.failedActions, `${id}/${seed}`).toEqual([]);
      expect(played.mitigated, `${id}/${seed}`).toBe(true);
      expect(played.score, `${id}/${seed}`).toBeGreaterThanOrEqual(0.95);
    }
  });

  it.each(['gen-hard', 'gen-expert'])('%s: following the loudest alert to the deepest unhealthy service scores below 0.5 on average', (id) => {
    let total = 0;
    for (let seed = 0; seed < 30; seed++) total += playGreedy(id, seed).score;
    expect(total / 30).toBeLessThan(0.5);
  });

  it('the greedy responder does well on easy incidents, so its failure on hard ones is the tier, not the responder', () => {
    let total = 0;
    for (let seed = 0; seed < 30; seed++) total += playGreedy('gen-easy', seed).score;
    expect(total / 30).toBeGreaterThan(0.55);
  });
});
