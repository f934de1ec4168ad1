import { describe, expect, it } from 'vitest';

import { NATIVE_ACTION_TYPES, NATIVE_ACTIONS } from '../contracts/index.js';
import { createTaskRegistry } from '../env/tasks.js';
import { toolsOf } from './tools.js';

describe('toolsOf', () => {
  it('gives a native task one tool per action, with its JSON Schema minus action_type and the dialect marker', () => {
    const tools = toolsOf(createTaskRegistry().get('checkout-errors-v1'));
    expect(tools.map((t) => t.name)).toEqual(NATIVE_ACTION_TYPES);
    const readLogs = tools.find((t) => t.name === 'read_logs')!;
    expect(readLogs.description).toBe(NATIVE_ACTIONS.read_logs.description);
    expect(readLogs.input_schema).toMatchObject({ type: 'object', required: ['service'], additionalProperties: false });
    expect(Object.keys(readLogs.input_schema['properties'] as object)).toEqual(['service', 'contains', 'level', 'limit']);
    expect(readLogs.input_schema['$schema']).toBeUndefined();
    expect(readLogs.toAction({ service: 'api' })).toEqual({ action_type: 'read_logs', service: 'api' });
  });
});
