/**
 * The action language of `firedrill play`: `<action_type> [value …] [name=value …]`, or a JSON object. Positional
 * values fill the action's fields in schema order; a free-text field (a query, a summary, a reason) takes the rest of
 * the line. Built from the task's published action JSON Schema, so it covers native and compat tasks alike.
 */

export interface ActionField {
  name: string;
  type: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'unknown';
  /** Allowed values, when the schema lists them (enum, or a "One of a, b." description). */
  choices: string[];
  required: boolean;
  /** Fields of an object-valued field (apply_fix's params), settable as name=value. */
  nested: ActionField[];
  description: string;
}

export interface ActionForm {
  type: string;
  description: string;
  fields: ActionField[];
}

type Json = Record<string, unknown>;

/** Field names whose value is prose: given positionally, they take the rest of the line. */
const FREE_TEXT = new Set(['query', 'summary', 'reason', 'evidence', 'value', 'reasoning', 'contains', 'timeline', 'root_cause', 'impact', 'action_items', 'prevention']);

const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

/** "One of a, b, c." in a description → [a, b, c]. */
export function choicesInDescription(description: string): string[] {
  const m = /\bone of ([^.]+)\./i.exec(description);
  return m?.[1] ? m[1].split(',').map((s) => s.trim()).filter(Boolean) : [];
}

function fieldOf(name: string, raw: unknown, required: boolean): ActionField {
  const s = isObject(raw) ? raw : {};
  const variants = Array.isArray(s['anyOf']) ? (s['anyOf'] as unknown[]).filter(isObject).filter((v) => v['type'] !== 'null') : [];
  const main = variants.length === 1 ? { ...s, ...variants[0] } : s;
  const description = typeof s['description'] === 'string' ? s['description'] : typeof main['description'] === 'string' ? main['description'] : '';
  const t = main['type'];
  const type: ActionField['type'] = t === 'string' || t === 'number' || t === 'integer' || t === 'boolean' || t === 'object' ? t : 'unknown';
  const choices = Array.isArray(main['enum']) ? (main['enum'] as unknown[]).map(String) : choicesInDescription(description);
  const nested = type === 'object' && isObject(main['properties']) ? Object.entries(main['properties']).map(([n, p]) => fieldOf(n, p, false)) : [];
  return { name, type, choices, required, nested, description };
}

/** The action forms of a task's action JSON Schema: one per action type. */
export function actionForms(schema: Json | undefined): ActionForm[] {
  if (!schema) return [];
  const variants = Array.isArray(schema['oneOf']) ? (schema['oneOf'] as unknown[]).filter(isObject) : Array.isArray(schema['anyOf']) ? (schema['anyOf'] as unknown[]).filter(isObject) : [schema];
  const forms: ActionForm[] = [];
  for (const v of variants) {
    const props = isObject(v['properties']) ? v['properties'] : {};
    const required = new Set(Array.isArray(v['required']) ? (v['required'] as unknown[]).map(String) : []);
    const typeField = fieldOf('action_type', props['action_type'], true);
    const constType = isObject(props['action_type']) && typeof props['action_type']['const'] === 'string' ? [props['action_type']['const']] : typeField.choices;
    const fields = Object.entries(props)
      .filter(([n]) => n !== 'action_type')
      .map(([n, p]) => fieldOf(n, p, required.has(n)));
    for (const type of constType) {
      // Compat schemas share one object for every action; "For diagnose: …" fields belong to that action only.
      const own = fields.filter((f) => {
        const m = /^For ([a-z_]+):/.exec(f.description);
        return !m || m[1] === type;
      });
      forms.push({ type, description: typeof v['description'] === 'string' && constType.length === 1 ? v['description'] : '', fields: own });
    }
  }
  return forms;
}

/** Splits a line into words; "double" or 'single' quotes keep spaces. */
export function tokenize(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] ?? m[2] ?? m[3] ?? '');
  return out;
}

function coerce(field: ActionField | undefined, text: string): unknown {
  if (field?.type === 'integer' || field?.type === 'number') {
    const n = Number(text);
    return Number.isFinite(n) && text.trim() !== '' ? n : text;
  }
  if (field?.type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  if (field?.type === 'string') return text;
  // A union (params.value): a number or a boolean when it reads as one.
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  return text;
}

export type ParsedLine = { ok: true; action: Json; missing: ActionField[] } | { ok: false; error: string };

/**
 * Parses one line into an action. `missing` lists required fields the line left out (play asks for them). The
 * environment validates the action; this only shapes it.
 */
export function parseActionLine(line: string, forms: readonly ActionForm[]): ParsedLine {
  const text = line.trim();
  if (text.startsWith('{')) {
    try {
      const action = JSON.parse(text) as unknown;
      return isObject(action) ? { ok: true, action, missing: [] } : { ok: false, error: 'A JSON action must be an object.' };
    } catch (err) {
      return { ok: false, error: `Not valid JSON: ${(err as Error).message}` };
    }
  }
  const [type, ...words] = tokenize(text);
  if (!type) return { ok: false, error: 'Empty line.' };
  const form = forms.find((f) => f.type === type);
  if (!form) return { ok: false, error: `Unknown action '${type}'. Actions: ${forms.map((f) => f.type).join(', ')}.` };
  const action: Json = { action_type: type };
  const positional: string[] = [];
  for (const w of words) {
    const eq = w.indexOf('=');
    const name = eq > 0 ? w.slice(0, eq) : '';
    const direct = form.fields.find((f) => f.name === name);
    const nestedIn = form.fields.find((f) => f.nested.some((n) => n.name === name));
    if (direct) action[name] = coerce(direct, w.slice(eq + 1));
    else if (nestedIn) {
      const inner = (isObject(action[nestedIn.name]) ? action[nestedIn.name] : {}) as Json;
      inner[name] = coerce(nestedIn.nested.find((n) => n.name === name), w.slice(eq + 1));
      action[nestedIn.name] = inner;
    } else positional.push(w);
  }
  const open = form.fields.filter((f) => !(f.name in action) && f.type !== 'object');
  for (let i = 0; i < positional.length; i++) {
    const field = open.shift();
    if (!field) return { ok: false, error: `Too many values for ${type}: '${positional.slice(i).join(' ')}'. Fields: ${form.fields.map((f) => f.name).join(', ')}.` };
    if (field.type === 'string' && (FREE_TEXT.has(field.name) || open.length === 0)) {
      action[field.name] = positional.slice(i).join(' ');
      break;
    }
    action[field.name] = coerce(field, positional[i] as string);
  }
  return { ok: true, action, missing: form.fields.filter((f) => f.required && !(f.name in action)) };
}

/** The field the next positional value of `words` (the words after the action type) would fill. */
export function nextField(form: ActionForm, words: readonly string[]): ActionField | undefined {
  const named = new Set(words.filter((w) => w.includes('=')).map((w) => w.slice(0, w.indexOf('='))));
  const open = form.fields.filter((f) => !named.has(f.name) && f.type !== 'object');
  const positional = words.filter((w) => !w.includes('=')).length;
  return open[positional];
}

/** One line of usage per action: `diagnose <service> <fault> [evidence]`. */
export function formUsage(form: ActionForm): string {
  const parts = form.fields.flatMap((f) => (f.type === 'object' ? f.nested.map((n) => `[${n.name}=…]`) : [f.required ? `<${f.name}>` : `[${f.name}]`]));
  return [form.type, ...parts].join(' ');
}
