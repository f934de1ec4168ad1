import { type AddressInfo, createServer } from 'node:net';

import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type DevopsBaselineObservation, chooseDevopsBaselineAction } from '../src/compat/devops-incident-response/baseline-agent.js';
import { createDefaultRegistry } from '../src/cli/default-registry.js';
import { DEVOPS_COMPAT_PREFIX, registerDevopsIncidentResponseCompat } from '../src/compat/devops-incident-response/routes.js';
import { DevOpsIncidentEnv, HttpStatusError, type StepResponse, inferenceLog } from './helpers/devops-compat-client.js';

let app: FastifyInstance;
let origin: string;
let base: string;

beforeAll(async () => {
  app = Fastify({ logger: false });
  registerDevopsIncidentResponseCompat(app, { registry: createDefaultRegistry(), sessions: { capacity: 8 } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  base = `${origin}${DEVOPS_COMPAT_PREFIX}`;
});

afterAll(async () => {
  await app.close();
});

async function call(method: string, path: string, body?: string | object, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers = { 'content-type': 'application/json', ...headers };
  }
  const response = await fetch(`${base}${path}`, init);
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
}

/** inference.py with the LLM unavailable: every step falls back to the rule-based baseline. */
async function replayInference(seed: number): Promise<{ lines: string[]; scores: Record<string, number> }> {
  const model = 'Qwen/Qwen2.5-72B-Instruct';
  const lines: string[] = [];
  const scores: Record<string, number> = {};
  const { tasks } = await new DevOpsIncidentEnv(base).tasks();
  for (const task of tasks) {
    const client = new DevOpsIncidentEnv(base, 15);
    lines.push(inferenceLog.start(task.task_id, model));
    let result: StepResponse = await client.reset(task.task_id, seed);
    const rewards: number[] = [];
    let steps = 0;
    for (let n = 1; n <= task.max_steps; n++) {
      if (result.done) break;
      const before = await client.state();
      const action = chooseDevopsBaselineAction(result.observation as DevopsBaselineObservation, before['action_history'] as never);
      result = await client.step({ ...action });
      const after = await client.state();
      rewards.push(result.reward);
      steps = n;
      lines.push(inferenceLog.step(n, action.action_type, action.service, result.reward, result.done, after['last_action_error']));
    }
    const score = Math.min(Math.max(Math.min(Math.max((await client.state())['final_score'] as number, 0.05), 0.95), 0), 1);
    scores[task.task_id] = score;
    lines.push(inferenceLog.end(score >= 0.5, steps, score, rewards));
    client.close();
  }
  return { lines, scores };
}

describe('devops-incident-response inference.py and eval_baseline.py, replayed over HTTP', () => {
  it('inference.py (seed 12345, rule-based fallback) prints the same transcript and scores 0.80 / 0.86 / 0.117 / 0.117', async () => {
    const { lines, scores } = await replayInference(12345);
    expect(scores).toEqual({ easy_task: 0.8, medium_task: 0.86, hard_task: 0.117, expert_task: 0.117 });
    expect(lines.slice(0, 9)).toEqual([
      '[START] task=easy_task env=devops_incident_env model=Qwen/Qwen2.5-72B-Instruct',
      '[STEP] step=1 action=list_services() reward=0.050 done=false error=null',
      '[STEP] step=2 action=read_logs(api_gateway) reward=0.050 done=false error=null',
      '[STEP] step=3 action=inspect_dependencies(api_gateway) reward=0.050 done=false error=null',
      '[STEP] step=4 action=query_metrics(api_gateway) reward=0.050 done=false error=null',
      '[STEP] step=5 action=diagnose(api_gateway) reward=0.080 done=false error=null',
      '[STEP] step=6 action=apply_fix(api_gateway) reward=0.120 done=false error=null',
      '[STEP] step=7 action=verify_health(api_gateway) reward=0.050 done=true error=null',
      '[END] success=true steps=7 score=0.800 rewards=0.050,0.050,0.050,0.050,0.080,0.120,0.050',
    ]);
    const hard = lines.slice(lines.indexOf('[START] task=hard_task env=devops_incident_env model=Qwen/Qwen2.5-72B-Instruct'));
    expect(hard.slice(5, 8)).toEqual([
      '[STEP] step=5 action=diagnose(api_gateway) reward=0.050 done=false error=incorrect_diagnosis',
      '[STEP] step=6 action=apply_fix(api_gateway) reward=0.050 done=false error=ineffective_fix',
      '[STEP] step=7 action=verify_health(api_gateway) reward=0.050 done=false error=verification_before_fix',
    ]);
    expect(hard[13]).toBe('[END] success=false steps=12 score=0.117 rewards=0.050,0.050,0.050,0.050,0.050,0.050,0.050,0.050,0.050,0.050,0.050,0.050');
  });

  it('eval_baseline.py (seed 42): easy 0.80, medium 0.86, hard 0.117, expert 0.117 in 7/7/12/14 steps', async () => {
    const results: Record<string, [number, number]> = {};
    for (const task of ['easy_task', 'medium_task', 'hard_task', 'expert_task']) {
      const client = new DevOpsIncidentEnv(base);
      let r = await client.reset(task, 42);
      while (!r.done) {
        const suggestion = await client.request<Record<string, unknown>>('GET', '/baseline');
        r = await client.step(suggestion);
      }
      const state = await client.state();
      results[task] = [state['final_score'] as number, state['step_count'] as number];
    }
    expect(results).toEqual({ easy_task: [0.8, 7], medium_task: [0.86, 7], hard_task: [0.117, 12], expert_task: [0.117, 14] });
  });

  it('client.py: tasks → reset → step → state → close', async () => {
    const env = new DevOpsIncidentEnv(base, 15);
    expect((await env.tasks()).count).toBe(4);
    const reset = await env.reset('hard_task', 42);
    expect([reset.reward, reset.done, reset.info]).toEqual([0.05, false, { task_id: 'hard_task', last_action_error: null, trajectory_reward: 0.05 }]);
    expect(reset.observation['action_result']).toBe('Environment reset. Pager alert fired for a new production incident.');
    const step = await env.step({ action_type: 'read_logs', service: 'database' });
    expect((step.observation['logs'] as { message: string }[])[0]?.message).toBe('Replication lag increasing after storage write failures');
    expect((await env.state())['step_count']).toBe(1);
    env.close();
  });

  it('client.py raise_for_status: a rejected request raises with the status and the JSON error', async () => {
    const error = await new DevOpsIncidentEnv(base).reset('no_such_task').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect([(error as HttpStatusError).status, ((error as HttpStatusError).body as Record<string, unknown>)['code']]).toEqual([404, 'UNKNOWN_TASK']);
  });
});

describe('devops-incident-response own suite — HTTP tests (B.8)', () => {
  it('devops-incident-response #1 /tasks lists four tasks in order', async () => {
    const r = await call('GET', '/tasks');
    expect(r.status).toBe(200);
    expect(r.body['benchmark']).toBe('devops_incident_env');
    expect(r.body['count']).toBe(4);
    expect((r.body['tasks'] as { task_id: string }[]).map((t) => t.task_id)).toEqual(['easy_task', 'medium_task', 'hard_task', 'expert_task']);
    // The original's name and description ("Single Service Crash", "…has crashed…") stated the fault; Firedrill's state symptoms.
    expect((r.body['tasks'] as unknown[])[0]).toEqual({ task_id: 'easy_task', name: 'Gateway Outage', description: 'External traffic is failing at the API gateway. Find the cause from logs and metrics and restore service.', difficulty: 'easy', max_steps: 8 });
  });

  it('devops-incident-response #2 reset and state agree over HTTP', async () => {
    const r = await call('POST', '/reset', { task_id: 'medium_task', seed: 123 });
    const sid = r.headers.get('x-session-id') ?? '';
    expect(r.body['session_id']).toBe(sid);
    expect((r.body['observation'] as Record<string, unknown>)['step_number']).toBe(0);
    expect((r.body['info'] as Record<string, unknown>)['task_id']).toBe('medium_task');
    const s = await call('GET', `/state?session_id=${sid}`);
    expect([s.body['task_id'], s.body['seed'], s.body['step_count']]).toEqual(['medium_task', 123, 0]);
  });

  it('devops-incident-response #5 /grader after one step gives a clamped score with details', async () => {
    const sid = (await call('POST', '/reset', { task_id: 'easy_task' })).headers.get('x-session-id') ?? '';
    await call('POST', '/step', { action: { action_type: 'list_services' } }, { 'x-session-id': sid });
    const g = await call('GET', '/grader', undefined, { 'x-session-id': sid });
    expect(g.body).toEqual({ task_id: 'easy_task', score: 0.365, details: { root_cause_identification: 0.05, resolution: 0.05, efficiency: 0.95, safety: 0.95, score: 0.365 } });
  });

  it('devops-incident-response #6 /health reports healthy', async () => {
    expect((await call('GET', '/health')).body).toEqual({ status: 'healthy' });
  });

  it('devops-incident-response #7 /state.final_score is strictly inside (0, 1) right after reset', async () => {
    const sid = (await call('POST', '/reset', { task_id: 'expert_task' })).headers.get('x-session-id') ?? '';
    expect((await call('GET', `/state?session_id=${sid}`)).body['final_score']).toBe(0.05);
  });

  it('devops-incident-response #9 two resets through the same client switch the active task', async () => {
    const env = new DevOpsIncidentEnv(base);
    await env.reset('easy_task');
    expect((await env.state())['task_id']).toBe('easy_task');
    await env.reset('hard_task');
    expect((await env.state())['task_id']).toBe('hard_task');
  });

  it('devops-incident-response #19 the HTTP client has a timeout, and it fires', async () => {
    expect(new DevOpsIncidentEnv(base, 15).timeoutMs).toBe(15000);
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      await expect(new DevOpsIncidentEnv(`http://127.0.0.1:${port}`, 0.2).tasks()).rejects.toThrow(/timeout|aborted/i);
    } finally {
      silent.close();
    }
  });

  it('devops-incident-response #20 the inference replay logs [START]/[STEP]/[END] lines in the original format', () => {
    expect(inferenceLog.start('easy_task', 'm')).toBe('[START] task=easy_task env=devops_incident_env model=m');
    expect(inferenceLog.step(3, 'diagnose', 'database', 0.08, false, 'incorrect_diagnosis')).toBe('[STEP] step=3 action=diagnose(database) reward=0.080 done=false error=incorrect_diagnosis');
    expect(inferenceLog.end(true, 4, 0.92, [0.05, 0.08])).toBe('[END] success=true steps=4 score=0.920 rewards=0.050,0.080');
  });

  it('devops-incident-response #21 HTTP reset + read_logs: 200, not done, reward a float ≥ 0', async () => {
    const env = new DevOpsIncidentEnv(base);
    await env.reset('easy_task');
    const r = await env.step({ action_type: 'read_logs', service: 'api_gateway' });
    expect([r.done, r.reward]).toEqual([false, 0.05]);
  });

  it('devops-incident-response #22 list_services until done reaches a terminal state with a grade', async () => {
    const env = new DevOpsIncidentEnv(base);
    await env.reset('easy_task');
    let r: StepResponse | undefined;
    for (let i = 0; i < 20 && !r?.done; i++) r = await env.step({ action_type: 'list_services' });
    expect(r?.info['grader_score']).toBe(0.185);
    expect(r?.reward).toBe(0.05);
    expect((await env.state())['step_count']).toBe(8);
  });
});

