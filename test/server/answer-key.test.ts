/**
 * The answer key is out of an agent's reach: an adversary holding only an agent token (what a trainer hands a
 * model) tries every way to learn its seed or its ground truth — the sealed state and observations, errors and
 * headers, the MCP surface, resets and twin sessions, the trainer's routes and the stored runs — against a real
 * listening server with a training key and a runs token.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Environment } from '../../src/env/environment.js';
import { inProcessSource } from '../../src/eval/in-process-env.js';
import { runEval } from '../../src/eval/runner.js';
import { RunStore } from '../../src/eval/store.js';
import { digest } from '../../src/lib/index.js';
import { AGENT_MCP_PATH } from '../../src/server/routes/agent.js';
import { GRADE_REPORT_URI } from '../../src/server/mcp/briefing.js';
import { createFixtureRegistry } from '../fixtures/fixture-engine.js';
import { FixtureAgent } from '../fixtures/fixture-agent.js';
import { startServer, testRegistry, type TestServer } from '../helpers/server.js';

const TRAINING_KEY = 'training-key-0123456789';
const RUNS_TOKEN = 'runs-token-9876543210';
const TASK = 'checkout-errors-v1';
const SEED = 7;

let server: TestServer;
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'firedrill-answer-key-'));
  const runsDb = join(dir, 'runs.db');
  const store = new RunStore(runsDb);
  try {
    const agent = { label: 'investigator', name: 'fixture', options: {}, create: () => new FixtureAgent({}) };
    await runEval({ agents: [agent], episodes: [{ task_id: 'fixture-outage', seed: 0 }], repeats: 1 }, { source: inProcessSource(createFixtureRegistry()), store, outDir: join(dir, 'out') });
  } finally {
    store.close();
  }
  server = await startServer({ apiKey: TRAINING_KEY, runsToken: RUNS_TOKEN, runsDb });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: Record<string, unknown>;
}

async function call(method: string, path: string, token: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // a non-JSON answer (the HTML report) stays in text
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

/** The catalogue code of an error answer. */
function code(r: Answer): unknown {
  return (r.body['error'] as { code?: unknown } | undefined)?.code;
}

/** The trainer's side: a private session with an agent handle. */
async function handOut(seed = SEED, extra: Record<string, unknown> = {}): Promise<{ sessionId: string; token: string; first: Answer }> {
  const first = await call('POST', '/reset', TRAINING_KEY, { task_id: TASK, seed, agent_handle: true, ...extra }, { 'x-session-id': 'new' });
  expect(first.status).toBe(200);
  return { sessionId: String(first.body['session_id']), token: String(first.body['agent_token']), first };
}

/** Everything the seed could be written as in an agent-visible text, and the old, derivable ids. */
function seedTells(taskId: string, seed: number): RegExp[] {
  return [/"seed"/, new RegExp(`\\bseed\\W{0,3}${seed}\\b`, 'i'), new RegExp(digest(`${taskId}:${seed}`)), new RegExp(`INC-${digest(`${taskId}:${seed}`).slice(0, 6)}`, 'i')];
}

