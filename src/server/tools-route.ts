import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

import { actionToolsOf, formatTools, inputJsonSchemaOf, NativeActionSchema, TOOL_FORMATS, ToolFormatSchema, type ToolSpec, validationError } from '../contracts/index.js';
import type { TaskRegistry } from '../env/registry.js';

const ToolsQuerySchema = z.strictObject({
  format: ToolFormatSchema.default('mcp'),
  task: z.string().min(1).max(128).optional().describe('A task id; its actions are the tools. Default: the native actions.'),
});

export interface ToolsRouteOptions {
  registry: TaskRegistry;
}

/** The tools an agent gets for a task's actions (the native actions when no task is named). */
export function toolSpecsFor(registry: TaskRegistry, taskId?: string): ToolSpec[] {
  const schema = taskId === undefined ? NativeActionSchema : registry.get(taskId).actionSchema;
  return actionToolsOf(schema).map((tool) => ({ name: tool.name, description: tool.description, inputSchema: inputJsonSchemaOf(tool) }));
}

/**
 * `GET /tools?format=openai|anthropic|mcp[&task=ID]`: the action tools as OpenAI function tools, Anthropic
 * tools or MCP tools. Errors are thrown as FiredrillError for the host's error handler.
 */
export function registerToolsRoute(app: FastifyInstance, options: ToolsRouteOptions): void {
  app.get(
    '/tools',
    {
      schema: {
        summary: `Tool definitions of the actions, in a provider's format (format: ${TOOL_FORMATS.join(' | ')}; default mcp).`,
        tags: ['firedrill'],
        querystring: { type: 'object', properties: { format: { type: 'string' }, task: { type: 'string' } } },
      },
    },
    async (request) => {
      const parsed = ToolsQuerySchema.safeParse(request.query ?? {});
      if (!parsed.success) throw validationError(parsed.error.issues);
      const { format, task } = parsed.data;
      return { format, task_id: task ?? null, tools: formatTools(toolSpecsFor(options.registry, task), format) };
    },
  );
}
