import type { CriterionResult } from '../contracts/index.js';

/** One named, weighted criterion: a pure function of the episode returning a score in [0,1] and a reason. */
export interface Criterion<C> {
  name: string;
  weight: number;
  evaluate(ctx: C): { score: number; reason: string; children?: CriterionResult[] };
}

export interface Penalty {
  name: string;
  points: number;
  reason: string;
}

export interface RubricResult {
  score: number;
  raw: number;
  criteria: CriterionResult[];
  penalties: Penalty[];
}

/** Evaluates a list of criteria and penalties; the score is Σ weight·score − Σ penalties, clamped to [0,1]. */
export function evaluateRubric<C>(criteria: readonly Criterion<C>[], penalties: (ctx: C) => Penalty[], ctx: C): RubricResult {
  const results: CriterionResult[] = criteria.map((c) => {
    const r = c.evaluate(ctx);
    const score = Math.min(1, Math.max(0, r.score));
    const out: CriterionResult = { name: c.name, weight: c.weight, score: round4(score), points: round4(c.weight * score), reason: r.reason };
    if (r.children) out.children = r.children;
    return out;
  });
  const pens = penalties(ctx);
  const raw = results.reduce((a, r) => a + r.weight * r.score, 0) - pens.reduce((a, p) => a + p.points, 0);
  return { score: round4(Math.min(1, Math.max(0, raw))), raw: round4(raw), criteria: results, penalties: pens };
}

export function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

/**
 * Average precision at full recall over a ranked list of claims: each relevant claim contributes the precision at
 * its rank, divided by the number of relevant items. Extra wrong claims lower precision; missing items count 0.
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
