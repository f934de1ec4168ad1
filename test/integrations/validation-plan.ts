/**
 * The probe plan of validation/runtime.json: the oracle's actions on one incident, so the measured episode is the
 * oracle demonstration (its last reward is the oracle's score). Regenerate after a change to the incident or the
 * oracle with `npx tsx test/integrations/validation-plan.ts --write`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { oracleAgent } from '../../src/agents/reference/oracle.js';
import { runEpisode } from '../../src/agents/run-episode.js';
import { Environment } from '../../src/env/environment.js';
import { createDefaultRegistry } from '../../src/cli/default-registry.js';

export const PLAN_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'validation', 'runtime.json');
export const PLAN_TASK = 'checkout-errors-v1';
export const PLAN_SEED = 42;

export interface RuntimePlan {
  plan_schema_version: '1';
  reset: { episode_id: string; seed: number; options: Record<string, unknown> };
  actions: Record<string, unknown>[];
}

export async function oraclePlan(): Promise<RuntimePlan> {
  const env = new Environment(createDefaultRegistry());
  const like = {
    reset: async (o: unknown) => env.reset(o),
    step: async (a: unknown) => env.step(a),
    state: async () => env.state(),
    close: async () => {},
  };
  const trajectory = await runEpisode(like, oracleAgent(), {
    taskId: PLAN_TASK,
    seed: PLAN_SEED,
    resetOptions: { reward_profile: 'cumulative' },
    groundTruth: () => env.groundTruth(),
    clock: () => 0,
    startedAt: () => '1970-01-01T00:00:00.000Z',
  });
  return {
    plan_schema_version: '1',
    reset: { episode_id: 'firedrill-validation-probe', seed: PLAN_SEED, options: { task_id: PLAN_TASK, reward_profile: 'cumulative' } },
    actions: trajectory.steps.map((s) => s.action as Record<string, unknown>),
  };
}

export function committedPlan(): RuntimePlan {
  return JSON.parse(readFileSync(PLAN_PATH, 'utf8')) as RuntimePlan;
}

if (process.argv.includes('--write')) {
  void oraclePlan().then((plan) => writeFileSync(PLAN_PATH, `${JSON.stringify(plan, null, 2)}\n`));
}
