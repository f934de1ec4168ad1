import { describe, expect, it } from 'vitest';

import { DIAGNOSE_RULE, formatTools, NATIVE_ACTION_TYPES } from '../../contracts/index.js';
import { actionFromToolCall, actToolSpec, nativeToolSpecs, toolCallForAction } from './tools.js';

describe('tool definitions', () => {
  it('has one tool per native action, without action_type in the parameters', () => {
    const specs = nativeToolSpecs();
    expect(specs.map((s) => s.name)).toEqual(NATIVE_ACTION_TYPES);
    for (const s of specs) {
      expect(s.inputSchema['type']).toBe('object');
      expect(s.inputSchema).not.toHaveProperty('$schema');
      expect(Object.keys(s.inputSchema['properties'] as object)).not.toContain('action_type');
      expect(s.inputSchema['required'] ?? []).not.toContain('action_type');
    }
    const diagnose = specs.find((s) => s.name === 'diagnose');
    expect(diagnose?.description).toBe(`Root-cause claim: this service has this fault. Every claim counts; wrong claims cost. ${DIAGNOSE_RULE}`);
    expect(diagnose?.inputSchema['required']).toEqual(['service', 'fault']);
  });

  it('keeps only the names asked for, in their order, and ignores unknown names', () => {
    expect(nativeToolSpecs(['resolve', 'read_logs', 'not_an_action']).map((s) => s.name)).toEqual(['resolve', 'read_logs']);
  });

  it('gives the OpenAI and Anthropic shapes', () => {
    const [spec] = nativeToolSpecs(['wait']);
    expect(formatTools([spec!], 'openai')[0]).toEqual({ type: 'function', function: { name: 'wait', description: 'Let simulated time pass.', parameters: spec!.inputSchema } });
    expect(formatTools([spec!], 'anthropic')[0]).toEqual({ name: 'wait', description: 'Let simulated time pass.', input_schema: spec!.inputSchema });
  });

  it('maps tool calls to actions and back', () => {
    expect(actionFromToolCall('read_logs', { service: 'db' })).toEqual({ action_type: 'read_logs', service: 'db' });
    expect(actionFromToolCall('act', { action_type: 'noop', value: '' })).toEqual({ action_type: 'noop', value: '' });
    expect(toolCallForAction({ action_type: 'read_logs', service: 'db' }, true)).toEqual({ name: 'read_logs', args: { service: 'db' } });
    expect(toolCallForAction({ action_type: 'noop', value: '' }, false)).toEqual({ name: 'act', args: { action_type: 'noop', value: '' } });
  });

  it('makes the act tool an object schema even for a union of actions', () => {
    expect(actToolSpec({ $schema: 'x', anyOf: [{ type: 'object' }] }).inputSchema).toEqual({ anyOf: [{ type: 'object' }], type: 'object' });
    expect(actToolSpec().inputSchema).toEqual({ type: 'object', description: 'The action object.', additionalProperties: true });
  });
});
