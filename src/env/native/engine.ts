import {
  type Alert,
  FiredrillError,
  type GradeReport,
  NATIVE_ACTION_TYPES,
  type NativeAction,
  NativeActionSchema,
  type NativeObservation,
  NativeObservationResultsSchema,
  type RewardProfile,
  sampleNativeAction,
  type StepResult,
  TRIAGE_RULES,
} from '../../contracts/index.js';
import { gradeNative, groundTruth, isMitigated, lostPointsSummary, type NativeContext, nativeContext, progressOf, shapingOf, stepReward } from '../../grading/index.js';
import { digest, Rng } from '../../lib/index.js';
import { type ScenarioDefinition, scenarioInfo } from '../../scenarios/index.js';
import { clockLabel, createWorld, tick, type WorldState, WorldSpecSchema } from '../../sim/index.js';
import type { EngineContext, TaskEngine } from '../engine.js';
import { handle } from './handlers.js';
import type { NativeState } from './state.js';
import { alertShown, renderText } from './text.js';

/** Actions that look at the system without changing it or claiming anything: the shaped reward's coverage. */
const INVESTIGATIONS: ReadonlySet<string> = new Set(['list_services', 'inspect_dependencies', 'read_logs', 'query_metrics', 'get_traces', 'list_deploys', 'get_config', 'run_query', 'verify_health']);

/** Simulated minutes after which an episode is cut off even if steps remain. */
export const TIME_LIMIT_MINUTES = 240;

/** sampleAction: how often `resolve` stays among the candidate types (it ends the episode), and how often a name is made up. */
const RESOLVE_SAMPLE_RATE = 0.15;
const UNKNOWN_NAME_SAMPLE_RATE = 0.05;

/** The engine of every native (simulated) incident. */
export class NativeEngine implements TaskEngine<NativeState> {
  readonly info;
  readonly actionSchema = NativeActionSchema;
  readonly observationSchema = NativeObservationResultsSchema;
  readonly defaultRewardProfile: RewardProfile = 'delta';
  readonly version = 3;

  constructor(readonly scenario: ScenarioDefinition) {
    this.info = scenarioInfo(scenario);
  }

  reset(ctx: EngineContext): { state: NativeState; result: StepResult } {
    const spec = WorldSpecSchema.parse(this.scenario.build(ctx.seed, Rng.fromSeed(ctx.seed, 0xb01d)));
    const world = createWorld(spec, ctx.seed);
    const state: NativeState = {
      task_id: this.info.id,
      seed: ctx.seed,
      episode_id: ctx.episodeId,
      reward_profile: ctx.rewardProfile,
      title: this.scenario.title,
      goal: `${this.scenario.goal}\n\nTriage rules. ${TRIAGE_RULES.severity} ${TRIAGE_RULES.role} ${TRIAGE_RULES.scope}`,
      // From the episode id (opaque, keyed by the server's secret), never from (task, seed): see docs/protocol.md.
      incident_id: `INC-${digest(ctx.episodeId).slice(0, 6).toUpperCase()}`,
      world,
      start_minute: world.minute,
      max_steps: this.info.max_steps,
      step: 0,
      action_minutes: [],
      done: false,
      resolved: false,
      truncated: false,
      diagnoses: [],
      classifications: [],
      escalations: [],
      postmortem: null,
      fixes: [],
      acknowledged: [],
      investigated: [],
      triage_alert_ids: visibleAlerts(world).map((a) => a.id),
      baseline_alert_keys: world.baseline_alert_keys,
      last_action: null,
      shown_alerts: {},
      score: 0,
      report: null,
      truth: { roots: [], sustaining: [], triage: {}, remedies: [], onset_minute: 0, settle_minutes: world.settle_minutes },
    };
    state.truth = groundTruth(state);
    return { state, result: { observation: this.observe(state, null), reward: 0, done: false, metadata: { truncated: false } } };
  }

