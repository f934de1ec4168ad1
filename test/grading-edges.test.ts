import { describe, expect, it } from 'vitest';

import type { Agent } from '../src/agents/agent.js';
import { REFERENCE_AGENTS } from '../src/agents/reference.js';
import { createDefaultRegistry } from '../src/cli/default-registry.js';
import { type CriterionResult, type GradeReport, type RewardProfile, type StepResult, TRIAGE_RULES } from '../src/contracts/index.js';
import { Environment } from '../src/env/environment.js';
import type { NativeState } from '../src/env/native/state.js';
import { mix, Rng } from '../src/lib/index.js';

const env = new Environment(createDefaultRegistry());

type Alert = { id: string; service: string; state: string };
const alertsOf = (r: StepResult) => r.observation['alerts'] as Alert[];
const lastAction = (r: StepResult) => r.observation['last_action'] as { ok: boolean; error?: { code: string } };
const part = (report: GradeReport | null, name: string): CriterionResult => {
  const walk = (cs: readonly CriterionResult[]): CriterionResult | undefined => cs.find((c) => c.name === name) ?? cs.map((c) => walk((c.children ?? []) as CriterionResult[])).find(Boolean);
  const found = walk((report?.criteria ?? []) as CriterionResult[]);
  if (!found) throw new Error(`no criterion ${name}`);
  return found;
};

/** Plays a reference agent under a reward profile and returns the summed reward and the final score. */
async function playSum(agentName: string, task: string, seed: number, profile: RewardProfile): Promise<{ sum: number; score: number }> {
  const agent = REFERENCE_AGENTS[agentName]?.() as Agent;
  let last = env.reset({ task_id: task, seed, reward_profile: profile });
  await agent.start({ taskId: task, seed, rng: Rng.fromSeed(mix(seed, 0), 0x5eed), ...(agent.needsGroundTruth ? { groundTruth: env.groundTruth() } : {}) }, last);
  let sum = 0;
  for (let i = 0; i < 1000 && !last.done; i++) {
    const a = await agent.act(last);
    if (a === null || a === undefined) break;
    last = env.step(a);
    sum += last.reward ?? 0;
  }
  return { sum: Math.round(sum * 1e6) / 1e6, score: env.report()?.score ?? 0 };
}

describe('reward edges under every profile', () => {
  const profiles: RewardProfile[] = ['delta', 'cumulative', 'seed2', 'shaped'];
  it.each(profiles)('%s: doing nothing sums to at most 0.10 and below the oracle, on a native task and on gen-expert', async (profile) => {
    for (const task of ['checkout-errors-v1', 'gen-expert']) {
      const idle = await playSum('do-nothing', task, 3, profile);
      const oracle = await playSum('oracle', task, 3, profile);
      expect(idle.sum, `${profile} ${task}`).toBeLessThanOrEqual(0.1);
      expect(idle.sum, `${profile} ${task}`).toBeLessThan(oracle.sum);
    }
  }, 60_000);

  it('shaped pays progress before the end and still sums to the final score', async () => {
    const agent = REFERENCE_AGENTS['oracle']?.() as Agent;
    let last = env.reset({ task_id: 'checkout-errors-v1', seed: 0, reward_profile: 'shaped' });
    await agent.start({ taskId: 'checkout-errors-v1', seed: 0, rng: Rng.fromSeed(0, 1), groundTruth: env.groundTruth() }, last);
    const rewards: number[] = [];
    while (!last.done) {
      last = env.step(await agent.act(last));
      rewards.push(last.reward ?? 0);
    }
    expect(rewards.slice(0, -1).some((r) => r > 0)).toBe(true);
    expect(rewards.reduce((a, b) => a + b, 0)).toBeCloseTo(env.report()?.score ?? -1, 6);
  });

  it('shaped: every exploit agent sums exactly its final score, so the exploit bounds carry over', async () => {
    for (const name of ['stuffer', 'brute-diagnoser', 'fix-everything', 'escalate-spam', 'premature-resolve']) {
      const r = await playSum(name, 'gen-hard', 2, 'shaped');
      expect(r.sum, name).toBeCloseTo(r.score, 5);
      expect(r.score, name).toBeLessThanOrEqual(0.3);
    }
  }, 60_000);
});

