import type { Level } from './claims.js';
import { type CriterionDef, type ScoreSheet, award, newScoreSheet } from './score-sheet.js';

/** The graded action types of sre-incident-response (noop and unknown types never reach a rubric). */
export type GradedActionType = 'acknowledge_alert' | 'diagnose' | 'run_query' | 'apply_fix' | 'escalate' | 'write_postmortem';

/**
 * What the agent has claimed so far, in any message: the grader holds every new claim against all earlier ones, so
 * a claim contradicting an earlier one voids both (see docs/compat.md, "Claims hold across messages").
 */
export interface ClaimHistory {
  /** Every priority each service has been given (alert_triage). */
  levels: Record<string, Level[]>;
  /** Services called a symptom (or dismissed) at least once (alert_triage). */
  symptoms: string[];
  /** Root causes asserted: candidate services (alert_triage) or explanations (root_cause_diagnosis). */
  roots: string[];
}

export interface GradeState {
  sheet: ScoreSheet;
  /** full_incident_runbook: the components fixed, in order (redis, auth, mobile). */
  fix_order: string[];
  claimed: ClaimHistory;
}

export function newGradeState(): GradeState {
  return { sheet: newScoreSheet(), fix_order: [], claimed: { levels: {}, symptoms: [], roots: [] } };
}

export interface GradeInput {
  actionType: GradedActionType;
  value: string;
  step: number;
}

/** One task variant's rubric: criteria with weights and the rules that award them. */
export interface SreRubric {
  readonly criteria: readonly CriterionDef[];
  /** Criteria earned before the first action (full_incident_runbook's no_wrong_service_blame). */
  readonly preAwarded: readonly string[];
  /** Applies one action; returns what it earned or cost, in words. */
  grade(state: GradeState, input: GradeInput): string[];
  /** Whether this apply_fix value is the remediation that works (drives the recovery shown to the agent). */
  isEffectiveFix(state: GradeState, value: string): boolean;
  readonly groundTruth: Readonly<Record<string, unknown>>;
}

export function excerpt(value: string, max = 120): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}

/** A function that earns a criterion for this action and notes it. */
export function awarder(state: GradeState, criteria: readonly CriterionDef[], input: GradeInput, notes: string[]): (name: string) => void {
  const evidence = { step: input.step, action_type: input.actionType, excerpt: excerpt(input.value) };
  return (name) => {
    if (award(state.sheet, criteria, name, evidence)) notes.push(`+${(state.sheet.scores[name] ?? 0).toFixed(2)} ${name}`);
  };
}
