import { HttpEnvClient } from '../../src/client/http-client.js';
import { ReadClient } from '../../src/client/read-client.js';

const TOKEN_KEY = 'firedrill.apiKey';

/** The server root: the console lives at <root>/web/. */
export function serverRoot(): string {
  const here = new URL(window.location.href);
  const path = here.pathname.replace(/\/web(\/.*)?$/, '');
  return `${here.origin}${path}`;
}

/** The bearer token for servers started with FIREDRILL_API_KEY (kept for this tab only). */
export function apiKey(): string | undefined {
  return window.sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

export function setApiKey(key: string): void {
  if (key === '') window.sessionStorage.removeItem(TOKEN_KEY);
  else window.sessionStorage.setItem(TOKEN_KEY, key);
}

function options() {
  const key = apiKey();
  return { baseUrl: serverRoot(), ...(key === undefined ? {} : { apiKey: key }) };
}

/** A client for one private HTTP session (opened by the first reset). */
export function newEnvClient(): HttpEnvClient {
  return new HttpEnvClient({ ...options(), session: 'new', timeoutMs: 30_000 });
}

export function readClient(): ReadClient {
  return new ReadClient({ ...options(), timeoutMs: 30_000 });
}

/** A message for an error from the server or the network. */
export function errorText(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && 'message' in err) return `${String(err.code)}: ${String(err.message)}`;
  return err instanceof Error ? err.message : String(err);
}

export function isUnauthorized(err: unknown): boolean {
  return !!err && typeof err === 'object' && 'code' in err && err.code === 'UNAUTHORIZED';
}
