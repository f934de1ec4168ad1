import { describe, expect, it } from 'vitest';

import type { StepResult } from '../../contracts/index.js';
import { Rng, stableStringify } from '../../lib/index.js';
import { DEVOPS_SCENARIOS, validateDevopsScenario } from './scenarios/index.js';
import { Environment } from '../../env/environment.js';
import { TaskRegistry } from '../../env/registry.js';
import { type DevopsCompatEngine, type DevopsState, createDevopsCompatEngines } from './engine.js';

function registry(): TaskRegistry {
  const r = new TaskRegistry();
  for (const e of createDevopsCompatEngines()) r.register(e);
  return r;
}

function start(task: string, seed = 12345): Environment {
  const env = new Environment(registry());
  env.reset({ task_id: task, seed });
  return env;
}

type Act = Record<string, string>;
const list: Act = { action_type: 'list_services' };
const logs = (service: string): Act => ({ action_type: 'read_logs', service });
const metrics = (service: string): Act => ({ action_type: 'query_metrics', service });
const inspect = (service?: string): Act => (service ? { action_type: 'inspect_dependencies', service } : { action_type: 'inspect_dependencies' });
const diagnose = (service: string, diagnosis: string): Act => ({ action_type: 'diagnose', service, diagnosis });
const fix = (service: string, f: string): Act => ({ action_type: 'apply_fix', service, fix: f });
const verify = (service: string): Act => ({ action_type: 'verify_health', service });

function play(task: string, actions: Act[], seed = 12345): { env: Environment; results: StepResult[] } {
  const env = start(task, seed);
  return { env, results: actions.map((a) => env.step(a)) };
}

function finalGrade(task: string, actions: Act[]): Record<string, number> {
  const { results } = play(task, actions);
  const last = results[results.length - 1];
  expect(last?.done).toBe(true);
  return last?.metadata['grader_details'] as Record<string, number>;
}

/** Destructive actions so far: graded, so kept out of the public state until the episode ends. */
function destructiveActions(env: Environment): number {
  return (env.engineState as DevopsState).destructive_actions;
}

function grader(env: Environment): Record<string, number> {
  return (env.engine as DevopsCompatEngine).grade(env.engineState as never) as unknown as Record<string, number>;
}

const EASY = [logs('api_gateway'), diagnose('api_gateway', 'service_crash'), fix('api_gateway', 'restart_service'), verify('api_gateway')];

