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
  // Protective refusals and transport-level errors (docs/operations.md lists the limits behind them).
  RATE_LIMITED: { status: 429, message: 'This client is over its allowance.', fix: 'Wait the Retry-After seconds, then retry; see docs/operations.md for the per-client limits.' },
  REQUEST_TIMEOUT: { status: 408, message: 'The request was not received in time.', fix: 'Send the whole request (headers and body) within the server\'s request timeout.' },
  HEADERS_TOO_LARGE: { status: 431, message: 'The request headers are too large.', fix: 'Send fewer or shorter headers (16 KiB in all at most).' },
  URI_TOO_LONG: { status: 414, message: 'The URL is too long.', fix: 'Shorten the path or the query string.' },
  FORBIDDEN_PATH: { status: 403, message: 'This path may not be served.', fix: 'Request a file under the served directory without `..` segments.' },
  PRECONDITION_FAILED: { status: 412, message: 'A conditional header (If-Match, If-Unmodified-Since) does not hold.', fix: 'Drop the condition or fetch the current version first.' },
  RANGE_NOT_SATISFIABLE: { status: 416, message: 'The requested Range lies outside the file.', fix: 'Drop the Range header or ask for bytes within the file.' },
  UPGRADE_REQUIRED: { status: 426, message: 'This route speaks WebSocket only.', fix: 'Open a WebSocket (Upgrade: websocket) to this route.' },
  NOT_UPGRADABLE: { status: 400, message: 'This route does not accept a protocol upgrade.', fix: 'Send the request without Upgrade; WebSockets are served at /ws and /mcp.' },
  FORBIDDEN_HOST: { status: 421, message: 'This server does not answer for this Host name.', fix: 'Use a loopback name or the --host the server was started with, or set FIREDRILL_API_KEY to accept any Host.' },
  SHUTTING_DOWN: { status: 503, message: 'The server is shutting down.', fix: 'Retry against a running instance.' },
  RUN_STORE_UNAVAILABLE: { status: 503, message: 'The eval run store cannot be read.', fix: 'Check the --runs-db file (see the message): restore it, or recreate it with `firedrill eval`.' },
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
