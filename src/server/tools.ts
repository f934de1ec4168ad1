import { z } from 'zod';

import type { AnyEngine } from '../env/engine.js';
import { type JsonSchema, jsonSchemaOf } from './json-schema.js';

/** OpenEnv's control methods; they are never tools (RFC 003, RESERVED_TOOL_NAMES). */
export const RESERVED_TOOL_NAMES: ReadonlySet<string> = new Set(['reset', 'step', 'state', 'close']);

/** The one tool of a task whose actions are not discriminated by `action_type`: its input is the whole action. */
export const GENERIC_TOOL_NAME = 'act';

export interface Tool {
  name: string;
  description: string;
  input_schema: JsonSchema;
  /** The step action a call with these arguments stands for. */
  toAction(args: Record<string, unknown>): unknown;
}

const cache = new WeakMap<AnyEngine, Tool[]>();

/**
 * A task's MCP tools: one per action of its `action_type`-discriminated action schema, named after the
 * action type, whose input is the action without `action_type`.
 */
export function toolsOf(engine: AnyEngine): Tool[] {
  let tools = cache.get(engine);
  if (!tools) {
    tools = deriveTools(engine.actionSchema);
    cache.set(engine, tools);
  }
  return tools;
}

export function deriveTools(schema: z.ZodType): Tool[] {
  const options = schema instanceof z.ZodUnion ? (schema.options as z.ZodType[]) : [schema];
  const typed = options.map(actionTypeOf);
  if (typed.some((t) => t === null)) {
    return [{ name: GENERIC_TOOL_NAME, description: schema.description ?? 'Take one action.', input_schema: withoutDialect(jsonSchemaOf(schema)), toAction: (args) => args }];
  }
  return options.flatMap((option, i): Tool[] => {
    const name = typed[i]!;
    if (RESERVED_TOOL_NAMES.has(name)) return [];
    const object = option as z.ZodObject;
    return [{
      name,
      description: option.description ?? name,
      input_schema: withoutDialect(jsonSchemaOf(object.omit({ action_type: true }))),
      toAction: (args) => ({ ...args, action_type: name }),
    }];
  });
}

function actionTypeOf(option: z.ZodType): string | null {
  if (!(option instanceof z.ZodObject)) return null;
  const field: unknown = option.shape['action_type'];
  if (!(field instanceof z.ZodLiteral) || field.values.size !== 1) return null;
  const value: unknown = field.value;
  return typeof value === 'string' ? value : null;
}

/** MCP tool input schemas are plain objects without a `$schema` dialect marker. */
function withoutDialect(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, ...rest } = schema;
  return rest;
}