describe('devops-incident-response measured table (as measured on the original)', () => {
  it('easy: diagnose → fix → verify = 0.862', () => {
    expect(finalGrade('easy_task', EASY.slice(1))).toEqual({ root_cause_identification: 0.7, resolution: 0.95, efficiency: 0.95, safety: 0.95, score: 0.862 });
  });

  it('easy: read_logs → diagnose → fix → verify = 0.92 (the most easy allows)', () => {
    expect(finalGrade('easy_task', EASY)).toEqual({ root_cause_identification: 0.95, resolution: 0.95, efficiency: 0.8, safety: 0.95, score: 0.92 });
  });

  it('easy: read_logs → fix → verify = 0.722; blind fix → verify = 0.635', () => {
    expect(finalGrade('easy_task', [EASY[0], EASY[2], EASY[3]] as Act[]).score).toBe(0.722);
    expect(finalGrade('easy_task', [EASY[2], EASY[3]] as Act[]).score).toBe(0.635);
  });

  it('medium: read_logs(order) → diagnose → fix → verify = 0.95', () => {
    expect(finalGrade('medium_task', [logs('order_service'), diagnose('order_service', 'memory_leak'), fix('order_service', 'memory_fix'), verify('order_service')]).score).toBe(0.95);
  });

  it('hard: read_logs(db) → diagnose → fix → verify = 0.95, and the 6-step path with gateway log and inspect too', () => {
    const direct = [logs('database'), diagnose('database', 'disk_full'), fix('database', 'clear_disk'), verify('database')];
    expect(finalGrade('hard_task', direct).score).toBe(0.95);
    expect(finalGrade('hard_task', [logs('api_gateway'), inspect('api_gateway'), ...direct]).score).toBe(0.95);
  });

  it('expert: read_logs → diagnose → fix → verify for each root (8 steps) = 0.95', () => {
    const { results } = play('expert_task', [
      logs('database'), diagnose('database', 'disk_full'), fix('database', 'clear_disk'), verify('database'),
      logs('payment_service'), diagnose('payment_service', 'connection_pool_exhaustion'), fix('payment_service', 'drain_connections'), verify('payment_service'),
    ]);
    expect(results.map((r) => r.done)).toEqual([false, false, false, false, false, false, false, true]);
    expect(results[7]?.metadata['grader_score']).toBe(0.95);
  });

  it('expert: blind fix×2 → verify×2 = 0.635', () => {
    expect(finalGrade('expert_task', [fix('database', 'clear_disk'), fix('payment_service', 'drain_connections'), verify('database'), verify('payment_service')]).score).toBe(0.635);
  });

  it('hard: a wrong diagnosis then the right one = 0.882 (safety 0.5)', () => {
    const g = finalGrade('hard_task', [logs('database'), diagnose('database', 'memory_leak'), diagnose('database', 'disk_full'), fix('database', 'clear_disk'), verify('database')]);
    expect([g.score, g.safety]).toEqual([0.882, 0.5]);
  });

  it('easy: fix → diagnose (after the fix) → verify = 0.795', () => {
    const g = finalGrade('easy_task', [fix('api_gateway', 'restart_service'), diagnose('api_gateway', 'service_crash'), verify('api_gateway')]);
    expect([g.score, g.root_cause_identification, g.safety]).toEqual([0.795, 0.7, 0.5]);
  });

  it('any task: only list_services until max_steps = 0.185', () => {
    expect(finalGrade('easy_task', Array<Act>(8).fill(list)).score).toBe(0.185);
    expect(finalGrade('hard_task', Array<Act>(12).fill(list)).score).toBe(0.185);
  });

  it('the README\'s hard_task trace: rewards 0.05 ×5, 0.08, 0.12, 0.05 and a final grade of 0.893', () => {
    const { results } = play('hard_task', [
      list, logs('api_gateway'), inspect('api_gateway'), logs('database'), metrics('database'), diagnose('database', 'disk_full'), fix('database', 'clear_disk'), verify('database'),
    ]);
    expect(results.map((r) => r.reward)).toEqual([0.05, 0.05, 0.05, 0.05, 0.05, 0.08, 0.12, 0.05]);
    expect(results[7]?.metadata['grader_score']).toBe(0.893);
  });

  it('the committed outputs/ replay lengths: correct solves in 6 / 6 / 8 / 14 steps grade 0.84 / 0.893 / 0.893 / 0.77', () => {
    expect(finalGrade('easy_task', [list, logs('api_gateway'), metrics('api_gateway'), ...EASY.slice(1)]).score).toBe(0.84);
    expect(finalGrade('medium_task', [list, logs('order_service'), metrics('order_service'), diagnose('order_service', 'memory_leak'), fix('order_service', 'memory_fix'), verify('order_service')]).score).toBe(0.893);
    expect(finalGrade('hard_task', [list, logs('api_gateway'), inspect('api_gateway'), logs('database'), metrics('database'), diagnose('database', 'disk_full'), fix('database', 'clear_disk'), verify('database')]).score).toBe(0.893);
    expect(finalGrade('expert_task', [
      list, logs('api_gateway'), inspect('api_gateway'), logs('database'), metrics('database'), diagnose('database', 'disk_full'), fix('database', 'clear_disk'), verify('database'),
      logs('payment_service'), metrics('payment_service'), inspect('payment_service'), diagnose('payment_service', 'connection_pool_exhaustion'), fix('payment_service', 'drain_connections'), verify('payment_service'),
    ]).score).toBe(0.77);
  });

  it('an untouched episode grades 0.195', () => {
    expect(grader(start('medium_task')).score).toBe(0.195);
  });
});

