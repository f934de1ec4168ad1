/** `firedrill eval --server` against a real listening Firedrill server, over HTTP sessions and over WebSockets. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { CliIo } from '../src/cli/command.js';
import { createEvalCommand } from '../src/cli/commands/eval.js';
import { createReplayCommand } from '../src/cli/commands/replay.js';
import { createDefaultRegistry } from '../src/cli/default-registry.js';
import { RunStore } from '../src/eval/store.js';
import { createApp } from '../src/server/app.js';
import { listen, type RunningServer } from '../src/server/listen.js';

const AGENT = resolve(__dirname, '../examples/agents/alert-reactor.mjs');
let server: RunningServer;
let dir = '';

beforeAll(async () => {
  server = await listen(createApp({ registry: createDefaultRegistry() }), { host: '127.0.0.1', port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'firedrill-remote-'));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function io(): { cli: CliIo; err: string[] } {
  const err: string[] = [];
  return { cli: { out: () => {}, err: (t) => err.push(t), isTty: false }, err };
}
const runId = (err: string[]) => /^run (\S+):/.exec(err.at(-1) ?? '')?.[1] ?? '';

describe('eval --server against a real server', () => {
  it('gives the same episodes as in process over HTTP and WebSocket, and remote trajectories replay identically in process', async () => {
    const args = ['--agent', AGENT, '--tasks', 'checkout-errors-v1,order-pages-slow-v1,mobile-login-outage-v1', '--seeds', '0..1', '--concurrency', '3', '--db', join(dir, 'runs.db'), '--out', join(dir, 'out')];
    const local = io();
    expect(await createEvalCommand().run(args, local.cli)).toBe(0);
    const http = io();
    expect(await createEvalCommand().run([...args, '--server', server.url], http.cli)).toBe(0);
    const ws = io();
    expect(await createEvalCommand().run([...args, '--server', server.url, '--transport', 'ws', '--run-id', 'over-ws'], ws.cli)).toBe(0);

    const store = new RunStore(join(dir, 'runs.db'));
    const strip = (id: string) => store.episodes(id).map((e) => [e.task_id, e.seed, e.score, e.steps, e.status]);
    expect(store.getRun(runId(http.err))?.config.source).toBe('remote');
    expect(strip(runId(local.err)).length).toBe(6);
    expect(strip(runId(http.err))).toEqual(strip(runId(local.err)));
    expect(strip('over-ws')).toEqual(strip(runId(local.err)));
    store.close();
    for (const id of [runId(http.err), 'over-ws']) expect(await createReplayCommand().run([join(dir, 'out', id)], io().cli)).toBe(0);
  });
});
