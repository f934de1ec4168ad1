import { randomUUID } from 'node:crypto';

import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type {} from '@fastify/swagger';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

import { FiredrillError, RewardProfileSchema, validationError } from '../../contracts/index.js';
import type { TaskRegistry } from '../../env/registry.js';
import { type EpisodeMcpServer, createEpisodeMcpServer } from './episode-server.js';
import type { Session, SessionStore } from '../sessions.js';
import { McpSessionPool, type McpSessions } from './session-pool.js';

/** Where MCP Streamable HTTP lives; OpenEnv's own JSON-RPC keeps `POST /mcp` and `WS /mcp`. */
export const MCP_STREAM_PATH = '/mcp/stream';

export const MCP_STREAM_DEFAULTS = {
  maxSessions: 64,
  idleTimeoutMs: 30 * 60_000,
} as const;

export interface McpStreamableHttpOptions {
  registry: TaskRegistry;
  path?: string;
  /** MCP sessions (episodes) open at once; an initialize beyond it gets 503 CAPACITY_REACHED. */
  maxSessions?: number;
  /** A session with no request for this long is closed; its id then gets 404 and the client starts afresh. */
  idleTimeoutMs?: number;
  /** How often idle sessions are looked for (default: a quarter of the idle timeout, at most a minute). */
  sweepIntervalMs?: number;
  /**
   * Browser origins allowed to call (the MCP spec's DNS-rebinding defence). Requests without an Origin
   * header (every non-browser client) always pass; by default only loopback origins do. '*' allows any.
   */
  allowedOrigins?: readonly string[] | '*';
  /** serverInfo.version reported to clients. */
  version?: string;
  /** Wall clock in ms for idleness (tests pass a fake one). */
  now?: () => number;
  /** Operator log; the Fastify logger by default. */
  log?: (line: string) => void;
  /**
   * The server's session store: when given, MCP sessions are sessions of kind 'mcp' in it, under its capacity,
   * idle timeout, eviction rule and gauges (maxSessions and idleTimeoutMs are then ignored).
   */
  store?: SessionStore;
  /**
   * Sessions play an episode a trainer handed out (an agent handle) instead of one chosen by query parameters:
   * called on every request with its headers, it names the caller's episode or throws (UNAUTHORIZED).
   */
  handedEpisode?: (request: FastifyRequest) => HandedEpisode;
}

/** The episode of an agent handle, as the MCP route sees it. */
export interface HandedEpisode {
  /** Which handle: every request of a session must come with the handle that started it. */
  readonly key: string;
  /** A sealed MCP server over the handle's episode. */
  open(): McpServer;
}

export interface McpStreamableHttp {
  readonly path: string;
  readonly sessions: McpSessions<HttpMcpSession>;
}

export interface HttpMcpSession {
  /** The episode, for sessions started from query parameters (null for an agent handle's). */
  readonly episode: EpisodeMcpServer | null;
  /** The agent handle of the session ('' for sessions started from query parameters). */
  readonly key: string;
  readonly transport: StreamableHTTPServerTransport;
  close(): Promise<void>;
}

/** Query parameters of the initialize request: which episode the session plays. */
export const McpStreamQuerySchema = z.strictObject({
  task: z.string().min(1).max(128).optional(),
  seed: z
    .string()
    .regex(/^\d{1,15}$/, 'Expected a non-negative integer.')
    .transform(Number)
    .optional(),
  reward_profile: RewardProfileSchema.optional(),
  private_world: z
    .enum(['true', 'false', '1', '0'])
    .transform((v) => v === 'true' || v === '1')
    .optional(),
});

/** MCP sessions one agent handle may hold open at once (a client reconnecting needs more than one). */
export const MCP_SESSIONS_PER_HANDLE = 4;

const JSONRPC_SERVER_ERROR = -32000;
const JSONRPC_SESSION_NOT_FOUND = -32001;
const JSONRPC_INVALID_REQUEST = -32600;
const JSONRPC_INVALID_PARAMS = -32602;

/**
 * Mounts the MCP Streamable HTTP transport (SDK's StreamableHTTPServerTransport) at `path` on a Fastify app.
 * Each MCP session is one episode: `initialize` (POST without Mcp-Session-Id) creates it from the query
 * parameters `task`, `seed` and `reward_profile`; later requests carry the Mcp-Session-Id header the SDK
 * assigned; DELETE ends it.
 */