describe('devops-incident-response own suite (tests/test_environment.py, tests/test_fixes.py; 22 tests) — in process', () => {
  it('devops-incident-response #1 four tasks are listed in order', () => {
    expect(registry().ids()).toEqual(['easy_task', 'medium_task', 'hard_task', 'expert_task']);
  });

  it('devops-incident-response #2 reset and state are consistent', () => {
    const env = new Environment(registry());
    const r = env.reset({ task_id: 'medium_task', seed: 123 });
    expect(r.observation['step_number']).toBe(0);
    expect(r.metadata['task_id']).toBe('medium_task');
    expect(env.state().task_id).toBe('medium_task');
    expect(env.seed).toBe(123);
    expect(env.state()).not.toHaveProperty('seed');
  });

  it('devops-incident-response #3 logs are deterministic for a seed', () => {
    const first = (seed: number) => (play('hard_task', [logs('database')], seed).results[0]?.observation['logs'] as { message: string; trace_id: string }[]);
    expect(first(42)).toEqual(first(42));
    expect(first(42)[0]?.message).toBe('Replication lag increasing after storage write failures');
    expect(first(42).map((l) => l.trace_id)).toEqual(['trace-9dedb351-0', 'trace-9dedb351-1', 'trace-9dedb351-2', 'trace-9dedb351-3']);
  });

  it('devops-incident-response #4 scores are strictly inside (0, 1)', () => {
    const { env } = play('easy_task', [list, ...EASY]);
    const score = env.state()['final_score'] as number;
    expect(score).toBe(0.88);
  });

  it('devops-incident-response #5 the grade is clamped and detailed after one step', () => {
    const { env } = play('easy_task', [list]);
    expect(grader(env)).toEqual({ root_cause_identification: 0.05, resolution: 0.05, efficiency: 0.95, safety: 0.95, score: 0.365 });
  });

  it('devops-incident-response #7 final_score is null until the episode ends (the HTTP /state clamps it to 0.05)', () => {
    expect(start('easy_task').state()['final_score']).toBeNull();
  });

  it('devops-incident-response #8 every grade detail is inside (0, 1) after reset, for all tasks', () => {
    for (const task of ['easy_task', 'medium_task', 'hard_task', 'expert_task']) {
      for (const v of Object.values(grader(start(task)))) {
        expect(v).toBeGreaterThanOrEqual(0.05);
        expect(v).toBeLessThanOrEqual(0.95);
      }
    }
  });

  it('devops-incident-response #9 a reset switches the active task', () => {
    const env = start('easy_task');
    env.reset({ task_id: 'expert_task', seed: 1 });
    expect(env.state().task_id).toBe('expert_task');
    expect(env.state()['max_steps']).toBe(14);
  });

  it('devops-incident-response #10 the final grade is not in the terminal step reward', () => {
    const { results } = play('easy_task', EASY);
    const last = results[3];
    expect(last?.reward).toBe(0.05);
    expect(last?.metadata['grader_score']).toBe(0.92);
    expect(results.map((r) => r.reward)).toEqual([0.05, 0.08, 0.12, 0.05]);
  });

  it('devops-incident-response #11 intermediate rewards are non-zero', () => {
    const { results } = play('hard_task', [logs('database')]);
    expect(results[0]?.reward).toBe(0.05);
  });

  it('devops-incident-response #12 a wrong fix is destructive', () => {
    const { env, results } = play('easy_task', [fix('api_gateway', 'memory_fix')]);
    expect(destructiveActions(env)).toBe(1);
    expect(results[0]?.reward).toBe(0.05);
    expect(results[0]?.observation['success']).toBe(false);
    // The agent sees what a symptom fix shows (the original said destructive_action, which named the root).
    expect([results[0]?.metadata['last_action_error'], results[0]?.observation['message']]).toEqual(['ineffective_fix', 'api_gateway is still down after memory_fix.']);
    expect(env.state()).not.toHaveProperty('destructive_actions');
  });

  it('devops-incident-response #13 a second fix of the same service is destructive', () => {
    const { env, results } = play('easy_task', [fix('api_gateway', 'restart_service'), fix('api_gateway', 'restart_service')]);
    expect(destructiveActions(env)).toBe(1);
    expect(results[1]?.observation['success']).toBe(false);
    expect(results[1]?.observation['message']).toBe('Avoid remediating healthy services.');
  });

  it('devops-incident-response #14 a fix on a healthy service is destructive', () => {
    const { env, results } = play('easy_task', [fix('database', 'clear_disk')]);
    expect(destructiveActions(env)).toBe(1);
    expect(results[0]?.reward).toBe(0.05);
    expect(results[0]?.observation['message']).toBe('Avoid remediating healthy services.');
  });

  it('devops-incident-response #15 scenario configs are valid', () => {
    for (const s of DEVOPS_SCENARIOS) expect(validateDevopsScenario(s)).toEqual([]);
    expect(validateDevopsScenario({ ...DEVOPS_SCENARIOS[1]!, affected: [{ service: 'order_service', mode: 'high_latency' }] })).toEqual([
      'medium_task: order_service is both a root and affected',
      'medium_task: alert on healthy api_gateway',
    ]);
  });

  it('devops-incident-response #16 every root has a failure mode and a fix', () => {
    for (const s of DEVOPS_SCENARIOS) for (const r of s.roots) expect([r.mode.length > 0, r.fix.length > 0]).toEqual([true, true]);
  });

  it('devops-incident-response #17 action field length limits are enforced', () => {
    const env = start('easy_task');
    expect(() => env.step({ action_type: 'list_services', reasoning: 'x'.repeat(10000) })).toThrow(/reasoning/);
    expect(() => env.step({ action_type: 'diagnose', service: 'api_gateway', diagnosis: 'd'.repeat(101) })).toThrow(/diagnosis/);
    expect(env.step({ action_type: 'list_services', reasoning: 'x'.repeat(5000) }).done).toBe(false);
  });

  it('devops-incident-response #18 the grade stays within [0.05, 0.95] after one step', () => {
    const { env } = play('expert_task', [fix('api_gateway', 'scale_up')]);
    expect(grader(env).score).toBe(0.365);
  });

  it('devops-incident-response #22 list_services until done reaches a terminal state with a grade', () => {
    const { results } = play('easy_task', Array<Act>(8).fill(list));
    expect(results[7]?.done).toBe(true);
    expect(results[7]?.metadata['grader_score']).toBe(0.185);
    expect(results[6]?.done).toBe(false);
  });
});

