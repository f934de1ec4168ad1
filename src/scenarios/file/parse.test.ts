import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import { Rng } from '../../lib/index.js';
import { createWorld, WorldSpecSchema } from '../../sim/index.js';
import { formatScenarioErrors, parseScenarioFile, type ScenarioFileError } from './parse.js';

const EXAMPLE = readFileSync(resolve(__dirname, '../../../examples/scenarios/checkout-db-volume-v1.yaml'), 'utf8');

function errorsOf(text: string): ScenarioFileError[] {
  const r = parseScenarioFile(text);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}

describe('scenario files', () => {
  it('accepts the documented example and builds its world', () => {
    const r = parseScenarioFile(EXAMPLE);
    if (!r.ok) throw new Error(formatScenarioErrors('example', r.errors));
    expect(r.definition.id).toBe('checkout-db-volume-v1');
    expect(r.definition.source).toBe('user');
    expect(r.file.max_steps).toBe(40);
    const world = createWorld(WorldSpecSchema.parse(r.definition.build(3, Rng.fromSeed(3))), 3);
    expect(world.faults.map((f) => f.kind)).toEqual(['disk_full']);
    expect(world.alerts.filter((a) => a.resolved_at === null).length).toBeGreaterThan(0);
  });

  it('accepts the same scenario written as JSON', () => {
    const yaml = parseScenarioFile(EXAMPLE);
    if (!yaml.ok) throw new Error('example invalid');
    const json = parseScenarioFile(JSON.stringify(yaml.file, null, 2));
    expect(json.ok).toBe(true);
  });

  it('names the field and line of an unknown fault type', () => {
    const errors = errorsOf(EXAMPLE.replace('kind: disk_full', 'kind: disk_filled'));
    expect(errors).toEqual([{ path: 'world.faults.0.kind', line: 35, column: 34, message: "'disk_filled' is not a fault type; `firedrill faults` lists the 32 fault types" }]);
  });

  it('names the line of an unknown field', () => {
    const errors = errorsOf(EXAMPLE.replace('max_steps: 40', 'max_steps: 40\nmax_stepz: 50'));
    expect(errors).toEqual([{ path: '', line: 12, column: 12, message: "unknown field 'max_stepz'" }]);
  });

  it('names edges to services that do not exist', () => {
    const errors = errorsOf(EXAMPLE.replace('to: orders-db, calls: 3', 'to: orders-dbx, calls: 3'));
    expect(errors).toEqual([{ path: 'world.edges.4.to', line: 33, column: 29, message: "no service is named 'orders-dbx'" }]);
  });

  it('rejects a cyclic call graph with the cycle spelled out', () => {
    const errors = errorsOf(EXAMPLE.replace('  faults:', '    - { from: orders-db, to: checkout }\n  faults:'));
    expect(errors.map((e) => [e.path, e.message])).toEqual([['world.edges', 'the call graph has a cycle: checkout -> payments -> orders-db -> checkout']]);
    expect(errors[0]?.line).toBe(29);
  });

  it('checks triggers and the services fault parameters name', () => {
    const errors = errorsOf(
      EXAMPLE.replace(
        '  deploys:',
        '    - { id: slow, kind: slow_query, service: orders-db, params: { origin: nobody } }\n    - { id: chained, kind: retry_storm, service: payments, trigger: missing, params: { callee: orders-db } }\n  deploys:',
      ),
    );
    expect(errors.map((e) => `${e.path}: ${e.message}`)).toEqual(["world.faults.1.params.origin: no service is named 'nobody'", "world.faults.2.trigger: no fault has the id 'missing'"]);
  });

  it('reports YAML syntax errors with their line', () => {
    const errors = errorsOf('id: x-v1\nname: [unclosed\ndifficulty: easy\n');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toEqual({ path: '', line: 3, column: 1, message: 'Flow sequence in block collection must be sufficiently indented and end with a ]' });
  });

  it('rejects duplicate keys', () => {
    const errors = errorsOf(`${EXAMPLE}\nname: again\n`);
    expect(errors[0]?.message).toMatch(/unique/i);
  });

  it('rejects files over the size limit before parsing them', () => {
    const errors = errorsOf(`${EXAMPLE}\n# ${'x'.repeat(600 * 1024)}`);
    expect(errors).toEqual([{ path: '', message: expect.stringMatching(/limited to 524288 bytes/) as unknown as string }]);
  });

  it('survives an alias bomb', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const errors = errorsOf(lines.join('\n'));
    expect(errors[0]?.message).toMatch(/alias/i);
  });

  it('survives deep nesting', () => {
    expect(errorsOf(`${'['.repeat(200000)}${']'.repeat(200000)}`)).toEqual([{ path: '', message: 'brackets nest 200000 levels deep; scenario files nest at most 64' }]);
    expect(errorsOf(`a: "${'['.repeat(100)}"`)[0]?.message).not.toMatch(/nest/);
  });

  it('rejects a world larger than the limits', () => {
    const services = Array.from({ length: 61 }, (_, i) => `    - { name: s${i}, kind: api }`).join('\n');
    const errors = errorsOf(EXAMPLE.replace(/ {2}services:\n(?: {4}- .*\n)+/, `  services:\n${services}\n`));
    expect(errors.map((e) => e.path)).toContain('world.services');
  });

  it('rejects non-objects, empty files and prototype keys without side effects', () => {
    expect(errorsOf('just a string')[0]?.message).toMatch(/object/);
    expect(errorsOf('').length).toBe(1);
    const errors = errorsOf(EXAMPLE.replace('max_steps: 40', 'max_steps: 40\n__proto__: { polluted: true }'));
    expect(errors.map((e) => e.message)).toEqual(["unknown field '__proto__'"]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
