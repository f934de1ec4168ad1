/**
 * `--scenarios DIR` works on every command that takes tasks: the example scenario of examples/scenarios is served
 * (HTTP), evaluated, validated, checked and played over MCP stdio by its id. (`play --scenarios` is driven under tmux in
 * test/cli-play.test.ts.) Commands that start a process run bin/firedrill.js, so dist/ must be built.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { CliIo } from '../src/cli/command.js';
import { main } from '../src/cli/main.js';

const ROOT = resolve(__dirname, '..');
const BIN = join(ROOT, 'bin/firedrill.js');
const SCENARIOS = join(ROOT, 'examples/scenarios');
const TASK = 'checkout-db-volume-v1';
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'firedrill-scenarios-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), isTty: false, errIsTty: false };
  const code = await main(argv, io, {});
  return { code, out, err };
}

describe('--scenarios DIR, with the example scenario', () => {
  it('tasks lists it, and without the flag it is unknown everywhere', async () => {
    expect((await run(['tasks', '--scenarios', SCENARIOS])).out).toMatch(new RegExp(`^${TASK}\\s+medium\\s+40\\s+user\\s+`, 'm'));
    expect((await run(['check', '--tasks', TASK])).err).toContain(`No task has the id '${TASK}'.`);
  });

  it('eval plays it and reports it', async () => {
    const r = await run(['eval', '--agent', 'investigator', '--tasks', TASK, '--seeds', '0..1', '--scenarios', SCENARIOS, '--db', join(dir, 'e.db'), '--out', join(dir, 'e')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`\\| investigator \\| ${TASK} \\| 2 \\| — \\| 1\\.000 \\[1\\.000, 1\\.000\\] \\| 100% \\|`));
  });

  it('validate runs the reference agents on it; the oracle solves it', async () => {
    const r = await run(['validate', '--scenarios', SCENARIOS, '--tasks', TASK, '--seeds', '0..1', '--agents', 'oracle,do-nothing', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ agents: { oracle: { [TASK]: { mean: 1, min: 1, max: 1, n: 2 } }, 'do-nothing': { [TASK]: { mean: 0, min: 0, max: 0, n: 2 } } } });
  });

  it('check finds it deterministic and well-formed', async () => {
    const r = await run(['check', '--scenarios', SCENARIOS, '--tasks', TASK, '--seeds', '0..1', '--steps', '10']);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/^ok: 1 tasks × 2 seeds, 2 episodes, \d+ steps, 0 failures$/m);
  });

  it('serve serves it over HTTP', async () => {
    const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--host', '127.0.0.1', '--port', '0', '--no-console', '--log-level', 'warn', '--scenarios', SCENARIOS, '--task', TASK], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((done, fail) => {
        let out = '';
        child.stdout?.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /serving on (http:\/\/\S+)/.exec(out);
          if (m?.[1]) done(m[1]);
        });
        child.on('exit', (code) => fail(new Error(`serve exited with ${code}`)));
      });
      const tasks = (await (await fetch(`${url}/tasks`)).json()) as { tasks?: { id: string }[] } | { id: string }[];
      const ids = (Array.isArray(tasks) ? tasks : (tasks.tasks ?? [])).map((t) => t.id);
      expect(ids).toContain(TASK);
      const reset = (await (await fetch(`${url}/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ task_id: TASK, seed: 1 }) })).json()) as { observation: { incident: { id: string; title: string } } };
      expect(reset.observation.incident.title).toBe('Checkout 5xx rate above 20%');
      expect(reset.observation.incident.id).toMatch(/^INC-/);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('mcp serves one episode of it over stdio', async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp', '--scenarios', SCENARIOS, '--task', TASK, '--seed', '2'], cwd: dir, stderr: 'pipe' });
    let stderr = '';
    (transport.stderr as Readable | null)?.on('data', (d: Buffer) => (stderr += d.toString()));
    const client = new Client({ name: 'firedrill-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const result = (await client.callTool({ name: 'list_services', arguments: {} })) as { structuredContent?: { observation?: { step?: number } } };
      expect(result.structuredContent?.observation?.step).toBe(1);
      expect(stderr).toContain(`serving task ${TASK} seed 2 over stdio`);
    } finally {
      await client.close();
    }
  });
});
