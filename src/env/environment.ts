import {
  type EpisodeState,
  FiredrillError,
  type GradeReport,
  type ResetOptions,
  ResetOptionsSchema,
  type StepResult,
  validationError,
} from '../contracts/index.js';
import { cloneJson, stableStringify } from '../lib/index.js';
import type { AnyEngine } from './engine.js';
import { episodeIdFor, privateWorldSeed, processEpisodeSecret } from './episode-secret.js';
import type { TaskRegistry } from './registry.js';
import { TaskIndex } from './task-index.js';

export const SNAPSHOT_VERSION = 1;

export interface Snapshot {
  v: typeof SNAPSHOT_VERSION;
  task_id: string;
  engine_version: number;
  seed: number;
  episode_id: string;
  reward_profile: string;
  step_count: number;
  total_reward: number;
  engine_state: object;
  last: StepResult;
}

interface Episode {
  engine: AnyEngine;
  seed: number;
  episodeId: string;
  rewardProfile: string;
  stepCount: number;
  totalReward: number;
  state: object;
  last: StepResult;
}

export interface EnvironmentOptions {
  /** Task used when reset names none. */
  defaultTaskId?: string;
  /**
   * Keys the episode ids of resets that name none (and through them the incident ids), so neither can be derived
   * from (task, seed). Default: one random secret per process. Same secret, task, seed and actions → same bytes.
   */
  episodeSecret?: string;
}

/** The stateful shell around a task engine: reset/step/state/snapshot/restore (synchronous, in process). */
export class Environment {
  private episode: Episode | null = null;

  constructor(
    readonly registry: TaskRegistry,
    private readonly options: EnvironmentOptions = {},
  ) {}

  reset(raw: unknown = {}): StepResult {
    const parsed = ResetOptionsSchema.safeParse(raw ?? {});
    if (!parsed.success) throw validationError(parsed.error.issues);
    const opts: ResetOptions = selectByIndex(this.registry, parsed.data);
    const taskId = opts.task_id ?? this.options.defaultTaskId ?? this.registry.ids()[0];
    if (taskId === undefined) throw new FiredrillError('UNKNOWN_TASK', 'No tasks are registered.', { field: 'task_id' });
    const engine = this.registry.get(taskId);
    const seed = opts.seed ?? 0;
    const secret = this.options.episodeSecret ?? processEpisodeSecret();
    const privateWorld = opts.private_world === true;
    const episodeId = opts.episode_id ?? episodeIdFor(secret, taskId, seed, privateWorld);
    const rewardProfile = opts.reward_profile ?? engine.defaultRewardProfile;
    // A private world is drawn from a keyed seed; the engine (and so the grade report) sees that world seed.
    const worldSeed = privateWorld ? privateWorldSeed(secret, taskId, seed) : seed;
    const { state, result } = engine.reset({ seed: worldSeed, episodeId, rewardProfile });
    this.episode = { engine, seed, episodeId, rewardProfile, stepCount: 0, totalReward: 0, state, last: result };
    return result;
  }

  step(action: unknown): StepResult {
    const ep = this.requireEpisode();
    const parsed = ep.engine.actionSchema.safeParse(action);
    if (!parsed.success) throw validationError(parsed.error.issues, 'action');
    const result = ep.engine.step(ep.state, parsed.data);
    ep.stepCount += 1;
    ep.totalReward += result.reward ?? 0;
    ep.last = result;
    return result;
  }

  state(): EpisodeState {
    const ep = this.episode;
    if (!ep) {
      return { episode_id: null, step_count: 0, task_id: null, done: false, truncated: false, total_reward: 0, reward_profile: null, elapsed_minutes: null };
    }
    const extra = ep.engine.publicState(ep.state);
    return {
      episode_id: ep.episodeId,
      step_count: ep.stepCount,
      task_id: ep.engine.info.id,
      done: ep.engine.isDone(ep.state),
      truncated: ep.last.metadata['truncated'] === true,
      total_reward: roundReward(ep.totalReward),
      reward_profile: ep.rewardProfile,
      elapsed_minutes: null,
      ...extra,
    };
  }