export function registerMcpStreamableHttp(app: FastifyInstance, options: McpStreamableHttpOptions): McpStreamableHttp {
  const path = options.path ?? MCP_STREAM_PATH;
  const idleTimeoutMs = options.idleTimeoutMs ?? MCP_STREAM_DEFAULTS.idleTimeoutMs;
  const sessions: McpSessions<HttpMcpSession> = options.store
    ? new StoreMcpSessions(options.store)
    : new McpSessionPool<HttpMcpSession>({
        maxSessions: options.maxSessions ?? MCP_STREAM_DEFAULTS.maxSessions,
        idleTimeoutMs,
        ...(options.now ? { now: options.now } : {}),
      });
  const log = options.log ?? ((line: string) => app.log.info(line));
  const allowedOrigins = options.allowedOrigins ?? [];

  async function startSession(request: FastifyRequest, reply: FastifyReply, handed: HandedEpisode | null): Promise<void> {
    const query = McpStreamQuerySchema.safeParse(request.query ?? {});
    const id = requestId(request.body);
    if (!handed && !query.success) return sendRpcError(reply, validationError(query.error.issues), JSONRPC_INVALID_PARAMS, id);
    // One agent handle cannot take the slots every other agent needs.
    if (handed && sessions.count((s) => s.key === handed.key) >= MCP_SESSIONS_PER_HANDLE) {
      const err = new FiredrillError('CAPACITY_REACHED', `This agent handle already has ${MCP_SESSIONS_PER_HANDLE} MCP sessions open; end one (DELETE) first.`, {
        details: { active_sessions: MCP_SESSIONS_PER_HANDLE, max_sessions: MCP_SESSIONS_PER_HANDLE },
      });
      return sendRpcError(reply, err, JSONRPC_SERVER_ERROR, id);
    }
    if (!sessions.reserve()) {
      const err = new FiredrillError('CAPACITY_REACHED', `The server is at its MCP session capacity (${sessions.capacity}).`, {
        details: { active_sessions: sessions.size, max_sessions: sessions.capacity },
      });
      return sendRpcError(reply, err, JSONRPC_SERVER_ERROR, id);
    }
    let episode: EpisodeMcpServer | null = null;
    let server: McpServer;
    try {
      if (handed) server = handed.open();
      else {
        episode = createEpisodeMcpServer({ registry: options.registry, ...(query.success ? query.data : {}), version: options.version ?? '0.0.0', log });
        server = episode.server;
      }
    } catch (err) {
      sessions.release();
      if (err instanceof FiredrillError) return sendRpcError(reply, err, JSONRPC_INVALID_PARAMS, id);
      throw err;
    }
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      onsessioninitialized: (sessionId) => {
        sessions.add(sessionId, session);
        log(episode ? `mcp session ${sessionId} opened: task ${episode.taskId} seed ${episode.seed}` : `mcp session ${sessionId} opened on an agent handle`);
      },
      onsessionclosed: (sessionId) => {
        sessions.remove(sessionId);
        log(`mcp session ${sessionId} closed by the client`);
      },
    });
    const session: HttpMcpSession = { episode, key: handed?.key ?? '', transport, close: () => server.close() };
    transport.onclose = () => {
      if (transport.sessionId !== undefined) sessions.remove(transport.sessionId);
    };
    try {
      await server.connect(transport);
      await forward(transport, request, reply);
    } finally {
      // The SDK refused the initialize (e.g. a wrong Accept header): the slot was never filled.
      if (transport.sessionId === undefined) {
        sessions.release();
        await server.close();
      }
    }
  }

  async function handle(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (!originAllowed(request.headers.origin, allowedOrigins)) {
      const err = new FiredrillError('FORBIDDEN_ORIGIN', `Origin ${String(request.headers.origin).slice(0, 100)} may not use the MCP endpoint.`, { field: 'origin' });
      return sendRpcError(reply, err, JSONRPC_SERVER_ERROR, null);
    }
    let handed: HandedEpisode | null = null;
    if (options.handedEpisode) {
      try {
        handed = options.handedEpisode(request);
      } catch (err) {
        if (err instanceof FiredrillError) return sendRpcError(reply, err, JSONRPC_SERVER_ERROR, requestId(request.body));
        throw err;
      }
    }
    if (request.method === 'POST' && Array.isArray(request.body) && request.body.length === 0) {
      // JSON-RPC 2.0: an empty batch is an invalid request, not something to acknowledge with 202.
      const err = new FiredrillError('VALIDATION_ERROR', 'An empty JSON-RPC batch is an invalid request.', { field: 'body' });
      return sendRpcError(reply, err, JSONRPC_INVALID_REQUEST, null, 400);
    }
    const sessionId = request.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      // Only client messages (POST) count as activity; an open GET event stream does not keep a session alive.
      const found = sessions.get(sessionId);
      const session = found && found.key === (handed?.key ?? '') ? (request.method === 'POST' ? sessions.touch(sessionId) : found) : undefined;
      if (!session) {
        const err = new FiredrillError('SESSION_NOT_FOUND', 'No MCP session has this id (it was closed or expired); send a new initialize request.', { field: 'mcp-session-id' });
        return sendRpcError(reply, err, JSONRPC_SESSION_NOT_FOUND, requestId(request.body));
      }
      return forward(session.transport, request, reply);
    }
    if (request.method === 'POST' && isInitializeRequest(request.body)) return startSession(request, reply, handed);
    const err = new FiredrillError('VALIDATION_ERROR', 'Send the Mcp-Session-Id header of your session, or start one with an initialize request.', { field: 'mcp-session-id' });
    return sendRpcError(reply, err, JSONRPC_INVALID_REQUEST, requestId(request.body), 400);
  }

  app.route({
    method: ['GET', 'POST', 'DELETE'],
    url: path,
    schema: { summary: 'MCP Streamable HTTP: one episode per MCP session (query on initialize: task, seed, reward_profile).', tags: ['mcp'] },
    handler: handle,
  });

  const sweepEvery = options.store ? 60_000 : options.sweepIntervalMs ?? Math.min(60_000, Math.max(1_000, Math.floor(idleTimeoutMs / 4)));
  const timer = setInterval(() => {
    void sessions.sweep().then((ids) => {
      for (const id of ids) log(`mcp session ${id} closed after ${idleTimeoutMs} ms idle`);
    });
  }, sweepEvery);
  timer.unref();
  // Open SSE streams would keep the HTTP server from closing, so sessions end before it does.
  app.addHook('preClose', async () => {
    clearInterval(timer);
    await sessions.closeAll();
  });

  return { path, sessions };
}

