import { type EnvLike, type EpisodeState, FiredrillError, type ResetOptions, type StepResult } from '../contracts/index.js';
import { errorFromReply, toEpisodeState, toStepResult } from './wire.js';

/** The part of the WHATWG WebSocket API the client uses (browsers' WebSocket and the `ws` package both fit). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error' | 'message', listener: (event: { data?: unknown; code?: number; reason?: string }) => void): void;
}

export type WebSocketFactory = (url: string, headers: Record<string, string>) => WebSocketLike | Promise<WebSocketLike>;

export interface WsClientOptions {
  /** Server root, e.g. http://127.0.0.1:8000; `/ws` is appended, as OpenEnv's client does. */
  baseUrl: string;
  apiKey?: string;
  /** Timeout for opening the connection and for each reply. */
  timeoutMs?: number;
  /** Opens the socket; defaults to the global WebSocket, or the `ws` package when there is none (Node 20) or headers are needed. */
  webSocket?: WebSocketFactory;
}

const OPEN = 1;
const MAX_MESSAGE_BYTES = 100 * 1024 * 1024;

interface Pending {
  resolve: (frame: { type: string; data: unknown }) => void;
  reject: (err: FiredrillError) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** EnvLike over OpenEnv's `/ws`: one episode per connection, one reply per message. */
export class WsEnvClient implements EnvLike {
  private readonly pending: Pending[] = [];
  private failure: FiredrillError | null = null;
  private closedPromise: Promise<void>;

  private constructor(
    private readonly socket: WebSocketLike,
    private readonly timeoutMs: number,
  ) {
    let markClosed!: () => void;
    this.closedPromise = new Promise((resolve) => (markClosed = resolve));
    socket.addEventListener('message', (event) => this.onMessage(event.data));
    socket.addEventListener('close', (event) => {
      this.failure ??= new FiredrillError('SESSION_NOT_FOUND', `The WebSocket closed (code ${event.code ?? 'unknown'}${event.reason ? `: ${event.reason}` : ''}).`);
      for (const p of this.pending.splice(0)) {
        clearTimeout(p.timer);
        p.reject(this.failure);
      }
      markClosed();
    });
  }

  static async connect(options: WsClientOptions): Promise<WsEnvClient> {
    const url = `${options.baseUrl.replace(/\/+$/, '').replace(/^http(s?):\/\//, 'ws$1://')}/ws`;
    const headers: Record<string, string> = options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {};
    const socket = await (options.webSocket ?? defaultFactory)(url, headers);
    const timeoutMs = options.timeoutMs ?? 60_000;
    // Listen before the socket opens: a server at capacity sends its error frame right after the upgrade.
    const client = new WsEnvClient(socket, timeoutMs);
    await new Promise<void>((resolve, reject) => {
      if (socket.readyState === OPEN) return resolve();
      const timer = setTimeout(() => reject(new FiredrillError('INTERNAL', `Timed out opening ${url}.`)), timeoutMs);
      socket.addEventListener('open', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.addEventListener('error', () => {
        clearTimeout(timer);
        reject(new FiredrillError('INTERNAL', `Could not open ${url}.`));
      });
    });
    return client;
  }

  async reset(options: ResetOptions = {}): Promise<StepResult> {
    return toStepResult((await this.request({ type: 'reset', data: options })).data);
  }

  async step(action: unknown): Promise<StepResult> {
    return toStepResult((await this.request({ type: 'step', data: action })).data);
  }

  async state(): Promise<EpisodeState> {
    return toEpisodeState((await this.request({ type: 'state' })).data);
  }

  /** A JSON-RPC request bound to this connection's session (tools/list, tools/call). */
  async mcp(method: string, params: Record<string, unknown> = {}, id: string | number = 1): Promise<unknown> {
    return (await this.request({ type: 'mcp', data: { jsonrpc: '2.0', method, params, id } })).data;
  }

  /** Sends {"type":"close"} and waits for the server to close the socket. */
  async close(): Promise<void> {
    if (this.socket.readyState === OPEN) {
      this.socket.send(JSON.stringify({ type: 'close' }));
      const timer = setTimeout(() => this.socket.close(1000), 5000);
      await this.closedPromise;
      clearTimeout(timer);
    }
  }

  private request(message: object): Promise<{ type: string; data: unknown }> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.socket.readyState !== OPEN) return Promise.reject(new FiredrillError('SESSION_NOT_FOUND', 'The WebSocket is not open.'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.pending.findIndex((p) => p.timer === timer);
        if (i >= 0) this.pending.splice(i, 1);
        this.failure = new FiredrillError('INTERNAL', `No reply within ${this.timeoutMs} ms; the connection is out of step and is closed.`);
        this.socket.close(1000);
        reject(this.failure);
      }, this.timeoutMs);
      this.pending.push({ resolve, reject, timer });
      this.socket.send(JSON.stringify(message));
    });
  }

  private onMessage(data: unknown): void {
    let frame: { type?: unknown; data?: unknown };
    try {
      frame = JSON.parse(typeof data === 'string' ? data : String(data)) as typeof frame;
    } catch {
      frame = { type: 'error', data: { code: 'INTERNAL', message: 'The server sent a message that is not JSON.' } };
    }
    const pending = this.pending.shift();
    if (frame.type === 'error') {
      const err = errorFromReply(frame.data, 'INTERNAL');
      if (pending) {
        clearTimeout(pending.timer);
        pending.reject(err);
      } else {
        this.failure = err;
      }
      return;
    }
    if (pending) {
      clearTimeout(pending.timer);
      pending.resolve({ type: String(frame.type), data: frame.data });
    }
  }
}

async function defaultFactory(url: string, headers: Record<string, string>): Promise<WebSocketLike> {
  const Native = (globalThis as { WebSocket?: new (url: string) => WebSocketLike }).WebSocket;
  if (Native && Object.keys(headers).length === 0) return new Native(url);
  const { WebSocket } = await import('ws');
  return new WebSocket(url, { headers, maxPayload: MAX_MESSAGE_BYTES }) as unknown as WebSocketLike;
}
