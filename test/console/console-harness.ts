import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { build } from 'vite';

export const CHROMIUM = '/usr/bin/chromium';
export const WEB = resolve(__dirname, '..', '..', 'web');
export const SCREENSHOTS = resolve(__dirname, '..', '..', 'docs', 'img');
/** Set FIREDRILL_SCREENSHOTS=1 to rewrite docs/img/console-*.png from the tests. */
export const TAKE_SCREENSHOTS = process.env['FIREDRILL_SCREENSHOTS'] === '1';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/**
 * The console built from the current sources into a temporary directory (shared by the test files of one source
 * state), so the tests never run against a stale web/dist.
 */
export async function buildConsole(): Promise<string> {
  const inputs = [join(WEB, 'index.html'), join(WEB, 'vite.config.ts'), ...files(join(WEB, 'src')).filter((f) => !f.endsWith('.test.ts'))].sort();
  const hash = createHash('sha256');
  for (const f of inputs) hash.update(relative(WEB, f)).update('\0').update(readFileSync(f)).update('\0');
  const out = join(tmpdir(), `firedrill-console-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(join(out, 'index.html'))) return out;
  const staging = mkdtempSync(`${out}-staging-`);
  await build({ root: WEB, configFile: join(WEB, 'vite.config.ts'), logLevel: 'error', build: { outDir: staging, emptyOutDir: true } });
  try {
    renameSync(staging, out);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another test file built the same sources first
  }
  return out;
}

/** Debian's Chromium, headless, with a fresh profile. */
export async function launchBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'firedrill-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1280, height: 800 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Console errors, page errors, failed requests and HTTP errors a page runs into. */
export function watchProblems(page: Page, allowHttp: (url: string, status: number) => boolean = () => false): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && !allowHttp(r.url(), r.status())) problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  return problems;
}

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, name);
}

/**
 * What makes the page scroll sideways: the outermost elements reaching past the window's right edge (wide content
 * must scroll inside its own region instead). Empty when the page fits.
 */
export async function sidewaysOverflow(page: Page): Promise<string[]> {
  // Charts follow their container a frame or two after a resize; give the layout a moment to settle.
  let found: string[] = [];
  for (let i = 0; i < 10; i++) {
    found = await overflowNow(page);
    if (found.length === 0) return found;
    await page.waitForTimeout(100);
  }
  return found;
}

function overflowNow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width + 1) return [];
    const out: string[] = [];
    const clipped = (el: Element): boolean => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) if (getComputedStyle(a).overflowX !== 'visible') return true;
      return false;
    };
    for (const el of document.querySelectorAll('body *')) {
      const parent = el.parentElement;
      if (el.getBoundingClientRect().right > width + 1 && parent && parent.getBoundingClientRect().right <= width + 1 && !clipped(el)) {
        out.push(`${parent.tagName.toLowerCase()}.${[...parent.classList].join('.')} > ${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
      }
    }
    return out.length > 0 ? out : [`(unknown: scrollWidth ${document.documentElement.scrollWidth}, body ${document.body.scrollWidth}, main ${document.querySelector('main')?.scrollWidth})`];
  });
}
