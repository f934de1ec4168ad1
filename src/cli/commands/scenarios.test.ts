import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import { CURATED_SCENARIOS, GENERATED_FAMILIES, NATIVE_SCENARIOS, renderCard, STORY_SCENARIOS } from '../../scenarios/index.js';
import { createDefaultRegistry } from '../default-registry.js';
import { main } from '../main.js';

const ROOT = resolve(__dirname, '../../..');
const EXAMPLES = join(ROOT, 'examples/scenarios');
const EXAMPLE = join(EXAMPLES, 'checkout-db-volume-v1.yaml');

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), isTty: false });
  return { code, out, err };
}

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'firedrill-scenarios-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('firedrill scenarios', () => {
  it('validate accepts the example and reports each bad file by path and line', async () => {
    const ok = await run(['scenarios', 'validate', EXAMPLE]);
    expect(ok).toEqual({ code: 0, out: `${EXAMPLE}: ok (checkout-db-volume-v1)\n`, err: '' });
    const dir = tempDir({ 'bad.yaml': readFileSync(EXAMPLE, 'utf8').replace('kind: disk_full', 'kind: full_disk') });
    const bad = await run(['scenarios', 'validate', join(dir, 'bad.yaml'), join(dir, 'missing.yaml')]);
    expect(bad.code).toBe(1);
    expect(bad.err).toBe(`${join(dir, 'bad.yaml')}:35:34: world.faults.0.kind: 'full_disk' is not a fault type; \`firedrill faults\` lists the 32 fault types\n${join(dir, 'missing.yaml')}: cannot read: ENOENT\n`);
  });

  it('show prints the topology, the timeline and the card, and hides the faults unless asked', async () => {
    const shown = await run(['scenarios', 'show', 'cart-writes-failing-v1', '--seed', '5']);
    expect(shown.code).toBe(0);
    for (const part of ['cart-writes-failing-v1 — ', 'Topology (', 'valkey-cart', 'Timeline', 'incident onset', 'on-call engineer paged', '2 fault(s) hidden', '## Version history']) expect(shown.out).toContain(part);
    expect(shown.out).not.toContain('cache_eviction_oom');
    const revealed = await run(['scenarios', 'show', 'cart-writes-failing-v1', '--seed', '5', '--reveal']);
    expect(revealed.out).toContain('cache-policy: cache_eviction_oom on valkey-cart');
    const json = JSON.parse((await run(['scenarios', 'show', 'gen-hard', '--seed', '12', '--json'])).out) as { id: string; seed: number; faults_hidden: number; topology: { services: unknown[] } };
    expect([json.id, json.seed]).toEqual(['gen-hard', 12]);
    expect(json.faults_hidden).toBeGreaterThanOrEqual(2);
    expect(json.topology.services.length).toBeGreaterThanOrEqual(12);
  });

  it('show and tasks load user scenarios from --scenarios DIR; invalid files are reported and skipped', async () => {
    const dir = tempDir({ 'good.yaml': readFileSync(EXAMPLE, 'utf8'), 'broken.json': '{"id": "x"', 'notes.txt': 'ignored' });
    const tasks = await run(['tasks', '--json', '--scenarios', dir]);
    expect(tasks.code).toBe(0);
    const listed = JSON.parse(tasks.out) as { id: string; source: string }[];
    expect(listed.find((t) => t.id === 'checkout-db-volume-v1')?.source).toBe('user');
    expect(tasks.err).toMatch(/broken\.json:1:\d+: /);
    const shown = await run(['scenarios', 'show', 'checkout-db-volume-v1', '--scenarios', dir]);
    expect(shown.out).toContain('source user');
    const dup = tempDir({ 'dup.yaml': readFileSync(EXAMPLE, 'utf8').replace('id: checkout-db-volume-v1', 'id: cart-writes-failing-v1') });
    expect((await run(['tasks', '--scenarios', dup])).err).toContain("a task with the id 'cart-writes-failing-v1' already exists");
  });

  it('show refuses unknown ids and bad seeds with a clear message', async () => {
    expect(await run(['scenarios', 'show', 'nope-v1'])).toEqual({ code: 1, out: '', err: "firedrill scenarios: No task has the id 'nope-v1'.\nList the task ids with GET /tasks or `firedrill tasks`.\n" });
    expect((await run(['scenarios', 'show', 'gen-easy', '--seed', '-3'])).code).toBe(2);
  });

  it('docs/tasks holds the current card of every task, native, curated, generated and compat (regenerate with `firedrill scenarios cards --out docs/tasks`)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'firedrill-cards-'));
    const r = await run(['scenarios', 'cards', '--out', dir]);
    expect(r.code).toBe(0);
    const ids = createDefaultRegistry().ids();
    expect(readdirSync(dir).sort()).toEqual(ids.map((id) => `${id}.md`).sort());
    expect(readdirSync(join(ROOT, 'docs/tasks')).sort()).toEqual(ids.map((id) => `${id}.md`).sort());
    for (const id of ids) expect(readFileSync(join(ROOT, 'docs/tasks', `${id}.md`), 'utf8'), `docs/tasks/${id}.md is stale`).toBe(readFileSync(join(dir, `${id}.md`), 'utf8'));
    for (const s of [...NATIVE_SCENARIOS, ...CURATED_SCENARIOS, ...GENERATED_FAMILIES, ...STORY_SCENARIOS]) expect(readFileSync(join(dir, `${s.id}.md`), 'utf8')).toBe(renderCard(s));
  });
});
