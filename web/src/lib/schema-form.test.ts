import { describe, expect, it } from 'vitest';

import { NATIVE_ACTION_TYPES, NativeActionSchema } from '../../../src/contracts/index.js';
import { jsonSchemaOf } from '../../../src/contracts/json-schema.js';
import { actionForms, buildAction, emptyValues, type JsonSchema, labelOf, validate } from './schema-form.js';

const native = jsonSchemaOf(NativeActionSchema);

function variantOf(type: string) {
  const forms = actionForms(native);
  const v = forms.variants.find((x) => x.type === type);
  if (!v) throw new Error(`no variant ${type}`);
  return { forms, v };
}

describe('action forms from the native action schema', () => {
  it('has one variant per action type, told apart by action_type', () => {
    const forms = actionForms(native);
    expect(forms.discriminator).toBe('action_type');
    expect(forms.variants.map((v) => v.type)).toEqual(NATIVE_ACTION_TYPES);
    expect(forms.variants.find((v) => v.type === 'list_services')?.fields).toEqual([]);
  });

  it('turns properties into typed fields: enums, integers, booleans, long text, nested params with a scalar union', () => {
    const kinds = (type: string) => variantOf(type).v.fields.map((f) => `${f.name}:${f.kind}${f.required ? '!' : ''}`);
    expect(kinds('read_logs')).toEqual(['service:string!', 'contains:string', 'level:enum', 'limit:integer']);
    expect(kinds('get_traces')).toEqual(['service:string', 'errors_only:boolean', 'limit:integer']);
    expect(kinds('classify_alert')).toEqual(['alert_id:string!', 'severity:enum!', 'role:enum!']);
    expect(kinds('write_postmortem')).toEqual(['timeline:text!', 'root_cause:text!', 'impact:text!', 'action_items:text!', 'prevention:text!', 'root_causes:json', 'remediations:json', 'onset_minute:integer', 'mitigated_minute:integer']);
    const params = variantOf('apply_fix').v.fields.find((f) => f.name === 'params');
    expect(params?.kind).toBe('object');
    expect(params?.fields?.map((f) => `${f.path.join('.')}:${f.kind}`)).toEqual(['params.version:string', 'params.replicas:integer', 'params.key:string', 'params.value:scalar']);
    expect(variantOf('classify_alert').v.fields.find((f) => f.name === 'severity')?.options).toEqual(['P1', 'P2', 'P3']);
  });

  it('builds the action from typed-in text, leaving out empty optional fields', () => {
    const { forms, v } = variantOf('apply_fix');
    const raw = emptyValues(v.fields);
    expect(raw).toEqual({ service: '', fix: '', params: { version: '', replicas: '', key: '', value: '' } });
    expect(buildAction(forms, v, { ...raw, service: 'payments-db', fix: 'clear_disk' }).action).toEqual({ action_type: 'apply_fix', service: 'payments-db', fix: 'clear_disk' });
    const scaled = buildAction(forms, v, { service: 'api', fix: 'config_set', params: { version: '', replicas: ' 3 ', key: 'pool.size', value: '40' } });
    expect(scaled.action).toEqual({ action_type: 'apply_fix', service: 'api', fix: 'config_set', params: { replicas: 3, key: 'pool.size', value: 40 } });
    expect(buildAction(forms, v, { service: 'api', fix: 'config_set', params: { key: 'tls', value: 'false' } }).action).toMatchObject({ params: { key: 'tls', value: false } });
    const traces = variantOf('get_traces');
    expect(buildAction(traces.forms, traces.v, { service: '', errors_only: true, limit: '' }).action).toEqual({ action_type: 'get_traces', errors_only: true });
  });

  it('validates like the server: required, enum, integer bounds, length limits, unknown keys', () => {
    const { forms, v } = variantOf('read_logs');
    const check = (raw: Record<string, string>) => {
      const { action } = buildAction(forms, v, { service: '', contains: '', level: '', limit: '', ...raw });
      return validate(action, v.schema, forms.root).map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(check({})).toEqual(['service: is required']);
    expect(check({ service: 'db', limit: '0' })).toEqual(['limit: must be at least 1']);
    expect(check({ service: 'db', limit: '2.5' })).toEqual(['limit: must be a whole number']);
    expect(check({ service: 'db', limit: 'ten' })).toEqual(['limit: must be a whole number']);
    expect(check({ service: 'db', level: 'LOUD' })).toEqual(['level: must be one of DEBUG, INFO, WARN, ERROR, FATAL']);
    expect(check({ service: 'x'.repeat(65) })).toEqual(['service: must be at most 64 characters']);
    expect(check({ service: 'db', limit: '200' })).toEqual([]);
    expect(validate({ action_type: 'read_logs', service: 'db', colour: 'red' }, v.schema, forms.root)).toEqual([{ path: ['colour'], message: 'is not a known field' }]);
    const fix = variantOf('apply_fix');
    expect(validate({ action_type: 'apply_fix', service: 'db', fix: 'scale', params: { value: 'x'.repeat(201) } }, fix.v.schema, fix.forms.root)).toEqual([
      { path: ['params', 'value'], message: 'must be at most 200 characters' },
    ]);
    expect(validate({ action_type: 'apply_fix', service: 'db', fix: 'scale', params: { value: [1] } }, fix.v.schema, fix.forms.root)).toEqual([
      { path: ['params', 'value'], message: 'must be text or a number or true or false' },
    ]);
  });

  it('agrees with the zod schema on a sweep of built actions', () => {
    const forms = actionForms(native);
    const samples: Record<string, string>[] = [{}, { service: 'a', minutes: '0' }, { minutes: '60' }, { minutes: '61' }, { alert_id: 'A', severity: 'P4', role: 'symptom' }, { alert_id: 'A', severity: 'P1', role: 'symptom' }, { query: '' }, { query: 'disk' }, { team: 'database', reason: 'r' }];
    for (const v of forms.variants) {
      for (const s of samples) {
        const raw = { ...emptyValues(v.fields), ...s };
        const { action } = buildAction(forms, v, raw);
        const ours = validate(action, v.schema, forms.root).length === 0;
        expect([v.type, s, ours]).toEqual([v.type, s, NativeActionSchema.safeParse(action).success]);
      }
    }
  });
});

describe('action forms from other shapes', () => {
  it('a single object whose action_type is an enum (sre-incident-response style) gives one variant per value', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: { action_type: { type: 'string', enum: ['diagnose', 'apply_fix', 'noop'] }, value: { type: 'string' } },
      required: ['action_type', 'value'],
    };
    const forms = actionForms(schema);
    expect(forms.discriminator).toBe('action_type');
    expect(forms.variants.map((v) => v.type)).toEqual(['diagnose', 'apply_fix', 'noop']);
    const v = forms.variants[0]!;
    expect(v.fields.map((f) => `${f.name}:${f.kind}${f.required ? '!' : ''}`)).toEqual(['value:string!']);
    const { action } = buildAction(forms, v, { value: 'disk full on db' });
    expect(action).toEqual({ action_type: 'diagnose', value: 'disk full on db' });
    expect(validate(action, v.schema, forms.root)).toEqual([]);
    expect(validate({ action_type: 'fly', value: 'x' }, v.schema, forms.root)).toEqual([{ path: ['action_type'], message: 'must be one of diagnose, apply_fix, noop' }]);
  });

  it('nullable optional fields, $refs and a schema without a discriminator', () => {
    const schema: JsonSchema = {
      $defs: { Service: { type: 'string', maxLength: 100 } },
      type: 'object',
      properties: { service: { anyOf: [{ $ref: '#/$defs/Service' }, { type: 'null' }], description: 'Which service' }, reasoning: { type: 'string', maxLength: 5000 } },
    };
    const forms = actionForms(schema);
    expect(forms.discriminator).toBe(null);
    expect(forms.variants.map((v) => v.type)).toEqual(['']);
    expect(forms.variants[0]?.fields.map((f) => `${f.name}:${f.kind}:${f.description ?? ''}`)).toEqual(['service:string:Which service', 'reasoning:text:']);
    expect(validate({ service: 'x'.repeat(101) }, schema)).toEqual([{ path: ['service'], message: 'must be at most 100 characters' }]);
    expect(validate({ service: null }, schema)).toEqual([]);
  });

  it('labels read like words', () => {
    expect(labelOf('window_minutes')).toBe('Window minutes');
    expect(labelOf('alert_id')).toBe('Alert id');
  });
});
