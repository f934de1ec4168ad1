export interface PooledSession {
  close(): Promise<void>;
}

export interface McpSessionPoolOptions {
  /** Sessions open at once, counting those being initialised. */
  maxSessions: number;
  /** A session with no request for this long is closed by the next sweep. */
  idleTimeoutMs: number;
  /** Wall clock in ms (tests pass a fake one). */
  now?: () => number;
}

/** What the Streamable-HTTP transport needs of a session registry (the pool below, or the server's SessionStore). */
export interface McpSessions<S extends PooledSession> {
  readonly size: number;
  readonly capacity: number;
  ids(): string[];
  count(test: (session: S) => boolean): number;
  reserve(): boolean;
  release(): void;
  add(id: string, session: S): void;
  get(id: string): S | undefined;
  touch(id: string): S | undefined;
  remove(id: string): boolean;
  sweep(): Promise<string[]>;
  closeAll(): Promise<void>;
}

interface Slot<S> {
  session: S;
  lastActive: number;
}

/**
 * The MCP sessions of one HTTP server, by session id: a capacity limit (slots are reserved before a
 * session is built, so concurrent initialisations cannot overshoot) and idle expiry.
 */
export class McpSessionPool<S extends PooledSession> implements McpSessions<S> {
  private readonly slots = new Map<string, Slot<S>>();
  private reserved = 0;
  private readonly now: () => number;

  constructor(private readonly options: McpSessionPoolOptions) {
    if (!(options.maxSessions >= 1)) throw new RangeError('maxSessions must be at least 1');
    if (!(options.idleTimeoutMs > 0)) throw new RangeError('idleTimeoutMs must be positive');
    this.now = options.now ?? Date.now;
  }

  /** Open sessions plus reserved slots. */
  get size(): number {
    return this.slots.size + this.reserved;
  }

  get capacity(): number {
    return this.options.maxSessions;
  }

  ids(): string[] {
    return [...this.slots.keys()];
  }

  /** Open sessions that satisfy `test`. */
  count(test: (session: S) => boolean): number {
    let n = 0;
    for (const slot of this.slots.values()) if (test(slot.session)) n += 1;
    return n;
  }

  /** Takes a slot for a session about to be built, expiring idle sessions first; false when the pool is full. */
  reserve(): boolean {
    if (this.size >= this.options.maxSessions) void this.sweep();
    if (this.size >= this.options.maxSessions) return false;
    this.reserved += 1;
    return true;
  }

  /** Gives back a reserved slot whose session never started. */
  release(): void {
    if (this.reserved > 0) this.reserved -= 1;
  }

  /** Fills a reserved slot. */
  add(id: string, session: S): void {
    this.release();
    this.slots.set(id, { session, lastActive: this.now() });
  }

  get(id: string): S | undefined {
    return this.slots.get(id)?.session;
  }

  /** The session with this id, marked active now. */
  touch(id: string): S | undefined {
    const slot = this.slots.get(id);
    if (!slot) return undefined;
    slot.lastActive = this.now();
    return slot.session;
  }

  /** Forgets a session (it is closing or closed); does not close it. */
  remove(id: string): boolean {
    return this.slots.delete(id);
  }

  /** Closes and forgets every session idle past the timeout; resolves with their ids once they are closed. */
  async sweep(): Promise<string[]> {
    const cutoff = this.now() - this.options.idleTimeoutMs;
    const expired = [...this.slots].filter(([, slot]) => slot.lastActive <= cutoff);
    for (const [id] of expired) this.slots.delete(id);
    await Promise.allSettled(expired.map(([, slot]) => slot.session.close()));
    return expired.map(([id]) => id);
  }

  async closeAll(): Promise<void> {
    const all = [...this.slots.values()];
    this.slots.clear();
    await Promise.allSettled(all.map((slot) => slot.session.close()));
  }
}
