import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startServer, type TestServer } from '../helpers/server.js';

/** Debian's interpreter with python3-pytest and python3-websockets (installed by .ci/run). */
const PYTHON = '/usr/bin/python3';
const ROOT = resolve(__dirname, '..', '..');

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

async function pytest(path: string): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(PYTHON, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', path], {
      cwd: ROOT,
      env: { ...process.env, FIREDRILL_URL: server.url, PYTHONDONTWRITEBYTECODE: '1' },
      timeout: 120_000,
    });
    return stdout;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`pytest ${path} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}${e.message}`);
  }
}

describe('Python suites against this listening server', () => {
  it('clients/python: the firedrill package (sync and async clients, dataclasses against /schema)', async () => {
    expect(await pytest('clients/python/tests')).toMatch(/\b\d+ passed\b/);
  }, 150_000);

  it('integrations: the TRL, verifiers, Inspect and NeMo Gym contracts', async () => {
    expect(await pytest('integrations/tests')).toMatch(/\b\d+ passed\b/);
  }, 150_000);
});

describe('README', () => {
  /** The ```python blocks of a README section, in order. */
  function pythonBlocks(section: string): string[] {
    const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
    const body = readme.split(`\n## ${section}\n`)[1]?.split('\n## ')[0] ?? '';
    return [...body.matchAll(/```python\n([\s\S]*?)```/g)].map((m) => m[1]!);
  }

  it.each(['Use it from Python', 'Train with TRL / NeMo / verifiers'])('the Python in "%s" runs as written', async (section) => {
    const blocks = pythonBlocks(section);
    expect(blocks.length).toBeGreaterThan(0);
    for (const code of blocks) {
      const { stdout } = await promisify(execFile)(PYTHON, ['-c', code], {
        cwd: ROOT,
        env: { ...process.env, FIREDRILL_URL: server.url, PYTHONPATH: resolve(ROOT, 'clients', 'python'), PYTHONDONTWRITEBYTECODE: '1' },
        timeout: 60_000,
      });
      expect(stdout.length).toBeGreaterThan(20);
    }
  }, 120_000);
});
