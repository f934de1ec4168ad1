import {
  type EnvLike,
  type EpisodeEndStatus,
  type GradeReport,
  GradeReportSchema,
  type ResetOptions,
  type StepResult,
  type Trajectory,
  type TrajectoryStep,
  type TurnError,
  type Usage,
  ZERO_USAGE,
} from '../contracts/index.js';
import { digest, mix, Rng } from '../lib/index.js';
import type { Agent, AgentEpisodeContext } from './agent.js';
import { AgentOutputError } from './agent-error.js';

export interface RunEpisodeOptions {
  taskId: string;
  seed: number;
  /** Repetition index of the same (task, seed); seeds the agent's rng so repeats differ. */
  repeat?: number;
  /** Turn budget (turns with and without a transition); the environment's own step limit usually ends it first. */
  maxSteps?: number;
  /** Consecutive turns without a transition before the episode is abandoned. */
  maxConsecutiveErrors?: number;
  /** Extra reset options (reward profile, episode id). */
  resetOptions?: Omit<ResetOptions, 'task_id' | 'seed'>;
  /** False withholds the seed from the agent's context (and seeds its rng from `resetOptions.episode_id` instead). */
  revealSeed?: boolean;
  /** Ground truth for agents that declare `needsGroundTruth`; a function is called after reset. */
  groundTruth?: Record<string, unknown> | (() => Record<string, unknown> | Promise<Record<string, unknown>>);
  actionSchema?: Record<string, unknown>;
  onStep?: (step: TrajectoryStep) => void;
  /** Milliseconds, monotonic; defaults to performance.now. */
  clock?: () => number;
  /** Wall-clock ISO timestamp of the start; defaults to now. */
  startedAt?: () => string;
}

export const DEFAULT_MAX_TURNS = 500;
export const DEFAULT_MAX_CONSECUTIVE_ERRORS = 3;

/**
 * Plays one episode of `agent` on `env` and returns the whole trajectory. Rejected actions and unreadable model output
 * are turns without a transition: the agent is asked again (with `metadata.action_error` describing a rejection) until
 * the consecutive-error limit. An exception from the agent (its code or its LLM endpoint failing) ends the episode at
 * once with status `error`: a failure to report, not an outcome to score.
 */
