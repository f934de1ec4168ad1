import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { NativeEngine } from '../../env/native/engine.js';
import { Rng } from '../../lib/index.js';
import type { TaskRegistry } from '../../env/registry.js';
import { actionJsonSchemaOf } from '../../eval/in-process-env.js';
import { type ScenarioDefinition, CURATED_SCENARIOS, GENERATED_FAMILIES, NATIVE_SCENARIOS, STORY_SCENARIOS } from '../../scenarios/index.js';
import { renderCard } from '../../scenarios/card.js';
import { formatScenarioErrors } from '../../scenarios/file/index.js';
import { clockLabel, createWorld, FAULT_MODELS, type WorldState, WorldSpecSchema } from '../../sim/index.js';
import { type CliIo, type Command, UsageError } from '../command.js';
import { createDefaultRegistry } from '../default-registry.js';
import { actionForms } from '../play/action-line.js';
import { readScenarioFile, registryFor } from '../scenario-dir.js';
import { formatTable } from './tasks.js';

const USAGE = [
  'firedrill scenarios validate FILE...             check scenario files (YAML or JSON)',
  '       firedrill scenarios show ID [--seed N] [--scenarios DIR] [--reveal] [--json]',
  '                                                 topology, timeline and card of a scenario',
  '       firedrill scenarios cards --out DIR        write the task cards of curated and generated tasks',
].join('\n');

export const scenariosCommand: Command = {
  name: 'scenarios',
  summary: 'Validate scenario files; show a scenario (topology, timeline, card); write task cards',
  usage: USAGE,
  description: 'A scenario file (YAML or JSON, see docs/scenarios.md) defines a task: its topology, faults and timeline. Load a directory of them into any command that plays tasks with --scenarios DIR.',
  examples: ['firedrill scenarios validate examples/scenarios/*.yaml', 'firedrill scenarios show checkout-errors-v1 --seed 2', 'firedrill scenarios show my-outage-v1 --scenarios examples/scenarios', 'firedrill scenarios cards --out docs/tasks'],
  async run(argv, io) {
    const [sub, ...rest] = argv;
    switch (sub) {
      case 'validate':
        return validate(rest, io);
      case 'show':
        return show(rest, io);
      case 'cards':
        return cards(rest, io);
      default:
        throw new UsageError(sub ? `Unknown subcommand '${sub}'.` : 'Missing subcommand.');
    }
  },
};

function validate(argv: string[], io: CliIo): number {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
  if (positionals.length === 0) throw new UsageError('Name at least one scenario file.');
  let invalid = 0;
  for (const file of positionals) {
    const r = readScenarioFile(file);
    if (r.definition) io.out(`${file}: ok (${r.definition.id})`);
    else {
      invalid += 1;
      io.err(formatScenarioErrors(file, r.errors));
    }
  }
  return invalid === 0 ? 0 : 1;
}

interface TimelineEntry {
  minute: number;
  what: string;
}

function show(argv: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { seed: { type: 'string', default: '0' }, scenarios: { type: 'string' }, reveal: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
  });
  const id = positionals[0];
  if (!id) throw new UsageError('Name the scenario id.');
  const seed = Number(values.seed);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new UsageError(`--seed must be a non-negative integer, got '${values.seed}'.`);
  const registry = registryFor(values.scenarios, io);
  const engine = registry.get(id);
  if (!(engine instanceof NativeEngine)) {
    io.err(`'${id}' is a task of a compat environment; only native scenarios have a topology to show.`);
    return 1;
  }
  const def = engine.scenario;
  const spec = WorldSpecSchema.parse(def.build(seed, Rng.fromSeed(seed, 0xb01d)));
  const world = createWorld(spec, seed);
  const timeline = timelineOf(world, spec.start_minute, values.reveal);
  const faults = world.faults.map((f) => ({ id: f.id, kind: f.kind, service: f.service, onset: f.onset, trigger: f.trigger, remedy: FAULT_MODELS[f.kind].remedy(f, world) }));
  if (values.json) {
    io.out(
      JSON.stringify(
        {
          id: def.id,
          seed,
          source: def.source,
          difficulty: def.difficulty,
          topology: { services: spec.services, edges: spec.edges, load_rps: spec.load_rps },
          timeline,
          ...(values.reveal ? { faults } : { faults_hidden: faults.length }),
          card: renderCard(def),
        },
        null,
        2,
      ),
    );
    return 0;
  }
  io.out(`${def.id} — ${def.name}`);
  io.out(`source ${def.source} · difficulty ${def.difficulty} · max steps ${def.max_steps} · seed ${seed} · load ${spec.load_rps} req/s`);
  io.out(`\nTopology (${spec.services.length} services, ${spec.edges.length} call edges)`);
  io.out(indent(formatTable(['service', 'kind', 'replicas', 'version', 'monitored'], spec.services.map((s) => [s.public ? `${s.name} (public)` : s.name, s.kind, String(s.replicas), s.version, s.monitored ? 'yes' : 'no']))));
  io.out('');
  for (const e of spec.edges) io.out(`  ${e.from} -> ${e.to}  ${e.calls}/request, timeout ${e.timeout_ms} ms, retries ${e.retries}${e.breaker ? ', breaker' : ''}${e.fallback ? ', fallback' : ''}`);
  io.out(`\nTimeline (T = minutes from incident onset, ${clockLabel(world.onset_date, world.onset_time, 0)})`);
  for (const t of timeline) io.out(`  ${offset(t.minute).padStart(6)}  ${t.what}`);
  if (values.reveal) {
    io.out('\nFaults (ground truth)');
    for (const f of faults) io.out(`  ${f.id}: ${f.kind} on ${f.service} from ${offset(f.onset)}${f.trigger ? `, sustained by ${f.trigger}` : ''}; remedy: ${f.remedy.map((r) => `${r.fix} ${r.service}${r.params ? ` ${JSON.stringify(r.params)}` : ''}`).join(', then ')}`);
  } else {
    io.out(`\n${faults.length} fault(s) hidden; --reveal shows them and their remedies.`);
  }
  io.out(`\n${renderCard(def)}`);
  return 0;
}

