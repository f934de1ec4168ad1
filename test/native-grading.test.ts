import { beforeAll, describe, expect, it } from 'vitest';

import type { CriterionResult, GradeReport, StepResult } from '../src/contracts/index.js';
import type { Agent } from '../src/agents/agent.js';
import { REFERENCE_AGENTS } from '../src/agents/reference.js';
import { Environment, type Snapshot } from '../src/env/environment.js';
import type { NativeState } from '../src/env/native/state.js';
import { createDefaultRegistry } from '../src/cli/default-registry.js';
import { rollout } from '../src/eval/validate.js';
import { gradeNative, isMitigated, nativeContext, OUTLOOK_MINUTES, projectOutlook } from '../src/grading/index.js';
import { tick } from '../src/sim/index.js';

const env = new Environment(createDefaultRegistry());

function criterion(report: GradeReport | null, name: string): CriterionResult {
  const c = report?.criteria.find((x) => x.name === name) as CriterionResult | undefined;
  if (!c) throw new Error(`no criterion ${name}`);
  return c;
}

function part(report: GradeReport | null, name: string): CriterionResult {
  const c = criterion(report, 'postmortem').children?.find((x) => x.name === name);
  if (!c) throw new Error(`no postmortem part ${name}`);
  return c;
}

function play(actions: readonly unknown[]): StepResult[] {
  return actions.map((a) => env.step(a));
}

/** Records the actions of an agent so a test can replay a prefix and branch. */
function recording(agent: Agent, into: unknown[]): Agent {
  return {
    name: agent.name,
    needsGroundTruth: agent.needsGroundTruth ?? false,
    start: (ctx, first) => agent.start(ctx, first),
    async act(last) {
      const a = await agent.act(last);
      if (a !== null) into.push(a);
      return a;
    },
  };
}

describe('claims are graded only at the end', () => {
  it('a right diagnosis earns nothing mid-episode, so rewards cannot be used to probe for the root cause', () => {
    env.reset({ task_id: 'checkout-errors-v1', seed: 3 });
    const [right, wrong] = play([
      { action_type: 'diagnose', service: 'payments-db', fault: 'disk_full' },
      { action_type: 'diagnose', service: 'checkout-service', fault: 'bad_deploy' },
    ]);
    expect(right?.reward).toBe(0);
    expect(wrong?.reward).toBe(0);
    expect(right?.metadata['score']).toBe(0);
    expect(env.report()).toBeNull();
    const [end] = play([{ action_type: 'resolve' }]);
    const report = end?.metadata['grade_report'] as GradeReport;
    expect(criterion(report, 'localization')).toMatchObject({ score: 0.5, points: 0.1 });
    expect(criterion(report, 'characterization')).toMatchObject({ score: 0.5, points: 0.075 });
    expect(end?.reward).toBe(0.175);
    expect(env.report()).toEqual(report);
  });

  it('a second true name for a matched root (the release behind a slow query) is neither right nor wrong', () => {
    const r = env.reset({ task_id: 'order-pages-slow-v1', seed: 0 });
    expect(r.done).toBe(false);
    play([
      { action_type: 'diagnose', service: 'orders-db', fault: 'slow_query' },
      { action_type: 'diagnose', service: 'orders-service', fault: 'bad_deploy' },
      { action_type: 'resolve' },
    ]);
    expect(criterion(env.report(), 'localization').score).toBe(1);
    expect(criterion(env.report(), 'characterization').score).toBe(1);
  });

  it('a constant triage (every alert a symptom, P2) scores 0', () => {
    const first = env.reset({ task_id: 'checkout-errors-v1', seed: 0 });
    const alerts = (first.observation['alerts'] as { id: string; state: string }[]).filter((a) => a.state === 'firing');
    expect(alerts.length).toBe(14);
    play([...alerts.map((a) => ({ action_type: 'classify_alert', alert_id: a.id, severity: 'P2', role: 'symptom' })), { action_type: 'resolve' }]);
    expect(criterion(env.report(), 'triage')).toMatchObject({ score: 0, points: 0 });
  });
});

