import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ERROR_CODES } from '../../src/contracts/index.js';
import { Rng } from '../../src/lib/index.js';
import { WS_ERROR_CODES } from '../../src/server/errors.js';
import { DEFAULT_LIMITS } from '../../src/server/options.js';
import { RawHttp } from '../helpers/http.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { RawSocket } from '../helpers/ws.js';
import { hostileBody, hostileString } from './hostile.js';

/**
 * ≥ 10,000 generated malformed and hostile HTTP bodies and WebSocket frames against a listening server:
 * never a 5xx, never a crash, every error a JSON body with a catalogue (or protocol) code.
 */
const HTTP_REQUESTS = 7000;
const WS_FRAMES = 3200;
const WS_CONNECTIONS = 8;
const HTTP_CONCURRENCY = 24;

let server: TestServer;
beforeAll(async () => {
  // One client sends everything here, far above a client's byte allowance: this suite is about input, fairness.test.ts about floods.
  server = await startServer({ sessions: { maxSessions: 256 }, fairness: { bodyBytes: { perSecond: 1e9, burst: 1e9 } } });
});
afterAll(async () => {
  await server.close();
});

interface HttpCase {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

function httpCase(rng: Rng, i: number): HttpCase {
  const headers: Record<string, string> = {};
  const ct = rng.next();
  if (ct < 0.8) headers['content-type'] = 'application/json';
  else if (ct < 0.87) headers['content-type'] = 'text/plain';
  else if (ct < 0.93) headers['content-type'] = 'application/json; charset=latin1';
  if (rng.chance(0.3)) headers['x-session-id'] = rng.pick(['new', 'default', 'nope', '', 'x'.repeat(300), `${i}`, '00000000-0000-4000-8000-000000000000']);
  if (rng.chance(0.05)) headers['authorization'] = `Bearer ${'z'.repeat(rng.int(0, 2000))}`;
  const route = rng.next();
  if (route < 0.1) {
    const query = rng.pick(['session_id', 'task_id', '__proto__', 'session_id[]', 'constructor']);
    return { method: 'GET', path: `${rng.pick(['/state', '/schema', '/report', '/tasks'])}?${query}=${percentEncode(hostileString(rng).slice(0, 2000), rng)}`, headers };
  }
  const path = route < 0.38 ? '/reset' : route < 0.7 ? '/step' : route < 0.92 ? '/mcp' : rng.pick(['/close', '/state', '/nope', '/health']);
  return { method: 'POST', path, headers, body: hostileBody(rng) };
}

/** Percent-encodes UTF-8 bytes, sometimes leaving a broken escape in. */
function percentEncode(text: string, rng: Rng): string {
  const encoded = [...Buffer.from(text)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  return rng.chance(0.1) ? `${encoded}%${rng.pick(['ZZ', 'FF', 'C0', '', 'E2%82'])}` : encoded;
}

async function check(client: RawHttp, c: HttpCase): Promise<string | null> {
  const res = await client.request(c.method, c.path, c.headers, c.body);
  const text = res.text;
  const where = `${c.method} ${c.path.slice(0, 60)} → ${res.status}`;
  if (res.status >= 500) return `${where}: 5xx ${text.slice(0, 200)}`;
  if (!String(res.headers['content-type']).startsWith('application/json')) return `${where}: content-type ${res.headers['content-type']}`;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return `${where}: body is not JSON`;
  }
  if (c.path === '/mcp' && res.status === 200) {
    const error = body['error'] as { code?: unknown } | undefined;
    if (body['jsonrpc'] !== '2.0' || (error !== undefined && typeof error.code !== 'number') || (error === undefined && !('result' in body))) return `${where}: not JSON-RPC ${text.slice(0, 200)}`;
    return null;
  }
  if (res.status >= 400) {
    const error = body['error'] as { code?: unknown; message?: unknown } | undefined;
    if (!error || !(ERROR_CODES as unknown[]).includes(error.code) || typeof error.message !== 'string') return `${where}: error without a catalogue code ${text.slice(0, 200)}`;
  }
  return null;
}

describe('hostile input', () => {
  it(`survives ${HTTP_REQUESTS} hostile HTTP requests: no 5xx, every error JSON with a code`, async () => {
    const rng = Rng.fromSeed(2024, 1);
    const cases = Array.from({ length: HTTP_REQUESTS }, (_, i) => httpCase(rng, i));
    const problems: string[] = [];
    let next = 0;
    const client = new RawHttp(server.url, HTTP_CONCURRENCY);
    await Promise.all(
      Array.from({ length: HTTP_CONCURRENCY }, async () => {
        while (next < cases.length) {
          const c = cases[next++]!;
          const problem = await check(client, c);
          if (problem) problems.push(problem);
        }
      }),
    );
    client.close();
    expect(problems.slice(0, 10)).toEqual([]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    const health = await fetch(`${server.url}/health`);
    expect(await health.json()).toEqual({ status: 'healthy' });
  });

  it(`survives ${WS_FRAMES} hostile WebSocket frames: exactly one well-formed reply each, the connection stays up`, async () => {
    const rng = Rng.fromSeed(2024, 2);
    const problems: string[] = [];
    let sent = 0;
    await Promise.all(
      Array.from({ length: WS_CONNECTIONS }, async (_, c) => {
        const ws = await RawSocket.open(server.wsUrl);
        for (let i = 0; i < WS_FRAMES / WS_CONNECTIONS; i++) {
          let frame = hostileBody(rng);
          if (/^\s*\{\s*"type"\s*:\s*"close"\s*\}\s*$/.test(frame.toString())) frame = Buffer.from('{"type":"state"}');
          // Frames beyond 8× the message limit close the connection (1009, see backpressure.test.ts); send one just over the limit instead.
          if (frame.length > DEFAULT_LIMITS.wsMessageBytes * 8) frame = frame.subarray(0, DEFAULT_LIMITS.wsMessageBytes + 1);
          ws.ws.send(frame, { binary: rng.chance(0.1) });
          sent++;
          const reply = await ws.next(10_000);
          const where = `conn ${c} frame ${i} (${frame.subarray(0, 60).toString()})`;
          if (!['observation', 'state', 'error', 'mcp'].includes(reply.type)) problems.push(`${where}: reply type ${reply.type}`);
          if (reply.type === 'error' && (!(WS_ERROR_CODES as readonly string[]).includes(reply.data.code ?? '') || !(ERROR_CODES as string[]).includes(reply.data.error?.code ?? ''))) {
            problems.push(`${where}: ${JSON.stringify(reply.data).slice(0, 200)}`);
          }
          if (reply.type === 'mcp' && reply.data['jsonrpc'] !== '2.0') problems.push(`${where}: mcp reply ${JSON.stringify(reply.data).slice(0, 200)}`);
        }
        expect(ws.pending).toBe(0);
        ws.close();
      }),
    );
    expect(sent).toBe(WS_FRAMES);
    expect(problems.slice(0, 10)).toEqual([]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
