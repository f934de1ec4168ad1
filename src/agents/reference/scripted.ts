import type { NativeAction, StepResult } from '../../contracts/index.js';
import type { Agent, AgentEpisodeContext } from '../agent.js';

/**
 * A policy written as a generator: it yields actions and receives each action's StepResult back, so a
 * multi-step plan reads top to bottom. Returning ends the agent's turn-taking (the runner then stops).
 */
export type Policy = (ctx: AgentEpisodeContext, first: StepResult) => Generator<NativeAction, void, StepResult>;

export class ScriptedAgent implements Agent {
  private plan: Generator<NativeAction, void, StepResult> | null = null;
  private primed = false;

  constructor(
    readonly name: string,
    private readonly policy: Policy,
    readonly needsGroundTruth = false,
  ) {}

  start(ctx: AgentEpisodeContext, first: StepResult): void {
    this.plan = this.policy(ctx, first);
    this.primed = false;
  }

  act(last: StepResult): NativeAction | null {
    if (!this.plan) throw new Error(`${this.name}: act() before start()`);
    const next = this.primed ? this.plan.next(last) : this.plan.next();
    this.primed = true;
    return next.done ? null : next.value;
  }
}
