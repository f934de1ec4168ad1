import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { LlmAgent } from '../src/agents/llm/llm-agent.js';
import { inProcessSource } from '../src/eval/in-process-env.js';
import { renderHtml } from '../src/eval/report/html.js';
import { summarise } from '../src/eval/report/summary.js';
import { runEval } from '../src/eval/runner.js';
import { RunStore } from '../src/eval/store.js';
import { outagePolicy, startFakeOpenAiServer } from './fixtures/fake-openai-server.js';
import { FixtureAgent } from './fixtures/fixture-agent.js';
import { createFixtureRegistry } from './fixtures/fixture-engine.js';

const CHROMIUM = '/usr/bin/chromium';
let dir = '';
let htmlPath = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'firedrill-report-'));
  const store = new RunStore(join(dir, 'runs.db'));
  const server = await startFakeOpenAiServer(outagePolicy());
  try {
    const r = await runEval(
      {
        agents: [
          { label: 'fixture-investigator', name: 'fixture', options: {}, create: () => new FixtureAgent() },
          { label: 'llm:fake', name: 'llm', options: {}, create: () => new LlmAgent({ baseUrl: server.url, model: 'fake', apiKey: 'k', priceInputPerM: 1, priceOutputPerM: 2 }) },
        ],
        episodes: ['fixture-outage', 'fixture-outage-hard'].flatMap((task_id) => [0, 1, 2].map((seed) => ({ task_id, seed }))),
        repeats: 2,
      },
      { source: inProcessSource(createFixtureRegistry()), store, outDir: join(dir, 'out'), concurrency: 2 },
    );
    htmlPath = join(dir, 'report.html');
    writeFileSync(htmlPath, renderHtml(summarise(store.episodes(r.runId))));
  } finally {
    store.close();
    await server.close();
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('HTML report in a real browser', () => {
  it('renders every chart with visible bars and no console errors', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });

      expect(await page.title()).toBe('Firedrill evaluation report');
      expect(await page.locator('svg.chart-agents').count()).toBe(1);
      expect(await page.locator('svg.chart-tasks').count()).toBe(1);
      expect(await page.locator('svg.chart-distribution').count()).toBe(2);
      expect(await page.locator('svg.chart-criteria').count()).toBe(2);

      // Agent comparison: one bar per agent, widths proportional to the mean score.
      const agentBars = page.locator('svg.chart-agents rect.bar');
      expect(await agentBars.count()).toBe(2);
      const boxes = await Promise.all([0, 1].map((i) => agentBars.nth(i).boundingBox()));
      const values = await Promise.all([0, 1].map(async (i) => Number(await agentBars.nth(i).getAttribute('data-value'))));
      expect(boxes.every((b) => b !== null && b.width > 50 && b.height > 5)).toBe(true);
      expect((boxes[0]?.width ?? 0) / (boxes[1]?.width ?? 1)).toBeCloseTo((values[0] ?? 0) / (values[1] ?? 1), 1);

      // Every bar of every chart is laid out with a visible size.
      const sizes = await page.locator('svg.chart rect.bar').evaluateAll((els) =>
        els.map((e) => {
          const r = e.getBoundingClientRect();
          return { value: Number(e.getAttribute('data-value')), width: r.width, height: r.height };
        }),
      );
      expect(sizes.length).toBeGreaterThan(10);
      expect(sizes.filter((s) => s.value > 0).every((s) => s.width > 0 && s.height > 0)).toBe(true);

      // Distribution: each task's histogram counts all 12 of its episodes (2 agents × 3 seeds × 2 repeats).
      const counts = await page.locator('svg.chart-distribution').evaluateAll((svgs) => svgs.map((s) => [...s.querySelectorAll('rect.bar')].reduce((a, r) => a + Number(r.getAttribute('data-value')), 0)));
      expect(counts).toEqual([12, 12]);

      // Criteria: 3 criteria × 2 agents per task.
      expect(await page.locator('svg.chart-criteria').first().locator('rect.bar').count()).toBe(6);
      expect(await page.locator('table tbody tr').count()).toBe(6);

      expect(requests).toEqual([pathToFileURL(htmlPath).href]);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
