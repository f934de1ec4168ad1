import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { goodClient, loop, SerialClient, throughputRatio } from '../helpers/load.js';
import { startServer, type TestServer } from '../helpers/server.js';

/**
 * Per-client fairness: a client looping expensive resets, or opening sessions as fast as it can, is slowed to
 * its allowance (then 429 with Retry-After) while good clients keep ≥ 70% of their throughput.
 */
const GOOD_CLIENTS = 2;
const ATTACKERS = 4;

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

describe('per-client fairness', () => {
  it(`${ATTACKERS} clients looping gen-expert resets keep good clients at ≥ 70% of their throughput`, async () => {
    const goods = await Promise.all(Array.from({ length: GOOD_CLIENTS }, () => goodClient(server.url)));
    const attackers = Array.from({ length: ATTACKERS }, (_, i) => new SerialClient(server.url, `127.0.0.${i + 2}`));
    const sessions = await Promise.all(
      attackers.map(async (a) => String((await a.request('POST', '/reset', { 'content-type': 'application/json', 'x-session-id': 'new' }, Buffer.from('{"task_id":"gen-expert","seed":1}'))).headers['x-session-id'])),
    );
    // Steady state: the attackers' bursts are spent before measuring (a burst is bounded: 2 s of reset time each).
    for (let i = 0; i < ATTACKERS; i++) server.app.firedrill.fairness.resetMs.charge(`a:127.0.0.${i + 2}`, server.app.firedrill.fairness.options.resetMs.burst);
    let seed = 0;
    const statuses = new Map<number, number>();
    const result = await throughputRatio({
      rounds: 8,
      phaseMs: 600,
      goodRun: (stop) => goods.map((g) => loop(g.step, stop)),
      attackRun: (stop) =>
        attackers.map((a, i) =>
          loop(async () => {
            const res = await a.request('POST', '/reset', { 'content-type': 'application/json', 'x-session-id': sessions[i]! }, Buffer.from(JSON.stringify({ task_id: 'gen-expert', seed: ++seed })));
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          }, stop),
        ),
    });
    console.log('gen-expert reset flood', JSON.stringify({ ...result, statuses: Object.fromEntries(statuses) }));
    expect(statuses.get(200)).toBeGreaterThan(0);
    expect(result.ratio).toBeGreaterThanOrEqual(0.7);
    for (const c of [...goods.map((g) => g.client), ...attackers]) c.close();
  }, 60_000);

  it('a lone client is never slowed; one opening sessions in a loop while others are active is slowed, then refused with 429 RATE_LIMITED and Retry-After', async () => {
    const alone = await startServer({ fairness: { sessions: { perSecond: 5, burst: 5 }, maxWaitMs: 400 } });
    const solo = new SerialClient(alone.url, '127.0.0.11', 20);
    const soloStatuses = await Promise.all(Array.from({ length: 20 }, () => fetchReset(alone.url, solo)));
    expect(soloStatuses.every((s) => s.status === 200)).toBe(true);
    solo.close();
    await alone.close();

    const own = await startServer({ fairness: { sessions: { perSecond: 5, burst: 5 }, maxWaitMs: 400 } });
    const flood = new SerialClient(own.url, '127.0.0.9', 20);
    const other = new SerialClient(own.url, '127.0.0.10');
    // Allowances apply while someone else is active: a lone client takes nothing from anyone.
    expect((await fetchReset(own.url, other)).status).toBe(200);
    const statuses = await Promise.all(
      Array.from({ length: 20 }, () => fetchReset(own.url, flood)),
    );
    const ok = statuses.filter((s) => s.status === 200).length;
    const limited = statuses.filter((s) => s.status === 429);
    expect(ok).toBeGreaterThanOrEqual(5);
    expect(ok).toBeLessThanOrEqual(8);
    expect(limited.length).toBe(20 - ok);
    expect(limited.every((s) => s.code === 'RATE_LIMITED' && Number(s.retryAfter) >= 1)).toBe(true);
    // Another client (another address) is not affected.
    expect((await fetchReset(own.url, other)).status).toBe(200);
    flood.close();
    other.close();
    await own.close();
  });
});

async function fetchReset(_url: string, client: SerialClient): Promise<{ status: number; code?: string; retryAfter?: string }> {
  const res = await client.request('POST', '/reset', { 'content-type': 'application/json', 'x-session-id': 'new' }, Buffer.from('{"task_id":"toy-small"}'));
  const body = JSON.parse(res.text) as { error?: { code: string } };
  return { status: res.status, ...(body.error ? { code: body.error.code } : {}), ...(res.headers['retry-after'] ? { retryAfter: String(res.headers['retry-after']) } : {}) };
}
