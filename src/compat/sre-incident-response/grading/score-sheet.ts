import { pyRound } from '../../shared/python-round.js';

/**
 * Seed 1's reward arithmetic: weighted criteria that are each earned once, plus penalties, reported
 * as a clamped running total. Plain JSON, so it lives inside the episode state.
 */
export interface CriterionDef {
  name: string;
  weight: number;
  /** What earns it, in words; shown in the grade report. */
  description: string;
}

export interface Award {
  step: number;
  action_type: string;
  excerpt: string;
}

export interface Penalty {
  name: string;
  points: number;
  reason: string;
  step: number;
}

export interface ScoreSheet {
  scores: Record<string, number>;
  awards: Record<string, Award>;
  /** Criteria taken away for good (full_incident_runbook's no_wrong_service_blame). */
  revoked: string[];
  penalties: Penalty[];
}

export function newScoreSheet(): ScoreSheet {
  return { scores: {}, awards: {}, revoked: [], penalties: [] };
}

/** Earns a criterion once; returns whether this call earned it. */
export function award(sheet: ScoreSheet, defs: readonly CriterionDef[], name: string, evidence: Award): boolean {
  const def = defs.find((d) => d.name === name);
  if (!def) throw new Error(`unknown criterion ${name}`);
  if (sheet.scores[name] !== undefined || sheet.revoked.includes(name)) return false;
  sheet.scores[name] = def.weight;
  sheet.awards[name] = evidence;
  return true;
}

export function revoke(sheet: ScoreSheet, name: string): void {
  if (sheet.revoked.includes(name)) return;
  sheet.revoked.push(name);
  delete sheet.scores[name];
  delete sheet.awards[name];
}

export function penalize(sheet: ScoreSheet, penalty: Penalty): void {
  sheet.penalties.push(penalty);
}

/** Sum of the earned weights in declaration order minus the penalties, before clamping. */
export function rawTotal(sheet: ScoreSheet, defs: readonly CriterionDef[]): number {
  let sum = 0;
  for (const d of defs) sum += sheet.scores[d.name] ?? 0;
  let penalties = 0;
  for (const p of sheet.penalties) penalties += p.points;
  return sum - penalties;
}

/** The original's reported total: 0.01 at or below zero, 0.99 at or above one, else rounded to 4 places in [0.001, 0.999]. */
export function reportedTotal(sheet: ScoreSheet, defs: readonly CriterionDef[]): number {
  const c = Math.min(Math.max(rawTotal(sheet, defs), 0), 1);
  if (c <= 0) return 0.01;
  if (c >= 1) return 0.99;
  return pyRound(Math.min(Math.max(c, 0.001), 0.999), 4);
}

/** The original's per-criterion display value: round(clamp(v, 0.001, 0.999), 4). */
export function displayValue(v: number): number {
  return pyRound(Math.min(Math.max(v, 0.001), 0.999), 4);
}
