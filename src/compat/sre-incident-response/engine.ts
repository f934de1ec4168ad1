import { z } from 'zod';

import { FiredrillError, type GradeReport, type RewardProfile, type StepResult, type TaskInfo } from '../../contracts/index.js';
import {
  type GradedActionType,
  type GradeState,
  type SreRubric,
  displayValue,
  newGradeState,
  penalize,
  reportedTotal,
} from './grading/index.js';
import { pyRound } from '../shared/python-round.js';
import type { Rng } from '../../lib/index.js';
import { SECONDS_PER_STEP, SRE_ACTION_TYPES, type SreScenario } from './scenarios/index.js';
import type { EngineContext, TaskEngine } from '../../env/engine.js';

/** sre-incident-response's free-text action. Unknown action types are a legal (wasted) step, as in the original. */
export const SreActionSchema = z
  .object({
    action_type: z.string().min(1).max(64).describe('One of acknowledge_alert, diagnose, run_query, apply_fix, escalate, write_postmortem, noop.'),
    value: z.string().max(8000).describe('Free text: the alert, the diagnosis, the query, the fix, the postmortem.'),
  })
  .describe('sre-incident-response action {action_type, value}.');
export type SreAction = z.infer<typeof SreActionSchema>;

export const SreObservationSchema = z.strictObject({
  logs: z.array(z.string()),
  metrics: z.record(z.string(), z.number()),
  active_alerts: z.array(z.string()),
  task_goal: z.string(),
  current_step: z.number().int().min(0),
  max_steps: z.number().int().min(1),
  time_elapsed_seconds: z.number(),
  available_actions: z.array(z.string()),
  hint: z.string().nullable(),
});
export type SreObservation = z.infer<typeof SreObservationSchema>;

/** What a task does with an action besides grading it: the feedback text and the logs it shows. */
export interface SreActionEffect {
  feedback: string;
  logs?: string[];
}

export interface SreVariant {
  scenario: SreScenario;
  rubric: SreRubric;
  /** Feedback (and any query results) for a graded action. */
  effect(state: SreState, actionType: GradedActionType, value: string): SreActionEffect;
  /** Metrics shown once the remediation that works has been applied. */
  recoveredMetrics?: Readonly<Record<string, number>>;
  /** A few plausible action values, for sampleAction. */
  sampleValues: readonly string[];
}

export interface SreTaskDefinition {
  info: TaskInfo;
  variants: readonly SreVariant[];
}

export interface SreState {
  task_id: string;
  variant: number;
  seed: number;
  episode_id: string;
  reward_profile: RewardProfile;
  step: number;
  time_elapsed_seconds: number;
  done: boolean;
  grade: GradeState;
  recovered: boolean;
  /** Fingerprints of the last three actions (loop detection). */
  loop_window: string[];
  /** The running total reported after the previous step (0.001 before the first, as in the original). */
  last_total: number;
  /** The total the delta profile last paid up to. */
  paid_total: number;
  peak: number;
  last_observation: SreObservation;
}

const GRADED: ReadonlySet<string> = new Set(SRE_ACTION_TYPES.filter((t) => t !== 'noop'));
const NOOP_GRACE_STEPS = 5;
const NOOP_PENALTY = 0.02;
const LOOP_PENALTY = 0.05;
const ESCALATION_PENALTY = 0.05;
const COMPLETE_AT = 0.95;

export function loopHint(remaining: number): string {
  return `LOOP DETECTED: You have repeated the same action 3 times with no reward change. Try a completely different action_type or approach. Remaining steps: ${remaining}`;
}

/**
 * An sre-incident-response task as a Firedrill engine: free-text actions graded by keyword
 * rubrics into a cumulative score, with the original's documented bugs fixed (see docs/compat.md).
 * The variant is `seed % variants`, so seed 0 is variant 0 and seed 1 variant 1.
 */
