import { isNode, LineCounter, parseDocument } from 'yaml';

import { cloneJson } from '../../lib/index.js';
import { createWorld } from '../../sim/index.js';
import type { ScenarioDefinition } from '../scenario.js';
import { checkWorld } from './check.js';
import { MAX_SCENARIO_FILE_BYTES, type ScenarioFile, ScenarioFileSchema } from './schema.js';

export interface ScenarioFileError {
  /** Dotted path of the offending field (`world.edges.3.to`), or '' for the whole file. */
  path: string;
  line?: number;
  column?: number;
  message: string;
}

export type ParsedScenarioFile = { ok: true; file: ScenarioFile; definition: ScenarioDefinition } | { ok: false; errors: ScenarioFileError[] };

const MAX_ALIASES = 50;
const MAX_ERRORS = 50;
const MAX_NESTING = 64;

/**
 * Parses and validates a YAML or JSON scenario file: syntax, the schema (ScenarioFileSchema), references and
 * the call graph, and finally that the world can be built. Errors name the field path and its line. Never throws.
 */
export function parseScenarioFile(text: string): ParsedScenarioFile {
  const bytes = utf8Length(text);
  if (bytes > MAX_SCENARIO_FILE_BYTES) return fail([{ path: '', message: `the file is ${bytes} bytes; scenario files are limited to ${MAX_SCENARIO_FILE_BYTES} bytes` }]);
  const depth = flowNesting(text);
  if (depth > MAX_NESTING) return fail([{ path: '', message: `brackets nest ${depth} levels deep; scenario files nest at most ${MAX_NESTING}` }]);
  const lines = new LineCounter();
  let value: unknown;
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
    if (doc.errors.length > 0) {
      return fail(
        doc.errors.slice(0, MAX_ERRORS).map((e) => {
          const pos = lines.linePos(e.pos[0]);
          return { path: '', line: pos.line, column: pos.col, message: firstLine(e.message) };
        }),
      );
    }
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    return fail([{ path: '', message: `cannot read the file: ${err instanceof RangeError ? 'it is nested too deeply' : firstLine(String((err as Error).message ?? err))}` }]);
  }
  const locate = (path: readonly PropertyKey[]): Pick<ScenarioFileError, 'line' | 'column'> => {
    for (let n = path.length; n >= 0; n--) {
      const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as (string | number)[], true);
      if (isNode(node) && node.range) {
        const pos = lines.linePos(node.range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
    return {};
  };
  const dotted = (path: readonly PropertyKey[]) => path.map(String).join('.');

  const parsed = ScenarioFileSchema.safeParse(value);
  if (!parsed.success) {
    return fail(
      parsed.error.issues.slice(0, MAX_ERRORS).map((i) => {
        const where = i.code === 'unrecognized_keys' && i.keys.length > 0 ? [...i.path, i.keys[0] as string] : i.path;
        return { path: dotted(i.path), ...locate(where), message: describe(i, valueAt(value, i.path)) };
      }),
    );
  }
  const problems = checkWorld(parsed.data.world);
  if (problems.length > 0) return fail(problems.slice(0, MAX_ERRORS).map((p) => ({ path: dotted(p.path), ...locate(p.path), message: p.message })));
  try {
    createWorld(parsed.data.world, 0);
  } catch (err) {
    return fail([{ path: 'world', ...locate(['world']), message: `the world cannot be built: ${firstLine(String((err as Error).message ?? err))}` }]);
  }
  return { ok: true, file: parsed.data, definition: toDefinition(parsed.data) };
}

/** A scenario definition backed by a validated file (source 'user'); every seed builds the same world. */
export function toDefinition(file: ScenarioFile): ScenarioDefinition {
  return {
    id: file.id,
    name: file.name,
    difficulty: file.difficulty,
    source: 'user',
    description: file.description,
    title: file.title,
    goal: file.goal,
    max_steps: file.max_steps,
    ...(file.card ? { card: file.card } : {}),
    build: () => cloneJson(file.world),
  };
}

function describe(issue: { code: string; message: string; path: readonly PropertyKey[]; keys?: readonly string[]; values?: readonly unknown[] }, actual: unknown): string {
  if (issue.code === 'unrecognized_keys' && issue.keys) return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
  if (issue.code === 'invalid_value' && issue.values) {
    const shown = typeof actual === 'string' ? `'${actual.slice(0, 60)}'` : JSON.stringify(actual)?.slice(0, 60) ?? 'the value';
    const field = String(issue.path[issue.path.length - 1] ?? '');
    if (field === 'kind' && issue.path.includes('faults')) return `${shown} is not a fault type; \`firedrill faults\` lists the ${issue.values.length} fault types`;
    if (issue.values.length > 12) return `${shown} is not one of the ${issue.values.length} allowed values`;
    return `${shown} is not one of ${issue.values.map((v) => `'${String(v)}'`).join(', ')}`;
  }
  return issue.message;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function fail(errors: ScenarioFileError[]): ParsedScenarioFile {
  return { ok: false, errors };
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.slice(0, 300) ?? '';
}

/** Deepest nesting of flow brackets outside quoted strings (checked before parsing, which recurses). */
function flowNesting(text: string): number {
  let depth = 0;
  let max = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1] ?? ''))) while (i < text.length && text[i] !== '\n') i++;
    else if (c === '[' || c === '{') max = Math.max(max, ++depth);
    else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  return max;
}

function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? 4 : c >= 0xdc00 && c < 0xe000 ? 0 : 3;
  }
  return n;
}

/** Formats errors as `file:line:column: path: message` lines. */
export function formatScenarioErrors(name: string, errors: readonly ScenarioFileError[]): string {
  return errors.map((e) => `${name}${e.line !== undefined ? `:${e.line}:${e.column ?? 1}` : ''}: ${e.path ? `${e.path}: ` : ''}${e.message}`).join('\n');
}
