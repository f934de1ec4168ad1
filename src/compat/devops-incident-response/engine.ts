import { z } from 'zod';

import { type GradeReport, type RewardProfile, type StepResult, type TaskInfo } from '../../contracts/index.js';
import { pyRound } from '../shared/python-round.js';
import { DEVOPS_WEIGHTS, type DevopsGrade, explainDevopsGrade, gradeDevopsEpisode } from './grading/index.js';
import type { Rng } from '../../lib/index.js';
import {
  DEVOPS_ACTION_TYPES,
  DEVOPS_DEPENDENCIES,
  DEVOPS_DIAGNOSES,
  DEVOPS_FIXES,
  DEVOPS_SCENARIOS,
  DEVOPS_SERVICES,
  type DevopsFailureMode,
  type DevopsLog,
  type DevopsMetrics,
  type DevopsScenario,
  type DevopsService,
  type DevopsStatus,
  describeLogs,
  describeMetrics,
  incidentBaseSeconds,
  isDevopsService,
  januaryTimestamp,
  renderLogs,
  renderMetrics,
  statusOfMode,
} from './scenarios/index.js';
import type { EngineContext, TaskEngine } from '../../env/engine.js';

const optionalText = (max: number) => z.string().max(max).nullable().optional();

/** devops-incident-response's structured action (IncidentAction); unknown keys are ignored, as in the original. */
export const DevopsActionSchema = z
  .object({
    action_type: z.enum(DEVOPS_ACTION_TYPES),
    service: optionalText(100).describe(`One of ${DEVOPS_SERVICES.join(', ')}.`),
    diagnosis: optionalText(100).describe(`For diagnose: one of ${DEVOPS_DIAGNOSES.join(', ')}.`),
    fix: optionalText(100).describe(`For apply_fix: one of ${DEVOPS_FIXES.join(', ')}.`),
    reasoning: optionalText(5000).describe('Free text; ignored by the environment.'),
  })
  .describe('devops-incident-response action {action_type, service, diagnosis, fix, reasoning}.');
export type DevopsAction = z.infer<typeof DevopsActionSchema>;

