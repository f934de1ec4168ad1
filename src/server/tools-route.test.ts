import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ToolSchema } from '@modelcontextprotocol/sdk/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import Fastify from 'fastify';
import type { ChatCompletionFunctionTool } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { type AnthropicTool, formatTools, type McpTool, NATIVE_ACTION_TYPES } from '../contracts/index.js';
import { createTaskRegistry } from '../env/tasks.js';
import { createEpisodeMcpServer } from './mcp/episode-server.js';
import { registerToolsRoute, toolSpecsFor } from './tools-route.js';

const registry = createTaskRegistry();
const specs = toolSpecsFor(registry);

/** Tool names every provider accepts (Anthropic's rule; OpenAI's is the same set). */
const ProviderName = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/);

/** A JSON Schema for an object of named arguments, as the providers require at the top level. */
const ObjectJsonSchema = z.looseObject({
  type: z.literal('object'),
  properties: z.record(z.string(), z.record(z.string(), z.unknown())),
  required: z.array(z.string()).optional(),
  additionalProperties: z.literal(false),
});
const WithoutDialect = ObjectJsonSchema.refine((s) => !('$schema' in s), 'no $schema marker');

// The documented request shapes: OpenAI Chat Completions tools[], Anthropic Messages tools[], MCP tools/list.
const OpenAiToolShape = z.strictObject({
  type: z.literal('function'),
  function: z.strictObject({ name: ProviderName, description: z.string().min(1), parameters: WithoutDialect }),
});
const AnthropicToolShape = z.strictObject({ name: ProviderName, description: z.string().min(1), input_schema: WithoutDialect });
const McpToolShape = z.strictObject({ name: ProviderName, description: z.string().min(1), inputSchema: ObjectJsonSchema });

const validators = new AjvJsonSchemaValidator();

describe('formatTools', () => {
  it('writes OpenAI function tools of the documented shape (and of the openai SDK type)', () => {
    const tools: ChatCompletionFunctionTool[] = formatTools(specs, 'openai');
    expect(tools.map((t) => t.function.name)).toEqual(NATIVE_ACTION_TYPES);
    for (const tool of tools) expect(OpenAiToolShape.safeParse(tool).error).toBeUndefined();
  });

  it('writes Anthropic tools of the documented shape', () => {
    const tools: AnthropicTool[] = formatTools(specs, 'anthropic');
    expect(tools.map((t) => t.name)).toEqual(NATIVE_ACTION_TYPES);
    for (const tool of tools) expect(AnthropicToolShape.safeParse(tool).error).toBeUndefined();
  });

  it('writes MCP tools that the SDK schema accepts and that equal what the MCP server lists', async () => {
    const tools: McpTool[] = formatTools(specs, 'mcp');
    for (const tool of tools) {
      expect(McpToolShape.safeParse(tool).error).toBeUndefined();
      expect(ToolSchema.safeParse(tool).error).toBeUndefined();
    }
    const episode = createEpisodeMcpServer({ registry, task: 'mobile-login-outage-v1' });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await episode.server.connect(serverSide);
    const client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(clientSide);
    const listed = (await client.listTools()).tools.map(({ name, description, inputSchema }) => ({ name, description, inputSchema }));
    await client.close();
    expect(tools).toEqual(listed);
  });

  it('gives argument schemas that accept a valid call and reject wrong ones', () => {
    const applyFix = formatTools(specs, 'anthropic').find((t) => t.name === 'apply_fix');
    const validate = validators.getValidator(applyFix?.input_schema ?? {});
    expect(validate({ service: 'session-cache', fix: 'config_set', params: { key: 'maxmemory-policy', value: 'allkeys-lru' } }).valid).toBe(true);
    expect(validate({ service: 'session-cache' }).valid).toBe(false);
    expect(validate({ service: 'session-cache', fix: 'reboot' }).valid).toBe(false);
    expect(validate({ service: 'session-cache', fix: 'restart', action_type: 'apply_fix' }).valid).toBe(false);
  });
});

describe('GET /tools', () => {
  async function app() {
    const server = Fastify({ logger: false });
    registerToolsRoute(server, { registry });
    await server.ready();
    return server;
  }

  it('answers each format, MCP by default', async () => {
    const server = await app();
    for (const format of ['openai', 'anthropic', 'mcp'] as const) {
      const res = await server.inject({ method: 'GET', url: `/tools?format=${format}` });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ format, task_id: null, tools: JSON.parse(JSON.stringify(formatTools(specs, format))) });
    }
    const plain = await server.inject({ method: 'GET', url: '/tools' });
    expect(plain.json()).toMatchObject({ format: 'mcp', task_id: null });
    await server.close();
  });

  it('takes a task, and names the field of a bad query', async () => {
    const server = await app();
    const forTask = await server.inject({ method: 'GET', url: '/tools?format=openai&task=order-pages-slow-v1' });
    expect(forTask.json()).toEqual({ format: 'openai', task_id: 'order-pages-slow-v1', tools: JSON.parse(JSON.stringify(formatTools(specs, 'openai'))) });

    const badFormat = await server.inject({ method: 'GET', url: '/tools?format=gemini' });
    expect(badFormat.statusCode).toBe(422);
    expect(badFormat.json()).toMatchObject({ code: 'VALIDATION_ERROR', message: 'format: Invalid option: expected one of "openai"|"anthropic"|"mcp"' });
    const badTask = await server.inject({ method: 'GET', url: '/tools?task=nope' });
    expect(badTask.statusCode).toBe(404);
    expect(badTask.json()).toMatchObject({ code: 'UNKNOWN_TASK' });
    await server.close();
  });
});
