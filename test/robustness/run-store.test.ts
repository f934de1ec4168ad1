import { copyFileSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { RunStore } from '../../src/eval/store.js';
import { createApp, type FiredrillApp } from '../../src/server/index.js';
import { RunStoreReader, runRoutes } from '../../src/server/routes/runs.js';
import { testRegistry } from '../helpers/server.js';

/**
 * The run store is read-only to the server: a corrupt, truncated, newer-schema, failing or replaced store
 * answers 503 RUN_STORE_UNAVAILABLE (or the new file's runs) and never leaks a descriptor.
 */
const REQUESTS = 150;
let dir = '';

function openFds(): number {
  return readdirSync('/proc/self/fd').length;
}

function makeStore(path: string, runIds: string[]): void {
  const store = new RunStore(path);
  for (const id of runIds) store.openRun(id, { agents: [], episodes: [], repeats: 1, max_steps: null, source: 'test' }, join(dir, 'out'), '2026-01-01T00:00:00.000Z');
  store.close();
}

async function hammer(app: FiredrillApp, urls: string[]): Promise<{ statuses: Set<number>; codes: Set<string>; message: string; fdGrowth: number }> {
  await app.inject({ url: urls[0]! });
  const before = openFds();
  const statuses = new Set<number>();
  const codes = new Set<string>();
  let message = '';
  for (let i = 0; i < REQUESTS; i++) {
    const res = await app.inject({ url: urls[i % urls.length]! });
    statuses.add(res.statusCode);
    const body = res.json() as { error?: { code: string; message: string } };
    if (body.error) {
      codes.add(body.error.code);
      message = body.error.message;
    }
  }
  return { statuses, codes, message, fdGrowth: openFds() - before };
}

function appFor(path: string, reader?: RunStoreReader): FiredrillApp {
  return reader ? createApp({ registry: testRegistry(), plugins: [runRoutesPlugin(reader)] }) : createApp({ registry: testRegistry(), runsDb: path });
}

function runRoutesPlugin(reader: RunStoreReader) {
  // Served under a prefix so it does not clash with the app's own run routes.
  return async (app: FastifyInstance) => app.register(runRoutes(reader), { prefix: '/faulty' });
}

const URLS = ['/runs', '/runs/run-a', '/reports?runs=run-a'];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'firedrill-store-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an unusable run store', () => {
  it.each([
    ['corrupt', (p: string) => writeFileSync(p, Buffer.alloc(64 * 1024, 0x5a)), /is not a SQLite database/],
    ['truncated', (p: string) => truncateSync(p, Math.floor(statSync(p).size / 2)), /damaged|not a SQLite database|cannot be read/],
    ['newer-schema', (p: string) => {
      const db = new Database(p);
      db.pragma('user_version = 99');
      db.close();
    }, /schema version 99.*newer Firedrill/],
  ])('%s: 503 RUN_STORE_UNAVAILABLE on every request, no descriptor leak', async (name, damage, why) => {
    const path = join(dir, `${name}.db`);
    makeStore(path, ['run-a']);
    damage(path);
    const app = appFor(path);
    const result = await hammer(app, URLS);
    expect([...result.statuses]).toEqual([503]);
    expect([...result.codes]).toEqual(['RUN_STORE_UNAVAILABLE']);
    expect(result.message).toMatch(why);
    expect(result.message).toContain(path);
    expect(result.fdGrowth).toBeLessThanOrEqual(0);
    await app.close();
  });

  it('failures while reading (disk I/O error, disk full — injected, since a read-only reader on a full tmpfs rarely meets them) close the handle and answer 503', async () => {
    const path = join(dir, 'failing.db');
    makeStore(path, ['run-a']);
    let failing = 'SQLITE_IOERR';
    const opened: RunStore[] = [];
    const reader = new RunStoreReader(path, (p) => {
      const store = new RunStore(p, { readonly: true });
      opened.push(store);
      store.listRuns = () => {
        throw Object.assign(new Error(failing === 'SQLITE_FULL' ? 'database or disk is full' : 'disk I/O error'), { code: failing });
      };
      return store;
    });
    const app = appFor(path, reader);
    const before = openFds();
    for (const code of ['SQLITE_IOERR', 'SQLITE_FULL']) {
      failing = code;
      for (let i = 0; i < 50; i++) {
        const res = await app.inject({ url: '/faulty/runs' });
        expect(res.statusCode).toBe(503);
        expect((res.json() as { error: { message: string } }).error.message).toMatch(code === 'SQLITE_FULL' ? /disk is full/ : /disk I\/O error/);
      }
    }
    expect(opened.length).toBe(100);
    expect(opened.every((s) => !s.db.open)).toBe(true);
    expect(openFds() - before).toBeLessThanOrEqual(0);
    await app.close();
  });
});

