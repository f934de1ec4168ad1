import { z } from 'zod';

import { FiredrillError, validationError } from '../contracts/index.js';

/** Longest accepted session id (ours are UUIDs; the bound only stops hostile input early). */
export const SESSION_ID_MAX = 128;
const SessionId = z.string().min(1).max(SESSION_ID_MAX).describe('A session id from /reset, "default", or "new" (on /reset).');

/**
 * POST /reset body (OpenEnv `ResetRequest` plus Firedrill's keys). Unknown keys are accepted and ignored,
 * as OpenEnv forwards them to the environment; null means "not given".
 */
export const ResetRequestSchema = z.looseObject({
  task_id: z.string().min(1).max(128).nullable().optional().describe('Task to run (GET /tasks); the server default when omitted.'),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable().optional().describe('Seed of the episode; 0 when omitted.'),
  episode_id: z.string().min(1).max(255).nullable().optional(),
  reward_profile: z.enum(['delta', 'cumulative', 'seed2', 'shaped']).nullable().optional(),
  private_world: z
    .boolean()
    .nullable()
    .optional()
    .describe('Draw the world from the seed keyed by the server\'s episode secret: the same seed gives the same world on this server, and no copy of Firedrill without the secret can reproduce it.'),
  agent_handle: z
    .boolean()
    .nullable()
    .optional()
    .describe('HTTP only, private sessions: also return an agent_token for the agent surface (/agent/…) that can step this episode but not reset, read the seed or the report.'),
  split: z.string().min(1).max(64).nullable().optional().describe('Task API split; with index, selects the task and seed.'),
  index: z.number().int().min(0).nullable().optional().describe('Task API index within the split.'),
  family: z.string().min(1).max(64).nullable().optional().describe('Task API family the index counts within.'),
  session_id: SessionId.optional(),
});

/** POST /step body (OpenEnv `StepRequest`). `timeout_s` and `request_id` are accepted; steps are synchronous. */
export const StepRequestSchema = z.looseObject({
  action: z.record(z.string(), z.unknown()).describe('The action: a native action ({"action_type": …}) or {"type":"list_tools"|"call_tool", …}.'),
  timeout_s: z.number().positive().finite().optional(),
  request_id: z.string().max(255).optional(),
  session_id: SessionId.optional(),
});

export const SchemaQuerySchema = z.looseObject({
  task_id: z.string().min(1).max(128).optional(),
});

/** OpenEnv's step-level MCP actions (`ListToolsAction`, `CallToolAction`). */
export const ListToolsActionSchema = z.strictObject({
  type: z.literal('list_tools'),
  metadata: z.record(z.string(), z.unknown()).optional(),
});
export const CallToolActionSchema = z.strictObject({
  type: z.literal('call_tool'),
  tool_name: z.string().min(1).max(128),
  arguments: z.record(z.string(), z.unknown()).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

/** WebSocket client messages (OpenEnv: pydantic models with extra keys forbidden). */
export const WsResetSchema = z.strictObject({ type: z.literal('reset'), data: z.record(z.string(), z.unknown()).optional() });
export const WsStepSchema = z.strictObject({ type: z.literal('step'), data: z.record(z.string(), z.unknown()) });
export const WsStateSchema = z.strictObject({ type: z.literal('state') });
export const WsCloseSchema = z.strictObject({ type: z.literal('close') });
export const WsMcpSchema = z.strictObject({ type: z.literal('mcp'), data: z.unknown() });
export const WS_MESSAGE_TYPES = ['reset', 'step', 'state', 'close', 'mcp'] as const;

/** Parses with zod, throwing VALIDATION_ERROR that names the first bad field. */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, prefix = ''): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError(parsed.error.issues, prefix);
  return parsed.data;
}

/** An object body, or VALIDATION_ERROR; a missing body is `{}`. */
export function objectBody(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new FiredrillError('VALIDATION_ERROR', 'The body must be a JSON object.', { details: [{ path: [], message: 'Input should be a valid dictionary', code: 'dict_type' }] });
  }
  return body as Record<string, unknown>;
}
