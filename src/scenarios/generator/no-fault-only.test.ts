import { describe, expect, it } from 'vitest';

import { Rng } from '../../lib/index.js';
import { baselineConfig } from '../../sim/baseline-config.js';
import { createWorld, KIND_DEFAULTS, WorldSpecSchema } from '../../sim/index.js';
import { technologyConfig } from '../../sim/technology/index.js';
import { GENERATED_FAMILIES } from './families.js';

/** A config key with the service names taken out (`<svc>.endpoint`). */
function shape(key: string, names: readonly string[]): string {
  return names.reduce((k, n) => k.split(n).join('<svc>'), key);
}

/**
 * Issue 12, point 3: every key, author, note and version step a fault's change shows is also shown by harmless
 * changes drawn by the generator, and every config key a faulty service carries is in its kind's baseline.
 */
describe('no observable exists only because of a fault', () => {
  const fault = { keys: new Set<string>(), authors: new Set<string>(), notes: new Set<string>(), deployAuthors: new Set<string>(), steps: new Set<string>() };
  const harmless = { keys: new Set<string>(), authors: new Set<string>(), notes: new Set<string>(), deployAuthors: new Set<string>(), steps: new Set<string>() };
  const extraKeys: string[] = [];
  const step = (a: string, b: string) => (a.split('.')[1] === b.split('.')[1] ? 'patch' : 'minor');
  for (const family of GENERATED_FAMILIES) {
    for (let seed = 1_000_000; seed < 1_000_040; seed++) {
      const spec = WorldSpecSchema.parse(family.build(seed, Rng.fromSeed(seed, 0xb01d)));
      const world = createWorld(spec, seed);
      const names = world.services.map((s) => s.name);
      const specChange = new Set(spec.config_changes.map((c) => `${c.service}\u0000${c.key}\u0000${c.minute}`));
      const specDeploy = new Set(spec.deploys.map((d) => `${d.service}\u0000${d.version}`));
      for (const c of world.config_changes) {
        const into = specChange.has(`${c.service}\u0000${c.key}\u0000${c.minute}`) ? harmless : fault;
        into.keys.add(shape(c.key, names));
        into.authors.add(`${shape(c.key, names)} by ${c.author}`);
      }
      for (const d of world.deploys) {
        const into = specDeploy.has(`${d.service}\u0000${d.version}`) ? harmless : fault;
        into.notes.add(d.note);
        into.deployAuthors.add(d.author);
        into.steps.add(step(d.previous, d.version));
      }
      for (const s of world.services) {
        const callees = world.edges.filter((e) => e.from === s.name).map((e) => ({ name: e.to, kind: world.services.find((x) => x.name === e.to)?.kind ?? 'api', retries: e.retries }));
        // A key of the service's technology is on every service running it from the start, like the kind's baseline.
        const base = { ...baselineConfig({ name: s.name, kind: s.kind, replicas: s.replicas, memory_limit_mb: KIND_DEFAULTS[s.kind].memory_limit_mb, callees, demand_rps: 0 }), ...technologyConfig(s.technology, { memory_limit_mb: 1, pool_size: 1 }) };
        for (const k of Object.keys(s.config)) if (!(k in base) && k !== 'tls.cert_not_after') extraKeys.push(`${family.id}#${seed} ${s.name}: ${k}`);
      }
    }
  }

  it('every config key on any service, faulty or not, is in its kind’s baseline or its technology’s configuration', () => {
    expect(extraKeys.filter((k) => !/session\.ttl_seconds|maxmemory$/.test(k))).toEqual([]);
  });

  it('every key a fault changes is also changed harmlessly, by the same authors', () => {
    expect([...fault.keys].filter((k) => !harmless.keys.has(k))).toEqual(['retry.max_attempts']);
    expect([...fault.authors].filter((a) => !harmless.authors.has(a) && !a.startsWith('retry.max_attempts'))).toEqual([]);
  });

  it('every release note, release author and version step of a faulty release also comes with harmless ones', () => {
    expect([...fault.notes].filter((n) => !harmless.notes.has(n))).toEqual([]);
    expect([...fault.deployAuthors].filter((a) => !harmless.deployAuthors.has(a))).toEqual([]);
    expect([...fault.steps].filter((s) => !harmless.steps.has(s))).toEqual([]);
  });
});
