/**
 * HTTP keep-alive POST /step: steps/s and p50/p99 latency at 1 and 64 connections, next to a bare node:http
 * JSON echo measured in the same run (DESIGN §10: ≥ 40% of the echo; p99 ≤ 5 ms at 64 connections).
 *   npm run bench:http [-- --seconds 5 --warmup 1.5 --connections 1,64]
 */
import { BENCH_ACTION, BENCH_TASK } from './support/task.js';
import { benchArgs, type Connection, httpPoster, type Measurement, measure, table } from './support/load.js';
import { startChild } from './support/servers.js';

const { durationMs, warmupMs, connections } = benchArgs();
const echo = await startChild('echo');
const firedrill = await startChild('firedrill');

async function echoConnection(): Promise<Connection> {
  const poster = httpPoster(echo.port);
  return { once: async () => void (await poster.post('/step', { action: BENCH_ACTION })), close: poster.close };
}

async function stepConnection(): Promise<Connection> {
  const poster = httpPoster(firedrill.port);
  const reset = await poster.post('/reset', { task_id: BENCH_TASK, seed: 1 }, { 'x-session-id': 'new' });
  const session = String(reset.headers['x-session-id']);
  const headers = { 'x-session-id': session };
  return {
    async once() {
      const res = await poster.post('/step', { action: BENCH_ACTION }, headers);
      if (res.body['done'] === true) await poster.post('/reset', { task_id: BENCH_TASK, seed: 1 }, headers);
    },
    close: poster.close,
  };
}

const rows: Measurement[] = [];
for (const n of connections) {
  rows.push(await measure('node:http echo', await Promise.all(Array.from({ length: n }, echoConnection)), durationMs, warmupMs));
  rows.push(await measure('firedrill POST /step', await Promise.all(Array.from({ length: n }, stepConnection)), durationMs, warmupMs));
}
await Promise.all([echo.stop(), firedrill.stop()]);

console.log(`HTTP benchmark: task ${BENCH_TASK}, action ${JSON.stringify(BENCH_ACTION)}, ${durationMs / 1000} s per row after ${warmupMs / 1000} s warm-up\n`);
console.log(table(rows));
for (const n of connections) {
  const [e, f] = rows.filter((r) => r.connections === n);
  console.log(`ratio at ${n} connection${n === 1 ? '' : 's'}: firedrill / echo = ${((f!.perSecond / e!.perSecond) * 100).toFixed(1)}%`);
}
