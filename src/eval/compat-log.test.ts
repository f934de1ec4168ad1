import { describe, expect, it } from 'vitest';

import type { Trajectory, TrajectoryStep } from '../contracts/index.js';
import { pyFixed, CompatLineWriter, compatLogLines, compatLogStyle } from './compat-log.js';

const usage = { prompt_tokens: 0, completion_tokens: 0, cost_usd: 0, calls: 0 };
function step(index: number, action: unknown, reward: number | null, done: boolean, over: Partial<TrajectoryStep> = {}): TrajectoryStep {
  return { type: 'step', index, action, observation: reward === null ? null : {}, reward, done, metadata: reward === null ? null : {}, error: null, agent_ms: 0, env_ms: 0, usage, ...over };
}
function traj(taskId: string, steps: TrajectoryStep[], score: number | null, success = false): Trajectory {
  return {
    header: { type: 'header', format: 'firedrill-trajectory', version: 1, agent: 'x', task_id: taskId, seed: 0, repeat: 0, reset_options: {}, observation: {}, reward: 0, done: false, metadata: {}, started_at: 't' },
    steps,
    end: {
      type: 'end', status: 'done', turns: steps.length, steps: steps.length, total_reward: 0, usage, wall_ms: 0, error: null,
      report: score === null ? null : { task_id: taskId, seed: 0, episode_id: 'e', score, success, criteria: [], penalties: [], ground_truth: {}, steps: steps.length, elapsed_minutes: null },
    },
  };
}

describe('compat log lines', () => {
  it('formats like Python, ties to even', () => {
    expect(pyFixed(0.125, 2)).toBe('0.12');
    expect(pyFixed(0.375, 2)).toBe('0.38');
    expect(pyFixed(0.1 + 0.2, 2)).toBe('0.30');
    expect(pyFixed(2.675, 2)).toBe('2.67');
    expect(pyFixed(0.0625, 3)).toBe('0.062');
    expect(pyFixed(-0.125, 2)).toBe('-0.12');
    expect(pyFixed(0.05, 3)).toBe('0.050');
  });

  it('picks the style from the task source', () => {
    expect(compatLogStyle('sre-incident-response')).toBe('sre');
    expect(compatLogStyle('devops-incident-response')).toBe('devops');
    expect(compatLogStyle('native')).toBe('native');
  });

  it('prints A.8 lines for sre-incident-response tasks', () => {
    const t = traj('alert_triage', [
      step(1, { action_type: 'diagnose', value: 'db primary cpu' }, 0.35, false),
      step(2, null, null, false, { error: { kind: 'ParseError', message: 'no JSON' } }),
      step(3, { action_type: 'acknowledge_alert', value: 'db' }, 0.6, true),
    ], 0.6);
    expect(compatLogLines('sre', t, 'llm:Qwen/Qwen2.5-72B-Instruct')).toEqual([
      '[START] task=alert_triage env=sre-incident-response model=Qwen/Qwen2.5-72B-Instruct',
      '[STEP] step=1 action={"action_type":"diagnose","value":"dbprimarycpu"} reward=0.35 done=false error=null',
      '[STEP] step=2 action=noop reward=0.35 done=false error=ParseError',
      '[STEP] step=3 action={"action_type":"acknowledge_alert","value":"db"} reward=0.60 done=true error=null',
      '[END] success=true steps=3 score=0.60 rewards=0.35,0.35,0.60',
    ]);
  });

  it('prints B.9 lines for devops-incident-response tasks, clamping rewards and score', () => {
    const t = traj('easy_task', [
      step(1, { action_type: 'read_logs', service: 'api_gateway' }, 0.05, false, { metadata: { last_action_error: null } }),
      step(2, { action_type: 'diagnose', service: 'nope', diagnosis: 'x' }, 0.05, false, { metadata: { last_action_error: 'diagnose_requires_valid_service' } }),
      step(3, { action_type: 'list_services' }, 0.12, true, { metadata: {} }),
    ], 0.97);
    expect(compatLogLines('devops', t, 'heuristic')).toEqual([
      '[START] task=easy_task env=devops_incident_env model=heuristic',
      '[STEP] step=1 action=read_logs(api_gateway) reward=0.050 done=false error=null',
      '[STEP] step=2 action=diagnose(nope) reward=0.050 done=false error=diagnose_requires_valid_service',
      '[STEP] step=3 action=list_services() reward=0.120 done=true error=null',
      '[END] success=true steps=3 score=0.950 rewards=0.050,0.050,0.120',
    ]);
  });

  it('prints B.9 lines with env=firedrill for native tasks, unclamped, with the report verdict', () => {
    const t = traj('db-disk-full-v1', [
      step(1, { action_type: 'read_logs', service: 'ghost' }, 0, false, { observation: { last_action: { action_type: 'read_logs', ok: false, error: { code: 'UNKNOWN_SERVICE', message: 'x' } } } }),
      step(2, { action_type: 'read_logs' }, null, false, { error: { kind: 'StepError', code: 'VALIDATION_ERROR', message: 'action.service: Invalid input' } }),
      step(3, { action_type: 'diagnose', service: 'db', fault: 'disk_full' }, -0.025, true),
    ], 0.61, false);
    const w = new CompatLineWriter('native', 'db-disk-full-v1', 'llm:gpt-4o-mini');
    const live = [w.start(), ...t.steps.map((s) => w.step(s)), w.end(t)];
    expect(live).toEqual([
      '[START] task=db-disk-full-v1 env=firedrill model=gpt-4o-mini',
      '[STEP] step=1 action=read_logs(ghost) reward=0.000 done=false error=UNKNOWN_SERVICE',
      '[STEP] step=2 action=read_logs() reward=0.000 done=false error=action.service: Invalid input',
      '[STEP] step=3 action=diagnose(db) reward=-0.025 done=true error=null',
      '[END] success=false steps=3 score=0.610 rewards=0.000,0.000,-0.025',
    ]);
    expect(compatLogLines('native', t, 'llm:gpt-4o-mini')).toEqual(live);
  });
});