describe('an agent holding only its agent token', () => {
  it('gets a token only for a private session, and the trainer keeps the seed and the report', async () => {
    const onDefault = await call('POST', '/reset', TRAINING_KEY, { task_id: TASK, seed: SEED, agent_handle: true });
    expect([onDefault.status, code(onDefault)]).toEqual([422, 'VALIDATION_ERROR']);
    const { token, first } = await handOut();
    expect(token).toMatch(/^fda_[A-Za-z0-9_-]{43}$/);
    // Over WebSocket and JSON-RPC no handle can be minted: asking is refused rather than ignored.
    const rpc = await call('POST', '/mcp', TRAINING_KEY, { jsonrpc: '2.0', id: 1, method: 'openenv/session/create', params: { task_id: TASK, seed: SEED, agent_handle: true } });
    expect(JSON.stringify(rpc.body)).toContain('agent handles are minted by POST /reset over HTTP only');
    const ws = new WebSocket(server.wsUrl, { headers: { authorization: `Bearer ${TRAINING_KEY}` } });
    await new Promise((resolve) => ws.once('open', resolve));
    const frame = new Promise<string>((resolve) => ws.once('message', (data: Buffer) => resolve(data.toString())));
    ws.send(JSON.stringify({ type: 'reset', data: { task_id: TASK, seed: SEED, agent_handle: true } }));
    expect(await frame).toContain('agent handles are minted by POST /reset over HTTP only');
    ws.close();
    expect(first.body['session_id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sees no seed, reward, score or ground truth in the sealed state, observations, errors or headers', async () => {
    const { token } = await handOut();
    const seen: string[] = [];
    const state = await call('GET', '/agent/state', token);
    expect(state.status).toBe(200);
    expect(Object.keys(state.body).sort()).toEqual(['done', 'elapsed_minutes', 'episode_id', 'incident_id', 'step_count', 'truncated']);
    seen.push(state.text);
    const schema = await call('GET', '/agent/schema', token);
    expect(schema.status).toBe(200);
    for (const action of [{ action_type: 'list_services' }, { action_type: 'read_logs', service: 'no-such-service' }, { action_type: 'nope' }, { action_type: 'diagnose', service: 'payments-db', fault: 'disk_full' }, { type: 'list_tools' }]) {
      const step = await call('POST', '/agent/step', token, { action });
      seen.push(step.text, JSON.stringify(Object.fromEntries(step.headers)));
      if (step.status === 200) {
        expect(step.body['reward']).toBeNull();
        expect(Object.keys(step.body['metadata'] as object)).toEqual(['truncated']);
      }
    }
    const ended = await call('POST', '/agent/step', token, { action: { action_type: 'resolve' } });
    expect([ended.status, ended.body['done'], ended.body['reward'], ended.body['metadata']]).toEqual([200, true, null, { truncated: false }]);
    seen.push(ended.text, (await call('POST', '/agent/step', token, { action: { action_type: 'wait', minutes: 1 } })).text, (await call('GET', '/agent/state', token)).text);
    for (const text of seen) {
      for (const tell of seedTells(TASK, SEED)) expect(text.match(tell)?.[0] ?? null).toBeNull();
      expect(text).not.toMatch(/ground_truth|grade_report|"score"|total_reward|x-session-id|"roots"/i);
    }
  });

  it('cannot reset, open a twin session, or reach any trainer route or stored run', async () => {
    const { token, sessionId } = await handOut();
    const tries: [string, string, unknown?, Record<string, string>?][] = [
      ['POST', '/reset', { task_id: TASK, seed: SEED }, { 'x-session-id': 'new' }],
      ['POST', '/reset', { task_id: TASK, seed: SEED }],
      ['POST', '/step', { action: { action_type: 'resolve' } }, { 'x-session-id': sessionId }],
      ['GET', `/state?session_id=${sessionId}`],
      ['GET', `/report?session_id=${sessionId}`],
      ['POST', '/mcp', { jsonrpc: '2.0', id: 1, method: 'openenv/session/create', params: { task_id: TASK, seed: SEED } }],
      ['POST', `/mcp/stream?task=${TASK}&seed=${SEED}`, { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } }],
      ['GET', '/tasks'],
      ['GET', '/runs'],
      ['GET', '/reports?runs=x'],
    ];
    for (const [method, path, body, headers] of tries) {
      const r = await call(method, path, token, body, headers);
      expect([path, r.status, code(r)]).toEqual([path, 401, 'UNAUTHORIZED']);
    }
    expect((await call('POST', '/agent/reset', token, { task_id: TASK, seed: SEED })).status).toBe(404);
    const ws = new WebSocket(server.wsUrl, { headers: { authorization: `Bearer ${token}` } });
    const refused = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => resolve(-1));
    });
    ws.terminate();
    expect(refused).toBe(401);
  });

  it('cannot recover its seed from its ids: an offline twin of every seed 0..99 gives other episode and incident ids', async () => {
    const { token, first } = await handOut();
    const state = (await call('GET', '/agent/state', token)).body;
    const incident = (first.body['observation'] as { incident: { id: string } }).incident.id;
    const matching = (env: Environment) => {
      const found: number[] = [];
      for (let seed = 0; seed < 100; seed++) {
        env.reset({ task_id: TASK, seed });
        const twin = env.lastResult?.observation['incident'] as { id: string };
        if (twin.id === incident || env.state().episode_id === state['episode_id'] || `ep-${digest(`${TASK}:${seed}`)}` === state['episode_id']) found.push(seed);
      }
      return found;
    };
    expect(matching(new Environment(testRegistry(), { episodeSecret: 'the-adversary-guesses' }))).toEqual([]);
    // Control: with the server's own secret (this process's, as the server runs in it) the same search finds the seed.
    expect(matching(new Environment(testRegistry()))).toEqual([SEED]);
  });

  it('cannot find its seed by simulating seeds offline and matching what it sees, when the trainer asks for a private world', async () => {
    // What the agent reads at once (the briefing's alerts, onset and title), without the keyed ids.
    const fingerprint = (observation: Record<string, unknown>) => {
      const { id: _id, ...incident } = observation['incident'] as Record<string, unknown>;
      return JSON.stringify({ incident, alerts: observation['alerts'] });
    };
    const offline = new Environment(testRegistry(), { episodeSecret: 'the-adversary-guesses' });
    const seedsMatching = (seen: string) => {
      const found: number[] = [];
      for (let seed = 0; seed < 100; seed++) if (fingerprint(offline.reset({ task_id: TASK, seed }).observation) === seen) found.push(seed);
      return found;
    };
    const open = (await handOut()).first.body['observation'] as Record<string, unknown>;
    // The attack works on an ordinary world (the world follows the seed only) ...
    expect(seedsMatching(fingerprint(open))).toEqual([SEED]);
    // ... and finds nothing in a private one, which this server still replays byte for byte.
    const a = await handOut(SEED, { private_world: true });
    const b = await handOut(SEED, { private_world: true });
    const privateObservation = a.first.body['observation'] as Record<string, unknown>;
    expect(seedsMatching(fingerprint(privateObservation))).toEqual([]);
    expect(JSON.stringify(b.first.body['observation'])).toBe(JSON.stringify(privateObservation));
    expect(fingerprint(privateObservation)).not.toBe(fingerprint(open));
  });

  it('plays over MCP with no reward, score or grade report, and loses access when the trainer resets', async () => {
    const { token, sessionId } = await handOut();
    const transport = new StreamableHTTPClientTransport(new URL(`${server.url}${AGENT_MCP_PATH}`), { requestInit: { headers: { authorization: `Bearer ${token}` } } });
    const client = new Client({ name: 'adversary', version: '1.0.0' });
    await client.connect(transport);
    try {
      const listed = (await client.callTool({ name: 'list_services', arguments: {} })) as CallToolResult;
      expect(Object.keys(listed.structuredContent ?? {}).sort()).toEqual(['done', 'observation']);
      const end = (await client.callTool({ name: 'resolve', arguments: {} })) as CallToolResult;
      const text = end.content.map((c) => ('text' in c ? c.text : '')).join('');
      expect(text).toContain('The episode has ended.');
      expect(text).not.toMatch(/score|grade/i);
      expect((await client.listResources()).resources.map((r) => r.uri)).toEqual(['firedrill://incident/briefing']);
      await expect(client.readResource({ uri: GRADE_REPORT_URI })).rejects.toThrow(/not found/i);

      // The trainer reads the report (with the seed) and starts the next episode: the old token is dead everywhere.
      const report = await call('GET', `/report?session_id=${sessionId}`, TRAINING_KEY);
      expect([report.status, report.body['seed'], typeof report.body['ground_truth']]).toEqual([200, SEED, 'object']);
      const next = await call('POST', '/reset', TRAINING_KEY, { task_id: TASK, seed: SEED + 1 }, { 'x-session-id': sessionId });
      expect(next.status).toBe(200);
      expect(next.body).not.toHaveProperty('agent_token');
      await expect(client.callTool({ name: 'list_services', arguments: {} })).rejects.toThrow(/agent token|401|Unauthorized/i);
      expect((await call('GET', '/agent/state', token)).status).toBe(401);
    } finally {
      await client.close();
    }
  });

  it('cannot take the MCP capacity every other agent needs: at most four MCP sessions per handle', async () => {
    const { token } = await handOut();
    const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } };
    const statuses: number[] = [];
    let refusal: Record<string, unknown> = {};
    for (let i = 0; i < 5; i++) {
      const r = await call('POST', AGENT_MCP_PATH, token, initialize, { accept: 'application/json, text/event-stream' });
      statuses.push(r.status);
      if (r.status !== 200) refusal = r.body;
    }
    expect(statuses).toEqual([200, 200, 200, 200, 503]);
    expect((refusal['error'] as { data: { code: string } }).data.code).toBe('CAPACITY_REACHED');
  });

  it('loses access when the trainer closes the session, and a token for one episode never reaches another', async () => {
    const a = await handOut(1);
    const b = await handOut(2);
    await call('POST', '/agent/step', a.token, { action: { action_type: 'wait', minutes: 3 } });
    expect((await call('GET', '/agent/state', a.token)).body['step_count']).toBe(1);
    expect((await call('GET', '/agent/state', b.token)).body['step_count']).toBe(0);
    expect((await call('POST', `/close?session_id=${a.sessionId}`, TRAINING_KEY)).status).toBe(200);
    expect(code(await call('GET', '/agent/state', a.token))).toBe('UNAUTHORIZED');
    expect((await call('GET', '/agent/state', `${b.token}x`)).status).toBe(401);
    expect((await call('GET', '/agent/state', null)).status).toBe(401);
  });
});

describe('stored runs', () => {
  it('open with the runs token only: not the training key, not an agent token', async () => {
    const { token } = await handOut();
    for (const key of [null, TRAINING_KEY, token]) expect((await call('GET', '/runs', key)).status).toBe(401);
    const runs = await call('GET', '/runs', RUNS_TOKEN);
    expect(runs.status).toBe(200);
    expect((runs.body['runs'] as unknown[]).length).toBe(1);
    // and the runs token opens nothing else
    expect((await call('POST', '/reset', RUNS_TOKEN, { task_id: TASK }, { 'x-session-id': 'new' })).status).toBe(401);
  });

  it('are not served at all by a server given no run store', async () => {
    const bare = await startServer({ apiKey: TRAINING_KEY });
    try {
      const res = await fetch(`${bare.url}/runs/any`, { headers: { authorization: `Bearer ${TRAINING_KEY}` } });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/no run store/);
    } finally {
      await bare.close();
    }
  });
});
