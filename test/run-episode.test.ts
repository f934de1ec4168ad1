import { describe, expect, it } from 'vitest';

import type { Agent } from '../src/agents/agent.js';
import { AgentOutputError } from '../src/agents/agent-error.js';
import { gradeReportFrom, runEpisode } from '../src/agents/run-episode.js';
import { TrajectoryLineSchema } from '../src/contracts/index.js';
import { InProcessEnv } from '../src/eval/in-process-env.js';
import { FixtureAgent } from './fixtures/fixture-agent.js';
import { createFixtureRegistry } from './fixtures/fixture-engine.js';

function tickingClock(): () => number {
  let t = 0;
  return () => (t += 5);
}

const fixed = { clock: tickingClock(), startedAt: () => '2026-01-01T00:00:00.000Z' };

describe('runEpisode', () => {
  it('records every turn and ends with the grade report from the final metadata', async () => {
    const env = new InProcessEnv(createFixtureRegistry());
    const t = await runEpisode(env, new FixtureAgent(), { taskId: 'fixture-outage', seed: 0, ...fixed, clock: tickingClock() });
    expect(t.header).toMatchObject({ agent: 'fixture-investigator', task_id: 'fixture-outage', seed: 0, repeat: 0, reset_options: { task_id: 'fixture-outage', seed: 0 }, started_at: '2026-01-01T00:00:00.000Z' });
    expect(t.steps.map((s) => (s.action as { action_type: string }).action_type)).toEqual([
      'list_services', 'read_logs', 'read_logs', 'read_logs', 'diagnose', 'apply_fix', 'verify_health', 'resolve',
    ]);
    expect(t.steps.map((s) => s.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(t.end.status).toBe('done');
    expect(t.end.turns).toBe(8);
    expect(t.end.steps).toBe(8);
    // seed 0 → db disk_full, fixed at T+8 (five 1-minute actions, then a 3-minute fix): 0.4 + 0.4 + 0.2 × (1 − 8/20)
    expect(t.end.report?.score).toBe(0.92);
    expect(t.end.report?.success).toBe(true);
    expect(t.end.report?.ground_truth).toEqual({ service: 'db', fault: 'disk_full', fix: 'clear_disk' });
    expect(t.end.total_reward).toBe(0.92);
    expect(t.steps[0]?.agent_ms).toBe(5);
    expect(t.steps[0]?.env_ms).toBe(5);
    for (const line of [t.header, ...t.steps, t.end]) expect(TrajectoryLineSchema.safeParse(JSON.parse(JSON.stringify(line))).success).toBe(true);
  });

  it('turns a rejected action into a StepError turn and tells the agent in metadata.action_error', async () => {
    const env = new InProcessEnv(createFixtureRegistry());
    const seen: unknown[] = [];
    const agent = new FixtureAgent({ invalidFirst: true });
    const act = agent.act.bind(agent);
    agent.act = (last) => {
      seen.push(last.metadata['action_error'] ?? null);
      return act(last);
    };
    const t = await runEpisode(env, agent, { taskId: 'fixture-outage', seed: 1, ...fixed, clock: tickingClock() });
    expect(t.steps[0]).toMatchObject({ index: 1, action: { action_type: 'read_logs' }, observation: null, reward: null, done: false, metadata: null, error: { kind: 'StepError', code: 'VALIDATION_ERROR' } });
    expect(t.steps[0]?.error?.message).toContain('action.service');
    expect(seen[0]).toBeNull();
    expect(seen[1]).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(t.end.turns).toBe(t.end.steps + 1);
    expect(t.end.status).toBe('done');
    expect(t.end.report?.ground_truth).toEqual({ service: 'api', fault: 'memory_leak', fix: 'restart' });
  });

  it('stops when the agent returns null, with no report when the episode did not end', async () => {
    const env = new InProcessEnv(createFixtureRegistry());
    const t = await runEpisode(env, new FixtureAgent({ stopAfter: 2 }), { taskId: 'fixture-outage', seed: 0, ...fixed });
    expect(t.end).toMatchObject({ status: 'stopped', turns: 2, steps: 2, report: null });
  });

  it('abandons the episode after the consecutive-error limit of unreadable replies', async () => {
    const agent: Agent = {
      name: 'mumbling',
      start() {},
      act() {
        throw new AgentOutputError('no JSON in reply', 'hello');
      },
    };
    const t = await runEpisode(new InProcessEnv(createFixtureRegistry()), agent, { taskId: 'fixture-outage', seed: 0, maxConsecutiveErrors: 3, ...fixed });
    expect(t.steps.map((s) => s.error?.kind)).toEqual(['ParseError', 'ParseError', 'ParseError']);
    expect(t.end.status).toBe('errors');
    expect(t.end.error).toBe('3 consecutive turns without a transition; last: ParseError: no JSON in reply');
    expect(t.end.steps).toBe(0);
  });

  it('ends the episode at once with status error when the agent throws, in act or in start', async () => {
    let n = 0;
    const acting: Agent = {
      name: 'broken',
      start() {},
      act() {
        n += 1;
        if (n === 1) return { action_type: 'list_services' };
        throw new Error('boom');
      },
    };
    const t = await runEpisode(new InProcessEnv(createFixtureRegistry()), acting, { taskId: 'fixture-outage', seed: 0, ...fixed });
    expect(t.end).toMatchObject({ status: 'error', error: 'boom', turns: 2, steps: 1, report: null });
    expect(t.steps[1]?.error).toEqual({ kind: 'Exception', message: 'boom' });
    const starting: Agent = { name: 'no-start', start: () => Promise.reject(new Error('no model')), act: () => null };
    const u = await runEpisode(new InProcessEnv(createFixtureRegistry()), starting, { taskId: 'fixture-outage', seed: 0, ...fixed });
    expect(u.end).toMatchObject({ status: 'error', error: 'no model', turns: 0, steps: 0 });
  });

  it('honours the turn budget', async () => {
    const agent: Agent = { name: 'reader', start() {}, act: () => ({ action_type: 'list_services' }) };
    const t = await runEpisode(new InProcessEnv(createFixtureRegistry()), agent, { taskId: 'fixture-outage', seed: 0, maxSteps: 3, ...fixed });
    expect(t.end).toMatchObject({ status: 'max_turns', turns: 3, steps: 3 });
  });

  it('passes ground truth only to agents that declare needsGroundTruth, after reset', async () => {
    const got: unknown[] = [];
    const mk = (needs: boolean): Agent => ({
      name: 'peek',
      needsGroundTruth: needs,
      start(ctx) {
        got.push(ctx.groundTruth ?? null);
      },
      act: () => null,
    });
    const env = new InProcessEnv(createFixtureRegistry());
    await runEpisode(env, mk(true), { taskId: 'fixture-outage', seed: 1, groundTruth: () => env.groundTruth(), ...fixed });
    await runEpisode(env, mk(false), { taskId: 'fixture-outage', seed: 1, groundTruth: () => env.groundTruth(), ...fixed });
    expect(got).toEqual([{ service: 'api', fault: 'memory_leak', fix: 'restart' }, null]);
  });

  it('ends with env_error when the environment fails for another reason than validation', async () => {
    const env = new InProcessEnv(createFixtureRegistry());
    const failing = { ...env, reset: env.reset.bind(env), state: env.state.bind(env), close: env.close.bind(env), step: async () => { throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }); } };
    const t = await runEpisode(failing, new FixtureAgent(), { taskId: 'fixture-outage', seed: 0, ...fixed });
    expect(t.end).toMatchObject({ status: 'env_error', error: 'ECONNRESET: socket hang up', turns: 1, steps: 0 });
    expect(t.steps[0]?.error).toEqual({ kind: 'StepError', code: 'ECONNRESET', message: 'socket hang up' });
  });

  it('reads the grade report from grade_report or report, and ignores anything else', () => {
    expect(gradeReportFrom({})).toBeNull();
    expect(gradeReportFrom({ grade_report: { score: 1 } })).toBeNull();
  });
});
