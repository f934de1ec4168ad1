import { afterEach, describe, expect, it } from 'vitest';

import { WsEnvClient } from '../../src/client/index.js';
import type { AppDeps } from '../../src/server/index.js';
import { actionToolsOf } from '../../src/contracts/index.js';
import { startServer, type TestServer, testRegistry } from '../helpers/server.js';
import { RawSocket } from '../helpers/ws.js';

let server: TestServer;
const sockets: RawSocket[] = [];

async function open(deps: Partial<AppDeps> = {}, headers: Record<string, string> = {}): Promise<RawSocket> {
  server ??= await startServer(deps);
  const socket = await RawSocket.open(server.wsUrl, headers);
  sockets.push(socket);
  return socket;
}

afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await server?.close();
  server = undefined as unknown as TestServer;
});

describe('WS /ws envelopes', () => {
  it('reset and step reply {"type":"observation","data":{observation,reward,done,metadata}}; state replies {"type":"state"}', async () => {
    const ws = await open();
    const reset = await ws.request({ type: 'reset', data: { task_id: 'toy-small', seed: 4, episode_id: 'ep-1', any_kw: 'ignored' } });
    expect(reset.type).toBe('observation');
    expect(Object.keys(reset.data).sort()).toEqual(['done', 'metadata', 'observation', 'reward']);
    expect(reset.data.reward).toBeNull();
    expect(reset.data.done).toBe(false);
    const step = await ws.request({ type: 'step', data: { action_type: 'wait', minutes: 3 } });
    expect(step).toMatchObject({ type: 'observation', data: { reward: 0, done: false, observation: { result: { waited: 3 } } } });
    const state = await ws.request({ type: 'state' });
    expect(state).toMatchObject({ type: 'state', data: { episode_id: 'ep-1', step_count: 1, task_id: 'toy-small' } });
    expect(state.data).not.toHaveProperty('seed');
  });

  it('keeps one episode per connection', async () => {
    const a = await open();
    const b = await open();
    await a.request({ type: 'reset', data: { task_id: 'toy-small', seed: 1 } });
    await b.request({ type: 'reset', data: { task_id: 'toy-large', seed: 2 } });
    await a.request({ type: 'step', data: { action_type: 'wait', minutes: 1 } });
    expect((await a.request({ type: 'state' })).data).toMatchObject({ task_id: 'toy-small', step_count: 1 });
    expect((await b.request({ type: 'state' })).data).toMatchObject({ task_id: 'toy-large', step_count: 0 });
  });

  it('answers {"type":"mcp"} with JSON-RPC bound to the connection\'s session', async () => {
    const ws = await open();
    await ws.request({ type: 'reset', data: { task_id: 'toy-small' } });
    const list = await ws.request({ type: 'mcp', data: { jsonrpc: '2.0', method: 'tools/list', id: 7 } });
    expect(list.type).toBe('mcp');
    expect(list.data).toMatchObject({ jsonrpc: '2.0', id: 7 });
    expect((list.data['result'] as { tools: { name: string }[] }).tools.map((t) => t.name)).toEqual(['inspect', 'fix', 'wait', 'resolve']);
    const call = await ws.request({ type: 'mcp', data: { jsonrpc: '2.0', method: 'tools/call', params: { name: 'wait', arguments: { minutes: 2 } }, id: 8 } });
    expect((call.data['result'] as { is_error: boolean }).is_error).toBe(false);
    expect((await ws.request({ type: 'state' })).data['step_count']).toBe(1);
    const bad = await ws.request({ type: 'mcp', data: {} });
    expect(bad).toEqual({ type: 'mcp', data: { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid request: jsonrpc: Invalid input: expected "2.0"', data: null } } });
  });
});

describe('WS /ws errors', () => {
  it('uses the OpenEnv codes, carries the catalogue error, and keeps the session open', async () => {
    const ws = await open();
    const codes = async (frame: unknown) => {
      const reply = await ws.request(frame);
      expect(reply.type).toBe('error');
      return [reply.data.code, reply.data.error?.code];
    };
    expect(await codes('{"type":')).toEqual(['INVALID_JSON', 'INVALID_JSON']);
    expect(await codes({ type: 'bogus' })).toEqual(['UNKNOWN_TYPE', 'UNKNOWN_TYPE']);
    expect(await codes({ data: {} })).toEqual(['UNKNOWN_TYPE', 'UNKNOWN_TYPE']);
    expect(await codes([1, 2])).toEqual(['VALIDATION_ERROR', 'VALIDATION_ERROR']);
    expect(await codes({ type: 'step' })).toEqual(['VALIDATION_ERROR', 'VALIDATION_ERROR']);
    expect(await codes({ type: 'state', data: {} })).toEqual(['VALIDATION_ERROR', 'VALIDATION_ERROR']);
    expect(await codes({ type: 'step', data: { action_type: 'wait', minutes: 1 } })).toEqual(['EXECUTION_ERROR', 'RESET_NEEDED']);
    expect(await codes({ type: 'reset', data: { task_id: 'nope' } })).toEqual(['EXECUTION_ERROR', 'UNKNOWN_TASK']);
    await ws.request({ type: 'reset', data: { task_id: 'toy-small' } });
    expect(await codes({ type: 'step', data: { action_type: 'wait', minutes: 1 }, timeout_s: 5 })).toEqual(['VALIDATION_ERROR', 'VALIDATION_ERROR']);
    const invalid = await ws.request({ type: 'step', data: { action_type: 'wait', minutes: 99 } });
    expect(invalid.data).toMatchObject({ code: 'VALIDATION_ERROR', error: { field: 'action.minutes' }, errors: [{ loc: ['minutes'] }] });
    expect((await ws.request({ type: 'state' })).type).toBe('state');
  });

  it('rejects invalid UTF-8 and oversized messages with an error frame, not a dropped connection', async () => {
    const ws = await open({ limits: { wsMessageBytes: 1000 } });
    expect((await ws.request(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))).data).toMatchObject({ code: 'INVALID_JSON', message: 'The body is not valid UTF-8.' });
    expect((await ws.request(JSON.stringify({ type: 'reset', data: { x: 'y'.repeat(2000) } }))).data).toMatchObject({ code: 'VALIDATION_ERROR', error: { code: 'PAYLOAD_TOO_LARGE' } });
    ws.ws.send(Buffer.from(JSON.stringify({ type: 'state' })), { binary: true });
    expect((await ws.next()).type).toBe('state');
  });

  it('sends exactly one reply per message, in order, and none for close (then closes with 1000)', async () => {
    const ws = await open();
    const frames: unknown[] = [];
    for (let i = 0; i < 60; i++) frames.push(i % 3 === 0 ? { type: 'state' } : i % 3 === 1 ? '{bad' : { type: 'reset', data: { seed: i } });
    for (const f of frames) ws.send(f);
    const replies = [];
    for (let i = 0; i < frames.length; i++) replies.push((await ws.next()).type);
    expect(replies).toEqual(frames.map((_, i) => (i % 3 === 0 ? 'state' : i % 3 === 1 ? 'error' : 'observation')));
    ws.send({ type: 'close' });
    expect(await ws.closed).toEqual({ code: 1000, reason: '' });
    expect(ws.pending).toBe(0);
    expect(server.app.firedrill.store.count('ws')).toBe(0);
  });

  it('at capacity accepts, sends CAPACITY_REACHED with the counts, then closes with 1000', async () => {
    await open({ sessions: { maxSessions: 1 } });
    const second = await open();
    const frame = await second.next();
    expect(frame).toEqual({
      type: 'error',
      data: {
        message: 'Server at capacity: 1/1 sessions active. Cannot accept new connections.',
        code: 'CAPACITY_REACHED',
        active_sessions: 1,
        max_sessions: 1,
        error: { code: 'CAPACITY_REACHED', message: 'Server at capacity: 1/1 sessions active. Cannot accept new connections.', details: { active_sessions: 1, max_sessions: 1 } },
      },
    });
    expect((await second.closed).code).toBe(1000);
  });

  it('frees the slot when a client disconnects without saying close', async () => {
    const first = await open({ sessions: { maxSessions: 1 } });
    first.ws.terminate();
    await first.closed;
    await new Promise((r) => setTimeout(r, 50));
    const second = await open();
    expect((await second.request({ type: 'state' })).type).toBe('state');
  });

  it('answers pings', async () => {
    const ws = await open();
    const pong = new Promise<string>((resolve) => ws.ws.once('pong', (data) => resolve(String(data))));
    ws.ws.ping('are-you-there');
    expect(await pong).toBe('are-you-there');
  });

  it('reaps idle sessions, closing their sockets (1000, "session idle timeout")', async () => {
    let now = 0;
    const ws = await open({ sessions: { idleTimeoutMs: 1000 }, now: () => now });
    await ws.request({ type: 'state' });
    now += 999;
    expect(server.app.firedrill.store.reap()).toBe(0);
    now += 2;
    expect(server.app.firedrill.store.reap()).toBe(1);
    expect(await ws.closed).toEqual({ code: 1000, reason: 'session idle timeout' });
  });

  it('answers a message for a session that ended with SESSION_ERROR, then closes', async () => {
    const ws = await open();
    const [session] = server.app.firedrill.store.list('ws');
    server.app.firedrill.store.release(session!);
    const frame = await ws.request({ type: 'state' });
    expect(frame.data).toMatchObject({ code: 'SESSION_ERROR', error: { code: 'SESSION_NOT_FOUND' } });
    expect((await ws.closed).code).toBe(1000);
  });

  it('needs the bearer token when auth is on', async () => {
    await expect(open({ apiKey: 'k' })).rejects.toThrow('HTTP 401');
    const ws = await open({}, { authorization: 'Bearer k' });
    expect((await ws.request({ type: 'state' })).type).toBe('state');
    const client = await WsEnvClient.connect({ baseUrl: server.url, apiKey: 'k' });
    expect((await client.state()).step_count).toBe(0);
    await client.close();
  });
});

describe('WS /mcp', () => {
  it('speaks JSON-RPC with one session per connection', async () => {
    server = await startServer();
    const ws = await RawSocket.open(`${server.url.replace('http', 'ws')}/mcp`);
    sockets.push(ws);
    ws.send({ jsonrpc: '2.0', method: 'tools/list', id: 1 });
    const list = (await ws.next()) as unknown as { id: number; result: { tools: { name: string }[] } };
    expect(list.id).toBe(1);
    const registry = testRegistry();
    expect(list.result.tools.map((t) => t.name)).toEqual(actionToolsOf(registry.get(registry.ids()[0]!).actionSchema).map((t) => t.name));
    ws.send('nope');
    expect(await ws.next()).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error', data: null } });
  });
});
