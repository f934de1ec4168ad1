import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

const cache = new WeakMap<z.ZodType, JsonSchema>();

/** JSON Schema (draft 2020-12) of what a client sends or receives; computed once per zod schema. */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  let out = cache.get(schema);
  if (!out) {
    out = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    cache.set(schema, out);
  }
  return out;
}

/** The same, as OpenAPI 3.0 wants it (for route documentation in /openapi.json). */
export function openApiSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' }) as JsonSchema;
}
