import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { isNativeObservation } from '../../agents/llm/render.js';
import { actToolSpec, nativeToolSpecs } from '../../agents/llm/tools.js';
import { FAILED_END_STATUSES, type Trajectory } from '../../contracts/index.js';
import { Environment } from '../../env/environment.js';
import type { TaskRegistry } from '../../env/registry.js';
import { createDefaultRegistry } from '../default-registry.js';
import { EXPORT_FORMATS, type ExportFormat, exportTools, formatTranscript, transcriptOf } from '../../eval/export.js';
import { actionJsonSchemaOf } from '../../eval/in-process-env.js';
import { DEFAULT_DB_PATH, RunStore } from '../../eval/store.js';
import { type InspectLogMeta, inspectLogOf, inspectLogsForRun, writeInspectLogs } from '../../eval/inspect-log.js';
import { readTrajectoryFile } from '../../eval/trajectory-file.js';
import { firedrillVersion } from '../../server/options.js';
import { type CliIo, type Command, UsageError } from '../command.js';
import { trajectoryFiles } from './replay.js';

const USAGE = `firedrill export --format sft|openai-tools|anthropic-tools|inspect [FILE|DIR ...] [--run ID ...] [--db PATH]
       [--success-only] [--min-score x] [--max-observation-chars n] [--metadata] [--out FILE]
       firedrill export --format openai-tools|anthropic-tools --tools-only [--task ID]
  Writes one chat-format JSON object per trajectory (system, user, assistant tool calls, tool results, tools).
  --format inspect writes Inspect AI eval logs (one per run and agent) into --out DIR, or one log to stdout.`;

export function createExportCommand(registry: () => TaskRegistry = createDefaultRegistry): Command {
  return {
    name: 'export',
    summary: 'Export stored trajectories as chat JSONL for SFT, or tool definitions for OpenAI and Anthropic',
    usage: USAGE,
    examples: ['firedrill export --format sft --run run-0123abcd --success-only --out sft.jsonl', 'firedrill export --format openai-tools firedrill-runs/ --metadata', 'firedrill export --format anthropic-tools --tools-only --task gen-hard'],
    async run(argv, io) {
      const { values: v, positionals } = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
          format: { type: 'string' },
          run: { type: 'string', multiple: true },
          db: { type: 'string', default: DEFAULT_DB_PATH },
          'success-only': { type: 'boolean', default: false },
          'min-score': { type: 'string' },
          'max-observation-chars': { type: 'string' },
          metadata: { type: 'boolean', default: false },
          'tools-only': { type: 'boolean', default: false },
          task: { type: 'string' },
          out: { type: 'string' },
        },
      });
      if (v.format === INSPECT_FORMAT) return exportInspect(positionals, v.run ?? [], v.db, v.out, io);
      const format = v.format as ExportFormat | undefined;
      if (!format || !EXPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${[...EXPORT_FORMATS, INSPECT_FORMAT].join(', ')}.`);
      const reg = registry();
      const write = (text: string) => {
        if (v.out) {
          writeFileSync(v.out, text);
          io.err(`wrote ${v.out}`);
        } else io.out(text.replace(/\n$/, ''));
      };
      if (v['tools-only']) {
        const native = !v.task || isNativeObservation(new Environment(reg).reset({ task_id: v.task }).observation);
        const tools = native ? nativeToolSpecs() : [actToolSpec(v.task ? actionJsonSchemaOf(reg, v.task) : undefined)];
        write(`${JSON.stringify(exportTools(tools, format), null, 2)}\n`);
        return 0;
      }
      const minScore = v['min-score'] === undefined ? null : Number(v['min-score']);
      if (minScore !== null && !Number.isFinite(minScore)) throw new UsageError('--min-score must be a number.');
      const maxChars = v['max-observation-chars'] === undefined ? undefined : Number(v['max-observation-chars']);
      if (maxChars !== undefined && (!Number.isInteger(maxChars) || maxChars < 200)) throw new UsageError('--max-observation-chars must be an integer ≥ 200.');

      const paths = positionals.length ? trajectoryFiles(positionals) : [];
      if (v.run?.length) {
        const store = new RunStore(v.db);
        try {
          for (const id of v.run) {
            if (!store.getRun(id)) throw new UsageError(`No run '${id}' in ${v.db}.`);
            paths.push(...store.episodes(id).map((e) => e.trajectory_path));
          }
        } finally {
          store.close();
        }
      }
      if (paths.length === 0) throw new UsageError('Give trajectory files or directories, or --run ID.');
      const lines: string[] = [];
      let skipped = 0;
      for (const path of paths) {
        const t: Trajectory = readTrajectoryFile(path);
        const score = t.end.report?.score ?? 0;
        // Failed episodes (the agent, its endpoint or the environment failed) are no demonstrations of anything.
        if (FAILED_END_STATUSES.includes(t.end.status) || (v['success-only'] && t.end.report?.success !== true) || (minScore !== null && score < minScore)) {
          skipped += 1;
          continue;
        }
        const schema = reg.has(t.header.task_id) ? actionJsonSchemaOf(reg, t.header.task_id) : undefined;
        lines.push(JSON.stringify(formatTranscript(transcriptOf(t, schema, maxChars), format, v.metadata)));
      }
      write(lines.length ? `${lines.join('\n')}\n` : '');
      io.err(`${lines.length} conversations exported (${format})${skipped ? `, ${skipped} filtered out` : ''}`);
      return 0;
    },
  };
}

export const exportCommand = createExportCommand();

const INSPECT_FORMAT = 'inspect';

/** `export --format inspect`: stored runs (one log per run and agent) or trajectory files (one log per agent). */
function exportInspect(positionals: string[], runs: string[], db: string, out: string | undefined, io: CliIo): number {
  const logs: { agent: string; runId: string; log: Record<string, unknown> }[] = [];
  if (runs.length) {
    const store = new RunStore(db);
    try {
      for (const id of runs) {
        const run = store.getRun(id);
        if (!run) throw new UsageError(`No run '${id}' in ${db}.`);
        logs.push(...inspectLogsForRun(run, store.episodes(id), readTrajectoryFile, firedrillVersion()));
      }
    } finally {
      store.close();
    }
  }
  if (positionals.length) {
    const byAgent = new Map<string, Trajectory[]>();
    for (const path of trajectoryFiles(positionals)) {
      const t = readTrajectoryFile(path);
      byAgent.set(t.header.agent, [...(byAgent.get(t.header.agent) ?? []), t]);
    }
    for (const [agent, trajectories] of byAgent) {
      const createdAt = trajectories.map((t) => t.header.started_at).sort()[0] ?? new Date(0).toISOString();
      const meta: InspectLogMeta = { runId: 'trajectories', createdAt, status: 'finished', agent, agentOptions: {}, firedrillVersion: firedrillVersion(), source: 'trajectory files' };
      logs.push({ agent, runId: 'trajectories', log: inspectLogOf(meta, trajectories) });
    }
  }
  if (logs.length === 0) throw new UsageError('Give trajectory files or directories, or --run ID.');
  if (out) {
    const paths = writeInspectLogs(out, logs);
    io.err(`${paths.length} Inspect log(s) written to ${out}`);
  } else if (logs.length === 1) io.out(JSON.stringify(logs[0]!.log));
  else throw new UsageError(`${logs.length} logs (one per run and agent): give --out DIR.`);
  return 0;
}