describe('sessions at /compat/devops-incident-response', () => {
  it('a session id isolates a client; requests without one share the default session', async () => {
    const a = (await call('POST', '/reset', { task_id: 'hard_task', seed: 1 })).headers.get('x-session-id') ?? '';
    const b = (await call('POST', '/reset', { task_id: 'easy_task', seed: 2 })).headers.get('x-session-id') ?? '';
    expect(a).not.toBe(b);
    await call('POST', '/step', { action: { action_type: 'apply_fix', service: 'api_gateway', fix: 'restart_service' } }, { 'x-session-id': b });
    const stateA = await call('GET', `/state?session_id=${a}`);
    expect([stateA.body['task_id'], stateA.body['step_count']]).toEqual(['hard_task', 0]);
    const stateB = await call('GET', '/state', undefined, { 'x-session-id': b });
    expect([stateB.body['task_id'], stateB.body['step_count'], stateB.body['fixes_applied']]).toEqual(['easy_task', 1, [{ service: 'api_gateway', fix: 'restart_service', success: true }]]);
    const shared = await call('GET', '/state');
    expect([shared.body['task_id'], shared.body['seed'], shared.body['session_id']]).toEqual(['easy_task', 2, 'default']);
  });

  it('a reset naming an existing session restarts that session and keeps its id', async () => {
    const sid = (await call('POST', '/reset', { task_id: 'easy_task' })).headers.get('x-session-id') ?? '';
    await call('POST', '/step', { action: { action_type: 'list_services' } }, { 'x-session-id': sid });
    const again = await call('POST', `/reset?session_id=${sid}`, { task_id: 'medium_task', seed: 5 });
    expect([again.headers.get('x-session-id'), again.body['session_id']]).toEqual([sid, sid]);
    const state = await call('GET', '/state', undefined, { 'x-session-id': sid });
    expect([state.body['task_id'], state.body['seed'], state.body['step_count']]).toEqual(['medium_task', 5, 0]);
  });

  it('an unknown session id is a 404 SESSION_NOT_FOUND, never another session', async () => {
    for (const [method, path] of [['GET', '/state'], ['POST', '/step'], ['GET', '/grader'], ['GET', '/baseline'], ['POST', '/reset']] as const) {
      const r = await call(method, path, method === 'POST' ? { action: { action_type: 'list_services' } } : undefined, { 'x-session-id': 'no-such-session' });
      expect([r.status, r.body['code']]).toEqual([404, 'SESSION_NOT_FOUND']);
    }
  });

  it('evicted sessions are gone (capacity 8 in this server)', async () => {
    const first = (await call('POST', '/reset', {})).headers.get('x-session-id') ?? '';
    for (let i = 0; i < 8; i++) await call('POST', '/reset', {});
    expect((await call('GET', `/state?session_id=${first}`)).status).toBe(404);
  });
});

