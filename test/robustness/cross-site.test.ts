import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import { rawExchange } from '../helpers/raw-socket.js';
import { startServer, type TestServer } from '../helpers/server.js';

/** Without an API key, a page in another origin cannot drive the server, nor reach it through DNS rebinding. */
let server: TestServer;
let port: number;
beforeAll(async () => {
  server = await startServer({ cors: { origins: ['https://trusted.example'] }, bindHost: '127.0.0.1', allowedHosts: ['firedrill.internal'] });
  port = Number(new URL(server.url).port);
});
afterAll(async () => {
  await server.close();
});

const rpc = JSON.stringify({ jsonrpc: '2.0', method: 'openenv/session/close', params: {}, id: 1 });

function post(path: string, headers: string[], body: string): string {
  return `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${headers.map((h) => `${h}\r\n`).join('')}Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

function wsOpen(path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (req, res) => {
      req.destroy();
      resolve(res.statusCode ?? 0);
    });
    ws.once('error', () => resolve(-1));
  });
}

describe('cross-site protection without an API key', () => {
  it('POST /mcp from a foreign Origin is 403 FORBIDDEN_ORIGIN; text/plain is 415', async () => {
    const foreign = await rawExchange(port, [post('/mcp', ['Origin: http://evil.example', 'Content-Type: application/json'], rpc)]);
    expect({ status: foreign.status, code: foreign.json?.error?.code }).toEqual({ status: 403, code: 'FORBIDDEN_ORIGIN' });
    const plain = await rawExchange(port, [post('/mcp', ['Content-Type: text/plain'], rpc)]);
    expect({ status: plain.status, code: plain.json?.error?.code }).toEqual({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('POST /mcp passes without Origin, from loopback, same-origin and --cors origins', async () => {
    for (const origin of [null, 'http://localhost:3000', `http://127.0.0.1:${port}`, 'https://trusted.example']) {
      const res = await rawExchange(port, [post('/mcp', [...(origin ? [`Origin: ${origin}`] : []), 'Content-Type: application/json'], rpc)]);
      expect({ origin, status: res.status }).toEqual({ origin, status: 200 });
      expect(res.text).toContain('"jsonrpc":"2.0"');
    }
  });

  it('/ws and WS /mcp refuse a foreign Origin (403) and accept the others', async () => {
    for (const path of ['/ws', '/mcp']) {
      expect(await wsOpen(path, { Origin: 'http://evil.example' })).toBe(403);
      expect(await wsOpen(path, {})).toBe(101);
      expect(await wsOpen(path, { Origin: 'https://trusted.example' })).toBe(101);
      expect(await wsOpen(path, { Origin: `http://127.0.0.1:${port}` })).toBe(101);
    }
    expect(server.app.firedrill.store.count('ws')).toBeLessThanOrEqual(2);
  });

  it('a foreign Host (DNS rebinding) is 421 FORBIDDEN_HOST; loopback names, --host and listed names pass', async () => {
    const get = (host: string) => rawExchange(port, [`GET /tasks HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`]);
    const rebound = await get('attacker.example');
    expect({ status: rebound.status, code: rebound.json?.error?.code }).toEqual({ status: 421, code: 'FORBIDDEN_HOST' });
    for (const host of ['localhost:8000', '127.0.0.1', '[::1]:8000', 'firedrill.internal:80']) expect((await get(host)).status).toBe(200);
  });

  it('with an API key any Host is served (the key is the protection)', async () => {
    const keyed = await startServer({ apiKey: 'k', bindHost: '127.0.0.1' });
    const res = await rawExchange(Number(new URL(keyed.url).port), ['GET /tasks HTTP/1.1\r\nHost: attacker.example\r\nAuthorization: Bearer k\r\nConnection: close\r\n\r\n']);
    expect(res.status).toBe(200);
    await keyed.close();
  });
});