describe('config_set edges', () => {
  it('a key the service does not have is a failed action and changes nothing', () => {
    env.reset({ task_id: 'checkout-errors-v1', seed: 0 });
    const before = JSON.stringify((env.engineState as NativeState).world.services.find((s) => s.name === 'payments-db')?.config);
    const r = env.step({ action_type: 'apply_fix', service: 'payments-db', fix: 'config_set', params: { key: '__proto__', value: 'x' } });
    expect(lastAction(r)).toEqual({ action_type: 'apply_fix', ok: false, error: { code: 'INVALID_FIX', message: "payments-db has no config key '__proto__'; get_config lists its keys." } });
    const state = env.engineState as NativeState;
    expect(JSON.stringify(state.world.services.find((s) => s.name === 'payments-db')?.config)).toBe(before);
    expect(state.fixes).toEqual([]);
  });

  it('moving a real key to a value it never had, fixing nothing, is harmful', () => {
    env.reset({ task_id: 'checkout-errors-v1', seed: 0 });
    const state = env.engineState as NativeState;
    const svc = state.world.services.find((s) => Object.keys(s.config).length > 0 && s.name !== 'payments-db');
    if (!svc) throw new Error('no configured service');
    const [key, value] = Object.entries(svc.config)[0] as [string, string | number | boolean];
    const wrong = typeof value === 'number' ? value * 7 + 1 : typeof value === 'boolean' ? !value : `${value}-wrong`;
    const r = env.step({ action_type: 'apply_fix', service: svc.name, fix: 'config_set', params: { key, value: wrong } });
    expect(lastAction(r).ok).toBe(true);
    expect(state.fixes.at(-1)?.outcome).toBe('harmful');
    expect(r.reward).toBe(-0.05);
  });
});

describe('an episode that ends without resolve', () => {
  it('cannot reach success and earns no efficiency, though the fix held', async () => {
    const oracle = REFERENCE_AGENTS['oracle']?.() as Agent;
    let last = env.reset({ task_id: 'checkout-errors-v1', seed: 0 });
    await oracle.start({ taskId: 'checkout-errors-v1', seed: 0, rng: Rng.fromSeed(0, 1), groundTruth: env.groundTruth() }, last);
    for (;;) {
      const a = await oracle.act(last);
      if (a === null || (a as { action_type: string }).action_type === 'resolve') break;
      last = env.step(a);
    }
    while (!last.done) last = env.step({ action_type: 'wait', minutes: 60 });
    const report = env.report();
    expect(report?.success).toBe(false);
    expect(part(report, 'mitigation').score).toBe(1);
    expect(part(report, 'efficiency').score).toBe(0);
    expect(part(report, 'efficiency').reason).toBe('the episode ended without resolve: an incident nobody closes keeps its responders paged');
  });
});

describe('triage', () => {
  it('publishes its rules in the goal at reset and in the classify_alert tool', () => {
    const r = env.reset({ task_id: 'frontend-slow-v1', seed: 0 });
    const goal = (r.observation['incident'] as { goal: string }).goal;
    expect(goal).toContain(TRIAGE_RULES.severity);
    expect(goal).toContain(TRIAGE_RULES.role);
  });

  it('grades the culprit of a noisy neighbour as the root cause and its victim as a symptom, in triage and localization alike', async () => {
    const r = env.reset({ task_id: 'frontend-slow-v1', seed: 0 });
    const truth = env.groundTruth() as { roots: { service: string; victims: string[] }[]; triage: Record<string, { role: string; service: string }> };
    expect(truth.roots).toEqual([{ fault_id: 'neighbour', service: 'fraud-detection', fault: 'noisy_neighbor', labels: ['noisy_neighbor', 'config_drift'], victims: ['frontend'] }]);
    expect(Object.values(truth.triage).filter((t) => t.role === 'root_cause').map((t) => t.service)).toEqual(['fraud-detection']);
    expect(Object.keys(truth.triage)).toEqual(alertsOf(r).map((a) => a.id));
    env.step({ action_type: 'diagnose', service: 'frontend', fault: 'noisy_neighbor' });
    env.step({ action_type: 'diagnose', service: 'fraud-detection', fault: 'config_drift' });
    const done = env.step({ action_type: 'resolve' });
    const report = done.metadata['grade_report'] as GradeReport;
    expect(part(report, 'localization').score).toBe(1);
    expect(part(report, 'characterization').score).toBe(1);
  });

  it('classifies several alerts in one step, all or nothing, and names every wrong and missing item', () => {
    const first = env.reset({ task_id: 'frontend-slow-v1', seed: 0 });
    const [a, b, c] = alertsOf(first);
    if (!a || !b || !c) throw new Error('needs three alerts');
    const bad = env.step({ action_type: 'classify_alerts', alerts: [{ alert_id: a.id, severity: 'P1', role: 'symptom' }, { alert_id: 'ALR-nope', severity: 'P1', role: 'symptom' }] });
    expect(lastAction(bad).error?.code).toBe('UNKNOWN_ALERT');
    expect((env.engineState as NativeState).classifications).toEqual([]);
    const ok = env.step({ action_type: 'classify_alerts', alerts: [{ alert_id: a.id, severity: 'P1', role: 'symptom' }, { alert_id: b.id, severity: 'P2', role: 'symptom' }, { alert_id: c.id, severity: 'P2', role: 'root_cause' }] });
    expect(ok.observation['step']).toBe(2);
    expect((env.engineState as NativeState).classifications.map((x) => x.alert_id)).toEqual([a.id, b.id, c.id]);
    const done = env.step({ action_type: 'resolve' });
    const report = done.metadata['grade_report'] as GradeReport;
    // Truth (frontend-slow-v1/0): P1 P1 P2 P2 P2 P3; symptom ×5 and root_cause on fraud-detection.
    // Severity: disagreement 3.5/6 observed, 23.5/36 by chance → 1 − 0.583/0.653 = 0.11. Role: 4/6 and 25/36 → 0.04.
    expect(part(report, 'severity').reason).toBe(
      `weighted kappa over 6 alerts: 2 agree, 1 adjacent (half credit), agreement 0.42, chance agreement 0.35 → 0.11; wrong: ${b.id} (frontend-proxy) P2, is P1; unlabelled: ALR-64a4b9 (frontend, is P2); ALR-46526c (frontend, is P2); ALR-1746d9 (fraud-detection, is P3)`,
    );
    expect(part(report, 'role').reason).toBe(
      `kappa over 6 alerts: 2 agree, agreement 0.33, chance agreement 0.31 → 0.04; wrong: ${c.id} (frontend) root_cause, is symptom; unlabelled: ALR-64a4b9 (frontend, is symptom); ALR-46526c (frontend, is symptom); ALR-1746d9 (fraud-detection, is root_cause)`,
    );
    expect(report.summary?.length).toBe(3);
  });

  it('when every alert has the same true label, a constant guess scores 0 and the criterion steps aside', () => {
    const r = env.reset({ task_id: 'checkout-errors-v1', seed: 0 });
    const s = env.engineState as NativeState;
    // Make the truth single-class in both dimensions, as happens on small generated incidents.
    for (const t of Object.values(s.truth.triage)) Object.assign(t, { role: 'symptom', severity: 'P2' });
    for (const a of alertsOf(r)) env.step({ action_type: 'classify_alert', alert_id: a.id, severity: 'P2', role: 'symptom' });
    const report = env.step({ action_type: 'resolve' }).metadata['grade_report'] as GradeReport;
    const triage = part(report, 'triage');
    expect([triage.weight, triage.score, triage.points]).toEqual([0, 0, 0]);
    expect(triage.reason).toBe('not applicable: every alert has the same true role and priority, so triage measures nothing here');
    expect(report.criteria.reduce((a, c) => a + c.weight, 0)).toBeCloseTo(1, 3);
  });
});

