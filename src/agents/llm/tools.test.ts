import { describe, expect, it } from 'vitest';

import { DIAGNOSE_RULE, NATIVE_ACTION_TYPES } from '../../contracts/index.js';
import { actionFromToolCall, actToolSpec, nativeToolSpecs, toAnthropicTool, toolCallForAction, toOpenAiTool } from './tools.js';

describe('tool definitions', () => {
  it('has one tool per native action, without action_type in the parameters', () => {
    const specs = nativeToolSpecs();
    expect(specs.map((s) => s.name)).toEqual(NATIVE_ACTION_TYPES);
    for (const s of specs) {
      expect(s.parameters['type']).toBe('object');
      expect(s.parameters).not.toHaveProperty('$schema');
      expect(Object.keys(s.parameters['properties'] as object)).not.toContain('action_type');
      expect(s.parameters['required'] ?? []).not.toContain('action_type');
    }
    const diagnose = specs.find((s) => s.name === 'diagnose');
    expect(diagnose?.description).toBe(`Root-cause claim: this service has this fault. Every claim counts; wrong claims cost. ${DIAGNOSE_RULE}`);
    expect(diagnose?.parameters['required']).toEqual(['service', 'fault']);
  });

  it('keeps only the names asked for, in their order, and ignores unknown names', () => {
    expect(nativeToolSpecs(['resolve', 'read_logs', 'not_an_action']).map((s) => s.name)).toEqual(['resolve', 'read_logs']);
  });

  it('gives the OpenAI and Anthropic shapes', () => {
    const [spec] = nativeToolSpecs(['wait']);
    expect(toOpenAiTool(spec!)).toEqual({ type: 'function', function: { name: 'wait', description: 'Let simulated time pass.', parameters: spec!.parameters } });
    expect(toAnthropicTool(spec!)).toEqual({ name: 'wait', description: 'Let simulated time pass.', input_schema: spec!.parameters });
  });

  it('maps tool calls to actions and back', () => {
    expect(actionFromToolCall('read_logs', { service: 'db' })).toEqual({ action_type: 'read_logs', service: 'db' });
    expect(actionFromToolCall('act', { action_type: 'noop', value: '' })).toEqual({ action_type: 'noop', value: '' });
    expect(toolCallForAction({ action_type: 'read_logs', service: 'db' }, true)).toEqual({ name: 'read_logs', args: { service: 'db' } });
    expect(toolCallForAction({ action_type: 'noop', value: '' }, false)).toEqual({ name: 'act', args: { action_type: 'noop', value: '' } });
  });

  it('makes the act tool an object schema even for a union of actions', () => {
    expect(actToolSpec({ $schema: 'x', anyOf: [{ type: 'object' }] }).parameters).toEqual({ anyOf: [{ type: 'object' }], type: 'object' });
    expect(actToolSpec().parameters).toEqual({ type: 'object', description: 'The action object.', additionalProperties: true });
  });
});