export class SreCompatEngine implements TaskEngine<SreState> {
  readonly actionSchema = SreActionSchema;
  readonly observationSchema = SreObservationSchema;
  readonly defaultRewardProfile: RewardProfile = 'cumulative';
  readonly version = 2;
  readonly info: TaskInfo;

  constructor(private readonly def: SreTaskDefinition) {
    this.info = def.info;
  }

  variantOf(seed: number): number {
    return seed % this.def.variants.length;
  }

  reset(ctx: EngineContext): { state: SreState; result: StepResult } {
    if (ctx.rewardProfile !== 'cumulative' && ctx.rewardProfile !== 'delta') {
      throw new FiredrillError('VALIDATION_ERROR', `Task ${this.info.id} supports the reward profiles cumulative and delta, not ${ctx.rewardProfile}.`, { field: 'reward_profile' });
    }
    const variantIndex = this.variantOf(ctx.seed);
    const variant = this.variant(variantIndex);
    const grade: GradeState = newGradeState();
    for (const name of variant.rubric.preAwarded) {
      const def = variant.rubric.criteria.find((c) => c.name === name);
      if (def) {
        grade.sheet.scores[name] = def.weight;
        grade.sheet.awards[name] = { step: 0, action_type: 'reset', excerpt: 'earned at the start of the episode' };
      }
    }
    const state: SreState = {
      task_id: this.info.id,
      variant: variantIndex,
      seed: ctx.seed,
      episode_id: ctx.episodeId,
      reward_profile: ctx.rewardProfile,
      step: 0,
      time_elapsed_seconds: 0,
      done: false,
      grade,
      recovered: false,
      loop_window: [],
      last_total: 0.001,
      paid_total: 0,
      peak: 0,
      last_observation: this.render(variant, { step: 0, time: 0, recovered: false, hint: variant.scenario.hint }),
    };
    return { state, result: { observation: state.last_observation, reward: 0, done: false, metadata: {} } };
  }

  step(state: SreState, raw: unknown): StepResult {
    const action = raw as SreAction;
    const variant = this.variant(state.variant);
    if (state.done) {
      return {
        observation: state.last_observation,
        reward: state.reward_profile === 'delta' ? 0 : this.total(state),
        done: true,
        metadata: { error: 'Episode already completed. Call /reset to start new episode.' },
      };
    }
    const fingerprint = `${action.action_type}\u0000${action.value.slice(0, 50).toLowerCase().trim()}`;
    state.loop_window.push(fingerprint);
    if (state.loop_window.length > 3) state.loop_window.shift();
    const looping = state.loop_window.length === 3 && state.loop_window.every((f) => f === fingerprint);
    const result = looping
      ? this.loopStep(state, action)
      : GRADED.has(action.action_type)
        ? this.gradedStep(state, variant, action)
        : this.noopStep(state, variant, action);
    const total = this.total(state);
    if (!looping && total > state.last_total) state.loop_window = [];
    state.last_total = total;
    // The variant labels the answer key, so it is named on the step that ends the episode and not before.
    if (state.done) result.metadata['scenario_variant'] = `v${state.variant}`;
    return result;
  }

  isDone(state: SreState): boolean {
    return state.done;
  }

  /** The variant is named only once the episode is over: the scenario it labels is the answer key. */
  publicState(state: SreState): Record<string, unknown> {
    return {
      scenario_name: state.done ? `${this.info.name} (variant ${state.variant})` : this.info.name,
      ...(state.done ? { scenario_variant: `v${state.variant}` } : {}),
      current_step: state.step,
      max_steps: this.info.max_steps,
      time_elapsed_seconds: state.time_elapsed_seconds,
      grader_total: this.total(state),
      grader_scores: this.earnedScores(state, false),
      peak_reward: state.peak,
      success: state.peak >= 0.5,
    };
  }

