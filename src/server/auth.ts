import { createHash, timingSafeEqual } from 'node:crypto';

import { FiredrillError } from '../contracts/index.js';

/** Paths reachable without the bearer token: liveness probes, the API description and the console's static files (which hold no data). */
export function isPublicPath(path: string): boolean {
  return path === '/health' || path === '/openapi.json' || path === '/docs' || path.startsWith('/docs/') || path === '/web' || path.startsWith('/web/');
}

/** The stored eval runs (they hold ground truth): under FIREDRILL_RUNS_TOKEN when one is set. */
export function isRunsPath(path: string): boolean {
  return path === '/runs' || path.startsWith('/runs/') || path === '/reports' || path.startsWith('/reports/');
}

/**
 * A bearer-token check (Authorization: Bearer <key>). Digests are compared in constant time, so neither
 * the key's content nor its length leaks through timing.
 */
export function bearerCheck(apiKey: string): (authorization: string | string[] | undefined) => void {
  const expected = sha256(apiKey);
  return (authorization) => {
    const header = typeof authorization === 'string' ? authorization : '';
    const match = /^Bearer[ \t]+(.+)$/i.exec(header.trim());
    if (!match || !timingSafeEqual(sha256(match[1]!), expected)) {
      throw new FiredrillError('UNAUTHORIZED', header === '' ? 'Missing bearer token.' : 'Wrong bearer token.');
    }
  };
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
