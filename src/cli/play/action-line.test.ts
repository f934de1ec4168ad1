import { describe, expect, it } from 'vitest';

import { NATIVE_ACTION_TYPES } from '../../contracts/index.js';
import { createDefaultRegistry } from '../default-registry.js';
import { actionJsonSchemaOf } from '../../eval/in-process-env.js';
import { actionForms, choicesInDescription, formUsage, nextField, parseActionLine, tokenize } from './action-line.js';
import { renderTerminalMarkdown } from './terminal-markdown.js';

const registry = createDefaultRegistry();
const native = actionForms(actionJsonSchemaOf(registry, 'checkout-errors-v1'));
const devops = actionForms(actionJsonSchemaOf(registry, 'easy_task'));
const sre = actionForms(actionJsonSchemaOf(registry, 'alert_triage'));

describe('the play action language', () => {
  it('reads every action type of native and compat schemas', () => {
    expect(native.map((f) => f.type)).toEqual(NATIVE_ACTION_TYPES);
    expect(devops.map((f) => f.type)).toEqual(['read_logs', 'query_metrics', 'diagnose', 'apply_fix', 'verify_health', 'list_services', 'inspect_dependencies']);
    expect(sre.map((f) => f.type)).toEqual(['acknowledge_alert', 'diagnose', 'run_query', 'apply_fix', 'escalate', 'write_postmortem', 'noop']);
    expect(formUsage(native.find((f) => f.type === 'apply_fix')!)).toBe('apply_fix <service> <fix> [version=…] [replicas=…] [key=…] [value=…]');
    expect(formUsage(devops.find((f) => f.type === 'apply_fix')!)).toBe('apply_fix [service] [fix] [reasoning]');
  });

  it('fills fields in order; free text takes the rest of the line; name=value sets any field, nested params included', () => {
    expect(parseActionLine('diagnose payments-db disk_full volume at 99%', native)).toEqual({ ok: true, action: { action_type: 'diagnose', service: 'payments-db', fault: 'disk_full', evidence: 'volume at 99%' }, missing: [] });
    expect(parseActionLine('apply_fix cart-service scale replicas=6', native)).toEqual({ ok: true, action: { action_type: 'apply_fix', service: 'cart-service', fix: 'scale', params: { replicas: 6 } }, missing: [] });
    expect(parseActionLine('read_logs api limit=5 level=ERROR', native)).toEqual({ ok: true, action: { action_type: 'read_logs', service: 'api', limit: 5, level: 'ERROR' }, missing: [] });
    expect(parseActionLine('run_query "disk full" since deploy', native)).toEqual({ ok: true, action: { action_type: 'run_query', query: 'disk full since deploy' }, missing: [] });
    expect(parseActionLine('apply_fix database clear_disk', devops)).toEqual({ ok: true, action: { action_type: 'apply_fix', service: 'database', fix: 'clear_disk' }, missing: [] });
    expect(parseActionLine('diagnose the db is out of disk', sre)).toEqual({ ok: true, action: { action_type: 'diagnose', value: 'the db is out of disk' }, missing: [] });
    expect(parseActionLine('{"action_type":"wait","minutes":3}', native)).toEqual({ ok: true, action: { action_type: 'wait', minutes: 3 }, missing: [] });
  });

  it('lists the required fields a line leaves out, and explains what it cannot read', () => {
    const r = parseActionLine('classify_alert ALR-1', native);
    expect(r.ok && r.missing.map((f) => f.name)).toEqual(['severity', 'role']);
    expect(parseActionLine('nope x', sre)).toEqual({ ok: false, error: 'Unknown action \'nope\'. Actions: acknowledge_alert, diagnose, run_query, apply_fix, escalate, write_postmortem, noop.' });
    expect(parseActionLine('wait 5 6', native)).toEqual({ ok: false, error: "Too many values for wait: '6'. Fields: minutes." });
    expect(parseActionLine('{"a":', native)).toMatchObject({ ok: false, error: expect.stringMatching(/^Not valid JSON: /) as string });
  });

  it('knows which field the next word fills, with its choices', () => {
    const diagnose = native.find((f) => f.type === 'diagnose')!;
    expect(nextField(diagnose, ['payments-db'])?.name).toBe('fault');
    expect(nextField(diagnose, ['payments-db'])?.choices).toContain('disk_full');
    expect(nextField(diagnose, ['service=x'])?.name).toBe('fault');
    expect(devops.find((f) => f.type === 'diagnose')!.fields.find((f) => f.name === 'diagnosis')?.choices).toContain('disk_full');
    expect(choicesInDescription('For diagnose: one of a, b_c.')).toEqual(['a', 'b_c']);
    expect(choicesInDescription('Free text.')).toEqual([]);
    expect(tokenize(`a "b c" 'd e' f`)).toEqual(['a', 'b c', 'd e', 'f']);
  });
});

describe('Markdown for a terminal', () => {
  it('drops the markers, aligns tables and styles only with colour on', () => {
    const md = '## INC-1 · Title\n### Alerts (1 firing)\n- `ALR-1` CRITICAL **db** full\n| service | health |\n|---|---|\n| payments-db | down |\n| api | healthy |';
    expect(renderTerminalMarkdown(md, false)).toBe(['INC-1 · Title', 'Alerts (1 firing)', '• ALR-1 CRITICAL db full', 'service      health', '───────────  ───────', 'payments-db  down', 'api          healthy'].join('\n'));
    expect(renderTerminalMarkdown('`x` **y**', true)).toBe('\x1b[36mx\x1b[39m \x1b[1my\x1b[22m');
  });
});
