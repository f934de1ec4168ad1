import { createDefaultRegistry } from '../../src/cli/default-registry.js';
import type { TaskRegistry } from '../../src/env/registry.js';
import { type AppDeps, createApp, type FiredrillApp, listen } from '../../src/server/index.js';
import { registerToyTasks } from '../fixtures/toy-incident.js';

export interface TestServer {
  app: FiredrillApp;
  url: string;
  wsUrl: string;
  close(): Promise<void>;
}

/** Every built-in task plus the fixture tasks, so suites cover real tasks as they land. */
export function testRegistry(): TaskRegistry {
  return registerToyTasks(createDefaultRegistry());
}

/** A real server on a loopback port. */
export async function startServer(deps: Partial<AppDeps> = {}): Promise<TestServer> {
  const app = createApp({ registry: testRegistry(), ...deps });
  const running = await listen(app, { host: '127.0.0.1', port: 0 });
  return { app, url: running.url, wsUrl: `${running.url.replace('http', 'ws')}/ws`, close: running.close };
}
