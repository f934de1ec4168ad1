import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { type CallToolResult, ResourceListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';

import { NATIVE_ACTION_TYPES, NATIVE_ACTIONS } from '../../contracts/index.js';
import { Environment } from '../../env/environment.js';
import { createTaskRegistry } from '../../env/tasks.js';
import { BRIEFING_URI, GRADE_REPORT_URI } from './briefing.js';
import { type EpisodeMcpServer, createEpisodeMcpServer } from './episode-server.js';

const TASK = 'checkout-errors-v1';
const registry = createTaskRegistry();
const open: Client[] = [];

async function connect(options: { task?: string; seed?: number } = { task: TASK, seed: 1 }): Promise<{ client: Client; episode: EpisodeMcpServer }> {
  const episode = createEpisodeMcpServer({ registry, ...options });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await episode.server.connect(serverSide);
  const client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(clientSide);
  open.push(client);
  return { client, episode };
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

function textOf(result: CallToolResult): string {
  const first = result.content[0];
  return first?.type === 'text' ? first.text : '';
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

describe('createEpisodeMcpServer', () => {
  it('lists one tool per native action, named by action_type, with the zod description and no action_type argument', async () => {
    const { client } = await connect();
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(NATIVE_ACTION_TYPES);
    for (const tool of tools) {
      expect(['reset', 'step', 'state', 'close']).not.toContain(tool.name);
      expect(tool.description).toBe(NATIVE_ACTIONS[tool.name as keyof typeof NATIVE_ACTIONS].description);
      expect(tool.inputSchema.type).toBe('object');
      expect(Object.keys(tool.inputSchema.properties ?? {})).not.toContain('action_type');
    }
    const readLogs = tools.find((t) => t.name === 'read_logs');
    expect(readLogs?.inputSchema.required).toEqual(['service']);
    expect(Object.keys(readLogs?.inputSchema.properties ?? {})).toEqual(['service', 'contains', 'level', 'limit']);
  });

  it('answers a tool call with the observation text and {observation, reward, done} exactly as a step in process', async () => {
    const { client } = await connect();
    const env = new Environment(registry);
    env.reset({ task_id: TASK, seed: 1 });
    const expected = env.step({ action_type: 'read_logs', service: 'payments-db', limit: 5 });

    const result = await call(client, 'read_logs', { service: 'payments-db', limit: 5 });
    expect(result.isError).toBeUndefined();
    expect(textOf(result)).toBe(expected.observation['text']);
    expect(result.structuredContent).toEqual({ observation: expected.observation, reward: expected.reward, done: false });
  });

  it('turns wrong arguments into tool errors that name the field, and the session goes on', async () => {
    const { client, episode } = await connect();
    const cases: [string, Record<string, unknown>, string][] = [
      ['read_logs', {}, 'service'],
      ['classify_alert', { alert_id: 'ALR-1', severity: 'P9', role: 'symptom' }, 'severity'],
      ['apply_fix', { service: 'payments-db', fix: 'scale', params: { replicas: -1 } }, 'params.replicas'],
      ['wait', { minutes: 'five' }, 'minutes'],
      ['list_services', { verbose: true }, 'verbose'],
      ['read_logs', { action_type: 'read_logs', service: 'payments-db' }, 'action_type'],
    ];
    for (const [name, args, field] of cases) {
      const result = await call(client, name, args);
      expect(result.isError, `${name} ${JSON.stringify(args)}`).toBe(true);
      expect(textOf(result)).toContain(field);
    }
    const unknown = await call(client, 'reset', {});
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toContain('Tool reset not found');
    expect(episode.env.state().step_count).toBe(0);

    const ok = await call(client, 'list_services');
    expect(ok.isError).toBeUndefined();
    expect(episode.env.state().step_count).toBe(1);
  });

  it('keeps a well-formed but wrong action a normal step whose observation says what was wrong', async () => {
    const { client } = await connect();
    const result = await call(client, 'read_logs', { service: 'no-such-service' });
    expect(result.isError).toBeUndefined();
    const observation = (result.structuredContent as { observation: { last_action: unknown } }).observation;
    expect(observation.last_action).toEqual({ action_type: 'read_logs', ok: false, error: { code: 'UNKNOWN_SERVICE', message: "No service is named 'no-such-service'. Use list_services to see the names." } });
  });

  it('serves the briefing, which names the incident but neither the task nor its cause', async () => {
    const { client, episode } = await connect();
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toEqual([BRIEFING_URI]);
    const read = await client.readResource({ uri: BRIEFING_URI });
    const content = read.contents[0];
    const text = content && 'text' in content ? content.text : '';
    expect(content?.mimeType).toBe('text/markdown');
    const incident = (episode.env.lastResult?.observation['incident'] ?? {}) as { id: string; title: string };
    expect(text).toContain(`# Incident briefing: ${incident.id} · ${incident.title}`);
    expect(text).toContain('Step budget: 40 tool calls');
    expect(text).not.toContain(TASK);
    expect(text).not.toContain(registry.get(TASK).info.name);
    expect(text).not.toMatch(/disk_full|clear_disk/);
    await expect(client.readResource({ uri: GRADE_REPORT_URI })).rejects.toThrow(/not found/);
  });

  it('offers the on-call prompt with the briefing', async () => {
    const { client } = await connect();
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(['on-call']);
    const prompt = await client.getPrompt({ name: 'on-call' });
    const message = prompt.messages[0];
    const text = message?.content.type === 'text' ? message.content.text : '';
    expect(message?.role).toBe('user');
    expect(text).toMatch(/^You are the on-call site reliability engineer/);
    expect(text).toContain('# Incident briefing:');
  });

  it('publishes the grade report when the episode ends, and refuses further steps', async () => {
    const { client, episode } = await connect();
    const listChanged = new Promise<void>((resolve) => {
      client.setNotificationHandler(ResourceListChangedNotificationSchema, () => resolve());
    });
    const end = await call(client, 'resolve', { summary: 'nothing to see' });
    expect((end.structuredContent as { done: boolean }).done).toBe(true);
    const report = episode.env.report();
    expect(textOf(end)).toContain(`The episode has ended. Score: ${report?.score}.`);
    await listChanged;
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toEqual([BRIEFING_URI, GRADE_REPORT_URI]);
    const read = await client.readResource({ uri: GRADE_REPORT_URI });
    const content = read.contents[0];
    const { seed: _seed, ...published } = report ?? { seed: null };
    expect(JSON.parse(content && 'text' in content ? content.text : '')).toEqual(published);

    const after = await call(client, 'list_services');
    expect(after.isError).toBe(true);
    expect(textOf(after)).toBe('EPISODE_DONE: The episode has ended.');
  });

  it('rejects an unknown task before any transport is involved', () => {
    expect(() => createEpisodeMcpServer({ registry, task: 'no-such-task' })).toThrow("No task has the id 'no-such-task'.");
  });
});
