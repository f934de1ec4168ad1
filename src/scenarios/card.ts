import { Rng } from '../lib/index.js';
import type { ScenarioDefinition } from './scenario.js';

const SCORING = [
  'Scored by the native rubric from the episode\'s actions and the final state of the simulated system: triage (priority and role of each alert that was firing on arrival), localization and characterization (root-cause claims, where every wrong claim costs), mitigation (every fault resolved, nothing relapsing, and every service inside its SLO for the settle window, with no invariant broken), the postmortem (consistent with what happened), safety (harmful or unnecessary changes) and efficiency (simulated time to mitigate). The grade report at the end explains every criterion and reveals the ground truth.',
];

const SEEDS = {
  curated: 'Every seed builds a varied instance of the same story: load, replica counts, versions, timings and telemetry noise change; the cause does not.',
  generated: 'The seed picks the incident: topology, root causes, red herrings and gaps all change from seed to seed (train on seeds 0–999,999; test seeds are 1,000,000–1,999,999).',
  user: 'Every seed builds the same system; the seed changes telemetry noise only.',
} as const;

/** The Markdown task card of a scenario (docs/tasks/<id>.md). Spoiler-free except the last section. */
export function renderCard(def: ScenarioDefinition): string {
  const spec = def.build(0, Rng.fromSeed(0, 0xb01d));
  const services = spec.services.length;
  const edges = spec.edges.length;
  const card = def.card;
  const lines = [
    `# ${def.name}`,
    '',
    def.description,
    '',
    '| | |',
    '|---|---|',
    `| Task id | \`${def.id}\` |`,
    `| Source | ${def.source} |`,
    `| Difficulty | ${def.difficulty} |`,
    `| Max steps | ${def.max_steps} |`,
    `| System | ${def.source === 'generated' ? `varies with the seed (seed 0: ${services} services, ${edges} call edges)` : `${services} services, ${edges} call edges (seed 0)`} |`,
    '',
    '## What the agent sees',
    '',
    `Paged with: **${def.title}**. Goal: ${def.goal}`,
    '',
    ...(card ? [card.what_you_see, ''] : []),
    `The agent works through the native actions (list services, dependencies, logs, metrics, traces, deploys, configuration, triage, diagnosis, fixes, verification, postmortem, resolve). Every service runs one technology (PostgreSQL, Redis, Kafka, a JVM or Go service, nginx, …), shown by list_services, and its logs, configuration keys and metric names are that software's own (docs/telemetry.md). ${card?.seeds ?? SEEDS[def.source === 'user' ? 'user' : def.source === 'generated' ? 'generated' : 'curated']}`,
    '',
    '## How it is scored',
    '',
    ...SCORING,
    '',
    ...(card ? [card.scoring_notes, ''] : []),
    '## Version history',
    '',
    '| Version | Date | Change |',
    '|---|---|---|',
    ...(card?.versions ?? [{ version: 1, date: '', change: 'First version.' }]).map((v) => `| ${v.version} | ${v.date} | ${v.change} |`),
    '',
  ];
  if (card) lines.push('## Background (spoiler)', '', card.modelled_on, '');
  return lines.join('\n');
}
