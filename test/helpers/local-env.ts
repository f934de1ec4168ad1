import type { EnvLike, EpisodeState, ResetOptions, StepResult } from '../../src/contracts/index.js';
import { Environment } from '../../src/env/environment.js';
import type { TaskRegistry } from '../../src/env/registry.js';

/** The in-process Environment behind the EnvLike interface the remote clients implement. */
export class LocalEnv implements EnvLike {
  readonly env: Environment;

  constructor(registry: TaskRegistry) {
    this.env = new Environment(registry);
  }

  async reset(options: ResetOptions = {}): Promise<StepResult> {
    return this.env.reset(options);
  }

  async step(action: unknown): Promise<StepResult> {
    return this.env.step(action);
  }

  async state(): Promise<EpisodeState> {
    return this.env.state();
  }

  async close(): Promise<void> {}
}
