import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { LlmAgent } from '../src/agents/llm/llm-agent.js';
import { createReplayCommand } from '../src/cli/commands/replay.js';
import { inProcessSource } from '../src/eval/in-process-env.js';
import { type AgentPlan, type EvalPlan, runEval } from '../src/eval/runner.js';
import { RunStore } from '../src/eval/store.js';
import { readTrajectoryFile } from '../src/eval/trajectory-file.js';
import { outagePolicy, startFakeOpenAiServer } from './fixtures/fake-openai-server.js';
import { FixtureAgent } from './fixtures/fixture-agent.js';
import { createFixtureRegistry } from './fixtures/fixture-engine.js';

let dir = '';
let store: RunStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'firedrill-eval-'));
  store = new RunStore(join(dir, 'runs.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const fixtureAgent: AgentPlan = { label: 'fixture-investigator', name: 'fixture', options: {}, create: () => new FixtureAgent() };
const plan = (over: Partial<EvalPlan> = {}): EvalPlan => ({
  agents: [fixtureAgent],
  episodes: ['fixture-outage', 'fixture-outage-hard'].flatMap((task_id) => [0, 1, 2].map((seed) => ({ task_id, seed }))),
  repeats: 2,
  ...over,
});
const deps = (over: Partial<Parameters<typeof runEval>[1]> = {}) => ({ source: inProcessSource(createFixtureRegistry()), store, outDir: join(dir, 'out'), ...over });

describe('eval runner', () => {
  it('runs agents × tasks × seeds × repeats concurrently and stores episodes, steps and JSONL trajectories', async () => {
    const events: string[] = [];
    const r = await runEval(plan(), deps({ concurrency: 3, events: { onPlanned: (t, s) => events.push(`planned ${t} ${s}`), onEpisodeEnd: (ref) => events.push(`${ref.task_id}/${ref.seed}/${ref.repeat}`) } }));
    expect(r).toMatchObject({ total: 12, skipped: 0, ran: 12, failed: 0 });
    expect(r.runId).toMatch(/^run-[0-9a-f]{16}$/);
    expect(events[0]).toBe('planned 12 0');
    expect(events.length).toBe(13);
    const eps = store.episodes(r.runId);
    expect(eps.length).toBe(12);
    // Even seeds: db disk full, fixed at T+8; odd seeds: api memory leak, found one read earlier, fixed at T+7.
    expect(eps.map((e) => e.score)).toEqual([0.92, 0.92, 0.93, 0.93, 0.92, 0.92, 0.92, 0.92, 0.93, 0.93, 0.92, 0.92]);
    // The hard variant allows 6 steps: the fix lands on the last one, with no time left to resolve.
    expect(eps.map((e) => e.success)).toEqual([...Array(6).fill(true), ...Array(6).fill(false)]);
    expect(eps.every((e) => e.status === 'done')).toBe(true);
    expect(eps[0]).toMatchObject({ agent: 'fixture-investigator', task_id: 'fixture-outage', seed: 0, repeat: 0, steps: 8, turns: 8, time_to_mitigate: 8, criteria: { localization: 1, mitigation: 1, efficiency: 0.6 } });
    const traj = readTrajectoryFile(eps[0]?.trajectory_path ?? '');
    expect(traj.steps.length).toBe(8);
    expect(eps[0]?.trajectory_path).toBe(join(dir, 'out', r.runId, 'trajectories', 'fixture-investigator', 'fixture-outage__seed0__r0.jsonl'));
    const steps = store.steps({ run_id: r.runId, agent: 'fixture-investigator', task_id: 'fixture-outage', seed: 0, repeat: 0 });
    expect(steps.map((s) => s.idx)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(steps[0]?.action).toEqual({ action_type: 'list_services' });
    expect(steps[0]?.observation_digest).toMatch(/^[0-9a-f]{16}$/);
    expect(store.getRun(r.runId)?.status).toBe('finished');
  });

  it('gives identical trajectories whatever the concurrency', async () => {
    const a = await runEval(plan({ runId: 'a' }), deps({ concurrency: 1 }));
    const b = await runEval(plan({ runId: 'b' }), deps({ concurrency: 4 }));
    const strip = (p: string) => readTrajectoryFile(p).steps.map((s) => [s.action, s.observation, s.reward, s.done]);
    const ea = store.episodes(a.runId);
    const eb = store.episodes(b.runId);
    expect(ea.map((e) => strip(e.trajectory_path))).toEqual(eb.map((e) => strip(e.trajectory_path)));
  });

  it('resumes: a rerun skips finished episodes and runs only the missing ones', async () => {
    const first = await runEval(plan(), deps());
    const again = await runEval(plan(), deps());
    expect(again).toMatchObject({ runId: first.runId, total: 12, skipped: 12, ran: 0 });
    store.db.prepare("DELETE FROM episodes WHERE run_id = ? AND task_id = 'fixture-outage-hard' AND seed = 2").run(first.runId);
    const third = await runEval(plan(), deps());
    expect(third).toMatchObject({ skipped: 10, ran: 2 });
    expect(store.episodes(first.runId).length).toBe(12);
    expect(store.listRuns().map((r) => [r.id, r.episodes])).toEqual([[first.runId, 12]]);
  });

  it('stops starting episodes when the signal aborts, and a rerun finishes the run', async () => {
    const controller = new AbortController();
    const r = await runEval(plan(), deps({ concurrency: 2, signal: controller.signal, events: { onEpisodeEnd: () => controller.abort() } }));
    // Both workers had started an episode when the first one ended.
    expect(r).toMatchObject({ ran: 2, failed: 0, interrupted: true });
    expect(store.getRun(r.runId)?.status).toBe('interrupted');
    const rest = await runEval(plan(), deps());
    expect(rest).toMatchObject({ skipped: 2, ran: 10, interrupted: false });
    expect(store.getRun(r.runId)?.status).toBe('finished');
  });

  it('stores crashed episodes as failures (status error, never a score) and plays them again on rerun', async () => {
    let broken = true;
    const flaky: AgentPlan = { ...fixtureAgent, create: () => { if (broken) throw new Error('cannot build agent'); return new FixtureAgent(); } };
    const errors: string[] = [];
    const r = await runEval(plan({ agents: [flaky], episodes: [{ task_id: 'fixture-outage', seed: 0 }], repeats: 1 }), deps({ events: { onEpisodeError: (_ref, e) => errors.push(String(e)) } }));
    expect(r).toMatchObject({ ran: 0, failed: 1 });
    expect(errors).toEqual(['cannot build agent']);
    expect(store.getRun(r.runId)?.status).toBe('interrupted');
    expect(store.episodes(r.runId).map((e) => [e.status, e.error])).toEqual([['error', 'cannot build agent']]);
    expect(store.finishedKeys(r.runId).size).toBe(0);
    expect(store.listRuns().find((x) => x.id === r.runId)).toMatchObject({ episodes: 1, failed: 1, mean_score: null });
    const failedFile = store.episodes(r.runId)[0]?.trajectory_path ?? '';
    expect(readTrajectoryFile(failedFile).end).toMatchObject({ status: 'error', turns: 0, error: 'cannot build agent' });
    const out: string[] = [];
    expect(await createReplayCommand(createFixtureRegistry).run([failedFile], { out: (t) => out.push(t), err: (t) => out.push(t), isTty: false })).toBe(0);
    expect(out[0]).toBe(`skipped ${failedFile}: the episode failed before its first step (cannot build agent)`);
    broken = false;
    const again = await runEval(plan({ agents: [flaky], episodes: [{ task_id: 'fixture-outage', seed: 0 }], repeats: 1 }), deps());
    expect(again).toMatchObject({ runId: r.runId, ran: 1, failed: 0, skipped: 0 });
    expect(store.episodes(r.runId).map((e) => e.status)).toEqual(['done']);
  });

  it('leaves out the tasks an agent cannot play, with the reason, once per task', async () => {
    const picky: AgentPlan = { ...fixtureAgent, cannotPlay: (t) => (t === 'fixture-outage-hard' ? 'not this one' : null) };
    const skipped: string[] = [];
    const r = await runEval(
      plan({ agents: [picky], episodes: [0, 1].flatMap((seed) => ['fixture-outage', 'fixture-outage-hard'].map((task_id) => ({ task_id, seed }))), repeats: 1 }),
      deps({ events: { onUnplayable: (a, t, why) => skipped.push(`${a} ${t}: ${why}`) } }),
    );
    expect(r).toMatchObject({ ran: 2, failed: 0, unplayable: 2, total: 2 });
    expect(skipped).toEqual([`${picky.label} fixture-outage-hard: not this one`]);
    expect(store.episodes(r.runId).map((e) => e.task_id)).toEqual(['fixture-outage', 'fixture-outage']);
  });

  it('runs the LLM agent against a local OpenAI-compatible server, two episodes at a time, with token accounting', async () => {
    const server = await startFakeOpenAiServer(outagePolicy());
    try {
      const llm: AgentPlan = { label: 'llm:fake', name: 'llm', options: { model: 'fake' }, create: () => new LlmAgent({ baseUrl: server.url, model: 'fake', apiKey: 'k', priceInputPerM: 1, priceOutputPerM: 4 }) };
      const r = await runEval(plan({ agents: [llm], repeats: 1, episodes: [0, 1, 2, 3].map((seed) => ({ task_id: 'fixture-outage', seed })) }), deps({ concurrency: 2 }));
      expect(r).toMatchObject({ ran: 4, failed: 0 });
      const eps = store.episodes(r.runId);
      expect(eps.map((e) => e.score)).toEqual([0.95, 0.94, 0.95, 0.94]);
      // seed 0: 5 calls over 2,4,6,8,10 messages; seed 1 reads two services first: 6 calls over 2..12.
      expect(eps.map((e) => [e.llm_calls, e.prompt_tokens, e.completion_tokens])).toEqual([[5, 300, 35], [6, 420, 42], [5, 300, 35], [6, 420, 42]]);
      expect(eps[0]?.cost_usd).toBeCloseTo((300 * 1 + 35 * 4) / 1e6, 12);
      expect(existsSync(eps[3]?.trajectory_path ?? '')).toBe(true);
    } finally {
      await server.close();
    }
  });
});
