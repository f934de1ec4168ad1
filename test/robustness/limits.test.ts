import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import { ERROR_CODES } from '../../src/contracts/index.js';
import { rawExchange } from '../helpers/raw-socket.js';
import { startServer, type TestServer } from '../helpers/server.js';

/** Timeouts and caps (point 5) and every transport-level error in the documented format (point 6). */
const REQUEST_MS = 600;
const HEADERS_MS = 400;
const KEEP_ALIVE_MS = 300;
const MAX_CONNECTIONS = 12;

const logLines: Record<string, unknown>[] = [];
const logStream = new Writable({
  write(chunk: Buffer, _enc, cb) {
    for (const line of String(chunk).split('\n')) if (line.trim()) logLines.push(JSON.parse(line) as Record<string, unknown>);
    cb();
  },
});

let server: TestServer;
let port: number;
beforeAll(async () => {
  const consoleDir = mkdtempSync(join(tmpdir(), 'firedrill-console-'));
  mkdirSync(join(consoleDir, 'assets'));
  writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(consoleDir, 'assets', 'app.js'), 'console.log(1);');
  server = await startServer({
    consoleDir,
    limits: { requestMs: REQUEST_MS, headersMs: HEADERS_MS, keepAliveMs: KEEP_ALIVE_MS, maxConnections: MAX_CONNECTIONS },
    sessions: { maxSessions: 1, evictLru: false },
    logger: { level: 'info', stream: logStream },
  });
  port = Number(new URL(server.url).port);
});
afterAll(async () => {
  await server.close();
});

