import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import { startServer, type TestServer } from '../helpers/server.js';

/**
 * A client that sends requests but never reads the replies (its receive window closed) must cost the server a
 * bounded amount of memory, and be disconnected once it has stayed over the backlog cap.
 */
const REQUEST_BYTES = 2.1e6;
const STALL_MS = 1500;
const MB = 1 << 20;

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ limits: { wsStallMs: STALL_MS } });
});
afterAll(async () => {
  await server.close();
});

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

async function neverReadingClient(path: string, frame: string): Promise<{ peakGrowthMb: number; closedAfterMs: number; afterMb: number }> {
  // Warm the code paths once so that their first-use allocations are not counted.
  const warm = await open(`${server.url.replace('http', 'ws')}${path}`);
  const warmReply = new Promise((resolve) => warm.once('message', resolve));
  warm.send(frame);
  await warmReply;
  warm.close();
  await new Promise((resolve) => setTimeout(resolve, 100));

  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const ws = await open(`${server.url.replace('http', 'ws')}${path}`);
  ws.pause();
  const started = Date.now();
  const count = Math.ceil(REQUEST_BYTES / frame.length);
  for (let i = 0; i < count; i++) ws.send(frame);
  const store = server.app.firedrill.store;
  while (store.count('ws') > 0 && Date.now() - started < STALL_MS + 10_000) await new Promise((resolve) => setTimeout(resolve, 20));
  const closedAfterMs = Date.now() - started;
  clearInterval(sampler);
  ws.terminate();
  await new Promise((resolve) => setTimeout(resolve, 200));
  return { peakGrowthMb: (peak - before) / MB, closedAfterMs, afterMb: (process.memoryUsage().rss - before) / MB };
}

describe('WebSocket backpressure', () => {
  it('a /ws client that never reads costs < 20 MB and is closed once it stalls', async () => {
    const result = await neverReadingClient('/ws', JSON.stringify({ type: 'mcp', data: { jsonrpc: '2.0', method: 'tools/list', id: 1 } }));
    console.log('/ws never-reading client', result);
    expect(result.peakGrowthMb).toBeLessThan(20);
    expect(result.closedAfterMs).toBeGreaterThanOrEqual(STALL_MS);
    expect(result.closedAfterMs).toBeLessThan(STALL_MS + 5000);
    expect(result.afterMb).toBeLessThan(20);
    expect(server.app.firedrill.store.count('ws')).toBe(0);
  }, 30_000);

  it('a WS /mcp client that never reads costs < 20 MB and is closed once it stalls', async () => {
    const result = await neverReadingClient('/mcp', JSON.stringify({ jsonrpc: '2.0', method: 'tools/list', id: 1 }));
    console.log('WS /mcp never-reading client', result);
    expect(result.peakGrowthMb).toBeLessThan(20);
    expect(result.closedAfterMs).toBeLessThan(STALL_MS + 5000);
    expect(server.app.firedrill.store.count('ws')).toBe(0);
  }, 30_000);

  it('a client that reads slowly is served every reply, in order', async () => {
    const ws = await open(`${server.wsUrl}`);
    const frame = JSON.stringify({ type: 'mcp', data: { jsonrpc: '2.0', method: 'tools/list', id: 7 } });
    const total = 400;
    const replies: string[] = [];
    const done = new Promise<void>((resolve) => ws.on('message', (data: WebSocket.RawData) => {
      replies.push(String(data));
      if (replies.length === total) resolve();
    }));
    ws.pause();
    for (let i = 0; i < total; i++) ws.send(frame);
    await new Promise((resolve) => setTimeout(resolve, 300));
    ws.resume();
    await done;
    expect(new Set(replies).size).toBe(1);
    expect(JSON.parse(replies[0]!).type).toBe('mcp');
    ws.close();
  }, 30_000);
});
