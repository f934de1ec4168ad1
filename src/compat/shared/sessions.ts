import { randomUUID } from 'node:crypto';

import { FiredrillError } from '../../contracts/index.js';
import { Environment } from '../../env/environment.js';
import type { TaskRegistry } from '../../env/registry.js';
import { DEFAULT_SESSION_ID, type SessionStore } from '../../server/sessions.js';

export interface CompatSession {
  id: string;
  env: Environment;
  lastUsed: number;
  /** Whether this session's current episode has been counted as completed in /metrics. */
  counted: boolean;
}

export interface CompatSessionOptions {
  /** Sessions kept besides the default one; the least recently used is evicted beyond this. */
  capacity?: number;
  /** A session unused for this long is dropped. */
  idleMs?: number;
  now?: () => number;
  newId?: () => string;
}

/**
 * Per-client sessions of one compat surface. A request naming a session gets that session or a
 * SESSION_NOT_FOUND error — never another client's; a request naming none gets the one shared default
 * session of the surface (what the originals' own clients, which never send an id, expect).
 */
export class CompatSessionStore {
  readonly defaultSession: CompatSession;
  private readonly sessions = new Map<string, CompatSession>();
  /** With the server's store, sessions live there (kind 'compat'): one capacity, idle timeout, eviction rule and gauges. */
  private readonly shared: SessionStore | null;
  private readonly capacity: number;
  private readonly idleMs: number;
  private readonly now: () => number;
  private readonly newId: () => string;

  constructor(
    private readonly registry: TaskRegistry,
    options: CompatSessionOptions = {},
    shared: SessionStore | null = null,
  ) {
    this.shared = shared;
    this.capacity = options.capacity ?? 1024;
    this.idleMs = options.idleMs ?? 30 * 60 * 1000;
    this.now = options.now ?? Date.now;
    this.newId = options.newId ?? randomUUID;
    this.defaultSession = { id: DEFAULT_SESSION_ID, env: new Environment(registry), lastUsed: this.now(), counted: false };
  }

  create(): CompatSession {
    if (this.shared) {
      const stored = this.shared.create('compat', new Environment(this.registry));
      const session: CompatSession = { id: stored.id, env: stored.env, lastUsed: stored.lastActive, counted: false };
      stored.attachment = session;
      return session;
    }
    this.expire();
    const session: CompatSession = { id: this.newId(), env: new Environment(this.registry), lastUsed: this.now(), counted: false };
    this.sessions.set(session.id, session);
    while (this.sessions.size > this.capacity) {
      const oldest = this.sessions.keys().next().value;
      if (oldest === undefined) break;
      this.sessions.delete(oldest);
    }
    return session;
  }

  /** The session a request names (query `session_id` or header `X-Session-ID`), or the default one. */
  resolve(id: string | undefined): CompatSession {
    if (id === undefined || id === '') return this.touch(this.defaultSession);
    if (id === DEFAULT_SESSION_ID) return this.touch(this.defaultSession);
    if (this.shared) {
      const stored = this.shared.find(id, 'compat');
      if (!stored) throw notFound(id);
      this.shared.touch(stored);
      return this.touch(stored.attachment as CompatSession);
    }
    this.expire();
    const session = this.sessions.get(id);
    if (!session) throw notFound(id);
    this.sessions.delete(id);
    this.sessions.set(id, session);
    return this.touch(session);
  }

  /** Sessions besides the default one (with the server's store: its compat sessions, of every compat surface). */
  get size(): number {
    if (this.shared) return this.shared.count('compat');
    this.expire();
    return this.sessions.size;
  }

  private touch(session: CompatSession): CompatSession {
    session.lastUsed = this.now();
    return session;
  }

  private expire(): void {
    const cutoff = this.now() - this.idleMs;
    for (const [id, s] of this.sessions) {
      if (s.lastUsed >= cutoff) break;
      this.sessions.delete(id);
    }
  }
}

function notFound(id: string): FiredrillError {
  return new FiredrillError('SESSION_NOT_FOUND', `No session has the id '${id.slice(0, 64)}' (it never existed, expired or was evicted). Call /reset to start one.`, { field: 'session_id' });
}

/** The server's session store when the routes are mounted on a Firedrill app (null on a bare Fastify instance). */
export function serverStoreOf(scope: object): SessionStore | null {
  return (scope as { firedrill?: { store?: SessionStore } }).firedrill?.store ?? null;
}

/**
 * The session id a compat request names, with the originals' precedence: query `session_id` first, then the
 * `X-Session-ID` header (Firedrill's own routes read the header first and also the body).
 */
export function compatSessionIdOf(query: unknown, headers: Record<string, string | string[] | undefined>): string | undefined {
  const fromQuery = typeof query === 'object' && query !== null ? (query as Record<string, unknown>)['session_id'] : undefined;
  if (typeof fromQuery === 'string') return fromQuery;
  const header = headers['x-session-id'];
  return Array.isArray(header) ? header[0] : header;
}
