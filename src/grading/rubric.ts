import type { CriterionResult } from '../contracts/index.js';

/** What one criterion concludes: a score in [0,1] and a one-line reason. */
export interface CriterionOutcome {
  score: number;
  reason: string;
}

interface CriterionBase {
  name: string;
  /** Share of the parent's points (top level: of the whole score). */
  weight: number;
  /** What the criterion measures, for docs and the grade report's readers. */
  description: string;
}

/** A criterion computed directly from the episode. */
export interface LeafCriterion<C> extends CriterionBase {
  evaluate(ctx: C): CriterionOutcome;
}

/**
 * A criterion made of weighted sub-criteria. By default its score is the weighted mean of its children;
 * `combine` replaces that when the parts interact (e.g. one part gates the others).
 */
export interface GroupCriterion<C> extends CriterionBase {
  children: readonly Criterion<C>[];
  combine?(children: readonly CriterionResult[], ctx: C): CriterionOutcome;
}

export type Criterion<C> = LeafCriterion<C> | GroupCriterion<C>;

/** A deduction of `points` per occurrence. */
export interface PenaltyRule<C> {
  name: string;
  points: number;
  description: string;
  evaluate(ctx: C): { count: number; reason: string };
}

export interface Penalty {
  name: string;
  points: number;
  reason: string;
}

export interface Rubric<C> {
  name: string;
  criteria: readonly Criterion<C>[];
  penalties: readonly PenaltyRule<C>[];
}

export interface RubricResult {
  /** Σ points − Σ penalties, clamped to [0,1] and rounded to 4 decimals. */
  score: number;
  /** The same before clamping. */
  raw: number;
  criteria: CriterionResult[];
  penalties: Penalty[];
}

export function isGroup<C>(c: Criterion<C>): c is GroupCriterion<C> {
  return 'children' in c;
}

/** Evaluates one criterion (recursively for groups) into its report entry. */
export function evaluateCriterion<C>(criterion: Criterion<C>, ctx: C): CriterionResult {
  if (!isGroup(criterion)) return result(criterion, criterion.evaluate(ctx));
  const children = criterion.children.map((c) => evaluateCriterion(c, ctx));
  const outcome = criterion.combine ? criterion.combine(children, ctx) : weightedMean(children);
  return { ...result(criterion, outcome), children };
}

function result<C>(criterion: Criterion<C>, outcome: CriterionOutcome): CriterionResult {
  const score = clamp01(outcome.score);
  return { name: criterion.name, weight: criterion.weight, score: round4(score), points: round4(criterion.weight * score), reason: outcome.reason };
}

/** Default combination of a group: Σ wᵢ·sᵢ / Σ wᵢ, with the children's reasons. */
export function weightedMean(children: readonly CriterionResult[]): CriterionOutcome {
  const total = children.reduce((a, c) => a + c.weight, 0);
  const score = total === 0 ? 0 : children.reduce((a, c) => a + c.weight * c.score, 0) / total;
  return { score, reason: children.map((c) => `${c.name} ${c.score.toFixed(2)}`).join(', ') };
}

/** Evaluates a rubric: the score is Σ weight·score over the top-level criteria minus every penalty, clamped to [0,1]. */
export function evaluateRubric<C>(rubric: Rubric<C>, ctx: C): RubricResult {
  const criteria = rubric.criteria.map((c) => evaluateCriterion(c, ctx));
  const penalties: Penalty[] = [];
  for (const rule of rubric.penalties) {
    const { count, reason } = rule.evaluate(ctx);
    if (count > 0) penalties.push({ name: rule.name, points: round4(count * rule.points), reason });
  }
  const raw = criteria.reduce((a, r) => a + r.points, 0) - penalties.reduce((a, p) => a + p.points, 0);
  return { score: round4(clamp01(raw)), raw: round4(raw), criteria, penalties };
}

export function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/**
 * Average precision at full recall over a ranked list of claims: each relevant claim contributes the precision at
 * its rank, divided by the number of relevant items. Missing items count 0; wrong claims ranked before a right one
 * lower its precision.
 */
export function averagePrecision(ranked: readonly boolean[], relevantTotal: number): number {
  if (relevantTotal === 0) return ranked.length === 0 ? 1 : 0;
  let hits = 0;
  let sum = 0;
  ranked.forEach((relevant, i) => {
    if (relevant) {
      hits += 1;
      sum += hits / (i + 1);
    }
  });
  return sum / relevantTotal;
}

/**
 * Cohen's kappa of a labelling against the truth, clipped at 0: observed agreement corrected for the agreement
 * expected by chance from the two label distributions, so any constant guess (and random labelling, on average)
 * scores 0 and a perfect labelling 1. Items without a prediction count as disagreements. When chance agreement is
 * already total (one class in the truth, predicted throughout), only a perfect labelling scores.
 */
export function cohenKappa<L extends string>(items: readonly { truth: L; predicted: L | null }[]): number {
  const n = items.length;
  if (n === 0) return 1;
  const truthCount = new Map<string, number>();
  const predCount = new Map<string, number>();
  let agree = 0;
  for (const it of items) {
    truthCount.set(it.truth, (truthCount.get(it.truth) ?? 0) + 1);
    if (it.predicted !== null) predCount.set(it.predicted, (predCount.get(it.predicted) ?? 0) + 1);
    if (it.predicted === it.truth) agree += 1;
  }
  const observed = agree / n;
  let expected = 0;
  for (const [label, t] of truthCount) expected += (t / n) * ((predCount.get(label) ?? 0) / n);
  if (expected >= 1) return observed >= 1 ? 1 : 0;
  return Math.max(0, (observed - expected) / (1 - expected));
}
