import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { NATIVE_ACTION_TYPES, NATIVE_ACTIONS, NativeActionSchema } from './index.js';
import { GENERIC_TOOL_NAME, actionToolsOf, formatTools, inputJsonSchemaOf, toolSpecOf } from './tools.js';

describe('actionToolsOf', () => {
  it('makes one tool per native action whose call maps back to the action', () => {
    const tools = actionToolsOf(NativeActionSchema);
    expect(tools.map((t) => t.name)).toEqual(NATIVE_ACTION_TYPES);
    const readLogs = tools.find((t) => t.name === 'read_logs');
    expect(readLogs?.toAction({ service: 'api', limit: 3 })).toEqual({ action_type: 'read_logs', service: 'api', limit: 3 });
    expect(readLogs?.input.safeParse({ service: 'api', action_type: 'read_logs' }).success).toBe(false);
    expect(actionToolsOf(NativeActionSchema)).toBe(tools);
  });

  it('never turns a reserved OpenEnv name into a tool', () => {
    const schema = z.discriminatedUnion('action_type', [
      z.strictObject({ action_type: z.literal('reset') }),
      z.strictObject({ action_type: z.literal('probe'), target: z.string() }).describe('Probe a target.'),
    ]);
    expect(actionToolsOf(schema).map((t) => [t.name, t.description])).toEqual([['probe', 'Probe a target.']]);
  });

  it('falls back to one generic tool taking the whole action when action_type is not a literal', () => {
    const schema = z.object({ action_type: z.string(), value: z.string() }).describe('Free-text action.');
    const [tool, ...rest] = actionToolsOf(schema);
    expect(rest).toEqual([]);
    expect(tool?.name).toBe(GENERIC_TOOL_NAME);
    expect(tool?.description).toBe('Free-text action.');
    expect(tool?.toAction({ action_type: 'noop', value: '' })).toEqual({ action_type: 'noop', value: '' });
    expect(tool && inputJsonSchemaOf(tool)).toEqual({
      $schema: 'http://json-schema.org/draft-07/schema#',
      description: 'Free-text action.',
      type: 'object',
      properties: { action_type: { type: 'string' }, value: { type: 'string' } },
      required: ['action_type', 'value'],
    });
  });
});

describe('toolSpecOf and the OpenEnv listing', () => {
  it('lists a native action with its JSON Schema minus action_type and, in the listing, minus the dialect marker', () => {
    const specs = actionToolsOf(NativeActionSchema).map(toolSpecOf);
    const readLogs = specs.find((t) => t.name === 'read_logs')!;
    expect(readLogs.description).toBe(NATIVE_ACTIONS.read_logs.description);
    expect(readLogs.inputSchema['$schema']).toBe('http://json-schema.org/draft-07/schema#');
    const [listed] = formatTools([readLogs], 'anthropic');
    expect(listed?.input_schema).toMatchObject({ type: 'object', required: ['service'], additionalProperties: false });
    expect(Object.keys(listed?.input_schema['properties'] as object)).toEqual(['service', 'contains', 'level', 'limit']);
    expect(listed?.input_schema['$schema']).toBeUndefined();
  });
});
