import type { GradeReport, StepResult, TaskInfo } from '../contracts/index.js';
import type { Agent, AgentEpisodeContext } from '../agents/agent.js';
import { type Learner, LEARNING_AGENTS, REFERENCE_AGENTS } from '../agents/reference.js';
import { Environment } from '../env/environment.js';
import type { TaskRegistry } from '../env/registry.js';
import { createTaskRegistry } from '../env/tasks.js';
import { mix, Rng } from '../lib/index.js';
import { HISTORY_SHAPE_BOUNDS, historyShares } from '../scenarios/generator/history-shape.js';
import { RETIRED_TASK_IDS } from '../scenarios/index.js';

/** Task sources whose episodes speak the native action set the reference agents play. */
export const NATIVE_ACTION_SOURCES: readonly TaskInfo['source'][] = ['native', 'curated', 'generated', 'user'];

/** A safety net for agents that never end an episode; native tasks cut off far earlier. */
const MAX_TURNS = 1000;

export interface EpisodeScore {
  agent: string;
  task_id: string;
  seed: number;
  /** Final rubric score; 0 when the agent stopped before the episode ended. */
  score: number;
  steps: number;
  /** Sum of the step rewards (equals `score` under the delta profile). */
  total_reward: number;
  report: GradeReport | null;
}

export interface ScoreStats {
  mean: number;
  min: number;
  max: number;
  n: number;
  /** Mean of the localization criterion (0..1), for learning agents (the tell bounds compare it with chance). */
  localization?: number;
}

export interface ValidationSummary {
  agents: Record<string, Record<string, ScoreStats>>;
}

export interface ValidateOptions {
  seeds: readonly number[];
  /** Task ids; default every task with a native action set. */
  tasks?: readonly string[];
  /** Agent names; default every reference agent. */
  agents?: readonly string[];
  registry?: TaskRegistry;
  factories?: Record<string, () => Agent>;
  /** Exploits that learn from training seeds first (default: every learning reference agent). */
  learners?: Record<string, () => Learner>;
  /** Seeds the learners train on, per task; never one of `seeds` (default: 20 seeds from 500,000, in the train split). */
  trainSeeds?: readonly number[];
  onEpisode?: (e: EpisodeScore) => void;
}

/** Seeds learners train on by default: in the train split, away from the seeds validate usually plays. */
export const DEFAULT_TRAIN_SEEDS: readonly number[] = Array.from({ length: 20 }, (_, i) => 500_000 + i);

/**
 * Tasks validate runs by default: those whose agents act with the native action set, without the retired v1
 * incidents (one fixed answer per task: memorisable by design, kept only so firedrill-bench-v1 still runs).
 */
export function nativeActionTasks(registry: TaskRegistry): TaskInfo[] {
  const ids = new Set(registry.ids());
  const retired = (id: string) => RETIRED_TASK_IDS.includes(id) && ids.has(id.replace(/-v1$/, '-v2'));
  return registry.list().filter((t) => NATIVE_ACTION_SOURCES.includes(t.source) && !retired(t.id));
}

/** Plays one episode in process and returns its final score. */
export async function rollout(env: Environment, agent: Agent, taskId: string, seed: number): Promise<EpisodeScore> {
  const first = env.reset({ task_id: taskId, seed });
  const ctx: AgentEpisodeContext = { taskId, seed, rng: Rng.fromSeed(mix(seed, 0), 0x5eed) };
  if (agent.needsGroundTruth) ctx.groundTruth = env.groundTruth();
  await agent.start(ctx, first);
  let last: StepResult = first;
  let steps = 0;
  let total = 0;
  while (!last.done && steps < MAX_TURNS) {
    const action = await agent.act(last);
    if (action === null || action === undefined) break;
    last = env.step(action);
    steps += 1;
    total += last.reward ?? 0;
  }
  const report = last.done ? env.report() : null;
  return { agent: agent.name, task_id: taskId, seed, score: report?.score ?? 0, steps, total_reward: Math.round(total * 1e6) / 1e6, report };
}

