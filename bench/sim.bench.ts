/**
 * In-process simulation throughput (DESIGN §10): steps/s and resets/s on the 12-service incident.
 * Run: npm run bench:sim (measures the compiled build in dist/, as users run it).
 */
import { Environment } from '../dist/env/environment.js';
import { createDefaultRegistry } from '../dist/env/tasks.js';
import { Rng } from '../dist/lib/index.js';

const TASK = process.env['BENCH_TASK'] ?? 'checkout-errors-v1';
const registry = createDefaultRegistry();
const env = new Environment(registry);

function measureSteps(seconds: number): { steps: number; secs: number } {
  const rng = Rng.fromSeed(7);
  let steps = 0;
  const start = process.hrtime.bigint();
  let seed = 0;
  const budget = BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() - start < budget) {
    env.reset({ task_id: TASK, seed: seed++ });
    const engine = env.engine;
    if (!engine) throw new Error('no engine');
    for (let i = 0; i < 30; i++) {
      const action = engine.sampleAction(env.engineState, rng) as { action_type: string };
      if (action.action_type === 'resolve') continue;
      const r = env.step(action);
      steps += 1;
      if (r.done) break;
    }
  }
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  return { steps, secs };
}

function measureResets(seconds: number): { resets: number; secs: number } {
  let resets = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() - start < budget) {
    env.reset({ task_id: TASK, seed: resets });
    resets += 1;
  }
  return { resets, secs: Number(process.hrtime.bigint() - start) / 1e9 };
}

measureSteps(0.5);
const resets = measureResets(2);
const steps = measureSteps(4);
// Steps include their share of resets (one per ≤30 steps); report the step cost alone too.
const resetCost = resets.secs / resets.resets;
const episodes = Math.ceil(steps.steps / 30);
const stepOnlySecs = steps.secs - episodes * resetCost;
const out = {
  task: TASK,
  resets_per_s: Math.round(resets.resets / resets.secs),
  steps_per_s_including_resets: Math.round(steps.steps / steps.secs),
  steps_per_s: Math.round(steps.steps / Math.max(1e-9, stepOnlySecs)),
  budget: { steps_per_s: 20000, resets_per_s: 2000 },
  node: process.version,
  load_average_1m: Number((await import('node:os')).loadavg()[0]?.toFixed(2)),
};
console.log(JSON.stringify(out, null, 2));
console.log(`steps/s ${out.steps_per_s} (${(out.steps_per_s / 20000).toFixed(2)}× budget), resets/s ${out.resets_per_s} (${(out.resets_per_s / 2000).toFixed(2)}× budget)`);
