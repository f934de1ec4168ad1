import type { FastifyRequest } from 'fastify';

import { FiredrillError } from '../contracts/index.js';
import { SESSION_ID_MAX } from './wire.js';

/**
 * The session id a request names: the X-Session-ID header, else the `session_id` query parameter, else the
 * body's `session_id`. Undefined when it names none (the shared default session).
 */
export function requestedSessionId(request: FastifyRequest): string | undefined {
  const header = request.headers['x-session-id'];
  if (header !== undefined) return checked(header, 'X-Session-ID');
  const query = request.query as Record<string, unknown> | null | undefined;
  if (query && typeof query === 'object' && query['session_id'] !== undefined) return checked(query['session_id'], 'session_id');
  const body = request.body;
  if (body && typeof body === 'object' && !Array.isArray(body) && (body as Record<string, unknown>)['session_id'] !== undefined) {
    return checked((body as Record<string, unknown>)['session_id'], 'session_id');
  }
  return undefined;
}

function checked(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > SESSION_ID_MAX) {
    throw new FiredrillError('VALIDATION_ERROR', `${field}: expected one session id of 1 to ${SESSION_ID_MAX} characters.`, {
      field: 'session_id',
      details: [{ path: ['session_id'], message: `Expected one session id of 1 to ${SESSION_ID_MAX} characters`, code: 'invalid_type' }],
    });
  }
  return value;
}
