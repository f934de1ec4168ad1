import { z } from 'zod';

import { AlertRoleSchema, FaultKindSchema, FixKindSchema, SeveritySchema, TeamSchema } from './catalog.js';

export const LIMITS = {
  name: 64,
  shortText: 500,
  longText: 8000,
  query: 500,
  configValue: 200,
} as const;

const ServiceName = z.string().min(1).max(LIMITS.name).describe('A service name, as listed by list_services.');
const AlertId = z.string().min(1).max(LIMITS.name).describe('An alert id from observation.alerts.');
const LongText = z.string().max(LIMITS.longText);

/**
 * The published triage rules: what the grader expects of classify_alert, in terms an engineer can observe.
 * Quoted in the tool descriptions, the goal at reset and docs/scoring.md.
 */
export const TRIAGE_RULES = {
  severity:
    'Severity, from what monitoring shows for the alert\'s service at the page (verify_health): P1 = customers are hurt now (a service list_services marks customer_facing is outside its SLO: error rate above 1% or p99 above 2.5x its normal) or the service is down (90%+ errors or no ready replica); P2 = the service is outside its SLO but not P1; P3 = the service is inside its SLO, or the alert is unrelated. An adjacent priority earns half credit.',
  role: 'Role: root_cause = the alert is on a service where a cause of the incident lives (its own release, config, resources or jobs; when a change in one service harms others, such as a workload crowding the nodes it shares or a caller loading a shared dependency, that culprit); symptom = the service suffers because of another\'s failure (its victims and everything downstream of them); unrelated = the alert would fire without this incident (pre-existing noise).',
  scope: 'Triage is graded over the alerts shown in the first observation; Cohen\'s kappa per dimension, so a constant guess scores 0.',
} as const;

/** The accepted-label rule of diagnose, in the words the tool description uses. */
export const DIAGNOSE_RULE =
  'Name the service where the cause lives (the culprit, not its victims) and the mechanism (the fault type). The trigger is accepted instead when the only fix undoes it: bad_deploy for a mechanism a release introduced and a rollback fixes, config_drift for one a config change introduced and restoring the setting fixes. Every fault type in the enum is its own mechanism label. A service diagnosed with more than 3 different faults counts as a guess: its claims are wrong.';

const act = <T extends string, S extends z.ZodRawShape>(type: T, description: string, shape: S) =>
  z.strictObject({ action_type: z.literal(type), ...shape }).describe(description);

export const FixParamsSchema = z
  .strictObject({
    version: z.string().min(1).max(LIMITS.name).optional().describe('rollback: the version to roll back to.'),
    replicas: z.number().int().min(0).max(100).optional().describe('scale: the new replica count.'),
    key: z.string().min(1).max(LIMITS.name).optional().describe('config_set: the configuration key.'),
    value: z.union([z.string().max(LIMITS.configValue), z.number().finite(), z.boolean()]).optional().describe('config_set: the new value.'),
  })
  .describe('Parameters of the fix: rollback{version}, scale{replicas}, config_set{key,value}.');

