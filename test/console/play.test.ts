import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { CriterionResult, GradeReport } from '../../src/contracts/index.js';
import { Environment } from '../../src/env/environment.js';
import { createDefaultRegistry } from '../../src/cli/default-registry.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { buildConsole, launchBrowser, sidewaysOverflow, screenshotPath, TAKE_SCREENSHOTS, watchProblems } from './console-harness.js';

let server: TestServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  const consoleDir = await buildConsole();
  server = await startServer({ consoleDir });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Waits until the status line reports the given step (every action is one step). */
async function stepDone(page: Page, step: number): Promise<void> {
  try {
    await page.locator('[data-testid="action-status"]', { hasText: new RegExp(`^Step ${step}\\b`) }).waitFor({ timeout: 10_000 });
  } catch (err) {
    const status = await page.locator('[data-testid="action-status"]').innerText();
    const alerts = await page.locator('[role="alert"]').allInnerTexts();
    throw new Error(`step ${step} did not finish; status: ${status}; alerts: ${alerts.join(' | ')}`, { cause: err });
  }
}

/** The triage an on-call engineer would give seed 0 of checkout-errors-v1 once they know the payments volume filled up. */
function triageOf(service: string): { severity: string; role: string } {
  if (service === 'payments-db') return { severity: 'P1', role: 'root_cause' };
  if (service === 'analytics-worker') return { severity: 'P3', role: 'unrelated' };
  return { severity: 'P2', role: 'symptom' };
}

function flatten(criteria: CriterionResult[], depth = 0): { name: string; depth: number; weight: number; score: number; points: number; reason: string }[] {
  return criteria.flatMap((c) => [{ name: c.name, depth, weight: c.weight, score: c.score, points: c.points, reason: c.reason }, ...flatten(c.children ?? [], depth + 1)]);
}