describe('penalties', () => {
  it('show in the step that earned them: scaling a service to zero costs 0.2 at once and voids mitigation', () => {
    env.reset({ task_id: 'checkout-errors-v1', seed: 0 });
    const [scaled] = play([{ action_type: 'apply_fix', service: 'payments-db', fix: 'scale', params: { replicas: 0 } }]);
    expect(scaled?.reward).toBe(-0.2);
    const [fix, , end] = play([{ action_type: 'apply_fix', service: 'payments-db', fix: 'clear_disk' }, { action_type: 'wait', minutes: 10 }, { action_type: 'resolve' }]);
    expect(fix?.reward).toBe(0);
    const report = env.report();
    expect(report?.penalties.map((p) => [p.name, p.points])).toEqual([
      ['harmful_fix', 0.05],
      ['invariant_broken', 0.15],
    ]);
    expect(criterion(report, 'mitigation')).toMatchObject({ score: 0, reason: 'invariant broken: payments-db scaled to zero replicas' });
    expect(report?.score).toBe(0);
    expect(end?.reward).toBe(0.2);
  });

  it('an escalation costs 0.03 in its own step', () => {
    env.reset({ task_id: 'mobile-login-outage-v1', seed: 0 });
    const [esc] = play([{ action_type: 'escalate', team: 'database', reason: 'help' }]);
    expect(esc?.reward).toBe(-0.03);
  });
});

describe('mitigation must hold', () => {
  it('restarting a full noeviction cache is only relief: the policy is still noeviction, so mitigation is 0', () => {
    env.reset({ task_id: 'mobile-login-outage-v1', seed: 0 });
    play([
      { action_type: 'apply_fix', service: 'session-cache', fix: 'restart' },
      { action_type: 'apply_fix', service: 'auth-service', fix: 'restart' },
      { action_type: 'apply_fix', service: 'mobile-api', fix: 'restart' },
      { action_type: 'wait', minutes: 6 },
      { action_type: 'resolve' },
    ]);
    expect(criterion(env.report(), 'mitigation')).toMatchObject({ score: 0 });
    expect(criterion(env.report(), 'mitigation').reason).toMatch(/^not mitigated: 2 fault\(s\) still active/);
  });

  it('the outlook sees a relieved fault return: half-clearing a filling volume resolves it only for a while', () => {
    const first = env.reset({ task_id: 'checkout-errors-v1', seed: 0 });
    expect(first.done).toBe(false);
    const state = env.snapshot().engine_state as NativeState;
    const db = state.world.services.find((s) => s.name === 'payments-db');
    if (!db) throw new Error('no payments-db');
    db.disk_used_gb = db.disk_total_gb * 0.97;
    tick(state.world);
    expect(state.world.faults[0]?.status).toBe('resolved');
    const outlook = projectOutlook(state.world);
    expect(outlook.relapsed).toEqual(['payments-volume']);
    expect(outlook.horizon).toBeLessThan(OUTLOOK_MINUTES);
    state.done = true;
    expect(isMitigated({ record: state, truth: state.truth, outlook })).toBe(false);
    expect(projectOutlook(state.world)).toEqual(outlook);
  });

  it('a root fault that went away without a remediation by the agent is not its mitigation', async () => {
    await rollout(env, REFERENCE_AGENTS['oracle']?.() as Agent, 'checkout-errors-v1', 2);
    const state = env.snapshot().engine_state as NativeState;
    expect(isMitigated(nativeContext(state, state.truth))).toBe(true);
    for (const e of state.world.events) if (e.type === 'fault_resolved') e.by = 'none';
    const ctx = nativeContext(state, state.truth);
    expect(isMitigated(ctx)).toBe(false);
    expect(gradeNative(ctx).criteria.find((c) => c.name === 'mitigation')).toMatchObject({ score: 0, reason: 'not mitigated: 0 fault(s) still active, 12/5 minutes inside SLO; 0/1 root causes fixed for good' });
  });

  it('the expert fix holds through the outlook', async () => {
    const e = await rollout(env, REFERENCE_AGENTS['oracle']?.() as Agent, 'mobile-login-outage-v1', 0);
    expect(e.report?.ground_truth['outlook']).toEqual({ horizon: 60, relapsed: [], minutes_in_slo: expect.any(Number) as number });
    expect(criterion(e.report, 'mitigation').score).toBe(1);
  });
});

