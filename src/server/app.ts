import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, LogController } from 'fastify';

import { ERROR_CATALOGUE, type ErrorCode, FiredrillError } from '../contracts/index.js';
import { Environment } from '../env/environment.js';
import { AgentHandles } from './agent-handles.js';
import { bearerCheck, isPublicPath, isRunsPath } from './auth.js';
import type { AppContext } from './context.js';
import { applyCors } from './cors.js';
import { hostGuard, originGuard } from './cross-site.js';
import { DEFAULT_FAIRNESS, Fairness, fairnessGates, retryAfterOf } from './fairness.js';
import { checkHandshake, declaredBodyBytes, logRefusal } from './protocol.js';
import { EpisodeService } from './episodes.js';
import { httpErrorBody, httpStatus, toFiredrillError } from './errors.js';
import { parseClientJson } from './json-body.js';
import { JsonRpcHandler } from './json-rpc.js';
import { mcpStreamableHttpPlugin } from './mcp/streamable-http.js';
import { ServerMetrics } from './metrics.js';
import { type AppDeps, DEFAULT_LIMITS, firedrillVersion } from './options.js';
import { agentRoutes, isAgentPath } from './routes/agent.js';
import { openEnvRpcRoutes } from './routes/openenv-rpc.js';
import { openEnvRoutes } from './routes/openenv.js';
import { consoleRoutes, redirectBrowserToConsole } from './routes/console.js';
import { operationRoutes } from './routes/operations.js';
import { RunStoreReader, runRoutes } from './routes/runs.js';
import { nemoGymRoutes } from './routes/nemo-gym.js';
import { orsRoutes } from './routes/ors.js';
import { taskApiRoutes } from './routes/task-api.js';
import { WS_CLOSE_GOING_AWAY, wsRoutes } from './routes/ws.js';
import { DEFAULT_SESSION_OPTIONS, SessionStore } from './sessions.js';
import { registerToolsRoute } from './tools-route.js';

class UnparsableBody {
  constructor(readonly error: FiredrillError) {}
}

/** OpenEnv's HTTP profile version; `openenv validate` reports "openenv-http/1.x" for an info.version of 1.x. */
export const OPENAPI_VERSION = '1.0.0';

export type FiredrillApp = FastifyInstance & { firedrill: AppContext };

/**
 * The HTTP + WebSocket server as a Fastify instance, ready for `inject()` or `listen()` (see listen.ts).
 * Routes: OpenEnv (/health /metadata /schema /reset /step /state /mcp /ws), Firedrill (/tasks /metrics
 * /report /close), eval runs (/runs /reports), API docs (/openapi.json /docs), and the browser console (/web/)
 * when `consoleDir` is given.
 */