const LogSchema = z.strictObject({ timestamp: z.string(), level: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL']), service: z.string(), message: z.string(), trace_id: z.string() });
const StatusSchema = z.enum(['healthy', 'degraded', 'critical', 'down', 'recovering']);
const MetricsSchema = z.strictObject({
  service_name: z.string(),
  cpu_percent: z.number(),
  memory_mb: z.number(),
  memory_limit_mb: z.number(),
  request_latency_p50_ms: z.number(),
  request_latency_p99_ms: z.number(),
  error_rate_percent: z.number(),
  active_connections: z.number().int(),
  connection_pool_size: z.number().int(),
  disk_used_gb: z.number(),
  disk_total_gb: z.number(),
  status: StatusSchema,
  uptime_seconds: z.number(),
});

export const DevopsObservationSchema = z.strictObject({
  action_result: z.string(),
  success: z.boolean(),
  message: z.string(),
  logs: z.array(LogSchema),
  metrics: MetricsSchema.nullable(),
  service_summaries: z.array(z.strictObject({ service_name: z.string(), status: StatusSchema, depends_on: z.array(z.string()) })),
  active_alerts: z.array(
    z.strictObject({ severity: z.enum(['low', 'medium', 'high', 'critical']), service: z.string(), title: z.string(), description: z.string(), triggered_at: z.string(), runbook_hint: z.string() }),
  ),
  dependency_graph: z.record(z.string(), z.array(z.string())),
  step_number: z.number().int().min(0),
  max_steps: z.number().int().min(1),
  steps_remaining: z.number().int().min(0),
  available_services: z.array(z.string()),
  available_actions: z.array(z.string()),
});
export type DevopsObservation = z.infer<typeof DevopsObservationSchema>;

export interface DevopsHistoryEntry {
  step: number;
  action_type: string;
  service: string | null;
  diagnosis: string | null;
  fix: string | null;
  reward: number;
  success: boolean;
}

/** Episode state. Every field is something the agent did or saw; the answer key stays in the scenario. */
export interface DevopsState {
  task_id: string;
  seed: number;
  episode_id: string;
  reward_profile: RewardProfile;
  step_count: number;
  done: boolean;
  is_resolved: boolean;
  trajectory_reward: number;
  final_score: number | null;
  final_details: DevopsGrade | null;
  services_investigated: string[];
  dependencies_inspected: string[];
  metrics_queried: string[];
  diagnoses: { service: string; diagnosis: string; correct: boolean }[];
  fixes_applied: { service: string; fix: string; success: boolean; destructive?: boolean }[];
  correct_fixes: string[];
  successful_verifications: string[];
  destructive_actions: number;
  invalid_actions: number;
  diagnosis_correct_count: number;
  fix_correct_count: number;
  action_history: DevopsHistoryEntry[];
  last_action_error: string | null;
  /** Grade the delta profile last paid up to. */
  paid_score: number;
}

interface Outcome {
  reward: number;
  success: boolean;
  action_result: string;
  message: string;
  error?: string;
  invalid?: boolean;
  logs?: DevopsLog[];
  metrics?: DevopsMetrics;
}

const STEP_FLOOR = 0.05;
const STEP_CEILING = 0.95;

const RESET_RESULT = 'Environment reset. Pager alert fired for a new production incident.';
const RESET_MESSAGE = 'Begin by reviewing active alerts and investigating the most critical service.';

/**
 * A devops-incident-response task as a Firedrill engine: a six-service system with one or two
 * root faults, structured actions, the original's clamped per-step rewards (`seed2` profile) and its separate
 * final grade — without the answer key in state or messages, and without payouts for symptom fixes.
 */
export class DevopsCompatEngine implements TaskEngine<DevopsState> {
  readonly actionSchema = DevopsActionSchema;
  readonly observationSchema = DevopsObservationSchema;
  readonly defaultRewardProfile: RewardProfile = 'seed2';
  readonly version = 1;
  readonly info: TaskInfo;

  constructor(readonly scenario: DevopsScenario) {
    this.info = {
      id: scenario.task_id,
      name: scenario.name,
      difficulty: scenario.difficulty,
      max_steps: scenario.max_steps,
      description: scenario.description,
      source: 'devops-incident-response',
    };
  }

  reset(ctx: EngineContext): { state: DevopsState; result: StepResult } {
    const state: DevopsState = {
      task_id: this.info.id,
      seed: ctx.seed,
      episode_id: ctx.episodeId,
      reward_profile: ctx.rewardProfile,
      step_count: 0,
      done: false,
      is_resolved: false,
      trajectory_reward: 0,
      final_score: null,
      final_details: null,
      services_investigated: [],
      dependencies_inspected: [],
      metrics_queried: [],
      diagnoses: [],
      fixes_applied: [],
      correct_fixes: [],
      successful_verifications: [],
      destructive_actions: 0,
      invalid_actions: 0,
      diagnosis_correct_count: 0,
      fix_correct_count: 0,
      action_history: [],
      last_action_error: null,
      paid_score: 0,
    };
    const observation = this.observe(state, { reward: 0, success: true, action_result: RESET_RESULT, message: RESET_MESSAGE });
    return {
      state,
      result: { observation, reward: ctx.rewardProfile === 'seed2' ? STEP_FLOOR : 0, done: false, metadata: { task_id: this.info.id, last_action_error: null, trajectory_reward: 0 } },
    };
  }

  step(state: DevopsState, raw: unknown): StepResult {
    const action = raw as DevopsAction;
    if (state.done) {
      const observation = this.observe(state, { reward: 0, success: false, action_result: 'Episode is already complete.', message: 'Reset the environment to start a new task.' });
      return {
        observation,
        reward: state.reward_profile === 'seed2' ? STEP_FLOOR : state.reward_profile === 'cumulative' ? this.grade(state).score : 0,
        done: true,
        metadata: { task_id: this.info.id, last_action_error: 'episode_already_done', trajectory_reward: state.trajectory_reward },
      };
    }
    state.step_count += 1;
    state.last_action_error = null;
    const outcome = this.dispatch(state, action);
    if (outcome.error) state.last_action_error = outcome.error;
    if (outcome.invalid) state.invalid_actions += 1;
    const stepReward = pyRound(Math.min(Math.max(outcome.reward, STEP_FLOOR), STEP_CEILING), 3);
    state.action_history.push({
      step: state.step_count,
      action_type: action.action_type,
      service: action.service ?? null,
      diagnosis: action.diagnosis ?? null,
      fix: action.fix ?? null,
      reward: stepReward,
      success: outcome.success,
    });
    state.trajectory_reward = pyRound(Math.min(Math.max(state.trajectory_reward + stepReward, -STEP_CEILING), STEP_CEILING), 3);
    state.done = state.step_count >= this.info.max_steps;
    const roots = this.scenario.roots.map((r) => r.service);
    if (roots.every((s) => state.successful_verifications.includes(s))) {
      state.is_resolved = true;
      state.done = true;
    }
    const metadata: Record<string, unknown> = { task_id: this.info.id, last_action_error: state.last_action_error, trajectory_reward: state.trajectory_reward };
    let reward = stepReward;
    if (state.done) {
      const grade = this.grade(state);
      state.final_score = grade.score;
      state.final_details = grade;
      metadata['grader_score'] = grade.score;
      metadata['grader_details'] = grade;
      metadata['truncated'] = !state.is_resolved;
      reward = STEP_FLOOR;
    }
    return { observation: this.observe(state, outcome), reward: this.profileReward(state, reward), done: state.done, metadata };
  }

  isDone(state: DevopsState): boolean {
    return state.done;
  }

  /**
   * The original's EnvironmentState minus root_cause_services, root_cause_failure_modes, required_fixes and
   * affected_services. What grades the agent's choices against the answer key — which diagnoses were correct, which
   * fixes counted, which actions were destructive — is shown only once the episode is over.
   */
  publicState(state: DevopsState): Record<string, unknown> {
    const graded = state.done
      ? {
          diagnoses: state.diagnoses.map((d) => ({ ...d })),
          fixes_applied: state.fixes_applied.map((f) => ({ ...f })),
          correct_fixes: [...state.correct_fixes],
          destructive_actions: state.destructive_actions,
          diagnosis_correct_count: state.diagnosis_correct_count,
          fix_correct_count: state.fix_correct_count,
        }
      : {
          diagnoses: state.diagnoses.map(({ service, diagnosis }) => ({ service, diagnosis })),
          fixes_applied: state.fixes_applied.map(({ service, fix, success }) => ({ service, fix, success })),
        };
    return {
      difficulty: this.info.difficulty,
      max_steps: this.info.max_steps,
      is_resolved: state.is_resolved,
      trajectory_reward: state.trajectory_reward,
      final_score: state.final_score,
      final_details: state.final_details,
      services_investigated: [...state.services_investigated],
      dependencies_inspected: [...state.dependencies_inspected],
      metrics_queried: [...state.metrics_queried],
      ...graded,
      successful_verifications: [...state.successful_verifications],
      invalid_actions: state.invalid_actions,
      action_history: state.action_history.map((h) => ({ ...h })),
      last_action_error: state.last_action_error,
      compat_step_count: state.step_count,
    };
  }

  /** The final grade of the episode so far (the original's /grader computes it on demand). */
  grade(state: DevopsState): DevopsGrade {
    return gradeDevopsEpisode(this.scenario, state);
  }

  report(state: DevopsState): GradeReport | null {
    if (!state.done) return null;
    const grade = this.grade(state);
    const why = explainDevopsGrade(this.scenario, state);
    const names = Object.keys(DEVOPS_WEIGHTS) as (keyof typeof DEVOPS_WEIGHTS)[];
    return {
      task_id: this.info.id,
      seed: state.seed,
      episode_id: state.episode_id,
      score: grade.score,
      success: grade.score >= 0.5,
      criteria: names.map((name) => ({ name, weight: DEVOPS_WEIGHTS[name], score: grade[name], points: pyRound(DEVOPS_WEIGHTS[name] * grade[name], 4), reason: why[name] })),
      penalties: [],
      ground_truth: this.groundTruth(state),
      steps: state.step_count,
      elapsed_minutes: null,
    };
  }

  sampleAction(_state: DevopsState, rng: Rng): DevopsAction {
    const action_type = rng.pick(DEVOPS_ACTION_TYPES);
    const service = rng.pick(DEVOPS_SERVICES);
    switch (action_type) {
      case 'list_services':
        return { action_type };
      case 'inspect_dependencies':
        return rng.chance(0.3) ? { action_type } : { action_type, service };
      case 'diagnose':
        return { action_type, service, diagnosis: rng.pick(DEVOPS_DIAGNOSES) };
      case 'apply_fix':
        return { action_type, service, fix: rng.pick(DEVOPS_FIXES) };
      default:
        return { action_type, service };
    }
  }

  groundTruth(_state: DevopsState): Record<string, unknown> {
    return {
      root_cause_services: this.scenario.roots.map((r) => r.service),
      root_cause_failure_modes: this.scenario.roots.map((r) => r.mode),
      required_fixes: Object.fromEntries(this.scenario.roots.map((r) => [r.service, r.fix])),
      affected_services: this.scenario.affected.map((a) => a.service),
      optimal_steps: this.scenario.optimal_steps,
    };
  }

  private profileReward(state: DevopsState, clampedReward: number): number {
    if (state.reward_profile === 'seed2') return clampedReward;
    const score = this.grade(state).score;
    if (state.reward_profile === 'cumulative') return score;
    const delta = pyRound(score - state.paid_score, 3);
    state.paid_score = score;
    return delta;
  }

  /** The condition a service is in now: its root fault until fixed; a symptom while any root is unfixed; else healthy. */
  modeOf(state: DevopsState, service: DevopsService): DevopsFailureMode | 'healthy' {
    const root = this.scenario.roots.find((r) => r.service === service);
    if (root && !state.correct_fixes.includes(service)) return root.mode;
    const affected = this.scenario.affected.find((a) => a.service === service);
    const rootsFixed = this.scenario.roots.every((r) => state.correct_fixes.includes(r.service));
    if (affected && !rootsFixed) return affected.mode;
    return 'healthy';
  }

  private statusOf(state: DevopsState, service: DevopsService): DevopsStatus {
    if (state.correct_fixes.includes(service) && !state.successful_verifications.includes(service)) return 'recovering';
    return statusOfMode(this.modeOf(state, service));
  }

  private isRoot(service: string): boolean {
    return this.scenario.roots.some((r) => r.service === service);
  }

  private observe(state: DevopsState, outcome: Outcome): DevopsObservation {
    const triggeredAt = januaryTimestamp(incidentBaseSeconds(state.seed));
    const graph: Record<string, string[]> = {};
    const full = state.dependencies_inspected.includes('full');
    for (const s of DEVOPS_SERVICES) if (full || state.dependencies_inspected.includes(s)) graph[s] = [...DEVOPS_DEPENDENCIES[s]];
    return {
      action_result: outcome.action_result,
      success: outcome.success,
      message: outcome.message,
      logs: outcome.logs ?? [],
      metrics: outcome.metrics ?? null,
      service_summaries: DEVOPS_SERVICES.map((s) => ({ service_name: s, status: this.statusOf(state, s), depends_on: [...DEVOPS_DEPENDENCIES[s]] })),
      active_alerts: state.is_resolved ? [] : this.scenario.alerts.map((a) => ({ ...a, triggered_at: triggeredAt })),
      dependency_graph: graph,
      step_number: state.step_count,
      max_steps: this.info.max_steps,
      steps_remaining: Math.max(this.info.max_steps - state.step_count, 0),
      available_services: [...DEVOPS_SERVICES],
      available_actions: [...DEVOPS_ACTION_TYPES],
    };
  }

  private dispatch(state: DevopsState, action: DevopsAction): Outcome {
    switch (action.action_type) {
      case 'list_services':
        return this.listServices(state);
      case 'inspect_dependencies':
        return this.inspectDependencies(state, action.service);
      case 'read_logs':
        return this.readLogs(state, action.service);
      case 'query_metrics':
        return this.queryMetrics(state, action.service);
      case 'diagnose':
        return this.diagnose(state, action.service, action.diagnosis);
      case 'apply_fix':
        return this.applyFix(state, action.service, action.fix);
      case 'verify_health':
        return this.verifyHealth(state, action.service);
    }
  }

  private listServices(state: DevopsState): Outcome {
    const first = !state.action_history.some((h) => h.action_type === 'list_services');
    return { reward: first ? 0.015 : 0, success: true, action_result: `Listed ${DEVOPS_SERVICES.length} services.`, message: DEVOPS_SERVICES.join(', ') };
  }

  private inspectDependencies(state: DevopsState, service: string | null | undefined): Outcome {
    if (!service) {
      if (!state.dependencies_inspected.includes('full')) state.dependencies_inspected.push('full');
      const text = DEVOPS_SERVICES.map((s) => `${s} -> ${DEVOPS_DEPENDENCIES[s].join(', ') || '(none)'}`).join('; ');
      return { reward: 0.01, success: true, action_result: 'Retrieved the full dependency graph.', message: text };
    }
    if (!isDevopsService(service)) {
      return { reward: 0, success: false, invalid: true, error: 'unknown_service', action_result: `Unknown service: ${service}.`, message: `Valid services: ${DEVOPS_SERVICES.join(', ')}.` };
    }
    const first = !state.dependencies_inspected.includes(service);
    if (first) state.dependencies_inspected.push(service);
    const deps = DEVOPS_DEPENDENCIES[service];
    return {
      reward: first ? 0.02 : 0,
      success: true,
      action_result: `Inspected dependencies of ${service}.`,
      message: deps.length > 0 ? `${service} depends on: ${deps.join(', ')}` : `${service} has no downstream services.`,
    };
  }

  private investigationReward(state: DevopsState, service: DevopsService, seen: string[]): number {
    if (seen.includes(service)) return 0;
    const mode = this.modeOf(state, service);
    if (mode !== 'healthy' && this.scenario.roots.some((r) => r.mode === mode)) return 0.04;
    if (this.scenario.affected.some((a) => a.service === service)) return 0.03;
    return 0.01;
  }

  private readLogs(state: DevopsState, service: string | null | undefined): Outcome {
    if (!isDevopsService(service)) {
      return { reward: 0, success: false, invalid: true, error: 'read_logs_requires_valid_service', action_result: 'read_logs needs a valid service.', message: `Valid services: ${DEVOPS_SERVICES.join(', ')}.` };
    }
    const reward = this.investigationReward(state, service, state.services_investigated);
    if (!state.services_investigated.includes(service)) state.services_investigated.push(service);
    const logs = renderLogs(state.seed, service, this.modeOf(state, service), state.step_count);
    return { reward, success: true, action_result: `Retrieved logs for ${service}.`, message: `Recent logs of ${service}: ${describeLogs(logs)}.`, logs };
  }

  private queryMetrics(state: DevopsState, service: string | null | undefined): Outcome {
    if (!isDevopsService(service)) {
      return { reward: 0, success: false, invalid: true, error: 'query_metrics_requires_valid_service', action_result: 'query_metrics needs a valid service.', message: `Valid services: ${DEVOPS_SERVICES.join(', ')}.` };
    }
    const reward = this.investigationReward(state, service, state.metrics_queried);
    if (!state.metrics_queried.includes(service)) state.metrics_queried.push(service);
    const metrics = renderMetrics(service, this.modeOf(state, service), this.statusOf(state, service));
    return { reward, success: true, action_result: `Retrieved metrics for ${service}.`, message: `Metrics of ${service}: ${describeMetrics(metrics)}.`, metrics };
  }

  private diagnose(state: DevopsState, service: string | null | undefined, diagnosis: string | null | undefined): Outcome {
    if (!isDevopsService(service)) {
      return { reward: 0, success: false, invalid: true, error: 'diagnose_requires_valid_service', action_result: 'diagnose needs a valid service.', message: `Valid services: ${DEVOPS_SERVICES.join(', ')}.` };
    }
    if (!diagnosis || !(DEVOPS_DIAGNOSES as readonly string[]).includes(diagnosis)) {
      return { reward: 0, success: false, invalid: true, error: 'diagnose_requires_valid_diagnosis', action_result: 'diagnose needs a valid diagnosis.', message: `Valid diagnoses: ${DEVOPS_DIAGNOSES.join(', ')}.` };
    }
    const correct = diagnosis === this.modeOf(state, service);
    state.diagnoses.push({ service, diagnosis, correct });
    if (correct) {
      state.diagnosis_correct_count += 1;
      return { reward: this.isRoot(service) ? 0.08 : 0.03, success: true, action_result: `Diagnosis recorded for ${service}.`, message: `${service}: ${diagnosis} is consistent with the evidence.` };
    }
    state.destructive_actions += 1;
    return { reward: 0, success: false, error: 'incorrect_diagnosis', action_result: `Diagnosis recorded for ${service}.`, message: `${service}: ${diagnosis} does not match what ${service} is showing.` };
  }

  private applyFix(state: DevopsState, service: string | null | undefined, fix: string | null | undefined): Outcome {
    if (!isDevopsService(service)) {
      return { reward: 0, success: false, invalid: true, error: 'apply_fix_requires_valid_service', action_result: 'apply_fix needs a valid service.', message: `Valid services: ${DEVOPS_SERVICES.join(', ')}.` };
    }
    if (!fix || !(DEVOPS_FIXES as readonly string[]).includes(fix)) {
      return { reward: 0, success: false, invalid: true, error: 'apply_fix_requires_valid_fix', action_result: 'apply_fix needs a valid fix.', message: `Valid fixes: ${DEVOPS_FIXES.join(', ')}.` };
    }
    const mode = this.modeOf(state, service);
    const root = this.scenario.roots.find((r) => r.service === service);
    const destructive = (message: string): Outcome => {
      state.destructive_actions += 1;
      state.fixes_applied.push({ service, fix, success: false, destructive: true });
      return { reward: 0, success: false, error: 'destructive_action', action_result: `Applied ${fix} to ${service}.`, message };
    };
    if (mode === 'healthy') return destructive('Avoid remediating healthy services.');
    if (state.correct_fixes.includes(service)) return destructive(`Service ${service} has already been fixed.`);
    // A wrong fix on a root and any fix on a symptom look the same to the agent (the service stays as it was); the
    // original told them apart (`destructive_action`, "did not resolve the current failure mode"), which named the
    // roots. The grade still counts the first as destructive, as the original did.
    const unchanged: Outcome = { reward: 0, success: false, error: 'ineffective_fix', action_result: `Applied ${fix} to ${service}.`, message: `${service} is still ${this.statusOf(state, service)} after ${fix}.` };
    if (root && fix !== root.fix) {
      state.destructive_actions += 1;
      state.fixes_applied.push({ service, fix, success: false, destructive: true });
      return unchanged;
    }
    if (!root) {
      // A symptom: its cause is elsewhere, so the fix changes nothing (the original paid 0.12 and marked it fixed).
      state.fixes_applied.push({ service, fix, success: false });
      return unchanged;
    }
    state.correct_fixes.push(service);
    state.fix_correct_count += 1;
    state.fixes_applied.push({ service, fix, success: true });
    return { reward: 0.12, success: true, action_result: `Applied ${fix} to ${service}.`, message: `${service} is recovering after ${fix}.` };
  }

  private verifyHealth(state: DevopsState, service: string | null | undefined): Outcome {
    if (!isDevopsService(service)) {
      return { reward: 0, success: false, invalid: true, error: 'verify_health_requires_valid_service', action_result: 'verify_health needs a valid service.', message: `Valid services: ${DEVOPS_SERVICES.join(', ')}.` };
    }
    if (state.correct_fixes.includes(service)) {
      const first = !state.successful_verifications.includes(service);
      if (first) state.successful_verifications.push(service);
      return { reward: first ? 0.04 : 0, success: true, action_result: `Verified ${service}.`, message: `${service} is healthy again.` };
    }
    if (this.modeOf(state, service) === 'healthy') {
      return { reward: 0.01, success: true, action_result: `Verified ${service}.`, message: `${service} is already healthy.` };
    }
    return { reward: 0, success: false, error: 'verification_before_fix', action_result: `Verified ${service}.`, message: `${service} is still ${this.statusOf(state, service)}.` };
  }
}

/** The four devops-incident-response tasks, in the original's listing order. */
export function createDevopsCompatEngines(): DevopsCompatEngine[] {
  return DEVOPS_SCENARIOS.map((s) => new DevopsCompatEngine(s));
}

