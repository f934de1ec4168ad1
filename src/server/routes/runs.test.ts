import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { createFixtureRegistry } from '../../../test/fixtures/fixture-engine.js';
import { FixtureAgent } from '../../../test/fixtures/fixture-agent.js';
import { inProcessSource } from '../../eval/in-process-env.js';
import { runEval } from '../../eval/runner.js';
import { RunStore } from '../../eval/store.js';
import { createApp, type FiredrillApp } from '../app.js';

let dir = '';
let dbPath = '';
let runA = '';
let runB = '';
let app: FiredrillApp;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'firedrill-runs-routes-'));
  dbPath = join(dir, 'runs.db');
  const store = new RunStore(dbPath);
  const source = inProcessSource(createFixtureRegistry());
  const agent = (label: string, opts: { stopAfter?: number } = {}) => ({ label, name: 'fixture', options: opts, create: () => new FixtureAgent(opts) });
  const times = ['2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z'];
  try {
    runA = (await runEval({ agents: [agent('investigator'), agent('quitter', { stopAfter: 1 })], episodes: [{ task_id: 'fixture-outage', seed: 0 }, { task_id: 'fixture-outage', seed: 1 }], repeats: 1 }, { source, store, outDir: join(dir, 'out'), now: () => times[0]! })).runId;
    runB = (await runEval({ agents: [agent('investigator')], episodes: [{ task_id: 'fixture-outage-hard', seed: 0 }], repeats: 1 }, { source, store, outDir: join(dir, 'out'), now: () => times[1]! })).runId;
  } finally {
    store.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await app?.close();
});

async function get(url: string) {
  const res = await app.inject({ url });
  const type = String(res.headers['content-type']);
  return { status: res.statusCode, body: type.startsWith('application/json') ? res.json() : res.body, type };
}