export function createApp(deps: AppDeps): FiredrillApp {
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  const version = firedrillVersion();
  const registry = deps.registry;
  const metrics = new ServerMetrics();
  // The logger exists once Fastify does; these callbacks only run after that.
  let log: FastifyBaseLogger | null = null;
  const agentHandles = new AgentHandles(
    deps.apiKey ? null : () => log?.warn('agent handle minted on a server without FIREDRILL_API_KEY: anyone who reaches it can reset and read reports, so the agent surface is not sealed'),
  );
  const store = new SessionStore(
    { ...DEFAULT_SESSION_OPTIONS, ...deps.sessions },
    () => new Environment(registry, deps.defaultTaskId === undefined ? {} : { defaultTaskId: deps.defaultTaskId }),
    deps.now,
    (event, session) => {
      if (event !== 'opened') agentHandles.revoke(session);
      log?.info({ session: session.id, transport: session.kind, event }, `session ${event}`);
    },
  );
  const episodes = new EpisodeService(registry, metrics, (session) => agentHandles.revoke(session));
  const fairness = new Fairness({ ...DEFAULT_FAIRNESS, ...deps.fairness }, Boolean(deps.apiKey));
  const ctx: AppContext = {
    agentHandles,
    registry,
    store,
    episodes,
    rpc: new JsonRpcHandler(store, episodes, (err) => log?.error({ err }, 'json-rpc call failed')),
    metrics,
    limits,
    fairness,
    gates: fairnessGates(fairness, (reason) => metrics.refusals.inc({ reason, transport: 'http' })),
    closing: false,
    metadata: {
      name: 'firedrill',
      description: 'Incident-response gym for AI agents: a deterministic causal simulation of a production system in which the agent is the on-call SRE.',
      readme_content: null,
      version,
      author: null,
      documentation_url: null,
      ...deps.metadata,
    },
    validationToken: deps.validationToken ?? null,
  };

  const app = Fastify({
    logger: deps.logger ? { level: deps.logger.level ?? 'info', stream: deps.logger.stream ?? process.stderr } : false,
    bodyLimit: limits.bodyBytes,
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: 'x-request-id',
    // Shutdown is ours (listen.ts): new requests get SHUTTING_DOWN in our error format, idle sockets close after a grace.
    return503OnClosing: false,
    forceCloseConnections: false,
    connectionTimeout: limits.idleSocketMs,
    keepAliveTimeout: limits.keepAliveMs,
    requestTimeout: limits.requestMs,
    http: { headersTimeout: limits.headersMs, connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersMs / 4))) },
    // Run ids are up to 200 characters; path parameters up to this length route, longer ones answer URI_TOO_LONG.
    routerOptions: { maxParamLength: 1024 },
    clientErrorHandler: (err, socket) => answerClientError(err as NodeJS.ErrnoException, socket),
    // Router errors (a malformed URL, a path parameter over the limit) in our format too.
    frameworkErrors: (error, _request, reply) => sendError(error, reply),
  }) as unknown as FiredrillApp;
  log = app.log;
  app.server.maxConnections = limits.maxConnections;
  app.decorate('firedrill', ctx);

  /** Errors Node's HTTP parser raises before Fastify sees a request: answered in our format, logged without stacks. */
  function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const code: ErrorCode = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'REQUEST_TIMEOUT' : err.code === 'HPE_HEADER_OVERFLOW' ? 'HEADERS_TOO_LARGE' : 'BAD_REQUEST';
    const error = new FiredrillError(code, code === 'BAD_REQUEST' ? `${ERROR_CATALOGUE.BAD_REQUEST.message} ${String(err.code ?? '')}` : undefined);
    metrics.errors.inc({ code, transport: 'http' });
    log?.info({ client_error: err.code }, 'client error');
    if (socket.writable) {
      const body = JSON.stringify(httpErrorBody(error));
      socket.write(`HTTP/1.1 ${error.status} ${STATUS_CODES[error.status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    }
    socket.end();
  }

  // Route schemas document the API in /openapi.json; zod validates in the handlers, so ajv stays out of the way.
  app.setValidatorCompiler(() => () => true);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  // A body that does not parse is handed on as UnparsableBody and rejected in preValidation: Fastify closes
  // the connection after a parser error, and a bad body is no reason to drop a keep-alive connection.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, parseClientJson(body as Buffer));
    } catch (err) {
      done(null, new UnparsableBody(toFiredrillError(err)));
    }
  });
  app.addHook('preValidation', (request, _reply, done) => {
    done(request.body instanceof UnparsableBody ? request.body.error : undefined);
  });

  const routeMethods = new Map<string, Set<string>>();
  const websocketRoutes = new Set<string>();
  app.addHook('onRoute', (route) => {
    const methods = routeMethods.get(route.url) ?? new Set<string>();
    for (const m of [route.method].flat()) methods.add(m);
    routeMethods.set(route.url, methods);
    if ((route as { websocket?: boolean }).websocket) websocketRoutes.add(route.url);
  });

  // Refusals that come before anything else: shutting down, a foreign Host (no key), a foreign Origin on the
  // routes a page could drive, and upgrades that do not fit the route.
  const checkHost = deps.apiKey ? null : hostGuard(deps.bindHost ?? '127.0.0.1', deps.allowedHosts ?? []);
  const checkOrigin = originGuard(deps.cors?.origins ?? []);
  app.addHook('onRequest', (request, _reply, done) => {
    try {
      if (ctx.closing) throw new FiredrillError('SHUTTING_DOWN', 'The server is shutting down; retry against a running instance.');
      checkHost?.(request);
      const path = request.url.split('?')[0] ?? '';
      checkOrigin(request, path);
      const route = request.routeOptions.url;
      const upgrading = request.raw.headers.upgrade !== undefined && /upgrade/i.test(String(request.headers.connection));
      if (route !== undefined && websocketRoutes.has(route) && request.method === 'GET') {
        if (!upgrading) throw new FiredrillError('UPGRADE_REQUIRED', `${path} speaks WebSocket only; open it with Upgrade: websocket.`);
        checkHandshake(request.headers);
      } else if (upgrading) {
        throw new FiredrillError('NOT_UPGRADABLE', `${path} does not accept a protocol upgrade; WebSockets are served at /ws and /mcp.`, { field: 'upgrade' });
      }
      done();
    } catch (err) {
      done(err as Error);
    }
  });

  if (deps.consoleDir) app.addHook('onRequest', redirectBrowserToConsole);

  const checkToken = deps.apiKey ? bearerCheck(deps.apiKey) : null;
  // Stored runs hold ground truth: with their own token set, the training key does not open them (and vice versa).
  const checkRunsToken = deps.runsToken ? bearerCheck(deps.runsToken) : checkToken;
  const cors = deps.cors ?? null;
  if (cors || checkToken || checkRunsToken) {
    app.addHook('onRequest', (request, reply, done) => {
      if (cors && applyCors(cors, request, reply)) return;
      try {
        const path = request.url.split('?')[0] ?? '';
        // The agent surface authorises by agent token only (see routes/agent.ts).
        const check = isRunsPath(path) ? checkRunsToken : isPublicPath(path) || isAgentPath(path) ? null : checkToken;
        check?.(request.headers.authorization);
        done();
      } catch (err) {
        done(err as Error);
      }
    });
  }

  // Body bytes per client: parsing costs in proportion to them, so a client sending more than its allowance
  // waits (its request is not read meanwhile) and, beyond the longest wait, is refused with RATE_LIMITED.
  app.addHook('onRequest', async (request) => {
    const client = fairness.keyOf(request);
    fairness.seen(client);
    const length = declaredBodyBytes(request.headers, limits.bodyBytes);
    if (length === 0) return;
    await fairness.bodyBytes.throttle(client, length, 'request bytes', () => metrics.refusals.inc({ reason: 'body_bytes', transport: 'http' }));
  });

  app.addHook('onResponse', (request, reply, done) => {
    // An upgrade refused with a plain HTTP answer (401, 404…) leaves a socket Node no longer tracks; end it.
    if (request.headers.upgrade !== undefined && /upgrade/i.test(String(request.headers.connection))) request.raw.socket?.destroy();
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requestDuration.observe(reply.elapsedTime / 1000, { route, method: request.method, status: String(reply.statusCode) });
    request.log.debug({ method: request.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 100) / 100 }, 'request completed');
    done();
  });

  function sendError(error: unknown, reply: FastifyReply): FastifyReply {
    const err = toFiredrillError(error);
    logRefusal(reply.log, err, error);
    metrics.errors.inc({ code: err.code, transport: 'http' });
    const retryAfter = retryAfterOf(err) ?? (err.code === 'CAPACITY_REACHED' ? ctx.store.retryAfterSeconds() : null);
    if (retryAfter !== null) reply.header('retry-after', String(retryAfter));
    if (err.code === 'SHUTTING_DOWN') reply.header('connection', 'close');
    if (err.code === 'UPGRADE_REQUIRED') reply.header('upgrade', 'websocket');
    return reply.code(httpStatus(err)).header('content-type', 'application/json; charset=utf-8').send(httpErrorBody(err));
  }

  app.setErrorHandler((error, _request, reply) => sendError(error, reply));
  app.setNotFoundHandler((request, reply) => {
    const path = (request.url.split('?')[0] ?? '').slice(0, 200);
    const methods = routeMethods.get(path);
    if (methods) {
      reply.header('allow', [...methods].join(', '));
      return sendError(new FiredrillError('METHOD_NOT_ALLOWED', `${request.method} is not allowed on ${path}; use ${[...methods].join(' or ')}.`), reply);
    }
    return sendError(new FiredrillError('NOT_FOUND', `No route ${request.method} ${path}.`), reply);
  });

  app.register(websocket, {
    options: { maxPayload: limits.wsMessageBytes * 8, skipUTF8Validation: true },
    preClose(done) {
      // WebSocket sessions end now (their sockets close with 1001); HTTP sessions end in onClose, after in-flight requests.
      store.endAll('ws');
      for (const client of app.websocketServer.clients) client.close(WS_CLOSE_GOING_AWAY, 'server shutting down');
      done();
    },
  });
  app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Firedrill OpenEnv HTTP API',
        description: 'OpenEnv-compatible incident-response environment. WebSocket sessions at /ws (see docs/protocol.md).',
        version: OPENAPI_VERSION,
      },
    },
  });
  app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.register(openEnvRoutes(ctx));
  app.register(operationRoutes(ctx));
  app.register(wsRoutes(ctx));
  app.register(openEnvRpcRoutes(ctx));
  app.register(mcpStreamableHttpPlugin({ registry: deps.registry, version, allowedOrigins: deps.cors?.origins ?? [], store, ...(deps.now ? { now: deps.now } : {}) }));
  app.register(async (scope) => registerToolsRoute(scope, { registry: deps.registry }));
  app.register(runRoutes(new RunStoreReader(deps.runsDb ?? null)));
  app.register(agentRoutes(ctx, agentHandles, { version, allowedOrigins: deps.cors?.origins ?? [], ...(deps.now ? { now: deps.now } : {}) }));
  app.register(taskApiRoutes(ctx));
  app.register(orsRoutes(ctx));
  app.register(nemoGymRoutes(ctx));
  if (deps.consoleDir) app.register(consoleRoutes(deps.consoleDir));
  for (const plugin of deps.plugins ?? []) app.register(plugin);

  // While closing, answers end their connection so keep-alive sockets do not hold the shutdown open.
  app.addHook('preClose', async () => {
    ctx.closing = true;
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (ctx.closing) reply.header('connection', 'close');
    done(null, payload);
  });
  app.addHook('onReady', async () => store.startReaper());
  app.addHook('onClose', async () => store.shutdown());
  return app;
}