describe('malformed input at /compat/devops-incident-response is a 4xx JSON error (the original answered 500)', () => {
  const cases: [string, string, string | object | undefined, number, string][] = [
    ['reset body not JSON', '/reset', '{"task_id": ', 400, 'INVALID_JSON'],
    ['reset body a list', '/reset', [1, 2], 422, 'VALIDATION_ERROR'],
    ['reset seed "abc"', '/reset', { seed: 'abc' }, 422, 'VALIDATION_ERROR'],
    ['reset seed -1', '/reset', { seed: -1 }, 422, 'VALIDATION_ERROR'],
    ['reset task_id [1]', '/reset', { task_id: [1] }, 422, 'VALIDATION_ERROR'],
    ['reset unknown task', '/reset', { task_id: 'impossible_task' }, 404, 'UNKNOWN_TASK'],
    ['reset another environment\'s task', '/reset', { task_id: 'alert_triage' }, 404, 'UNKNOWN_TASK'],
    ['step no body', '/step', undefined, 422, 'VALIDATION_ERROR'],
    ['step body a list', '/step', [], 422, 'VALIDATION_ERROR'],
    ['step {}', '/step', {}, 422, 'VALIDATION_ERROR'],
    ['step {"action": {}}', '/step', { action: {} }, 422, 'VALIDATION_ERROR'],
    ['step {"action": "x"}', '/step', { action: 'x' }, 422, 'VALIDATION_ERROR'],
    ['step {"action": null}', '/step', { action: null }, 422, 'VALIDATION_ERROR'],
    ['step unknown action_type', '/step', { action: { action_type: 'reboot_everything' } }, 422, 'VALIDATION_ERROR'],
    ['step upper-case READ_LOGS', '/step', { action: { action_type: 'READ_LOGS', service: 'database' } }, 422, 'VALIDATION_ERROR'],
    ['step diagnosis > 100 chars', '/step', { action: { action_type: 'diagnose', service: 'database', diagnosis: 'd'.repeat(101) } }, 422, 'VALIDATION_ERROR'],
    ['step reasoning > 5000 chars', '/step', { action: { action_type: 'list_services', reasoning: 'r'.repeat(5001) } }, 422, 'VALIDATION_ERROR'],
  ];
  for (const [name, path, body, status, code] of cases) {
    it(`${name} → ${status} ${code}`, async () => {
      const r = await call('POST', path, body);
      expect([r.status, r.body['code']]).toEqual([status, code]);
      expect(typeof r.body['message']).toBe('string');
      expect(r.body['detail']).toBe(r.body['message']);
    });
  }

  it('the keep-alive connection survives errors, extra keys are ignored and unknown services are a normal failed step', async () => {
    const sid = (await call('POST', '/reset', { task_id: 'easy_task' })).headers.get('x-session-id') ?? '';
    expect((await call('POST', '/step', '[', { 'x-session-id': sid })).status).toBe(400);
    const extra = await call('POST', '/step', { action: { action_type: 'list_services', colour: 'blue' } }, { 'x-session-id': sid });
    expect(extra.status).toBe(200);
    const unknown = await call('POST', '/step', { action: { action_type: 'read_logs', service: 'mainframe' } }, { 'x-session-id': sid });
    expect([unknown.status, (unknown.body['observation'] as Record<string, unknown>)['success'], (unknown.body['info'] as Record<string, unknown>)['last_action_error']]).toEqual([200, false, 'read_logs_requires_valid_service']);
    const bare = await call('POST', '/step', { action_type: 'list_services' }, { 'x-session-id': sid });
    expect(bare.status).toBe(200);
  });

  it('an unknown route is a 404 JSON error', async () => {
    const r = await call('GET', '/nope');
    expect([r.status, r.body['code']]).toEqual([404, 'NOT_FOUND']);
  });
});

