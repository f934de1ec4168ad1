import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createFixtureRegistry } from '../fixtures/fixture-engine.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { buildConsole, launchBrowser, sidewaysOverflow, watchProblems } from './console-harness.js';

let consoleDir = '';
let browser: Awaited<ReturnType<typeof launchBrowser>>;
const servers: TestServer[] = [];

beforeAll(async () => {
  consoleDir = await buildConsole();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  for (const s of servers) await s.close();
});

describe('console: tasks of other shapes, and servers with a token', () => {
  it('plays a compat task (free-text actions, its own observation) with the form generated from its schema', async () => {
    const server = await startServer({ consoleDir, registry: createFixtureRegistry() });
    servers.push(server);
    const page = await browser.context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${server.url}/web/`);
    await page.locator('#task').waitFor();
    expect(await page.locator('#task optgroup').evaluateAll((gs) => gs.map((g) => g.getAttribute('label')))).toEqual(['Native incidents', 'Compat: sre-incident-response', 'Compat: devops-incident-response']);
    await page.locator('#task').selectOption('fixture-text-sre');
    await page.locator('#seed').fill('3');
    await page.getByRole('button', { name: 'Start incident' }).press('Enter');
    await page.getByRole('heading', { name: 'fixture-text-sre seed 3' }).waitFor();
    expect(await page.locator('#action-type option').allTextContents()).toEqual(['diagnose', 'apply_fix', 'noop']);
    expect(await page.locator('.observation pre.json').innerText()).toContain('"message": "Incident opened."');

    const form = page.locator('form.action-form');
    await form.getByLabel(/^Value/).fill('x'.repeat(501));
    await form.getByLabel(/^Value/).press('Enter');
    expect(await form.locator('.field-error').first().innerText()).toBe('Value must be at most 500 characters');
    await form.getByLabel(/^Value/).fill('disk full on the db host');
    await form.getByLabel(/^Value/).press('Enter');
    await page.locator('[data-testid="action-status"]', { hasText: /^Step 1: diagnose\(value=disk full on the db host\) — Step 1: diagnose noted\. Reward \+0\.5\.$/ }).waitFor();
    await page.locator('#action-type').selectOption('apply_fix');
    await form.getByLabel(/^Value/).fill('clean old WAL files');
    await form.getByRole('button', { name: 'Send apply_fix' }).click();
    const grade = page.locator('[data-testid="grade-report"]');
    await grade.waitFor();
    expect(await grade.getAttribute('data-score')).toBe('0.95');
    expect(await grade.locator('table.criteria tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-criterion')))).toEqual(['root_cause', 'fix']);
    expect(await page.locator('[data-field="last-reward"]').innerText()).toBe('+0.95');
    await page.setViewportSize({ width: 420, height: 800 });
    expect(await sidewaysOverflow(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('asks for the token of a server with FIREDRILL_API_KEY, then works with it', async () => {
    const server = await startServer({ consoleDir, apiKey: 's3cret' });
    servers.push(server);
    const page = await browser.context.newPage();
    const problems = watchProblems(page, (url, status) => status === 401 && url.endsWith('/tasks'));
    await page.goto(`${server.url}/`, { waitUntil: 'load' });
    await page.getByRole('heading', { name: 'This server needs an API token' }).waitFor();
    await page.getByLabel('Bearer token (FIREDRILL_API_KEY)').fill('s3cret');
    await page.getByLabel('Bearer token (FIREDRILL_API_KEY)').press('Enter');
    await page.locator('#task option[value="checkout-errors-v1"]').waitFor({ state: 'attached' });
    expect(await page.getByRole('heading', { name: 'This server needs an API token' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Start incident' }).click();
    await page.getByRole('heading', { name: 'Checkout 5xx rate above 20%' }).waitFor();
    // The only complaints are the browser's own notes about the 401s that told the console to ask for the token.
    expect(problems.filter((p) => p !== 'console error: Failed to load resource: the server responded with a status of 401 (Unauthorized)')).toEqual([]);
    expect(problems.length).toBeGreaterThan(0);
    await page.close();
  });
});
