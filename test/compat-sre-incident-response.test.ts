import type { AddressInfo } from 'node:net';

import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createDefaultRegistry } from '../src/cli/default-registry.js';
import { SRE_COMPAT_PREFIX, registerSreIncidentResponseCompat } from '../src/compat/sre-incident-response/routes.js';

let app: FastifyInstance;
let base: string;
let clock = 0;

beforeAll(async () => {
  app = Fastify({ logger: false });
  registerSreIncidentResponseCompat(app, { registry: createDefaultRegistry(), sessions: { capacity: 4, idleMs: 1000, now: () => clock } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}${SRE_COMPAT_PREFIX}`;
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
  const text = await response.text();
  return { status: response.status, body: (text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : { text }) as Record<string, unknown>, headers: response.headers };
}

async function session(taskId: string, seed?: number): Promise<string> {
  const r = await call('POST', '/reset', seed === undefined ? { task_id: taskId } : { task_id: taskId, seed });
  expect(r.status).toBe(200);
  return r.headers.get('x-session-id') ?? '';
}

describe('sre-incident-response README API walk-through, over HTTP', () => {
  it('POST /reset → ObservationModel with session id in body, hint and X-Session-ID header', async () => {
    const r = await call('POST', '/reset', { task_id: 'alert_triage' });
    const sid = r.headers.get('x-session-id') ?? '';
    expect(sid).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.body['session_id']).toBe(sid);
    expect(r.body['hint']).toBe(`Session ${sid.slice(0, 8)} started. Compare the services' metrics and logs: find the failure that explains the others.`); // the original: "Check the database metrics carefully."
    expect(Object.keys(r.body).sort()).toEqual(['active_alerts', 'available_actions', 'current_step', 'hint', 'logs', 'max_steps', 'metrics', 'session_id', 'task_goal', 'time_elapsed_seconds']);
    expect([r.body['current_step'], r.body['max_steps'], r.body['time_elapsed_seconds']]).toEqual([0, 8, 0]);
  });

  it('POST /step (the README curl) → StepResultModel; GET /state → StateModel', async () => {
    const sid = await session('alert_triage');
    const step = await call('POST', `/step?session_id=${sid}`, { action_type: 'diagnose', value: 'db-primary CPU overload root cause' });
    expect(step.status).toBe(200);
    expect(Object.keys(step.body).sort()).toEqual(['done', 'info', 'observation', 'reward', 'success']);
    expect([step.body['reward'], step.body['done'], step.body['success']]).toEqual([0.45, false, false]);
    expect((step.body['observation'] as Record<string, unknown>)['session_id']).toBeNull();
    const info = step.body['info'] as Record<string, unknown>;
    expect(info['grader_breakdown']).toEqual({ ack_db_primary: 0.15, classify_db_p1: 0.15, diagnose_root_cause: 0.15 });
    expect(info).not.toHaveProperty('scenario_variant'); // the original named the variant on every step
    const state = await call('GET', `/state?session_id=${sid}`);
    expect(state.body).toEqual({
      task_id: 'alert_triage',
      episode_id: state.body['episode_id'],
      current_step: 1,
      total_reward: 0.45,
      done: false,
      scenario_name: 'Alert Triage',
      grader_scores: { ack_db_primary: 0.15, classify_db_p1: 0.15, diagnose_root_cause: 0.15 },
      session_id: sid,
    });
  });

  it('the 5-step full_incident_runbook over HTTP (X-Session-ID header) → 0.99, done, success', async () => {
    const sid = await session('full_incident_runbook');
    const steps = [
      ['diagnose', 'redis oom P1 auth P1 cascade'],
      ['apply_fix', 'config set maxmemory-policy allkeys-lru'],
      ['apply_fix', 'restart auth'],
      ['apply_fix', 'reset mobile circuit breaker'],
      ['write_postmortem', 'timeline rca action items prevention'],
    ];
    const rewards: unknown[] = [];
    let last: Record<string, unknown> = {};
    for (const [action_type, value] of steps) {
      last = (await call('POST', '/step', { action_type, value }, { 'X-Session-ID': sid })).body;
      rewards.push(last['reward']);
    }
    expect(rewards).toEqual([0.45, 0.55, 0.73, 0.8, 0.99]);
    expect([last['done'], last['success']]).toEqual([true, true]);
    const after = await call('POST', '/step', { action_type: 'noop', value: '' }, { 'X-Session-ID': sid });
    expect([after.status, after.body['done'], (after.body['info'] as Record<string, unknown>)['error']]).toEqual([200, true, 'Episode already completed. Call /reset to start new episode.']);
  });

  it('a reset seed chooses the variant deterministically', async () => {
    const v1 = await call('POST', '/reset', { task_id: 'alert_triage', seed: 1 });
    expect((v1.body['active_alerts'] as string[])[0]).toBe('CRITICAL: auth-service heap memory > 99% — JVM OOM imminent');
    const v0 = await call('POST', '/reset?task_id=alert_triage', { seed: 2 });
    expect((v0.body['active_alerts'] as string[])[0]).toBe('CRITICAL: db-primary CPU > 95% — sustained high CPU utilization');
  });

  it('GET /tasks, /health, /metrics and / keep the original\'s shapes', async () => {
    expect((await call('GET', '/tasks')).body).toEqual([
      { id: 'alert_triage', name: 'Alert Triage', difficulty: 'easy', max_steps: 8, description: 'Classify alerts and identify root cause.' },
      { id: 'root_cause_diagnosis', name: 'Root Cause Diagnosis', difficulty: 'medium', max_steps: 10, description: 'Diagnose outage and apply fix.' },
      { id: 'full_incident_runbook', name: 'Full Incident Runbook', difficulty: 'hard', max_steps: 20, description: 'Handle total cascade failure.' },
    ]);
    const health = await call('GET', '/health');
    expect(Object.keys(health.body).sort()).toEqual(['active_sessions', 'environment', 'status', 'tasks_available', 'version']);
    expect([health.body['status'], health.body['environment'], health.body['tasks_available']]).toEqual(['ok', 'sre-incident-response', 3]);
    const metrics = await call('GET', '/metrics');
    expect(Object.keys(metrics.body).sort()).toEqual(['active_sessions', 'average_final_reward', 'total_episodes_completed', 'total_resets', 'total_steps']);
    expect(metrics.body['total_episodes_completed']).toBe(1);
    expect(metrics.body['average_final_reward']).toBe(0.99);
    expect((await call('GET', '/', undefined, { accept: 'application/json' })).body['name']).toBe('sre-incident-response');
    expect((await call('GET', '/', undefined, { accept: 'text/html' })).body['text']).toMatch(/^<!doctype html>/);
  });
});

