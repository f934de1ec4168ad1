import type { EnvLike } from '../../src/contracts/index.js';
import { Environment } from '../../src/env/environment.js';
import type { TaskRegistry } from '../../src/env/registry.js';
import { Rng, stableStringify } from '../../src/lib/index.js';

/** A seeded trajectory recorded in process: the actions taken and the canonical JSON of every result and state. */
export interface Trajectory {
  taskId: string;
  seed: number;
  actions: unknown[];
  results: string[];
  states: string[];
}

/** Plays a task with its own action sampler (seeded), recording everything observable. */
export function recordTrajectory(registry: TaskRegistry, taskId: string, seed: number, maxSteps: number): Trajectory {
  const env = new Environment(registry);
  const engine = registry.get(taskId);
  const rng = Rng.fromSeed(seed, 0x5eed);
  const first = env.reset({ task_id: taskId, seed });
  const trajectory: Trajectory = { taskId, seed, actions: [], results: [stableStringify(first)], states: [stableStringify(env.state())] };
  let done = first.done;
  while (!done && trajectory.actions.length < maxSteps) {
    const action = engine.sampleAction(env.engineState, rng);
    const result = env.step(action);
    trajectory.actions.push(action);
    trajectory.results.push(stableStringify(result));
    trajectory.states.push(stableStringify(env.state()));
    done = result.done;
  }
  return trajectory;
}

/** Replays a trajectory's actions through any EnvLike, returning the same canonical record. */
export async function replay(client: EnvLike, trajectory: Trajectory): Promise<Trajectory> {
  const first = await client.reset({ task_id: trajectory.taskId, seed: trajectory.seed });
  const out: Trajectory = { ...trajectory, results: [stableStringify(first)], states: [stableStringify(await client.state())] };
  for (const action of trajectory.actions) {
    out.results.push(stableStringify(await client.step(action)));
    out.states.push(stableStringify(await client.state()));
  }
  return out;
}
