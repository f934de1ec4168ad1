import { z } from 'zod';
import { describe, expect, it } from 'vitest';

import { NATIVE_ACTION_TYPES, NATIVE_ACTIONS, NativeActionSchema } from '../contracts/index.js';
import { deriveTools, GENERIC_TOOL_NAME } from './tools.js';

describe('deriveTools', () => {
  it('makes one tool per native action, named after its action_type, without action_type in the input', () => {
    const tools = deriveTools(NativeActionSchema);
    expect(tools.map((t) => t.name)).toEqual(NATIVE_ACTION_TYPES);
    const readLogs = tools.find((t) => t.name === 'read_logs')!;
    expect(readLogs.description).toBe(NATIVE_ACTIONS.read_logs.description);
    expect(readLogs.input_schema).toMatchObject({ type: 'object', required: ['service'], additionalProperties: false });
    expect(Object.keys(readLogs.input_schema['properties'] as object)).toEqual(['service', 'contains', 'level', 'limit']);
    expect(readLogs.input_schema['$schema']).toBeUndefined();
    expect(readLogs.toAction({ service: 'api' })).toEqual({ service: 'api', action_type: 'read_logs' });
  });

  it('never exposes reset, step, state or close as tools', () => {
    const schema = z.discriminatedUnion('action_type', [
      z.strictObject({ action_type: z.literal('reset') }),
      z.strictObject({ action_type: z.literal('close') }),
      z.strictObject({ action_type: z.literal('look') }),
    ]);
    expect(deriveTools(schema).map((t) => t.name)).toEqual(['look']);
  });

  it('falls back to one generic tool for actions not discriminated by action_type', () => {
    const schema = z.strictObject({ move: z.enum(['up', 'down']) });
    const tools = deriveTools(schema);
    expect(tools.map((t) => t.name)).toEqual([GENERIC_TOOL_NAME]);
    expect(tools[0]!.toAction({ move: 'up' })).toEqual({ move: 'up' });
  });
});