  report(state: SreState): GradeReport | null {
    if (!state.done) return null;
    const variant = this.variant(state.variant);
    const { sheet } = state.grade;
    return {
      task_id: this.info.id,
      seed: state.seed,
      episode_id: state.episode_id,
      score: this.total(state),
      success: state.peak >= 0.5,
      criteria: variant.rubric.criteria.map((c) => {
        const earned = sheet.scores[c.name] !== undefined;
        const award = sheet.awards[c.name];
        const reason = earned && award
          ? `Earned at step ${award.step} by ${award.action_type}: "${award.excerpt}". (${c.description})`
          : sheet.revoked.includes(c.name)
            ? `Lost: a wrong service was blamed. (${c.description})`
            : `Not earned. ${c.description}`;
        return { name: c.name, weight: c.weight, score: earned ? 1 : 0, points: earned ? c.weight : 0, reason };
      }),
      penalties: sheet.penalties.map((p) => ({ name: p.name, points: -p.points, reason: `step ${p.step}: ${p.reason}` })),
      ground_truth: this.groundTruth(state),
      steps: state.step,
      elapsed_minutes: state.time_elapsed_seconds / 60,
    };
  }

  sampleAction(state: SreState, rng: Rng): SreAction {
    const variant = this.variant(state.variant);
    return { action_type: rng.pick(SRE_ACTION_TYPES), value: rng.pick(variant.sampleValues) };
  }

  groundTruth(state: SreState): Record<string, unknown> {
    const variant = this.variant(state.variant);
    return { variant: state.variant, scenario_name: variant.scenario.name, ...variant.rubric.groundTruth };
  }

  private variant(index: number): SreVariant {
    const variant = this.def.variants[index];
    if (!variant) throw new Error(`${this.info.id} has no variant ${index}`);
    return variant;
  }

  private total(state: SreState): number {
    return reportedTotal(state.grade.sheet, this.variant(state.variant).rubric.criteria);
  }

  /** Earned criteria and penalties only: listing the unearned ones would tell the agent what to say. */
  private earnedScores(state: SreState, display: boolean): Record<string, number> {
    const { sheet } = state.grade;
    const out: Record<string, number> = {};
    for (const c of this.variant(state.variant).rubric.criteria) {
      const v = sheet.scores[c.name];
      if (v !== undefined) out[c.name] = display ? displayValue(v) : v;
    }
    const penalties = sheet.penalties.reduce((sum, p) => sum + p.points, 0);
    if (penalties > 0) out['penalties'] = -pyRound(penalties, 4);
    return out;
  }

  private reward(state: SreState, total: number): number {
    if (state.reward_profile === 'cumulative') return total;
    const delta = pyRound(total - state.paid_total, 4);
    state.paid_total = total;
    return delta;
  }

  private render(variant: SreVariant, at: { step: number; time: number; recovered: boolean; hint: string | null; logs?: string[] }): SreObservation {
    const { scenario } = variant;
    return {
      logs: at.logs ?? [...scenario.logs],
      metrics: at.recovered && variant.recoveredMetrics ? { ...scenario.metrics, ...variant.recoveredMetrics } : { ...scenario.metrics },
      active_alerts: [...scenario.alerts],
      task_goal: scenario.goal,
      current_step: at.step,
      max_steps: this.info.max_steps,
      time_elapsed_seconds: at.time,
      available_actions: [...SRE_ACTION_TYPES],
      hint: at.hint,
    };
  }

  private rewardDetail(state: SreState, total: number): Record<string, unknown> {
    const variant = this.variant(state.variant);
    const { sheet } = state.grade;
    const lines: string[] = [];
    for (const c of variant.rubric.criteria) {
      const v = sheet.scores[c.name];
      if (v !== undefined) lines.push(`  ✓ ${c.name}: ${v.toFixed(2)}/${c.weight.toFixed(2)}`);
    }
    for (const p of sheet.penalties) lines.push(`  ✗ Penalty -${p.points.toFixed(2)}: ${p.reason}`);
    lines.push(`  Total: ${total.toFixed(2)}`);
    return { total, breakdown: this.earnedScores(state, true), message: lines.join('\n') };
  }

