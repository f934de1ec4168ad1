import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import { compatRoutePlugins, createDefaultRegistry } from '../../src/cli/default-registry.js';
import type { AppDeps } from '../../src/server/index.js';
import { startServer, type TestServer } from '../helpers/server.js';

/** One session layer: one capacity over every transport, one idle age rule, one set of gauges. */
let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function start(deps: Partial<AppDeps>): Promise<TestServer> {
  const registry = createDefaultRegistry();
  server = await startServer({ registry, plugins: compatRoutePlugins(registry), ...deps });
  return server;
}

const json = { 'content-type': 'application/json' };
const INITIALIZE = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } };

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server!.url}${path}`, { method: 'POST', headers: { ...json, ...headers }, body: JSON.stringify(body) });
}

function openWs(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(server!.wsUrl);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

async function openAllKinds(): Promise<{ ws: WebSocket; http: string; mcp: string }> {
  const ws = await openWs();
  const http = await post('/reset', { task_id: 'checkout-errors-v1' }, { 'x-session-id': 'new' });
  expect(http.status).toBe(200);
  const compat = await post('/compat/sre-incident-response/reset', { task_id: 'alert_triage' });
  expect(compat.status).toBe(200);
  const mcp = await post('/mcp/stream?task=checkout-errors-v1', INITIALIZE, { accept: 'application/json, text/event-stream' });
  expect(mcp.status).toBe(200);
  await mcp.text();
  return { ws, http: String(http.headers.get('x-session-id')), mcp: String(mcp.headers.get('mcp-session-id')) };
}

describe('one session layer', () => {
  it('--max-sessions counts every transport; at capacity each refuses with CAPACITY_REACHED and Retry-After; one set of gauges', async () => {
    await start({ sessions: { maxSessions: 4 } });
    const open = await openAllKinds();
    const gauges = await (await fetch(`${server!.url}/metrics`)).text();
    for (const kind of ['http', 'ws', 'mcp', 'compat']) expect(gauges).toContain(`firedrill_active_sessions{transport="${kind}"} 1`);

    const http = await post('/reset', {}, { 'x-session-id': 'new' });
    expect(http.status).toBe(503);
    expect(((await http.json()) as { error: { code: string } }).error.code).toBe('CAPACITY_REACHED');
    expect(Number(http.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
    const compat = await post('/compat/sre-incident-response/reset', { task_id: 'alert_triage' });
    expect(compat.status).toBe(503);
    const mcp = await post('/mcp/stream', INITIALIZE, { accept: 'application/json, text/event-stream' });
    expect(mcp.status).toBe(503);
    expect(((await mcp.json()) as { error: { data: { code: string } } }).error.data.code).toBe('CAPACITY_REACHED');
    const ws = new WebSocket(server!.wsUrl);
    const frame = await new Promise<string>((resolve) => ws.once('message', (d: WebSocket.RawData) => resolve(String(d))));
    expect(JSON.parse(frame)).toMatchObject({ type: 'error', data: { code: 'CAPACITY_REACHED', active_sessions: 4, max_sessions: 4 } });
    ws.close();
    // Every session is still there.
    expect(server!.app.firedrill.store.size).toBe(4);
    expect((await post('/step', { action: { action_type: 'list_services' } }, { 'x-session-id': open.http })).status).toBe(200);
    open.ws.close();
  });

  it('a session younger than the minimum idle age is never evicted; an older one is, for a request that succeeds', async () => {
    let now = 1_000_000;
    await start({ sessions: { maxSessions: 2, minIdleMs: 60_000 }, now: () => now });
    const a = String((await post('/reset', {}, { 'x-session-id': 'new' })).headers.get('x-session-id'));
    now += 10_000;
    const b = String((await post('/reset', {}, { 'x-session-id': 'new' })).headers.get('x-session-id'));
    const refused = await post('/reset', {}, { 'x-session-id': 'new' });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('50');
    now += 51_000;
    // A failing request (unknown task) never evicts, even now that session a is old enough.
    const failing = await post('/reset', { task_id: 'no-such-task' }, { 'x-session-id': 'new' });
    expect(failing.status).toBe(404);
    const rpc = await post('/mcp', { jsonrpc: '2.0', id: 1, method: 'openenv/session/create', params: { task_id: 'no-such-task' } });
    expect(((await rpc.json()) as { error?: unknown }).error).toBeDefined();
    expect(server!.app.firedrill.store.list('http').map((s) => s.id)).toEqual([a, b]);
    const c = await post('/reset', {}, { 'x-session-id': 'new' });
    expect(c.status).toBe(200);
    expect(server!.app.firedrill.store.list('http').map((s) => s.id)).toEqual([b, String(c.headers.get('x-session-id'))]);
    const gone = await post('/step', { action: { action_type: 'list_services' } }, { 'x-session-id': a });
    expect(((await gone.json()) as { error: { message: string } }).error.message).toMatch(/evicted/);
  });

  it('one idle timeout ends sessions of every transport', async () => {
    let now = 1_000_000;
    await start({ sessions: { maxSessions: 8, idleTimeoutMs: 120_000 }, now: () => now });
    const open = await openAllKinds();
    const closed = new Promise<number>((resolve) => open.ws.once('close', (code: number) => resolve(code)));
    now += 121_000;
    expect(server!.app.firedrill.store.reap()).toBe(4);
    expect(await closed).toBe(1000);
    expect(server!.app.firedrill.store.size).toBe(0);
    const mcp = await fetch(`${server!.url}/mcp/stream`, { method: 'POST', headers: { ...json, accept: 'application/json, text/event-stream', 'mcp-session-id': open.mcp }, body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }) });
    expect(mcp.status).toBe(404);
  });

  it('the id rule of the OpenEnv routes: X-Session-ID wins over the query (the compat APIs keep their originals\' query-first rule)', async () => {
    await start({});
    const own = String((await post('/reset', {}, { 'x-session-id': 'new' })).headers.get('x-session-id'));
    expect((await fetch(`${server!.url}/state?session_id=nope`, { headers: { 'x-session-id': own } })).status).toBe(200);
  });

  it('an empty JSON-RPC batch on /mcp/stream is 400 invalid request, with or without a session', async () => {
    await start({});
    const open = await openAllKinds();
    for (const headers of [{}, { 'mcp-session-id': open.mcp }] as Record<string, string>[]) {
      const res = await post('/mcp/stream', [], { accept: 'application/json, text/event-stream', ...headers });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: number } }).error.code).toBe(-32600);
    }
    open.ws.close();
  });
});
