import { describe, expect, it } from 'vitest';

import { averagePrecision, cohenKappa, type Criterion, evaluateRubric, lostPointsSummary, type Rubric, weightedKappa } from './rubric.js';

interface Ctx {
  a: number;
  b: number;
  fines: number;
}

const leaf = (name: string, weight: number, pick: (c: Ctx) => number): Criterion<Ctx> => ({ name, weight, description: name, evaluate: (c) => ({ score: pick(c), reason: `${name}=${pick(c)}` }) });

const rubric: Rubric<Ctx> = {
  name: 'test',
  criteria: [
    leaf('a', 0.6, (c) => c.a),
    {
      name: 'group',
      weight: 0.4,
      description: 'two halves',
      children: [leaf('b', 3, (c) => c.b), leaf('one', 1, () => 1)],
    },
  ],
  penalties: [{ name: 'fine', points: 0.1, description: 'per fine', evaluate: (c) => ({ count: c.fines, reason: `${c.fines} fines` }) }],
};

describe('evaluateRubric', () => {
  it('sums weighted points, combines a group as the weighted mean of its children, and reports every node', () => {
    const r = evaluateRubric(rubric, { a: 0.5, b: 0, fines: 0 });
    expect(r.criteria).toEqual([
      { name: 'a', weight: 0.6, score: 0.5, points: 0.3, reason: 'a=0.5' },
      {
        name: 'group',
        weight: 0.4,
        score: 0.25,
        points: 0.1,
        reason: 'b 0.00, one 1.00',
        children: [
          { name: 'b', weight: 3, score: 0, points: 0, reason: 'b=0' },
          { name: 'one', weight: 1, score: 1, points: 1, reason: 'one=1' },
        ],
      },
    ]);
    expect(r.score).toBe(0.4);
    expect(r.raw).toBe(0.4);
    expect(r.penalties).toEqual([]);
  });

  it('subtracts penalties per occurrence, clamps the score at 0 and keeps the raw total', () => {
    const r = evaluateRubric(rubric, { a: 0, b: 0, fines: 3 });
    expect(r.penalties).toEqual([{ name: 'fine', points: 0.3, reason: '3 fines' }]);
    expect(r.raw).toBe(-0.2);
    expect(r.score).toBe(0);
  });

  it('clamps criterion scores into [0,1]', () => {
    const r = evaluateRubric(rubric, { a: 7, b: -2, fines: 0 });
    expect(r.criteria[0]?.score).toBe(1);
    expect(r.criteria[1]?.children?.[0]?.score).toBe(0);
    expect(r.score).toBe(0.7);
  });

  it('lets a group replace the weighted mean with its own combination', () => {
    const gated: Rubric<Ctx> = {
      name: 'gated',
      criteria: [{ name: 'g', weight: 1, description: 'a gates b', children: [leaf('a', 0, (c) => c.a), leaf('b', 1, (c) => c.b)], combine: (ch) => ({ score: (ch[0]?.score ?? 0) * (ch[1]?.score ?? 0), reason: 'product' }) }],
      penalties: [],
    };
    expect(evaluateRubric(gated, { a: 0.5, b: 0.5, fines: 0 }).score).toBe(0.25);
  });
});

describe('averagePrecision', () => {
  it('is 1 for exactly the relevant items first, and drops with wrong claims ranked before right ones', () => {
    expect(averagePrecision([true], 1)).toBe(1);
    expect(averagePrecision([false, true], 1)).toBe(0.5);
    expect(averagePrecision([false, false, false, true], 1)).toBe(0.25);
    expect(averagePrecision([true, false, true], 2)).toBeCloseTo((1 + 2 / 3) / 2, 12);
  });

  it('counts missing relevant items as zero and is blind to wrong claims after the last right one', () => {
    expect(averagePrecision([true], 2)).toBe(0.5);
    expect(averagePrecision([], 1)).toBe(0);
    expect(averagePrecision([true, false, false], 1)).toBe(1);
    expect(averagePrecision([], 0)).toBe(1);
    expect(averagePrecision([false], 0)).toBe(0);
  });
});