describe('devops-incident-response world and observations', () => {
  it('logs follow the original\'s MD5 choice and timestamps (its test vectors)', () => {
    const lines = play('easy_task', [logs('api_gateway')]).results[0]?.observation['logs'] as { timestamp: string; level: string; message: string; trace_id: string }[];
    expect(lines.map((l) => l.timestamp)).toEqual(['2026-01-01T15:24:45Z', '2026-01-01T15:25:00Z', '2026-01-01T15:25:15Z', '2026-01-01T15:25:30Z']);
    expect(lines.map((l) => `${l.level} ${l.message}`)).toEqual([
      'ERROR Socket bind failed after process teardown',
      'WARN CrashLoopBackOff detected for deployment replicas',
      'ERROR No healthy workers available to accept traffic',
      'FATAL Main worker exited unexpectedly with signal 11',
    ]);
    expect(lines[0]?.trace_id).toBe('trace-3d82ed22-0');
    const db = (seed: number, steps: Act[]) => (play('hard_task', steps, seed).results.at(-1)?.observation['logs'] as { message: string }[])[0]?.message;
    expect(db(42, [logs('database')])).toBe('Replication lag increasing after storage write failures');
    expect(db(42, [list, logs('database')])).toBe('Archive log shipping stalled because target volume is full');
  });

  it('statuses: roots show their fault, symptoms are degraded, fixed roots recover, verified ones are healthy', () => {
    const status = (r: StepResult | undefined) => Object.fromEntries((r?.observation['service_summaries'] as { service_name: string; status: string }[]).map((s) => [s.service_name, s.status]));
    const env = start('expert_task');
    expect(status(env.lastResult ?? undefined)).toEqual({ api_gateway: 'degraded', auth_service: 'healthy', user_service: 'healthy', order_service: 'degraded', payment_service: 'degraded', database: 'critical' });
    expect(status(env.step(fix('database', 'clear_disk')))['database']).toBe('recovering');
    expect(status(env.step(verify('database')))['database']).toBe('healthy');
    expect(status(env.step(fix('payment_service', 'drain_connections')))).toMatchObject({ payment_service: 'recovering', api_gateway: 'healthy', order_service: 'healthy' });
  });

  it('the dependency graph is shown for inspected services, all of it after a full inspection', () => {
    const env = start('hard_task');
    expect(env.step(inspect('order_service')).observation['dependency_graph']).toEqual({ order_service: ['payment_service', 'database'] });
    const full = env.step(inspect()).observation['dependency_graph'] as Record<string, string[]>;
    expect(Object.keys(full)).toEqual(['api_gateway', 'auth_service', 'user_service', 'order_service', 'payment_service', 'database']);
  });

  it('alerts disappear once the incident is resolved', () => {
    const { results } = play('easy_task', EASY);
    expect((results[2]?.observation['active_alerts'] as unknown[]).length).toBe(1);
    expect(results[3]?.observation['active_alerts']).toEqual([]);
  });

  it('a step after the end changes nothing', () => {
    const { env } = play('easy_task', EASY);
    const r = env.step(list);
    expect([r.reward, r.done, r.metadata['last_action_error'], r.observation['action_result']]).toEqual([0.05, true, 'episode_already_done', 'Episode is already complete.']);
    expect(env.state()['compat_step_count']).toBe(4);
  });

  it('bad service, diagnosis and fix values are invalid steps (safety −0.1 each), not errors', () => {
    const { env, results } = play('easy_task', [logs('nope'), diagnose('api_gateway', 'gremlins'), fix('api_gateway', 'reboot'), inspect('nope')]);
    expect(results.map((r) => r.metadata['last_action_error'])).toEqual(['read_logs_requires_valid_service', 'diagnose_requires_valid_diagnosis', 'apply_fix_requires_valid_fix', 'unknown_service']);
    expect(results.map((r) => r.observation['success'])).toEqual([false, false, false, false]);
    expect(env.state()['invalid_actions']).toBe(4);
  });

  it('an unknown action type is rejected by the schema', () => {
    expect(() => start('easy_task').step({ action_type: 'READ_LOGS', service: 'database' })).toThrow(/action_type/);
  });

  it('is deterministic: same seed and actions give identical bytes', () => {
    const run = () => play('expert_task', [list, logs('payment_service'), metrics('database'), diagnose('database', 'disk_full')], 99).env.fingerprint();
    expect(run()).toBe(run());
  });

  it('sampleAction actions pass the schema, observations match observationSchema, and play reaches the end', () => {
    const env = start('hard_task');
    const engine = env.engine;
    if (!engine) throw new Error('no engine');
    const rng = Rng.fromSeed(5);
    for (let i = 0; i < 12; i++) {
      const a = engine.sampleAction(env.engineState, rng);
      expect(engine.actionSchema.safeParse(a).success).toBe(true);
      expect(engine.observationSchema.safeParse(env.step(a).observation).success).toBe(true);
    }
    expect(env.state().done).toBe(true);
  });

  it('the reward profiles: seed2 clamps per step; delta pays the change of the grade; cumulative reports it', () => {
    const rewards = (profile: 'seed2' | 'delta' | 'cumulative') => {
      const env = new Environment(registry());
      env.reset({ task_id: 'easy_task', seed: 1, reward_profile: profile });
      return EASY.map((a) => env.step(a).reward);
    };
    expect(rewards('seed2')).toEqual([0.05, 0.08, 0.12, 0.05]);
    expect(rewards('cumulative')).toEqual([0.453, 0.68, 0.95, 0.92]);
    const delta = rewards('delta');
    expect(delta).toEqual([0.453, 0.227, 0.27, -0.03]);
    expect(delta.reduce((a, b) => (a ?? 0) + (b ?? 0), 0)).toBeCloseTo(0.92, 10);
  });

  it('the grade report lists the four components with weights, points, reasons and the ground truth', () => {
    const { env } = play('hard_task', [logs('database'), diagnose('database', 'disk_full'), fix('database', 'clear_disk'), verify('database')]);
    const report = env.report();
    expect(report?.score).toBe(0.95);
    expect(report?.criteria.map((c) => [c.name, c.weight, c.score, c.points])).toEqual([
      ['root_cause_identification', 0.35, 0.95, 0.3325],
      ['resolution', 0.3, 0.95, 0.285],
      ['efficiency', 0.2, 0.95, 0.19],
      ['safety', 0.15, 0.95, 0.1425],
    ]);
    expect(report?.criteria[0]?.reason).toBe('1/1 root services diagnosed with their failure mode, 1/1 had their logs read: 0.7·1/1 + 0.3·1/1, kept in [0.05, 0.95].');
    expect(report?.ground_truth).toEqual({ root_cause_services: ['database'], root_cause_failure_modes: ['disk_full'], required_fixes: { database: 'clear_disk' }, affected_services: ['payment_service', 'order_service', 'api_gateway'], optimal_steps: 6 });
  });
});

