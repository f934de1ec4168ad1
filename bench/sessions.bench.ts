/**
 * Memory per session (DESIGN §10: ≤ 100 KB per idle session; 10,000 concurrent sessions in one process).
 * Opens 10,000 HTTP sessions in the server's session store and resets each (a different seed each), then
 * reports the retained heap per session after a full GC.
 *   npm run bench:sessions [-- --sessions 10000 --task <id>]
 */
import { createApp } from '../dist/server/index.js';
import { benchRegistry } from './support/task.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench:sessions does)');

const N = Number(arg('sessions', '10000'));
const registry = benchRegistry();
const task = arg('task', registry.ids()[0]!);
const app = createApp({ registry, sessions: { maxSessions: N + 1, idleTimeoutMs: null } });
await app.ready();
const { store, episodes } = app.firedrill;

function heap(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
}

const base = heap();
const baseRss = process.memoryUsage().rss;
const empty = Array.from({ length: N }, () => store.create('http'));
const emptyHeap = heap();
const start = performance.now();
empty.forEach((session, i) => episodes.reset(session, { task_id: task, seed: i }));
const resetMs = performance.now() - start;
const fullHeap = heap();
const rss = process.memoryUsage().rss;

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
console.log(`Sessions benchmark: ${N} HTTP sessions, task ${task}\n`);
console.log(`| measure | value |\n|---|---|`);
console.log(`| heap per open session, before reset | ${kb((emptyHeap - base) / N)} KB |`);
console.log(`| heap per session after reset (idle episode) | ${kb((fullHeap - base) / N)} KB |`);
console.log(`| heap for all ${N} sessions | ${((fullHeap - base) / 2 ** 20).toFixed(1)} MB |`);
console.log(`| RSS growth | ${((rss - baseRss) / 2 ** 20).toFixed(1)} MB |`);
console.log(`| resets/s while filling | ${((N / resetMs) * 1000).toFixed(0)} |`);
console.log(`| sessions open at the end | ${store.count('http')} |`);
console.log(`\nbudget ≤ 100 KB per idle session: ${(fullHeap - base) / N / 1024 <= 100 ? 'met' : 'NOT met'}`);
await app.close();
