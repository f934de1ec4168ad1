/**
 * The README's order: `firedrill serve --runs-db firedrill-runs.db`, then `firedrill eval`. The console's Runs view
 * says where it looks for the run store before the store exists, and finds it once eval has created it, without a
 * server restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createDefaultRegistry } from '../../src/cli/default-registry.js';
import { inProcessSource } from '../../src/eval/in-process-env.js';
import { runEval } from '../../src/eval/runner.js';
import { RunStore } from '../../src/eval/store.js';
import { ScriptedSreAgent } from '../fixtures/scripted-sre-agent.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { buildConsole, launchBrowser, watchProblems } from './console-harness.js';

let dir = '';
let dbPath = '';
let server: TestServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'firedrill-console-later-'));
  dbPath = join(dir, 'firedrill-runs.db');
  server = await startServer({ consoleDir: await buildConsole(), runsDb: dbPath });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('console: a run store created after the server started', () => {
  it('says where it looks, then shows the runs once eval has written them', async () => {
    const page = await browser.context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${server.url}/web/#/runs`);
    await page.getByRole('heading', { name: 'Evaluation runs' }).waitFor();
    await page.getByText('No runs yet.').waitFor();
    expect(await page.getByText('No runs yet.').textContent()).toBe(`No runs yet. This server looks for its run store at ${dbPath}, again on every visit; \`firedrill eval --db ${dbPath} …\` stores runs there.`);

    const store = new RunStore(dbPath);
    let runId = '';
    try {
      const agent = { label: 'investigator', name: 'scripted-sre', options: {}, create: () => new ScriptedSreAgent({}) };
      runId = (await runEval({ agents: [agent], episodes: [{ task_id: 'checkout-errors-v1', seed: 0 }], repeats: 1 }, { source: inProcessSource(createDefaultRegistry()), store, outDir: join(dir, 'out') })).runId;
    } finally {
      store.close();
    }

    await page.reload();
    await page.getByText(runId).first().waitFor();
    expect(await page.getByText(`Store: ${dbPath}`).count()).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
