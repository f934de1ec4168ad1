import net from 'node:net';

import { describe, expect, it } from 'vitest';

import { createApp, listen } from '../../src/server/index.js';
import { rawExchange } from '../helpers/raw-socket.js';
import { testRegistry } from '../helpers/server.js';

/** Connections accepted around a shutdown are answered or cleanly refused (503 + Connection: close), never reset. */
describe('graceful shutdown drain', () => {
  it('requests arriving after SIGTERM get 503 SHUTTING_DOWN with Connection: close; none is reset', async () => {
    const app = createApp({ registry: testRegistry() });
    // A drain well beyond the last request's send time, so that a loaded machine's scheduling delays cannot push a request past it.
    const running = await listen(app, { host: '127.0.0.1', port: 0, drainMs: 1500 });
    const port = running.port;
    const request = 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
    // Connections opened just before the shutdown, whose requests arrive during it.
    const early = Array.from({ length: 20 }, (_, i) => rawExchange(port, [{ waitMs: 20 + i * 10 }, request], 3000));
    await new Promise((resolve) => setTimeout(resolve, 10));
    const closing = running.close();
    // Connections opened during the drain.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const during = Array.from({ length: 10 }, () => rawExchange(port, [request], 3000));
    const results = await Promise.all([...early, ...during]);
    await closing;
    for (const r of results) {
      expect(r.ended).not.toBe('reset');
      expect(r.status).toBe(503);
      expect(r.json?.error?.code).toBe('SHUTTING_DOWN');
      expect(r.text.toLowerCase()).toContain('connection: close');
    }
    // Once closed, the port refuses connections outright.
    await expect(new Promise((resolve, reject) => net.connect({ port, host: '127.0.0.1' }).once('connect', resolve).once('error', reject))).rejects.toThrow();
  });
});
