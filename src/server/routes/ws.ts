import type { FastifyInstance } from 'fastify';
import type { RawData, WebSocket } from 'ws';

import { FiredrillError } from '../../contracts/index.js';
import type { AppContext } from '../context.js';
import { toFiredrillError, wsErrorFrame } from '../errors.js';
import { parseClientJson } from '../json-body.js';
import type { ServerMetrics } from '../metrics.js';
import type { Session, SessionEndReason } from '../sessions.js';
import { ValidationChannel } from '../validation-telemetry.js';
import { WsFlow, type WsFlowOptions } from '../ws-flow.js';
import { parseOrThrow, WS_MESSAGE_TYPES, WsCloseSchema, WsMcpSchema, WsResetSchema, WsStateSchema, WsStepSchema } from '../wire.js';

/** Close codes (RFC 6455): normal closure, and "going away" for shutdown. */
export const WS_CLOSE_NORMAL = 1000;
export const WS_CLOSE_GOING_AWAY = 1001;

/** How a socket closes when the store ends its session for a reason other than the client's own close. */
export function closeFrame(reason: SessionEndReason): [code: number, text: string] {
  if (reason === 'shutdown') return [WS_CLOSE_GOING_AWAY, 'server shutting down'];
  return [WS_CLOSE_NORMAL, reason === 'expired' ? 'session idle timeout' : `session ${reason}`];
}

/** OpenEnv's `/ws`: one episode per connection, exactly one reply per message (none for close). */
export function wsRoutes(ctx: AppContext) {
  const { store, episodes, rpc, metrics, limits } = ctx;

  function send(socket: WebSocket | WsFlow, frame: object): void {
    if (socket instanceof WsFlow) socket.send(JSON.stringify(frame));
    else if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  }

  function sendError(flow: WsFlow, err: FiredrillError): void {
    metrics.errors.inc({ code: err.code, transport: 'ws' });
    send(flow, wsErrorFrame(err));
  }

  function answer(socket: WebSocket, flow: WsFlow, session: Session, raw: RawData, client: string, validation: ValidationChannel): void {
    const bytes = toBuffer(raw);
    if (bytes.byteLength > limits.wsMessageBytes) {
      throw new FiredrillError('PAYLOAD_TOO_LARGE', `Message of ${bytes.byteLength} bytes exceeds the ${limits.wsMessageBytes}-byte limit.`);
    }
    const message = parseClientJson(bytes);
    if (!store.isLive(session)) throw new FiredrillError('SESSION_NOT_FOUND', 'This connection\'s session has ended.');
    store.touch(session);
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      throw new FiredrillError('VALIDATION_ERROR', 'A message must be a JSON object with a "type".', { details: [{ path: [], message: 'Input should be a valid dictionary', code: 'dict_type' }] });
    }
    const type = (message as Record<string, unknown>)['type'];
    metrics.wsMessages.inc({ type: typeof type === 'string' && (WS_MESSAGE_TYPES as readonly string[]).includes(type) ? type : 'unknown' });
    if (ValidationChannel.isValidationMessage(type)) {
      send(flow, validation.answer(message));
      return;
    }
    const reply = (operation: 'reset' | 'step' | 'state', frame: object): void => {
      validation.record(operation, message as Record<string, unknown>, frame, session.env);
      send(flow, frame);
    };
    switch (type) {
      case 'reset': {
        const m = parseOrThrow(WsResetSchema, message);
        const started = performance.now();
        try {
          reply('reset', { type: 'observation', data: episodes.reset(session, m.data ?? {}) });
        } finally {
          ctx.fairness.resetMs.charge(client, performance.now() - started);
        }
        return;
      }
      case 'step': {
        const m = parseOrThrow(WsStepSchema, message);
        reply('step', { type: 'observation', data: episodes.step(session, m.data) });
        return;
      }
      case 'state':
        parseOrThrow(WsStateSchema, message);
        reply('state', { type: 'state', data: episodes.state(session) });
        return;
      case 'close':
        parseOrThrow(WsCloseSchema, message);
        store.release(session);
        socket.close(WS_CLOSE_NORMAL);
        return;
      case 'mcp': {
        const m = parseOrThrow(WsMcpSchema, message);
        send(flow, { type: 'mcp', data: rpc.handle(m.data, session) });
        return;
      }
      default:
        throw new FiredrillError('UNKNOWN_TYPE', `Unknown message type: ${typeof type === 'string' ? type.slice(0, 64) : String(type)}`, { field: 'type' });
    }
  }

  return async function register(app: FastifyInstance): Promise<void> {
    app.get('/ws', { websocket: true }, (socket, request) => {
      const client = ctx.fairness.keyOf(request);
      let session: Session;
      try {
        ctx.fairness.sessions.admitNow(client, 1, 'new sessions');
        session = store.create('ws');
      } catch (err) {
        const error = toFiredrillError(err);
        metrics.errors.inc({ code: error.code, transport: 'ws' });
        send(socket, wsErrorFrame(error, error.code === 'CAPACITY_REACHED' ? 'CAPACITY_REACHED' : error.code === 'RATE_LIMITED' ? 'SESSION_ERROR' : 'FACTORY_ERROR'));
        socket.close(WS_CLOSE_NORMAL);
        return;
      }
      const log = request.log.child({ session: session.id });
      const validation = new ValidationChannel(ctx.validationToken);
      session.onEnd = (reason: SessionEndReason) => {
        if (reason === 'closed') return;
        socket.close(...closeFrame(reason));
      };
      const flow: WsFlow = new WsFlow(
        socket,
        (raw: RawData) => {
          try {
            answer(socket, flow, session, raw, client, validation);
          } catch (err) {
            const error = toFiredrillError(err);
            if (error.code === 'INTERNAL' || error.code === 'EXECUTION_ERROR') log.error({ err: error.cause ?? err }, 'websocket message failed');
            sendError(flow, error);
            if (error.code === 'SESSION_NOT_FOUND') socket.close(WS_CLOSE_NORMAL);
          }
        },
        flowOptions(ctx, client),
        () => stalled(log, metrics),
      );
      socket.on('close', () => store.release(session));
    });
  };
}

/** Backpressure and the client's byte allowance for one WebSocket connection. */
export function flowOptions(ctx: AppContext, client: string): WsFlowOptions {
  const { limits, fairness, metrics } = ctx;
  return {
    highWaterBytes: limits.wsBufferedBytes,
    stallTimeoutMs: limits.wsStallMs,
    throttle: (bytes) => {
      fairness.seen(client);
      const wait = Math.max(fairness.bodyBytes.reserve(client, Math.min(bytes, limits.wsMessageBytes)), fairness.resetMs.debtWaitMs(client));
      if (wait > 0) metrics.refusals.inc({ reason: 'body_bytes_delayed', transport: 'ws' });
      return wait;
    },
  };
}

/** A client that stopped reading its replies was closed: its fault, so a warning without a stack. */
export function stalled(log: { warn(obj: object, msg: string): void }, metrics: ServerMetrics): void {
  metrics.refusals.inc({ reason: 'backpressure', transport: 'ws' });
  log.warn({ reason: 'backpressure' }, 'websocket closed: the client left its replies unread');
}

function toBuffer(raw: RawData): Buffer {
  if (Buffer.isBuffer(raw)) return raw;
  if (Array.isArray(raw)) return Buffer.concat(raw);
  return Buffer.from(raw);
}
