import { join } from 'node:path';

import type { Agent } from '../agents/agent.js';
import { runEpisode } from '../agents/run-episode.js';
import { FAILED_END_STATUSES, type Trajectory, type TrajectoryStep, ZERO_USAGE } from '../contracts/index.js';
import { digest } from '../lib/index.js';
import { type EpisodeRow, episodeRow } from './episode-row.js';
import type { EnvSource } from './in-process-env.js';
import { episodeKey, type RunConfig, runIdFor, type RunStore } from './store.js';
import { writeTrajectoryFile } from './trajectory-file.js';

export interface AgentPlan {
  /** How the agent appears in stores and reports (e.g. `llm:gpt-4o-mini`). */
  label: string;
  /** The registry name or module path it was loaded from. */
  name: string;
  /** Options that define its behaviour (never secrets). */
  options: Record<string, unknown>;
  /** Called once per episode. */
  create: () => Agent | Promise<Agent>;
  /** Whether the agent reads the ground truth (only an in-process environment gives it). */
  needsGroundTruth?: boolean;
  /** Checks once, before the first episode, that the agent can run at all (see Agent.preflight). */
  preflight?: () => Promise<void>;
  /** Why this agent cannot play a task (its episodes are skipped, never scored), or null when it can. */
  cannotPlay?: (taskId: string) => string | null;
  /** A reference agent shipped with Firedrill: only these may be handed ground truth (when they declare `needsGroundTruth`). */
  builtIn?: boolean;
}

export interface EvalPlan {
  agents: AgentPlan[];
  episodes: { task_id: string; seed: number }[];
  repeats: number;
  maxSteps?: number;
  /** Overrides the run id derived from the plan. */
  runId?: string;
  /** Engine version of each task (part of the run id). */
  taskVersions?: Record<string, number>;
}

export interface EpisodeRef {
  agent: string;
  task_id: string;
  seed: number;
  repeat: number;
}

export interface RunnerEvents {
  onPlanned?(total: number, skipped: number): void;
  onEpisodeStart?(ref: EpisodeRef): void;
  onStep?(ref: EpisodeRef, step: TrajectoryStep): void;
  onEpisodeEnd?(ref: EpisodeRef, record: EpisodeRow, trajectory: Trajectory): void;
  /** The episode failed (the agent, its LLM endpoint or the environment): stored as a failure, retried on resume. */
  onEpisodeError?(ref: EpisodeRef, message: string): void;
  /** Once per agent and task it cannot play; those episodes are left out. */
  onUnplayable?(agent: string, taskId: string, reason: string): void;
}

export interface RunnerDeps {
  source: EnvSource;
  store: RunStore;
  /** Trajectories go to `<outDir>/<run id>/trajectories/`. */
  outDir: string;
  concurrency?: number;
  events?: RunnerEvents;
  now?: () => string;
  /** When aborted, no new episode starts; running ones finish and are stored. */
  signal?: AbortSignal;
}

export interface RunResult {
  runId: string;
  total: number;
  skipped: number;
  ran: number;
  failed: number;
  /** Episodes left out because the agent cannot play the task. */
  unplayable: number;
  /** True when the signal stopped the run before every episode was played. */
  interrupted: boolean;
}

export function runConfigOf(plan: EvalPlan, source: string): RunConfig {
  return {
    agents: plan.agents.map((a) => ({ label: a.label, name: a.name, options: a.options })),
    episodes: plan.episodes,
    repeats: plan.repeats,
    max_steps: plan.maxSteps ?? null,
    source,
    ...(plan.taskVersions ? { task_versions: plan.taskVersions } : {}),
  };
}

/**
 * Runs every agent × (task, seed) × repeat of a plan, `concurrency` episodes at a time, storing each finished
 * episode (row, steps and JSONL trajectory). Episodes the store already holds for this run are skipped, so rerunning
 * the same plan resumes it. Episodes that fail (status `error` or `env_error`, or an exception around the episode)
 * are stored as failures and reported; a rerun plays them again. Tasks an agent cannot play are left out.
 */
