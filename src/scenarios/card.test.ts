import { describe, expect, it } from 'vitest';

import { FAULT_KINDS } from '../contracts/index.js';
import { Rng } from '../lib/index.js';
import { renderCard } from './card.js';
import { CURATED_SCENARIOS } from './index.js';

describe('curated incidents', () => {
  it('there are at least twelve, each with a versioned id and a card', () => {
    expect(CURATED_SCENARIOS.length).toBeGreaterThanOrEqual(12);
    for (const s of CURATED_SCENARIOS) {
      expect(s.id).toMatch(/^[a-z0-9-]+-v\d+$/);
      expect(s.source).toBe('curated');
      const last = s.card?.versions.at(-1)?.version;
      expect(s.id.endsWith(`-v${last}`)).toBe(true);
    }
    expect(new Set(CURATED_SCENARIOS.map((s) => s.id)).size).toBe(CURATED_SCENARIOS.length);
  });

  it('ids, names, titles and the spoiler-free part of the card never name a fault type', () => {
    for (const s of CURATED_SCENARIOS) {
      const card = renderCard(s);
      const visible = [s.id, s.name, s.title, s.description, card.slice(0, card.indexOf('## Background'))].join('\n').toLowerCase();
      for (const k of FAULT_KINDS) for (const form of [k, k.replace(/_/g, ' '), k.replace(/_/g, '-')]) expect(visible, `${s.id} names ${k}`).not.toContain(form);
    }
  });

  it('cards have every section', () => {
    for (const s of CURATED_SCENARIOS) {
      const card = renderCard(s);
      for (const section of ['## What the agent sees', '## How it is scored', '## Version history', '## Background (spoiler)']) expect(card).toContain(section);
      expect(card).toContain(`\`${s.id}\``);
    }
  });

  it('every seed builds the same story in a varied system', () => {
    for (const s of CURATED_SCENARIOS) {
      const a = s.build(1, Rng.fromSeed(1, 0xb01d));
      const b = s.build(2, Rng.fromSeed(2, 0xb01d));
      expect(a.faults.map((f) => [f.kind, f.service])).toEqual(b.faults.map((f) => [f.kind, f.service]));
      expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
    }
  });
});
