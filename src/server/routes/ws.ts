import type { FastifyInstance } from 'fastify';
import type { RawData, WebSocket } from 'ws';

import { FiredrillError } from '../../contracts/index.js';
import type { AppContext } from '../context.js';
import { toFiredrillError, wsErrorFrame } from '../errors.js';
import { parseClientJson } from '../json-body.js';
import type { Session, SessionEndReason } from '../sessions.js';
import { ValidationChannel } from '../validation-telemetry.js';
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

  function send(socket: WebSocket, frame: object): void {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  }

  function sendError(socket: WebSocket, err: FiredrillError): void {
    metrics.errors.inc({ code: err.code, transport: 'ws' });
    send(socket, wsErrorFrame(err));
  }

  function answer(socket: WebSocket, session: Session, raw: RawData, validation: ValidationChannel): void {
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
      send(socket, validation.answer(message));
      return;
    }
    const reply = (operation: 'reset' | 'step' | 'state', frame: object): void => {
      validation.record(operation, message as Record<string, unknown>, frame, session.env);
      send(socket, frame);
    };
    switch (type) {
      case 'reset': {
        const m = parseOrThrow(WsResetSchema, message);
        reply('reset', { type: 'observation', data: episodes.reset(session, m.data ?? {}) });
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
        send(socket, { type: 'mcp', data: rpc.handle(m.data, session) });
        return;
      }
      default:
        throw new FiredrillError('UNKNOWN_TYPE', `Unknown message type: ${typeof type === 'string' ? type.slice(0, 64) : String(type)}`, { field: 'type' });
    }
  }

  return async function register(app: FastifyInstance): Promise<void> {
    app.get('/ws', { websocket: true }, (socket, request) => {
      let session: Session;
      try {
        session = store.create('ws');
      } catch (err) {
        const error = toFiredrillError(err);
        metrics.errors.inc({ code: error.code, transport: 'ws' });
        send(socket, wsErrorFrame(error, error.code === 'CAPACITY_REACHED' ? 'CAPACITY_REACHED' : 'FACTORY_ERROR'));
        socket.close(WS_CLOSE_NORMAL);
        return;
      }
      const log = request.log.child({ session: session.id });
      const validation = new ValidationChannel(ctx.validationToken);
      session.onEnd = (reason: SessionEndReason) => {
        if (reason === 'closed') return;
        socket.close(...closeFrame(reason));
      };
      socket.on('message', (raw: RawData) => {
        try {
          answer(socket, session, raw, validation);
        } catch (err) {
          const error = toFiredrillError(err);
          if (error.code === 'INTERNAL' || error.code === 'EXECUTION_ERROR') log.error({ err: error.cause ?? err }, 'websocket message failed');
          sendError(socket, error);
          if (error.code === 'SESSION_NOT_FOUND') socket.close(WS_CLOSE_NORMAL);
        }
      });
      socket.on('close', () => store.release(session));
    });
  };
}

function toBuffer(raw: RawData): Buffer {
  if (Buffer.isBuffer(raw)) return raw;
  if (Array.isArray(raw)) return Buffer.concat(raw);
  return Buffer.from(raw);
}
