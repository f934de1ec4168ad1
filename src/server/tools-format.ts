import { z } from 'zod';

import type { JsonSchema } from './action-tools.js';

export const TOOL_FORMATS = ['openai', 'anthropic', 'mcp'] as const;
export const ToolFormatSchema = z.enum(TOOL_FORMATS);
export type ToolFormat = z.infer<typeof ToolFormatSchema>;

/** A tool independent of any provider: what the three formats are written from. */
export interface ToolSpec {
  name: string;
  description: string;
  /** JSON Schema of the arguments (an object schema). */
  inputSchema: JsonSchema;
}

/** OpenAI Chat Completions `tools[]` entry. */
export interface OpenAiTool {
  type: 'function';
  function: { name: string; description: string; parameters: JsonSchema };
}

/** Anthropic Messages API `tools[]` entry. */
export interface AnthropicTool {
  name: string;
  description: string;
  input_schema: JsonSchema;
}

/** MCP `tools/list` entry. */
export interface McpTool {
  name: string;
  description: string;
  inputSchema: JsonSchema;
}

export type FormattedTool<F extends ToolFormat> = F extends 'openai' ? OpenAiTool : F extends 'anthropic' ? AnthropicTool : McpTool;

/**
 * Tool definitions in a provider's format. MCP gets the schema exactly as the MCP server lists it;
 * OpenAI and Anthropic get it without the `$schema` dialect marker, which their APIs do not expect.
 */
export function formatTools<F extends ToolFormat>(tools: readonly ToolSpec[], format: F): FormattedTool<F>[] {
  return tools.map((tool) => formatTool(tool, format));
}

function formatTool<F extends ToolFormat>(tool: ToolSpec, format: F): FormattedTool<F> {
  switch (format) {
    case 'openai':
      return { type: 'function', function: { name: tool.name, description: tool.description, parameters: withoutDialect(tool.inputSchema) } } as FormattedTool<F>;
    case 'anthropic':
      return { name: tool.name, description: tool.description, input_schema: withoutDialect(tool.inputSchema) } as FormattedTool<F>;
    default:
      return { name: tool.name, description: tool.description, inputSchema: tool.inputSchema } as FormattedTool<F>;
  }
}

function withoutDialect(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, ...rest } = schema;
  return rest;
}
