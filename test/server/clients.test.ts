import { afterEach, describe, expect, it } from 'vitest';

import { HttpEnvClient, WsEnvClient } from '../../src/client/index.js';
import { FiredrillError } from '../../src/contracts/index.js';
import type { AppDeps } from '../../src/server/index.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function serve(deps: Partial<AppDeps> = {}): Promise<TestServer> {
  server = await startServer(deps);
  return server;
}

async function errorOf(promise: Promise<unknown>): Promise<[string, string]> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof FiredrillError) return [err.code, err.message];
    throw err;
  }
  throw new Error('resolved');
}

describe('HttpEnvClient', () => {
  it('opens a private session on reset, keeps it, and frees it on close', async () => {
    const { url, app } = await serve();
    const a = new HttpEnvClient({ baseUrl: url });
    const b = new HttpEnvClient({ baseUrl: url });
    await a.reset({ task_id: 'toy-small', seed: 1 });
    await b.reset({ task_id: 'toy-large', seed: 2 });
    expect(a.session).not.toBe(b.session);
    await a.step({ action_type: 'wait', minutes: 1 });
    expect(await a.state()).toMatchObject({ task_id: 'toy-small', step_count: 1 });
    expect(await b.state()).toMatchObject({ task_id: 'toy-large', step_count: 0 });
    await a.reset({ task_id: 'toy-small', seed: 3 });
    expect(app.firedrill.store.count('http')).toBe(2);
    await a.close();
    expect(app.firedrill.store.count('http')).toBe(1);
    await b.close();
    expect(app.firedrill.store.count('http')).toBe(0);
  });

  it('turns error bodies into FiredrillErrors with the server\'s code and message', async () => {
    const { url } = await serve();
    const client = new HttpEnvClient({ baseUrl: url, session: '6f1c1e9e-0000-4000-8000-000000000000' });
    expect(await errorOf(client.state())).toEqual(['SESSION_NOT_FOUND', "Session '6f1c1e9e-0000-4000-8000-000000000000' does not exist. Call POST /reset with X-Session-ID: new to start a session."]);
    const shared = new HttpEnvClient({ baseUrl: url, session: 'default' });
    expect((await errorOf(shared.step({ action_type: 'wait', minutes: 1 })))[0]).toBe('RESET_NEEDED');
    await shared.reset({ task_id: 'toy-small' });
    expect((await errorOf(shared.step({ action_type: 'nope' })))[0]).toBe('VALIDATION_ERROR');
    expect((await errorOf(shared.report()))[0]).toBe('EPISODE_RUNNING');
    const end = await shared.step({ action_type: 'resolve' });
    expect(await shared.report()).toEqual(end.metadata['grade_report']);
  });

  it('sends the bearer token', async () => {
    const { url } = await serve({ apiKey: 'k' });
    expect((await errorOf(new HttpEnvClient({ baseUrl: url }).reset()))[0]).toBe('UNAUTHORIZED');
    expect((await new HttpEnvClient({ baseUrl: url, apiKey: 'k' }).reset()).done).toBe(false);
  });
});

describe('WsEnvClient', () => {
  it('turns error frames into FiredrillErrors with the catalogue code', async () => {
    const { url } = await serve();
    const client = await WsEnvClient.connect({ baseUrl: url });
    expect(await errorOf(client.step({ action_type: 'wait', minutes: 1 }))).toEqual(['RESET_NEEDED', 'No episode is running; call reset first.']);
    await client.reset({ task_id: 'toy-small' });
    expect((await errorOf(client.step({ action_type: 'wait', minutes: 0 })))[0]).toBe('VALIDATION_ERROR');
    expect(await client.mcp('tools/list')).toMatchObject({ jsonrpc: '2.0', id: 1 });
    await client.close();
    expect((await errorOf(client.state()))[0]).toBe('SESSION_NOT_FOUND');
  });

  it('reports CAPACITY_REACHED when the server refuses the connection', async () => {
    const { url } = await serve({ sessions: { maxSessions: 1 } });
    const first = await WsEnvClient.connect({ baseUrl: url });
    const second = await WsEnvClient.connect({ baseUrl: url });
    expect((await errorOf(second.reset()))[0]).toBe('CAPACITY_REACHED');
    await first.close();
  });
});
