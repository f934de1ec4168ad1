import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

/**
 * - `draft-2020-12`: what /schema publishes for actions, observations and state.
 * - `draft-7`: tool arguments, exactly as the MCP SDK lists them in tools/list.
 * - `openapi-3.0`: route documentation in /openapi.json.
 */
export type JsonSchemaTarget = 'draft-2020-12' | 'draft-7' | 'openapi-3.0';

const caches: Record<Exclude<JsonSchemaTarget, 'openapi-3.0'>, WeakMap<z.ZodType, JsonSchema>> = {
  'draft-2020-12': new WeakMap(),
  'draft-7': new WeakMap(),
};

/**
 * The JSON Schema of what a client sends (zod's input side). Computed once per zod schema and target, except for
 * OpenAPI, where each route gets its own copy (the API documentation plugin owns and may annotate it).
 */
export function jsonSchemaOf(schema: z.ZodType, target: JsonSchemaTarget = 'draft-2020-12'): JsonSchema {
  if (target === 'openapi-3.0') return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target }) as JsonSchema;
  const cache = caches[target];
  let out = cache.get(schema);
  if (!out) {
    out = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target }) as JsonSchema;
    cache.set(schema, out);
  }
  return out;
}

/** The schema without its `$schema` dialect marker, which tool APIs (OpenAI, Anthropic, OpenEnv) do not expect. */
export function withoutDialect(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, ...rest } = schema;
  return rest;
}
