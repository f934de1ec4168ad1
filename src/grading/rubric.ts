import type { CriterionResult } from '../contracts/index.js';

/** What one criterion concludes: a score in [0,1] and a one-line reason. */
export interface CriterionOutcome {
  score: number;
  reason: string;
  /**
   * False when the episode gives the criterion nothing to measure (e.g. every alert has the same true label, so no
   * labelling can be told from a constant guess): it scores 0 and its weight moves to the other criteria.
   */
  applicable?: boolean;
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

/** Prefix of the reason of a criterion that does not apply to the episode (its result has weight 0). */
export const NOT_APPLICABLE = 'not applicable: ';

function result<C>(criterion: Criterion<C>, outcome: CriterionOutcome): CriterionResult {
  if (outcome.applicable === false) return { name: criterion.name, weight: 0, score: 0, points: 0, reason: outcome.reason.startsWith(NOT_APPLICABLE) ? outcome.reason : NOT_APPLICABLE + outcome.reason };
  const score = clamp01(outcome.score);
  return { name: criterion.name, weight: criterion.weight, score: round4(score), points: round4(criterion.weight * score), reason: outcome.reason };
}

/** Whether a criterion result was set aside as not applicable. */
export function isNotApplicable(r: CriterionResult): boolean {
  return r.weight === 0 && r.reason.startsWith(NOT_APPLICABLE);
}

/**
 * Moves the weight of criteria that do not apply onto the others, in proportion to their weights, so the weights
 * still sum to the rubric's total.
 */
function redistribute(results: CriterionResult[], weights: readonly number[]): CriterionResult[] {
  const total = weights.reduce((a, w) => a + w, 0);
  const lost = results.reduce((a, r, i) => a + (isNotApplicable(r) ? (weights[i] ?? 0) : 0), 0);
  if (lost === 0 || lost >= total) return results;
  const scale = total / (total - lost);
  return results.map((r) => (isNotApplicable(r) ? r : { ...r, weight: round4(r.weight * scale), points: round4(r.weight * scale * r.score) }));
}

/** Default combination of a group: Σ wᵢ·sᵢ / Σ wᵢ, with the children's reasons. */
export function weightedMean(children: readonly CriterionResult[]): CriterionOutcome {
  const total = children.reduce((a, c) => a + c.weight, 0);
  const score = total === 0 ? 0 : children.reduce((a, c) => a + c.weight * c.score, 0) / total;
  return { score, reason: children.map((c) => `${c.name} ${c.score.toFixed(2)}`).join(', ') };
}

/** Evaluates a rubric: the score is Σ weight·score over the top-level criteria minus every penalty, clamped to [0,1]. */
export function evaluateRubric<C>(rubric: Rubric<C>, ctx: C): RubricResult {
  const criteria = redistribute(
    rubric.criteria.map((c) => evaluateCriterion(c, ctx)),
    rubric.criteria.map((c) => c.weight),
  );
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

/** Cohen's kappa of a labelling against the truth, with the inputs a report needs to show how it was reached. */
export interface Agreement {
  kappa: number;
  items: number;
  /** Items labelled exactly right. */
  exact: number;
  /** Items labelled at partial disagreement (weight strictly between 0 and 1), e.g. an adjacent severity. */
  partial: number;
  /** 1 − mean disagreement: the share of agreement, partial credit included. */
  observed: number;
  /** Agreement expected by chance from the two label distributions. */
  chance: number;
  /** False when the truth has a single label: then every labelling, right or constant, is indistinguishable. */
  informative: boolean;
}

/** Disagreement between two labels in [0,1]; a missing prediction disagrees fully. */
export type Disagreement<L extends string> = (truth: L, predicted: L) => number;

const nominal = <L extends string>(a: L, b: L) => (a === b ? 0 : 1);

/**
 * Weighted Cohen's kappa of a labelling against the truth, clipped at 0: 1 − observed disagreement ÷ the
 * disagreement expected by chance from the two label distributions. With the nominal weight (0 when equal, 1
 * otherwise) it is plain Cohen's kappa; an ordinal weight gives partial credit for near misses. Any constant
 * guess scores exactly 0 (its disagreement is the chance disagreement), whatever the truth distribution; items
 * without a prediction disagree fully. When the truth has a single label nothing separates a right labelling
 * from a constant guess: the kappa is 0 and `informative` is false.
 */
export function weightedKappa<L extends string>(items: readonly { truth: L; predicted: L | null }[], disagreement: Disagreement<L> = nominal): Agreement {
  const n = items.length;
  const truths = new Set(items.map((i) => i.truth));
  const w = (t: L, p: L | null) => (p === null ? 1 : disagreement(t, p));
  let exact = 0;
  let partial = 0;
  let observedD = 0;
  for (const it of items) {
    const d = w(it.truth, it.predicted);
    observedD += d;
    if (d === 0) exact += 1;
    else if (d < 1) partial += 1;
  }
  const truthCount = new Map<L, number>();
  const predCount = new Map<L | null, number>();
  for (const it of items) {
    truthCount.set(it.truth, (truthCount.get(it.truth) ?? 0) + 1);
    predCount.set(it.predicted, (predCount.get(it.predicted) ?? 0) + 1);
  }
  let expectedD = 0;
  for (const [t, tc] of truthCount) for (const [p, pc] of predCount) expectedD += (tc / n) * (pc / n) * w(t, p);
  const observed = n === 0 ? 1 : 1 - observedD / n;
  const chance = n === 0 ? 1 : 1 - expectedD;
  const informative = truths.size >= 2;
  // Rounded so that a constant guess, whose disagreement equals the chance disagreement, is exactly 0.
  const kappa = !informative || expectedD === 0 ? 0 : Math.max(0, Math.round((1 - observedD / n / expectedD) * 1e12) / 1e12);
  return { kappa, items: n, exact, partial, observed, chance, informative };
}

/** Plain (nominal) Cohen's kappa, clipped at 0; see `weightedKappa`. */
export function cohenKappa<L extends string>(items: readonly { truth: L; predicted: L | null }[]): number {
  return weightedKappa(items).kappa;
}

/**
 * The three largest losses of a graded episode in plain words, largest first: each criterion's lost points
 * (weight × (1 − score)) and each penalty, with the reason that explains it. Empty when nothing was lost.
 */
export function lostPointsSummary(result: RubricResult, top = 3): string[] {
  const losses: { points: number; text: string }[] = [];
  for (const c of result.criteria) {
    const lost = round4(c.weight * (1 - c.score));
    if (lost > 0) losses.push({ points: lost, text: `${c.name} lost ${lost.toFixed(2)} of ${c.weight.toFixed(2)}: ${deepestReason(c)}` });
  }
  for (const p of result.penalties) if (p.points > 0) losses.push({ points: p.points, text: `penalty ${p.name} cost ${p.points.toFixed(2)}: ${p.reason}` });
  return losses
    .sort((a, b) => b.points - a.points)
    .slice(0, top)
    .map((l) => l.text);
}

/** The reason of a criterion, or of its weakest weighted part when it is a group. */
function deepestReason(c: CriterionResult): string {
  const parts = (c.children ?? []).filter((x) => x.weight > 0 && x.score < 1);
  if (parts.length === 0) return c.reason;
  const worst = parts.reduce((a, b) => (b.weight * (1 - b.score) > a.weight * (1 - a.score) ? b : a));
  return `${c.reason}; worst part ${worst.name}: ${deepestReason(worst)}`;
}
