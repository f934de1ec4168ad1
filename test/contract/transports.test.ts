import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { HttpEnvClient, WsEnvClient } from '../../src/client/index.js';
import type { EnvLike } from '../../src/contracts/index.js';
import { LocalEnv } from '../helpers/local-env.js';
import { startServer, type TestServer, testRegistry } from '../helpers/server.js';
import { recordTrajectory, replay, type Trajectory } from './trajectories.js';

/**
 * The transport contract: every task in the registry, the same seeded trajectories in process, over HTTP and
 * over WebSocket against a listening server give identical observations, rewards, metadata and state.
 */
const registry = testRegistry();
const SEEDS = [0, 1, 7];
const MAX_STEPS = 30;

const transports: Record<string, (server: TestServer) => Promise<EnvLike>> = {
  'in process': async () => new LocalEnv(registry),
  http: async (server) => new HttpEnvClient({ baseUrl: server.url }),
  websocket: async (server) => WsEnvClient.connect({ baseUrl: server.url }),
};

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ registry });
});
afterAll(async () => {
  await server.close();
});

describe.each(registry.ids())('task %s', (taskId) => {
  const trajectories: Trajectory[] = SEEDS.map((seed) => recordTrajectory(registry, taskId, seed, MAX_STEPS));

  it('has trajectories that take steps and differ by seed where the task is seeded', () => {
    expect(trajectories.every((t) => t.actions.length > 0)).toBe(true);
    // sre-incident-response's seed only picks one of at most two fixed variants.
    if (registry.get(taskId).info.source !== 'sre-incident-response') expect(new Set(trajectories.map((t) => t.results[0])).size).toBe(SEEDS.length);
  });

  it.each(Object.keys(transports))('replays identically %s', async (name) => {
    const client = await transports[name]!(server);
    try {
      for (const trajectory of trajectories) {
        const replayed = await replay(client, trajectory);
        expect(replayed.results).toEqual(trajectory.results);
        expect(replayed.states).toEqual(trajectory.states);
      }
    } finally {
      await client.close();
    }
  });
});