const get = (path: string, headers: string[] = []): string => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`;

function expectCode(res: { status: number | null; json: { error?: { code?: string } } | null }, status: number, code: string): void {
  expect({ status: res.status, code: res.json?.error?.code }).toEqual({ status, code });
  expect(ERROR_CODES).toContain(code);
}

describe('timeouts and caps', () => {
  it(`a body trickling in is answered 408 REQUEST_TIMEOUT and closed after ${REQUEST_MS} ms`, async () => {
    const head = 'POST /reset HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{';
    const res = await rawExchange(port, [head, ...Array.from({ length: 30 }, () => [{ waitMs: 100 }, ' ']).flat()], 4000);
    expectCode(res, 408, 'REQUEST_TIMEOUT');
    expect(res.ended).not.toBe('open');
    expect(res.ms).toBeGreaterThanOrEqual(REQUEST_MS - 50);
    expect(res.ms).toBeLessThan(REQUEST_MS + 1500);
  });

  it(`headers trickling in are answered 408 after ${HEADERS_MS} ms`, async () => {
    const res = await rawExchange(port, ['GET /health HTTP/1.1\r\n', ...Array.from({ length: 30 }, () => [{ waitMs: 100 }, 'X-A: b\r\n']).flat()], 4000);
    expectCode(res, 408, 'REQUEST_TIMEOUT');
    expect(res.ms).toBeLessThan(HEADERS_MS + 1500);
  });

  it(`an idle keep-alive connection is closed after ${KEEP_ALIVE_MS} ms`, async () => {
    const res = await rawExchange(port, [get('/health')], 3000);
    expect(res.status).toBe(200);
    expect(res.ended).toBe('closed');
    expect(res.ms).toBeGreaterThanOrEqual(KEEP_ALIVE_MS - 50);
    // Node checks keep-alive sockets with up to a second of slack.
    expect(res.ms).toBeLessThan(KEEP_ALIVE_MS + 2000);
  });

  it(`connections beyond ${MAX_CONNECTIONS} are closed as they arrive; the server serves again once they go`, async () => {
    const held = await Promise.all(Array.from({ length: MAX_CONNECTIONS + 5 }, () => rawExchange(port, [get('/health').replace('\r\n\r\n', '\r\n')], 250)));
    expect(held.filter((r) => r.ended === 'open').length).toBe(MAX_CONNECTIONS);
    expect(held.filter((r) => r.ended !== 'open').length).toBe(5);
    // The server counts a connection until it has seen it close, which a loaded machine may take a moment to do.
    let after = await rawExchange(port, [get('/health', ['Connection: close'])]);
    for (let tries = 0; after.status !== 200 && tries < 20; tries++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await rawExchange(port, [get('/health', ['Connection: close'])]);
    }
    expect(after.status).toBe(200);
  });
});

describe('every error is a documented error', () => {
  it.each([
    ['/web/../package.json', 403, 'FORBIDDEN_PATH'],
    ['/web/%2e%2e/package.json', 403, 'FORBIDDEN_PATH'],
    ['/docs/static/../../x', 403, 'FORBIDDEN_PATH'],
    ['/web/nope.js', 404, 'NOT_FOUND'],
  ])('GET %s → %i %s', async (path, status, code) => {
    expectCode(await rawExchange(port, [get(path, ['Connection: close'])]), status, code);
  });

  it('static-file conditions: unsatisfiable Range → 416, failing If-Match / If-Unmodified-Since → 412', async () => {
    expectCode(await rawExchange(port, [get('/web/assets/app.js', ['Range: bytes=9000-9999', 'Connection: close'])]), 416, 'RANGE_NOT_SATISFIABLE');
    expectCode(await rawExchange(port, [get('/web/assets/app.js', ['If-Match: "nope"', 'Connection: close'])]), 412, 'PRECONDITION_FAILED');
    expectCode(await rawExchange(port, [get('/web/assets/app.js', ['If-Unmodified-Since: Thu, 01 Jan 1998 00:00:00 GMT', 'Connection: close'])]), 412, 'PRECONDITION_FAILED');
  });

  it('parser errors: a malformed request line → 400, 20 KB of headers → 431, in the JSON format', async () => {
    expectCode(await rawExchange(port, ['GARBAGE\r\n\r\n']), 400, 'BAD_REQUEST');
    expectCode(await rawExchange(port, [get('/health', [`X-Big: ${'a'.repeat(20_000)}`])]), 431, 'HEADERS_TOO_LARGE');
  });

  it('a path parameter beyond the router limit → 414 URI_TOO_LONG; run ids of every valid length route', async () => {
    expectCode(await rawExchange(port, [get(`/runs/${'r'.repeat(2000)}`, ['Connection: close'])]), 414, 'URI_TOO_LONG');
    for (const length of [1, 100, 101, 150, 200]) {
      const res = await rawExchange(port, [get(`/runs/${'r'.repeat(length)}`, ['Connection: close'])]);
      expect({ length, code: res.json?.error?.code }).toEqual({ length, code: 'NOT_FOUND' });
      expect(res.json?.error?.message).toMatch(/run store/);
    }
  });

  it('WebSocket routes: plain GET → 426, a bad handshake → 400 JSON; Upgrade on a plain route → 400 NOT_UPGRADABLE', async () => {
    expectCode(await rawExchange(port, [get('/ws', ['Connection: close'])]), 426, 'UPGRADE_REQUIRED');
    const upgrade = ['Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13'];
    expectCode(await rawExchange(port, [get('/ws', upgrade)]), 400, 'BAD_REQUEST');
    expectCode(await rawExchange(port, [get('/ws', [...upgrade, 'Sec-WebSocket-Key: short'])]), 400, 'BAD_REQUEST');
    expectCode(await rawExchange(port, [get('/ws', ['Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 99', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=='])]), 400, 'BAD_REQUEST');
    for (const path of ['/health', '/tasks']) {
      const res = await rawExchange(port, [get(path, [...upgrade, 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=='])]);
      expectCode(res, 400, 'NOT_UPGRADABLE');
      expect(res.text).not.toMatch(/^HTTP\/1\.1 101/);
    }
  });

  it('client-caused events log at info or warn, without stack traces', async () => {
    logLines.length = 0;
    const first = new WebSocket(server.wsUrl);
    await new Promise((resolve) => first.once('open', resolve));
    const res = await fetch(`${server.url}/reset`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-session-id': 'new' }, body: '{}' });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('CAPACITY_REACHED');
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    await rawExchange(port, ['GARBAGE\r\n\r\n']);
    first.close();
    const refusals = logLines.filter((l) => l['code'] === 'CAPACITY_REACHED' || l['client_error'] !== undefined);
    expect(refusals.length).toBeGreaterThanOrEqual(2);
    for (const line of logLines) {
      if (line['level'] as number >= 50) throw new Error(`error-level log: ${JSON.stringify(line).slice(0, 300)}`);
      expect(JSON.stringify(line)).not.toMatch(/"stack"/);
    }
  });
});
