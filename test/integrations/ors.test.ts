import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

/** Server-sent events of a response body: [event, data] pairs. */
function events(text: string): [string, string][] {
  return text
    .split(/\r?\n\r?\n/)
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split(/\r?\n/);
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? '';
      const data = lines.find((l) => l.startsWith('data: '))?.slice(6) ?? '';
      return [event, data];
    });
}

async function call(method: string, path: string, sid: string | null, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = {};
  if (sid) headers['x-session-id'] = sid;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${server.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

describe('ORS/OpenReward session routes, as the openreward client calls them', () => {
  it('creates a session by split and index, serves the prompt and tools, and steps through /call with rewards', async () => {
    const created = events(await (await call('POST', '/create_session', null)).text());
    expect(created[0]![0]).toBe('task_id');
    const sid = created[0]![1];
    expect((await call('POST', '/create', sid, { split: 'test', index: 0 })).status).toBe(200);
    expect((await call('POST', '/create', sid, { split: 'test', index: 0 })).status).toBe(400);

    const prompt = (await (await call('GET', '/firedrill/prompt', sid)).json()) as { type: string; text: string }[];
    expect(prompt[0]!.type).toBe('text');
    expect(prompt[0]!.text.length).toBeGreaterThan(50);

    const tools = (await (await call('GET', '/firedrill/task_tools', sid)).json()) as { tools: { name: string; input_schema: object }[] };
    expect(tools.tools.map((t) => t.name)).toContain('read_logs');

    const res = await call('POST', '/firedrill/call', sid, { name: 'list_services', input: {} });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const stream = events(await res.text());
    expect(stream.map(([e]) => e)).toEqual(['task_id', 'end']);
    const out = JSON.parse(stream[1]![1]) as { ok: boolean; output: { blocks: { type: string; text: string }[]; reward: number; finished: boolean } };
    expect(out.ok).toBe(true);
    expect(out.output.finished).toBe(false);
    expect(typeof out.output.reward).toBe('number');
    expect(out.output.blocks[0]!.type).toBe('text');

    const bad = JSON.parse(events(await (await call('POST', '/firedrill/call', sid, { name: 'read_logs', input: { service: 42 } })).text())[1]![1]) as { ok: boolean; error: string };
    expect(bad.ok).toBe(false);
    expect(bad.error).toContain('service');
    const unknown = JSON.parse(events(await (await call('POST', '/firedrill/call', sid, { name: 'reboot_everything', input: {} })).text())[1]![1]) as { ok: boolean };
    expect(unknown.ok).toBe(false);

    const resolved = JSON.parse(events(await (await call('POST', '/firedrill/call', sid, { name: 'resolve', input: {} })).text())[1]![1]) as { output: { finished: boolean; reward: number } };
    expect(resolved.output.finished).toBe(true);

    expect((await call('POST', '/delete', sid)).status).toBe(200);
    expect((await call('GET', '/firedrill/prompt', sid)).status).toBe(404);
  });

  it('accepts a task spec from the Task API and refuses calls without a session', async () => {
    const spec = ((await (await call('POST', '/firedrill/task', null, { split: 'train', index: 5 })).json()) as { task: object }).task;
    expect((await call('POST', '/create', 'sid-spec-1', { task_spec: spec, env_name: 'firedrill' })).status).toBe(200);
    const state = await call('POST', '/firedrill/call', 'sid-spec-1', { name: 'list_services', input: {} });
    expect(state.status).toBe(200);
    expect((await call('POST', '/firedrill/call', null, { name: 'list_services', input: {} })).status).toBe(400);
    expect((await call('POST', '/create', 'sid-spec-2', { split: 'train' })).status).toBe(422);
    expect((await call('GET', '/otherenv/tools', null)).status).toBe(404);
    const listed = (await (await call('GET', '/firedrill/tools', null)).json()) as { tools: unknown[] };
    expect(listed.tools).toHaveLength(17);
  });
});
