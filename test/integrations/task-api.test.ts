import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Environment } from '../../src/env/environment.js';
import { SEED_SPLITS } from '../../src/scenarios/index.js';
import { startServer, type TestServer, testRegistry } from '../helpers/server.js';
import { RawSocket } from '../helpers/ws.js';

const SPEC_KEYS = ['difficulty', 'family', 'group', 'id', 'index', 'max_steps', 'name', 'seed', 'split', 'task_id'];

let server: TestServer;
const registry = testRegistry();
const tasks = registry.list();
const generated = tasks.filter((t) => t.source === 'generated');

async function post(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

describe('Task API over a listening server', () => {
  it('lists the environment and its two splits', async () => {
    expect(await (await fetch(`${server.url}/list_environments`)).json()).toEqual(['firedrill']);
    expect(await (await fetch(`${server.url}/firedrill/splits`)).json()).toEqual([
      { name: 'train', type: 'train' },
      { name: 'test', type: 'test' },
    ]);
    // Matching is case-insensitive, as OpenEnv's is.
    expect((await fetch(`${server.url}/FireDrill/splits`)).status).toBe(200);
  });

  it('counts tasks × seeds of the split range, overall and per family', async () => {
    const seeds = SEED_SPLITS.train.last - SEED_SPLITS.train.first + 1;
    expect((await post('/firedrill/num_tasks', { split: 'train' })).json).toEqual({ num_tasks: tasks.length * seeds });
    expect((await post('/firedrill/num_tasks', { split: 'test', family: 'generated' })).json).toEqual({ num_tasks: generated.length * seeds });
  });

  it('maps an index to a task and seed deterministically, interleaving tasks within a seed', async () => {
    const t = tasks.length;
    const a = (await post('/firedrill/task', { split: 'test', index: 2 * t + 3 })).json['task'] as Record<string, unknown>;
    expect(a).toMatchObject({ split: 'test', index: 2 * t + 3, task_id: tasks[3]!.id, seed: SEED_SPLITS.test.first + 2, group: tasks[3]!.source, difficulty: tasks[3]!.difficulty });
    expect(Object.keys(a).sort()).toEqual(SPEC_KEYS);
    const again = (await post('/firedrill/task', { split: 'test', index: 2 * t + 3 })).json['task'];
    expect(again).toEqual(a);

    const g = (await post('/firedrill/task', { split: 'train', index: generated.length + 1, family: 'generated' })).json['task'] as Record<string, unknown>;
    expect(g).toMatchObject({ task_id: generated[1]!.id, seed: SEED_SPLITS.train.first + 1, family: 'generated', group: 'generated' });
  });

  it('serves ranges with slice semantics and a one-per-task preview', async () => {
    const range = (await post('/firedrill/task_range', { split: 'train', start: 5, stop: 9 })).json['tasks'] as { index: number }[];
    expect(range.map((s) => s.index)).toEqual([5, 6, 7, 8]);
    const preview = (await post('/firedrill/tasks', { split: 'train' })).json;
    expect(preview['env_name']).toBe('firedrill');
    expect((preview['tasks'] as { task_id: string }[]).map((s) => s.task_id)).toEqual(tasks.map((x) => x.id));
    expect((await post('/firedrill/task_range', { split: 'train', start: 0, stop: 5000 })).status).toBe(400);
  });

  it('answers 404 for another environment name, 501 for a missing method, 400 for a bad index', async () => {
    const wrong = await post('/otherenv/num_tasks', { split: 'train' });
    expect(wrong.status).toBe(404);
    expect((wrong.json['error'] as { code: string }).code).toBe('NOT_FOUND');
    const missing = await post('/firedrill/sample_task', { split: 'train' });
    expect(missing.status).toBe(501);
    expect((missing.json['error'] as { code: string }).code).toBe('NOT_IMPLEMENTED');
    const big = await post('/firedrill/task', { split: 'train', index: 10 ** 12 });
    expect(big.status).toBe(400);
    expect((big.json['error'] as { code: string; field: string })).toMatchObject({ code: 'TASK_INDEX_OUT_OF_RANGE', field: 'index' });
    expect((await post('/firedrill/task', { split: 'train', index: -1 })).status).toBe(400);
    expect((await post('/firedrill/task', { split: 'validation', index: 0 })).status).toBe(422);
  });

  it('resets by (split, index) over WebSocket and HTTP to the task and seed the spec names', async () => {
    const index = 3 * tasks.length + 1;
    const spec = (await post('/firedrill/task', { split: 'train', index })).json['task'] as { task_id: string; seed: number };

    const socket = await RawSocket.open(server.wsUrl);
    const reset = await socket.request({ type: 'reset', data: { split: 'train', index } });
    expect(reset.type).toBe('observation');
    // The state never carries the seed; the first observation is the one of the spec's (task, seed) in process.
    const expected = new Environment(registry).reset({ task_id: spec.task_id, seed: spec.seed }).observation;
    expect(reset.data['observation']).toEqual(expected);
    const state = await socket.request({ type: 'state' });
    expect(state.data).toMatchObject({ task_id: spec.task_id, step_count: 0 });
    const bad = await socket.request({ type: 'reset', data: { split: 'train', index: 10 ** 13 } });
    expect(bad).toMatchObject({ type: 'error' });
    expect((bad.data.error as { code: string }).code).toBe('TASK_INDEX_OUT_OF_RANGE');
    socket.close();

    const http = await post('/reset', { split: 'train', index, session_id: 'new' });
    expect(http.status).toBe(200);
    const httpState = await (await fetch(`${server.url}/state?session_id=${String(http.json['session_id'])}`)).json();
    expect(httpState).toMatchObject({ task_id: spec.task_id });
    expect(http.json['observation']).toEqual(expected);
    expect((await post('/reset', { split: 'train', index, task_id: spec.task_id, session_id: 'new' })).status).toBe(422);
  });

  it('never carries the answer: no spec value names a root service or fault of the episode it selects', async () => {
    const specs = (await post('/firedrill/task_range', { split: 'test', start: 0, stop: tasks.length })).json['tasks'] as Record<string, unknown>[];
    const env = new Environment(registry);
    let checked = 0;
    for (const spec of specs) {
      if (spec['group'] !== 'native' && spec['group'] !== 'curated' && spec['group'] !== 'generated') continue;
      env.reset({ task_id: spec['task_id'] as string, seed: spec['seed'] as number });
      const truth = env.groundTruth() as { roots: { service: string; fault: string }[] };
      const values = Object.values(spec).map(String);
      for (const root of truth.roots) {
        expect(values).not.toContain(root.service);
        expect(values).not.toContain(root.fault);
        expect(JSON.stringify(spec)).not.toContain(`"${root.fault}"`);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });
});
