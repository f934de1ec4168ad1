import type { CriterionResult } from '../contracts/index.js';
import { type Criterion, gradeNative, isGroup, NATIVE_CRITERIA, NATIVE_PENALTY_RULES, nativeContext, type NativeContext } from '../grading/index.js';
import type { Environment } from './environment.js';
import { NativeEngine } from './native/engine.js';
import type { NativeState } from './native/state.js';

/**
 * One node of the rubric tree in OpenEnv's session telemetry (RFC 008): named by its path from `root`, with how it
 * combines its children, its static configuration, and its score when this operation evaluated it.
 */
export interface RubricNode {
  name: string;
  class_name: string;
  children: string[];
  aggregation: 'weighted_sum' | 'sequential' | 'gate' | 'leaf';
  config: Record<string, unknown>;
  config_available: boolean;
  score: number | null;
  evaluated: boolean;
}

/** Groups of the native rubric whose score is the weighted mean of their children; other groups are reported as leaves. */
const WEIGHTED_MEAN_GROUPS = new Set(['triage']);

/**
 * The native rubric as a tree whose root is the cumulative reward (the clamped rubric score):
 *
 *   root (gate, threshold 0: clamps the total at 0)
 *   └ root.total (sequential: nothing earned scores 0, whatever the penalties)
 *     ├ root.total.earned (weighted_sum of the criteria by their weights)
 *     │  └ root.total.earned.<criterion> (leaf, or weighted_sum of its parts)
 *     └ root.total.net (leaf: points earned minus penalty points, before clamping)
 *
 * Parent scores are recomputed from the reported child scores, so every parent equals its aggregation exactly.
 * Returns an error string for tasks without the native rubric and for other reward profiles, whose step reward is
 * not the rubric score (delta rewards are differences of it).
 */
export function rubricTelemetry(env: Environment, evaluate: boolean): RubricNode[] | { error: string } {
  const engine = env.engine;
  if (!(engine instanceof NativeEngine)) return { error: 'Rubric introspection covers the native rubric; this task is graded by a compat grader.' };
  const state = env.engineState as NativeState;
  if (state.reward_profile !== 'cumulative') {
    return { error: `Reward attribution is defined for reward_profile "cumulative" (the reward is the rubric score); this episode uses "${state.reward_profile}".` };
  }
  if (!evaluate) return definition(null);
  const ctx: NativeContext = nativeContext(state, state.truth);
  const graded = gradeNative(ctx);
  return definition({ criteria: graded.criteria, raw: graded.raw });
}

function definition(graded: { criteria: CriterionResult[]; raw: number } | null): RubricNode[] {
  const weightTotal = NATIVE_CRITERIA.reduce((a, c) => a + c.weight, 0);
  const criterionNodes: RubricNode[] = [];
  const criterionScores: number[] = [];
  for (const criterion of NATIVE_CRITERIA) {
    const result = graded?.criteria.find((r) => r.name === criterion.name) ?? null;
    const nodes = criterionTree(criterion, `root.total.earned.${criterion.name}`, result);
    criterionNodes.push(...nodes);
    criterionScores.push(nodes[0]!.score ?? 0);
  }
  const weights = NATIVE_CRITERIA.map((c) => c.weight / weightTotal);
  const earned = graded ? weights.reduce((a, w, i) => a + w * criterionScores[i]!, 0) : null;
  const netEvaluated = graded !== null && earned !== 0;
  const net = netEvaluated ? graded.raw : null;
  const total = graded === null ? null : earned === 0 ? 0 : net!;
  const root = total === null ? null : total < 0 ? 0 : total;
  return [
    node('root', 'firedrill.grading.ClampAtZero', ['root.total'], 'gate', { threshold: 0 }, root),
    node('root.total', 'firedrill.grading.NothingEarnedScoresZero', ['root.total.earned', 'root.total.net'], 'sequential', {}, total),
    node('root.total.earned', 'firedrill.grading.Criteria', NATIVE_CRITERIA.map((c) => `root.total.earned.${c.name}`), 'weighted_sum', { weights }, earned),
    ...criterionNodes,
    node(
      'root.total.net',
      'firedrill.grading.PenalisedTotal',
      [],
      'leaf',
      { formula: 'sum of criterion points minus penalty points', penalties: NATIVE_PENALTY_RULES.map((p) => ({ name: p.name, points: p.points })) },
      net,
    ),
  ];
}

function criterionTree(criterion: Criterion<NativeContext>, name: string, result: CriterionResult | null): RubricNode[] {
  const base = { weight: criterion.weight, description: criterion.description };
  if (isGroup(criterion) && WEIGHTED_MEAN_GROUPS.has(criterion.name)) {
    const total = criterion.children.reduce((a, c) => a + c.weight, 0);
    const weights = criterion.children.map((c) => c.weight / total);
    const leaves = criterion.children.map((child) => {
      const r = result?.children?.find((x) => x.name === child.name) ?? null;
      return node(`${name}.${child.name}`, 'firedrill.grading.Criterion', [], 'leaf', { weight: child.weight, description: child.description }, result ? (r?.score ?? 0) : null);
    });
    const score = result ? weights.reduce((a, w, i) => a + w * (leaves[i]!.score ?? 0), 0) : null;
    return [node(name, 'firedrill.grading.WeightedMean', leaves.map((l) => l.name), 'weighted_sum', { weights }, score), ...leaves];
  }
  const parts = isGroup(criterion) ? { parts: criterion.children.map((c) => ({ name: c.name, weight: c.weight })) } : {};
  return [node(name, isGroup(criterion) ? 'firedrill.grading.CombinedCriterion' : 'firedrill.grading.Criterion', [], 'leaf', { ...base, ...parts }, result ? result.score : null)];
}

function node(name: string, className: string, children: string[], aggregation: RubricNode['aggregation'], config: Record<string, unknown>, score: number | null): RubricNode {
  return { name, class_name: className, children, aggregation, config, config_available: true, score, evaluated: score !== null };
}
