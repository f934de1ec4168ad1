import { ERROR_CATALOGUE, type ErrorBody, type ErrorCode, FiredrillError } from '../contracts/index.js';

/** One entry of FastAPI's 422 `detail` list, which OpenEnv clients know how to print. */
export interface DetailItem {
  type: string;
  loc: (string | number)[];
  msg: string;
}

/** Every HTTP error body: our catalogue error plus FastAPI's `detail` (a string, or the issue list of a 422). */
export interface HttpErrorBody {
  error: ErrorBody;
  detail: string | DetailItem[];
}

/** The OpenEnv WebSocket error codes (`WSErrorCode`); the catalogue code travels beside them in `error`. */
export const WS_ERROR_CODES = ['INVALID_JSON', 'UNKNOWN_TYPE', 'VALIDATION_ERROR', 'EXECUTION_ERROR', 'CAPACITY_REACHED', 'FACTORY_ERROR', 'SESSION_ERROR'] as const;
export type WsErrorCode = (typeof WS_ERROR_CODES)[number];

/** Statuses Fastify and its plugins (the static file sender included) raise, as catalogue codes. */
const FASTIFY_STATUS_CODES: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN_PATH',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'REQUEST_TIMEOUT',
  412: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  416: 'RANGE_NOT_SATISFIABLE',
  431: 'HEADERS_TOO_LARGE',
};

/** Anything thrown while serving a request → a FiredrillError. Unknown failures become INTERNAL (never a client-fault code). */
export function toFiredrillError(err: unknown): FiredrillError {
  if (err instanceof FiredrillError) return err;
  const status = typeof err === 'object' && err !== null && ('statusCode' in err || 'status' in err) ? Number((err as { statusCode?: unknown; status?: unknown }).statusCode ?? (err as { status?: unknown }).status) : NaN;
  const code = FASTIFY_STATUS_CODES[status];
  if (code) return new FiredrillError(code, code === 'BAD_REQUEST' ? `${ERROR_CATALOGUE.BAD_REQUEST.message} ${String((err as Error).message).slice(0, 200)}` : undefined);
  return new FiredrillError('INTERNAL');
}

/** HTTP status of an error; action-level codes (status 200) never reach HTTP as errors, so they count as 400. */
export function httpStatus(err: FiredrillError): number {
  return err.status >= 400 ? err.status : 400;
}

export function httpErrorBody(err: FiredrillError): HttpErrorBody {
  return { error: err.toBody(), detail: err.code === 'VALIDATION_ERROR' ? detailItems(err) : err.message };
}

/**
 * FastAPI-style issue list. Locations are `["body", …path]`, except inside a step's `action`, which OpenEnv
 * validates on its own so the location is relative to the action.
 */
export function detailItems(err: FiredrillError): DetailItem[] {
  const issues = Array.isArray(err.details) ? (err.details as { path?: unknown; message?: unknown; code?: unknown }[]) : [];
  const items = issues.map((issue) => {
    const path = Array.isArray(issue.path) ? issue.path.map((p: unknown) => (typeof p === 'number' ? p : String(p))) : [];
    return { type: typeof issue.code === 'string' ? issue.code : 'value_error', loc: location(path), msg: String(issue.message ?? err.message) };
  });
  if (items.length > 0) return items;
  return [{ type: 'value_error', loc: location(err.field ? err.field.split('.') : []), msg: err.message }];
}

function location(path: (string | number)[]): (string | number)[] {
  return path[0] === 'action' && path.length > 1 ? path.slice(1) : ['body', ...path];
}

export interface WsErrorFrame {
  type: 'error';
  data: {
    message: string;
    code: WsErrorCode;
    error: ErrorBody;
    errors?: DetailItem[];
    active_sessions?: number;
    max_sessions?: number;
    factory_name?: string;
  };
}

export function wsErrorCode(code: ErrorCode): WsErrorCode {
  switch (code) {
    case 'INVALID_JSON':
    case 'UNKNOWN_TYPE':
    case 'VALIDATION_ERROR':
    case 'CAPACITY_REACHED':
      return code;
    case 'PAYLOAD_TOO_LARGE':
      return 'VALIDATION_ERROR';
    case 'SESSION_NOT_FOUND':
      return 'SESSION_ERROR';
    default:
      return 'EXECUTION_ERROR';
  }
}

export function wsErrorFrame(err: FiredrillError, override?: WsErrorCode): WsErrorFrame {
  const data: WsErrorFrame['data'] = { message: err.message, code: override ?? wsErrorCode(err.code), error: err.toBody() };
  if (err.code === 'VALIDATION_ERROR') data.errors = detailItems(err);
  if (err.code === 'CAPACITY_REACHED' && isCapacity(err.details)) {
    data.active_sessions = err.details.active_sessions;
    data.max_sessions = err.details.max_sessions;
  }
  return { type: 'error', data };
}

function isCapacity(details: unknown): details is { active_sessions: number; max_sessions: number } {
  return typeof details === 'object' && details !== null && 'active_sessions' in details && 'max_sessions' in details;
}
