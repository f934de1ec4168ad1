/** One variant of a sre-incident-response task: what the agent is shown. Grading facts live in ../grading. */
export interface SreScenario {
  /** The original's scenario name. It names the cause, so it appears only in the grade report. */
  name: string;
  goal: string;
  hint: string;
  alerts: readonly string[];
  metrics: Readonly<Record<string, number>>;
  logs: readonly string[];
}

export const SRE_ACTION_TYPES = ['acknowledge_alert', 'diagnose', 'run_query', 'apply_fix', 'escalate', 'write_postmortem', 'noop'] as const;

/** Simulated seconds one graded step takes. */
export const SECONDS_PER_STEP = 15;

/** A run_query lookup: the first entry whose trigger matches answers the query. */
export interface QueryEntry {
  /** Case-insensitive substrings of the query that select this entry. */
  triggers: readonly string[];
  /** Seed 1's disk-variant matcher also accepts a query that is a substring of the key. */
  matchQueryInsideKey?: boolean;
  result: string;
}

/** What the agent sees after the remediation that works. */
export interface Recovery {
  feedback: string;
  metrics: Readonly<Record<string, number>>;
}