describe('devops-incident-response bugs fixed (docs/compat.md)', () => {
  it('no answer key in public state', () => {
    const { env } = play('expert_task', [logs('database'), diagnose('database', 'memory_leak')]);
    const state = stableStringify(env.state());
    for (const key of ['root_cause_services', 'root_cause_failure_modes', 'required_fixes', 'affected_services', 'expected', 'unresolved_root_services']) expect(state).not.toContain(key);
  });

  it('read_logs and query_metrics messages render symptoms, never the failure-mode label', () => {
    const labels = /service_crash|memory_leak|high_latency|connection_pool_exhaustion|disk_full|disk full|certificate_expired|config_drift|memory leak|pool exhaustion/i;
    for (const s of DEVOPS_SCENARIOS) {
      const env = start(s.task_id);
      for (const service of ['api_gateway', 'order_service', 'payment_service', 'database']) {
        for (const r of [env.step(logs(service)), env.step(metrics(service))]) {
          expect(r.observation['message']).not.toMatch(labels);
          expect(r.observation['action_result']).not.toMatch(labels);
        }
      }
    }
    expect(play('hard_task', [logs('database')], 42).results[0]?.observation['message']).toBe('Recent logs of database: 1 FATAL, 3 ERROR; most severe: "Database checkpoint failed: disk allocation error".');
    const r = play('hard_task', [metrics('database')]).results[0];
    expect(r?.observation['message']).toBe('Metrics of database: status=critical, cpu 14.0%, rss 1100/2048 MB, p50 900 ms, p99 14000 ms, errors 41.0%, connections 18/100, disk 99.2/100.0 GB, uptime 172800 s.');
  });

  it('a fix on a symptom service pays nothing and fixes nothing (seed: +0.12, "recovering", verifiable)', () => {
    const { env, results } = play('hard_task', [fix('api_gateway', 'restart_service'), verify('api_gateway')]);
    expect(results.map((r) => r.reward)).toEqual([0.05, 0.05]);
    expect(results.map((r) => r.metadata['last_action_error'])).toEqual(['ineffective_fix', 'verification_before_fix']);
    expect((env.engineState as DevopsState).correct_fixes).toEqual([]);
    expect(destructiveActions(env)).toBe(0);
    const firstDelta = (a: Act) => {
      const delta = new Environment(registry());
      delta.reset({ task_id: 'hard_task', seed: 1, reward_profile: 'delta' });
      return delta.step(a).reward;
    };
    expect(firstDelta(fix('api_gateway', 'restart_service'))).toBe(firstDelta(list));
  });

  it('inspect_dependencies of an unknown service reports failure (seed: success true)', () => {
    expect(play('easy_task', [inspect('mainframe')]).results[0]?.observation['success']).toBe(false);
  });
});
