import { describe, expect, it } from 'vitest';

import { main } from './main.js';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), isTty: false });
  return { code, out, err };
}

describe('firedrill CLI', () => {
  it('lists tasks as JSON with the documented fields', async () => {
    const r = await run(['tasks', '--json']);
    expect(r.code).toBe(0);
    const tasks = JSON.parse(r.out) as Record<string, unknown>[];
    expect(tasks.length).toBeGreaterThanOrEqual(3);
    for (const t of tasks) expect(Object.keys(t).sort()).toEqual(['description', 'difficulty', 'id', 'max_steps', 'name', 'source']);
    expect(tasks.map((t) => t['id'])).toContain('mobile-login-outage-v1');
  });

  it('check exits 0 on healthy tasks and 2 on usage errors', async () => {
    const ok = await run(['check', '--tasks', 'checkout-errors-v1', '--seeds', '0..1', '--steps', '10']);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^ok: 1 tasks × 2 seeds, 2 episodes/);
    expect((await run(['check', '--tasks', 'no-such-task'])).code).toBe(1);
    expect((await run(['check', '--seeds', 'abc'])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
  });
});
