/**
 * Actions as tools: one derivation from the action schemas serves OpenEnv's tool lists, the MCP server, GET /tools
 * and the LLM agent, so every surface describes the same thing.
 */
import { z } from 'zod';

import { type JsonSchema, jsonSchemaOf, withoutDialect } from './json-schema.js';

/** OpenEnv's control methods; they are never tools (RFC 003 RESERVED_TOOL_NAMES). */
export const RESERVED_TOOL_NAMES: ReadonlySet<string> = new Set(['reset', 'step', 'state', 'close']);

/** The single tool of a task whose actions are not discriminated by a literal `action_type`. */
export const GENERIC_TOOL_NAME = 'act';

/** One step action exposed as a tool: its arguments are the action without `action_type`. */
export interface ActionTool {
  name: string;
  description: string;
  /** Validates the arguments of a call. */
  input: z.ZodObject;
  /** The step action that a call with these (already validated) arguments stands for. */
  toAction(args: Record<string, unknown>): Record<string, unknown>;
}

const cache = new WeakMap<z.ZodType, ActionTool[]>();

/**
 * The tools of a task's action schema: one per option of an `action_type`-discriminated union, named after
 * the action type; or, for any other object schema, one generic tool whose arguments are the whole action.
 */
export function actionToolsOf(actionSchema: z.ZodType): ActionTool[] {
  let tools = cache.get(actionSchema);
  if (!tools) {
    tools = deriveActionTools(actionSchema);
    cache.set(actionSchema, tools);
  }
  return tools;
}

function deriveActionTools(schema: z.ZodType): ActionTool[] {
  const options = schema instanceof z.ZodUnion ? (schema.options as z.ZodType[]) : [schema];
  const types = options.map(literalActionType);
  if (types.every((t) => t !== null)) {
    return options.flatMap((option, i): ActionTool[] => {
      const name = types[i] as string;
      if (RESERVED_TOOL_NAMES.has(name)) return [];
      return [{
        name,
        description: option.description ?? name,
        input: (option as z.ZodObject).omit({ action_type: true }),
        toAction: (args) => ({ action_type: name, ...args }),
      }];
    });
  }
  if (!(schema instanceof z.ZodObject)) throw new Error('An action schema must be an object or a union of objects with a literal action_type.');
  return [{ name: GENERIC_TOOL_NAME, description: schema.description ?? 'Take one action.', input: schema, toAction: (args) => args }];
}

function literalActionType(option: z.ZodType): string | null {
  if (!(option instanceof z.ZodObject)) return null;
  const field: unknown = option.shape['action_type'];
  if (!(field instanceof z.ZodLiteral) || field.values.size !== 1) return null;
  const value: unknown = field.value;
  return typeof value === 'string' ? value : null;
}

/**
 * The JSON Schema of a tool's arguments exactly as the MCP SDK publishes it in tools/list (draft-07, input side),
 * so every format describes the same thing.
 */
export function inputJsonSchemaOf(tool: ActionTool): JsonSchema {
  return jsonSchemaOf(tool.input, 'draft-7');
}

/** A tool's JSON description, from which every provider format is written. */
export function toolSpecOf(tool: ActionTool): ToolSpec {
  return { name: tool.name, description: tool.description, inputSchema: inputJsonSchemaOf(tool) };
}

export const TOOL_FORMATS = ['openai', 'anthropic', 'mcp'] as const;
export const ToolFormatSchema = z.enum(TOOL_FORMATS);
export type ToolFormat = z.infer<typeof ToolFormatSchema>;

/** A tool as JSON, independent of any provider: what the three formats are written from. */
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