/** Runs every agent over every task and seed, in process, and summarises the scores per (agent, task). */
export async function validate(opts: ValidateOptions): Promise<{ summary: ValidationSummary; episodes: EpisodeScore[]; skipped: string[] }> {
  const registry = opts.registry ?? createTaskRegistry();
  const factories = opts.factories ?? REFERENCE_AGENTS;
  // A retired v1 incident still runs when asked for by name; it is only left out of the default list.
  const eligible = new Set(registry.list().filter((t) => NATIVE_ACTION_SOURCES.includes(t.source)).map((t) => t.id));
  const requested = opts.tasks ?? nativeActionTasks(registry).map((t) => t.id);
  for (const t of requested) registry.get(t);
  const tasks = requested.filter((t) => eligible.has(t));
  const skipped = requested.filter((t) => !eligible.has(t));
  const learners = opts.learners ?? (opts.factories ? {} : LEARNING_AGENTS);
  const known = [...Object.keys(factories), ...Object.keys(learners)];
  const agents = opts.agents ?? known;
  for (const name of agents) if (!known.includes(name)) throw new Error(`unknown agent '${name}'; known: ${known.join(', ')}`);
  const trainSeeds = opts.trainSeeds ?? DEFAULT_TRAIN_SEEDS;
  const overlap = trainSeeds.filter((s) => opts.seeds.includes(s));
  if (overlap.length > 0 && agents.some((a) => learners[a])) throw new Error(`training seeds overlap the evaluation seeds (${overlap.slice(0, 5).join(', ')}): learners must be scored on seeds they never saw`);
  const env = new Environment(registry);
  const episodes: EpisodeScore[] = [];
  const summary: ValidationSummary = { agents: {} };
  for (const name of agents) {
    const perTask: Record<string, ScoreStats> = {};
    for (const taskId of tasks) {
      let create = factories[name] as (() => Agent) | undefined;
      const learnerFactory = learners[name];
      if (learnerFactory) {
        const learner = learnerFactory();
        for (const seed of trainSeeds) {
          const e = await rollout(env, learner.survey(), taskId, seed);
          if (e.report) learner.learn(e.report);
        }
        create = () => learner.play();
      }
      const scores: number[] = [];
      const localization: number[] = [];
      for (const seed of opts.seeds) {
        const e = await rollout(env, (create as () => Agent)(), taskId, seed);
        episodes.push(e);
        scores.push(e.score);
        const loc = e.report?.criteria.find((c) => c.name === 'localization');
        if (loc && learnerFactory) localization.push(loc.score);
        opts.onEpisode?.(e);
      }
      perTask[taskId] = stats(scores, localization);
    }
    summary.agents[name] = perTask;
  }
  return { summary, episodes, skipped };
}

export function stats(scores: readonly number[], localization: readonly number[] = []): ScoreStats {
  if (scores.length === 0) return { mean: 0, min: 0, max: 0, n: 0 };
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  const out: ScoreStats = { mean: Math.round(mean * 1e4) / 1e4, min: Math.min(...scores), max: Math.max(...scores), n: scores.length };
  if (localization.length > 0) out.localization = Math.round((localization.reduce((a, b) => a + b, 0) / localization.length) * 1e4) / 1e4;
  return out;
}

/** What the reference agents must score for the graders to be trusted (docs/scoring.md, "Validity"). */
export const VALIDITY_BOUNDS = {
  oracle_min: 0.95,
  floor_agents: ['random', 'do-nothing', 'premature-resolve'],
  floor_mean_max: 0.05,
  exploit_agents: ['stuffer', 'brute-diagnoser', 'fix-everything', 'do-nothing', 'premature-resolve', 'escalate-spam'],
  exploit_mean_max: 0.15,
  exploit_episode_max: 0.3,
  /** A rule-based investigator must not solve the hard generated tiers (issue 6). */
  investigator_hard_tasks: ['gen-hard', 'gen-expert'],
  investigator_hard_mean_max: 0.5,
  /** Learns task → answer on training seeds and replays it (issue 12): every task's answer must vary by seed. */
  memoriser_mean_max: 0.15,
  /** Rank services by surface features learned on training seeds; compared with the same agent ranking at random. */
  tell_agents: ['tell-learner', 'history-tell-learner'],
  tell_chance_agent: 'tell-chance',
  tell_mean_max: 0.2,
  tell_localization_over_chance_max: 0.1,
  /** "Revert the most recent changes" and "most alerts" must not solve the hard tiers. */
  shortcut_agents: ['revert-recent', 'most-alerts'],
  shortcut_tasks: ['gen-hard', 'gen-expert'],
  shortcut_mean_max: 0.3,
} as const;

const GENERATED = (task: string) => task.startsWith('gen-');

/**
 * Whether the root causes of a task's seed sit at least two calls below every public service (so the loudest
 * alerts are symptoms). Native engines only; other tasks count as single-hop.
 */
