import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

import { createDefaultRegistry } from '../../src/cli/default-registry.js';
import { createApp, type FiredrillApp, listen } from '../../src/server/index.js';
import {
  collect,
  type Evidence,
  firstDifference,
  MAX_MESSAGE_BYTES,
  MAX_TRACE_BYTES,
  observationEnvelopes,
  rewardAttribution,
  rewardWellFormed,
  rubricNodes,
  RuntimePlanSchema,
  seedControl,
  stateContract,
  trace,
  type ValidationBlock,
  ValidationBlockSchema,
} from '../helpers/openenv-validator.js';
import { RawSocket } from '../helpers/ws.js';
import { committedPlan, oraclePlan, PLAN_PATH } from './validation-plan.js';

const ROOT = resolve(__dirname, '..', '..');
const TOKEN = 'validation-token-0123456789abcdef0123456789';
const manifest = parseYaml(readFileSync(resolve(ROOT, 'openenv.yaml'), 'utf8')) as { name: string; validation: unknown };
const block: ValidationBlock = ValidationBlockSchema.parse(manifest.validation);
const plan = RuntimePlanSchema.parse(JSON.parse(readFileSync(resolve(ROOT, block.execution.probe_path), 'utf8')));

let app: FiredrillApp;
let url: string;
let closeServer: () => Promise<void>;
let baseline: Evidence;

beforeAll(async () => {
  // The registry `firedrill serve` runs, so declared counts and tools are the served ones.
  app = createApp({ registry: createDefaultRegistry(), validationToken: TOKEN });
  const running = await listen(app, { host: '127.0.0.1', port: 0 });
  url = running.url;
  closeServer = running.close;
  baseline = await collect(url, plan, TOKEN);
});
afterAll(async () => {
  await closeServer();
});

describe('openenv.yaml validation block (RFC 008 manifest schema 2)', () => {
  it('is complete and well-formed, with an oracle and a probe plan inside the package', () => {
    expect(block.capabilities.oracle).toEqual({ form: 'script', location: 'validation/oracle.mjs' });
    expect(Buffer.byteLength(readFileSync(PLAN_PATH))).toBeLessThanOrEqual(65_536);
    expect(readFileSync(resolve(ROOT, block.execution.dockerfile), 'utf8')).toContain('FROM ');
    const version = (JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(block.task_distribution?.dataset_version).toBe(`firedrill-${version}`);
  });

  it('ships the probe plan the oracle plays today (regenerate: npx tsx test/integrations/validation-plan.ts --write)', async () => {
    expect(committedPlan()).toEqual(await oraclePlan());
  });
});

describe('runtime rules against a listening server, one WebSocket session', () => {
  it('measures a complete episode', () => {
    expect(baseline.exchanges.filter((e) => e.operation === 'step')).toHaveLength(plan.actions.length);
    expect(baseline.telemetry).not.toBeNull();
  });

  it('every reward is a finite number inside the declared range, in well-formed envelopes', () => {
    expect(rewardWellFormed(baseline, block.reward.range)).toEqual([]);
    expect(observationEnvelopes(baseline)).toEqual([]);
  });

  it('state echoes the requested episode_id and counts steps exactly', () => {
    expect(stateContract(baseline)).toEqual([]);
    const last = JSON.parse(baseline.exchanges.at(-1)!.response_json) as { data: { episode_id: string; step_count: number } };
    expect(last.data).toMatchObject({ episode_id: plan.reset.episode_id, step_count: plan.actions.length });
  });

  it('keeps every message within 1 MiB and the trace within 8 MiB', () => {
    expect(baseline.largest_frame).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(baseline.trace_bytes).toBeLessThanOrEqual(MAX_TRACE_BYTES);
  });

  it('emits its own record of the session equal to the wire transcript, and the forwarded seed', () => {
    const record = baseline.telemetry!['trajectory'] as { schema_version: number; source: string; complete: boolean; records: unknown[] };
    expect(record).toMatchObject({ schema_version: 1, source: 'openenv-server', complete: true });
    expect(firstDifference(trace(baseline), record.records)).toBeNull();
    expect(seedControl(baseline, plan.reset.seed)).toEqual([]);
  });

  it('publishes the rubric as a tree of weighted_sum / gate / sequential / leaf nodes with configuration', () => {
    expect(baseline.telemetry!['rubric_error']).toBeNull();
    const nodes = rubricNodes(baseline.telemetry!['rubric']);
    expect(new Set([...nodes.values()].map((n) => n.aggregation))).toEqual(new Set(['gate', 'sequential', 'weighted_sum', 'leaf']));
    expect(nodes.get('root')!.children).toEqual(['root.total']);
  });

  it('attributes every step: the root equals the emitted reward and every parent its children', () => {
    expect(rewardAttribution(baseline)).toEqual([]);
    const rewards = baseline.exchanges.filter((e) => e.operation === 'step').map((e) => (JSON.parse(e.response_json) as { data: { reward: number } }).data.reward);
    // Not vacuous: the reward rises from 0 to the oracle's score along the episode.
    expect(rewards[0]).toBeLessThan(rewards.at(-1)!);
  });

  it('replays identically in a fresh session; a different seed is forwarded and changes the episode', async () => {
    const again = await collect(url, plan, TOKEN);
    expect(firstDifference(trace(baseline), trace(again))).toBeNull();
    expect(firstDifference(baseline.telemetry, again.telemetry)).toBeNull();
    const otherSeed = plan.reset.seed + 1;
    const seeded = await collect(url, plan, TOKEN, otherSeed);
    expect(seedControl(seeded, otherSeed)).toEqual([]);
    expect(firstDifference(trace(baseline), trace(seeded))).not.toBeNull();
    expect(stateContract(seeded)).toEqual([]);
    expect(rewardWellFormed(seeded, block.reward.range)).toEqual([]);
  });

  it('the oracle reaches the maximum within oracle_tolerance; the do-nothing floor sits floor_margin below it', async () => {
    const [low, high] = block.reward.range;
    const last = JSON.parse(baseline.exchanges.filter((e) => e.operation === 'step').at(-1)!.response_json) as { data: { reward: number; done: boolean } };
    expect(last.data.done).toBe(true);
    expect(last.data.reward).toBeGreaterThanOrEqual(high - block.reward.oracle_tolerance);

    // Floor: the reset state, and an agent that only waits until the episode is cut off.
    const resetReward = (JSON.parse(baseline.exchanges[0]!.response_json) as { data: { reward: number } }).data.reward;
    const socket = await RawSocket.open(`${url.replace('http', 'ws')}/ws`);
    let frame = await socket.request({ type: 'reset', data: { ...plan.reset.options, seed: plan.reset.seed } });
    let waits = 0;
    while (frame.data.done !== true && waits < 500) {
      frame = await socket.request({ type: 'step', data: { action_type: 'wait', minutes: 30 } });
      waits++;
    }
    socket.close();
    expect(frame.data.done).toBe(true);
    const floor = Math.max(resetReward, frame.data.reward as number);
    expect(floor).toBeGreaterThanOrEqual(low);
    expect(high - floor).toBeGreaterThanOrEqual(block.reward.floor_margin);
  });

  it('the oracle script passes against the server', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [resolve(ROOT, block.capabilities.oracle!.location), url], { timeout: 20_000 });
    expect(JSON.parse(stdout)).toMatchObject({ pass: true, done: true });
  });

  it('declares exactly the tools and task counts it serves', async () => {
    const rpc = (await (await fetch(`${url}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }) })).json()) as { result: { tools: { name: string }[] } };
    expect(rpc.result.tools.map((t) => t.name).sort()).toEqual([...block.capabilities.declared_tools!].sort());
    const splits = (await (await fetch(`${url}/${manifest.name}/splits`)).json()) as { name: string }[];
    expect(splits.map((s) => s.name).sort()).toEqual(Object.keys(block.capabilities.declared_task_count!).sort());
    for (const s of splits) {
      const count = (await (await fetch(`${url}/${manifest.name}/num_tasks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ split: s.name }) })).json()) as { num_tasks: number };
      expect(count.num_tasks).toBe(block.capabilities.declared_task_count![s.name]);
    }
  });
});

