import { FAULT_KINDS } from '../../contracts/index.js';
import type { ScenarioDefinition } from '../scenario.js';
import { generateIncident } from './generate.js';
import { type GeneratorKnobs, MISLEADING_KINDS, PLAIN_KINDS } from './knobs.js';

const TEMPLATES = ['online-shop', 'social-network', 'login-stack', 'data-pipeline'] as const;

export const FAMILY_KNOBS = {
  'gen-easy': {
    template_chance: 0.5, templates: ['login-stack', 'data-pipeline', 'online-shop'], services: [5, 10], roots: [1, 1], kinds: PLAIN_KINDS, misleading_share: 0,
    red_herrings: [0, 1], noise: [7, 12], gaps: [0, 0], root_gap_chance: 0, sustaining_chance: 0, max_sustaining: 0, stacked_chance: 0, organic_share: 0.2, near_change_chance: 0.4, decoys: false, max_steps: 30,
  },
  'gen-medium': {
    template_chance: 0.4, templates: TEMPLATES, services: [8, 16], roots: [1, 2], kinds: FAULT_KINDS, misleading_share: 0.3,
    red_herrings: [1, 2], noise: [8, 14], gaps: [0, 1], root_gap_chance: 0, sustaining_chance: 0.25, max_sustaining: 1, stacked_chance: 0, organic_share: 0.35, near_change_chance: 0.5, decoys: false, max_steps: 40,
  },
  'gen-hard': {
    template_chance: 0.25, templates: ['social-network', 'online-shop'], services: [12, 25], roots: [2, 3], kinds: FAULT_KINDS, misleading_share: 0.6,
    red_herrings: [2, 4], noise: [14, 22], gaps: [2, 3], root_gap_chance: 0.35, sustaining_chance: 0.5, max_sustaining: 1, stacked_chance: 1, organic_share: 0.4, near_change_chance: 0.6, decoys: true, max_steps: 60,
  },
  'gen-expert': {
    template_chance: 0, templates: TEMPLATES, services: [20, 40], roots: [3, 3], kinds: FAULT_KINDS, misleading_share: 0.7,
    red_herrings: [3, 5], noise: [30, 45], gaps: [3, 5], root_gap_chance: 0.5, sustaining_chance: 0.7, max_sustaining: 2, stacked_chance: 1, organic_share: 0.4, near_change_chance: 0.6, decoys: true, max_steps: 80,
  },
} as const satisfies Record<string, GeneratorKnobs>;

export type FamilyId = keyof typeof FAMILY_KNOBS;

const DESCRIPTIONS: Record<FamilyId, string> = {
  'gen-easy': 'A generated incident with one root cause whose symptoms show where it is, on a topology template or a small random system; few distractions.',
  'gen-medium': 'A generated incident with one or two root causes drawn from the whole catalog, a few red herrings and history noise, sometimes a sustaining fault that outlives its trigger and a service monitoring does not scrape.',
  'gen-hard': 'A generated incident with two or three root causes, mostly of the misleading kind (symptoms loudest elsewhere), one of them upstream of another where the downstream outage explains it away; decoy changes on the loudest services, sustaining faults, red herrings and observability gaps that can hide a root.',
  'gen-expert': 'A generated incident in a system of 20–40 services with three root causes, mostly misleading and stacked above one another, up to two sustaining faults, up to five red herrings and several observability gaps.',
};

const NAMES: Record<FamilyId, string> = {
  'gen-easy': 'Generated incident (easy)',
  'gen-medium': 'Generated incident (medium)',
  'gen-hard': 'Generated incident (hard)',
  'gen-expert': 'Generated incident (expert)',
};

const DIFFICULTY = { 'gen-easy': 'easy', 'gen-medium': 'medium', 'gen-hard': 'hard', 'gen-expert': 'expert' } as const;

const SEES: Record<FamilyId, string> = {
  'gen-easy': 'A page about customer-facing errors or latency, a handful of alerts, and a system small enough to read in a few steps. The broken service shows its own symptoms in its logs.',
  'gen-medium': 'An alert storm across one or two failure chains, a few unrelated warnings and recent harmless changes, sometimes a service without metrics.',
  'gen-hard': 'A large alert storm whose loudest alerts sit on victims rather than causes, recent harmless changes on those victims, services without metrics (possibly a root), a cause hiding behind another one further down, and a failure that outlives its cause.',
  'gen-expert': 'Everything in gen-hard, in a system of 20–40 services, with three independent root causes and up to two failures that outlive their causes.',
};

const NOTES: Record<FamilyId, string> = {
  'gen-easy': 'One root cause and one fix.',
  'gen-medium': 'One or two root causes; when a failure outlives its cause, it must be handled after the cause is fixed.',
  'gen-hard': 'Two or three root causes; every one must be found and fixed, in an order that holds, and the system checked again after each fix. Claims about the loud victims cost points.',
  'gen-expert': 'Three root causes; every one must be found and fixed, in an order that holds, and the system checked again after each fix. Claims about the loud victims cost points.',
};

const BACKGROUND =
  'Generated like the structural-causal-model benchmarks (several root causes by default, every fault visible at the service level objective), but in a causal simulation with state: faults are placed on services that can carry them, the system is sized to run healthy without them, and the test suite checks that the expert remedy solves sampled seeds of every family. The knobs per family are in src/scenarios/generator/families.ts.';

function family(id: FamilyId): ScenarioDefinition {
  const knobs: GeneratorKnobs = FAMILY_KNOBS[id];
  return {
    id,
    name: NAMES[id],
    difficulty: DIFFICULTY[id],
    source: 'generated',
    description: DESCRIPTIONS[id],
    title: 'Production alerts firing; customers affected',
    goal: 'Triage the alerts, find every root cause, mitigate in an order that holds, verify, resolve and write the postmortem.',
    max_steps: knobs.max_steps,
    build: (_seed, rng) => generateIncident(knobs, rng),
    card: { modelled_on: BACKGROUND, what_you_see: SEES[id], scoring_notes: NOTES[id], versions: [
      { version: 1, date: '2026-03-15', change: 'First version.' },
      { version: 2, date: '2026-12-08', change: 'Every service carries its kind’s configuration; harmless changes come from the faults’ own keys, authors, notes and leads; some roots come from no change at all; services are listed in no particular order.' },
    ] },
  };
}

/** The generated families, easiest first. The seed picks the incident. */
export const GENERATED_FAMILIES: readonly ScenarioDefinition[] = (['gen-easy', 'gen-medium', 'gen-hard', 'gen-expert'] as const).map(family);

export { MISLEADING_KINDS, PLAIN_KINDS };
