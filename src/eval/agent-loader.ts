import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import type { Agent } from '../agents/agent.js';
import type { AgentFactory, AgentOptions, AgentRegistry } from '../agents/registry.js';
import { FiredrillError } from '../contracts/index.js';
import { digest } from '../lib/index.js';
import type { AgentPlan } from './runner.js';

/** Option keys that never go into the run store (and so never into the run id). */
const SECRET_KEYS = new Set(['apiKey']);

/**
 * Loads `--agent`: a registry name, or a path to a module whose default export is an agent factory `(opts) => Agent`.
 * The label is the name the first agent instance reports.
 */
export async function loadAgentPlan(spec: string, options: AgentOptions, registry: AgentRegistry, cwd = process.cwd()): Promise<AgentPlan> {
  let factory: AgentFactory;
  let name = spec;
  let moduleDigest: string | null = null;
  const entry = registry.get(spec);
  if (entry) factory = entry.create;
  else {
    const path = isAbsolute(spec) ? spec : resolve(cwd, spec);
    if (!existsSync(path)) {
      throw new FiredrillError('VALIDATION_ERROR', `No agent named '${spec}' and no module at ${path}. Agents: ${registry.names().join(', ')}.`, { field: 'agent' });
    }
    const mod = await importAgentModule(path, spec);
    if (typeof mod.default !== 'function') {
      throw new FiredrillError('VALIDATION_ERROR', `${spec} must export a default agent factory (opts) => Agent.`, { field: 'agent' });
    }
    factory = mod.default as AgentFactory;
    name = path;
    moduleDigest = digest(readFileSync(path, 'utf8'));
  }
  const builtIn = entry !== undefined;
  const probe = await factory(options);
  assertAgent(probe, spec, builtIn);
  const stored = Object.fromEntries(Object.entries(options).filter(([k, v]) => !SECRET_KEYS.has(k) && v !== undefined));
  // A changed module is a different agent: its runs do not resume the old ones.
  if (moduleDigest) stored['moduleDigest'] = moduleDigest;
  let first: Agent | null = probe;
  return {
    label: probe.name,
    name,
    options: stored,
    needsGroundTruth: probe.needsGroundTruth === true,
    ...(probe.preflight ? { preflight: () => (probe.preflight as () => Promise<void>).call(probe) } : {}),
    builtIn,
    create: async () => {
      const agent = first ?? (await factory(options));
      first = null;
      assertAgent(agent, spec, builtIn);
      return agent;
    },
  };
}

function assertAgent(agent: unknown, spec: string, builtIn: boolean): asserts agent is Agent {
  const a = agent as Partial<Agent> | null;
  if (!a || typeof a.name !== 'string' || typeof a.start !== 'function' || typeof a.act !== 'function') {
    throw new FiredrillError('VALIDATION_ERROR', `The factory of ${spec} did not return an Agent (name, start, act).`, { field: 'agent' });
  }
  // Only the reference agents shipped with Firedrill (the oracle) may read the answer key; an evaluated module never.
  if (!builtIn && a.needsGroundTruth) {
    throw new FiredrillError('GROUND_TRUTH_REFUSED', `${spec} declares needsGroundTruth: ground truth is only given to the built-in reference agents, never to an evaluated module.`, { field: 'agent' });
  }
}

const TYPESCRIPT = /\.[mc]?ts$/;

/** Imports an agent module; TypeScript ones through tsx (Node 20 cannot load .ts files by itself). */
async function importAgentModule(path: string, spec: string): Promise<{ default?: unknown }> {
  if (!TYPESCRIPT.test(path)) return (await import(pathToFileURL(path).href)) as { default?: unknown };
  let tsImport: (specifier: string, parent: string) => Promise<unknown>;
  try {
    ({ tsImport } = (await import('tsx/esm/api')) as { tsImport: typeof tsImport });
  } catch {
    throw new FiredrillError('VALIDATION_ERROR', `${spec} is TypeScript, and loading it needs the tsx package (npm install tsx); or compile it to JavaScript first.`, { field: 'agent' });
  }
  const mod = (await tsImport(pathToFileURL(path).href, import.meta.url)) as { default?: unknown };
  // Outside a "type": "module" package tsx compiles the file as CommonJS: its default export is one level down.
  const inner = mod.default as { default?: unknown } | undefined;
  return typeof mod.default !== 'function' && typeof inner?.default === 'function' ? { default: inner.default } : mod;
}
