/**
 * WebSocket /ws steps: steps/s and p50/p99 latency at 1 and 64 connections, next to a bare node:http JSON echo
 * (and a bare `ws` echo) measured in the same run (DESIGN §10: WebSocket faster than HTTP).
 *   npm run bench:ws [-- --seconds 5 --warmup 1.5 --connections 1,64]
 */
import { BENCH_ACTION, BENCH_TASK } from './support/task.js';
import { benchArgs, type Connection, httpPoster, type Measurement, measure, table, wsRequester } from './support/load.js';
import { startChild } from './support/servers.js';

const { durationMs, warmupMs, connections } = benchArgs();
const echo = await startChild('ws-echo');
const firedrill = await startChild('firedrill');

async function httpEchoConnection(): Promise<Connection> {
  const poster = httpPoster(echo.port);
  return { once: async () => void (await poster.post('/step', { action: BENCH_ACTION })), close: poster.close };
}

async function wsEchoConnection(): Promise<Connection> {
  const ws = await wsRequester(`ws://127.0.0.1:${echo.port}/`);
  return { once: async () => void (await ws.request({ type: 'step', data: BENCH_ACTION })), close: ws.close };
}

async function stepConnection(): Promise<Connection> {
  const ws = await wsRequester(`ws://127.0.0.1:${firedrill.port}/ws`);
  const reset = { type: 'reset', data: { task_id: BENCH_TASK, seed: 1 } };
  await ws.request(reset);
  return {
    async once() {
      const reply = await ws.request({ type: 'step', data: BENCH_ACTION });
      if (reply['type'] !== 'observation') throw new Error(JSON.stringify(reply).slice(0, 200));
      if ((reply['data'] as { done?: boolean }).done === true) await ws.request(reset);
    },
    close: ws.close,
  };
}

const rows: Measurement[] = [];
for (const n of connections) {
  rows.push(await measure('node:http echo', await Promise.all(Array.from({ length: n }, httpEchoConnection)), durationMs, warmupMs));
  rows.push(await measure('ws echo', await Promise.all(Array.from({ length: n }, wsEchoConnection)), durationMs, warmupMs));
  rows.push(await measure('firedrill /ws step', await Promise.all(Array.from({ length: n }, stepConnection)), durationMs, warmupMs));
}
await Promise.all([echo.stop(), firedrill.stop()]);

console.log(`WebSocket benchmark: task ${BENCH_TASK}, action ${JSON.stringify(BENCH_ACTION)}, ${durationMs / 1000} s per row after ${warmupMs / 1000} s warm-up\n`);
console.log(table(rows));
for (const n of connections) {
  const [httpEcho, , f] = rows.filter((r) => r.connections === n);
  console.log(`ratio at ${n} connection${n === 1 ? '' : 's'}: firedrill /ws / node:http echo = ${((f!.perSecond / httpEcho!.perSecond) * 100).toFixed(1)}%`);
}
