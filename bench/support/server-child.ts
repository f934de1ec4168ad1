/**
 * A server in its own process, so the load generator does not share its event loop:
 *   firedrill  the Firedrill app (no logging), on 127.0.0.1:<random>
 *   echo       a bare node:http server answering each JSON body with itself
 *   ws-echo    a bare `ws` server answering each message with itself
 * Prints {"port": N} on stdout once listening.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { WebSocketServer } from 'ws';

import { createApp, listen } from '../../dist/server/index.js';
import { benchRegistry } from './task.js';

const mode = process.argv[2];

if (mode === 'firedrill') {
  const app = createApp({ registry: benchRegistry(), sessions: { maxSessions: 20_000, idleTimeoutMs: null } });
  const running = await listen(app, { host: '127.0.0.1', port: 0, signals: ['SIGTERM'] });
  process.stdout.write(`${JSON.stringify({ port: running.port })}\n`);
} else if (mode === 'echo' || mode === 'ws-echo') {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.stringify(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  if (mode === 'ws-echo') {
    const wss = new WebSocketServer({ server });
    wss.on('connection', (socket) => socket.on('message', (data) => socket.send(JSON.stringify(JSON.parse(String(data))))));
  }
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`));
  process.once('SIGTERM', () => process.exit(0));
} else {
  process.stderr.write(`unknown mode ${mode}\n`);
  process.exit(2);
}
