import { describe, expect, it } from 'vitest';

import { FiredrillError } from '../contracts/index.js';
import { Environment } from '../env/environment.js';
import { TaskRegistry } from '../env/registry.js';
import { DEFAULT_SESSION_ID, type SessionEndReason, type SessionOptions, SessionStore } from './sessions.js';

function makeStore(options: Partial<SessionOptions> = {}) {
  let now = 1_000_000;
  const clock = { advance: (ms: number) => (now += ms) };
  const store = new SessionStore({ maxSessions: 3, idleTimeoutMs: 60_000, evictLru: true, ...options }, () => new Environment(new TaskRegistry()), () => now);
  return { store, clock };
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof FiredrillError) return `${err.code}: ${err.message}`;
    throw err;
  }
  return 'no error';
}

describe('SessionStore', () => {
  it('finds HTTP sessions by id and never hands out another one for an unknown id', () => {
    const { store } = makeStore();
    const a = store.create('http');
    expect(store.get(a.id)).toBe(a);
    expect(codeOf(() => store.get('00000000-0000-0000-0000-000000000000'))).toBe(
      "SESSION_NOT_FOUND: Session '00000000-0000-0000-0000-000000000000' does not exist. Call POST /reset with X-Session-ID: new to start a session.",
    );
  });

  it('does not find WebSocket sessions over HTTP', () => {
    const { store } = makeStore();
    const ws = store.create('ws');
    expect(codeOf(() => store.get(ws.id))).toMatch(/^SESSION_NOT_FOUND/);
  });

  it('keeps one default session outside the capacity', () => {
    const { store } = makeStore({ maxSessions: 1 });
    const d = store.defaultOne();
    expect(d.id).toBe(DEFAULT_SESSION_ID);
    expect(store.get(DEFAULT_SESSION_ID)).toBe(d);
    expect(store.size).toBe(0);
    store.create('http');
    expect(store.size).toBe(1);
  });

  it('evicts the least recently used HTTP session when full, and says so', () => {
    const { store } = makeStore();
    const [a, b, c] = [store.create('http'), store.create('http'), store.create('http')];
    store.get(a.id);
    const ended: SessionEndReason[] = [];
    b.onEnd = (reason) => ended.push(reason);
    const d = store.create('http');
    expect(ended).toEqual(['evicted']);
    expect(store.size).toBe(3);
    expect(store.get(a.id)).toBe(a);
    expect(store.get(c.id)).toBe(c);
    expect(store.get(d.id)).toBe(d);
    expect(codeOf(() => store.get(b.id))).toBe(
      `SESSION_NOT_FOUND: Session '${b.id}' was evicted to make room for newer sessions. Call POST /reset with X-Session-ID: new to start a session.`,
    );
  });

  it('never evicts WebSocket sessions: a full store of them refuses with CAPACITY_REACHED', () => {
    const { store } = makeStore({ maxSessions: 2 });
    store.create('ws');
    store.create('ws');
    let error: FiredrillError | null = null;
    try {
      store.create('http');
    } catch (err) {
      error = err as FiredrillError;
    }
    expect(error?.code).toBe('CAPACITY_REACHED');
    expect(error?.message).toBe('Server at capacity: 2/2 sessions active. Cannot accept new connections.');
    expect(error?.details).toEqual({ active_sessions: 2, max_sessions: 2 });
  });

  it('refuses instead of evicting when LRU eviction is off', () => {
    const { store } = makeStore({ maxSessions: 1, evictLru: false });
    const a = store.create('http');
    expect(codeOf(() => store.create('http'))).toMatch(/^CAPACITY_REACHED/);
    expect(store.get(a.id)).toBe(a);
  });

  it('reaps sessions idle longer than the timeout, of both kinds, and only those', () => {
    const { store, clock } = makeStore({ maxSessions: 10 });
    const a = store.create('http');
    const w = store.create('ws');
    const reasons: string[] = [];
    w.onEnd = (reason) => reasons.push(reason);
    clock.advance(30_000);
    const b = store.create('http');
    clock.advance(30_001);
    expect(store.reap()).toBe(2);
    expect(reasons).toEqual(['expired']);
    expect(store.get(b.id)).toBe(b);
    expect(codeOf(() => store.get(a.id))).toMatch(/^SESSION_NOT_FOUND: Session '.*' was expired\./);
    expect(store.isLive(w)).toBe(false);
  });

  it('counts a use as activity, so a busy session is not reaped', () => {
    const { store, clock } = makeStore();
    const a = store.create('http');
    clock.advance(50_000);
    store.get(a.id);
    clock.advance(50_000);
    expect(store.reap()).toBe(0);
    clock.advance(10_001);
    expect(store.reap()).toBe(1);
  });

  it('never reaps when the idle timeout is off', () => {
    const { store, clock } = makeStore({ idleTimeoutMs: null });
    store.create('http');
    clock.advance(1e12);
    expect(store.reap()).toBe(0);
  });

  it('closes HTTP sessions by id; closing the default one starts it afresh', () => {
    const { store } = makeStore();
    const a = store.create('http');
    expect(store.close(a.id)).toBe(true);
    expect(store.close(a.id)).toBe(false);
    const d = store.defaultOne();
    expect(store.close(DEFAULT_SESSION_ID)).toBe(true);
    expect(store.defaultOne()).not.toBe(d);
  });

  it('ends every session on shutdown with reason shutdown', () => {
    const { store } = makeStore();
    const reasons: string[] = [];
    for (const kind of ['http', 'ws'] as const) store.create(kind).onEnd = (r) => reasons.push(r);
    store.shutdown();
    expect(reasons).toEqual(['shutdown', 'shutdown']);
    expect(store.size).toBe(0);
  });
});