describe('the rule checkers', () => {
  it('catch tampered evidence: a reward off by 0.01, a wrong step_count, a parent that is not its aggregation', () => {
    const tampered: Evidence = JSON.parse(JSON.stringify(baseline)) as Evidence;
    const i = tampered.exchanges.findIndex((e) => e.operation === 'step');
    const step = JSON.parse(tampered.exchanges[i]!.response_json) as { data: { reward: number } };
    step.data.reward += 0.01;
    tampered.exchanges[i]!.response_json = JSON.stringify(step);
    const state = JSON.parse(tampered.exchanges[i + 1]!.response_json) as { data: { step_count: number } };
    state.data.step_count += 1;
    tampered.exchanges[i + 1]!.response_json = JSON.stringify(state);
    expect(rewardAttribution(tampered)).toEqual([expect.stringContaining('step 0: root score')]);
    expect(stateContract(tampered)).toEqual([`exchange ${i + 1}: incorrect step_count`]);
    const last = (tampered.telemetry!['attribution'] as { rubric: { name: string; score: number }[] }[]).at(-1)!;
    last.rubric.find((n) => n.name === 'root.total.earned')!.score += 0.5;
    expect(rewardAttribution(tampered).some((p) => p.includes('root.total.earned'))).toBe(true);
    expect(rewardWellFormed({ ...tampered, exchanges: [{ operation: 'step', request_json: '{}', response_json: '{"type":"observation","data":{"reward":true}}' }] }, block.reward.range)).toHaveLength(1);
  });
});

describe('telemetry access', () => {
  it('is off without a token, refuses a wrong token and opening after the episode started, and never echoes secrets', async () => {
    const off = createApp({ registry: createDefaultRegistry() });
    const running = await listen(off, { host: '127.0.0.1', port: 0 });
    try {
      const s = await RawSocket.open(`${running.url.replace('http', 'ws')}/ws`);
      const refused = await s.request({ type: 'validation_open', data: { schema_version: 1, token: TOKEN } });
      expect(refused).toMatchObject({ type: 'error', data: { code: 'VALIDATION_ERROR', message: 'Validation unavailable or unauthorized' } });
      expect(JSON.stringify(refused)).not.toContain(TOKEN);
      s.close();
    } finally {
      await running.close();
    }
    const s = await RawSocket.open(`${url.replace('http', 'ws')}/ws`);
    expect((await s.request({ type: 'validation_open', data: { schema_version: 1, token: `${TOKEN}x` } })).type).toBe('error');
    expect((await s.request({ type: 'validation_read', data: { schema_version: 1, capability: 'c'.repeat(43) } })).type).toBe('error');
    await s.request({ type: 'reset', data: {} });
    expect((await s.request({ type: 'validation_open', data: { schema_version: 1, token: TOKEN } })).type).toBe('error');
    s.close();
  });
});
