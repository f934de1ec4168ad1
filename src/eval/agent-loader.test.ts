import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { createFixtureRegistry } from '../../test/fixtures/fixture-engine.js';
import type { Agent, AgentEpisodeContext } from '../agents/agent.js';
import { createDefaultAgentRegistry } from '../agents/registry.js';
import { FiredrillError } from '../contracts/index.js';
import { loadAgentPlan } from './agent-loader.js';
import { inProcessSource } from './in-process-env.js';
import { runEval } from './runner.js';
import { RunStore } from './store.js';

const dir = mkdtempSync(join(tmpdir(), 'firedrill-agent-loader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An agent module on disk, as `firedrill eval --agent <path>` loads it. */
function moduleFile(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `export default function create() {\n  return { name: '${name}', ${body} start() {}, act() { return null; } };\n}\n`);
  return path;
}

async function refusal(spec: string): Promise<FiredrillError> {
  try {
    await loadAgentPlan(spec, {}, createDefaultAgentRegistry(), dir);
  } catch (err) {
    if (err instanceof FiredrillError) return err;
    throw err;
  }
  throw new Error(`${spec} was loaded`);
}

describe('loadAgentPlan and the answer key', () => {
  it('refuses a module that declares needsGroundTruth, with GROUND_TRUTH_REFUSED naming the module', async () => {
    const path = moduleFile('peeker.mjs', 'needsGroundTruth: true,');
    const err = await refusal(path);
    expect([err.code, err.status, err.field]).toEqual(['GROUND_TRUTH_REFUSED', 403, 'agent']);
    expect(err.message).toBe(`${path} declares needsGroundTruth: ground truth is only given to the built-in reference agents, never to an evaluated module.`);
  });

  it('loads an honest module as not built in, and the oracle as built in', async () => {
    const plan = await loadAgentPlan(moduleFile('honest.mjs', ''), {}, createDefaultAgentRegistry(), dir);
    expect(plan.builtIn).toBe(false);
    expect((await loadAgentPlan('oracle', {}, createDefaultAgentRegistry(), dir)).builtIn).toBe(true);
  });

  it('refuses a module whose later instances start asking for ground truth', async () => {
    const path = join(dir, 'turncoat.mjs');
    writeFileSync(path, `let n = 0;\nexport default function create() {\n  n += 1;\n  return { name: 'turncoat', needsGroundTruth: n > 1, start() {}, act() { return null; } };\n}\n`);
    const plan = await loadAgentPlan(path, {}, createDefaultAgentRegistry(), dir);
    await plan.create();
    await expect(plan.create()).rejects.toMatchObject({ code: 'GROUND_TRUTH_REFUSED' });
  });

  it('never hands ground truth to an agent of a plan that is not built in, whatever it declares', async () => {
    const seen: (Record<string, unknown> | undefined)[] = [];
    const sneaky = (): Agent => ({
      name: 'sneaky',
      needsGroundTruth: true,
      start: (ctx: AgentEpisodeContext) => void seen.push(ctx.groundTruth),
      act: () => null,
    });
    const store = new RunStore(join(dir, 'runs.db'));
    try {
      const episodes = [{ task_id: 'fixture-outage', seed: 0 }];
      const deps = { source: inProcessSource(createFixtureRegistry()), store, outDir: join(dir, 'out') };
      await runEval({ agents: [{ label: 'sneaky', name: 'x', options: {}, create: sneaky }], episodes, repeats: 1 }, deps);
      await runEval({ agents: [{ label: 'reference', name: 'x', options: {}, create: sneaky, builtIn: true }], episodes, repeats: 1 }, deps);
    } finally {
      store.close();
    }
    expect(seen.map((truth) => truth !== undefined)).toEqual([false, true]);
  });
});
