import { afterEach, describe, expect, it } from 'vitest';

import { NATIVE_ACTION_TYPES } from '../contracts/index.js';
import { registerToyTasks, toyIncident } from '../../test/fixtures/toy-incident.js';
import { TaskRegistry } from '../env/registry.js';
import { createApp, type FiredrillApp } from './app.js';
import type { AppDeps } from './options.js';

let app: FiredrillApp;
afterEach(async () => {
  await app.close();
});

function build(deps: Partial<AppDeps> = {}): FiredrillApp {
  app = createApp({ registry: registerToyTasks(), ...deps });
  return app;
}

async function post(url: string, payload: unknown, headers: Record<string, string> = {}) {
  const res = await app.inject({ method: 'POST', url, payload: payload as object, headers });
  return { status: res.statusCode, body: res.json(), headers: res.headers };
}

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await app.inject({ method: 'GET', url, headers });
  return { status: res.statusCode, body: res.json(), headers: res.headers };
}

describe('OpenEnv routes', () => {
  it('GET /health is {"status":"healthy"}', async () => {
    build();
    expect(await get('/health')).toMatchObject({ status: 200, body: { status: 'healthy' } });
  });

  it('GET /metadata has the OpenEnv fields', async () => {
    build();
    const { body } = await get('/metadata');
    expect(Object.keys(body).sort()).toEqual(['author', 'description', 'documentation_url', 'name', 'readme_content', 'version']);
    expect(body.name).toBe('firedrill');
  });

  it('GET /schema gives action, observation and state JSON Schemas: native by default, a task\'s own with ?task_id=', async () => {
    build();
    const native = (await get('/schema')).body;
    expect(Object.keys(native).sort()).toEqual(['action', 'observation', 'state']);
    expect(native.action.oneOf.map((o: { properties: { action_type: { const: string } } }) => o.properties.action_type.const)).toEqual(NATIVE_ACTION_TYPES);
    expect(native.state.properties.step_count).toEqual({ type: 'integer', minimum: 0, maximum: 9007199254740991 });
    const toy = (await get('/schema?task_id=toy-small')).body;
    expect(toy.action.oneOf.map((o: { properties: { action_type: { const: string } } }) => o.properties.action_type.const)).toEqual(['inspect', 'fix', 'wait', 'resolve']);
    expect(await get('/schema?task_id=nope')).toMatchObject({ status: 404, body: { error: { code: 'UNKNOWN_TASK', field: 'task_id' } } });
  });

  it('/openapi.json lists the OpenEnv paths with info.version 1.x, and /docs serves Swagger UI', async () => {
    build();
    const { body } = await get('/openapi.json');
    expect(body.info.version).toBe('1.0.0');
    for (const path of ['/reset', '/step', '/state', '/metadata', '/health', '/schema', '/mcp']) expect(body.paths).toHaveProperty(path);
    expect(body.paths).not.toHaveProperty('/ws');
    const docs = await app.inject({ url: '/docs' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger-ui');
  });
});

describe('HTTP sessions', () => {
  it('id-less requests share the default session; X-Session-ID: new opens a private one', async () => {
    build();
    const shared = await post('/reset', { task_id: 'toy-small', seed: 1 });
    expect(shared.headers['x-session-id']).toBe('default');
    expect(shared.body.session_id).toBe('default');
    const own = await post('/reset', { task_id: 'toy-large', seed: 2 }, { 'x-session-id': 'new' });
    const id = own.headers['x-session-id'] as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(own.body.session_id).toBe(id);

    await post('/step', { action: { action_type: 'wait', minutes: 2 } });
    expect((await get('/state')).body).toMatchObject({ task_id: 'toy-small', step_count: 1 });
    const privateState = (await get('/state', { 'x-session-id': id })).body;
    expect(privateState).toMatchObject({ task_id: 'toy-large', step_count: 0 });
    // The trainer chose the seed and keeps it; state never carries it (an agent could replay the incident with it).
    expect(privateState).not.toHaveProperty('seed');
    expect((await get(`/state?session_id=${id}`)).body).toMatchObject({ task_id: 'toy-large' });
    const step = await post('/step', { action: { action_type: 'wait', minutes: 1 }, session_id: id });
    expect(step.body.session_id).toBe(id);
    expect((await get('/state', { 'x-session-id': id })).body.step_count).toBe(1);
  });

  it('an unknown, closed or evicted id is SESSION_NOT_FOUND (404), never someone else\'s episode', async () => {
    build({ sessions: { maxSessions: 1, minIdleMs: 0 } });
    await post('/reset', { seed: 1 });
    const a = (await post('/reset', {}, { 'x-session-id': 'new' })).body.session_id as string;
    const b = (await post('/reset', {}, { 'x-session-id': 'new' })).body.session_id as string;
    const evicted = await post('/step', { action: { action_type: 'wait', minutes: 1 } }, { 'x-session-id': a });
    expect(evicted.status).toBe(404);
    expect(evicted.body.error).toEqual({
      code: 'SESSION_NOT_FOUND',
      message: `Session '${a}' was evicted to make room for newer sessions. Call POST /reset with X-Session-ID: new to start a session.`,
      field: 'session_id',
    });
    expect(evicted.body.detail).toBe(evicted.body.error.message);
    expect((await post('/close', {}, { 'x-session-id': b })).body).toEqual({ session_id: b, closed: true });
    expect((await get('/state', { 'x-session-id': b })).status).toBe(404);
    expect((await get('/state', { 'x-session-id': 'made-up' })).status).toBe(404);
    expect((await post('/close', {}, { 'x-session-id': 'made-up' })).status).toBe(404);
  });

  it('a failed reset of a new session does not leave a session behind', async () => {
    build({ sessions: { maxSessions: 1, evictLru: false } });
    expect((await post('/reset', { task_id: 'nope' }, { 'x-session-id': 'new' })).status).toBe(404);
    expect(app.firedrill.store.size).toBe(0);
    expect((await post('/reset', {}, { 'x-session-id': 'new' })).status).toBe(200);
    const full = await post('/reset', {}, { 'x-session-id': 'new' });
    expect(full.status).toBe(503);
    expect(full.body.error).toMatchObject({ code: 'CAPACITY_REACHED', details: { active_sessions: 1, max_sessions: 1 } });
  });

  it('step before reset is RESET_NEEDED (409)', async () => {
    build();
    const res = await post('/step', { action: { action_type: 'wait', minutes: 1 } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('RESET_NEEDED');
  });

  it('the grade report appears in metadata at the end and at GET /report afterwards, never before', async () => {
    build();
    await post('/reset', { task_id: 'toy-small', seed: 0 });
    expect((await get('/report')).body.error.code).toBe('EPISODE_RUNNING');
    const last = await post('/step', { action: { action_type: 'resolve' } });
    expect(last.body.done).toBe(true);
    const report = await get('/report');
    expect(report.status).toBe(200);
    expect(report.body).toEqual(last.body.metadata.grade_report);
    expect(report.body.ground_truth).toHaveProperty('faulty');
  });
});

describe('request validation', () => {
  it('names the bad field: FastAPI-style detail plus our error', async () => {
    build();
    const seed = await post('/reset', { seed: -1 });
    expect(seed.status).toBe(422);
    expect(seed.body).toEqual({
      error: { code: 'VALIDATION_ERROR', message: 'seed: Too small: expected number to be >=0', field: 'seed', details: [{ path: ['seed'], message: 'Too small: expected number to be >=0', code: 'too_small' }] },
      detail: [{ type: 'too_small', loc: ['body', 'seed'], msg: 'Too small: expected number to be >=0' }],
    });
    await post('/reset', {});
    const action = await post('/step', { action: { action_type: 'inspect', service: 5 } });
    expect(action.status).toBe(422);
    expect(action.body.error.field).toBe('action.service');
    expect(action.body.detail[0].loc).toEqual(['service']);
    const missing = await post('/step', {});
    expect(missing.body.detail[0].loc).toEqual(['body', 'action']);
    expect((await post('/step', { action: {}, timeout_s: 0 })).body.error.field).toBe('timeout_s');
  });

  it('accepts null seed/episode_id (OpenEnv clients send them), timeout_s, request_id and unknown keys', async () => {
    build();
    expect((await post('/reset', { seed: null, episode_id: null, task_id: null, anything: [1, 2] })).status).toBe(200);
    expect((await post('/step', { action: { action_type: 'wait', minutes: 1, metadata: {} }, timeout_s: 5, request_id: 'r1', extra: true })).status).toBe(200);
  });

  it('maps framing errors to catalogue codes', async () => {
    build({ limits: { bodyBytes: 1000 } });
    const big = await app.inject({ method: 'POST', url: '/reset', payload: JSON.stringify({ x: 'y'.repeat(2000) }), headers: { 'content-type': 'application/json' } });
    expect([big.statusCode, big.json().error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const text = await app.inject({ method: 'POST', url: '/reset', payload: 'hi', headers: { 'content-type': 'text/plain' } });
    expect([text.statusCode, text.json().error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const broken = await app.inject({ method: 'POST', url: '/reset', payload: '{"seed":', headers: { 'content-type': 'application/json' } });
    expect([broken.statusCode, broken.json().error.code]).toEqual([400, 'INVALID_JSON']);
    const list = await app.inject({ method: 'POST', url: '/reset', payload: '[1]', headers: { 'content-type': 'application/json' } });
    expect([list.statusCode, list.json().error.code]).toEqual([422, 'VALIDATION_ERROR']);
    const wrongMethod = await get('/reset');
    expect([wrongMethod.status, wrongMethod.body.error.code, wrongMethod.headers['allow']]).toEqual([405, 'METHOD_NOT_ALLOWED', 'POST']);
    const nothing = await get('/nothing-here');
    expect([nothing.status, nothing.body.error.code]).toEqual([404, 'NOT_FOUND']);
    expect((await post('/reset', {}, { 'x-session-id': 'x'.repeat(129) })).body.error).toMatchObject({ code: 'VALIDATION_ERROR', field: 'session_id' });
  });
});

describe('step-level MCP actions', () => {
  it('list_tools gives the task\'s tools; call_tool takes the step and wraps it as a CallToolResult', async () => {
    build();
    await post('/reset', { task_id: 'toy-small', seed: 3 });
    const list = (await post('/step', { action: { type: 'list_tools' } })).body;
    expect(list.observation.tools.map((t: { name: string }) => t.name)).toEqual(['inspect', 'fix', 'wait', 'resolve']);
    expect(list.reward).toBeNull();
    expect((await get('/state')).body.step_count).toBe(0);

    const call = (await post('/step', { action: { type: 'call_tool', tool_name: 'wait', arguments: { minutes: 2 } } })).body;
    expect(call.observation.tool_name).toBe('wait');
    expect(call.observation.error).toBeNull();
    expect(call.observation.result.is_error).toBe(false);
    expect(call.observation.result.data.observation.result).toEqual({ waited: 2 });
    expect(call.observation.result.content[0].type).toBe('text');
    expect((await get('/state')).body.step_count).toBe(1);

    const bad = (await post('/step', { action: { type: 'call_tool', tool_name: 'wait', arguments: { minutes: 99 } } })).body;
    expect(bad.observation.error.error_type).toBe('invalid_args');
    const missing = (await post('/step', { action: { type: 'call_tool', tool_name: 'step' } })).body;
    expect(missing.observation.error).toEqual({ error_type: 'tool_not_found', message: "Unknown tool 'step'." });
  });
});

describe('POST /mcp (JSON-RPC)', () => {
  it('answers {} with -32600 and HTTP 200, and bad JSON with -32700', async () => {
    build();
    const empty = await post('/mcp', {});
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid request: jsonrpc: Invalid input: expected "2.0"', data: null } });
    const parse = await app.inject({ method: 'POST', url: '/mcp', payload: '{', headers: { 'content-type': 'application/json' } });
    expect([parse.statusCode, parse.json()]).toEqual([200, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error', data: null } }]);
  });

  it('creates a session, lists and calls tools in it, and closes it', async () => {
    build();
    const created = (await post('/mcp', { jsonrpc: '2.0', id: 1, method: 'openenv/session/create', params: { task_id: 'toy-small', seed: 5 } })).body;
    const sessionId = created.result.session_id as string;
    expect(created.result.reset.done).toBe(false);
    const tools = (await post('/mcp', { jsonrpc: '2.0', id: 2, method: 'tools/list', params: { session_id: sessionId } })).body;
    expect(tools.result.tools[0]).toMatchObject({ name: 'inspect', input_schema: { type: 'object' }, inputSchema: { type: 'object' } });
    const call = (await post('/mcp', { jsonrpc: '2.0', id: 'c', method: 'tools/call', params: { name: 'inspect', arguments: { service: 'svc-a' }, session_id: sessionId } })).body;
    expect(call.id).toBe('c');
    expect(call.result.data.observation.result.service).toBe('svc-a');
    expect((await get('/state', { 'x-session-id': sessionId })).body.step_count).toBe(1);
    const closed = (await post('/mcp', { jsonrpc: '2.0', id: 3, method: 'openenv/session/close', params: { session_id: sessionId } })).body;
    expect(closed.result).toEqual({ session_id: sessionId, closed: true });
  });

  it('uses the documented error codes', async () => {
    build({ sessions: { maxSessions: 1, evictLru: false } });
    const rpc = async (method: string, params?: object) => (await post('/mcp', { jsonrpc: '2.0', id: 9, method, ...(params ? { params } : {}) })).body.error;
    expect((await rpc('nope')).code).toBe(-32601);
    expect((await rpc('tools/call', {})).code).toBe(-32602);
    expect((await rpc('tools/call', { name: 'wait', session_id: 'unknown' })).code).toBe(-32602);
    expect((await rpc('openenv/session/close', {})).code).toBe(-32602);
    await rpc('openenv/session/create');
    const full = await rpc('openenv/session/create');
    expect(full).toMatchObject({ code: -32000, data: { active_sessions: 1, max_sessions: 1 } });
    const before = (await post('/mcp', { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'wait', arguments: { minutes: 1 } } })).body;
    expect(before.result.is_error).toBe(true);
    expect(before.result.structured_content.error.code).toBe('RESET_NEEDED');
    await post('/reset', {});
    const invalid = await rpc('tools/call', { name: 'wait', arguments: { minutes: 'x' } });
    expect(invalid).toMatchObject({ code: -32602, data: { error: { code: 'VALIDATION_ERROR', field: 'action.minutes' } } });
  });
});

describe('operations', () => {
  it('GET /tasks lists the registry', async () => {
    build();
    expect((await get('/tasks')).body.tasks.map((t: { id: string }) => t.id)).toEqual(['toy-small', 'toy-large']);
  });

  it('GET /metrics counts resets, steps, ended episodes and scores, sessions and latency by route', async () => {
    build();
    await post('/reset', { task_id: 'toy-small' });
    await post('/step', { action: { action_type: 'resolve' } });
    await post('/reset', {}, { 'x-session-id': 'new' });
    const res = await app.inject({ url: '/metrics' });
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const lines = res.body.split('\n');
    expect(lines).toContain('firedrill_resets_total{task="toy-small"} 2');
    expect(lines).toContain('firedrill_steps_total{task="toy-small"} 1');
    expect(lines).toContain('firedrill_episodes_finished_total{task="toy-small"} 1');
    expect(lines).toContain('firedrill_episode_score_count{task="toy-small"} 1');
    expect(lines).toContain('firedrill_active_sessions{transport="http"} 1');
    expect(lines).toContain('firedrill_http_request_duration_seconds_count{route="/step",method="POST",status="200"} 1');
  });

  it('bearer auth guards everything but /health, /docs and /openapi.json', async () => {
    build({ apiKey: 's3cret' });
    expect((await get('/health')).status).toBe(200);
    expect((await get('/openapi.json')).status).toBe(200);
    const denied = await get('/tasks');
    expect([denied.status, denied.body.error.code, denied.body.error.message]).toEqual([401, 'UNAUTHORIZED', 'Missing bearer token.']);
    expect((await get('/tasks', { authorization: 'Bearer wrong' })).body.error.message).toBe('Wrong bearer token.');
    expect((await get('/tasks', { authorization: 'Bearer s3cret' })).status).toBe(200);
    expect((await post('/mcp', {}, { authorization: 'Bearer nope' })).status).toBe(401);
  });

  it('CORS is off unless configured, then answers preflights for allowed origins only', async () => {
    build();
    expect((await get('/health', { origin: 'https://a.example' })).headers['access-control-allow-origin']).toBeUndefined();
    await app.close();
    build({ cors: { origins: ['https://a.example'] } });
    const ok = await app.inject({ method: 'OPTIONS', url: '/step', headers: { origin: 'https://a.example', 'access-control-request-method': 'POST' } });
    expect(ok.statusCode).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe('https://a.example');
    expect(ok.headers['access-control-allow-headers']).toContain('X-Session-ID');
    const other = await app.inject({ method: 'GET', url: '/health', headers: { origin: 'https://b.example' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('engine failures', () => {
  it('an engine that throws is EXECUTION_ERROR (500, generic message, logged), and the server carries on', async () => {
    const broken = { ...toyIncident('broken', 3, 5), step: () => { throw new TypeError('secret internals: faulty=svc-b'); } };
    const lines: string[] = [];
    build({ registry: new TaskRegistry().register(broken), logger: { level: 'error', stream: { write: (line: string) => lines.push(line) } as unknown as NodeJS.WritableStream } });
    await post('/reset', { task_id: 'broken' });
    const res = await post('/step', { action: { action_type: 'wait', minutes: 1 } });
    expect(res.status).toBe(500);
    expect(res.body.error).toEqual({ code: 'EXECUTION_ERROR', message: 'The environment failed while executing the request.' });
    expect(JSON.stringify(res.body)).not.toContain('svc-b');
    const rpc = (await post('/mcp', { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'wait', arguments: { minutes: 1 } } })).body;
    expect(rpc.error.code).toBe(-32603);
    expect(lines.filter((l) => l.includes('secret internals')).length).toBe(2);
    expect((await get('/state')).status).toBe(200);
  });
});