describe('devops-incident-response surface without its answer key', () => {
  it('/state carries no answer key and grades nothing before the end; its diagnoses no expected mode', async () => {
    const env = new DevOpsIncidentEnv(base);
    await env.reset('expert_task');
    await env.step({ action_type: 'diagnose', service: 'database', diagnosis: 'memory_leak' });
    const state = await env.state();
    for (const key of ['root_cause_services', 'root_cause_failure_modes', 'required_fixes', 'affected_services', 'unresolved_root_services']) expect(state).not.toHaveProperty(key);
    expect(state['diagnoses']).toEqual([{ service: 'database', diagnosis: 'memory_leak' }]);
    const during = [
      'action_history', 'dependencies_inspected', 'diagnoses', 'difficulty', 'done', 'episode_id', 'final_details', 'final_score', 'fixes_applied', 'invalid_actions',
      'is_resolved', 'last_action_error', 'max_steps', 'metrics_queried', 'seed', 'services_investigated', 'session_id', 'step_count', 'successful_verifications', 'task_id',
      'trajectory_reward',
    ];
    expect(Object.keys(state).sort()).toEqual(during);
    let r: StepResponse | undefined;
    for (let i = 0; i < 20 && !r?.done; i++) r = await env.step({ action_type: 'list_services' });
    const after = await env.state();
    // Once the episode is over the original's graded fields are back.
    expect(Object.keys(after).sort()).toEqual([...during, 'correct_fixes', 'destructive_actions', 'diagnosis_correct_count', 'fix_correct_count'].sort());
    expect([after['diagnoses'], after['correct_fixes'], after['destructive_actions'], after['diagnosis_correct_count']]).toEqual([[{ service: 'database', diagnosis: 'memory_leak', correct: false }], [], 1, 0]);
  });

  it('/baseline and /sample_action serve the rule-based policy\'s next action (no null fields)', async () => {
    const sid = (await call('POST', '/reset', { task_id: 'medium_task' })).headers.get('x-session-id') ?? '';
    const h = { 'x-session-id': sid };
    expect((await call('GET', '/baseline', undefined, h)).body).toEqual({ action_type: 'list_services', reasoning: 'Map the services before triage. confidence=0.80' });
    await call('POST', '/step', { action: { action_type: 'list_services' } }, h);
    expect((await call('GET', '/sample_action', undefined, h)).body).toMatchObject({ action_type: 'read_logs', service: 'order_service' });
  });

  it('/manifest, / and /metrics', async () => {
    const m = await call('GET', '/manifest');
    expect([m.body['name'], m.body['version'], (m.body['tasks'] as unknown[]).length]).toEqual(['devops_incident_env', '1.0.0', 4]);
    expect((await call('GET', '/')).body['name']).toBe('devops_incident_env');
    const metrics = await call('GET', '/metrics');
    expect(Object.keys(metrics.body).sort()).toEqual(['active_sessions', 'average_final_score', 'total_episodes_completed', 'total_resets', 'total_steps']);
    expect(metrics.body['total_resets']).toBeGreaterThan(10);
  });
});
