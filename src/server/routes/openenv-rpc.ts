import type { FastifyInstance } from 'fastify';
import type { RawData } from 'ws';

import { type ErrorCode, FiredrillError } from '../../contracts/index.js';
import type { AppContext } from '../context.js';
import { httpErrorBody, httpStatus, toFiredrillError } from '../errors.js';
import { requireJson } from '../cross-site.js';
import { retryAfterOf } from '../fairness.js';
import { parseClientJson } from '../json-body.js';
import { JSON_RPC, type JsonRpcResponse } from '../json-rpc.js';
import type { Session } from '../sessions.js';
import { WsFlow } from '../ws-flow.js';
import { closeFrame, flowOptions, stalled, WS_CLOSE_NORMAL } from './ws.js';

const HTTP_REFUSALS = new Set<ErrorCode>(['UNAUTHORIZED', 'FORBIDDEN_ORIGIN', 'FORBIDDEN_HOST', 'UNSUPPORTED_MEDIA_TYPE', 'RATE_LIMITED', 'SHUTTING_DOWN']);

/**
 * OpenEnv's JSON-RPC endpoint, mounted at /mcp because OpenEnv names it so (the Model Context Protocol server is
 * server/mcp/): POST /mcp answers every request with HTTP 200 and a JSON-RPC object (even for bodies that are not
 * JSON); WS /mcp speaks the same JSON-RPC with one session per connection.
 */
export function openEnvRpcRoutes(ctx: AppContext) {
  const { rpc, store, limits, metrics } = ctx;

  function answer(raw: Buffer | string, bound?: Session): JsonRpcResponse {
    let message: unknown;
    try {
      message = parseClientJson(raw);
    } catch (err) {
      if (err instanceof FiredrillError && err.code === 'INVALID_JSON') return rpc.parseError();
      return { jsonrpc: '2.0', id: null, error: { code: JSON_RPC.INVALID_REQUEST, message: `Invalid request: ${(err as Error).message}`, data: null } };
    }
    return rpc.handle(message ?? {}, bound);
  }

  return async function register(app: FastifyInstance): Promise<void> {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    app.setErrorHandler((error, request, reply) => {
      const err = toFiredrillError(error);
      metrics.errors.inc({ code: err.code, transport: 'mcp' });
      // Refusals before JSON-RPC starts (auth, origin, content type, host, allowance, shutdown) and everything on
      // the WebSocket route are HTTP errors; failures of a JSON-RPC request are JSON-RPC errors with HTTP 200.
      if (request.method !== 'POST' || HTTP_REFUSALS.has(err.code)) {
        const retryAfter = retryAfterOf(err);
        if (retryAfter !== null) reply.header('retry-after', String(retryAfter));
        if (err.code === 'SHUTTING_DOWN') reply.header('connection', 'close');
        if (err.code === 'UPGRADE_REQUIRED') reply.header('upgrade', 'websocket');
        return reply.code(httpStatus(err)).header('content-type', 'application/json; charset=utf-8').send(httpErrorBody(err));
      }
      const code = err.code === 'INTERNAL' || err.code === 'EXECUTION_ERROR' ? JSON_RPC.INTERNAL_ERROR : JSON_RPC.INVALID_REQUEST;
      return reply.code(200).send({ jsonrpc: '2.0', id: null, error: { code, message: `Invalid request: ${err.message}`, data: { error: err.toBody() } } });
    });

    app.post(
      '/mcp',
      {
        schema: {
          summary: 'JSON-RPC 2.0: tools/list, tools/call, openenv/session/create, openenv/session/close. Always HTTP 200.',
          tags: ['openenv'],
          body: { type: 'object', properties: { jsonrpc: { type: 'string', enum: ['2.0'] }, method: { type: 'string' }, params: { type: 'object' }, id: {} } },
        },
      },
      async (request) => {
        requireJson(request);
        return answer(Buffer.isBuffer(request.body) ? request.body : '');
      },
    );

    app.get('/mcp', { websocket: true }, (socket, request) => {
      let session: Session;
      try {
        session = store.create('ws');
      } catch (err) {
        const error = toFiredrillError(err);
        socket.send(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: JSON_RPC.SERVER_ERROR, message: error.message, data: error.details ?? null } }));
        socket.close(WS_CLOSE_NORMAL);
        return;
      }
      session.onEnd = (reason) => {
        if (reason !== 'closed') socket.close(...closeFrame(reason));
      };
      const log = request.log.child({ session: session.id });
      const flow: WsFlow = new WsFlow(
        socket,
        (raw: RawData) => {
          const bytes = Buffer.isBuffer(raw) ? raw : Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw);
          let reply: JsonRpcResponse;
          if (bytes.byteLength > limits.wsMessageBytes) {
            reply = { jsonrpc: '2.0', id: null, error: { code: JSON_RPC.INVALID_REQUEST, message: 'Invalid request: message too large', data: null } };
          } else {
            store.touch(session);
            reply = answer(bytes, session);
          }
          flow.send(JSON.stringify(reply));
        },
        flowOptions(ctx, ctx.fairness.keyOf(request)),
        () => stalled(log, metrics),
      );
      socket.on('close', () => store.release(session));
    });
  };
}
