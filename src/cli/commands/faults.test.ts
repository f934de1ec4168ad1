import { describe, expect, it } from 'vitest';

import { FAULT_KINDS, FIX_KINDS } from '../../contracts/index.js';
import { main } from '../main.js';

async function run(argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await main(argv, { out: (t) => (out += `${t}\n`), err: (t) => (out += `${t}\n`), isTty: false });
  return { code, out };
}

describe('firedrill faults', () => {
  it('--json lists every fault type as {id, description, accepted_labels, fixes}', async () => {
    const { code, out } = await run(['faults', '--json']);
    expect(code).toBe(0);
    const faults = JSON.parse(out) as { id: string; description: string; accepted_labels: string[]; fixes: { fix: string; effect: string }[] }[];
    expect(faults.map((f) => f.id)).toEqual([...FAULT_KINDS]);
    for (const f of faults) {
      expect(Object.keys(f).sort()).toEqual(['accepted_labels', 'description', 'fixes', 'id']);
      expect(f.accepted_labels[0]).toBe(f.id);
      expect(f.description.length).toBeGreaterThan(20);
      expect(f.fixes.length).toBeGreaterThan(0);
      for (const x of f.fixes) expect(FIX_KINDS).toContain(x.fix);
    }
  });

  it('prints a table with one row per fault type', async () => {
    const { code, out } = await run(['faults']);
    expect(code).toBe(0);
    expect(out).toContain('oom_crashloop');
    expect(out).toContain(`${FAULT_KINDS.length} fault types.`);
    expect(out).toMatch(/queue_consumer_lag\s+queue_consumer_lag, bad_deploy/);
    expect(out.split('\n').filter((l) => FAULT_KINDS.some((k) => l.startsWith(`${k} `))).length).toBe(FAULT_KINDS.length);
  });
});
