import { type EnvLike, type EpisodeState, jsonSchemaOf, type ResetOptions, type StepResult, withoutDialect } from '../contracts/index.js';
import { Environment } from '../env/environment.js';
import type { TaskRegistry } from '../env/registry.js';

/** An environment the runner can drive: EnvLike plus what only an in-process environment can offer. */
export interface EvalEnv extends EnvLike {
  /** Ground truth of the running episode (in process only; for agents that declare `needsGroundTruth`). */
  groundTruth?(): Record<string, unknown>;
}

/** Makes one environment per episode, and tells the runner the action schema of a task. */
export interface EnvSource {
  readonly kind: 'in-process' | 'remote';
  open(taskId: string): Promise<EvalEnv>;
  actionJsonSchema(taskId: string): Promise<Record<string, unknown> | undefined>;
}

/** The synchronous Environment behind the asynchronous EnvLike interface. */
export class InProcessEnv implements EvalEnv {
  readonly env: Environment;

  constructor(registry: TaskRegistry) {
    this.env = new Environment(registry);
  }

  async reset(options?: ResetOptions): Promise<StepResult> {
    return this.env.reset(options ?? {});
  }

  async step(action: unknown): Promise<StepResult> {
    return this.env.step(action);
  }

  async state(): Promise<EpisodeState> {
    return this.env.state();
  }

  async close(): Promise<void> {}

  groundTruth(): Record<string, unknown> {
    return this.env.groundTruth();
  }
}

export function inProcessSource(registry: TaskRegistry): EnvSource {
  return {
    kind: 'in-process',
    open: async () => new InProcessEnv(registry),
    actionJsonSchema: async (taskId) => actionJsonSchemaOf(registry, taskId),
  };
}

/** The JSON Schema of a task's action, as GET /schema would publish it; undefined when zod cannot express it. */
export function actionJsonSchemaOf(registry: TaskRegistry, taskId: string): Record<string, unknown> | undefined {
  try {
    return withoutDialect(jsonSchemaOf(registry.get(taskId).actionSchema));
  } catch {
    return undefined;
  }
}
