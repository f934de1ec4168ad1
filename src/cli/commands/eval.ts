import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { z } from 'zod';

import type { AgentOptions, AgentRegistry } from '../../agents/registry.js';
import { createDefaultAgentRegistry } from '../../agents/registry.js';
import type { TaskRegistry } from '../../env/registry.js';
import { AgentUnavailableError } from '../../agents/agent-error.js';
import { REFERENCE_AGENTS } from '../../agents/reference.js';
import { loadAgentPlan } from '../../eval/agent-loader.js';
import { NATIVE_ACTION_SOURCES } from '../../eval/validate.js';
import { type EnvSource, inProcessSource } from '../../eval/in-process-env.js';
import { Progress } from '../../eval/progress.js';
import { clientConnector, type RemoteConnector, remoteSource, type RemoteTransport } from '../../eval/remote-source.js';
import { inspectLogsForRun, writeInspectLogs } from '../../eval/inspect-log.js';
import { renderMarkdown, reportForRuns, writeReports } from '../../eval/report/index.js';
import { type AgentPlan, type EpisodeRef, runEval } from '../../eval/runner.js';
import { CompatLineWriter, compatLogStyle } from '../../eval/compat-log.js';
import { DEFAULT_DB_PATH, RunStore } from '../../eval/store.js';
import { type Benchmarks, resolveEpisodes } from '../../eval/task-selector.js';
import { readTrajectoryFile } from '../../eval/trajectory-file.js';
import { parseIntList } from '../../lib/index.js';
import * as scenarios from '../../scenarios/index.js';
import { firedrillVersion } from '../../server/options.js';
import { CliError, type CliIo, type Command, UsageError } from '../command.js';
import { registryFor } from '../scenario-dir.js';

export const DEFAULT_OUT_DIR = './firedrill-runs';
const DEFAULT_SEEDS = '0..4';
/** The endpoint for HF_TOKEN when no base URL is given (as the originals' baselines use). */
export const HF_ROUTER = 'https://router.huggingface.co/v1';

export interface EvalCommandDeps {
  registry?: () => TaskRegistry;
  agents?: () => AgentRegistry;
  benchmarks?: () => Benchmarks;
  env?: Record<string, string | undefined>;
  /** How to reach a server for --server (defaults to src/client's HTTP or WebSocket client). */
  connect?: (transport: RemoteTransport, apiKey?: string) => RemoteConnector;
  /** Raw writes for the progress bar on a terminal. */
  writeProgress?: (text: string) => void;
}

const USAGE = `firedrill eval --agent <name|path> --tasks <ids|family|benchmark> [--seeds a..b] [--repeats k] [--concurrency n]
       [--max-steps n] [--server URL [--transport http|ws]] [--scenarios DIR] [--db PATH] [--out DIR] [--run-id ID] [--log-format default|compat]
       [--quiet] [--dry-run] [--base-url URL] [--model NAME] [--temperature t] [--llm-seed n] [--max-tokens n] [--stream] [--tool-mode auto|native|json]
       [--price-input $/1M] [--price-output $/1M] [--timeout-ms n] [--max-retries n] [--agent-option key=value ...]
  --agent        a registered agent (${'`firedrill eval --list-agents`'}) or a module (.js, or .ts through tsx) whose default export is
                 (opts) => Agent; repeat or comma-separate to compare
  --tasks        task ids, a family prefix (gen-easy), all, or a benchmark (firedrill-bench-v1, which fixes its own seeds); comma-separated
  --seeds        a..b or a,b,c (default ${DEFAULT_SEEDS}); not with a benchmark
  --repeats      tries per task and seed (pass^k needs k ≥ 2)
  --server       play against a running server instead of in process
  --scenarios    also load the scenario files of DIR, so --tasks can name them (see docs/scenarios.md)
  --db, --out    the SQLite run store (default ${DEFAULT_DB_PATH}) and the directory of trajectories and reports (default ${DEFAULT_OUT_DIR})
  --dry-run      check the plan and each agent's endpoint and key (one tiny request), then stop
  --log-format   compat: print the [START]/[STEP]/[END] lines of the hackathon baselines
  Reference agents play only tasks with the native action set; on compat tasks they are skipped with a reason.
  The LLM agent reads its key from OPENAI_API_KEY, else HF_TOKEN; its endpoint from --base-url, else OPENAI_BASE_URL,
  else the Hugging Face router when only HF_TOKEN is set, else the OpenAI API. eval checks the endpoint and key before the
  first episode and stops at once when the key is refused or the endpoint cannot be reached.`;

