import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { FiredrillError, NativeObservationSchema } from '../contracts/index.js';
import { stableStringify } from '../lib/index.js';
import { checkEnv } from './check-env.js';
import type { TaskEngine } from './engine.js';
import { Environment } from './environment.js';
import { TaskRegistry } from './registry.js';
import { createTaskRegistry } from './tasks.js';

const registry = createTaskRegistry();
const TASK = 'checkout-errors-v1';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return err instanceof FiredrillError ? err.code : `not a FiredrillError: ${String(err)}`;
  }
  return 'no error';
}

describe('Environment', () => {
  it('refuses to step before reset with RESET_NEEDED', () => {
    expect(codeOf(() => new Environment(registry).step({ action_type: 'list_services' }))).toBe('RESET_NEEDED');
  });

  it('rejects unknown tasks and malformed reset options with the field named', () => {
    const env = new Environment(registry);
    expect(codeOf(() => env.reset({ task_id: 'nope' }))).toBe('UNKNOWN_TASK');
    let caught: unknown = null;
    try {
      env.reset({ seed: -1 });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(FiredrillError);
    expect([(caught as FiredrillError).code, (caught as FiredrillError).field]).toEqual(['VALIDATION_ERROR', 'seed']);
  });

  it('turns a schema-invalid action into VALIDATION_ERROR naming the field, and a wrong but well-formed one into a normal step', () => {
    const env = new Environment(registry);
    env.reset({ task_id: TASK, seed: 1 });
    try {
      env.step({ action_type: 'read_logs', service: 3 });
      expect.unreachable();
    } catch (err) {
      expect((err as FiredrillError).code).toBe('VALIDATION_ERROR');
      expect((err as FiredrillError).field).toBe('action.service');
    }
    const r = env.step({ action_type: 'read_logs', service: 'ghost-service' });
    const obs = NativeObservationSchema.parse(r.observation);
    expect(obs.last_action).toEqual({ action_type: 'read_logs', ok: false, error: { code: 'UNKNOWN_SERVICE', message: "No service is named 'ghost-service'. Use list_services to see the names." } });
    expect(r.done).toBe(false);
    expect(obs.step).toBe(1);
  });

  it('ends with EPISODE_DONE after resolve and keeps the grade report', () => {
    const env = new Environment(registry);
    env.reset({ task_id: TASK, seed: 2 });
    const r = env.step({ action_type: 'resolve' });
    expect(r.done).toBe(true);
    expect(codeOf(() => env.step({ action_type: 'list_services' }))).toBe('EPISODE_DONE');
    expect(env.report()?.score).toBe(0);
    expect(env.report()?.ground_truth['roots']).toEqual([{ fault_id: 'payments-volume', service: 'payments-db', fault: 'disk_full', labels: ['disk_full'], victims: [] }]);
  });

  it('truncates at max_steps and flags it in metadata and state', () => {
    const env = new Environment(registry);
    env.reset({ task_id: TASK, seed: 0 });
    let r = env.step({ action_type: 'list_services' });
    for (let i = 1; i < 40; i++) r = env.step({ action_type: 'list_services' });
    expect(r.done).toBe(true);
    expect(r.metadata['truncated']).toBe(true);
    expect(env.state().truncated).toBe(true);
    expect(env.state().step_count).toBe(40);
  });

  it('restores a JSON snapshot and continues identically', () => {
    const a = new Environment(registry);
    a.reset({ task_id: 'mobile-login-outage-v1', seed: 4 });
    a.step({ action_type: 'read_logs', service: 'auth-service' });
    const snap = JSON.parse(JSON.stringify(a.snapshot()));
    const b = new Environment(registry);
    b.restore(snap);
    const action = { action_type: 'apply_fix', service: 'session-cache', fix: 'flush_cache' };
    expect(stableStringify(b.step(action))).toBe(stableStringify(a.step(action)));
    expect(stableStringify(b.state())).toBe(stableStringify(a.state()));
    expect(codeOf(() => b.restore({ ...snap, engine_version: 99 }))).toBe('VALIDATION_ERROR');
  });

  it('the delta profile sums to the final score', () => {
    const env = new Environment(registry);
    env.reset({ task_id: TASK, seed: 0 });
    let sum = 0;
    const alerts = (env.lastResult?.observation as { alerts: { id: string }[] }).alerts;
    for (const a of alerts.slice(0, 3)) sum += env.step({ action_type: 'classify_alert', alert_id: a.id, severity: 'P1', role: 'symptom' }).reward ?? 0;
    sum += env.step({ action_type: 'diagnose', service: 'payments-db', fault: 'disk_full' }).reward ?? 0;
    const last = env.step({ action_type: 'resolve' });
    sum += last.reward ?? 0;
    expect(Math.round(sum * 1e6) / 1e6).toBe(env.report()?.score);
  });
});

describe('checkEnv', () => {
  it('passes for every built-in task', () => {
    const report = checkEnv(registry, { tasks: registry.ids(), seeds: [0, 1, 2], steps: 25 });
    expect(report.failures).toEqual([]);
    expect(report.episodes).toBe(registry.ids().length * 3);
  });

  it('names the task, seed, step and check of a nondeterministic engine', () => {
    let calls = 0;
    const flaky: TaskEngine<{ n: number }> = {
      info: { id: 'flaky', name: 'Flaky', difficulty: 'easy', max_steps: 10, description: 'test double', source: 'user' },
      actionSchema: z.object({ action_type: z.literal('go') }),
      observationSchema: z.object({ n: z.number() }),
      defaultRewardProfile: 'delta',
      version: 1,
      reset: () => ({ state: { n: 0 }, result: { observation: { n: 0 }, reward: 0, done: false, metadata: {} } }),
      step(state) {
        state.n += 1;
        calls += 1;
        return { observation: { n: state.n }, reward: state.n === 2 ? calls : 0, done: false, metadata: {} };
      },
      isDone: () => false,
      publicState: () => ({}),
      report: () => null,
      sampleAction: () => ({ action_type: 'go' }),
      groundTruth: () => ({}),
    };
    const report = checkEnv(new TaskRegistry().register(flaky as TaskEngine<object>), { tasks: ['flaky'], seeds: [7], steps: 4 });
    expect(report.ok).toBe(false);
    expect(report.failures[0]).toMatchObject({ task: 'flaky', seed: 7, step: 2, check: 'determinism' });
  });
});