describe('run routes', () => {
  it('without a store: an empty list, and 404 NOT_FOUND naming --runs-db for anything else', async () => {
    app = createApp({ registry: createFixtureRegistry() });
    expect(await get('/runs')).toMatchObject({ status: 200, body: { store: null, runs: [] } });
    const one = await get('/runs/run-x');
    expect(one).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND', field: 'run', message: 'This server has no run store; start it with --runs-db PATH.' } } });
    await app.close();
    app = createApp({ registry: createFixtureRegistry(), runsDb: join(dir, 'missing.db') });
    expect(await get('/runs')).toMatchObject({ status: 200, body: { store: join(dir, 'missing.db'), runs: [] } });
    expect((await get(`/reports?runs=${runA}`)).status).toBe(404);
  });

  it('lists runs newest first with agents, tasks, seeds and counts', async () => {
    app = createApp({ registry: createFixtureRegistry(), runsDb: dbPath });
    const { body } = await get('/runs');
    expect(body.store).toBe(dbPath);
    expect(body.runs.map((r: { id: string }) => r.id)).toEqual([runB, runA]);
    const a = body.runs[1];
    expect(a).toMatchObject({ status: 'finished', source: 'in-process', agents: ['investigator', 'quitter'], tasks: ['fixture-outage'], seeds: [0, 1], repeats: 1, episodes: 4, planned_episodes: 4, created_at: '2026-01-01T00:00:00.000Z' });
    expect(typeof a.mean_score).toBe('number');
  });

  it('shows a run with its episodes, and one episode with report, stored turns and the trajectory file', async () => {
    app = createApp({ registry: createFixtureRegistry(), runsDb: dbPath });
    const run = (await get(`/runs/${runA}`)).body;
    expect(run.episodes.map((e: { agent: string; seed: number }) => `${e.agent}/${e.seed}`)).toEqual(['investigator/0', 'investigator/1', 'quitter/0', 'quitter/1']);
    expect(Object.keys(run.episodes[0]).sort()).toEqual(
      ['agent', 'completion_tokens', 'cost_usd', 'criteria', 'elapsed_minutes', 'error', 'prompt_tokens', 'repeat', 'score', 'seed', 'status', 'steps', 'success', 'task_id', 'time_to_mitigate', 'total_reward', 'turns'].sort(),
    );
    const ep = (await get(`/runs/${runA}/episode?agent=investigator&task_id=fixture-outage&seed=1&repeat=0`)).body;
    expect(ep.run_id).toBe(runA);
    expect(ep.episode).toEqual(run.episodes[1]);
    expect(ep.report.score).toBe(ep.episode.score);
    expect(ep.trajectory.header).toMatchObject({ agent: 'fixture-investigator', task_id: 'fixture-outage', seed: 1 });
    expect(ep.trajectory.steps.map((s: { action: unknown }) => s.action)).toEqual(ep.steps.map((s: { action: unknown }) => s.action));
    expect(ep.steps.map((s: { idx: number }) => s.idx)).toEqual(ep.trajectory.steps.map((_: unknown, i: number) => i + 1));
    expect(ep.trajectory.end.report).toEqual(ep.report);
  });

  it('when the trajectory file is gone the stored turns remain', async () => {
    app = createApp({ registry: createFixtureRegistry(), runsDb: dbPath });
    const store = new RunStore(dbPath);
    const path = store.episodes(runA).find((e) => e.agent === 'quitter' && e.seed === 0)?.trajectory_path ?? '';
    store.close();
    unlinkSync(path);
    const ep = (await get(`/runs/${runA}/episode?agent=quitter&task_id=fixture-outage&seed=0&repeat=0`)).body;
    expect(ep.trajectory).toBe(null);
    expect(ep.steps.length).toBe(ep.episode.turns);
  });

  it('rejects bad episode keys and unknown runs with the field named', async () => {
    app = createApp({ registry: createFixtureRegistry(), runsDb: dbPath });
    expect(await get(`/runs/${runA}/episode?agent=investigator&task_id=fixture-outage&seed=abc&repeat=0`)).toMatchObject({ status: 422, body: { error: { code: 'VALIDATION_ERROR', field: 'seed' } } });
    expect(await get(`/runs/${runA}/episode?task_id=fixture-outage&seed=0&repeat=0`)).toMatchObject({ status: 422, body: { error: { field: 'agent' } } });
    expect(await get(`/runs/${runA}/episode?agent=nobody&task_id=fixture-outage&seed=0&repeat=0`)).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    expect(await get('/runs/run-nope')).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND', message: "No run has the id 'run-nope'." } } });
    expect(await get('/reports?runs=,')).toMatchObject({ status: 422, body: { error: { field: 'runs' } } });
    expect(await get(`/reports?runs=${runA}&format=pdf`)).toMatchObject({ status: 422, body: { error: { field: 'format' } } });
  });

  it('/reports summarises one run, compares several, and renders the eval HTML and Markdown reports', async () => {
    app = createApp({ registry: createFixtureRegistry(), runsDb: dbPath });
    const one = (await get(`/reports?runs=${runA}`)).body;
    expect(one.agents).toEqual(['investigator', 'quitter']);
    expect(one.overall.map((g: { agent: string; episodes: number }) => [g.agent, g.episodes])).toEqual([['investigator', 2], ['quitter', 2]]);
    const both = (await get(`/reports?runs=${runA},${runB}`)).body;
    expect(both.agents).toEqual([`investigator@${runA}`, 'quitter', `investigator@${runB}`]);
    expect(both.tasks).toEqual(['fixture-outage', 'fixture-outage-hard']);
    const html = await get(`/reports?runs=${runA}&format=html`);
    expect(html.type).toBe('text/html; charset=utf-8');
    expect(html.body).toContain('<title>Firedrill evaluation report</title>');
    const md = await get(`/reports?runs=${runA}&format=md`);
    expect(md.type).toBe('text/markdown; charset=utf-8');
    expect(md.body).toContain('investigator');
  });
});
