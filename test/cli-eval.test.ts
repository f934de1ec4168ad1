import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { CliIo } from '../src/cli/command.js';
import { collectAgentOptions, createEvalCommand, HF_ROUTER } from '../src/cli/commands/eval.js';
import { createExportCommand } from '../src/cli/commands/export.js';
import { createReplayCommand } from '../src/cli/commands/replay.js';
import { runsCommand } from '../src/cli/commands/runs.js';
import { main } from '../src/cli/main.js';
import { NATIVE_ACTION_TYPES } from '../src/contracts/index.js';
import { createDefaultRegistry } from '../src/cli/default-registry.js';
import { InProcessEnv } from '../src/eval/in-process-env.js';
import { RunStore } from '../src/eval/store.js';
import { type FakeOpenAiServer, outagePolicy, startFakeOpenAiServer } from './fixtures/fake-openai-server.js';
import { createFixtureRegistry } from './fixtures/fixture-engine.js';

const AGENT = resolve(__dirname, 'fixtures/fixture-agent.ts');
let dir = '';
let server: FakeOpenAiServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'firedrill-cli-'));
  server = await startFakeOpenAiServer(outagePolicy());
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function io(isTty = false) {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), isTty, errIsTty: isTty };
  return { cli, out, err, text: () => out.join('\n') };
}

const evalCmd = (env: Record<string, string> = {}) => createEvalCommand({ registry: createFixtureRegistry, env, benchmarks: () => ({ 'fixture-bench-v1': [{ task_id: 'fixture-outage', seed: 5 }, { task_id: 'fixture-outage-hard', seed: 6 }] }) });
const paths = (name: string) => ['--db', join(dir, `${name}.db`), '--out', join(dir, name)];

function runIdOf(err: string[]): string {
  const line = err.find((l) => l.startsWith('run ')) ?? '';
  return /^run (run-[0-9a-f]{16}|\S+):/.exec(line)?.[1] ?? '';
}

