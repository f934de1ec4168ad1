import { readFileSync } from 'node:fs';

import type { FastifyPluginAsync } from 'fastify';

import type { TaskRegistry } from '../env/registry.js';
import type { CorsOptions } from './cors.js';
import type { FairnessOptions } from './fairness.js';
import type { SessionOptions } from './sessions.js';

export interface LoggerOptions {
  level?: string;
  /** Where JSON log lines go; stderr by default (stdout belongs to command output). */
  stream?: NodeJS.WritableStream;
}

export interface Limits {
  /** Largest HTTP body accepted, in bytes. */
  bodyBytes: number;
  /** Largest WebSocket message answered with a reply; up to 8× this gets a PAYLOAD_TOO_LARGE frame, beyond it the socket closes (1009). */
  wsMessageBytes: number;
  /** Replies a WebSocket client has not taken yet, in bytes, above which its connection stops being read. */
  wsBufferedBytes: number;
  /** A WebSocket client that stays above `wsBufferedBytes` this long is disconnected (close 1008). */
  wsStallMs: number;
  /** Time to receive a whole request, headers and body (slower uploads are answered 408 and closed). */
  requestMs: number;
  /** Time to receive a request's headers. */
  headersMs: number;
  /** An idle keep-alive connection is closed after this long. */
  keepAliveMs: number;
  /** A socket with no traffic at all for this long is closed (WebSockets excepted). */
  idleSocketMs: number;
  /** Connections open at once; beyond it new ones are closed as they arrive. Keep it below `ulimit -n`. */
  maxConnections: number;
}

/**
 * The largest legitimate message is a write_postmortem action at its length limits: five fields of 8,000
 * characters, 40.2 KB as ASCII JSON (/step, WebSocket and JSON-RPC alike). 64 KiB leaves room for escapes and
 * some non-ASCII text; docs/operations.md explains how to raise it.
 */
export const DEFAULT_LIMITS: Limits = {
  bodyBytes: 64 << 10,
  wsMessageBytes: 64 << 10,
  wsBufferedBytes: 1 << 20,
  wsStallMs: 30_000,
  requestMs: 30_000,
  headersMs: 10_000,
  keepAliveMs: 10_000,
  idleSocketMs: 120_000,
  maxConnections: 2048,
};

/** GET /metadata (OpenEnv `EnvironmentMetadata`). */
export interface EnvMetadata {
  name: string;
  description: string;
  readme_content: string | null;
  version: string | null;
  author: string | null;
  documentation_url: string | null;
}

export interface AppDeps {
  registry: TaskRegistry;
  /** Task of a reset that names none; the registry's first task otherwise. */
  defaultTaskId?: string;
  sessions?: Partial<SessionOptions>;
  /** When set, every route except /health, /docs and /openapi.json needs `Authorization: Bearer <apiKey>`. */
  apiKey?: string | null;
  cors?: CorsOptions | null;
  /** Structured JSON logs; off unless given. */
  logger?: LoggerOptions | false;
  limits?: Partial<Limits>;
  metadata?: Partial<EnvMetadata>;
  /** Wall clock for session idleness (tests pass a fake one). */
  now?: () => number;
  /** Extra route sets (the compat surfaces, given by the composition root), registered after the others and sharing auth, errors and metrics. */
  plugins?: FastifyPluginAsync[];
  /** Directory of the built browser console (web/dist), served at /web/; off when absent. */
  consoleDir?: string | null;
  /** Per-client allowances (body bytes, session creation, reset time); see fairness.ts. */
  fairness?: Partial<FairnessOptions>;
  /** The address the server binds; with no API key, only this and loopback names are accepted as Host. */
  bindHost?: string;
  /** More Host names a server without an API key answers for ('*' for any). */
  allowedHosts?: readonly string[];
  /** SQLite eval run store read by GET /runs, /runs/:id, /runs/:id/episode and /reports; those routes answer "no store" when absent. */
  runsDb?: string | null;
  /** Bearer token of the run routes (FIREDRILL_RUNS_TOKEN); when set, the training key does not open them. Else they need `apiKey`. */
  runsToken?: string | null;
  /** OPENENV_VALIDATION_TOKEN: enables OpenEnv's validation telemetry over /ws for orchestrators holding it (RFC 008). */
  validationToken?: string | null;
}

let packageVersion: string | undefined;

/** Firedrill's version from package.json (src/server and dist/server are both two levels below it). */
export function firedrillVersion(): string {
  if (packageVersion === undefined) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
      packageVersion = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
    } catch {
      packageVersion = '0.0.0';
    }
  }
  return packageVersion;
}
