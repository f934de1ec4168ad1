/**
 * The one error catalogue. Every error a client can see has a code from here, an HTTP status,
 * a message template and (where it applies) the offending field.
 */
export const ERROR_CATALOGUE = {
  VALIDATION_ERROR: { status: 422, message: 'The request does not match the schema.', fix: 'Correct the field named in `field` (see GET /schema).' },
  BAD_REQUEST: { status: 400, message: 'The request is malformed.', fix: 'Check the URL, the headers and the body framing (Content-Length).' },
  INVALID_JSON: { status: 400, message: 'The body is not valid JSON.', fix: 'Send a JSON document with Content-Type: application/json.' },
  UNKNOWN_TYPE: { status: 400, message: 'Unknown message type.', fix: 'Use one of reset, step, state, close, mcp.' },
  UNKNOWN_TASK: { status: 404, message: 'No task has this id.', fix: 'List the task ids with GET /tasks or `firedrill tasks`.' },
  RESET_NEEDED: { status: 409, message: 'No episode is running; call reset first.', fix: 'Call reset (POST /reset or {"type":"reset"}) before step.' },
  EPISODE_RUNNING: { status: 409, message: 'The episode is still running; its grade report is available once it ends.', fix: 'Finish the episode (resolve, or run out of steps) and ask again.' },
  EPISODE_DONE: { status: 409, message: 'The episode has ended.', fix: 'Call reset to start a new episode.' },
  SESSION_NOT_FOUND: { status: 404, message: 'No session has this id (it never existed, was closed, expired or was evicted).', fix: 'Call POST /reset to start a new session and use the id it returns.' },
  CAPACITY_REACHED: { status: 503, message: 'The server is at its session capacity.', fix: 'Close idle sessions or raise --max-sessions.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is larger than the limit.', fix: 'Send a smaller body; free-text fields have length limits in /schema.' },
  UNAUTHORIZED: { status: 401, message: 'Missing or wrong bearer token.', fix: 'Send Authorization: Bearer <FIREDRILL_API_KEY>.' },
  GROUND_TRUTH_REFUSED: { status: 403, message: 'Ground truth is only given to the built-in reference agents.', fix: 'Remove needsGroundTruth from the agent module: an evaluated agent plays from observations only.' },
  FORBIDDEN_ORIGIN: { status: 403, message: 'Browser requests from this Origin may not use this endpoint.', fix: 'Call from a loopback origin, or allow the origin in the server options.' },
  NOT_FOUND: { status: 404, message: 'No such route or resource.', fix: 'See /docs for the routes.' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'This route does not accept this method.', fix: 'See /docs for the routes.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'The body must be application/json.', fix: 'Send Content-Type: application/json.' },
  EXECUTION_ERROR: { status: 500, message: 'The environment failed while executing the request.', fix: 'This is a Firedrill bug; please report it with the request.' },
  INTERNAL: { status: 500, message: 'Internal server error.', fix: 'This is a Firedrill bug; please report it with the request.' },
  TASK_INDEX_OUT_OF_RANGE: { status: 400, message: 'The task index is outside the split.', fix: 'Ask POST /firedrill/num_tasks for the split size; indices run from 0 to num_tasks − 1.' },
  NOT_IMPLEMENTED: { status: 501, message: 'Firedrill does not implement this method.', fix: 'See the Task API routes in docs/protocol.md.' },
  SCENARIO_INVALID: { status: 422, message: 'The scenario file is invalid.', fix: 'Correct the field named in the error; see docs/scenarios.md.' },
  // Action-level errors: a well-formed action that cannot apply. They appear in observation.last_action.error, not as HTTP errors.
  UNKNOWN_SERVICE: { status: 200, message: 'No service has this name.', fix: 'Use list_services to see the service names.' },
  UNKNOWN_ALERT: { status: 200, message: 'No alert has this id.', fix: 'Use an id from observation.alerts.' },
  INVALID_FIX: { status: 200, message: 'This fix cannot be applied to this service.', fix: 'Check the fix and its parameters.' },
  ALREADY_DONE: { status: 200, message: 'This has already been done.', fix: 'Try a different action.' },
} as const satisfies Record<string, { status: number; message: string; fix: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  field?: string;
  details?: unknown;
}

/** An error meant for a client: it carries a catalogue code and becomes a JSON error body at the edge. */
export class FiredrillError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly details: unknown;

  constructor(code: ErrorCode, message?: string, opts: { field?: string; details?: unknown } = {}) {
    super(message ?? ERROR_CATALOGUE[code].message);
    this.name = 'FiredrillError';
    this.code = code;
    this.field = opts.field;
    this.details = opts.details;
  }

  get status(): number {
    return ERROR_CATALOGUE[this.code].status;
  }

  toBody(): ErrorBody {
    const body: ErrorBody = { code: this.code, message: this.message };
    if (this.field !== undefined) body.field = this.field;
    if (this.details !== undefined) body.details = this.details;
    return body;
  }
}

/** Turns zod issues into a VALIDATION_ERROR naming the first offending field. */
export function validationError(issues: readonly { path: readonly PropertyKey[]; message: string; code?: string }[], prefix = ''): FiredrillError {
  const first = issues[0];
  const field = first ? [prefix, ...first.path.map(String)].filter(Boolean).join('.') : prefix || undefined;
  const message = first ? `${field ? `${field}: ` : ''}${first.message}` : 'Invalid input.';
  return new FiredrillError('VALIDATION_ERROR', message, {
    ...(field ? { field } : {}),
    details: issues.slice(0, 20).map((i) => ({ path: [prefix, ...i.path.map(String)].filter(Boolean), message: i.message, code: i.code })),
  });
}