const OPTIONS = {
  agent: { type: 'string', multiple: true },
  tasks: { type: 'string' },
  seeds: { type: 'string' },
  repeats: { type: 'string', default: '1' },
  concurrency: { type: 'string', default: '1' },
  'max-steps': { type: 'string' },
  server: { type: 'string' },
  transport: { type: 'string', default: 'http' },
  db: { type: 'string', default: DEFAULT_DB_PATH },
  out: { type: 'string', default: DEFAULT_OUT_DIR },
  'run-id': { type: 'string' },
  'log-format': { type: 'string', default: 'default' },
  quiet: { type: 'boolean', default: false },
  'list-agents': { type: 'boolean', default: false },
  'dry-run': { type: 'boolean', default: false },
  scenarios: { type: 'string' },
  'base-url': { type: 'string' },
  model: { type: 'string' },
  temperature: { type: 'string' },
  'llm-seed': { type: 'string' },
  'max-tokens': { type: 'string' },
  stream: { type: 'boolean' },
  'tool-mode': { type: 'string' },
  'price-input': { type: 'string' },
  'price-output': { type: 'string' },
  'timeout-ms': { type: 'string' },
  'max-retries': { type: 'string' },
  'agent-option': { type: 'string', multiple: true },
} as const;

export function createEvalCommand(deps: EvalCommandDeps = {}): Command {
  return {
    name: 'eval',
    summary: 'Evaluate agents on tasks × seeds; store runs, trajectories and reports',
    usage: USAGE,
    description: 'Runs every agent × task × seed × repeat, stores each episode in the SQLite run store (--db) and its trajectory under --out, and prints the report (mean score with 95% CI, success, pass^k, failures apart). Rerunning the same command resumes the run; failed episodes are played again. An agent or LLM failure ends its episode as failed, never as a 0 score, and makes eval exit 1.',
    examples: [
      'firedrill eval --agent investigator --tasks gen-hard --seeds 0..9',
      'firedrill eval --agent random,investigator --tasks firedrill-bench-v1',
      'OPENAI_API_KEY=… firedrill eval --agent llm --model gpt-4o-mini --tasks gen-easy --seeds 0..4',
      'firedrill eval --agent llm --base-url http://localhost:11434/v1 --model qwen3 --tasks all --dry-run',
      'firedrill eval --agent ./my-agent.ts --tasks checkout-errors-v1 --server http://localhost:8000',
    ],
    async run(argv, io) {
      const { values: v } = parseArgs({ args: argv, options: OPTIONS, strict: true });
      const agentRegistry = (deps.agents ?? createDefaultAgentRegistry)();
      if (v['list-agents']) {
        for (const a of agentRegistry.list()) io.out(`${a.name.padEnd(16)}  ${a.summary}`);
        return 0;
      }
      const agentSpecs = (v.agent ?? []).flatMap((a) => a.split(',')).map((a) => a.trim()).filter(Boolean);
      if (agentSpecs.length === 0) throw new UsageError('--agent is required.');
      if (!v.tasks) throw new UsageError('--tasks is required.');
      const logFormat = v['log-format'];
      // `seed` is the older name of `compat`, still accepted.
      if (logFormat !== 'default' && logFormat !== 'compat' && logFormat !== 'seed') throw new UsageError(`--log-format must be default or compat, not ${logFormat}.`);
      const repeats = positiveInt(v.repeats, 'repeats');
      const concurrency = positiveInt(v.concurrency, 'concurrency');
      const maxSteps = v['max-steps'] === undefined ? undefined : positiveInt(v['max-steps'], 'max-steps');

      const registry = deps.registry ? deps.registry() : registryFor(v.scenarios, io);
      const benchmarks = (deps.benchmarks ?? defaultBenchmarks)();
      const parts = v.tasks.split(',').map((t) => t.trim());
      const benchmark = parts.find((p) => Object.hasOwn(benchmarks, p));
      if (benchmark !== undefined && v.seeds !== undefined) throw new UsageError(`--seeds cannot be combined with the benchmark ${benchmark}, which fixes its own seeds.`);
      const episodes = resolveEpisodes(v.tasks, registry.ids(), parseSeeds(v.seeds ?? DEFAULT_SEEDS), benchmarks);
      const env = deps.env ?? process.env;
      const agentOptions = collectAgentOptions(v, env);
      const plans: AgentPlan[] = [];
      for (const spec of agentSpecs) plans.push(await loadPlan(spec, agentOptions, agentRegistry, registry, v.server !== undefined));
      // Fail fast on what no retry fixes (a missing or refused key, an unreachable endpoint), before any episode.
      for (const plan of plans) {
        try {
          await plan.preflight?.();
        } catch (err) {
          if (err instanceof AgentUnavailableError) throw new CliError(`${plan.label} cannot run: ${err.message}`, 'Nothing was run. `firedrill eval --dry-run …` checks the endpoint and key alone.');
          throw err;
        }
      }
      if (v['dry-run']) {
        const unplayable = plans.flatMap((p) => [...new Set(episodes.map((e) => e.task_id))].flatMap((t) => (p.cannotPlay?.(t) ? [t] : [])).map(() => 1)).length;
        io.out(`dry run: ${plans.map((p) => p.label).join(', ')} ready; ${plans.length * episodes.length * repeats} episodes planned${unplayable ? ` (${unplayable} agent × task pairs would be skipped)` : ''}; nothing was run.`);
        return 0;
      }

      const transport = v.transport;
      if (transport !== 'http' && transport !== 'ws') throw new UsageError(`--transport must be http or ws, not ${transport}.`);
      const source = sourceFor(v.server, transport, registry, deps, env);
      const store = new RunStore(v.db);
      const controller = new AbortController();
      const onSigint = () => {
        if (controller.signal.aborted) process.exit(130);
        controller.abort();
        io.err('\nInterrupted: finishing the running episodes (Ctrl-C again to quit now); rerun the same command to resume.');
      };
      process.on('SIGINT', onSigint);
      try {
        const progress = new Progress({ tty: Boolean(io.errIsTty) && logFormat === 'default' && !v.quiet, write: deps.writeProgress ?? io.writeProgress ?? ((t) => process.stderr.write(t)), summaryOnly: !io.errIsTty });
        const compatLines = logFormat !== 'default' ? compatLogPrinter(io, registry, concurrency) : null;
        const result = await runEval(
          {
            agents: plans,
            episodes,
            repeats,
            taskVersions: Object.fromEntries([...new Set(episodes.map((e) => e.task_id))].map((id) => [id, registry.get(id).version])),
            ...(maxSteps !== undefined ? { maxSteps } : {}),
            ...(v['run-id'] ? { runId: v['run-id'] } : {}),
          },
          {
            source,
            store,
            outDir: v.out,
            concurrency,
            signal: controller.signal,
            events: {
              onPlanned: (total, skipped) => (v.quiet ? undefined : progress.start(total, skipped)),
              onUnplayable: (agent, task, reason) => io.err(`skipped ${agent} on ${task}: ${reason}`),
              onEpisodeStart: (ref) => compatLines?.start(ref),
              onStep: (ref, step) => compatLines?.step(ref, step),
              onEpisodeEnd: (ref, record, t) => {
                compatLines?.end(ref, t);
                if (!v.quiet) progress.tick(`${ref.agent} ${ref.task_id} seed=${ref.seed} repeat=${ref.repeat}: ${record.status} score=${record.score.toFixed(3)} steps=${record.steps}`);
              },
              onEpisodeError: (ref, message) => {
                compatLines?.drop(ref);
                if (!v.quiet) progress.tick(`${ref.agent} ${ref.task_id} seed=${ref.seed} repeat=${ref.repeat}: FAILED`, true);
                progress.interject(`episode ${ref.agent} ${ref.task_id} seed=${ref.seed} repeat=${ref.repeat} failed: ${message}`, (line) => io.err(line));
              },
            },
          },
        );
        if (!v.quiet) progress.finish();
        const summary = reportForRuns(store, [result.runId]);
        const paths = writeReports(summary, join(v.out, result.runId));
        const runRow = store.getRun(result.runId);
        const inspectPaths = runRow ? writeInspectLogs(join(v.out, result.runId, 'inspect'), inspectLogsForRun(runRow, store.episodes(result.runId), readTrajectoryFile, firedrillVersion())) : [];
        if (logFormat === 'default') io.out(renderMarkdown(summary));
        const unplayable = result.unplayable ? `, ${result.unplayable} skipped (agent cannot play the task)` : '';
        io.err(`run ${result.runId}: ${result.ran} ran, ${result.skipped} already done, ${result.failed} failed${unplayable}${result.interrupted ? ', interrupted' : ''} · db ${v.db} · reports ${paths.md}, ${paths.html}, ${paths.json}${inspectPaths.length ? ` · Inspect logs ${join(v.out, result.runId, 'inspect')}` : ''}`);
        if (result.failed > 0) io.err(`${result.failed} episode(s) failed and were not scored; rerun the same command to play them again.`);
        return result.failed > 0 ? 1 : result.interrupted ? 130 : 0;
      } finally {
        process.removeListener('SIGINT', onSigint);
        store.close();
      }
    },
  };
}

