import { type EnvLike, type EpisodeState, FiredrillError, type GradeReport, type ResetOptions, type StepResult } from '../contracts/index.js';
import { errorFromReply, toEpisodeState, toGradeReport, toStepResult } from './wire.js';

export interface HttpClientOptions {
  /** Server root, e.g. http://127.0.0.1:8000 (a path prefix is allowed). */
  baseUrl: string;
  /** Bearer token when the server runs with FIREDRILL_API_KEY. */
  apiKey?: string;
  /**
   * Which session to use: 'new' (default) opens a private session on the first reset; 'default' shares the
   * server's default session; any other string joins that existing session.
   */
  session?: string;
  /** Per-request timeout. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** EnvLike over Firedrill's HTTP routes (POST /reset, POST /step, GET /state) with a real session. */
export class HttpEnvClient implements EnvLike {
  private readonly base: string;
  private readonly fetchImpl: typeof fetch;
  private sessionId: string | null;
  private ownsSession = false;

  constructor(private readonly options: HttpClientOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
    // Called through a wrapper: browsers reject `fetch` invoked as a method of another object.
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    const session = options.session ?? 'new';
    this.sessionId = session === 'new' ? null : session;
  }

  /** The session this client acts in (null until the first reset of a 'new' client). */
  get session(): string | null {
    return this.sessionId;
  }

  async reset(options: ResetOptions = {}): Promise<StepResult> {
    const { body, headers } = await this.request('POST', '/reset', options, this.sessionId ?? 'new');
    const id = headers.get('x-session-id');
    if (this.sessionId === null && id) {
      this.sessionId = id;
      this.ownsSession = true;
    }
    return toStepResult(body);
  }

  async step(action: unknown): Promise<StepResult> {
    return toStepResult((await this.request('POST', '/step', { action })).body);
  }

  async state(): Promise<EpisodeState> {
    return toEpisodeState((await this.request('GET', '/state')).body);
  }

  /** The grade report of the ended episode. */
  async report(): Promise<GradeReport> {
    return toGradeReport((await this.request('GET', '/report')).body);
  }

  /** Ends the private session this client opened (a session it joined, or the default one, is left alone). */
  async close(): Promise<void> {
    const id = this.sessionId;
    if (id === null || !this.ownsSession) return;
    this.sessionId = null;
    this.ownsSession = false;
    try {
      await this.request('POST', '/close', undefined, id);
    } catch (err) {
      if (!(err instanceof FiredrillError && err.code === 'SESSION_NOT_FOUND')) throw err;
    }
  }

  private async request(method: 'GET' | 'POST', path: string, body?: unknown, session = this.sessionId): Promise<{ body: unknown; headers: Headers }> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (session !== null) headers['x-session-id'] = session;
    if (this.options.apiKey) headers['authorization'] = `Bearer ${this.options.apiKey}`;
    const response = await this.fetchImpl(`${this.base}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 60_000),
    });
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      throw new FiredrillError('INTERNAL', `${method} ${path}: the server answered HTTP ${response.status} with a body that is not JSON.`);
    }
    if (!response.ok) throw errorFromReply(parsed, response.status >= 500 ? 'INTERNAL' : 'VALIDATION_ERROR', response.status);
    return { body: parsed, headers: response.headers };
  }
}