function timelineOf(world: WorldState, start: number, reveal: boolean): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const d of world.deploys) if (d.minute <= start) out.push({ minute: d.minute, what: `deploy ${d.service} ${d.previous} -> ${d.version} by ${d.author}${d.note ? `: ${d.note}` : ''}` });
  for (const c of world.config_changes) if (c.minute <= start) out.push({ minute: c.minute, what: `config ${c.service} ${c.key}: ${String(c.from)} -> ${String(c.to)} by ${c.author}` });
  out.push({ minute: 0, what: 'incident onset' });
  if (reveal) for (const e of world.events) if (e.type === 'fault_active') out.push({ minute: e.minute, what: `fault ${e.fault} active` });
  for (const a of world.alerts) out.push({ minute: a.fired_at, what: `alert ${a.severity}: ${a.title}${a.resolved_at !== null ? ` (resolved ${offset(a.resolved_at)})` : ''}` });
  out.push({ minute: start, what: 'on-call engineer paged (the episode starts)' });
  return out.sort((a, b) => a.minute - b.minute);
}

function cards(argv: string[], io: CliIo): number {
  const { values } = parseArgs({ args: argv, options: { out: { type: 'string' } } });
  if (!values.out) throw new UsageError('--out DIR is required.');
  mkdirSync(values.out, { recursive: true });
  const all: readonly ScenarioDefinition[] = [...NATIVE_SCENARIOS, ...CURATED_SCENARIOS, ...GENERATED_FAMILIES, ...STORY_SCENARIOS];
  for (const def of all) writeFileSync(join(values.out, `${def.id}.md`), renderCard(def));
  const registry = createDefaultRegistry();
  const compat = registry.list().filter((t) => !all.some((d) => d.id === t.id) && !(registry.get(t.id) instanceof NativeEngine));
  for (const info of compat) writeFileSync(join(values.out, `${info.id}.md`), compatCard(registry, info.id));
  io.out(`wrote ${all.length + compat.length} task cards to ${values.out}`);
  return 0;
}

/** The card of a compat task: what it keeps of its original environment; docs/compat.md has the details. */
export function compatCard(registry: TaskRegistry, id: string): string {
  const engine = registry.get(id);
  const info = engine.info;
  const actions = actionForms(actionJsonSchemaOf(registry, id)).map((f) => `\`${f.type}\``);
  return [
    `# ${info.name}`,
    '',
    info.description,
    '',
    '| | |',
    '|---|---|',
    `| Task id | \`${info.id}\` |`,
    `| Source | ${info.source} (a compat environment) |`,
    `| Difficulty | ${info.difficulty} |`,
    `| Max steps | ${info.max_steps} |`,
    `| Reward profile | \`${engine.defaultRewardProfile}\` |`,
    '',
    '## What the agent sees',
    '',
    `The observation and the action format of the ${info.source} environment, unchanged. Actions: ${actions.join(', ')}.`,
    '',
    '## How it is scored',
    '',
    `By the ${info.source} environment's own reward arithmetic and grader, with its bugs fixed; every difference from the original, and the tests that pin the scores down, are in [docs/compat.md](../compat.md). The reference agents of \`firedrill validate\` and \`firedrill eval\` play only the native actions, so they skip this task.`,
    '',
  ].join('\n');
}

function offset(minute: number): string {
  return `T${minute < 0 ? '-' : '+'}${Math.abs(minute)}`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