export async function runEval(plan: EvalPlan, deps: RunnerDeps): Promise<RunResult> {
  const now = deps.now ?? (() => new Date().toISOString());
  const config = runConfigOf(plan, deps.source.kind);
  const runId = plan.runId ?? runIdFor(config);
  const runDir = join(deps.outDir, runId);
  deps.store.openRun(runId, config, runDir, now());
  const finished = deps.store.finishedKeys(runId);

  const queue: { ref: EpisodeRef; agent: AgentPlan }[] = [];
  let skipped = 0;
  let unplayable = 0;
  for (const agent of plan.agents) {
    const reasons = new Map<string, string | null>();
    for (const { task_id, seed } of plan.episodes) {
      if (!reasons.has(task_id)) {
        const reason = agent.cannotPlay?.(task_id) ?? null;
        reasons.set(task_id, reason);
        if (reason !== null) deps.events?.onUnplayable?.(agent.label, task_id, reason);
      }
      if (reasons.get(task_id) !== null) {
        unplayable += plan.repeats;
        continue;
      }
      for (let repeat = 0; repeat < plan.repeats; repeat++) {
        const ref = { agent: agent.label, task_id, seed, repeat };
        if (finished.has(episodeKey(ref))) skipped += 1;
        else queue.push({ ref, agent });
      }
    }
  }
  deps.events?.onPlanned?.(queue.length + skipped, skipped);

  const schemas = new Map<string, Record<string, unknown> | undefined>();
  let ran = 0;
  let failed = 0;
  let next = 0;
  const worker = async () => {
    while (next < queue.length && !deps.signal?.aborted) {
      const item = queue[next++];
      if (!item) break;
      const { ref, agent } = item;
      deps.events?.onEpisodeStart?.(ref);
      const path = join(runDir, 'trajectories', slug(ref.agent), `${slug(ref.task_id)}__seed${ref.seed}__r${ref.repeat}.jsonl`);
      const save = (t: Trajectory) => {
        writeTrajectoryFile(path, t);
        const record = episodeRow(runId, ref.agent, t, path, now());
        deps.store.saveEpisode(record, t);
        if (FAILED_END_STATUSES.includes(record.status)) {
          failed += 1;
          deps.events?.onEpisodeError?.(ref, t.end.error ?? record.status);
        } else {
          ran += 1;
          deps.events?.onEpisodeEnd?.(ref, record, t);
        }
      };
      try {
        if (!schemas.has(ref.task_id)) schemas.set(ref.task_id, await deps.source.actionJsonSchema(ref.task_id));
        const actionSchema = schemas.get(ref.task_id);
        const env = await deps.source.open(ref.task_id);
        try {
          const t = await runEpisode(env, await agent.create(), {
            taskId: ref.task_id,
            seed: ref.seed,
            repeat: ref.repeat,
            // Named here, so a trajectory recorded against a server (whose secret keys its default ids) replays in process.
            resetOptions: { episode_id: episodeIdOf(runId, ref) },
            // An agent module is not told its seed: with it, it could replay the incident in its own environment.
            revealSeed: agent.builtIn === true,
            ...(plan.maxSteps !== undefined ? { maxSteps: plan.maxSteps } : {}),
            ...(actionSchema ? { actionSchema } : {}),
            ...(agent.builtIn === true && env.groundTruth ? { groundTruth: () => (env.groundTruth as () => Record<string, unknown>)() } : {}),
            onStep: (s) => deps.events?.onStep?.(ref, s),
            startedAt: now,
          });
          save(t);
        } finally {
          await env.close();
        }
      } catch (err) {
        save(failedTrajectory(ref, now(), err instanceof Error ? err.message : String(err)));
      }
    }
  };
  const n = Math.max(1, Math.min(deps.concurrency ?? 1, queue.length || 1));
  await Promise.all(Array.from({ length: n }, worker));
  const interrupted = ran + failed < queue.length;
  deps.store.setRunStatus(runId, failed > 0 || interrupted ? 'interrupted' : 'finished', now());
  return { runId, total: queue.length + skipped, skipped, ran, failed, unplayable, interrupted };
}

/** The trajectory of an episode that failed before it could be played (the environment could not be opened or reset). */
export function failedTrajectory(ref: EpisodeRef, startedAt: string, message: string): Trajectory {
  return {
    header: { type: 'header', format: 'firedrill-trajectory', version: 1, agent: ref.agent, task_id: ref.task_id, seed: ref.seed, repeat: ref.repeat, reset_options: { task_id: ref.task_id, seed: ref.seed }, observation: {}, reward: null, done: false, metadata: {}, started_at: startedAt },
    steps: [],
    end: { type: 'end', status: 'error', turns: 0, steps: 0, total_reward: 0, report: null, usage: { ...ZERO_USAGE }, wall_ms: 0, error: message },
  };
}

/** The episode id the runner gives an episode: opaque, and the same when a run is repeated or resumed. */
export function episodeIdOf(runId: string, ref: EpisodeRef): string {
  return `ep-${digest(`${runId}\u0000${ref.agent}\u0000${ref.task_id}\u0000${ref.seed}\u0000${ref.repeat}`)}`;
}

/** A file-name-safe form of an agent label or task id. */
export function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_');
}