export const NATIVE_ACTIONS = {
  list_services: act('list_services', 'List the services visible to monitoring, with their kind and dependencies.', {}),
  inspect_dependencies: act('inspect_dependencies', 'Show the callers and callees of a service, or the whole call graph.', {
    service: ServiceName.optional(),
  }),
  read_logs: act('read_logs', 'Read recent log lines of a service, newest last, optionally filtered.', {
    service: ServiceName,
    contains: z.string().max(LIMITS.query).optional().describe('Only lines containing this text (case-insensitive).'),
    level: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL']).optional().describe('Only lines at this level or worse.'),
    limit: z.number().int().min(1).max(200).optional().describe('How many lines at most (default 20).'),
  }),
  query_metrics: act('query_metrics', 'Summarise a service metric over a window: now, pre-incident baseline, trend.', {
    service: ServiceName,
    metric: z.string().min(1).max(LIMITS.name).optional().describe('One metric name; all key metrics when omitted.'),
    window_minutes: z.number().int().min(1).max(240).optional().describe('Window length in simulated minutes (default 30).'),
  }),
  get_traces: act('get_traces', 'Sampled request traces through the call graph, with per-span latency and errors.', {
    service: ServiceName.optional(),
    errors_only: z.boolean().optional(),
    limit: z.number().int().min(1).max(50).optional(),
  }),
  list_deploys: act('list_deploys', 'Deploy history with versions and times.', { service: ServiceName.optional() }),
  get_config: act('get_config', 'Current configuration of a service with its recent changes.', { service: ServiceName }),
  run_query: act('run_query', 'Search logs (last 15 minutes), deploys, config changes and alerts: every term must appear (case-insensitive, any order); hits are ranked, then listed oldest first with their source and time.', {
    query: z.string().min(1).max(LIMITS.query),
    service: ServiceName.optional().describe('Only hits from this service.'),
  }),
  acknowledge_alert: act('acknowledge_alert', 'Acknowledge an alert.', { alert_id: AlertId }),
  classify_alert: act('classify_alert', `Triage claim: the priority of an alert and whether it is a root cause, a symptom or unrelated. ${TRIAGE_RULES.severity} ${TRIAGE_RULES.role} ${TRIAGE_RULES.scope}`, {
    alert_id: AlertId,
    severity: SeveritySchema,
    role: AlertRoleSchema,
  }),
  classify_alerts: act('classify_alerts', 'Triage claims for several alerts in one step (the same rules as classify_alert). All or nothing: an unknown or already classified alert rejects the batch.', {
    alerts: z
      .array(z.strictObject({ alert_id: AlertId, severity: SeveritySchema, role: AlertRoleSchema }))
      .min(1)
      .max(100),
  }),
  diagnose: act('diagnose', `Root-cause claim: this service has this fault. Every claim counts; wrong claims cost. ${DIAGNOSE_RULE}`, {
    service: ServiceName,
    fault: FaultKindSchema,
    evidence: z.string().max(LIMITS.shortText).optional(),
  }),
  apply_fix: act('apply_fix', 'Remediate a service.', {
    service: ServiceName,
    fix: FixKindSchema,
    params: FixParamsSchema.optional(),
  }),
  verify_health: act('verify_health', 'Current health of one service, or of all, as monitoring sees it.', { service: ServiceName.optional() }),
  escalate: act('escalate', 'Page another team. Costs time; penalised when unnecessary.', {
    team: TeamSchema,
    reason: z.string().min(1).max(LIMITS.shortText),
  }),
  write_postmortem: act(
    'write_postmortem',
    'Write the postmortem. The structured fields, when given, are graded exactly against what happened; the prose is read for substance and for false claims (denials such as "ruled out" or "was unrelated" assert nothing).',
    {
      timeline: LongText.describe('What happened when, on the T+N clock the observations use (e.g. "T+12 ..."; T-5 is before the page\'s T+0).'),
      root_cause: LongText.describe('The root cause: which service, which fault, why.'),
      impact: LongText,
      action_items: LongText,
      prevention: LongText,
      root_causes: z
        .array(z.strictObject({ service: ServiceName, fault: FaultKindSchema }))
        .max(20)
        .optional()
        .describe('Structured root causes: the service where each cause lives and its fault type (as for diagnose).'),
      remediations: z
        .array(z.strictObject({ service: ServiceName, fix: FixKindSchema, minute: z.number().int().min(-1440).max(1440).optional().describe('The T+N minute the fix was applied (or completed), on the clock the observations use.') }))
        .max(40)
        .optional()
        .describe('Structured remediations that fixed the incident, with the T+N minute each was applied.'),
      onset_minute: z.number().int().min(-1440).max(1440).optional().describe("When the incident began, in minutes relative to the page's T+0 (negative when the first fault started before it)."),
      mitigated_minute: z.number().int().min(-1440).max(1440).optional().describe('The T+N minute the incident was mitigated (the last fault stopped), on the clock the observations use.'),
    },
  ),
  wait: act('wait', 'Let simulated time pass.', { minutes: z.number().int().min(1).max(60) }),
  resolve: act('resolve', 'Declare the incident mitigated. Ends the episode.', { summary: z.string().max(LIMITS.shortText).optional() }),
} as const;

export type NativeActionType = keyof typeof NATIVE_ACTIONS;
export const NATIVE_ACTION_TYPES = Object.keys(NATIVE_ACTIONS) as NativeActionType[];

export const NativeActionSchema = z.discriminatedUnion('action_type', [
  NATIVE_ACTIONS.list_services,
  NATIVE_ACTIONS.inspect_dependencies,
  NATIVE_ACTIONS.read_logs,
  NATIVE_ACTIONS.query_metrics,
  NATIVE_ACTIONS.get_traces,
  NATIVE_ACTIONS.list_deploys,
  NATIVE_ACTIONS.get_config,
  NATIVE_ACTIONS.run_query,
  NATIVE_ACTIONS.acknowledge_alert,
  NATIVE_ACTIONS.classify_alert,
  NATIVE_ACTIONS.classify_alerts,
  NATIVE_ACTIONS.diagnose,
  NATIVE_ACTIONS.apply_fix,
  NATIVE_ACTIONS.verify_health,
  NATIVE_ACTIONS.escalate,
  NATIVE_ACTIONS.write_postmortem,
  NATIVE_ACTIONS.wait,
  NATIVE_ACTIONS.resolve,
]);
export type NativeAction = z.infer<typeof NativeActionSchema>;
export type ActionOf<T extends NativeActionType> = Extract<NativeAction, { action_type: T }>;
export type FixParams = z.infer<typeof FixParamsSchema>;
