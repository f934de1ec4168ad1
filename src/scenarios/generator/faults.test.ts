import { describe, expect, it } from 'vitest';

import { FAULT_KINDS, type FaultKind, type FixParams } from '../../contracts/index.js';
import { Rng } from '../../lib/index.js';
import { applyFix, createWorld, FAULT_MODELS, renderLogs, tick, type WorldState, WorldSpecSchema } from '../../sim/index.js';
import { PACKS } from '../../sim/technology/index.js';
import { buildTopology } from '../topologies/index.js';
import { placeFault } from './placement.js';

const TOPOLOGIES = ['online-shop', 'social-network', 'login-stack', 'data-pipeline', 'random-dag'] as const;
const SEEDS = [0, 1, 2];

function staged(kind: FaultKind, topology: string, seed: number): WorldState | null {
  const rng = Rng.fromSeed(seed, 99);
  const t = buildTopology(topology, rng, 8 + seed * 7);
  const fault = placeFault(kind, t, rng, new Set(), 'f1', 0);
  if (!fault) return null;
  return createWorld(WorldSpecSchema.parse({ services: t.services, edges: t.edges, faults: [fault], load_rps: t.load_rps }), seed);
}

function mitigated(w: WorldState): boolean {
  return w.faults.every((f) => f.status === 'resolved' && !FAULT_MODELS[f.kind].present(f, w)) && w.minutes_in_slo >= w.settle_minutes && w.invariants_broken.length === 0;
}

function run(w: WorldState, minutes: number): void {
  for (let i = 0; i < minutes; i++) tick(w);
}

/** Everything an agent can read: logs of every service, alerts, configuration and change history. */
function visibleText(w: WorldState): string {
  const logs = w.services.flatMap((s) => renderLogs(w, s.name, w.history.start, w.minute).map((l) => l.message));
  const alerts = w.alerts.map((a) => `${a.title} ${a.description}`);
  const config = w.services.map((s) => JSON.stringify(s.config));
  const changes = [...w.deploys.map((d) => `${d.note} ${d.author}`), ...w.config_changes.map((c) => `${c.key} ${String(c.from)} ${String(c.to)} ${c.author}`)];
  return [...logs, ...alerts, ...config, ...changes].join('\n').toLowerCase();
}

function labelForms(kind: string): string[] {
  return [kind, kind.replace(/_/g, ' '), kind.replace(/_/g, '-'), kind.replace(/_/g, '')];
}

describe('fault catalog', () => {
  it('has at least 25 fault types, each registered with a model', () => {
    expect(FAULT_KINDS.length).toBeGreaterThanOrEqual(25);
    for (const kind of FAULT_KINDS) expect(FAULT_MODELS[kind].kind).toBe(kind);
  });

  it('no log template of any technology names any fault type', () => {
    const texts = Object.values(PACKS)
      .flatMap((p) => [...p.background, ...(p.noise ?? []), ...Object.values(p.conditions).flat()])
      .map((t) => t[1].toLowerCase());
    const hits = FAULT_KINDS.flatMap((k) => labelForms(k).flatMap((form) => texts.filter((t) => t.includes(form)).map((t) => `${form}: ${t}`)));
    expect(hits).toEqual([]);
  });

  describe.each(FAULT_KINDS)('%s', (kind) => {
    const cases = TOPOLOGIES.flatMap((topology) => SEEDS.map((seed) => ({ topology, seed })));

    it('can be staged on several topologies, and fires alerts', () => {
      const staged3 = cases.map(({ topology, seed }) => staged(kind, topology, seed)).filter((w) => w !== null);
      expect(staged3.length).toBeGreaterThanOrEqual(8);
      for (const w of staged3) expect(w.alerts.filter((a) => a.resolved_at === null).length).toBeGreaterThan(0);
    });

    it('the expert remedy mitigates it, and nothing visible names it', () => {
      let checked = 0;
      for (const { topology, seed } of cases) {
        const w = staged(kind, topology, seed);
        if (!w) continue;
        checked += 1;
        const fault = w.faults[0];
        if (!fault) throw new Error('no fault');
        for (const r of FAULT_MODELS[kind].remedy(fault, w)) {
          const result = applyFix(w, r.service, r.fix, r.params ?? {});
          expect(result.ok, `${topology}/${seed}: ${result.message}`).toBe(true);
          run(w, result.minutes);
        }
        for (let m = 0; m < 40 && !mitigated(w); m++) tick(w);
        expect(mitigated(w), `${topology}/${seed}: not mitigated`).toBe(true);
        const text = visibleText(w);
        for (const form of labelForms(kind)) expect(text.includes(form), `${topology}/${seed} shows '${form}'`).toBe(false);
      }
      expect(checked).toBeGreaterThanOrEqual(8);
    });

    it('every documented wrong fix leaves it unresolved or relapsing, and at least one leaves visible symptoms', () => {
      let applied = 0;
      let visible = 0;
      for (const wrong of FAULT_MODELS[kind].wrong_fixes) {
        for (const { topology, seed } of cases.slice(0, 9)) {
          const w = staged(kind, topology, seed);
          const fault = w?.faults[0];
          if (!w || !fault) continue;
          const target = wrong.on ? String(fault.params[wrong.on]) : fault.service;
          const svc = w.services.find((s) => s.name === target);
          if (!svc) throw new Error(`no service ${target}`);
          let params: FixParams | undefined = wrong.example;
          if (wrong.fix === 'scale') params = { replicas: Math.min(50, Math.max(2, svc.replicas * 2)) };
          if (wrong.fix === 'rollback') {
            const previous = svc.versions.find((v) => v !== svc.version);
            if (previous === undefined) continue;
            params = { version: previous };
          }
          if (wrong.fix === 'config_set' && params === undefined) continue;
          const result = applyFix(w, target, wrong.fix, params ?? {});
          if (!result.ok) continue;
          applied += 1;
          run(w, result.minutes + 20);
          let symptoms = false;
          for (let m = 0; m < 20; m++) {
            tick(w);
            symptoms ||= w.services.some((s) => s.health !== 'healthy');
          }
          expect(fault.status === 'active' || fault.relapses > 0, `${wrong.fix} on ${topology}/${seed} resolved it for good`).toBe(true);
          expect(mitigated(w)).toBe(false);
          if (symptoms) visible += 1;
        }
      }
      expect(applied).toBeGreaterThan(0);
      expect(visible).toBeGreaterThan(0);
    });
  });
});
