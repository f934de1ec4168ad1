import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { registerToyTasks } from '../../../test/fixtures/toy-incident.js';
import { createApp, type FiredrillApp } from '../app.js';
import type { AppDeps } from '../options.js';

const CHROME_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8';
let dir = '';
let app: FiredrillApp;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'firedrill-console-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Firedrill console</title>');
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await app.close();
});

function build(deps: Partial<AppDeps> = {}): FiredrillApp {
  app = createApp({ registry: registerToyTasks(), ...deps });
  return app;
}

describe('console static files', () => {
  it('serves index.html at /web/ (never cached) and hashed assets (cached for a year); /web redirects to /web/', async () => {
    build({ consoleDir: dir });
    const index = await app.inject({ url: '/web/' });
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.body).toBe('<!doctype html><title>Firedrill console</title>');
    const asset = await app.inject({ url: '/web/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.body).toBe('console.log(1)');
    const bare = await app.inject({ url: '/web' });
    expect(bare.statusCode).toBe(301);
    expect(bare.headers.location).toBe('/web/');
    const missing = await app.inject({ url: '/web/nope.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
  });

  it('sends a browser\'s GET / to /web/, and leaves API clients (JSON, */*, no Accept) with the 404 they always got', async () => {
    build({ consoleDir: dir });
    const browser = await app.inject({ url: '/', headers: { accept: CHROME_ACCEPT } });
    expect(browser.statusCode).toBe(302);
    expect(browser.headers.location).toBe('/web/');
    for (const accept of ['application/json', '*/*', 'application/json, text/html', 'text/html;q=0.5, application/json']) {
      const api = await app.inject({ url: '/', headers: { accept } });
      expect([accept, api.statusCode, api.json().error.code]).toEqual([accept, 404, 'NOT_FOUND']);
    }
    const none = await app.inject({ url: '/' });
    expect(none.statusCode).toBe(404);
    const post = await app.inject({ method: 'POST', url: '/', headers: { accept: CHROME_ACCEPT } });
    expect(post.statusCode).toBe(404);
  });

  it('without consoleDir there is no /web and no redirect', async () => {
    build();
    expect((await app.inject({ url: '/', headers: { accept: CHROME_ACCEPT } })).statusCode).toBe(404);
    expect((await app.inject({ url: '/web/' })).statusCode).toBe(404);
  });

  it('with an API key the static files stay public while the API needs the token', async () => {
    build({ consoleDir: dir, apiKey: 's3cret' });
    expect((await app.inject({ url: '/', headers: { accept: CHROME_ACCEPT } })).statusCode).toBe(302);
    expect((await app.inject({ url: '/web/' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/web/assets/index-abc123.js' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/tasks' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/runs' })).statusCode).toBe(401);
  });
});
