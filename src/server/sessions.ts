import { randomUUID } from 'node:crypto';

import { FiredrillError } from '../contracts/index.js';
import type { Environment } from '../env/environment.js';

export type SessionKind = 'http' | 'ws';
export type SessionEndReason = 'closed' | 'expired' | 'evicted' | 'shutdown';

/** The id of the one shared session used by HTTP requests that name none (DESIGN §8). */
export const DEFAULT_SESSION_ID = 'default';
/** Sent as the session id of /reset (or openenv/session/create) to ask for a new private session. */
export const NEW_SESSION_ID = 'new';

export interface SessionOptions {
  /** Sessions allowed at once, HTTP and WebSocket together; the default session is not counted. */
  maxSessions: number;
  /** A session unused for this long is ended; null never ends idle sessions. */
  idleTimeoutMs: number | null;
  /** When full, end the least recently used HTTP session to make room (else refuse with CAPACITY_REACHED). */
  evictLru: boolean;
}

export const DEFAULT_SESSION_OPTIONS: SessionOptions = { maxSessions: 1024, idleTimeoutMs: 3_600_000, evictLru: true };

export class Session {
  lastActive: number;
  /** Whether the episode's end has been counted in the metrics (cleared by reset). */
  endCounted = false;
  /** Called once when the store ends the session (the WebSocket route closes its socket here). */
  onEnd: ((reason: SessionEndReason) => void) | null = null;

  constructor(
    readonly id: string,
    readonly kind: SessionKind,
    readonly env: Environment,
    now: number,
  ) {
    this.lastActive = now;
  }
}

const TOMBSTONES = 4096;

/** Told about every session that opens or ends (for logs). */
export type SessionListener = (event: 'opened' | SessionEndReason, session: Session) => void;

/**
 * Live sessions. Each kind is a Map in least-recently-used order (a touch re-inserts), so eviction takes the
 * first entry and the reaper stops at the first session that is still fresh: both O(1) per session ended.
 */
export class SessionStore {
  private readonly byKind: Record<SessionKind, Map<string, Session>> = { http: new Map(), ws: new Map() };
  private readonly ended = new Map<string, SessionEndReason>();
  private defaultSession: Session | null = null;
  private reaper: NodeJS.Timeout | null = null;

  constructor(
    readonly options: SessionOptions,
    private readonly createEnv: () => Environment,
    private readonly now: () => number = Date.now,
    private readonly listener: SessionListener | null = null,
  ) {}

  get size(): number {
    return this.byKind.http.size + this.byKind.ws.size;
  }

  count(kind: SessionKind): number {
    return this.byKind[kind].size;
  }

  /** Live sessions of a kind, least recently used first. */
  list(kind: SessionKind): Session[] {
    return [...this.byKind[kind].values()];
  }

  /** Opens a session, evicting the least recently used HTTP session when full (if allowed). */
  create(kind: SessionKind): Session {
    if (this.size >= this.options.maxSessions) {
      const victim = this.options.evictLru ? this.byKind.http.values().next().value : undefined;
      if (!victim) {
        throw new FiredrillError(
          'CAPACITY_REACHED',
          `Server at capacity: ${this.size}/${this.options.maxSessions} sessions active. Cannot accept new connections.`,
          { details: { active_sessions: this.size, max_sessions: this.options.maxSessions } },
        );
      }
      this.end(victim, 'evicted');
    }
    const session = new Session(randomUUID(), kind, this.createEnv(), this.now());
    this.byKind[kind].set(session.id, session);
    this.listener?.('opened', session);
    return session;
  }

  /** Seconds a client refused with CAPACITY_REACHED should wait before trying again. */
  retryAfterSeconds(): number {
    return 1;
  }

  /** The shared session of id-less HTTP requests: created on first use, never counted, evicted or expired. */
  defaultOne(): Session {
    this.defaultSession ??= new Session(DEFAULT_SESSION_ID, 'http', this.createEnv(), this.now());
    this.defaultSession.lastActive = this.now();
    return this.defaultSession;
  }

  /** An HTTP session by id (touching it), or SESSION_NOT_FOUND saying why it is gone when we still remember. */
  get(id: string): Session {
    if (id === DEFAULT_SESSION_ID) return this.defaultOne();
    const session = this.byKind.http.get(id);
    if (!session) {
      const reason = this.ended.get(id);
      const why = reason === undefined ? 'does not exist' : reason === 'evicted' ? 'was evicted to make room for newer sessions' : `was ${reason}`;
      throw new FiredrillError('SESSION_NOT_FOUND', `Session '${id.slice(0, 64)}' ${why}. Call POST /reset with X-Session-ID: new to start a session.`, { field: 'session_id' });
    }
    this.touch(session);
    return session;
  }

  touch(session: Session): void {
    session.lastActive = this.now();
    if (session === this.defaultSession) return;
    const map = this.byKind[session.kind];
    if (map.delete(session.id)) map.set(session.id, session);
  }

  /** Ends an HTTP session by id. The default session cannot end; closing it starts it afresh. Returns false if unknown. */
  close(id: string): boolean {
    if (id === DEFAULT_SESSION_ID) {
      this.defaultSession = null;
      return true;
    }
    const session = this.byKind.http.get(id);
    if (!session) return false;
    this.end(session, 'closed');
    return true;
  }

  /** Ends a session the caller holds (a WebSocket closing); a no-op if it already ended. */
  release(session: Session, reason: SessionEndReason = 'closed'): void {
    if (this.byKind[session.kind].get(session.id) === session) this.end(session, reason);
  }

  isLive(session: Session): boolean {
    return session === this.defaultSession || this.byKind[session.kind].get(session.id) === session;
  }

  /** Ends every session idle longer than the timeout; returns how many ended. */
  reap(): number {
    const timeout = this.options.idleTimeoutMs;
    if (timeout === null) return 0;
    const cutoff = this.now() - timeout;
    let reaped = 0;
    for (const map of Object.values(this.byKind)) {
      for (const session of map.values()) {
        if (session.lastActive > cutoff) break;
        this.end(session, 'expired');
        reaped++;
      }
    }
    return reaped;
  }

  /** Reaps on a timer (every quarter of the timeout, at least once a second and at most once a minute). */
  startReaper(): void {
    const timeout = this.options.idleTimeoutMs;
    if (timeout === null || this.reaper) return;
    this.reaper = setInterval(() => this.reap(), Math.min(60_000, Math.max(1000, timeout / 4)));
    this.reaper.unref();
  }

  /** Ends every session of one kind (reason 'shutdown'). */
  endAll(kind: SessionKind): void {
    for (const session of [...this.byKind[kind].values()]) this.end(session, 'shutdown');
  }

  /** Stops the reaper and ends every session. */
  shutdown(): void {
    if (this.reaper) clearInterval(this.reaper);
    this.reaper = null;
    this.endAll('ws');
    this.endAll('http');
  }

  private end(session: Session, reason: SessionEndReason): void {
    this.byKind[session.kind].delete(session.id);
    this.ended.set(session.id, reason);
    if (this.ended.size > TOMBSTONES) this.ended.delete(this.ended.keys().next().value!);
    const onEnd = session.onEnd;
    session.onEnd = null;
    onEnd?.(reason);
    this.listener?.(reason, session);
  }
}