export async function runEpisode(env: EnvLike, agent: Agent, opts: RunEpisodeOptions): Promise<Trajectory> {
  const clock = opts.clock ?? (() => performance.now());
  const maxTurns = opts.maxSteps ?? DEFAULT_MAX_TURNS;
  const maxErrors = opts.maxConsecutiveErrors ?? DEFAULT_MAX_CONSECUTIVE_ERRORS;
  const repeat = opts.repeat ?? 0;
  const startedAt = opts.startedAt?.() ?? new Date().toISOString();
  const t0 = clock();

  const resetOptions: ResetOptions = { ...opts.resetOptions, task_id: opts.taskId, seed: opts.seed };
  const first = await env.reset(resetOptions);
  const episodeId = opts.resetOptions?.episode_id;
  const sealed = opts.revealSeed === false && typeof episodeId === 'string';
  const rngSeed = sealed ? Number.parseInt(digest(episodeId).slice(0, 8), 16) : opts.seed;
  const ctx: AgentEpisodeContext = { taskId: opts.taskId, ...(sealed ? {} : { seed: opts.seed }), rng: Rng.fromSeed(mix(rngSeed, repeat), 0x5eed) };
  if (opts.actionSchema) ctx.actionSchema = opts.actionSchema;
  if (agent.needsGroundTruth && opts.groundTruth !== undefined) {
    ctx.groundTruth = typeof opts.groundTruth === 'function' ? await opts.groundTruth() : opts.groundTruth;
  }
  let startError: string | null = null;
  try {
    await agent.start(ctx, first);
  } catch (err) {
    startError = errorMessage(err);
  }

  const steps: TrajectoryStep[] = [];
  let last = first;
  let feedback: StepResult = first;
  let status: EpisodeEndStatus = first.done ? 'done' : 'max_turns';
  let totalReward = 0;
  let transitions = 0;
  let consecutiveErrors = 0;
  let endError: string | null = startError;
  if (startError !== null) status = 'error';

  while (startError === null && !last.done && steps.length < maxTurns) {
    const index = steps.length + 1;
    const ta = clock();
    let action: unknown;
    let error: TurnError | null = null;
    try {
      action = await agent.act(feedback);
    } catch (err) {
      error = err instanceof AgentOutputError ? { kind: 'ParseError', message: err.message } : { kind: 'Exception', message: errorMessage(err) };
    }
    const agentMs = clock() - ta;
    if (error?.kind === 'Exception') {
      status = 'error';
      endError = error.message;
      steps.push(turn(index, action, null, error, agentMs, 0, agent));
      opts.onStep?.(steps[steps.length - 1] as TrajectoryStep);
      break;
    }
    if (!error && (action === null || action === undefined)) {
      status = 'stopped';
      break;
    }
    let result: StepResult | null = null;
    const te = clock();
    if (!error) {
      try {
        result = await env.step(action);
      } catch (err) {
        if (errorCode(err) === 'VALIDATION_ERROR') {
          error = { kind: 'StepError', code: 'VALIDATION_ERROR', message: errorMessage(err) };
        } else {
          status = 'env_error';
          endError = `${errorCode(err) ?? 'Error'}: ${errorMessage(err)}`;
          steps.push(turn(index, action, null, { kind: 'StepError', ...codeOf(err), message: errorMessage(err) }, agentMs, clock() - te, agent));
          opts.onStep?.(steps[steps.length - 1] as TrajectoryStep);
          break;
        }
      }
    }
    const step = turn(index, action, result, error, agentMs, clock() - te, agent);
    steps.push(step);
    opts.onStep?.(step);
    if (result) {
      last = result;
      feedback = result;
      transitions += 1;
      totalReward += result.reward ?? 0;
      consecutiveErrors = 0;
      if (result.done) status = 'done';
    } else {
      consecutiveErrors += 1;
      if (error?.kind === 'StepError') {
        feedback = { ...last, metadata: { ...last.metadata, action_error: { code: error.code ?? 'VALIDATION_ERROR', message: error.message } } };
      }
      if (consecutiveErrors >= maxErrors) {
        status = 'errors';
        endError = `${consecutiveErrors} consecutive turns without a transition; last: ${error?.kind ?? 'error'}: ${error?.message ?? ''}`;
        break;
      }
    }
  }

  return {
    header: {
      type: 'header',
      format: 'firedrill-trajectory',
      version: 1,
      agent: agent.name,
      task_id: opts.taskId,
      seed: opts.seed,
      repeat,
      reset_options: { ...resetOptions },
      observation: first.observation,
      reward: first.reward,
      done: first.done,
      metadata: first.metadata,
      started_at: startedAt,
    },
    steps,
    end: {
      type: 'end',
      status,
      turns: steps.length,
      steps: transitions,
      total_reward: Math.round(totalReward * 1e6) / 1e6,
      report: gradeReportFrom(last.metadata),
      usage: usageOf(agent),
      wall_ms: clock() - t0,
      error: endError,
    },
  };
}

/** The grade report an environment attaches to the metadata of the final step (`grade_report`, or `report`). */
export function gradeReportFrom(metadata: Record<string, unknown>): GradeReport | null {
  for (const key of ['grade_report', 'report']) {
    const parsed = GradeReportSchema.safeParse(metadata[key]);
    if (parsed.success) return parsed.data;
  }
  return null;
}

function turn(index: number, action: unknown, result: StepResult | null, error: TurnError | null, agentMs: number, envMs: number, agent: Agent): TrajectoryStep {
  return {
    type: 'step',
    index,
    action: action === undefined ? null : action,
    observation: result?.observation ?? null,
    reward: result?.reward ?? null,
    done: result?.done ?? false,
    metadata: result?.metadata ?? null,
    error,
    agent_ms: Math.max(0, agentMs),
    env_ms: result || error?.kind === 'StepError' ? Math.max(0, envMs) : 0,
    usage: usageOf(agent),
  };
}

function usageOf(agent: Agent): Usage {
  const u = agent.usage?.();
  return u ? { prompt_tokens: u.prompt_tokens, completion_tokens: u.completion_tokens, cost_usd: u.cost_usd, calls: u.calls } : { ...ZERO_USAGE };
}

function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

function codeOf(err: unknown): { code?: string } {
  const code = errorCode(err);
  return code ? { code } : {};
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
