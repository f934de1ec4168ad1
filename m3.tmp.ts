import { createApp, listen } from './src/server/index.js';
import { createDefaultRegistry } from './src/env/tasks.js';
import { registerToyTasks } from './test/fixtures/toy-incident.js';
import { MAX_JSON_NODES } from './src/server/json-body.js';
import { SerialClient, loop } from './test/helpers/load.js';
function heaviestBody(limit: number): Buffer {
  const values = MAX_JSON_NODES - 4;
  const each = Math.floor((limit - 64) / values) - 3;
  const text = JSON.stringify({ action: { junk: Array.from({ length: values }, (_, i) => `${i}`.padEnd(each, 'x')) } });
  return Buffer.from(text.replace(/}}$/, `,"pad":"${'p'.repeat(Math.max(0, limit - Buffer.byteLength(text) - 10))}"}}`));
}
const app = createApp({ registry: registerToyTasks(createDefaultRegistry()) });
const running = await listen(app, { host: '127.0.0.1', port: 0 });
const good = new SerialClient(running.url);
const r = await good.request('POST', '/reset', { 'content-type': 'application/json', 'x-session-id': 'new' }, Buffer.from('{"task_id":"toy-small","seed":1}'));
const sid = String(r.headers['x-session-id']);
const step = Buffer.from('{"action":{"action_type":"list_services"}}');
const s1 = await good.request('POST', '/step', { 'content-type': 'application/json', 'x-session-id': sid }, step);
console.log('step status', s1.status, s1.text.slice(0, 150));
const heavy = heaviestBody(65536);
const attackers = Array.from({ length: 4 }, (_, i) => new SerialClient(running.url, `127.0.0.${i + 2}`));
const statuses: Record<number, number> = {};
for (let round = 0; round < 3; round++) {
  let end = performance.now() + 1000;
  let e0 = performance.eventLoopUtilization();
  const a = await loop(() => good.request('POST', '/step', { 'content-type': 'application/json', 'x-session-id': sid }, step), () => performance.now() > end);
  console.log('alone', a, performance.eventLoopUtilization(e0).utilization.toFixed(2));
  let on = true;
  const att = attackers.map((c) => loop(async () => { const x = await c.request('POST', '/step', { 'content-type': 'application/json' }, heavy); statuses[x.status] = (statuses[x.status] ?? 0) + 1; }, () => !on));
  end = performance.now() + 1000; e0 = performance.eventLoopUtilization();
  const b = await loop(() => good.request('POST', '/step', { 'content-type': 'application/json', 'x-session-id': sid }, step), () => performance.now() > end);
  on = false;
  const n = (await Promise.all(att)).reduce((x, y) => x + y, 0);
  console.log('loaded', b, 'attacks', n, performance.eventLoopUtilization(e0).utilization.toFixed(2), statuses);
}
await running.close();
