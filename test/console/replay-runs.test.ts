import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { CriterionResult } from '../../src/contracts/index.js';
import { createDefaultRegistry } from '../../src/cli/default-registry.js';
import type { EpisodeRow } from '../../src/eval/episode-row.js';
import { inProcessSource } from '../../src/eval/in-process-env.js';
import { reportForRuns } from '../../src/eval/report/index.js';
import { runEval } from '../../src/eval/runner.js';
import { RunStore } from '../../src/eval/store.js';
import { readTrajectoryFile } from '../../src/eval/trajectory-file.js';
import { ScriptedSreAgent } from '../fixtures/scripted-sre-agent.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { buildConsole, launchBrowser, sidewaysOverflow, screenshotPath, TAKE_SCREENSHOTS, watchProblems } from './console-harness.js';

let dir = '';
let dbPath = '';
let runA = '';
let runB = '';
let episodes: EpisodeRow[] = [];
let server: TestServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'firedrill-console-runs-'));
  dbPath = join(dir, 'runs.db');
  const store = new RunStore(dbPath);
  const source = inProcessSource(createDefaultRegistry());
  const agent = (label: string, opts: { resolveAfter?: number } = {}) => ({ label, name: 'scripted-sre', options: opts, create: () => new ScriptedSreAgent(opts) });
  try {
    runA = (
      await runEval(
        { agents: [agent('investigator'), agent('quitter', { resolveAfter: 19 })], episodes: [{ task_id: 'checkout-errors-v1', seed: 0 }, { task_id: 'checkout-errors-v1', seed: 1 }, { task_id: 'order-pages-slow-v1', seed: 0 }], repeats: 1 },
        { source, store, outDir: join(dir, 'out'), concurrency: 2, now: () => '2026-02-01T10:00:00.000Z' },
      )
    ).runId;
    runB = (await runEval({ agents: [agent('investigator')], episodes: [{ task_id: 'mobile-login-outage-v1', seed: 0 }], repeats: 1 }, { source, store, outDir: join(dir, 'out'), now: () => '2026-02-02T10:00:00.000Z' })).runId;
    episodes = store.episodes(runA);
  } finally {
    store.close();
  }
  const consoleDir = await buildConsole();
  server = await startServer({ consoleDir, runsDb: dbPath });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

function episode(agent: string, task: string, seed: number): EpisodeRow {
  const e = episodes.find((x) => x.agent === agent && x.task_id === task && x.seed === seed);
  if (!e) throw new Error(`no episode ${agent} ${task} ${seed}`);
  return e;
}

function flatten(criteria: CriterionResult[], depth = 0): { name: string; depth: number; points: number; reason: string }[] {
  return criteria.flatMap((c) => [{ name: c.name, depth, points: c.points, reason: c.reason }, ...flatten(c.children ?? [], depth + 1)]);
}

async function shownCriteria(page: Page) {
  return page.locator('[data-testid="grade-report"] table.criteria tbody tr').evaluateAll((rows) =>
    rows.map((r) => ({ name: r.getAttribute('data-criterion') ?? '', depth: Number(r.getAttribute('data-depth')), points: Number(r.getAttribute('data-points')), reason: r.querySelector('.reason')?.textContent ?? '' })),
  );
}

