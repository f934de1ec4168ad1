import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where the browser console is served. */
export const CONSOLE_PREFIX = '/web/';

/** True when `dir` holds a built console (web/dist after `npm run build`). */
export function isConsoleBuild(dir: string): boolean {
  return existsSync(join(dir, 'index.html'));
}

/**
 * Whether a request is a browser asking for a page: GET with an Accept header that ranks text/html above JSON.
 * API clients send application/json, * / *, or nothing, and are left alone.
 */
export function wantsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  if (typeof accept !== 'string') return false;
  const html = quality(accept, 'text/html');
  return html > 0 && html >= quality(accept, 'application/json') && !/^\s*application\/json/i.test(accept);
}

function quality(accept: string, type: string): number {
  for (const part of accept.split(',')) {
    const [media, ...params] = part.trim().split(';');
    if (media?.trim().toLowerCase() !== type) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = q === undefined ? 1 : Number(q.slice(2));
    return Number.isFinite(value) ? value : 0;
  }
  return 0;
}

/** `GET /` from a browser goes to the console; every other request passes through untouched. */
export async function redirectBrowserToConsole(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  if (request.method !== 'GET' || (request.url.split('?')[0] ?? '') !== '/' || !wantsHtml(request)) return undefined;
  return reply.redirect(CONSOLE_PREFIX, 302);
}

/** The built console's static files under /web/ (hashed assets are cached for a year, index.html never). */
export function consoleRoutes(dir: string) {
  const root = resolve(dir);
  return async function register(app: FastifyInstance): Promise<void> {
    app.get(CONSOLE_PREFIX.slice(0, -1), { schema: { hide: true } }, async (_request, reply) => reply.redirect(CONSOLE_PREFIX, 301));
    await app.register(fastifyStatic, {
      root,
      prefix: CONSOLE_PREFIX,
      index: 'index.html',
      wildcard: true,
      cacheControl: false,
      setHeaders(res, path) {
        res.setHeader('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
        res.setHeader('x-content-type-options', 'nosniff');
      },
    });
  };
}