  private gradedStep(state: SreState, variant: SreVariant, action: SreAction): StepResult {
    const type = action.action_type as GradedActionType;
    state.step += 1;
    state.time_elapsed_seconds += SECONDS_PER_STEP;
    if (type === 'apply_fix' && variant.rubric.isEffectiveFix(state.grade, action.value)) state.recovered = true;
    const effect = variant.effect(state, type, action.value);
    const notes = variant.rubric.grade(state.grade, { actionType: type, value: action.value, step: state.step });
    if (type === 'escalate' && this.total(state) > 0.5) {
      penalize(state.grade.sheet, { name: 'unnecessary_escalation', points: ESCALATION_PENALTY, reason: 'escalated while the score was already above 0.5', step: state.step });
      notes.push('Penalty -0.05: unnecessary escalation');
    }
    const total = this.total(state);
    state.done = total >= COMPLETE_AT || state.step >= this.info.max_steps;
    state.peak = Math.max(state.peak, total);
    const gradeMessage = notes.length > 0 ? notes.join(' | ') : 'Action noted.';
    state.last_observation = this.render(variant, {
      step: state.step,
      time: state.time_elapsed_seconds,
      recovered: state.recovered,
      hint: effect.feedback || gradeMessage,
      ...(effect.logs ? { logs: effect.logs } : {}),
    });
    return {
      observation: state.last_observation,
      reward: this.reward(state, total),
      done: state.done,
      metadata: {
        step: state.step,
        action_type: type,
        action_value: action.value,
        grade_message: gradeMessage,
        grader_breakdown: this.earnedScores(state, true),
        reward_detail: this.rewardDetail(state, total),
        success: state.peak >= 0.5,
        truncated: state.done && total < COMPLETE_AT,
      },
    };
  }

  private noopStep(state: SreState, variant: SreVariant, action: SreAction): StepResult {
    state.step += 1;
    if (state.step > NOOP_GRACE_STEPS) {
      penalize(state.grade.sheet, { name: 'stalling', points: NOOP_PENALTY, reason: `${action.action_type === 'noop' ? 'noop' : 'invalid action'} after step ${NOOP_GRACE_STEPS}`, step: state.step });
    }
    const total = this.total(state);
    state.done = state.step >= this.info.max_steps || total >= COMPLETE_AT;
    state.last_observation = this.render(variant, { step: state.step, time: state.time_elapsed_seconds, recovered: state.recovered, hint: variant.scenario.hint });
    return {
      observation: state.last_observation,
      reward: this.reward(state, total),
      done: state.done,
      metadata: {
        step: state.step,
        action_type: action.action_type,
        action_value: action.value,
        grade_message: action.action_type === 'noop' ? 'No action taken.' : `Invalid action type: ${action.action_type}`,
        grader_breakdown: this.earnedScores(state, true),
        reward_detail: { total, breakdown: this.earnedScores(state, true), message: `Step ${state.step}: noop/invalid action` },
        error: null,
        success: state.peak >= 0.5,
        truncated: state.done && total < COMPLETE_AT,
      },
    };
  }

  private loopStep(state: SreState, action: SreAction): StepResult {
    state.step += 1;
    penalize(state.grade.sheet, { name: 'loop', points: LOOP_PENALTY, reason: 'same action repeated 3 times', step: state.step });
    const total = this.total(state);
    state.done = state.step >= this.info.max_steps;
    state.last_observation = { ...state.last_observation, current_step: state.step, hint: loopHint(this.info.max_steps - state.step) };
    return {
      observation: state.last_observation,
      reward: this.reward(state, total),
      done: state.done,
      metadata: {
        step: state.step,
        action_type: action.action_type,
        action_value: action.value,
        grade_message: 'Loop detected — same action repeated 3 times',
        loop_penalty: LOOP_PENALTY,
        error: 'loop_detected',
        success: state.peak >= 0.5,
        truncated: state.done && total < COMPLETE_AT,
      },
    };
  }
}
