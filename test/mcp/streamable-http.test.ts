import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { NATIVE_ACTION_TYPES } from '../../src/contracts/index.js';
import { createDefaultRegistry } from '../../src/cli/default-registry.js';
import { GRADE_REPORT_URI } from '../../src/server/mcp/briefing.js';
import { MCP_STREAM_PATH, type McpStreamableHttp, registerMcpStreamableHttp } from '../../src/server/mcp/streamable-http.js';
import { playOracle, toolCallOf } from './oracle-trajectory.js';

const IDLE_MS = 60_000;
const registry = createDefaultRegistry();
let clock = 0;
let app: FastifyInstance;
let mcp: McpStreamableHttp;
let base: string;
const clients: Client[] = [];

beforeAll(async () => {
  app = Fastify({ logger: false });
  // Stand-in for OpenEnv's JSON-RPC route, which createApp mounts at POST /mcp.
  app.post('/mcp', async () => ({ jsonrpc: '2.0', id: null, result: { openenv: true } }));
  mcp = registerMcpStreamableHttp(app, { registry, maxSessions: 2, idleTimeoutMs: IDLE_MS, now: () => clock, log: () => {} });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await mcp.sessions.closeAll();
});

afterAll(async () => {
  await app.close();
});

async function connect(query: string): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(`${base}${MCP_STREAM_PATH}${query}`));
  const client = new Client({ name: 'firedrill-test', version: '1.0.0' });
  await client.connect(transport);
  clients.push(client);
  return { client, transport };
}

const INITIALIZE = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } };

async function post(query: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${base}${MCP_STREAM_PATH}${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: res.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : text };
}

