import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startServer, type TestServer } from '../helpers/server.js';
import { goodClient, loop, SerialClient, throughputRatio } from '../helpers/load.js';
import { DEFAULT_LIMITS } from '../../src/server/options.js';
import { MAX_JSON_NODES } from '../../src/server/json-body.js';

/**
 * Four clients sending the heaviest body the parser accepts (at the body limit, at the value cap) must leave
 * good clients stepping at ≥ 70% of their throughput alone.
 */
const GOOD_CLIENTS = 2;
const HEAVY_CLIENTS = 4;

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

/** A /step body of exactly the body limit holding just under the value cap: parsed in full, then refused with 422. */
export function heaviestBody(limit: number): Buffer {
  const values = MAX_JSON_NODES - 4;
  const each = Math.floor((limit - 64) / values) - 3;
  const text = JSON.stringify({ action: { junk: Array.from({ length: values }, (_, i) => `${i}`.padEnd(each, 'x')) } });
  const padded = text.replace(/}}$/, `,"pad":"${'p'.repeat(Math.max(0, limit - Buffer.byteLength(text) - 10))}"}}`);
  return Buffer.from(padded);
}

describe('parsing cost is bounded', () => {
  it('the heaviest accepted body is parsed and refused with 422', async () => {
    const body = heaviestBody(DEFAULT_LIMITS.bodyBytes);
    expect(body.length).toBeLessThanOrEqual(DEFAULT_LIMITS.bodyBytes);
    expect(body.length).toBeGreaterThan(DEFAULT_LIMITS.bodyBytes - 64);
    const client = new SerialClient(server.url);
    await client.request('POST', '/reset', { 'content-type': 'application/json' }, Buffer.from('{"task_id":"toy-small"}'));
    const res = await client.request('POST', '/step', { 'content-type': 'application/json' }, body);
    expect(res.status).toBe(422);
    const over = await client.request('POST', '/step', { 'content-type': 'application/json' }, Buffer.concat([body, Buffer.alloc(DEFAULT_LIMITS.bodyBytes, 0x20)]));
    expect(over.status).toBe(413);
    expect(JSON.parse(over.text).error.code).toBe('PAYLOAD_TOO_LARGE');
    client.close();
  });

  it(`${HEAVY_CLIENTS} clients sending the heaviest body keep good clients at ≥ 70% of their throughput`, async () => {
    const heavy = heaviestBody(DEFAULT_LIMITS.bodyBytes);
    const goods = await Promise.all(Array.from({ length: GOOD_CLIENTS }, () => goodClient(server.url)));
    // Each attacker is its own client (its own loopback address); the good clients share 127.0.0.1.
    const attackers = Array.from({ length: HEAVY_CLIENTS }, (_, i) => new SerialClient(server.url, `127.0.0.${i + 2}`));
    const result = await throughputRatio({
      rounds: 7,
      phaseMs: 500,
      goodRun: (stop) => goods.map((g) => loop(g.step, stop)),
      attackRun: (stop) => attackers.map((a) => loop(() => a.request('POST', '/step', { 'content-type': 'application/json' }, heavy), stop)),
    });
    console.log('heaviest-body flood', JSON.stringify(result));
    expect(result.attacks.every((n) => n > 0)).toBe(true);
    expect(result.ratio).toBeGreaterThanOrEqual(0.7);
    for (const c of [...goods.map((g) => g.client), ...attackers]) c.close();
  }, 30_000);
});
