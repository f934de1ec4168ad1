import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { REFERENCE_AGENTS } from '../../src/agents/reference.js';
import { runEpisode } from '../../src/agents/run-episode.js';
import { createEvalCommand } from '../../src/cli/commands/eval.js';
import { createExportCommand } from '../../src/cli/commands/export.js';
import { createDefaultRegistry } from '../../src/cli/default-registry.js';
import type { Trajectory } from '../../src/contracts/index.js';
import { Environment } from '../../src/env/environment.js';
import { inspectLogOf, INSPECT_SCORER } from '../../src/eval/inspect-log.js';
import { writeTrajectoryFile } from '../../src/eval/trajectory-file.js';

/** Inspect's published log schema, as the excerpt kept in test/fixtures/inspect (its $comment says what it holds). */
const schema = JSON.parse(readFileSync(resolve(__dirname, '..', 'fixtures', 'inspect', 'log-schema.excerpt.json'), 'utf8')) as object;
const ajv = new Ajv2020({ strict: false, allErrors: true });
const validate = ajv.compile(schema);

function valid(log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).slice(0, 10).map((e: { instancePath: string; message?: string }) => `${e.instancePath} ${e.message ?? ''}`);
}

const registry = createDefaultRegistry();
let trajectories: Trajectory[];
let work: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'firedrill-inspect-'));
  trajectories = [];
  for (const [task, seed] of [['checkout-errors-v1', 1_000_000], ['token-exchange-failing-v1', 1_000_001]] as const) {
    for (const repeat of [0, 1]) {
      const env = new Environment(registry);
      const like = { reset: async (o: unknown) => env.reset(o), step: async (a: unknown) => env.step(a), state: async () => env.state(), close: async () => {} };
      trajectories.push(await runEpisode(like, REFERENCE_AGENTS['reactive']!(), { taskId: task, seed, repeat }));
    }
  }
  // An infrastructure failure: the environment dropped mid-episode, no grade.
  const broken = structuredClone(trajectories[0]!);
  broken.header.seed = 1_000_002;
  broken.end = { ...broken.end, status: 'env_error', report: null, error: 'connection reset by the environment server' };
  trajectories.push(broken);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const meta = { runId: 'run-test', createdAt: '2026-12-07T00:00:00.000Z', status: 'finished' as const, agent: 'reactive', agentOptions: {}, firedrillVersion: '0.1.0', source: 'in-process' };

describe('Inspect AI eval logs', () => {
  it('validate against Inspect’s published log schema', () => {
    expect(valid(inspectLogOf(meta, trajectories))).toEqual([]);
  });

  it('the schema check bites: a missing required field or a wrong type fails', () => {
    const log = inspectLogOf(meta, trajectories) as { eval: Record<string, unknown>; samples: Record<string, unknown>[] };
    const noModel = structuredClone(log);
    delete noModel.eval['model'];
    expect(valid(noModel).join()).toContain('model');
    const badEpoch = structuredClone(log);
    badEpoch.samples[0]!['epoch'] = 'one';
    expect(valid(badEpoch).length).toBeGreaterThan(0);
    const extra = structuredClone(log);
    extra.samples[0]!['firedrill_only'] = true;
    expect(valid(extra).length).toBeGreaterThan(0);
  });

  it('one sample per episode with the grade as score; an environment failure is an error, never a 0', () => {
    const log = inspectLogOf(meta, trajectories) as {
      status: string;
      eval: { model: string; dataset: { samples: number } };
      results: { total_samples: number; completed_samples: number; scores: { scored_samples: number; unscored_samples: number; metrics: Record<string, { value: number }> }[] };
      samples: { id: string; epoch: number; scores: Record<string, { value: number }> | null; error: { message: string } | null; messages: { role: string }[] }[];
    };
    expect(log.status).toBe('success');
    expect(log.eval.model).toBe('firedrill/reactive');
    expect(log.samples.map((s) => [s.id, s.epoch])).toEqual([
      ['checkout-errors-v1/seed-1000000', 1],
      ['checkout-errors-v1/seed-1000000', 2],
      ['checkout-errors-v1/seed-1000002', 1],
      ['token-exchange-failing-v1/seed-1000001', 1],
      ['token-exchange-failing-v1/seed-1000001', 2],
    ]);
    const failed = log.samples[2]!;
    expect(failed.scores).toBeNull();
    expect(failed.error?.message).toContain('connection reset');
    expect(log.results).toMatchObject({ total_samples: 5, completed_samples: 4 });
    expect(log.results.scores[0]).toMatchObject({ scored_samples: 4, unscored_samples: 1 });
    const graded = trajectories.slice(0, 4).map((t) => t.end.report!.score);
    expect(log.results.scores[0]!.metrics['mean']!.value).toBeCloseTo(graded.reduce((a, b) => a + b, 0) / 4, 12);
    expect(Object.keys(log.results.scores[0]!.metrics)).toEqual(expect.arrayContaining(['mean', 'stderr', 'success_rate', 'pass_at_1', 'pass_at_2']));
    expect(log.samples[0]!.scores![INSPECT_SCORER]!.value).toBe(trajectories[0]!.end.report!.score);
    expect(log.samples[0]!.messages[0]!.role).toBe('user');
    expect(log.samples[0]!.messages.length).toBe(1 + 2 * trajectories[0]!.steps.length);
  });

  it('firedrill export --format inspect writes a valid log from trajectory files', async () => {
    const dir = join(work, 'trajectories');
    trajectories.forEach((t, i) => writeTrajectoryFile(join(dir, `t${i}.jsonl`), t));
    const out: string[] = [];
    const io = { out: (s: string) => out.push(s), err: () => {} };
    expect(await createExportCommand(() => registry).run(['--format', 'inspect', dir], io as never)).toBe(0);
    const log = JSON.parse(out.join('\n')) as { samples: unknown[] };
    expect(valid(log)).toEqual([]);
    expect(log.samples).toHaveLength(5);
  });

  it('firedrill eval writes one valid Inspect log per agent next to its reports', async () => {
    const outDir = join(work, 'runs');
    const err: string[] = [];
    const io = { out: () => {}, err: (s: string) => err.push(s) };
    const code = await createEvalCommand({ registry: () => registry }).run(
      ['--agent', 'reactive', '--agent', 'random', '--tasks', 'token-exchange-failing-v1', '--seeds', '1000000..1000001', '--db', join(work, 'runs.db'), '--out', outDir, '--quiet'],
      io as never,
    );
    expect(code).toBe(0);
    const runDir = readdirSync(outDir)[0]!;
    const files = readdirSync(join(outDir, runDir, 'inspect')).sort();
    expect(files).toHaveLength(2);
    for (const f of files) {
      const log = JSON.parse(readFileSync(join(outDir, runDir, 'inspect', f), 'utf8')) as { samples: unknown[] };
      expect(valid(log)).toEqual([]);
      expect(log.samples).toHaveLength(2);
    }
    expect(err.join('\n')).toContain('Inspect logs');
  }, 120_000);
});