  /** The grade report of the current episode, or null before it ends (compat graders may report earlier). */
  report(): GradeReport | null {
    const ep = this.episode;
    return ep ? ep.engine.report(ep.state) : null;
  }

  /**
   * The seed of the running episode, for the trainer that chose it (compat surfaces whose protocol shows it);
   * never part of `state()`: an agent that learns its seed can replay the incident elsewhere and read its answer.
   */
  get seed(): number | null {
    return this.episode?.seed ?? null;
  }

  /** Ground truth of the running episode; in-process only (oracle agent, tests). */
  groundTruth(): Record<string, unknown> {
    const ep = this.requireEpisode();
    return ep.engine.groundTruth(ep.state);
  }

  get running(): boolean {
    return this.episode !== null;
  }

  get engine(): AnyEngine | null {
    return this.episode?.engine ?? null;
  }

  /** Engine state of the running episode (read-only use: samplers, tests). */
  get engineState(): object {
    return this.requireEpisode().state;
  }

  get lastResult(): StepResult | null {
    return this.episode?.last ?? null;
  }

  snapshot(): Snapshot {
    const ep = this.requireEpisode();
    return {
      v: SNAPSHOT_VERSION,
      task_id: ep.engine.info.id,
      engine_version: ep.engine.version,
      seed: ep.seed,
      episode_id: ep.episodeId,
      reward_profile: ep.rewardProfile,
      step_count: ep.stepCount,
      total_reward: ep.totalReward,
      engine_state: cloneJson(ep.state),
      last: cloneJson(ep.last),
    };
  }

  restore(snapshot: Snapshot): void {
    if (snapshot.v !== SNAPSHOT_VERSION) throw new FiredrillError('VALIDATION_ERROR', `Unsupported snapshot version ${String(snapshot.v)}.`, { field: 'v' });
    const engine = this.registry.get(snapshot.task_id);
    if (engine.version !== snapshot.engine_version) {
      throw new FiredrillError('VALIDATION_ERROR', `Snapshot is of ${snapshot.task_id} v${snapshot.engine_version}; this build runs v${engine.version}.`, { field: 'engine_version' });
    }
    this.episode = {
      engine,
      seed: snapshot.seed,
      episodeId: snapshot.episode_id,
      rewardProfile: snapshot.reward_profile,
      stepCount: snapshot.step_count,
      totalReward: snapshot.total_reward,
      state: cloneJson(snapshot.engine_state),
      last: cloneJson(snapshot.last),
    };
  }

  /** Canonical bytes of everything observable plus the engine state: the unit of determinism checks. */
  fingerprint(): string {
    const ep = this.requireEpisode();
    return stableStringify({ state: this.state(), engine: ep.state, last: ep.last });
  }

  private requireEpisode(): Episode {
    if (!this.episode) throw new FiredrillError('RESET_NEEDED');
    return this.episode;
  }
}

/** Task API selection: `split` + `index` (and optionally `family`) name the task and seed instead of task_id and seed. */
function selectByIndex(registry: TaskRegistry, opts: ResetOptions): ResetOptions {
  const { split, index, family, ...rest } = opts;
  if (split === undefined && index === undefined) {
    if (family !== undefined) throw new FiredrillError('VALIDATION_ERROR', 'family selects within a split; send split and index with it.', { field: 'family' });
    return rest;
  }
  if (split === undefined || index === undefined) throw new FiredrillError('VALIDATION_ERROR', 'split and index select a task together; send both.', { field: split === undefined ? 'split' : 'index' });
  if (opts.task_id !== undefined || opts.seed !== undefined) {
    throw new FiredrillError('VALIDATION_ERROR', 'Send either split and index, or task_id and seed, not both.', { field: opts.task_id !== undefined ? 'task_id' : 'seed' });
  }
  const spec = new TaskIndex(registry).at(split, index, family);
  return { ...rest, task_id: spec.task_id, seed: spec.seed };
}

function roundReward(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
