import type { IncomingHttpHeaders } from 'node:http';

import type { FastifyBaseLogger } from 'fastify';

import { FiredrillError } from '../contracts/index.js';

/** Codes caused by the client or by load, not by a fault of ours: logged at info or warn, never with a stack. */
const CLIENT_CAUSED_5XX = new Set(['CAPACITY_REACHED', 'SHUTTING_DOWN', 'RUN_STORE_UNAVAILABLE']);

export function logRefusal(log: FastifyBaseLogger, err: FiredrillError, original: unknown): void {
  if (err.status < 500) {
    if (err.code === 'RATE_LIMITED' || err.code === 'FORBIDDEN_HOST' || err.code === 'FORBIDDEN_ORIGIN') log.info({ code: err.code }, err.message);
    return;
  }
  if (CLIENT_CAUSED_5XX.has(err.code)) {
    log.warn({ code: err.code }, err.message);
    return;
  }
  log.error({ err: err.cause ?? original }, 'request failed');
}

/** Body bytes a request announces: its Content-Length, or the body limit for a chunked body of unknown length. */
export function declaredBodyBytes(headers: IncomingHttpHeaders, limit: number): number {
  const length = headers['content-length'];
  if (length !== undefined) {
    const n = Number(length);
    return Number.isFinite(n) && n > 0 ? Math.min(n, limit) : 0;
  }
  return headers['transfer-encoding'] !== undefined ? limit : 0;
}

const WS_KEY = /^[+/0-9A-Za-z]{21}[AQgw]==$/;

/**
 * The checks `ws` makes of a WebSocket handshake, made first so that a bad one gets a documented JSON error
 * instead of ws's plain-text answer.
 */
export function checkHandshake(headers: IncomingHttpHeaders): void {
  if (String(headers.upgrade).toLowerCase() !== 'websocket') {
    throw new FiredrillError('BAD_REQUEST', 'WebSocket handshake: the Upgrade header must be "websocket".', { field: 'upgrade' });
  }
  const key = headers['sec-websocket-key'];
  if (typeof key !== 'string' || !WS_KEY.test(key.trim())) {
    throw new FiredrillError('BAD_REQUEST', 'WebSocket handshake: Sec-WebSocket-Key must be 16 random bytes in base64.', { field: 'sec-websocket-key' });
  }
  const version = headers['sec-websocket-version'];
  if (version !== '13' && version !== '8') {
    throw new FiredrillError('BAD_REQUEST', 'WebSocket handshake: Sec-WebSocket-Version must be 13.', { field: 'sec-websocket-version' });
  }
}