describe('criteria, exact values', () => {
  it('localization and characterization: a wrong claim, the victim (neutral), then the culprit under its trigger label', () => {
    env.reset({ task_id: 'frontend-slow-v1', seed: 0 });
    env.step({ action_type: 'diagnose', service: 'frontend-proxy', fault: 'bad_deploy' });
    env.step({ action_type: 'diagnose', service: 'frontend', fault: 'cpu_saturation' });
    env.step({ action_type: 'diagnose', service: 'fraud-detection', fault: 'config_drift' });
    const report = env.step({ action_type: 'resolve' }).metadata['grade_report'] as GradeReport;
    // Ranked claims after skipping the neutral victim: [wrong, right] → AP 1/2 × precision 1/2.
    expect(part(report, 'localization').score).toBe(0.25);
    expect(part(report, 'localization').reason).toBe('AP 0.50 × precision 0.50 (1 of 2 counted service claims right, 1/1 roots found) → 0.25; wrong: frontend-proxy');
    // frontend cpu_saturation is neither the victim under an accepted label nor a root: wrong too → AP 1/3 × precision 1/3.
    expect(part(report, 'characterization').score).toBe(0.1111);
    expect(part(report, 'characterization').reason).toBe('AP 0.33 × precision 0.33 (1 of 3 counted (service, fault) claims right, 1/1 roots found) → 0.11; wrong: frontend-proxy bad_deploy, frontend cpu_saturation');
  });

  it('the shaping potential is 0 at the page and grows only with recovery and look-ups', async () => {
    const { shapingOf, nativeContext } = await import('../src/grading/index.js');
    env.reset({ task_id: 'checkout-errors-v1', seed: 0, reward_profile: 'shaped' });
    const s = () => env.engineState as NativeState;
    expect(shapingOf(nativeContext(s(), s().truth))).toEqual({ potential: 0, recovery: 0, coverage: 0 });
    const look = env.step({ action_type: 'read_logs', service: 'payments-db' });
    const services = s().world.services.length;
    expect(shapingOf(nativeContext(s(), s().truth)).coverage).toBeCloseTo(1 / (2 * services), 12);
    expect(look.reward).toBeCloseTo(0.05 / (2 * services), 6);
    env.step({ action_type: 'read_logs', service: 'payments-db' });
    expect(shapingOf(nativeContext(s(), s().truth)).coverage).toBeCloseTo(1 / (2 * services), 12);
    env.step({ action_type: 'diagnose', service: 'payments-db', fault: 'disk_full' });
    expect(env.step({ action_type: 'diagnose', service: 'web-frontend', fault: 'disk_full' }).reward).toBe(0);
    env.step({ action_type: 'apply_fix', service: 'payments-db', fix: 'clear_disk' });
    expect(shapingOf(nativeContext(s(), s().truth)).recovery).toBeGreaterThanOrEqual(0.5);
  });
});
