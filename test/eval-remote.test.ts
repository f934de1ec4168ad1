/**
 * `firedrill eval --server` against a real listening Firedrill server. The server and its HTTP client live in other
 * areas (src/server, src/client); this suite runs once they are in the build.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import type { CliIo } from '../src/cli/command.js';
import { createEvalCommand } from '../src/cli/commands/eval.js';
import { createReplayCommand } from '../src/cli/commands/replay.js';
import { createDefaultRegistry } from '../src/env/tasks.js';
import { RunStore } from '../src/eval/store.js';

const HAVE_SERVER = existsSync(resolve(__dirname, '../src/server/app.ts')) && existsSync(resolve(__dirname, '../src/client/index.ts'));
const AGENT = resolve(__dirname, '../examples/agents/alert-reactor.mjs');

interface ServerModules {
  createApp: (deps: { registry: ReturnType<typeof createDefaultRegistry> }) => unknown;
  listen: (app: unknown, o: { host: string; port: number }) => Promise<{ url: string; close(): Promise<void> }>;
}

async function serverModules(): Promise<ServerModules> {
  const app = '../src/server/app.js';
  const listen = '../src/server/listen.js';
  return { createApp: (await import(app)).createApp, listen: (await import(listen)).listen };
}

function io(): { cli: CliIo; err: string[] } {
  const err: string[] = [];
  return { cli: { out: () => {}, err: (t) => err.push(t), isTty: false }, err };
}

describe.skipIf(!HAVE_SERVER)('eval --server against a real server', () => {
  it('gives the same episodes as in process, and the remote trajectories replay identically in process', async () => {
    const { createApp, listen } = await serverModules();
    const server = await listen(createApp({ registry: createDefaultRegistry() }), { host: '127.0.0.1', port: 0 });
    const dir = mkdtempSync(join(tmpdir(), 'firedrill-remote-'));
    try {
      const args = ['--agent', AGENT, '--tasks', 'all', '--seeds', '0..1', '--concurrency', '3', '--db', join(dir, 'runs.db'), '--out', join(dir, 'out')];
      const remote = io();
      expect(await createEvalCommand().run([...args, '--server', server.url], remote.cli)).toBe(0);
      const local = io();
      expect(await createEvalCommand().run(args, local.cli)).toBe(0);
      const runId = (err: string[]) => /^run (\S+):/.exec(err.at(-1) ?? '')?.[1] ?? '';
      const store = new RunStore(join(dir, 'runs.db'));
      const strip = (id: string) => store.episodes(id).map((e) => [e.task_id, e.seed, e.score, e.steps, e.status]);
      expect(store.getRun(runId(remote.err))?.config.source).toBe('remote');
      expect(strip(runId(remote.err))).toEqual(strip(runId(local.err)));
      store.close();
      const replay = io();
      expect(await createReplayCommand().run([join(dir, 'out', runId(remote.err))], replay.cli)).toBe(0);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
