import { createHash } from 'node:crypto';

import type { FastifyRequest } from 'fastify';

import { FiredrillError } from '../contracts/index.js';

/** One client's allowance: `perSecond` units refill continuously up to `burst`. */
export interface Allowance {
  perSecond: number;
  burst: number;
}

export interface FairnessOptions {
  /** Request body bytes (HTTP bodies and WebSocket messages) a client may send; parsing cost follows bytes. */
  bodyBytes: Allowance;
  /** Sessions a client may open (reset with X-Session-ID: new, WebSocket connections, session/create, MCP initialize). */
  sessions: Allowance;
  /** Milliseconds of server time a client's resets (world generation) may take. */
  resetMs: Allowance;
  /** A client over an allowance is made to wait this long at most; beyond it the request gets 429 with Retry-After. */
  maxWaitMs: number;
  /** Clients remembered at once; the least recently seen are forgotten beyond it (they start again with a full allowance). */
  maxClients: number;
  /**
   * Allowances are enforced only while another client has been seen this recently: a lone client (one trainer
   * on its own server) is never slowed, as it takes nothing from anyone. Its usage is still counted.
   */
  contentionWindowMs: number;
}

export const DEFAULT_FAIRNESS: FairnessOptions = {
  bodyBytes: { perSecond: 256 << 10, burst: 1 << 20 },
  sessions: { perSecond: 20, burst: 256 },
  resetMs: { perSecond: 15, burst: 1500 },
  maxWaitMs: 2000,
  maxClients: 10_000,
  contentionWindowMs: 10_000,
};

/**
 * Who a request comes from, for the per-client allowances: with an API key (checked before this), the bearer
 * token it sends (so a trainer behind one address with one key is one client, and clients behind a shared proxy
 * with distinct agent tokens are not); else the peer address, since an unchecked header costs nothing to vary.
 */
export function clientKey(request: FastifyRequest, tokenKeyed: boolean): string {
  const auth = request.headers.authorization;
  if (tokenKeyed && typeof auth === 'string' && auth.length > 7) return `t:${createHash('sha256').update(auth).digest('base64url').slice(0, 22)}`;
  return `a:${request.socket?.remoteAddress ?? 'unknown'}`;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets, one per client, for one resource. `admit` reserves the cost at once (so waiting requests queue
 * in arrival order) and says how long to wait before the work may start; `charge` bills work measured after
 * the fact, which later requests then wait for.
 */
export class ClientBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly allowance: Allowance,
    private readonly maxWaitMs: number,
    private readonly maxClients: number,
    private readonly now: () => number = () => performance.now(),
    /** Whether anyone besides this client is active; when not, nobody waits. */
    private readonly contended: (key: string) => boolean = () => true,
  ) {}

  /**
   * Admits work of `cost` after the returned wait, or refuses it: a refusal (RATE_LIMITED) still comes after the
   * longest wait, so a client that ignores Retry-After cannot loop on cheap refusals.
   */
  async throttle(key: string, cost: number, what: string, onDelay?: () => void): Promise<void> {
    const bucket = this.refill(key);
    const waitMs = bucket.tokens >= cost || !this.contended(key) ? 0 : ((cost - bucket.tokens) / this.allowance.perSecond) * 1000;
    if (waitMs > this.maxWaitMs) {
      onDelay?.();
      await sleep(this.maxWaitMs);
      throw rateLimited(what, waitMs - this.maxWaitMs);
    }
    bucket.tokens -= cost;
    if (waitMs > 0) {
      onDelay?.();
      await sleep(waitMs);
    }
  }

  /** Synchronous admission for callers that cannot wait: reserves and returns 0, or throws RATE_LIMITED when the client would have to wait. */
  admitNow(key: string, cost: number, what: string): void {
    const bucket = this.refill(key);
    if (bucket.tokens < cost && this.contended(key)) throw rateLimited(what, ((cost - bucket.tokens) / this.allowance.perSecond) * 1000);
    bucket.tokens -= cost;
  }

  /** Reserves `cost` however large the debt, and says how long to wait until it is covered (for streams that can simply stop being read). */
  reserve(key: string, cost: number): number {
    const bucket = this.refill(key);
    bucket.tokens -= cost;
    return bucket.tokens >= 0 || !this.contended(key) ? 0 : (-bucket.tokens / this.allowance.perSecond) * 1000;
  }

  /** Milliseconds until the client's debt is repaid (0 when it has none). */
  debtWaitMs(key: string): number {
    const bucket = this.refill(key);
    return bucket.tokens >= 0 || !this.contended(key) ? 0 : (-bucket.tokens / this.allowance.perSecond) * 1000;
  }

  /** Bills `cost` without waiting (work already done); later admissions wait for it. */
  charge(key: string, cost: number): void {
    this.refill(key).tokens -= cost;
  }

  get size(): number {
    return this.buckets.size;
  }

  private refill(key: string): Bucket {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (bucket) {
      this.buckets.delete(key);
      bucket.tokens = Math.min(this.allowance.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.allowance.perSecond);
      bucket.at = now;
    } else {
      bucket = { tokens: this.allowance.burst, at: now };
      if (this.buckets.size >= this.maxClients) this.buckets.delete(this.buckets.keys().next().value!);
    }
    this.buckets.set(key, bucket);
    return bucket;
  }
}

