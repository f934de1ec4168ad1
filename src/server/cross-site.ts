import type { FastifyRequest } from 'fastify';

import { FiredrillError } from '../contracts/index.js';
import { originAllowed } from './mcp/streamable-http.js';

/** Host names a server without an API key answers for, besides the one it was started with (--host). */
export const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1', '[::1]'] as const;

/** Routes a page in another origin could drive with a simple (un-preflighted) request or a WebSocket. */
const ORIGIN_CHECKED = new Set(['/mcp', '/ws']);

/** Whether an address is a loopback one (the only binds that are private without a key). */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** The host name of a Host header, without the port (IPv6 literals keep their brackets off). */
export function hostName(header: string): string {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined);
  const colon = h.lastIndexOf(':');
  return colon >= 0 ? h.slice(0, colon) : h;
}

/**
 * The DNS-rebinding defence of a server without an API key: only requests whose Host names a loopback address,
 * the bind address, or one of `extra` are served. Any Host passes when the bind address is a wildcard and
 * `extra` lists '*'.
 */
export function hostGuard(bindHost: string, extra: readonly string[] = []): (request: FastifyRequest) => void {
  const allowed = new Set<string>([...LOOPBACK_NAMES.map((n) => n.replace(/^\[|\]$/g, '')), hostName(bindHost), ...extra.map(hostName)]);
  const any = extra.includes('*');
  return (request) => {
    if (any) return;
    const header = request.headers.host;
    if (typeof header === 'string' && allowed.has(hostName(header))) return;
    throw new FiredrillError('FORBIDDEN_HOST', `This server does not answer for Host '${String(header ?? '').slice(0, 100)}'. Use a loopback name or the host it was started with, or set FIREDRILL_API_KEY.`, { field: 'host' });
  };
}

/**
 * Origin check of the routes a foreign page could use: POST /mcp (JSON-RPC), /ws and WS /mcp. Requests
 * without Origin (every non-browser client) pass, as do same-origin requests (the console), loopback origins
 * and the --cors allow-list.
 */
export function originGuard(allowed: readonly string[] | '*'): (request: FastifyRequest, path: string) => void {
  return (request, path) => {
    if (!ORIGIN_CHECKED.has(path)) return;
    const origin = request.headers.origin;
    if (origin === undefined || originAllowed(origin, allowed) || sameOrigin(origin, request.headers.host)) return;
    throw new FiredrillError('FORBIDDEN_ORIGIN', `Origin ${String(origin).slice(0, 100)} may not use ${path}; allow it with --cors.`, { field: 'origin' });
  };
}

function sameOrigin(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false;
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}

/** JSON-RPC over HTTP takes JSON only, so a page cannot post it as a form or text/plain (a "simple" request). */
export function requireJson(request: FastifyRequest): void {
  const type = request.headers['content-type'];
  if (typeof type === 'string' && /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) return;
  throw new FiredrillError('UNSUPPORTED_MEDIA_TYPE', 'POST /mcp takes Content-Type: application/json.', { field: 'content-type' });
}
