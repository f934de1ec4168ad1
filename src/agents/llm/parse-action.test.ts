import { describe, expect, it } from 'vitest';

import { actionFromText, extractJsonObject } from './parse-action.js';

describe('extractJsonObject', () => {
  it('reads a fenced block, a bare object, or the first balanced object in prose', () => {
    expect(extractJsonObject('```json\n{"action_type": "list_services"}\n```')).toEqual({ action_type: 'list_services' });
    expect(extractJsonObject(' {"a": 1} ')).toEqual({ a: 1 });
    expect(extractJsonObject('I will do {"action_type": "read_logs", "service": "db {primary}"} now.')).toEqual({ action_type: 'read_logs', service: 'db {primary}' });
    expect(extractJsonObject('first {not json} then {"ok": true}')).toEqual({ ok: true });
  });

  it('returns null when there is no object', () => {
    expect(extractJsonObject('no action here')).toBeNull();
    expect(extractJsonObject('[1, 2]')).toBeNull();
    expect(extractJsonObject('{"unterminated": ')).toBeNull();
  });
});

describe('actionFromText', () => {
  it('accepts a tool-call shaped reply', () => {
    expect(actionFromText('{"name": "read_logs", "arguments": {"service": "db"}}', true)).toEqual({ action_type: 'read_logs', service: 'db' });
    expect(actionFromText('{"name": "act", "arguments": {"action_type": "noop", "value": ""}}', false)).toEqual({ action_type: 'noop', value: '' });
    expect(actionFromText('{"action_type": "resolve"}', true)).toEqual({ action_type: 'resolve' });
  });
});
