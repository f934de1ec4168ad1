/**
 * Firedrill from code, by its package name: one incident of the test split in process, the oracle-free way (a
 * reference agent), and its grade. In this repository `npx tsx examples/library/play.ts` resolves `firedrill` to
 * src/ (tsconfig paths); in a project that installed the package it resolves to dist/.
 */
import { createDefaultRegistry, Environment } from 'firedrill';
import { REFERENCE_AGENTS, runEpisode } from 'firedrill/agents';
import { TaskIndex } from 'firedrill/env';

const registry = createDefaultRegistry();
const spec = new TaskIndex(registry).at('test', Number(process.argv[2] ?? 0));
const env = new Environment(registry);
const trajectory = await runEpisode(
  { reset: async (o) => env.reset(o), step: async (a) => env.step(a), state: async () => env.state(), close: async () => {} },
  REFERENCE_AGENTS['investigator']!(),
  { taskId: spec.task_id, seed: spec.seed },
);
console.log(`${spec.task_id} seed ${spec.seed}: ${trajectory.steps.length} steps, score ${trajectory.end.report?.score ?? 'n/a'}`);