export function isMultiHop(env: Environment, taskId: string, seed: number): boolean {
  env.reset({ task_id: taskId, seed });
  const world = (env.engineState as { world?: { services: { name: string; public: boolean }[]; edges: { from: string; to: string }[] } }).world;
  const roots = (env.groundTruth()['roots'] as { service: string }[] | undefined) ?? [];
  if (!world || roots.length === 0) return false;
  const distance = new Map<string, number>(world.services.filter((s) => s.public).map((s) => [s.name, 0]));
  const frontier = [...distance.keys()];
  while (frontier.length > 0) {
    const at = frontier.shift() as string;
    for (const e of world.edges) {
      if (e.from === at && !distance.has(e.to)) {
        distance.set(e.to, (distance.get(at) ?? 0) + 1);
        frontier.push(e.to);
      }
    }
  }
  return roots.every((r) => (distance.get(r.service) ?? 0) >= 2);
}

/** Every way a validation run breaks the bounds; empty when the graders hold. */
export function validityViolations(summary: ValidationSummary, multiHopTasks: readonly string[]): string[] {
  const out: string[] = [];
  const b = VALIDITY_BOUNDS;
  for (const [task, s] of Object.entries(summary.agents['oracle'] ?? {})) if (s.min < b.oracle_min) out.push(`oracle scores ${s.min} on some seed of ${task} (needs ≥ ${b.oracle_min} on every seed)`);
  for (const agent of b.floor_agents) {
    for (const [task, s] of Object.entries(summary.agents[agent] ?? {})) if (s.mean > b.floor_mean_max) out.push(`${agent} averages ${s.mean} on ${task} (needs ≤ ${b.floor_mean_max})`);
  }
  for (const agent of b.exploit_agents) {
    for (const [task, s] of Object.entries(summary.agents[agent] ?? {})) {
      if (s.mean > b.exploit_mean_max) out.push(`${agent} averages ${s.mean} on ${task} (needs ≤ ${b.exploit_mean_max})`);
      if (s.max > b.exploit_episode_max) out.push(`${agent} scores ${s.max} on some seed of ${task} (needs ≤ ${b.exploit_episode_max} on every seed)`);
    }
  }
  const inv = summary.agents['investigator'];
  const rea = summary.agents['reactive'];
  if (inv && rea) {
    for (const task of multiHopTasks) {
      const i = inv[task];
      const r = rea[task];
      if (i && r && !(i.mean > r.mean)) out.push(`investigator (${i.mean}) does not beat reactive (${r.mean}) on multi-hop ${task}`);
    }
  }
  for (const task of b.investigator_hard_tasks) {
    const i = inv?.[task];
    if (i && i.mean >= b.investigator_hard_mean_max) out.push(`investigator averages ${i.mean} on ${task} (needs < ${b.investigator_hard_mean_max})`);
  }
  for (const [task, s] of Object.entries(summary.agents['memoriser'] ?? {})) if (s.mean > b.memoriser_mean_max) out.push(`memoriser averages ${s.mean} on ${task} (needs ≤ ${b.memoriser_mean_max})`);
  const chance = summary.agents[b.tell_chance_agent];
  for (const agent of b.tell_agents) {
    for (const [task, s] of Object.entries(summary.agents[agent] ?? {})) {
      if (!GENERATED(task)) continue;
      if (s.mean > b.tell_mean_max) out.push(`${agent} averages ${s.mean} on ${task} (needs ≤ ${b.tell_mean_max})`);
      const base = chance?.[task]?.localization;
      if (base !== undefined && (s.localization ?? 0) > base + b.tell_localization_over_chance_max) out.push(`${agent} localizes ${s.localization} on ${task}, chance ${base} (needs ≤ chance + ${b.tell_localization_over_chance_max})`);
    }
  }
  for (const agent of b.shortcut_agents) {
    for (const task of b.shortcut_tasks) {
      const s = summary.agents[agent]?.[task];
      if (s && s.mean > b.shortcut_mean_max) out.push(`${agent} averages ${s.mean} on ${task} (needs ≤ ${b.shortcut_mean_max})`);
    }
  }
  return out;
}

/** Point 5: shares of gen-hard and gen-expert incidents whose roots are not all changes, over `seeds`. */
export function historyShapeViolations(seeds: readonly number[], tasks: readonly string[]): string[] {
  const out: string[] = [];
  const b = HISTORY_SHAPE_BOUNDS;
  for (const task of b.tasks.filter((t) => tasks.includes(t))) {
    const { organic, nearer } = historyShares(task, seeds);
    if (organic < b.organic_min) out.push(`${task}: ${(100 * organic).toFixed(0)}% of incidents have a root with no change near onset (needs ≥ ${100 * b.organic_min}%)`);
    if (nearer < b.nearer_min) out.push(`${task}: ${(100 * nearer).toFixed(0)}% of incidents have a harmless change nearer onset than the trigger (needs ≥ ${100 * b.nearer_min}%)`);
  }
  return out;
}
