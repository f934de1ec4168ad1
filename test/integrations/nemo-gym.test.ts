import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

/** A NeMo Gym agent's view: JSON posts that keep the server's cookie, as aiohttp's cookie jar does. */
class Rollout {
  cookie = '';
  async post(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await fetch(`${server.url}/nemo-gym${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.cookie ? { cookie: this.cookie } : {}) },
      body: JSON.stringify(body),
    });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!;
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }
}

describe('NeMo Gym resources server under /nemo-gym', () => {
  it('seeds a session, takes tool calls, verifies with the grade and closes', async () => {
    const r = new Rollout();
    expect((await r.post('/seed_session', { task_id: 'checkout-errors-v1', seed: 3 })).json).toEqual({});
    expect(r.cookie).toMatch(/^firedrill_nemo_session=/);
    const listed = await r.post('/list_services', {});
    expect(listed.status).toBe(200);
    expect(listed.json['done']).toBe(false);
    expect(String(listed.json['output'])).toContain('checkout');

    const early = (await r.post('/verify', { responses_create_params: { input: [] }, response: { output: [] } })).json;
    expect(early).toMatchObject({ reward: 0, mask_sample: false, failure_kind: 'firedrill:episode_not_finished', responses_create_params: { input: [] } });

    expect((await r.post('/resolve', {})).json['done']).toBe(true);
    const verified = (await r.post('/verify', { responses_create_params: { input: [] }, response: { output: [] } })).json;
    expect(verified).toMatchObject({ mask_sample: false, failure_kind: null });
    expect(typeof verified['reward']).toBe('number');
    const components = verified['reward_components'] as Record<string, number>;
    expect(Object.keys(components).sort()).toEqual(['characterization', 'efficiency', 'localization', 'mitigation', 'postmortem', 'safety', 'triage']);
    expect((verified['reward'] as number) <= Object.values(components).reduce((a, b) => a + b, 0) + 1e-9).toBe(true);

    expect((await r.post('/close_session', {})).status).toBe(200);
    expect((await r.post('/list_services', {})).status).toBe(404);
  });

  it('accepts an Environment Server seed by resources_session_id and split/index, idempotently', async () => {
    const r = new Rollout();
    const body = { resources_session_id: 'rs-1', episode_id: 'ep-1', task_id: 'ignored-by-task-data', task_data: { split: 'test', index: 2 } };
    expect((await r.post('/seed_session', body)).json).toEqual({ resources_session_id: 'rs-1' });
    expect((await r.post('/seed_session', body)).json).toEqual({ resources_session_id: 'rs-1' });
    expect((await r.post('/wait', { minutes: 5 })).status).toBe(200);
    expect((await r.post('/close_session', { resources_session_id: 'rs-1', episode_id: 'ep-1' })).json).toEqual({ resources_session_id: 'rs-1' });
    expect((await r.post('/close_session', { resources_session_id: 'rs-1', episode_id: 'ep-1' })).status).toBe(200);
  });

  it('rejects bad tool arguments and summarises verify responses without masked samples', async () => {
    const r = new Rollout();
    await r.post('/seed_session', { split: 'train', index: 0 });
    expect((await r.post('/read_logs', { service: 7 })).status).toBe(422);
    const metrics = (await r.post('/aggregate_metrics', { verify_responses: [{ reward: 1, success: true }, { reward: 0 }, { reward: 0.5, mask_sample: true }] })).json;
    expect(metrics).toMatchObject({ num_samples: 3, num_masked: 1, mean_reward: 0.5, success_rate: 0.5 });
    expect(metrics['reward_std_err']).toBeCloseTo(0.5, 10);
  });
});