describe('console: runs and replay', () => {
  it('lists runs, shows a run with its agents side by side, and replays an episode step by step', async () => {
    const page = await browser.context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${server.url}/web/#/runs`);
    await page.getByRole('heading', { name: 'Evaluation runs' }).waitFor();
    await page.locator('tr[data-run]').first().waitFor();
    expect(await page.locator('tr[data-run]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run')))).toEqual([runB, runA]);
    expect(await page.locator(`tr[data-run="${runA}"] td`).allInnerTexts()).toEqual(['', '2026-02-01 10:00', 'finished', 'investigator, quitter', 'checkout-errors-v1, order-pages-slow-v1', '6', expect.stringMatching(/^\d/)]);

    // Open the run: agents side by side, with the same figures the eval report computes.
    await page.getByRole('link', { name: runA }).click();
    await page.getByRole('heading', { name: `Run ${runA}` }).waitFor();
    const table = page.locator('[data-testid="agent-comparison"]');
    expect(await table.locator('thead th').allInnerTexts()).toEqual(['Measure', 'investigator', 'quitter']);
    const store = new RunStore(dbPath);
    const summary = reportForRuns(store, [runA]);
    store.close();
    const meanRow = await table.locator('tbody tr', { has: page.getByRole('rowheader', { name: 'Mean score', exact: true }) }).locator('td').allInnerTexts();
    expect(meanRow).toEqual(summary.overall.map((g) => g.mean_score.toFixed(3)));
    expect(await page.locator('section', { has: page.getByRole('heading', { name: 'Episodes' }) }).locator('tbody tr').count()).toBe(6);
    if (TAKE_SCREENSHOTS) {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: screenshotPath('console-runs.png') });
    }
    await page.setViewportSize({ width: 420, height: 800 });
    expect(await sidewaysOverflow(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });

    // Replay one episode from the run page.
    const target = episode('investigator', 'checkout-errors-v1', 0);
    const trajectory = readTrajectoryFile(target.trajectory_path);
    const turns = trajectory.steps.length;
    await page.getByRole('link', { name: 'Replay investigator on checkout-errors-v1 seed 0 repeat 0' }).click();
    await page.getByRole('heading', { name: 'investigator on checkout-errors-v1 seed 0' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('replay-title');
    expect(await page.locator('[data-testid="replay-position"]').innerText()).toBe(`Reset of ${turns}`);
    expect(await page.locator('[data-field="final-score"]').innerText()).toBe(String(Math.round(target.score * 10_000) / 10_000));
    expect(await page.locator('.reward-chart canvas').getAttribute('aria-label')).toBe(`Reward per step and cumulative reward over ${turns} steps; total ${Math.round(target.total_reward * 10_000) / 10_000}.`);
    expect(await page.locator('[data-field="now"]').innerText()).toBe('02:16 UTC (T+6)');

    // Step with the keyboard: the slider moves one turn per arrow key; the frame shows that turn's action and reward.
    const slider = page.getByRole('slider');
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.locator('[data-testid="replay-position"]').innerText()).toBe(`Step 1 of ${turns}`);
    expect(await page.locator('[data-field="step-action"]').innerText()).toBe('list_services');
    await page.getByRole('tab', { name: 'Service map' }).click();
    await page.locator('g.node[data-service="payments-db"]').waitFor();
    expect(await page.locator('g.node').count()).toBe(12);
    await page.getByRole('button', { name: 'Next step' }).press('Enter');
    expect(await page.locator('[data-testid="replay-position"]').innerText()).toBe(`Step 2 of ${turns}`);
    const reward = trajectory.steps[1]?.reward ?? 0;
    const rounded = String(Math.round(reward * 10_000) / 10_000);
    expect(await page.locator('[data-field="step-reward"]').innerText()).toBe(reward > 0 ? `+${rounded}` : rounded);
    if (TAKE_SCREENSHOTS) {
      for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Next step' }).click();
      await page.getByRole('tab', { name: 'Service map' }).click();
      await page.evaluate(() => window.scrollTo(0, (document.getElementById('replay-title')?.closest('section')?.offsetTop ?? 0) - 12));
      await page.screenshot({ path: screenshotPath('console-replay.png') });
    }
    await slider.focus();
    await page.keyboard.press('End');
    expect(await page.locator('[data-testid="replay-position"]').innerText()).toBe(`Step ${turns} of ${turns}`);
    expect(await page.locator('[data-field="step-action"]').innerText()).toMatch(/^resolve/);

    // The final grade is the stored report, criterion by criterion.
    expect(await shownCriteria(page)).toEqual(flatten((target.report?.criteria ?? []) as CriterionResult[]));
    await page.setViewportSize({ width: 420, height: 800 });
    expect(await sidewaysOverflow(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('replays a JSONL trajectory file, refuses a broken one, and copes with a trajectory file that is gone', async () => {
    const page = await browser.context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${server.url}/web/#/replay`);
    const quitter = episode('quitter', 'checkout-errors-v1', 1);
    await page.getByLabel(/^Trajectory file/).setInputFiles(quitter.trajectory_path);
    const name = basename(quitter.trajectory_path);
    await page.getByRole('heading', { name }).waitFor();
    expect(await page.locator('[data-testid="replay-position"]').innerText()).toBe(`Reset of ${quitter.turns}`);
    expect(await shownCriteria(page)).toEqual(flatten((quitter.report?.criteria ?? []) as CriterionResult[]));

    const broken = join(dir, 'broken.jsonl');
    writeFileSync(broken, '{"type":"header"}\nnot json\n');
    await page.getByLabel(/^Trajectory file/).setInputFiles(broken);
    expect(await page.getByRole('alert').innerText()).toBe('broken.jsonl line 1: format: Invalid input: expected "firedrill-trajectory".');

    // Without its file, an episode still replays its stored actions and rewards.
    const gone = episode('quitter', 'order-pages-slow-v1', 0);
    unlinkSync(gone.trajectory_path);
    await page.goto(`${server.url}/web/#/replay?run=${runA}&agent=quitter&task=order-pages-slow-v1&seed=0&repeat=0`);
    await page.getByRole('heading', { name: 'quitter on order-pages-slow-v1 seed 0' }).waitFor();
    expect(await page.getByText('The trajectory file of this episode is gone').count()).toBe(1);
    await page.getByRole('button', { name: 'Last step' }).click();
    expect(await page.locator('[data-testid="replay-position"]').innerText()).toBe(`Step ${gone.turns} of ${gone.turns}`);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('compares two runs: an agent of both runs appears once per run', async () => {
    const page = await browser.context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${server.url}/web/#/runs`);
    await page.getByLabel(`Choose ${runA} for comparison`).check();
    await page.getByLabel(`Choose ${runB} for comparison`).check();
    await page.getByRole('link', { name: 'Compare 2 chosen runs' }).click();
    await page.getByRole('heading', { name: 'Comparing 2 runs' }).waitFor();
    expect(await page.locator('[data-testid="agent-comparison"] thead th').allInnerTexts()).toEqual(['Measure', `investigator@${runA}`, 'quitter', `investigator@${runB}`]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
