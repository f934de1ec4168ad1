#!/usr/bin/env node
// Oracle demonstration for OpenEnv validation: replays validation/runtime.json (the oracle's public actions on
// one incident) over one WebSocket session of a running server and prints the last reward. Exits 0 when that
// reward reaches the declared maximum minus oracle_tolerance (openenv.yaml), 1 otherwise.
//   node validation/oracle.mjs [base-url]   (default http://127.0.0.1:8000)
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import WebSocket from 'ws';

const here = dirname(fileURLToPath(import.meta.url));
const plan = JSON.parse(readFileSync(join(here, 'runtime.json'), 'utf8'));
const manifest = readFileSync(join(here, '..', 'openenv.yaml'), 'utf8');
const tolerance = Number(/oracle_tolerance:\s*([0-9.]+)/.exec(manifest)?.[1] ?? '0');
const max = Number(/range:\s*\[\s*[-0-9.]+\s*,\s*([-0-9.]+)\s*\]/.exec(manifest)?.[1] ?? '1');
const base = (process.argv[2] ?? 'http://127.0.0.1:8000').replace(/\/$/, '');

const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/ws`);
const replies = [];
const waiting = [];
ws.on('message', (data) => {
  const frame = JSON.parse(String(data));
  const next = waiting.shift();
  if (next) next(frame);
  else replies.push(frame);
});
const request = (message) =>
  new Promise((resolve) => {
    waiting.push(resolve);
    ws.send(JSON.stringify(message));
  });

ws.on('open', async () => {
  let frame = await request({ type: 'reset', data: { ...plan.reset.options, seed: plan.reset.seed, episode_id: plan.reset.episode_id } });
  for (const action of plan.actions) {
    if (frame.type !== 'observation' || frame.data.done === true) break;
    frame = await request({ type: 'step', data: action });
  }
  ws.send(JSON.stringify({ type: 'close' }));
  const reward = frame.type === 'observation' ? frame.data.reward : null;
  const ok = frame.type === 'observation' && frame.data.done === true && typeof reward === 'number' && reward >= max - tolerance;
  process.stdout.write(`${JSON.stringify({ oracle_reward: reward, done: frame.data?.done ?? null, max, oracle_tolerance: tolerance, pass: ok })}\n`);
  process.exitCode = ok ? 0 : 1;
});
ws.on('error', (err) => {
  process.stderr.write(`oracle: ${err.message}\n`);
  process.exitCode = 1;
});