export const evalCommand = createEvalCommand();

/** The benchmark lists of src/scenarios, once it exports `BENCHMARKS` ({ name: [{task_id, seed}] }). */
function defaultBenchmarks(): Benchmarks {
  const b = (scenarios as Record<string, unknown>)['BENCHMARKS'];
  return typeof b === 'object' && b !== null ? (b as Benchmarks) : {};
}

function sourceFor(server: string | undefined, transport: RemoteTransport, registry: TaskRegistry, deps: EvalCommandDeps, env: Record<string, string | undefined>): EnvSource {
  if (!server) return inProcessSource(registry);
  if (!/^https?:\/\//.test(server)) throw new UsageError(`--server must be an http(s) URL, not ${server}.`);
  return remoteSource(server, (deps.connect ?? clientConnector)(transport, env['FIREDRILL_API_KEY']));
}

async function loadPlan(spec: string, options: AgentOptions, registry: AgentRegistry, tasks: TaskRegistry, remote: boolean): Promise<AgentPlan> {
  let plan: AgentPlan;
  try {
    plan = await loadAgentPlan(spec, options, registry);
  } catch (err) {
    if (err instanceof z.ZodError) {
      const issue = err.issues[0];
      throw new UsageError(`Invalid option for agent ${spec}: ${issue ? `${issue.path.join('.')}: ${issue.message}` : err.message}`);
    }
    throw err;
  }
  const reference = Object.hasOwn(REFERENCE_AGENTS, spec);
  const native = new Set(tasks.list().filter((t) => NATIVE_ACTION_SOURCES.includes(t.source)).map((t) => t.id));
  const reason = (taskId: string): string | null => {
    if (reference && !native.has(taskId)) return `${spec} plays only tasks with the native action set, and ${taskId} is a ${tasks.get(taskId).info.source} compat task (use --agent llm or your own agent module)`;
    if (plan.needsGroundTruth && remote) return `${spec} reads the ground truth, which only an in-process environment gives (drop --server)`;
    return null;
  };
  return { ...plan, cannotPlay: reason };
}

export function collectAgentOptions(v: Record<string, unknown>, env: Record<string, string | undefined>): AgentOptions {
  const opts: AgentOptions = {};
  const num = (flag: string, key: string) => {
    const raw = v[flag];
    if (raw === undefined) return;
    const n = Number(raw);
    if (!Number.isFinite(n)) throw new UsageError(`--${flag} must be a number, not ${String(raw)}.`);
    opts[key] = n;
  };
  const baseUrl = typeof v['base-url'] === 'string' ? v['base-url'] : (env['OPENAI_BASE_URL'] ?? (env['HF_TOKEN'] && !env['OPENAI_API_KEY'] ? HF_ROUTER : undefined));
  if (baseUrl) opts['baseUrl'] = baseUrl;
  if (typeof v['model'] === 'string') opts['model'] = v['model'];
  num('temperature', 'temperature');
  num('llm-seed', 'seed');
  num('max-tokens', 'maxTokens');
  num('price-input', 'priceInputPerM');
  num('price-output', 'priceOutputPerM');
  num('timeout-ms', 'timeoutMs');
  num('max-retries', 'maxRetries');
  if (v['stream'] === true) opts['stream'] = true;
  if (typeof v['tool-mode'] === 'string') opts['toolMode'] = v['tool-mode'];
  for (const kv of (v['agent-option'] as string[] | undefined) ?? []) {
    const i = kv.indexOf('=');
    if (i <= 0) throw new UsageError(`--agent-option takes key=value, not ${kv}.`);
    const raw = kv.slice(i + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // a bare string
    }
    opts[kv.slice(0, i)] = value;
  }
  const key = env['OPENAI_API_KEY'] ?? env['HF_TOKEN'];
  if (key) opts['apiKey'] = key;
  return opts;
}

function parseSeeds(spec: string): number[] {
  try {
    return parseIntList(spec);
  } catch (err) {
    throw new UsageError(`--seeds: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function positiveInt(raw: string, name: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer, not ${raw}.`);
  return n;
}

/** Prints the originals' [START]/[STEP]/[END] lines: live with one episode at a time, per episode when concurrent. */
function compatLogPrinter(io: CliIo, registry: TaskRegistry, concurrency: number) {
  const writers = new Map<string, { w: CompatLineWriter; lines: string[] }>();
  const key = (r: EpisodeRef) => `${r.agent}\u0000${r.task_id}\u0000${r.seed}\u0000${r.repeat}`;
  const live = concurrency === 1;
  const emit = (entry: { lines: string[] }, line: string) => (live ? io.out(line) : entry.lines.push(line));
  return {
    start(ref: EpisodeRef) {
      const entry = { w: new CompatLineWriter(compatLogStyle(registry.get(ref.task_id).info.source), ref.task_id, ref.agent), lines: [] as string[] };
      writers.set(key(ref), entry);
      emit(entry, entry.w.start());
    },
    step(ref: EpisodeRef, step: Parameters<CompatLineWriter['step']>[0]) {
      const entry = writers.get(key(ref));
      if (entry) emit(entry, entry.w.step(step));
    },
    end(ref: EpisodeRef, t: Parameters<CompatLineWriter['end']>[0]) {
      const entry = writers.get(key(ref));
      if (!entry) return;
      emit(entry, entry.w.end(t));
      if (!live) for (const line of entry.lines) io.out(line);
      writers.delete(key(ref));
    },
    drop(ref: EpisodeRef) {
      writers.delete(key(ref));
    },
  };
}