  step(state: NativeState, raw: unknown): StepResult {
    if (state.done) throw new FiredrillError('EPISODE_DONE');
    const action = raw as NativeAction;
    state.step += 1;
    state.action_minutes.push(state.world.minute);
    const outcome = handle(state, action);
    if (!outcome.error && INVESTIGATIONS.has(action.action_type)) {
      const service = 'service' in action && typeof action.service === 'string' ? action.service : null;
      const key = service === null ? action.action_type : `${action.action_type}:${service}`;
      state.investigated ??= [];
      if (!state.investigated.includes(key)) state.investigated.push(key);
    }
    state.last_action = outcome.error ? { action_type: action.action_type, ok: false, error: outcome.error } : { action_type: action.action_type, ok: true };
    const world = state.world;
    for (let i = 0; i < outcome.minutes; i++) tick(world);

    if (state.resolved) state.done = true;
    else if (state.step >= state.max_steps || world.minute - state.start_minute >= TIME_LIMIT_MINUTES) {
      state.done = true;
      state.truncated = true;
    }
    const ctx = nativeContext(state, state.truth);
    const graded = gradeNative(ctx);
    const progress = progressOf(graded, state.done, state.reward_profile === 'shaped' ? shapingOf(ctx).potential : 0);
    const reward = stepReward(state.reward_profile, state.score, progress, graded.score);
    state.score = progress;
    const metadata: Record<string, unknown> = { truncated: state.truncated, score: graded.score };
    if (state.done) {
      state.report = this.buildReport(state, ctx, graded);
      metadata['grade_report'] = state.report;
    }
    return { observation: this.observe(state, outcome.error ? null : outcome.result), reward, done: state.done, metadata };
  }

  isDone(state: NativeState): boolean {
    return state.done;
  }

  publicState(state: NativeState): Record<string, unknown> {
    return { elapsed_minutes: state.world.minute, paged_at_minute: state.start_minute, incident_id: state.incident_id, truncated: state.truncated };
  }

  report(state: NativeState): GradeReport | null {
    return state.report;
  }

  groundTruth(state: NativeState): Record<string, unknown> {
    return { ...state.truth } as Record<string, unknown>;
  }

  sampleAction(state: NativeState, rng: Rng): NativeAction {
    const world = state.world;
    const type = rng.pick(NATIVE_ACTION_TYPES.filter((t) => t !== 'resolve' || rng.chance(RESOLVE_SAMPLE_RATE)));
    return sampleNativeAction(type, rng, { services: world.services.map((s) => s.name), alertIds: world.alerts.map((a) => a.id), unknownNameRate: UNKNOWN_NAME_SAMPLE_RATE });
  }

  private observe(state: NativeState, result: Record<string, unknown> | null): NativeObservation {
    const world = state.world;
    const alerts = visibleAlerts(world);
    const now = clockLabel(world.onset_date, world.onset_time, world.minute);
    const header = { id: state.incident_id, title: state.title, goal: state.goal, onset: clockLabel(world.onset_date, world.onset_time, 0), now, elapsed_minutes: world.minute };
    const observation: NativeObservation = {
      incident: header,
      alerts,
      last_action: state.last_action,
      result,
      text: renderText({
        header: { id: state.incident_id, title: state.title, goal: state.goal, now, elapsed: world.minute, step: state.step, maxSteps: state.max_steps, settleMinutes: world.settle_minutes },
        alerts,
        previous: state.step === 0 ? null : (state.shown_alerts ?? {}),
        lastAction: state.last_action,
        result,
        done: state.done,
      }),
      step: state.step,
      max_steps: state.max_steps,
      available_actions: state.done ? [] : [...NATIVE_ACTION_TYPES],
    };
    state.shown_alerts = Object.fromEntries(alerts.map((a) => [a.id, alertShown(a)]));
    return observation;
  }

  private buildReport(state: NativeState, ctx: NativeContext, graded: ReturnType<typeof gradeNative>): GradeReport {
    const truth = state.truth;
    const world = state.world;
    return {
      task_id: state.task_id,
      seed: state.seed,
      episode_id: state.episode_id,
      score: graded.score,
      success: state.resolved && isMitigated(ctx) && graded.score >= 0.5,
      criteria: graded.criteria,
      penalties: graded.penalties,
      ground_truth: {
        roots: truth.roots,
        sustaining: truth.sustaining,
        triage: truth.triage,
        remedies: truth.remedies,
        mitigated: isMitigated(ctx),
        outlook: ctx.outlook,
        faults: world.faults.map((f) => ({ id: f.id, kind: f.kind, service: f.service, status: f.status, resolved_at: f.resolved_at, relapses: f.relapses })),
        timeline: world.events.filter((e) => e.minute >= state.start_minute || e.type === 'fault_active'),
        clock: { origin: 'incident onset (T+0)', onset: clockLabel(world.onset_date, world.onset_time, 0), paged_at_minute: state.start_minute, ended_at_minute: world.minute },
      },
      steps: state.step,
      elapsed_minutes: world.minute - state.start_minute,
      summary: lostPointsSummary(graded),
    };
  }
}

function visibleAlerts(world: WorldState): Alert[] {
  return world.alerts
    .filter((a) => a.resolved_at === null || a.resolved_at >= world.minute - 10)
    .map((a) => ({ id: a.id, severity: a.severity, service: a.service, title: a.title, description: a.description, fired_at: a.fired_at, state: a.resolved_at === null ? 'firing' : 'resolved', acknowledged: a.acknowledged }));
}
