import type { FastifyReply, FastifyRequest } from 'fastify';

export interface CorsOptions {
  /** Allowed origins, or '*' for any. CORS is off when no options are given. */
  origins: readonly string[] | '*';
  /** Seconds a browser may cache a preflight answer. */
  maxAgeSeconds?: number;
}

const ALLOWED_HEADERS = 'Content-Type, Authorization, X-Session-ID, X-Request-ID';
const EXPOSED_HEADERS = 'X-Session-ID, X-Request-ID';
const ALLOWED_METHODS = 'GET, POST, OPTIONS';

/** Adds CORS headers for allowed origins; returns true when the request was a preflight and has been answered. */
export function applyCors(options: CorsOptions, request: FastifyRequest, reply: FastifyReply): boolean {
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return false;
  const allowed = options.origins === '*' || options.origins.includes(origin);
  if (!allowed) return false;
  reply.header('Access-Control-Allow-Origin', options.origins === '*' ? '*' : origin);
  if (options.origins !== '*') reply.header('Vary', 'Origin');
  reply.header('Access-Control-Expose-Headers', EXPOSED_HEADERS);
  if (request.method !== 'OPTIONS' || request.headers['access-control-request-method'] === undefined) return false;
  reply.header('Access-Control-Allow-Methods', ALLOWED_METHODS);
  reply.header('Access-Control-Allow-Headers', ALLOWED_HEADERS);
  reply.header('Access-Control-Max-Age', String(options.maxAgeSeconds ?? 600));
  reply.code(204).send();
  return true;
}
