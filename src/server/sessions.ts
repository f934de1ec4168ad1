import { randomUUID } from 'node:crypto';

import { FiredrillError } from '../contracts/index.js';
import type { Environment } from '../env/environment.js';

/**
 * Which transport holds a session: OpenEnv HTTP (and JSON-RPC), a WebSocket (/ws, WS /mcp), MCP Streamable
 * HTTP (/mcp/stream) or a compat API (/compat/…). Every kind counts against the one capacity.
 */
export type SessionKind = 'http' | 'ws' | 'mcp' | 'compat';
export const SESSION_KINDS: readonly SessionKind[] = ['http', 'ws', 'mcp', 'compat'];
/** Kinds whose sessions may be evicted (a WebSocket session ends with its connection, never by eviction). */
const EVICTABLE: readonly SessionKind[] = ['http', 'compat', 'mcp'];
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
  /** When full, end the least recently used HTTP, compat or MCP session to make room (else refuse with CAPACITY_REACHED). */
  evictLru: boolean;
  /** A session used less than this long ago is never evicted; at capacity a new session is refused instead. 0 when absent. */
  minIdleMs?: number;
}

export const DEFAULT_SESSION_OPTIONS: SessionOptions = { maxSessions: 1024, idleTimeoutMs: 3_600_000, evictLru: true, minIdleMs: 60_000 };

export class Session {
  lastActive: number;
  /** Whether the episode's end has been counted in the metrics (cleared by reset). */
  endCounted = false;
  /** Called once when the store ends the session (the WebSocket route closes its socket here). */
  onEnd: ((reason: SessionEndReason) => void) | null = null;
  /** What a transport keeps with the session (the MCP server of a Streamable-HTTP session, say). */
  attachment: unknown = null;

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
  private readonly byKind: Record<SessionKind, Map<string, Session>> = { http: new Map(), ws: new Map(), mcp: new Map(), compat: new Map() };
  private readonly ended = new Map<string, SessionEndReason>();
  private defaultSession: Session | null = null;
  private reaper: NodeJS.Timeout | null = null;
  /** Slots taken by sessions being set up asynchronously (an MCP initialize). */
  private reserved = 0;

  constructor(
    readonly options: SessionOptions,
    private readonly createEnv: () => Environment,
    private readonly now: () => number = Date.now,
    private readonly listener: SessionListener | null = null,
  ) {}

  get size(): number {
    return this.byKind.http.size + this.byKind.ws.size + this.byKind.mcp.size + this.byKind.compat.size;
  }

  count(kind: SessionKind): number {
    return this.byKind[kind].size;
  }

  /** Live sessions of a kind, least recently used first. */
  list(kind: SessionKind): Session[] {
    return [...this.byKind[kind].values()];
  }

  /**
   * Opens a session, evicting the least recently used evictable session old enough when full. Prefer
   * `createWith`, which evicts only once the request has succeeded.
   */
  create(kind: SessionKind, env?: Environment): Session {
    this.makeRoom(1);
    return this.insert(new Session(randomUUID(), kind, env ?? this.createEnv(), this.now()));
  }

  /**
   * Opens a session for a request that may still fail: `init` runs on a session that is not yet in the store,
   * and only when it succeeds is room made (evicting if need be) and the session added. A failing request
   * therefore never evicts anyone. At capacity with nobody evictable it throws CAPACITY_REACHED before `init`.
   */
  createWith<T>(kind: SessionKind, init: (session: Session) => T, env?: Environment): T {
    this.makeRoom(1, true);
    const session = new Session(randomUUID(), kind, env ?? this.createEnv(), this.now());
    const result = init(session);
    this.makeRoom(1);
    this.insert(session);
    return result;
  }

