import { ERROR_CODES, type EpisodeState, type ErrorCode, FiredrillError, type GradeReport, type StepResult } from '../contracts/index.js';

/** A StepResult from a reply's `data` (or an HTTP body), tolerating servers that omit `metadata` (stock OpenEnv). */
export function toStepResult(payload: unknown): StepResult {
  const p = record(payload, 'result');
  const observation = p['observation'];
  const metadata = p['metadata'];
  const reward = p['reward'];
  return {
    observation: observation && typeof observation === 'object' && !Array.isArray(observation) ? (observation as Record<string, unknown>) : {},
    reward: typeof reward === 'number' ? reward : typeof reward === 'boolean' ? Number(reward) : null,
    done: p['done'] === true,
    metadata: metadata && typeof metadata === 'object' && !Array.isArray(metadata) ? (metadata as Record<string, unknown>) : {},
  };
}

export function toEpisodeState(payload: unknown): EpisodeState {
  return record(payload, 'state') as EpisodeState;
}

export function toGradeReport(payload: unknown): GradeReport {
  return record(payload, 'report') as GradeReport;
}

/**
 * The FiredrillError a server reply stands for: our `{error:{code,message,field?}}` (HTTP bodies and WS
 * error frames), else an OpenEnv WS code or FastAPI `detail`.
 */
export function errorFromReply(payload: unknown, fallback: ErrorCode, status?: number): FiredrillError {
  const p = payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : {};
  const inner = p['error'];
  if (inner && typeof inner === 'object') {
    const e = inner as Record<string, unknown>;
    const code = knownCode(e['code']) ?? fallback;
    const field = typeof e['field'] === 'string' ? e['field'] : undefined;
    return new FiredrillError(code, typeof e['message'] === 'string' ? e['message'] : undefined, {
      ...(field === undefined ? {} : { field }),
      ...(e['details'] === undefined ? {} : { details: e['details'] }),
    });
  }
  const code = knownCode(p['code']) ?? fallback;
  const message = typeof p['message'] === 'string' ? p['message'] : typeof p['detail'] === 'string' ? p['detail'] : status ? `HTTP ${status}` : undefined;
  return new FiredrillError(code, message, p['detail'] === undefined ? {} : { details: p['detail'] });
}

function knownCode(code: unknown): ErrorCode | undefined {
  return typeof code === 'string' && (ERROR_CODES as string[]).includes(code) ? (code as ErrorCode) : undefined;
}

function record(payload: unknown, what: string): Record<string, unknown> {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) throw new FiredrillError('INTERNAL', `The server sent a ${what} that is not a JSON object.`);
  return payload as Record<string, unknown>;
}
