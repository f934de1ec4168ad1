import { FAILED_END_STATUSES } from '../../contracts/index.js';
import type { ReportGroupView } from '../../contracts/runs.js';
import { mean } from '../../lib/index.js';
import type { EpisodeRow } from '../episode-row.js';
import { type Estimates, estimatesOf, triesPerTaskSeed } from './estimators.js';
import { bootstrapMeanCi, passHatK } from './statistics.js';

/** The aggregates the report views show (contracts/runs.ts), plus the token and cost detail of LLM runs. */
export interface GroupSummary extends ReportGroupView {
  prompt_tokens: number;
  completion_tokens: number;
  mean_cost_usd: number;
  llm_calls: number;
  /** pass@k (unbiased) and standard errors, over the episodes that did not end in an environment error. */
  estimates: Estimates;
}

export interface ReportSummary {
  format: 'firedrill-report';
  version: 1;
  runs: { id: string; created_at: string; source: string }[];
  agents: string[];
  tasks: string[];
  bootstrap: { resamples: number; seed: number; level: number };
  groups: GroupSummary[];
  /** One per agent over all its episodes (task_id `*`). */
  overall: GroupSummary[];
}

export interface SummaryOptions {
  resamples?: number;
  seed?: number;
  runs?: ReportSummary['runs'];
}

export const ALL_TASKS = '*';

export function summarise(episodes: readonly EpisodeRow[], opts: SummaryOptions = {}): ReportSummary {
  const resamples = opts.resamples ?? 2000;
  const seed = opts.seed ?? 0;
  const agents = unique(episodes.map((e) => e.agent));
  const tasks = unique(episodes.map((e) => e.task_id));
  const groups: GroupSummary[] = [];
  for (const agent of agents) {
    for (const task of tasks) {
      const eps = episodes.filter((e) => e.agent === agent && e.task_id === task);
      if (eps.length > 0) groups.push(group(agent, task, eps, resamples, seed));
    }
  }
  const overall = agents.map((agent) => group(agent, ALL_TASKS, episodes.filter((e) => e.agent === agent), resamples, seed));
  return { format: 'firedrill-report', version: 1, runs: opts.runs ?? [], agents, tasks, bootstrap: { resamples, seed, level: 0.95 }, groups, overall };
}

function group(agent: string, task: string, unsorted: readonly EpisodeRow[], resamples: number, seed: number): GroupSummary {
  const all = [...unsorted].sort((a, b) => (a.task_id < b.task_id ? -1 : a.task_id > b.task_id ? 1 : a.seed - b.seed || a.repeat - b.repeat));
  // Failed episodes (the agent, its endpoint or the environment failed) count in the error rate, never as scores.
  const eps = all.filter((e) => !FAILED_END_STATUSES.includes(e.status));
  const errors = all.length - eps.length;
  const scores = eps.map((e) => e.score);
  const tries = triesPerTaskSeed(eps);
  const k = tries.length === 0 ? 1 : Math.max(1, Math.min(...tries.map((t) => t.n)));
  const ttm = eps.flatMap((e) => (e.time_to_mitigate === null ? [] : [e.time_to_mitigate]));
  const criterionNames = unique(eps.flatMap((e) => Object.keys(e.criteria)));
  const prompt = sum(eps.map((e) => e.prompt_tokens));
  const completion = sum(eps.map((e) => e.completion_tokens));
  const cost = sum(eps.map((e) => e.cost_usd));
  const statuses: Record<string, number> = {};
  for (const e of all) statuses[e.status] = (statuses[e.status] ?? 0) + 1;
  return {
    agent,
    task_id: task,
    episodes: all.length,
    scored: eps.length,
    errors,
    error_rate: all.length === 0 ? 0 : errors / all.length,
    seeds: tries.length,
    mean_score: mean(scores),
    ci95: bootstrapMeanCi(scores, { resamples, seed }),
    success_rate: mean(eps.map((e) => (e.success ? 1 : 0))),
    k,
    pass_k: passHatK(tries, k),
    mean_steps: mean(eps.map((e) => e.steps)),
    mean_time_to_mitigate: ttm.length ? mean(ttm) : null,
    mitigated: ttm.length,
    prompt_tokens: prompt,
    completion_tokens: completion,
    mean_tokens: eps.length ? (prompt + completion) / eps.length : 0,
    cost_usd: cost,
    mean_cost_usd: eps.length ? cost / eps.length : 0,
    llm_calls: sum(eps.map((e) => e.llm_calls)),
    criteria: Object.fromEntries(criterionNames.map((name) => [name, mean(eps.flatMap((e) => (name in e.criteria ? [e.criteria[name] as number] : [])))])),
    scores,
    statuses,
    // An environment failure is not a measurement of the agent: pass@k and its errors leave those episodes out.
    estimates: estimatesOf(eps.filter((e) => e.status !== 'env_error')),
  };
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