  /**
   * Holds a slot for a session set up asynchronously; `commit` adds it (evicting then, if need be), `cancel`
   * gives the slot back. Throws CAPACITY_REACHED when no slot can be had.
   */
  reserve(kind: SessionKind): { commit(id: string, env?: Environment): Session; cancel(): void } {
    this.makeRoom(this.reserved + 1, true);
    this.reserved++;
    let open = true;
    const done = (): void => {
      if (open) this.reserved--;
      open = false;
    };
    return {
      commit: (id, env) => {
        done();
        this.makeRoom(1);
        return this.insert(new Session(id, kind, env ?? this.createEnv(), this.now()));
      },
      cancel: done,
    };
  }

  /** Seconds a client refused with CAPACITY_REACHED should wait: until the oldest evictable session may be evicted. */
  retryAfterSeconds(): number {
    const minIdle = this.options.minIdleMs ?? 0;
    let oldest = Infinity;
    for (const kind of EVICTABLE) {
      const first = this.byKind[kind].values().next().value;
      if (first) oldest = Math.min(oldest, first.lastActive);
    }
    if (!this.options.evictLru || oldest === Infinity) return Math.max(1, Math.ceil(minIdle / 1000));
    return Math.max(1, Math.ceil((oldest + minIdle - this.now()) / 1000));
  }

  /**
   * Ensures `needed` more sessions fit: evicts least recently used evictable sessions idle at least the minimum
   * age, or throws CAPACITY_REACHED. With `dryRun` it only checks that enough could be evicted.
   */
  private makeRoom(needed: number, dryRun = false): void {
    const over = this.size + needed - this.options.maxSessions + (dryRun ? 0 : this.reserved);
    if (over <= 0) return;
    const victims = this.options.evictLru ? this.evictable(over) : [];
    if (victims.length < over) {
      throw new FiredrillError(
        'CAPACITY_REACHED',
        `Server at capacity: ${this.size}/${this.options.maxSessions} sessions active. Cannot accept new connections.`,
        { details: { active_sessions: this.size, max_sessions: this.options.maxSessions } },
      );
    }
    if (!dryRun) for (const victim of victims) this.end(victim, 'evicted');
  }

  /** Up to `count` evictable sessions idle at least the minimum age, least recently used first. */
  private evictable(count: number): Session[] {
    const cutoff = this.now() - (this.options.minIdleMs ?? 0);
    const candidates: Session[] = [];
    for (const kind of EVICTABLE) {
      for (const session of this.byKind[kind].values()) {
        if (session.lastActive > cutoff) break;
        candidates.push(session);
        if (candidates.length >= count * EVICTABLE.length) break;
      }
    }
    return candidates.sort((a, b) => a.lastActive - b.lastActive).slice(0, count);
  }

  private insert(session: Session): Session {
    this.byKind[session.kind].set(session.id, session);
    this.listener?.('opened', session);
    return session;
  }

  /** The shared session of id-less HTTP requests: created on first use, never counted, evicted or expired. */
  defaultOne(): Session {
    this.defaultSession ??= new Session(DEFAULT_SESSION_ID, 'http', this.createEnv(), this.now());
    this.defaultSession.lastActive = this.now();
    return this.defaultSession;
  }

  /** An HTTP session by id (touching it), or SESSION_NOT_FOUND saying why it is gone when we still remember. */
  get(id: string, kind: SessionKind = 'http'): Session {
    if (id === DEFAULT_SESSION_ID && kind === 'http') return this.defaultOne();
    const session = this.byKind[kind].get(id);
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

  /** A live session of a kind by id without touching it, or undefined. */
  find(id: string, kind: SessionKind): Session | undefined {
    return this.byKind[kind].get(id);
  }

  /** Ends an HTTP session by id. The default session cannot end; closing it starts it afresh. Returns false if unknown. */
  close(id: string, kind: SessionKind = 'http'): boolean {
    if (id === DEFAULT_SESSION_ID && kind === 'http') {
      this.defaultSession = null;
      return true;
    }
    const session = this.byKind[kind].get(id);
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
    for (const kind of SESSION_KINDS) this.endAll(kind);
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
