import {
  type Alert,
  FAULT_KINDS,
  FiredrillError,
  FIX_KINDS,
  type GradeReport,
  NATIVE_ACTION_TYPES,
  type NativeAction,
  NativeActionSchema,
  type NativeObservation,
  NativeObservationSchema,
  type RewardProfile,
  SEVERITIES,
  ALERT_ROLES,
  type StepResult,
  TEAMS,
} from '../../contracts/index.js';
import { gradeNative, groundTruth, isMitigated, type NativeContext, nativeContext, progressOf, stepReward } from '../../grading/index.js';
import { digest, Rng } from '../../lib/index.js';
import { type ScenarioDefinition, scenarioInfo } from '../../scenarios/index.js';
import { clockLabel, createWorld, tick, type WorldState, WorldSpecSchema } from '../../sim/index.js';
import type { EngineContext, TaskEngine } from '../engine.js';
import { handle } from './handlers.js';
import type { NativeState } from './state.js';
import { renderText } from './text.js';

/** Simulated minutes after which an episode is cut off even if steps remain. */
export const TIME_LIMIT_MINUTES = 240;

/** The engine of every native (simulated) incident. */
export class NativeEngine implements TaskEngine<NativeState> {
  readonly info;
  readonly actionSchema = NativeActionSchema;
  readonly observationSchema = NativeObservationSchema;
  readonly defaultRewardProfile: RewardProfile = 'delta';
  readonly version = 2;

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
      goal: this.scenario.goal,
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
      triage_alert_ids: world.alerts.filter((a) => a.resolved_at === null).map((a) => a.id),
      baseline_alert_keys: world.baseline_alert_keys,
      last_action: null,
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
    const progress = progressOf(graded, state.done);
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
    return { elapsed_minutes: state.world.minute, incident_id: state.incident_id, truncated: state.truncated };
  }

  report(state: NativeState): GradeReport | null {
    return state.report;
  }

  groundTruth(state: NativeState): Record<string, unknown> {
    return { ...state.truth } as Record<string, unknown>;
  }

  sampleAction(state: NativeState, rng: Rng): NativeAction {
    const world = state.world;
    const svc = () => (rng.chance(0.05) ? 'no-such-service' : rng.pick(world.services).name);
    const alertId = () => (world.alerts.length === 0 || rng.chance(0.05) ? 'ALR-000000' : rng.pick(world.alerts).id);
    const type = rng.pick(NATIVE_ACTION_TYPES.filter((t) => t !== 'resolve' || rng.chance(0.15)));
    switch (type) {
      case 'list_services':
        return { action_type: type };
      case 'inspect_dependencies':
        return rng.chance(0.5) ? { action_type: type } : { action_type: type, service: svc() };
      case 'read_logs':
        return { action_type: type, service: svc(), ...(rng.chance(0.3) ? { level: rng.pick(['WARN', 'ERROR'] as const) } : {}), ...(rng.chance(0.3) ? { limit: rng.int(1, 40) } : {}) };
      case 'query_metrics':
        return { action_type: type, service: svc(), ...(rng.chance(0.3) ? { metric: rng.pick(['cpu_pct', 'error_rate_pct', 'latency_p99_ms', 'memory']) } : {}) };
      case 'get_traces':
        return { action_type: type, ...(rng.chance(0.5) ? { errors_only: true } : {}), limit: rng.int(1, 5) };
      case 'list_deploys':
        return { action_type: type };
      case 'get_config':
        return { action_type: type, service: svc() };
      case 'run_query':
        return { action_type: type, query: rng.pick(['error', 'timeout', 'deploy', 'memory', 'connection', 'refused']) };
      case 'acknowledge_alert':
        return { action_type: type, alert_id: alertId() };
      case 'classify_alert':
        return { action_type: type, alert_id: alertId(), severity: rng.pick(SEVERITIES), role: rng.pick(ALERT_ROLES) };
      case 'diagnose':
        return { action_type: type, service: svc(), fault: rng.pick(FAULT_KINDS) };
      case 'apply_fix': {
        const fix = rng.pick(FIX_KINDS);
        const params = fix === 'scale' ? { replicas: rng.int(1, 6) } : fix === 'rollback' ? { version: `v${rng.int(1, 9)}.${rng.int(0, 9)}.0` } : fix === 'config_set' ? { key: 'retry.max_attempts', value: rng.int(1, 5) } : undefined;
        return { action_type: type, service: svc(), fix, ...(params ? { params } : {}) };
      }
      case 'verify_health':
        return rng.chance(0.5) ? { action_type: type } : { action_type: type, service: svc() };
      case 'escalate':
        return { action_type: type, team: rng.pick(TEAMS), reason: 'need help' };
      case 'write_postmortem':
        return { action_type: type, timeline: 'T+0 alerts fired', root_cause: 'unknown', impact: 'errors', action_items: 'investigate', prevention: 'monitoring' };
      case 'wait':
        return { action_type: type, minutes: rng.int(1, 5) };
      case 'resolve':
        return { action_type: type };
    }
  }

  private observe(state: NativeState, result: Record<string, unknown> | null): NativeObservation {
    const world = state.world;
    const alerts = visibleAlerts(world);
    const now = clockLabel(world.onset_date, world.onset_time, world.minute);
    const header = { id: state.incident_id, title: state.title, goal: state.goal, onset: clockLabel(world.onset_date, world.onset_time, 0), now, elapsed_minutes: world.minute };
    return {
      incident: header,
      alerts,
      last_action: state.last_action,
      result,
      text: renderText({ header: { id: state.incident_id, title: state.title, now, elapsed: world.minute, step: state.step, maxSteps: state.max_steps }, alerts, lastAction: state.last_action, result, done: state.done }),
      step: state.step,
      max_steps: state.max_steps,
      available_actions: state.done ? [] : [...NATIVE_ACTION_TYPES],
    };
  }

  private buildReport(state: NativeState, ctx: NativeContext, graded: ReturnType<typeof gradeNative>): GradeReport {
    const truth = state.truth;
    const world = state.world;
    return {
      task_id: state.task_id,
      seed: state.seed,
      episode_id: state.episode_id,
      score: graded.score,
      success: isMitigated(ctx) && graded.score >= 0.5,
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
      },
      steps: state.step,
      elapsed_minutes: world.minute - state.start_minute,
    };
  }
}

function visibleAlerts(world: WorldState): Alert[] {
  return world.alerts
    .filter((a) => a.resolved_at === null || a.resolved_at >= world.minute - 10)
    .map((a) => ({ id: a.id, severity: a.severity, service: a.service, title: a.title, description: a.description, fired_at: a.fired_at, state: a.resolved_at === null ? 'firing' : 'resolved', acknowledged: a.acknowledged }));
}
