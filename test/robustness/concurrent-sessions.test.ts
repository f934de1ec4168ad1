import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { HttpEnvClient, WsEnvClient } from '../../src/client/index.js';
import type { EnvLike } from '../../src/contracts/index.js';
import { recordTrajectory, replay } from '../contract/trajectories.js';
import { startServer, type TestServer, testRegistry } from '../helpers/server.js';

/** 200 sessions (half HTTP, half WebSocket) run interleaved against one server; each must equal its solo run. */
const SESSIONS = 200;
const MAX_STEPS = 8;
const registry = testRegistry();

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ registry });
});
afterAll(async () => {
  await server.close();
});

describe('concurrent sessions', () => {
  it(`${SESSIONS} interleaved sessions reproduce their solo trajectories exactly`, async () => {
    const ids = registry.ids();
    const solo = Array.from({ length: SESSIONS }, (_, i) => recordTrajectory(registry, ids[i % ids.length]!, 1000 + i, MAX_STEPS));
    const clients: EnvLike[] = await Promise.all(
      solo.map((_, i) => (i % 2 === 0 ? Promise.resolve(new HttpEnvClient({ baseUrl: server.url })) : WsEnvClient.connect({ baseUrl: server.url }))),
    );
    expect(server.app.firedrill.store.count('ws')).toBe(SESSIONS / 2);
    const replays = await Promise.all(solo.map((trajectory, i) => replay(clients[i]!, trajectory)));
    expect(server.app.firedrill.store.count('http')).toBe(SESSIONS / 2);
    const mismatches = replays.filter((r, i) => r.results.join('\n') !== solo[i]!.results.join('\n') || r.states.join('\n') !== solo[i]!.states.join('\n'));
    expect(mismatches.map((m) => `${m.taskId}/${m.seed}`)).toEqual([]);
    expect(solo.reduce((n, t) => n + t.actions.length, 0)).toBeGreaterThan(SESSIONS * 2);
    await Promise.all(clients.map((c) => c.close()));
    expect(server.app.firedrill.store.size).toBe(0);
  });
});
