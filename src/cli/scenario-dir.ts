import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { CliError } from './command.js';
import { createDefaultRegistry } from './default-registry.js';
import type { TaskRegistry } from '../env/registry.js';
import type { ScenarioDefinition } from '../scenarios/index.js';
import { formatScenarioErrors, MAX_SCENARIO_FILE_BYTES, parseScenarioFile, type ScenarioFileError } from '../scenarios/file/index.js';

const MAX_FILES = 500;
const EXTENSIONS = /\.(ya?ml|json)$/i;

export interface FileResult {
  file: string;
  definition?: ScenarioDefinition;
  errors: ScenarioFileError[];
}

/** Reads and validates one scenario file; I/O problems come back as errors, never as exceptions. */
export function readScenarioFile(file: string): FileResult {
  try {
    const size = statSync(file).size;
    if (size > MAX_SCENARIO_FILE_BYTES) return { file, errors: [{ path: '', message: `the file is ${size} bytes; scenario files are limited to ${MAX_SCENARIO_FILE_BYTES} bytes` }] };
    const parsed = parseScenarioFile(readFileSync(file, 'utf8'));
    return parsed.ok ? { file, definition: parsed.definition, errors: [] } : { file, errors: parsed.errors };
  } catch (err) {
    return { file, errors: [{ path: '', message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` }] };
  }
}

/** Every *.yaml, *.yml and *.json scenario in `dir` (not recursive), validated; ids must be new. */
export function loadScenarioDir(dir: string, takenIds: ReadonlySet<string> = new Set()): { definitions: ScenarioDefinition[]; errors: string[] } {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => EXTENSIONS.test(n)).sort();
  } catch (err) {
    return { definitions: [], errors: [`${dir}: cannot read the directory: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`] };
  }
  const errors: string[] = [];
  if (names.length > MAX_FILES) {
    errors.push(`${dir}: ${names.length} scenario files; only the first ${MAX_FILES} are loaded`);
    names = names.slice(0, MAX_FILES);
  }
  const definitions: ScenarioDefinition[] = [];
  const ids = new Set(takenIds);
  for (const name of names) {
    const r = readScenarioFile(join(dir, name));
    if (!r.definition) {
      errors.push(formatScenarioErrors(r.file, r.errors));
      continue;
    }
    if (ids.has(r.definition.id)) {
      errors.push(`${r.file}: id: a task with the id '${r.definition.id}' already exists`);
      continue;
    }
    ids.add(r.definition.id);
    definitions.push(r.definition);
  }
  return { definitions, errors };
}

/** The default registry plus the valid scenarios of `dir`; invalid files are reported, not fatal. */
export function registryWithScenarios(dir: string | undefined): { registry: TaskRegistry; errors: string[] } {
  if (dir === undefined) return { registry: createDefaultRegistry(), errors: [] };
  const { definitions, errors } = loadScenarioDir(dir, new Set(createDefaultRegistry().ids()));
  return { registry: createDefaultRegistry(definitions), errors };
}

/**
 * The registry a command plays from: the built-in tasks plus, with `--scenarios DIR`, the valid scenarios of DIR.
 * Invalid files are reported through `warn` and left out; a directory that cannot be read is an error.
 */
export function registryFor(dir: string | undefined, io: { err: (text: string) => void }): TaskRegistry {
  if (dir !== undefined) {
    try {
      if (!statSync(dir).isDirectory()) throw new CliError(`--scenarios ${dir} is not a directory.`);
    } catch (err) {
      if (err instanceof CliError) throw err;
      throw new CliError(`--scenarios ${dir}: no such directory.`);
    }
  }
  const { registry, errors } = registryWithScenarios(dir);
  for (const e of errors) io.err(e);
  return registry;
}

/** Comma-separated task ids, each one checked: an unknown id fails with the registry's one UNKNOWN_TASK error. */
export function taskList(registry: TaskRegistry, spec: string): string[] {
  const ids = spec.split(',').map((t) => t.trim()).filter(Boolean);
  for (const id of ids) registry.get(id);
  return ids;
}