describe('console: play a native incident in the browser', () => {
  it('mitigates checkout-errors-v1 seed 0 by clicks and keystrokes, and shows exactly the server\'s grade report', async () => {
    const page = await browser.context.newPage();
    const problems = watchProblems(page);

    // A browser asking for / lands on the console.
    await page.goto(`${server.url}/`);
    expect(new URL(page.url()).pathname).toBe('/web/');
    await expect(page.title()).resolves.toBe('Play · Firedrill console');

    // Keyboard: the skip link, the three views, then the task picker, in that order, each with a visible focus ring.
    const order: string[] = [];
    for (let i = 0; i < 9; i++) {
      await page.keyboard.press('Tab');
      order.push(
        await page.evaluate(() => {
          const el = document.activeElement as HTMLElement;
          const style = getComputedStyle(el);
          const visible = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
          const labelled = (el as HTMLInputElement).labels?.[0]?.textContent;
          return `${el.tagName.toLowerCase()}:${(el.getAttribute('aria-label') ?? labelled ?? el.textContent ?? '').trim()}${visible ? '' : ' (no focus ring)'}`;
        }),
      );
    }
    expect(order).toEqual(['a:Skip to content', 'a:Play', 'a:Replay', 'a:Runs', 'a:API docs', 'select:Task', 'input:Seed', 'select:Reward profile', 'button:Start incident']);

    // Choose the task and seed with the keyboard and start with Enter.
    await page.locator('#task').selectOption('checkout-errors-v1');
    await page.locator('#seed').fill('0');
    await page.locator('#seed').press('Enter');
    await page.getByRole('heading', { level: 2, name: 'Checkout 5xx rate above 20%' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('incident-title');
    expect(await page.locator('[data-field="now"]').innerText()).toBe('02:16 UTC (T+6)');
    expect(await page.locator('[data-field="step"]').innerText()).toBe('0 / 40');
    const session = await page.locator('[data-field="session"]').innerText();
    expect(session).toMatch(/^[0-9a-f-]{36}$/);
    const alertIds = await page.locator('li[data-alert]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-alert') ?? ''));
    expect(alertIds).toHaveLength(14);

    // Map: list the services and check their health.
    let step = 0;
    await page.getByRole('button', { name: 'List services' }).click();
    await stepDone(page, ++step);
    await page.getByRole('button', { name: 'Verify all health' }).click();
    await stepDone(page, ++step);
    await page.locator('g.node[data-service="payments-db"]').waitFor();
    expect(await page.locator('g.node').count()).toBe(12);
    expect(await page.locator('path.edge').count()).toBe(13);
    // Coloured exactly as monitoring reported: the same two actions in process give the same health per service.
    const env = new Environment(createDefaultRegistry());
    env.reset({ task_id: 'checkout-errors-v1', seed: 0 });
    env.step({ action_type: 'list_services' });
    const checked = env.step({ action_type: 'verify_health' }).observation['result'] as { services: { name: string; health: string }[] };
    const shownHealth = await page.locator('g.node').evaluateAll((ns) => Object.fromEntries(ns.map((n) => [n.getAttribute('data-service'), n.getAttribute('data-health')])));
    expect(shownHealth).toEqual(Object.fromEntries(checked.services.map((s) => [s.name, s.health])));
    expect(new Set(Object.values(shownHealth))).toEqual(new Set(['healthy', 'degraded', 'down']));

    // Select payments-db on the map with the keyboard and read its metrics and logs.
    // Tab walks the map left to right, layer by layer.
    const placed = await page.locator('g.node').evaluateAll((ns) =>
      ns.map((n) => {
        const m = /translate\(([\d.]+) ([\d.]+)\)/.exec(n.getAttribute('transform') ?? '');
        return { id: n.getAttribute('data-service') ?? '', x: Number(m?.[1]), y: Number(m?.[2]) };
      }),
    );
    expect(placed).toEqual([...placed].sort((a, b) => a.x - b.x || a.y - b.y));
    expect(placed[0]?.id).toBe('storefront-gateway');
    const before = placed[placed.findIndex((n) => n.id === 'payments-db') - 1]?.id ?? '';
    await page.locator(`g.node[data-service="${before}"]`).focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-service'))).toBe('payments-db');
    expect(await page.locator('g.node[data-service="payments-db"] rect').evaluate((r) => getComputedStyle(r).stroke)).toBe('rgb(194, 65, 12)');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 3, name: /^payments-db/ }).waitFor();
    await page.getByRole('group', { name: 'Actions on payments-db' }).getByRole('button', { name: 'Query metrics' }).click();
    await stepDone(page, ++step);
    await page.getByRole('group', { name: 'Actions on payments-db' }).getByRole('button', { name: 'Read logs' }).click();
    await stepDone(page, ++step);
    await page.getByRole('tab', { name: 'Service map' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { name: /^Metrics/ }).getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('figure.metric').evaluateAll((fs) => fs.map((f) => f.getAttribute('data-metric')))).toEqual([
      'cpu_pct',
      'memory_pct',
      'disk_pct',
      'pool_pct',
      'latency_p50_ms',
      'latency_p99_ms',
      'error_rate_pct',
      'throughput_rps',
      'queue_depth',
      'replica_lag_s',
    ]);
    expect(await page.locator('figure[data-metric="disk_pct"] canvas').getAttribute('aria-label')).toMatch(/^disk_pct of payments-db in % from T-20 to T\+8: now \d+\.\d, baseline 60\.0, rising\.$/);
    await page.keyboard.press('ArrowRight');
    expect(await page.locator('[data-testid="log-count"]').innerText()).toMatch(/^20 of 20 lines shown \(\d+ matched at T\+9\)$/);
    await page.getByLabel('Filter shown lines').fill('No space left');
    const filtered = await page.locator('table.log-table tbody tr').count();
    expect(await page.locator('[data-testid="log-count"]').innerText()).toMatch(new RegExp(`^${filtered} of 20 lines shown`));
    expect(filtered).toBeLessThan(20);

    // Triage every alert from its row: priority and role by keyboard, then Enter on Classify.
    for (const id of alertIds) {
      const row = page.locator(`li[data-alert="${id}"]`);
      const service = (await row.getAttribute('data-service')) ?? '';
      const t = triageOf(service);
      await row.getByLabel(`Priority of alert ${id}`).selectOption(t.severity);
      await row.getByLabel(`Role of alert ${id}`).selectOption(t.role);
      await row.getByRole('button', { name: `Classify alert ${id}` }).press('Enter');
      await stepDone(page, ++step);
      expect(await row.locator('[data-classified]').getAttribute('data-classified')).toBe(`${t.severity} ${t.role}`);
    }

    if (TAKE_SCREENSHOTS) {
      await page.getByRole('tab', { name: /^Metrics/ }).click();
      await page.evaluate(() => {
        document.querySelector('.alert-list')?.scrollTo(0, 0);
        window.scrollTo(0, (document.getElementById('incident-title')?.closest('section')?.offsetTop ?? 0) - 12);
      });
      await page.screenshot({ path: screenshotPath('console-play.png') });
    }

    // The action form validates before sending: apply_fix without a service is refused in the browser.
    const form = page.locator('form.action-form');
    await page.locator('#action-type').selectOption('apply_fix');
    await form.getByRole('button', { name: 'Send apply_fix' }).click();
    expect(await form.locator('.field-error').allInnerTexts()).toEqual(['Service is required', 'Fix is required', '2 fields need attention.']);
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe('service');
    expect(await page.locator('[data-field="step"]').innerText()).toBe(`${step} / 40`);

    // Diagnose, then fix: typed in and sent with Enter.
    await page.locator('#action-type').selectOption('diagnose');
    await form.getByLabel(/^Service/).fill('payments-db');
    await form.getByLabel(/^Fault/).selectOption('disk_full');
    await form.getByLabel(/^Service/).press('Enter');
    await stepDone(page, ++step);
    await page.locator('#action-type').selectOption('apply_fix');
    await form.getByLabel(/^Service/).fill('payments-db');
    await form.getByLabel(/^Fix/).selectOption('clear_disk');
    await form.getByLabel(/^Service/).press('Enter');
    await stepDone(page, ++step);
    expect(await page.locator('[data-testid="action-status"]').innerText()).toMatch(/apply_fix\(service=payments-db, fix=clear_disk\) — payments-db: removed archived WAL segments/);

    // Wait six minutes, then check the map turns green.
    await page.locator('#action-type').selectOption('wait');
    await form.getByLabel(/^Minutes/).fill('6');
    await form.getByLabel(/^Minutes/).press('Enter');
    await stepDone(page, ++step);
    await page.getByRole('tab', { name: 'Service map' }).click();
    await page.getByRole('button', { name: 'Verify all health' }).click();
    await stepDone(page, ++step);
    expect(await page.locator('g.node').evaluateAll((ns) => ns.map((n) => n.getAttribute('data-health')))).toEqual(Array(12).fill('healthy'));

    // Postmortem: draft the timeline from the episode, write the rest.
    const pm = page.locator('form.postmortem');
    await pm.getByRole('button', { name: 'Draft the timeline from this episode' }).click();
    expect(await pm.getByLabel(/^Timeline/).inputValue()).toBe('T+0 incident onset (2026-03-14T02:10:00Z).\nT+10 diagnosed payments-db: disk_full.\nT+10 applied clear_disk to payments-db.\nT+20 verified every service healthy.');
    await pm.getByLabel(/^Root cause/).first().fill('The payments-db data volume filled up (disk full): writes failed with "No space left on device", the payment pool exhausted and checkout returned 5xx.');
    await pm.getByLabel(/^Impact/).fill('Checkout failed for customers for about ten minutes; gateway error rate near 12%.');
    await pm.getByLabel(/^Action items/).fill('Alert on payments-db volume growth; automate WAL archive cleanup.');
    await pm.getByLabel(/^Prevention/).fill('Retention policy for WAL archives and backups; capacity review of payments-db.');
    await pm.getByRole('button', { name: 'Record the postmortem' }).click();
    await stepDone(page, ++step);

    await page.locator('#action-type').selectOption('resolve');
    await form.getByLabel(/^Summary/).fill('Cleared the payments-db volume; checkout recovered.');
    await form.getByRole('button', { name: 'Send resolve' }).click();
    await stepDone(page, ++step);

    // The grade report is shown, focused, and equal to the server's.
    const grade = page.locator('[data-testid="grade-report"]');
    await grade.waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('grade-heading');
    const res = await fetch(`${server.url}/report`, { headers: { 'x-session-id': session } });
    const report = (await res.json()) as GradeReport;
    expect(report.success).toBe(true);
    expect(report.ground_truth['mitigated']).toBe(true);
    expect(Number(await grade.getAttribute('data-score'))).toBe(report.score);
    expect(await grade.getAttribute('data-success')).toBe(String(report.success));
    const shown = await grade.locator('table.criteria tbody tr').evaluateAll((rows) =>
      rows.map((r) => ({
        name: r.getAttribute('data-criterion') ?? '',
        depth: Number(r.getAttribute('data-depth')),
        weight: Number(r.getAttribute('data-weight')),
        score: Number(r.getAttribute('data-score')),
        points: Number(r.getAttribute('data-points')),
        reason: r.querySelector('.reason')?.textContent ?? '',
      })),
    );
    expect(shown).toEqual(flatten(report.criteria as CriterionResult[]));
    expect(await grade.locator('[data-field="score"]').innerText()).toBe(String(Math.round(report.score * 10_000) / 10_000));
    expect(await grade.locator('[data-truth="roots"]').innerText()).toBe('payments-db: disk_full');
    expect(await grade.locator('[data-truth="remedies"]').innerText()).toBe('clear_disk on payments-db');
    expect(await grade.locator('table.penalties').count()).toBe(report.penalties.length > 0 ? 1 : 0);
    expect(report.steps).toBe(step);

    // Narrow window: the page itself never scrolls sideways; wide tables scroll in their own regions.
    await page.setViewportSize({ width: 420, height: 800 });
    expect(await sidewaysOverflow(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