/** The same as a Fastify plugin, for hosts that take route sets as plugins. */
export function mcpStreamableHttpPlugin(options: McpStreamableHttpOptions): FastifyPluginAsync {
  return async (app) => {
    registerMcpStreamableHttp(app, options);
  };
}

async function forward(transport: StreamableHTTPServerTransport, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  reply.hijack();
  await transport.handleRequest(request.raw, reply.raw, request.body);
}

function sendRpcError(reply: FastifyReply, err: FiredrillError, rpcCode: number, id: string | number | null, status = httpStatusOf(err)): void {
  void reply
    .code(status)
    .header('content-type', 'application/json; charset=utf-8')
    .send({ jsonrpc: '2.0', id, error: { code: rpcCode, message: err.message, data: err.toBody() } });
}

function httpStatusOf(err: FiredrillError): number {
  return err.status >= 400 ? err.status : 400;
}

function requestId(body: unknown): string | number | null {
  if (typeof body !== 'object' || body === null || !('id' in body)) return null;
  const id = (body as { id: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether a request with this Origin header may use the endpoint (no header: not a browser, always allowed). */
export function originAllowed(origin: string | undefined, allowed: readonly string[] | '*'): boolean {
  if (origin === undefined || allowed === '*') return true;
  if (allowed.includes(origin)) return true;
  try {
    return LOOPBACK_HOSTS.has(new URL(origin).hostname);
  } catch {
    return false;
  }
}

/** MCP sessions kept in the server's one SessionStore (kind 'mcp'); the store's reaper and eviction end them. */
class StoreMcpSessions implements McpSessions<HttpMcpSession> {
  private readonly pending: ReturnType<SessionStore['reserve']>[] = [];

  constructor(private readonly store: SessionStore) {}

  get size(): number {
    return this.store.size;
  }

  get capacity(): number {
    return this.store.options.maxSessions;
  }

  ids(): string[] {
    return this.store.list('mcp').map((s) => s.id);
  }

  count(test: (session: HttpMcpSession) => boolean): number {
    return this.store.list('mcp').filter((s) => {
      const attached = this.attached(s);
      return attached !== undefined && test(attached);
    }).length;
  }

  reserve(): boolean {
    try {
      this.pending.push(this.store.reserve('mcp'));
      return true;
    } catch (err) {
      if (err instanceof FiredrillError && err.code === 'CAPACITY_REACHED') return false;
      throw err;
    }
  }

  release(): void {
    this.pending.shift()?.cancel();
  }

  add(id: string, session: HttpMcpSession): void {
    const reservation = this.pending.shift();
    if (!reservation) throw new Error('MCP session added without a reserved slot');
    const stored = reservation.commit(id, session.episode?.env);
    stored.attachment = session;
    stored.onEnd = (reason) => {
      // Ended by the store (evicted, expired, shutdown): close the MCP session and its transport.
      if (reason !== 'closed') void session.transport.close().finally(() => session.close());
    };
  }

  get(id: string): HttpMcpSession | undefined {
    return this.attached(this.store.find(id, 'mcp'));
  }

  touch(id: string): HttpMcpSession | undefined {
    const session = this.store.find(id, 'mcp');
    if (session) this.store.touch(session);
    return this.attached(session);
  }

  remove(id: string): boolean {
    const session = this.store.find(id, 'mcp');
    if (!session) return false;
    this.store.release(session);
    return true;
  }

  async sweep(): Promise<string[]> {
    return [];
  }

  async closeAll(): Promise<void> {
    const open = this.store.list('mcp').map((s) => this.attached(s)).filter((s): s is HttpMcpSession => s !== undefined);
    this.store.endAll('mcp');
    await Promise.allSettled(open.map((s) => s.close()));
  }

  private attached(session: Session | undefined): HttpMcpSession | undefined {
    return (session?.attachment as HttpMcpSession | null | undefined) ?? undefined;
  }
}
