import type { EpisodeEndStatus, GradeReport, Trajectory } from '../contracts/index.js';

/** The row an episode leaves in the run store: its outcome without the turns. */
export interface EpisodeRow {
  run_id: string;
  agent: string;
  task_id: string;
  seed: number;
  repeat: number;
  status: EpisodeEndStatus;
  score: number;
  success: boolean;
  turns: number;
  steps: number;
  total_reward: number;
  elapsed_minutes: number | null;
  /** Simulated minutes from onset to mitigation; null when the episode did not mitigate. */
  time_to_mitigate: number | null;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: number;
  llm_calls: number;
  wall_ms: number;
  /** Top-level criterion name → score in [0, 1]. */
  criteria: Record<string, number>;
  report: GradeReport | null;
  error: string | null;
  trajectory_path: string;
  started_at: string;
  finished_at: string;
}

/**
 * Simulated time to mitigate: the report's elapsed minutes when its `mitigation` criterion is fully met (or, for
 * rubrics without one, when the episode succeeded).
 */
export function timeToMitigate(report: GradeReport | null): number | null {
  if (!report || report.elapsed_minutes === null) return null;
  const mitigation = report.criteria.find((c) => c.name === 'mitigation');
  const mitigated = mitigation ? mitigation.score >= 1 : report.success;
  return mitigated ? report.elapsed_minutes : null;
}

export function episodeRow(runId: string, agent: string, t: Trajectory, trajectoryPath: string, finishedAt: string): EpisodeRow {
  const report = t.end.report;
  return {
    run_id: runId,
    agent,
    task_id: t.header.task_id,
    seed: t.header.seed,
    repeat: t.header.repeat,
    status: t.end.status,
    score: report?.score ?? 0,
    success: report?.success ?? false,
    turns: t.end.turns,
    steps: t.end.steps,
    total_reward: t.end.total_reward,
    elapsed_minutes: report?.elapsed_minutes ?? null,
    time_to_mitigate: timeToMitigate(report),
    prompt_tokens: t.end.usage.prompt_tokens,
    completion_tokens: t.end.usage.completion_tokens,
    cost_usd: t.end.usage.cost_usd,
    llm_calls: t.end.usage.calls,
    wall_ms: t.end.wall_ms,
    criteria: Object.fromEntries((report?.criteria ?? []).map((c) => [c.name, c.score])),
    report,
    error: t.end.error,
    trajectory_path: trajectoryPath,
    started_at: t.header.started_at,
    finished_at: finishedAt,
  };
}