describe('postmortem', () => {
  let beforePostmortem: Snapshot;
  let oraclePostmortem: Record<string, string>;

  beforeAll(async () => {
    const actions: unknown[] = [];
    await rollout(env, recording(REFERENCE_AGENTS['oracle']?.() as Agent, actions), 'checkout-errors-v1', 0);
    oraclePostmortem = actions.at(-2) as Record<string, string>;
    env.reset({ task_id: 'checkout-errors-v1', seed: 0 });
    play(actions.slice(0, -2));
    beforePostmortem = env.snapshot();
  });

  function grade(pm: Record<string, string>): GradeReport | null {
    env.restore(beforePostmortem);
    play([{ ...oraclePostmortem, ...pm }, { action_type: 'resolve' }]);
    return env.report();
  }

  it('the oracle postmortem is fully consistent', () => {
    expect(oraclePostmortem['root_cause']).toBe('Root cause: the data volume of payments-db filled up (disk full, "No space left on device"), so writes failed.');
    expect(criterion(grade({}), 'postmortem').score).toBe(1);
  });

  it('keyword stuffing earns nothing for root service, fault or fix', () => {
    const stuffed = 'payments-db checkout-service payment-service catalog-db cart-cache analytics-worker disk full memory leak slow query dns x509 noeviction retry storm connection leak regression config drift network partition cpu saturation restarted rolled back scaled cleared flushed renewed failover T+0 T+5 T+10 T+15 T+20 T+25 T+30';
    const r = grade({ timeline: stuffed, root_cause: stuffed, impact: stuffed, action_items: stuffed, prevention: stuffed });
    expect(part(r, 'sections').score).toBe(0.2);
    expect(part(r, 'root_service').score).toBe(0.25);
    expect(part(r, 'fault').score).toBe(0);
    expect(part(r, 'fix').score).toBe(0);
    expect(criterion(r, 'postmortem').score).toBeLessThan(0.05);
  });

  it('naming an unrelated service as a cause halves the root-service part', () => {
    const r = grade({ root_cause: 'The data volume of payments-db filled up (disk full). The recommendation-service deploy also broke checkout.' });
    expect(part(r, 'root_service')).toMatchObject({ score: 0.5 });
  });

  it('a timeline of invented minutes loses its precision; fixes it claims but never applied cost a third each', () => {
    const r = grade({ timeline: 'T+0 onset. T+9 cleared the disk. T+77 restarted payments-db. T+93 rolled back payment-service.' });
    expect(part(r, 'timeline').reason).toMatch(/× 2\/4 timestamps matching an event \(no event near T\+77, T\+93\) → 0\.50$/);
    expect(part(r, 'fix').reason).toBe('names 1/1 remediations that worked; claims restart (never applied), rollback (never applied) (−0.33 each)');
    expect(part(r, 'fix').score).toBe(0.3333);
  });

  it('a timeline that lists every minute shrinks in proportion beyond 12 timestamps', () => {
    const r = grade({ timeline: Array.from({ length: 30 }, (_, i) => `T+${i} status check`).join('\n') });
    expect(part(r, 'timeline').reason).toMatch(/× 0\.40 for more than 12 timestamps → /);
    expect(part(r, 'timeline').score).toBeLessThanOrEqual(0.5);
  });

  it('identical sections count once', () => {
    const text = 'payments-db ran out of disk space (disk full) and writes failed for a while.';
    const r = grade({ timeline: text, root_cause: text, impact: text, action_items: text, prevention: text });
    expect(part(r, 'sections').score).toBe(0.2);
  });
});
