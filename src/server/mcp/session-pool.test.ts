import { describe, expect, it } from 'vitest';

import { McpSessionPool } from './session-pool.js';

class FakeSession {
  closed = 0;
  async close(): Promise<void> {
    this.closed += 1;
  }
}

function pool(maxSessions = 2, idleTimeoutMs = 100) {
  const clock = { now: 0 };
  return { clock, pool: new McpSessionPool<FakeSession>({ maxSessions, idleTimeoutMs, now: () => clock.now }) };
}

describe('McpSessionPool', () => {
  it('counts reserved slots against the capacity, so concurrent initialisations cannot overshoot', () => {
    const { pool: p } = pool(2);
    expect(p.reserve()).toBe(true);
    expect(p.reserve()).toBe(true);
    expect(p.reserve()).toBe(false);
    expect(p.size).toBe(2);
    p.release();
    expect(p.size).toBe(1);
    p.add('a', new FakeSession());
    expect(p.size).toBe(1);
    expect(p.ids()).toEqual(['a']);
  });

  it('expires sessions idle past the timeout and closes them; touching keeps one alive', async () => {
    const { clock, pool: p } = pool(3, 100);
    const [a, b, c] = [new FakeSession(), new FakeSession(), new FakeSession()];
    for (const [id, s] of [['a', a], ['b', b], ['c', c]] as const) {
      p.reserve();
      p.add(id, s);
    }
    clock.now = 60;
    expect(p.touch('b')).toBe(b);
    expect(p.get('c')).toBe(c);
    clock.now = 99;
    expect(await p.sweep()).toEqual([]);
    clock.now = 100;
    expect(await p.sweep()).toEqual(['a', 'c']);
    expect([a.closed, b.closed, c.closed]).toEqual([1, 0, 1]);
    expect(p.ids()).toEqual(['b']);
    expect(p.touch('a')).toBeUndefined();
  });

  it('expires idle sessions to make room when full', () => {
    const { clock, pool: p } = pool(1, 100);
    const old = new FakeSession();
    p.reserve();
    p.add('old', old);
    clock.now = 50;
    expect(p.reserve()).toBe(false);
    clock.now = 100;
    expect(p.reserve()).toBe(true);
    expect(old.closed).toBe(1);
    expect(p.ids()).toEqual([]);
  });

  it('forgets a removed session without closing it, and closes everything on closeAll', async () => {
    const { pool: p } = pool(2);
    const [a, b] = [new FakeSession(), new FakeSession()];
    p.reserve();
    p.add('a', a);
    p.reserve();
    p.add('b', b);
    expect(p.remove('a')).toBe(true);
    expect(p.remove('a')).toBe(false);
    await p.closeAll();
    expect([a.closed, b.closed]).toEqual([0, 1]);
    expect(p.size).toBe(0);
  });

  it('rejects a capacity below one and a non-positive timeout', () => {
    expect(() => new McpSessionPool({ maxSessions: 0, idleTimeoutMs: 1 })).toThrow('maxSessions must be at least 1');
    expect(() => new McpSessionPool({ maxSessions: 1, idleTimeoutMs: 0 })).toThrow('idleTimeoutMs must be positive');
  });
});
