import { z } from 'zod';

import { ERROR_CODES } from './errors.js';
import { READ_RESULT_SCHEMAS } from './results.js';

export const AlertSchema = z.strictObject({
  id: z.string(),
  severity: z.enum(['critical', 'warning', 'info']),
  service: z.string(),
  title: z.string(),
  description: z.string(),
  fired_at: z.number().describe('Simulated minutes since onset (negative: before onset).'),
  state: z.enum(['firing', 'resolved']),
  acknowledged: z.boolean(),
});
export type Alert = z.infer<typeof AlertSchema>;

export const LastActionSchema = z.strictObject({
  action_type: z.string(),
  ok: z.boolean(),
  error: z.strictObject({ code: z.enum(ERROR_CODES as [string, ...string[]]), message: z.string() }).optional(),
});
export type LastAction = z.infer<typeof LastActionSchema>;

export const IncidentHeaderSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  goal: z.string(),
  onset: z.string().describe('Wall-clock label of the incident onset (simulated).'),
  now: z.string().describe('Wall-clock label of the current simulated time.'),
  elapsed_minutes: z.number(),
});

/** Observation of native Firedrill tasks (DESIGN §5). `done`/`reward` travel beside it on the wire. */
export const NativeObservationSchema = z.strictObject({
  incident: IncidentHeaderSchema,
  alerts: z.array(AlertSchema),
  last_action: LastActionSchema.nullable(),
  result: z.record(z.string(), z.unknown()).nullable().describe('Action-specific structured payload.'),
  text: z.string().describe('The result rendered as concise Markdown for LLMs.'),
  step: z.number().int().min(0),
  max_steps: z.number().int().min(1),
  available_actions: z.array(z.string()),
});
export type NativeObservation = z.infer<typeof NativeObservationSchema>;

/**
 * The native observation as published in `/schema` and checked by `check-env`: a read-side action's `result` has its
 * own schema (READ_RESULT_SCHEMAS, keyed by `last_action.action_type`); other actions return a small object.
 */
export const NativeObservationResultsSchema = NativeObservationSchema.extend({
  result: z
    .union([...Object.values(READ_RESULT_SCHEMAS), z.record(z.string(), z.unknown())])
    .nullable()
    .describe('Action-specific structured payload; the read-side actions (list_services, inspect_dependencies, read_logs, query_metrics, get_traces, list_deploys, get_config, run_query, verify_health) have their own schemas.'),
}).superRefine((o, ctx) => {
  const type = o.last_action?.ok ? o.last_action.action_type : null;
  if (type === null || !(type in READ_RESULT_SCHEMAS) || o.result === null) return;
  const parsed = READ_RESULT_SCHEMAS[type as keyof typeof READ_RESULT_SCHEMAS].safeParse(o.result);
  if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: ['result', ...issue.path] });
});
