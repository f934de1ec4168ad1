import type { EnvLike } from '../contracts/index.js';
import type { EnvSource, EvalEnv } from './in-process-env.js';

/** Opens one client (one server session) per episode. */
export type RemoteConnector = (baseUrl: string) => EnvLike;

/**
 * Episodes against a running Firedrill server. The action schema comes from GET /schema (OpenEnv: `{action, ...}`).
 * Ground truth is never available remotely.
 */
export function remoteSource(baseUrl: string, connect: RemoteConnector, fetchImpl: typeof fetch = fetch): EnvSource {
  const base = baseUrl.replace(/\/+$/, '');
  const schemas = new Map<string, Promise<Record<string, unknown> | undefined>>();
  return {
    kind: 'remote',
    open: async (): Promise<EvalEnv> => connect(base),
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

/**
 * The HTTP client of src/client, when this build has it (it lives in another area and may land later).
 * Resolved at run time so this module builds without it.
 */
export async function loadHttpConnector(apiKey?: string): Promise<RemoteConnector | null> {
  const specifier = '../client/index.js';
  try {
    const mod = (await import(specifier)) as { HttpEnvClient?: new (opts: { baseUrl: string; apiKey?: string }) => EnvLike };
    const Client = mod.HttpEnvClient;
    if (!Client) return null;
    return (baseUrl) => new Client({ baseUrl, ...(apiKey ? { apiKey } : {}) });
  } catch {
    return null;
  }
}
