import type { GradeReport } from './episode.js';
import type { Trajectory } from './trajectory.js';

/**
 * What the read-only run routes (GET /runs, /runs/:id, /runs/:id/episode, /reports) answer: the eval store seen by
 * a browser. Shapes only; the server fills them from the SQLite run store.
 */

export interface RunListItem {
  id: string;
  created_at: string;
  updated_at: string;
  status: 'running' | 'finished' | 'interrupted';
  /** Where the episodes ran: in-process or remote. */
  source: string;
  agents: string[];
  tasks: string[];
  seeds: number[];
  repeats: number;
  /** Episodes stored so far (the plan may hold more while the run is going). */
  episodes: number;
  planned_episodes: number;
  /** Stored episodes that failed (agent, endpoint or environment); the mean score leaves them out. */
  failed: number;
  mean_score: number | null;
}

export interface RunList {
  /** Path of the SQLite store the server reads, or null when it has none. */
  store: string | null;
  runs: RunListItem[];
}

export interface EpisodeListItem {
  agent: string;
  task_id: string;
  seed: number;
  repeat: number;
  status: string;
  score: number;
  success: boolean;
  turns: number;
  steps: number;
  total_reward: number;
  elapsed_minutes: number | null;
  time_to_mitigate: number | null;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: number;
  /** Top-level criterion name → score in [0, 1]. */
  criteria: Record<string, number>;
  error: string | null;
}

export interface RunDetail {
  run: RunListItem;
  episodes: EpisodeListItem[];
}

/** One stored turn as the store's step table keeps it (no observation: only its digest). */
export interface StoredStep {
  idx: number;
  action: unknown;
  reward: number | null;
  done: boolean;
  error_kind: string | null;
  error: string | null;
}

export interface EpisodeDetail {
  run_id: string;
  episode: EpisodeListItem;
  report: GradeReport | null;
  /** The JSONL trajectory file, parsed; null when the file is gone (then `steps` is all there is). */
  trajectory: Trajectory | null;
  steps: StoredStep[];
}

/** Aggregates of one agent on one task, or on every task (task_id "*"), as the eval reports compute them. */
export interface ReportGroupView {
  agent: string;
  task_id: string;
  /** Every stored episode, failed ones included. */
  episodes: number;
  /** Episodes that ended with a grade (all but the failed): the scores, success and pass^k are over these. */
  scored: number;
  /** Episodes that failed (status `error` or `env_error`): an agent, endpoint or environment failure, never a 0 score. */
  errors: number;
  /** errors / episodes. */
  error_rate: number;
  seeds: number;
  /** Mean over the scored episodes (0 when none was scored). */
  mean_score: number;
  ci95: [number, number];
  success_rate: number;
  /** k = the number of tries per (task, seed); pass^1 is the success rate. */
  k: number;
  pass_k: number | null;
  mean_steps: number;
  /** Mean simulated minutes to mitigate, over the episodes that mitigated. */
  mean_time_to_mitigate: number | null;
  mitigated: number;
  mean_tokens: number;
  cost_usd: number;
  criteria: Record<string, number>;
  /** Every episode score, in (task, seed, repeat) order, for distributions. */
  scores: number[];
  statuses: Record<string, number>;
}

/** The eval report summary of one or more runs (GET /reports?runs=…). */
export interface RunReportView {
  runs: { id: string; created_at: string; source: string }[];
  agents: string[];
  tasks: string[];
  groups: ReportGroupView[];
  overall: ReportGroupView[];
}