/** A real full disk: a 256 KiB tmpfs, when this process may mount one (root in a container usually may). */
function mountTinyTmpfs(): string | null {
  const mountPoint = mkdtempSync(join(tmpdir(), 'firedrill-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mountPoint], { stdio: 'ignore' });
    return mountPoint;
  } catch {
    rmSync(mountPoint, { recursive: true, force: true });
    return null;
  }
}

describe('a store on a full disk', () => {
  const mountPoint = mountTinyTmpfs();
  afterAll(() => {
    if (mountPoint === null) return;
    execFileSync('umount', [mountPoint], { stdio: 'ignore' });
    rmSync(mountPoint, { recursive: true, force: true });
  });

  it.skipIf(mountPoint === null)('on a full tmpfs: every answer is 200 or 503 RUN_STORE_UNAVAILABLE, never 500, no descriptor leak', async () => {
    const path = join(mountPoint!, 'runs.db');
    makeStore(path, ['run-a']);
    // Fill the file system to the last byte.
    try {
      for (let i = 0; ; i++) writeFileSync(join(mountPoint!, `filler-${i}`), Buffer.alloc(4096));
    } catch (err) {
      expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
    }
    const app = appFor(path);
    const result = await hammer(app, URLS);
    expect([...result.statuses].every((s) => s === 200 || s === 503)).toBe(true);
    expect([...result.codes].every((c) => c === 'RUN_STORE_UNAVAILABLE')).toBe(true);
    expect(result.fdGrowth).toBeLessThanOrEqual(0);
    await app.close();
  });
});

describe('a usable run store', () => {
  it('is opened read-only: serving never writes the file, its journal mode or schema, nor creates side files', async () => {
    const path = join(dir, 'readonly.db');
    makeStore(path, ['run-a']);
    const db = new Database(path);
    db.pragma('journal_mode = DELETE');
    db.close();
    const bytes = readFileSync(path);
    const mtime = statSync(path).mtimeMs;
    const app = appFor(path);
    const result = await hammer(app, URLS);
    expect([...result.statuses]).toEqual([200]);
    await app.close();
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(statSync(path).mtimeMs).toBe(mtime);
    expect(readdirSync(dir).filter((f) => f.startsWith('readonly.db'))).toEqual(['readonly.db']);
    expect(result.fdGrowth).toBeLessThanOrEqual(0);
  });

  it('replaced on disk is reopened: the new file is served and the old handle closed', async () => {
    const path = join(dir, 'replaced.db');
    makeStore(path, ['run-a']);
    const app = appFor(path);
    const first = (await app.inject({ url: '/runs' })).json() as { runs: { id: string }[] };
    expect(first.runs.map((r) => r.id)).toEqual(['run-a']);
    const fds = openFds();
    const next = join(dir, 'next.db');
    makeStore(next, ['run-b']);
    renameSync(next, path);
    const second = (await app.inject({ url: '/runs' })).json() as { runs: { id: string }[] };
    expect(second.runs.map((r) => r.id)).toEqual(['run-b']);
    expect(openFds()).toBeLessThanOrEqual(fds);
    // Removed: "no store yet", the handle closed.
    rmSync(path);
    expect(((await app.inject({ url: '/runs' })).json() as { runs: unknown[] }).runs).toEqual([]);
    expect(openFds()).toBeLessThan(fds);
    // Restored from a copy: served again.
    makeStore(next, ['run-c']);
    copyFileSync(next, path);
    expect(((await app.inject({ url: '/runs' })).json() as { runs: { id: string }[] }).runs.map((r) => r.id)).toEqual(['run-c']);
    await app.close();
  });
});