describe('sessions at /compat/sre-incident-response', () => {
  it('two clients with ids do not see each other; id-less requests play the default session', async () => {
    const a = await session('alert_triage');
    const b = await session('root_cause_diagnosis');
    await call('POST', `/step?session_id=${a}`, { action_type: 'diagnose', value: 'db-primary root cause' });
    expect((await call('GET', `/state?session_id=${b}`)).body['current_step']).toBe(0);
    expect((await call('GET', '/state')).body['task_id']).toBe('root_cause_diagnosis');
    await call('POST', '/step', { action_type: 'run_query', value: 'slow queries' });
    expect((await call('GET', '/state')).body['current_step']).toBe(1);
    expect((await call('GET', `/state?session_id=${b}`)).body['current_step']).toBe(0);
  });

  it('an unknown, evicted or expired session id is a 404 SESSION_NOT_FOUND (the original silently used the newest session)', async () => {
    const unknown = await call('POST', '/step?session_id=bogus', { action_type: 'noop', value: '' });
    expect([unknown.status, unknown.body['code']]).toEqual([404, 'SESSION_NOT_FOUND']);
    const first = await session('alert_triage');
    for (let i = 0; i < 4; i++) await session('alert_triage');
    expect((await call('GET', `/state?session_id=${first}`)).status).toBe(404);
    const idle = await session('alert_triage');
    clock += 5000;
    expect((await call('GET', '/state', undefined, { 'x-session-id': idle })).body['code']).toBe('SESSION_NOT_FOUND');
  });

  it('a failed reset creates no session', async () => {
    const before = (await call('GET', '/health')).body['active_sessions'];
    expect((await call('POST', '/reset', { task_id: 'nope' })).status).toBe(404);
    expect((await call('GET', '/health')).body['active_sessions']).toBe(before);
  });
});

describe('malformed input at /compat/sre-incident-response is a 4xx JSON error', () => {
  const cases: [string, string, string | object | undefined, number, string][] = [
    ['reset unknown task', '/reset', { task_id: 'impossible' }, 404, 'UNKNOWN_TASK'],
    ['reset empty task id', '/reset?task_id=', undefined, 404, 'UNKNOWN_TASK'],
    ['reset another environment\'s task', '/reset', { task_id: 'easy_task' }, 404, 'UNKNOWN_TASK'],
    ['reset body a list', '/reset', [], 422, 'VALIDATION_ERROR'],
    ['reset task_id a number', '/reset', { task_id: 123 }, 422, 'VALIDATION_ERROR'],
    ['reset invalid JSON', '/reset', '{', 400, 'INVALID_JSON'],
    ['step without value', '/step', { action_type: 'diagnose' }, 422, 'VALIDATION_ERROR'],
    ['step body a list', '/step', [], 422, 'VALIDATION_ERROR'],
    ['step without body', '/step', undefined, 422, 'VALIDATION_ERROR'],
    ['step value too long', '/step', { action_type: 'diagnose', value: 'v'.repeat(8001) }, 422, 'VALIDATION_ERROR'],
  ];
  for (const [name, path, body, status, code] of cases) {
    it(`${name} → ${status} ${code}`, async () => {
      await session('alert_triage');
      const r = await call('POST', path, body);
      expect([r.status, r.body['code']]).toEqual([status, code]);
      expect(r.body['detail']).toBe(r.body['message']);
    });
  }

  it('an invalid action type is a normal (wasted) step, as in the original', async () => {
    const sid = await session('alert_triage');
    const r = await call('POST', `/step?session_id=${sid}`, { action_type: 'fly_to_moon', value: 'now' });
    expect([r.status, r.body['reward'], (r.body['info'] as Record<string, unknown>)['grade_message']]).toEqual([200, 0.01, 'Invalid action type: fly_to_moon']);
  });

  it('stepping a default session that was never reset is RESET_NEEDED', async () => {
    const fresh = Fastify({ logger: false });
    registerSreIncidentResponseCompat(fresh, { registry: createDefaultRegistry() });
    await fresh.ready();
    const r = await fresh.inject({ method: 'POST', url: `${SRE_COMPAT_PREFIX}/step`, payload: { action_type: 'noop', value: '' } });
    expect([r.statusCode, r.json()['code']]).toEqual([409, 'RESET_NEEDED']);
    await fresh.close();
  });
});