export function rateLimited(what: string, waitMs: number): FiredrillError {
  const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
  return new FiredrillError('RATE_LIMITED', `Too many ${what} from this client; retry in ${retryAfter} s.`, { details: { retry_after_s: retryAfter } });
}

/** Seconds a client should wait, for the Retry-After header, when an error says so. */
export function retryAfterOf(err: FiredrillError): number | null {
  const details = err.details as { retry_after_s?: unknown } | undefined;
  return typeof details?.retry_after_s === 'number' ? details.retry_after_s : null;
}

/** The per-client allowances of one server. */
export class Fairness {
  readonly bodyBytes: ClientBuckets;
  readonly sessions: ClientBuckets;
  readonly resetMs: ClientBuckets;

  /** The two most recently seen distinct clients, for `contended`. */
  private last: { key: string; at: number } = { key: '', at: -Infinity };
  private previous: { key: string; at: number } = { key: '', at: -Infinity };

  constructor(
    readonly options: FairnessOptions,
    /** Whether clients are told apart by their (checked) bearer token; only when the server has an API key. */
    private readonly tokenKeyed = false,
    private readonly now: () => number = () => performance.now(),
  ) {
    const contended = (key: string): boolean => this.contended(key);
    this.bodyBytes = new ClientBuckets(options.bodyBytes, options.maxWaitMs, options.maxClients, now, contended);
    this.sessions = new ClientBuckets(options.sessions, options.maxWaitMs, options.maxClients, now, contended);
    this.resetMs = new ClientBuckets(options.resetMs, options.maxWaitMs, options.maxClients, now, contended);
  }

  /** The client a request comes from (see clientKey). */
  keyOf(request: FastifyRequest): string {
    return clientKey(request, this.tokenKeyed);
  }

  /** Notes a request from a client (every HTTP request and WebSocket message). */
  seen(key: string): void {
    const at = this.now();
    if (key === this.last.key) {
      this.last.at = at;
      return;
    }
    this.previous = this.last;
    this.last = { key, at };
  }

  /** Whether a client other than `key` was seen within the contention window. */
  contended(key: string): boolean {
    const since = this.now() - this.options.contentionWindowMs;
    return (this.last.key !== key && this.last.at >= since) || (this.previous.key !== key && this.previous.at >= since);
  }
}

export interface FairnessGates {
  /** Waits while the client opens sessions faster than its allowance; RATE_LIMITED beyond the longest wait. */
  admitSession(key: string): Promise<void>;
  /** Waits while the client's earlier resets are over its time allowance, runs `reset`, and bills its duration. */
  timedReset<T>(key: string, reset: () => T): Promise<T>;
}

export function fairnessGates(fairness: Fairness, onDelay: (reason: string) => void): FairnessGates {
  return {
    async admitSession(key) {
      await fairness.sessions.throttle(key, 1, 'new sessions', () => onDelay('session_rate'));
    },
    async timedReset(key, reset) {
      await fairness.resetMs.throttle(key, 0, 'resets', () => onDelay('reset_time'));
      // Wall time, which the event loop was blocked for everyone (on a loaded machine more than the CPU time).
      const started = performance.now();
      try {
        return reset();
      } finally {
        fairness.resetMs.charge(key, performance.now() - started);
      }
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}
