import { HttpEnvClient, WsEnvClient } from '../client/index.js';
import type { EnvLike } from '../contracts/index.js';
import type { EnvSource, EvalEnv } from './in-process-env.js';

/** Opens one client (one server session, or one WebSocket) per episode. */
export type RemoteConnector = (baseUrl: string) => EnvLike | Promise<EnvLike>;
export type RemoteTransport = 'http' | 'ws';

/**
 * Episodes against a running Firedrill server. The action schema comes from GET /schema (OpenEnv: `{action, ...}`).
 * Ground truth is never available remotely.
 */
export function remoteSource(baseUrl: string, connect: RemoteConnector, fetchImpl: typeof fetch = fetch): EnvSource {
  const base = baseUrl.replace(/\/+$/, '');
  const schemas = new Map<string, Promise<Record<string, unknown> | undefined>>();
  return {
    kind: 'remote',
    open: async (): Promise<EvalEnv> => await connect(base),
    actionJsonSchema: (taskId) => {
      let p = schemas.get(taskId);
      if (!p) {
        p = fetchSchema(fetchImpl, `${base}/schema?task_id=${encodeURIComponent(taskId)}`);
        schemas.set(taskId, p);
      }
      return p;
    },
  };
}

async function fetchSchema(fetchImpl: typeof fetch, url: string): Promise<Record<string, unknown> | undefined> {
  try {
    const res = await fetchImpl(url, { headers: { accept: 'application/json' } });
    if (!res.ok) return undefined;
    const body = (await res.json()) as { action?: unknown };
    return typeof body.action === 'object' && body.action !== null ? (body.action as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** src/client's HTTP client (a session per episode) or WebSocket client (a connection per episode). */
export function clientConnector(transport: RemoteTransport, apiKey?: string): RemoteConnector {
  const auth = apiKey ? { apiKey } : {};
  return transport === 'ws' ? (baseUrl) => WsEnvClient.connect({ baseUrl, ...auth }) : (baseUrl) => new HttpEnvClient({ baseUrl, ...auth });
}