describe('MCP over Streamable HTTP', () => {
  it.each([
    ['checkout-errors-v1', 3],
    ['order-pages-slow-v1', 5],
    ['mobile-login-outage-v1', 8],
  ])('plays the oracle trajectory of %s seed %i through tool calls and gets the in-process grade', async (task, seed) => {
    const oracle = playOracle(task, seed);
    const { client, transport } = await connect(`?task=${task}&seed=${seed}`);
    expect(transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(mcp.sessions.ids()).toEqual([transport.sessionId]);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(NATIVE_ACTION_TYPES);

    for (const [i, action] of oracle.actions.entries()) {
      const result = (await client.callTool(toolCallOf(action))) as CallToolResult;
      const expected = oracle.results[i];
      expect(result.isError, JSON.stringify(action)).toBeUndefined();
      expect(result.structuredContent).toEqual({ observation: expected?.observation, reward: expected?.reward, done: expected?.done });
    }
    const read = await client.readResource({ uri: GRADE_REPORT_URI });
    const content = read.contents[0];
    // The published report is the in-process one without the seed (the client that configured the session keeps it).
    const { seed: _seed, ...published } = oracle.report;
    expect(JSON.parse(content && 'text' in content ? content.text : 'null')).toEqual(published);
    expect(oracle.report.score).toBeGreaterThan(0.99);

    await transport.terminateSession();
    expect(mcp.sessions.ids()).toEqual([]);
  });

  it('plays a private world with private_world=1: the same world for the same seed, another than the plain seed gives', async () => {
    const services = async (query: string) => {
      const { client, transport } = await connect(query);
      const r = (await client.callTool({ name: 'list_services', arguments: {} })) as CallToolResult;
      const { incident: _incident, text: _text, ...rest } = (r.structuredContent as { observation: Record<string, unknown> }).observation;
      await transport.terminateSession();
      return JSON.stringify(rest);
    };
    const plain = await services('?task=gen-hard&seed=3');
    const privateA = await services('?task=gen-hard&seed=3&private_world=1');
    expect(await services('?task=gen-hard&seed=3&private_world=true')).toBe(privateA);
    expect(privateA).not.toBe(plain);
  });

  it('keeps one episode per session: two sessions on different seeds do not share state', async () => {
    const a = await connect('?task=checkout-errors-v1&seed=1');
    const b = await connect('?task=checkout-errors-v1&seed=2');
    await a.client.callTool({ name: 'wait', arguments: { minutes: 5 } });
    const stepA = (await a.client.callTool({ name: 'list_services', arguments: {} })) as CallToolResult;
    const stepB = (await b.client.callTool({ name: 'list_services', arguments: {} })) as CallToolResult;
    const obs = (r: CallToolResult) => (r.structuredContent as { observation: { step: number; incident: { id: string } } }).observation;
    expect(obs(stepA).step).toBe(2);
    expect(obs(stepB).step).toBe(1);
    expect(obs(stepA).incident.id).not.toBe(obs(stepB).incident.id);
  });

  it('returns a tool error naming the field for wrong arguments, and the session goes on', async () => {
    const { client } = await connect('?task=order-pages-slow-v1');
    const bad = (await client.callTool({ name: 'query_metrics', arguments: { service: 'orders-db', window_minutes: 0 } })) as CallToolResult;
    expect(bad.isError).toBe(true);
    expect(bad.content[0]).toEqual({ type: 'text', text: 'MCP error -32602: Input validation error: Invalid arguments for tool query_metrics: Too small: expected number to be >=1 at window_minutes' });
    const good = (await client.callTool({ name: 'query_metrics', arguments: { service: 'orders-db', window_minutes: 10 } })) as CallToolResult;
    expect(good.isError).toBeUndefined();
  });

  it('refuses an initialize beyond capacity with 503 CAPACITY_REACHED, and frees the slot on DELETE', async () => {
    const first = await connect('');
    await connect('');
    const refused = await post('', INITIALIZE);
    expect(refused).toEqual({
      status: 503,
      body: {
        jsonrpc: '2.0',
        id: 1,
        error: {
          code: -32000,
          message: 'The server is at its MCP session capacity (2).',
          data: { code: 'CAPACITY_REACHED', message: 'The server is at its MCP session capacity (2).', details: { active_sessions: 2, max_sessions: 2 } },
        },
      },
    });
    await first.transport.terminateSession();
    await connect('');
    expect(mcp.sessions.size).toBe(2);
  });

  it('closes sessions idle past the timeout; their id then gets 404 and a fresh initialize works', async () => {
    clock = 1_000;
    const stale = await connect('?seed=4');
    clock += IDLE_MS / 2;
    const fresh = await connect('?seed=5');
    await fresh.client.listTools();
    clock += IDLE_MS / 2;
    expect(await mcp.sessions.sweep()).toEqual([stale.transport.sessionId]);
    expect(mcp.sessions.ids()).toEqual([fresh.transport.sessionId]);

    const gone = await post('', { jsonrpc: '2.0', id: 9, method: 'tools/list' }, { 'mcp-session-id': stale.transport.sessionId ?? '', 'mcp-protocol-version': '2025-06-18' });
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ jsonrpc: '2.0', id: 9, error: { code: -32001, data: { code: 'SESSION_NOT_FOUND', field: 'mcp-session-id' } } });
    await connect('?seed=6');
    expect(mcp.sessions.size).toBe(2);
  });

  it('answers bad initialize parameters with a JSON-RPC error naming the field', async () => {
    const badSeed = await post('?seed=abc', INITIALIZE);
    expect(badSeed.status).toBe(422);
    expect(badSeed.body).toMatchObject({ id: 1, error: { code: -32602, message: 'seed: Expected a non-negative integer.', data: { code: 'VALIDATION_ERROR', field: 'seed' } } });
    const unknownTask = await post('?task=no-such-task', INITIALIZE);
    expect(unknownTask.status).toBe(404);
    expect(unknownTask.body).toMatchObject({ id: 1, error: { code: -32602, message: "No task has the id 'no-such-task'.", data: { code: 'UNKNOWN_TASK', field: 'task_id' } } });
    const typo = await post('?tsak=x', INITIALIZE);
    expect(typo.status).toBe(422);
    expect(typo.body).toMatchObject({ error: { message: 'Unrecognized key: "tsak"', data: { code: 'VALIDATION_ERROR' } } });
    expect(mcp.sessions.size).toBe(0);
  });

  it('gives the slot back when the SDK transport refuses an initialize', async () => {
    const refused = await post('', INITIALIZE, { accept: 'application/json' });
    expect(refused.status).toBe(406);
    expect(mcp.sessions.size).toBe(0);
  });

  it('requires a session id or an initialize request', async () => {
    const res = await post('', { jsonrpc: '2.0', id: 3, method: 'tools/list' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ id: 3, error: { code: -32600, data: { code: 'VALIDATION_ERROR', field: 'mcp-session-id' } } });
  });

  it('refuses browser origins other than loopback (DNS rebinding) and lets loopback ones through', async () => {
    const evil = await post('', INITIALIZE, { origin: 'http://evil.example' });
    expect(evil.status).toBe(403);
    expect(evil.body).toMatchObject({ error: { data: { code: 'FORBIDDEN_ORIGIN', field: 'origin' } } });
    const local = await post('', INITIALIZE, { origin: 'http://localhost:5173' });
    expect(local.status).toBe(200);
    expect(mcp.sessions.size).toBe(1);
  });

  it('leaves OpenEnv POST /mcp to its own route', async () => {
    const res = await fetch(`${base}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(await res.json()).toEqual({ jsonrpc: '2.0', id: null, result: { openenv: true } });
  });

  it('closes open sessions (and their SSE streams) when the server closes', async () => {
    const own = Fastify({ logger: false });
    const handle = registerMcpStreamableHttp(own, { registry, log: () => {} });
    const url = await own.listen({ host: '127.0.0.1', port: 0 });
    const client = new Client({ name: 'firedrill-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${url}${MCP_STREAM_PATH}`)));
    await client.listTools();
    expect(handle.sessions.size).toBe(1);
    await own.close();
    expect(handle.sessions.size).toBe(0);
    await client.close();
  });
});
