/**
 * `firedrill eval` treats failures as failures: an agent or LLM error ends its episode as `error` (never a 0 score),
 * is printed with its message, counts in "N failed", makes eval exit 1 and is played again on resume; the LLM
 * endpoint and key are checked before the first episode; agents that cannot play a task are skipped with a reason.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import type { CliIo } from '../src/cli/command.js';
import { main } from '../src/cli/main.js';
import { RunStore } from '../src/eval/store.js';
import { type FakeOpenAiServer, startFakeOpenAiServer } from './fixtures/fake-openai-server.js';

let dir = '';
let refusing: FakeOpenAiServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'firedrill-failures-'));
  refusing = await startFakeOpenAiServer(() => ({ kind: 'status', status: 401, body: { error: { message: 'Incorrect API key provided: sk-wrong', type: 'invalid_request_error', code: 'invalid_api_key', param: null } } }));
});
afterAll(async () => {
  await refusing.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
});

async function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[]; ms: number }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), isTty: false, errIsTty: false };
  const t0 = performance.now();
  const code = await main(argv, io);
  return { code, out, err, ms: performance.now() - t0 };
}

const store = (name: string) => ['--db', join(dir, `${name}.db`), '--out', join(dir, name)];

/** A port nothing listens on: bound, read, released. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('eval checks the LLM endpoint and key before the first episode', () => {
  it('stops at once on a refused key (401), with the endpoint’s message, and runs nothing', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-wrong');
    const before = refusing.requests.length;
    const r = await run(['eval', '--agent', 'llm', '--base-url', refusing.url, '--model', 'm', '--tasks', 'checkout-errors-v1', '--seeds', '0..3', ...store('refused')]);
    expect(r.code).toBe(1);
    expect(r.err[0]).toBe(`firedrill eval: llm:m cannot run: ${refusing.url} refused the API key (HTTP 401: Incorrect API key provided: sk-wrong). Check OPENAI_API_KEY or HF_TOKEN.`);
    expect(r.err[1]).toBe('Nothing was run. `firedrill eval --dry-run …` checks the endpoint and key alone.');
    expect(refusing.requests.length - before).toBe(1);
    expect(r.ms).toBeLessThan(5000);
    expect(r.out).toEqual([]);
  });

  it('stops at once when the endpoint cannot be reached (no silent retries)', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-x');
    const url = `http://127.0.0.1:${await closedPort()}/v1`;
    const r = await run(['eval', '--agent', 'llm', '--base-url', url, '--model', 'm', '--tasks', 'checkout-errors-v1', '--seeds', '0', ...store('unreachable')]);
    expect(r.code).toBe(1);
    expect(r.err[0]).toBe(`firedrill eval: llm:m cannot run: Cannot reach the LLM endpoint ${url} (ECONNREFUSED). Check --base-url or OPENAI_BASE_URL.`);
    expect(r.ms).toBeLessThan(5000);
  });

  it('says so when a hosted endpoint has no key, without a request', async () => {
    vi.stubEnv('OPENAI_API_KEY', '');
    vi.stubEnv('HF_TOKEN', '');
    vi.stubEnv('OPENAI_BASE_URL', '');
    const r = await run(['eval', '--agent', 'llm', '--tasks', 'checkout-errors-v1', '--seeds', '0', ...store('nokey')]);
    expect(r.code).toBe(1);
    expect(r.err[0]).toBe('firedrill eval: llm:gpt-4o-mini cannot run: No API key for https://api.openai.com/v1: set OPENAI_API_KEY (or HF_TOKEN for the Hugging Face router).');
  });

  it('--dry-run checks the endpoint and plans, and runs nothing', async () => {
    const ok = await startFakeOpenAiServer(() => ({ kind: 'text', content: 'pong' }));
    try {
      vi.stubEnv('OPENAI_API_KEY', 'sk-ok');
      const r = await run(['eval', '--agent', 'llm,reactive', '--base-url', ok.url, '--model', 'm', '--tasks', 'checkout-errors-v1,easy_task', '--seeds', '0..1', '--dry-run', ...store('dry')]);
      expect(r.code).toBe(0);
      expect(r.out).toEqual(['dry run: llm:m, reactive ready; 8 episodes planned (1 agent × task pairs would be skipped); nothing was run.']);
      expect(ok.requests.length).toBe(1);
      const failed = await run(['eval', '--agent', 'llm', '--base-url', refusing.url, '--model', 'm', '--tasks', 'checkout-errors-v1', '--dry-run', ...store('dry')]);
      expect(failed.code).toBe(1);
    } finally {
      await ok.close();
    }
  });
});

describe('an agent that fails mid-run', () => {
  it('ends each episode as error with its message, counts it failed, exits 1, and a rerun plays it again', async () => {
    const agent = join(dir, 'thrower.mjs');
    writeFileSync(
      agent,
      `export default () => ({ name: 'thrower', start() {}, act() { if (process.env.THROWER_FIXED === '1') return { action_type: 'resolve' }; throw new Error('agent exploded'); } });\n`,
    );
    const args = ['eval', '--agent', agent, '--tasks', 'checkout-errors-v1', '--seeds', '0..1', ...store('thrower')];
    const r = await run(args);
    expect(r.code).toBe(1);
    expect(r.err.filter((l) => l.includes('failed: agent exploded'))).toEqual(['episode thrower checkout-errors-v1 seed=0 repeat=0 failed: agent exploded', 'episode thrower checkout-errors-v1 seed=1 repeat=0 failed: agent exploded']);
    expect(r.err.find((l) => l.startsWith('run '))).toMatch(/: 0 ran, 0 already done, 2 failed/);
    expect(r.out.join('\n')).toContain('| thrower | checkout-errors-v1 | 2 | 2 (100%) | — | — | — | — |');
    const db = new RunStore(join(dir, 'thrower.db'));
    const runId = db.listRuns()[0]?.id ?? '';
    expect(db.listRuns()[0]).toMatchObject({ episodes: 2, failed: 2, mean_score: null });
    db.close();
    // Failed episodes replay up to their failure, and are no SFT demonstrations.
    const replayed = await run(['replay', join(dir, 'thrower', runId)]);
    expect(replayed.code).toBe(0);
    expect(replayed.out.at(-1)).toBe('2 trajectories, 0 steps replayed: identical');
    const exported = await run(['export', '--format', 'sft', '--run', runId, '--db', join(dir, 'thrower.db')]);
    expect(exported.err).toContain('0 conversations exported (sft), 2 filtered out');

    vi.stubEnv('THROWER_FIXED', '1');
    const again = await run(args);
    expect(again.code).toBe(0);
    expect(again.err.find((l) => l.startsWith('run '))).toMatch(/: 2 ran, 0 already done, 0 failed/);
    expect(again.out.join('\n')).toMatch(/\| thrower \| checkout-errors-v1 \| 2 \| — \| 0\.\d{3} /);
  });

  it('a 401 in the middle of an episode ends it as error, not as a zero score', async () => {
    let calls = 0;
    const flaky = await startFakeOpenAiServer(() => (++calls === 1 ? { kind: 'text', content: 'pong' } : { kind: 'status', status: 401, body: { error: { message: 'key revoked', type: 'invalid_request_error', code: null, param: null } } }));
    try {
      vi.stubEnv('OPENAI_API_KEY', 'sk-x');
      const r = await run(['eval', '--agent', 'llm', '--base-url', flaky.url, '--model', 'm', '--tasks', 'checkout-errors-v1', '--seeds', '0', ...store('revoked')]);
      expect(r.code).toBe(1);
      expect(r.err.some((l) => /^episode llm:m checkout-errors-v1 seed=0 repeat=0 failed: .*key revoked/.test(l))).toBe(true);
      expect(r.out.join('\n')).toContain('| llm:m | checkout-errors-v1 | 1 | 1 (100%) | — |');
    } finally {
      await flaky.close();
    }
  });
});

describe('agents that cannot play a task are skipped with a reason, never scored', () => {
  it('built-in agents on compat tasks (reactive on easy_task with --log-format seed)', async () => {
    const r = await run(['eval', '--agent', 'reactive', '--tasks', 'easy_task,checkout-errors-v1', '--seeds', '0', '--log-format', 'seed', ...store('compat')]);
    expect(r.code).toBe(0);
    expect(r.err[0]).toBe('skipped reactive on easy_task: reactive plays only tasks with the native action set, and easy_task is a devops-incident-response compat task (use --agent llm or your own agent module)');
    expect(r.out.join('\n')).not.toContain('Cannot read properties');
    expect(r.out.filter((l) => l.startsWith('[START]'))).toEqual(['[START] task=checkout-errors-v1 env=firedrill model=reactive']);
    expect(r.err.find((l) => l.startsWith('run '))).toMatch(/: 1 ran, 0 already done, 0 failed, 1 skipped \(agent cannot play the task\)/);
  });

  it('the oracle against a server (it reads the ground truth, which only an in-process environment gives)', async () => {
    const r = await run(['eval', '--agent', 'oracle', '--tasks', 'checkout-errors-v1', '--seeds', '0..1', '--server', 'http://127.0.0.1:9', ...store('oracle')]);
    expect(r.code).toBe(0);
    expect(r.err[0]).toBe('skipped oracle on checkout-errors-v1: oracle reads the ground truth, which only an in-process environment gives (drop --server)');
    expect(r.err.find((l) => l.startsWith('run '))).toMatch(/: 0 ran, 0 already done, 0 failed, 2 skipped/);
  });
});