describe('firedrill eval', () => {
  it('evaluates an agent module on a family of tasks, prints the Markdown report and writes report files', async () => {
    const c = io();
    const code = await evalCmd().run(['--agent', AGENT, '--tasks', 'fixture-out', '--seeds', '0..2', '--repeats', '2', '--concurrency', '2', ...paths('a')], c.cli);
    expect(code).toBe(0);
    const md = c.text();
    expect(md).toContain('| Agent | Task | Episodes | Errors | Mean score (95% CI) | Success | pass^k (k=2) | Steps | Time to mitigate (sim min) |');
    // The family prefix selects both fixture-outage tasks.
    expect(md).toMatch(/\| fixture-investigator \| fixture-outage \| 6 \| — \| 0\.923 \[0\.920, 0\.927\] \| 100% \| 1\.00 \| 7\.7 \| 7\.7 \(6\/6\) \|/);
    expect(md).toMatch(/\| fixture-investigator \| fixture-outage-hard \| 6 \| — \| 0\.923 \[[0-9.]+, [0-9.]+\] \| 0% \| 0\.00 \| 6\.0 \|/);
    // stderr is not a terminal: no per-episode progress, one summary line.
    expect(c.err.length).toBe(1);
    const runId = runIdOf(c.err);
    expect(runId).toMatch(/^run-[0-9a-f]{16}$/);
    for (const f of ['report.json', 'report.md', 'report.html']) expect(existsSync(join(dir, 'a', runId, f))).toBe(true);
    const json = JSON.parse(readFileSync(join(dir, 'a', runId, 'report.json'), 'utf8'));
    expect(json).toMatchObject({ format: 'firedrill-report', agents: ['fixture-investigator'], tasks: ['fixture-outage', 'fixture-outage-hard'] });

    const again = io();
    expect(await evalCmd().run(['--agent', AGENT, '--tasks', 'fixture-out', '--seeds', '0..2', '--repeats', '2', ...paths('a')], again.cli)).toBe(0);
    expect(again.err.at(-1)).toContain(`run ${runId}: 0 ran, 12 already done, 0 failed`);
  });

  it('starts a new run when the agent module or the options change', async () => {
    const copy = join(dir, 'agent-copy.ts');
    writeFileSync(copy, readFileSync(AGENT, 'utf8').replace("from '../../src", `from '${resolve(__dirname, '../src')}/`).replaceAll("'../../src/", `'${resolve(__dirname, '../src')}/`));
    const args = ['--agent', copy, '--tasks', 'fixture-outage', '--seeds', '0', ...paths('digest')];
    const a = io();
    await evalCmd().run(args, a.cli);
    const b = io();
    await evalCmd().run(args, b.cli);
    writeFileSync(copy, `${readFileSync(copy, 'utf8')}\n// changed\n`);
    const c = io();
    await evalCmd().run(args, c.cli);
    const d = io();
    await evalCmd().run([...args, '--agent-option', 'stopAfter=3'], d.cli);
    expect(runIdOf(b.err)).toBe(runIdOf(a.err));
    expect(new Set([runIdOf(a.err), runIdOf(c.err), runIdOf(d.err)]).size).toBe(3);
  });

  it('draws a progress bar on a terminal', async () => {
    const c = io(true);
    const drawn: string[] = [];
    const cmd = createEvalCommand({ registry: createFixtureRegistry, writeProgress: (s) => drawn.push(s) });
    expect(await cmd.run(['--agent', AGENT, '--tasks', 'fixture-outage-hard', '--seeds', '0..1', ...paths('tty')], c.cli)).toBe(0);
    expect(drawn[0]).toBe('\r\x1b[2K[························] 0/2    0%  ETA …');
    expect(drawn[2]).toMatch(/^\r\x1b\[2K\[#{24}\] 2\/2  100%  in \d+s$/);
    expect(drawn.at(-1)).toBe('\n');
  });

  it('runs a benchmark list with its own seeds', async () => {
    const c = io();
    expect(await evalCmd().run(['--agent', AGENT, '--tasks', 'fixture-bench-v1', ...paths('bench')], c.cli)).toBe(0);
    const store = new RunStore(join(dir, 'bench.db'));
    expect(store.episodes(runIdOf(c.err)).map((e) => [e.task_id, e.seed])).toEqual([['fixture-outage', 5], ['fixture-outage-hard', 6]]);
    store.close();
  });

  it('prints the compat environments’ [START]/[STEP]/[END] lines with --log-format compat (and its old name, seed)', async () => {
    const c = io();
    const alias = io();
    const tasks = ['--tasks', 'fixture-text-sre,fixture-text-devops,fixture-outage-hard', '--seeds', '1'];
    expect(await evalCmd().run(['--agent', AGENT, ...tasks, '--log-format', 'compat', ...paths('compat-log')], c.cli)).toBe(0);
    expect(await evalCmd().run(['--agent', AGENT, ...tasks, '--log-format', 'seed', ...paths('seed-log')], alias.cli)).toBe(0);
    expect(alias.out).toEqual(c.out);
    expect(c.out).toEqual([
      '[START] task=fixture-text-sre env=sre-incident-response model=fixture-investigator',
      '[STEP] step=1 action={"action_type":"diagnose","value":"diskfullondb"} reward=0.50 done=false error=null',
      '[STEP] step=2 action={"action_type":"apply_fix","value":"cleanoldWALfiles"} reward=0.95 done=true error=null',
      '[END] success=true steps=2 score=0.95 rewards=0.50,0.95',
      '[START] task=fixture-text-devops env=devops_incident_env model=fixture-investigator',
      '[STEP] step=1 action=diagnose() reward=0.500 done=false error=null',
      '[STEP] step=2 action=apply_fix() reward=0.950 done=true error=null',
      '[END] success=true steps=2 score=0.950 rewards=0.500,0.950',
      '[START] task=fixture-outage-hard env=firedrill model=fixture-investigator',
      '[STEP] step=1 action=list_services() reward=0.000 done=false error=null',
      '[STEP] step=2 action=read_logs(gateway) reward=0.000 done=false error=null',
      '[STEP] step=3 action=read_logs(api) reward=0.000 done=false error=null',
      '[STEP] step=4 action=diagnose(api) reward=0.400 done=false error=null',
      '[STEP] step=5 action=apply_fix(api) reward=0.530 done=false error=null',
      '[STEP] step=6 action=verify_health() reward=0.000 done=true error=null',
      '[END] success=false steps=6 score=0.930 rewards=0.000,0.000,0.000,0.400,0.530,0.000',
    ]);
  });

  it('evaluates the LLM agent through the registry with the key from OPENAI_API_KEY, else HF_TOKEN', async () => {
    const before = server.requests.length;
    const c = io();
    const args = ['--agent', 'llm', '--base-url', server.url, '--model', 'fake-llm', '--temperature', '0', '--llm-seed', '3', '--price-input', '1', '--price-output', '2', '--tasks', 'fixture-outage', '--seeds', '0..1', '--stream', ...paths('llm')];
    expect(await evalCmd({ OPENAI_API_KEY: 'sk-openai', HF_TOKEN: 'hf-x' }).run(args, c.cli)).toBe(0);
    // The first request is the preflight (one token, before any episode); the rest play the episodes.
    const [preflight, ...reqs] = server.requests.slice(before);
    expect(preflight?.body).toMatchObject({ model: 'fake-llm', max_tokens: 1, messages: [{ role: 'user', content: 'ping' }] });
    expect(preflight?.headers.authorization).toBe('Bearer sk-openai');
    expect(reqs.length).toBeGreaterThan(2);
    expect(reqs.every((r) => r.headers.authorization === 'Bearer sk-openai' && r.body.stream === true && r.body.seed === 3 && r.body.temperature === 0)).toBe(true);
    expect(c.text()).toContain('| Agent | Task | Episodes | Errors | Mean score (95% CI) | Success | Steps | Time to mitigate (sim min) | Tokens / episode | Cost / episode |');
    expect(c.text()).toMatch(/\| llm:fake-llm \| fixture-outage \| 2 \| — \| 0\.945 /);
    const store = new RunStore(join(dir, 'llm.db'));
    const run = store.getRun(runIdOf(c.err));
    expect(run?.config.agents).toEqual([{ label: 'llm:fake-llm', name: 'llm', options: { baseUrl: server.url, model: 'fake-llm', temperature: 0, seed: 3, priceInputPerM: 1, priceOutputPerM: 2, stream: true } }]);
    expect(JSON.stringify(run)).not.toContain('sk-openai');
    store.close();

    const before2 = server.requests.length;
    expect(await evalCmd({ HF_TOKEN: 'hf-token' }).run([...args, '--run-id', 'hf'], io().cli)).toBe(0);
    expect(server.requests[before2]?.headers.authorization).toBe('Bearer hf-token');
  });

  it('picks the endpoint and key: --base-url, OPENAI_BASE_URL, the HF router for HF_TOKEN alone', () => {
    expect(collectAgentOptions({ 'base-url': 'http://x/v1' }, { OPENAI_BASE_URL: 'http://y/v1', HF_TOKEN: 'h' })).toEqual({ baseUrl: 'http://x/v1', apiKey: 'h' });
    expect(collectAgentOptions({}, { OPENAI_BASE_URL: 'http://y/v1', OPENAI_API_KEY: 'k' })).toEqual({ baseUrl: 'http://y/v1', apiKey: 'k' });
    expect(collectAgentOptions({}, { HF_TOKEN: 'h' })).toEqual({ baseUrl: HF_ROUTER, apiKey: 'h' });
    expect(collectAgentOptions({}, { HF_TOKEN: 'h', OPENAI_API_KEY: 'k' })).toEqual({ apiKey: 'k' });
    expect(collectAgentOptions({ 'agent-option': ['depth=3', 'name=x', 'flags={"a":true}'] }, {})).toEqual({ depth: 3, name: 'x', flags: { a: true } });
  });

  it('compares several agents in one run', async () => {
    const c = io();
    const args = ['--agent', AGENT, '--agent', 'llm', '--base-url', server.url, '--model', 'm2', '--tasks', 'fixture-outage', '--seeds', '0..1', ...paths('two')];
    expect(await evalCmd({ OPENAI_API_KEY: 'k' }).run(args, c.cli)).toBe(0);
    expect(c.text()).toContain('| fixture-investigator | fixture-outage | 2 |');
    expect(c.text()).toContain('| llm:m2 | fixture-outage | 2 |');
    expect(c.text()).toMatch(/\| fixture-investigator \| fixture-outage \| 2 \| .* \| — \| — \|/);
  });

  it('rejects bad input with usage errors and unknown tasks with UNKNOWN_TASK', async () => {
    await expect(evalCmd().run(['--tasks', 'fixture-outage'], io().cli)).rejects.toThrow('--agent is required.');
    await expect(evalCmd().run(['--agent', AGENT, '--tasks', 'nope', ...paths('bad')], io().cli)).rejects.toMatchObject({ code: 'UNKNOWN_TASK' });
    await expect(evalCmd().run(['--agent', 'no-such-agent', '--tasks', 'fixture-outage', ...paths('bad')], io().cli)).rejects.toThrow(/No agent named 'no-such-agent'.*Agents: llm/);
    await expect(evalCmd().run(['--agent', 'llm', '--temperature', '9', '--tasks', 'fixture-outage', ...paths('bad')], io().cli)).rejects.toThrow('Invalid option for agent llm: temperature:');
    await expect(evalCmd().run(['--agent', AGENT, '--tasks', 'fixture-outage', '--repeats', '0', ...paths('bad')], io().cli)).rejects.toThrow('--repeats must be a positive integer, not 0.');
    await expect(evalCmd().run(['--agent', AGENT, '--tasks', 'fixture-outage', '--server', 'ws://127.0.0.1:9', ...paths('bad')], io().cli)).rejects.toThrow('--server must be an http(s) URL, not ws://127.0.0.1:9.');
    await expect(evalCmd().run(['--agent', AGENT, '--tasks', 'fixture-outage', '--server', 'http://127.0.0.1:9', '--transport', 'grpc', ...paths('bad')], io().cli)).rejects.toThrow('--transport must be http or ws, not grpc.');
  });

  it('runs against a server through a pluggable client (--server)', async () => {
    const remote = createEvalCommand({ registry: createFixtureRegistry, connect: () => () => new InProcessEnv(createFixtureRegistry()) });
    const c = io();
    expect(await remote.run(['--agent', AGENT, '--tasks', 'fixture-outage', '--seeds', '0', '--server', 'http://127.0.0.1:9', ...paths('remote')], c.cli)).toBe(0);
    const store = new RunStore(join(dir, 'remote.db'));
    expect(store.getRun(runIdOf(c.err))?.config.source).toBe('remote');
    store.close();
  });

  it('runs the example agent module on the default registry (whatever tasks this build has), and replays what it stored', async () => {
    const c = io();
    const example = resolve(__dirname, '../examples/agents/alert-reactor.mjs');
    const code = await main(['eval', '--agent', example, '--tasks', 'all', '--seeds', '0', '--max-steps', '12', ...paths('default')], c.cli);
    expect(code).toBe(0);
    const store = new RunStore(join(dir, 'default.db'));
    const eps = store.episodes(runIdOf(c.err));
    store.close();
    expect(eps.length).toBeGreaterThan(0);
    // The example speaks native actions; tasks with their own action format end it with validation errors.
    const native = new Set(createDefaultRegistry().list().filter((t) => t.source === 'native').map((t) => t.id));
    expect(eps.every((e) => e.agent === 'alert-reactor')).toBe(true);
    expect(eps.filter((e) => native.has(e.task_id)).every((e) => e.report !== null)).toBe(true);
    const r = io();
    expect(await main(['replay', join(dir, 'default')], r.cli)).toBe(0);
    expect(r.out.at(-1)).toMatch(new RegExp(`^${eps.length} trajectories, \\d+ steps replayed: identical$`));
  });
});

describe('firedrill runs, replay and export', () => {
  let runA = '';
  let runB = '';
  const db = () => join(dir, 'multi.db');
  beforeAll(async () => {
    const a = io();
    await evalCmd().run(['--agent', AGENT, '--tasks', 'fixture-out', '--seeds', '0..1', '--db', db(), '--out', join(dir, 'multi')], a.cli);
    runA = runIdOf(a.err);
    const b = io();
    await evalCmd().run(['--agent', AGENT, '--agent-option', 'invalidFirst=true', '--tasks', 'fixture-out', '--seeds', '0..1', '--db', db(), '--out', join(dir, 'multi')], b.cli);
    runB = runIdOf(b.err);
  });

  it('lists, shows and compares runs', async () => {
    const l = io();
    expect(await runsCommand.run(['list', '--db', db()], l.cli)).toBe(0);
    expect(l.out[0]?.split('\n')[0]).toMatch(/^id\s+created\s+status\s+agents\s+episodes\s+failed\s+mean score$/);
    expect(l.out[0]).toContain(runA);
    expect(l.out[0]).toContain(runB);
    const s = io();
    expect(await runsCommand.run(['show', runA, '--db', db()], s.cli)).toBe(0);
    expect(s.text()).toContain('| fixture-investigator | fixture-outage-hard | 2 |');
    const cmp = io();
    expect(await runsCommand.run(['compare', runA, runB, '--db', db(), '--format', 'json'], cmp.cli)).toBe(0);
    expect(JSON.parse(cmp.text()).agents.sort()).toEqual([`fixture-investigator@${runA}`, `fixture-investigator@${runB}`].sort());
    const comparisons = JSON.parse(cmp.text()).comparisons as { base: string; other: string; agent: string; fixed: unknown[]; regressed: unknown[]; unchanged: { pass: number; fail: number }; only_in_base: number; only_in_other: number }[];
    expect(comparisons.map((c) => [c.base, c.other, c.agent])).toEqual([[runA, runB, 'fixture-investigator']]);
    const md = io();
    expect(await runsCommand.run(['compare', runA, runB, '--db', db()], md.cli)).toBe(0);
    expect(md.text()).toContain(`### fixture-investigator: \`${runA}\` → \`${runB}\``);
    const h = io();
    expect(await runsCommand.run(['compare', runA, runB, '--db', db(), '--format', 'html', '--out', join(dir, 'cmp.html')], h.cli)).toBe(0);
    expect(readFileSync(join(dir, 'cmp.html'), 'utf8')).toContain('class="chart chart-agents"');
    await expect(runsCommand.run(['show', 'run-nope', '--db', db()], io().cli)).rejects.toThrow(`No run 'run-nope' in ${db()}.`);
    // Single-repeat runs compared: no pass^k column (each run has one try per task and seed).
    expect(md.text().split('\n').find((l) => l.startsWith('| Agent | Task |'))).not.toContain('pass^k');
  });

  it('replays stored trajectories, including rejected actions, and names the first divergent step', async () => {
    const replay = createReplayCommand(createFixtureRegistry);
    const ok = io();
    expect(await replay.run([join(dir, 'multi', runB)], ok.cli)).toBe(0);
    // 27 transitions and 4 rejected actions, rejected again.
    expect(ok.out.at(-1)).toBe('4 trajectories, 31 steps replayed: identical');
    const file = join(dir, 'multi', runA, 'trajectories', 'fixture-investigator', 'fixture-outage__seed0__r0.jsonl');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const step5 = JSON.parse(lines[5] as string);
    step5.reward = 0.5;
    lines[5] = JSON.stringify(step5);
    const tampered = join(dir, 'tampered.jsonl');
    writeFileSync(tampered, `${lines.join('\n')}\n`);
    const bad = io();
    expect(await replay.run([tampered], bad.cli)).toBe(1);
    expect(bad.err[0]).toBe(`DIVERGED ${tampered}: fixture-outage seed 0, at step 5 ({"action_type":"diagnose","service":"db","fault":"disk_full"}): reward differs — reward: recorded 0.5, replayed 0.4`);
    const obs = JSON.parse(lines[3] as string);
    obs.observation.text = 'changed';
    lines[5] = JSON.stringify(step5);
    lines[3] = JSON.stringify(obs);
    writeFileSync(tampered, `${lines.join('\n')}\n`);
    const bad2 = io();
    expect(await replay.run([tampered], bad2.cli)).toBe(1);
    expect(bad2.err[0]).toContain('at step 3 ({"action_type":"read_logs","service":"api"}): observation differs — observation.text: recorded "changed", replayed ');
  });

  it('exports SFT, OpenAI and Anthropic chat JSONL from stored runs', async () => {
    const exp = createExportCommand(createFixtureRegistry);
    const sft = io();
    expect(await exp.run(['--format', 'sft', '--run', runA, '--db', db(), '--success-only', '--metadata'], sft.cli)).toBe(0);
    const rows = sft.out[0]?.split('\n').map((l) => JSON.parse(l)) ?? [];
    expect(rows.length).toBe(2);
    expect(sft.err.at(-1)).toBe('2 conversations exported (sft), 2 filtered out');
    const first = rows[0];
    expect(first.metadata).toMatchObject({ task_id: 'fixture-outage', seed: 0, success: true, score: 0.92 });
    expect(first.messages.map((m: { role: string }) => m.role)).toEqual(['system', 'user', ...Array(8).fill(['assistant', 'tool']).flat()]);
    expect(first.messages[2]).toEqual({ role: 'assistant', content: '', tool_calls: [{ type: 'function', function: { name: 'list_services', arguments: {} } }] });
    expect(first.messages[3]).toMatchObject({ role: 'tool', name: 'list_services' });
    expect(first.messages[4].tool_calls[0].function).toEqual({ name: 'read_logs', arguments: { service: 'gateway' } });
    expect(first.tools.map((t: { function: { name: string } }) => t.function.name)).toEqual(['list_services', 'read_logs', 'query_metrics', 'diagnose', 'apply_fix', 'verify_health', 'resolve']);

    const oa = io();
    expect(await exp.run(['--format', 'openai-tools', '--run', runB, '--db', db(), '--min-score', '0.925'], oa.cli)).toBe(0);
    const o = JSON.parse(oa.out[0]?.split('\n')[0] ?? '{}');
    expect(o.parallel_tool_calls).toBe(false);
    expect(o.metadata).toBeUndefined();
    // The rejected first action of runB's agent is not training data.
    expect(o.messages[2]).toEqual({ role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'list_services', arguments: '{}' } }] });
    expect(o.messages[3]).toMatchObject({ role: 'tool', tool_call_id: 'call_1' });

    const an = io();
    expect(await exp.run(['--format', 'anthropic-tools', join(dir, 'multi', runA)], an.cli)).toBe(0);
    const a = JSON.parse(an.out[0]?.split('\n')[0] ?? '{}');
    expect(typeof a.system).toBe('string');
    expect(a.messages[0]).toMatchObject({ role: 'user', content: [{ type: 'text' }] });
    expect(a.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'list_services', input: {} }] });
    expect(a.messages[2]).toMatchObject({ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1' }] });
    expect(a.tools[0]).toEqual({ name: 'list_services', description: 'List the services visible to monitoring, with their kind and dependencies.', input_schema: { type: 'object', properties: {}, additionalProperties: false } });

    const tools = io();
    expect(await exp.run(['--format', 'anthropic-tools', '--tools-only', '--task', 'fixture-text-sre'], tools.cli)).toBe(0);
    expect(JSON.parse(tools.text())).toEqual([{ name: 'act', description: 'Take one action in the environment. The argument is the action object itself.', input_schema: expect.objectContaining({ type: 'object', required: ['action_type', 'value'] }) }]);
    const allTools = io();
    expect(await exp.run(['--format', 'openai-tools', '--tools-only'], allTools.cli)).toBe(0);
    expect(JSON.parse(allTools.text()).length).toBe(NATIVE_ACTION_TYPES.length);
  });
});