describe('cohenKappa', () => {
  const truth = ['root', 'root', 'root', 'symptom', 'symptom', 'symptom', 'symptom', 'symptom', 'symptom', 'symptom', 'symptom', 'unrelated'] as const;
  const items = (pred: readonly (string | null)[]) => truth.map((t, i) => ({ truth: t as string, predicted: pred[i] ?? null }));

  it('scores a perfect labelling 1, any constant guess 0, and no labels 0', () => {
    expect(cohenKappa(items(truth))).toBe(1);
    expect(cohenKappa(items(truth.map(() => 'symptom')))).toBe(0);
    expect(cohenKappa(items(truth.map(() => 'root')))).toBe(0);
    expect(cohenKappa(items([]))).toBe(0);
  });

  it('corrects agreement for chance: the lone unrelated alert called a symptom gives (11/12 − 81/144) / (1 − 81/144)', () => {
    const pred = truth.map((t) => (t === 'unrelated' ? 'symptom' : t));
    expect(cohenKappa(items(pred))).toBeCloseTo((11 / 12 - 81 / 144) / (1 - 81 / 144), 12);
  });

  it('clips worse-than-chance labellings at 0', () => {
    expect(cohenKappa([{ truth: 'a', predicted: 'b' }, { truth: 'b', predicted: 'a' }])).toBe(0);
  });

  it('with one class in the truth a constant guess scores 0 even when it matches, and the result is flagged uninformative', () => {
    expect(cohenKappa([{ truth: 'a', predicted: 'a' }, { truth: 'a', predicted: 'a' }])).toBe(0);
    expect(weightedKappa([{ truth: 'a', predicted: 'a' }, { truth: 'a', predicted: 'b' }])).toEqual({ kappa: 0, items: 2, exact: 1, partial: 0, observed: 0.5, chance: 0.5, informative: false });
    expect(weightedKappa([])).toEqual({ kappa: 0, items: 0, exact: 0, partial: 0, observed: 1, chance: 1, informative: false });
  });
});

describe('weightedKappa', () => {
  const P = ['P1', 'P2', 'P3'] as const;
  type S = (typeof P)[number];
  const ordinal = (a: S, b: S) => Math.abs(P.indexOf(a) - P.indexOf(b)) / 2;
  const truth: S[] = ['P1', 'P1', 'P2', 'P2', 'P3'];
  const items = (pred: (S | null)[]) => truth.map((t, i) => ({ truth: t, predicted: pred[i] ?? null }));

  it('gives an adjacent priority half credit: one P1 called P2 → 1 − 0.1 / 0.38', () => {
    // Observed disagreement 0.5/5 = 0.1; chance disagreement from marginals (2,2,1) × (1,3,1) over 25 with weights 0, ½, 1 = 9.5/25.
    const a = weightedKappa(items(['P2', 'P1', 'P2', 'P2', 'P3']), ordinal);
    expect(a.exact).toBe(4);
    expect(a.partial).toBe(1);
    expect(a.observed).toBeCloseTo(0.9, 12);
    expect(a.chance).toBeCloseTo(1 - 9.5 / 25, 12);
    expect(a.kappa).toBeCloseTo(1 - 0.1 / (9.5 / 25), 12);
  });

  it('scores every constant guess exactly 0 whatever the truth distribution', () => {
    for (const c of P) expect(weightedKappa(items(truth.map(() => c)), ordinal).kappa).toBe(0);
    expect(weightedKappa([{ truth: 'P2' as S, predicted: 'P2' as S }, { truth: 'P2' as S, predicted: 'P2' as S }], ordinal).kappa).toBe(0);
  });

  it('counts an unlabelled item as full disagreement', () => {
    const a = weightedKappa(items(['P1', 'P1', 'P2', 'P2', null]), ordinal);
    expect(a.exact).toBe(4);
    expect(a.observed).toBeCloseTo(0.8, 12);
  });
});

describe('not-applicable criteria', () => {
  it('score 0 with weight 0, and their weight moves to the others in proportion', () => {
    const rubric: Rubric<null> = {
      name: 'na',
      criteria: [
        { name: 'a', weight: 0.2, description: '', evaluate: () => ({ score: 1, reason: 'nothing to measure', applicable: false }) },
        { name: 'b', weight: 0.4, description: '', evaluate: () => ({ score: 1, reason: 'ok' }) },
        { name: 'c', weight: 0.4, description: '', evaluate: () => ({ score: 0.5, reason: 'half' }) },
      ],
      penalties: [],
    };
    const r = evaluateRubric(rubric, null);
    expect(r.criteria.map((c) => [c.name, c.weight, c.score, c.points])).toEqual([
      ['a', 0, 0, 0],
      ['b', 0.5, 1, 0.5],
      ['c', 0.5, 0.5, 0.25],
    ]);
    expect(r.criteria[0]?.reason).toBe('not applicable: nothing to measure');
    expect(r.score).toBe(0.75);
  });
});

describe('lostPointsSummary', () => {
  it('names the three largest losses, criteria and penalties alike, largest first', () => {
    const rubric: Rubric<null> = {
      name: 's',
      criteria: [
        { name: 'a', weight: 0.5, description: '', evaluate: () => ({ score: 0.8, reason: 'ra' }) },
        { name: 'b', weight: 0.3, description: '', evaluate: () => ({ score: 0, reason: 'rb' }) },
        { name: 'c', weight: 0.2, description: '', evaluate: () => ({ score: 0.5, reason: 'rc' }) },
      ],
      penalties: [{ name: 'p', points: 0.05, description: '', evaluate: () => ({ count: 1, reason: 'rp' }) }],
    };
    expect(lostPointsSummary(evaluateRubric(rubric, null))).toEqual(['b lost 0.30 of 0.30: rb', 'a lost 0.10 of 0.50: ra', 'c lost 0.10 of 0.20: rc']);
  });
});
