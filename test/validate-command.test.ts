import { describe, expect, it } from 'vitest';

import type { CliIo } from '../src/cli/command.js';
import { main } from '../src/cli/main.js';
import { NativeEngine } from '../src/env/native/engine.js';
import { TaskRegistry } from '../src/env/registry.js';
import { validate } from '../src/eval/validate.js';
import { NATIVE_SCENARIOS, type ScenarioDefinition } from '../src/scenarios/index.js';

const dbDiskFullPayments = NATIVE_SCENARIOS.find((s) => s.id === 'checkout-errors-v1') as ScenarioDefinition;

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), isTty: false };
}

describe('firedrill validate', () => {
  it('--json prints {agents: {agent: {task: {mean, min, max, n}}}}', async () => {
    const io = capture();
    const code = await main(['validate', '--seeds', '0..1', '--agents', 'oracle,do-nothing', '--tasks', 'checkout-errors-v1', '--json'], io);
    expect(code).toBe(0);
    expect(JSON.parse(io.stdout.join('\n'))).toEqual({
      agents: {
        oracle: { 'checkout-errors-v1': { mean: 1, min: 1, max: 1, n: 2 } },
        'do-nothing': { 'checkout-errors-v1': { mean: 0, min: 0, max: 0, n: 2 } },
      },
    });
  });

  it('prints a table, and with --check reports whether every bound holds', async () => {
    const io = capture();
    const code = await main(['validate', '--seeds', '3', '--agents', 'oracle,premature-resolve', '--tasks', 'mobile-login-outage-v1', '--check'], io);
    expect(code).toBe(0);
    expect(io.stdout.join('\n')).toBe(
      [
        'agent              task                    mean    min     max     n',
        '-----------------  ----------------------  ------  ------  ------  -',
        'oracle             mobile-login-outage-v1  1.0000  1.0000  1.0000  1',
        'premature-resolve  mobile-login-outage-v1  0.0000  0.0000  0.0000  1',
      ].join('\n'),
    );
    expect(io.stderr).toEqual(['graders hold: every bound met (multi-hop tasks: mobile-login-outage-v1)']);
  });

  it('rejects an unknown agent, an unknown task and a bad seed list', async () => {
    const io = capture();
    expect(await main(['validate', '--agents', 'nobody'], io)).toBe(2);
    expect(io.stderr[0]).toMatch(/^firedrill validate: unknown agent 'nobody'; known: random, oracle, reactive, investigator, /);
    expect(io.stderr[1]).toBe('Run `firedrill help validate` for the options.');
    expect(await main(['validate', '--tasks', 'no-such-task', '--seeds', '0'], io)).toBe(1);
    expect(io.stderr[2]).toBe("firedrill validate: No task has the id 'no-such-task'.");
    expect(await main(['validate', '--seeds', 'x'], io)).toBe(2);
  });
});

describe('validate()', () => {
  it('skips tasks whose actions are not the native action set', async () => {
    const registry = new TaskRegistry()
      .register(new NativeEngine(dbDiskFullPayments))
      .register(new NativeEngine({ ...dbDiskFullPayments, id: 'seed-shaped-v1', source: 'sre-incident-response' }));
    const r = await validate({ registry, seeds: [0], agents: ['do-nothing'], tasks: ['checkout-errors-v1', 'seed-shaped-v1'] });
    expect(r.skipped).toEqual(['seed-shaped-v1']);
    expect(Object.keys(r.summary.agents['do-nothing'] ?? {})).toEqual(['checkout-errors-v1']);
    const all = await validate({ registry, seeds: [0], agents: ['do-nothing'] });
    expect(all.skipped).toEqual([]);
    expect(Object.keys(all.summary.agents['do-nothing'] ?? {})).toEqual(['checkout-errors-v1']);
  });
});
