/**
 * Action forms from the JSON Schema a task publishes (GET /schema): one variant per action type, one field per
 * property, and a validator for the subset of JSON Schema those schemas use. Nothing here knows the native actions,
 * so compat and generated tasks get forms too.
 */

export type JsonSchema = Record<string, unknown>;

export type FieldKind = 'string' | 'text' | 'enum' | 'integer' | 'number' | 'boolean' | 'scalar' | 'object' | 'json';

export interface FieldSpec {
  name: string;
  /** Property names from the action's root to this field. */
  path: string[];
  required: boolean;
  kind: FieldKind;
  description: string | undefined;
  options: (string | number | boolean)[] | undefined;
  schema: JsonSchema;
  /** Fields of an object field. */
  fields: FieldSpec[] | undefined;
}

export interface ActionVariant {
  /** The discriminator's value (e.g. "read_logs"), or "" when the schema has one shape. */
  type: string;
  description: string | undefined;
  schema: JsonSchema;
  fields: FieldSpec[];
}

export interface ActionForms {
  /** The property that names the action type (`action_type` for native and compat tasks), or null. */
  discriminator: string | null;
  variants: ActionVariant[];
  root: JsonSchema;
}

/** What a user typed: strings for text inputs, booleans for checkboxes, nested values for object fields. */
export type RawValue = string | boolean | RawValues;
export interface RawValues {
  [name: string]: RawValue;
}

export interface Issue {
  path: string[];
  message: string;
}

/** Text fields this long or longer get a multi-line editor. */
const LONG_TEXT = 1000;
const DISCRIMINATOR_NAMES = ['action_type', 'type', 'action'];

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function schemaList(x: unknown): JsonSchema[] {
  return Array.isArray(x) ? x.filter(isObject) : [];
}

/** Follows local `$ref`s (`#/$defs/...`, `#/definitions/...`). */
export function deref(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let s = schema;
  for (let i = 0; i < 32 && typeof s['$ref'] === 'string'; i++) {
    const ref = s['$ref'] as string;
    if (!ref.startsWith('#/')) break;
    let target: unknown = root;
    for (const part of ref.slice(2).split('/')) target = isObject(target) ? target[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
    if (!isObject(target)) break;
    const { $ref: _ref, ...rest } = s;
    s = { ...target, ...rest };
  }
  return s;
}

function properties(schema: JsonSchema): Record<string, JsonSchema> {
  const p = schema['properties'];
  if (!isObject(p)) return {};
  return Object.fromEntries(Object.entries(p).filter((e): e is [string, JsonSchema] => isObject(e[1])));
}

function requiredOf(schema: JsonSchema): string[] {
  const r = schema['required'];
  return Array.isArray(r) ? r.filter((x): x is string => typeof x === 'string') : [];
}

function constOf(schema: JsonSchema): string | undefined {
  if (typeof schema['const'] === 'string') return schema['const'];
  const e = schema['enum'];
  return Array.isArray(e) && e.length === 1 && typeof e[0] === 'string' ? e[0] : undefined;
}

/** The variants of an action schema: a oneOf/anyOf of objects told apart by a constant, or one object (whose `action_type` may be an enum). */
export function actionForms(schema: JsonSchema): ActionForms {
  const root = schema;
  const top = deref(schema, root);
  const branches = schemaList(top['oneOf']).length > 0 ? schemaList(top['oneOf']) : schemaList(top['anyOf']);
  if (branches.length > 0) {
    const objects = branches.map((b) => deref(b, root));
    const discriminator = pickDiscriminator(objects, root);
    const variants = objects.map((o, i) => {
      const type = discriminator === null ? `variant ${i + 1}` : (constOf(deref(properties(o)[discriminator] ?? {}, root)) ?? `variant ${i + 1}`);
      return variant(type, o, discriminator, root);
    });
    return { discriminator, variants, root };
  }
  const props = properties(top);
  const discriminator = DISCRIMINATOR_NAMES.find((n) => {
    const p = props[n];
    if (!p) return false;
    const d = deref(p, root);
    return Array.isArray(d['enum']) || typeof d['const'] === 'string';
  });
  if (discriminator !== undefined) {
    const d = deref(props[discriminator] ?? {}, root);
    const values = Array.isArray(d['enum']) ? d['enum'].filter((v): v is string => typeof v === 'string') : [d['const'] as string];
    return { discriminator, variants: values.map((v) => variant(v, top, discriminator, root)), root };
  }
  return { discriminator: null, variants: [variant('', top, null, root)], root };
}

function pickDiscriminator(objects: JsonSchema[], root: JsonSchema): string | null {
  const candidates = new Set<string>();
  for (const o of objects) for (const [name, p] of Object.entries(properties(o))) if (constOf(deref(p, root)) !== undefined) candidates.add(name);
  const shared = [...candidates].filter((name) => objects.every((o) => properties(o)[name] !== undefined));
  return DISCRIMINATOR_NAMES.find((n) => shared.includes(n)) ?? shared[0] ?? null;
}

function variant(type: string, schema: JsonSchema, discriminator: string | null, root: JsonSchema): ActionVariant {
  const description = typeof schema['description'] === 'string' ? schema['description'] : undefined;
  return { type, description, schema, fields: fieldsOf(schema, [], root, discriminator) };
}

function fieldsOf(schema: JsonSchema, path: string[], root: JsonSchema, skip: string | null): FieldSpec[] {
  const required = requiredOf(schema);
  return Object.entries(properties(schema))
    .filter(([name]) => name !== skip)
    .map(([name, raw]) => field(name, raw, [...path, name], required.includes(name), root));
}

function nonNull(schema: JsonSchema, root: JsonSchema): JsonSchema {
  const alts = schemaList(schema['anyOf']).length > 0 ? schemaList(schema['anyOf']) : schemaList(schema['oneOf']);
  if (alts.length === 0) return schema;
  const rest = alts.map((a) => deref(a, root)).filter((a) => a['type'] !== 'null');
  if (rest.length === 1 && rest[0]) return { ...rest[0], description: schema['description'] ?? rest[0]['description'] };
  return schema;
}

function field(name: string, raw: JsonSchema, path: string[], required: boolean, root: JsonSchema): FieldSpec {
  const schema = nonNull(deref(raw, root), root);
  const description = typeof schema['description'] === 'string' ? schema['description'] : undefined;
  const base = { name, path, required, description, schema, options: undefined, fields: undefined };
  const e = schema['enum'];
  if (Array.isArray(e)) return { ...base, kind: 'enum', options: e.filter((v): v is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof v)) };
  const type = schema['type'];
  if (type === 'string') return { ...base, kind: typeof schema['maxLength'] === 'number' && schema['maxLength'] >= LONG_TEXT ? 'text' : 'string' };
  if (type === 'integer' || type === 'number' || type === 'boolean') return { ...base, kind: type };
  if (type === 'object' && isObject(schema['properties'])) return { ...base, kind: 'object', fields: fieldsOf(schema, path, root, null) };
  const alts = [...schemaList(schema['anyOf']), ...schemaList(schema['oneOf'])].map((a) => deref(a, root));
  if (alts.length > 0 && alts.every((a) => ['string', 'number', 'integer', 'boolean'].includes(String(a['type'])))) return { ...base, kind: 'scalar' };
  return { ...base, kind: 'json' };
}

/** The empty form of a variant: '' for text inputs, false for checkboxes, nested objects for object fields. */
export function emptyValues(fields: readonly FieldSpec[]): RawValues {
  const out: RawValues = {};
  for (const f of fields) out[f.name] = f.kind === 'boolean' ? false : f.kind === 'object' ? emptyValues(f.fields ?? []) : '';
  return out;
}

const NUMBER_TEXT = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * The action a filled-in form stands for. Empty optional inputs are left out; text that should be a number stays
 * text so that validation names the field. Parse problems of JSON fields come back as issues.
 */
export function buildAction(forms: ActionForms, v: ActionVariant, raw: RawValues): { action: Record<string, unknown>; issues: Issue[] } {
  const issues: Issue[] = [];
  const body = buildObject(v.fields, raw, issues);
  const action = forms.discriminator === null ? body : { [forms.discriminator]: v.type, ...body };
  return { action, issues };
}

function buildObject(fields: readonly FieldSpec[], raw: RawValues, issues: Issue[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const value = convert(f, raw[f.name], issues);
    if (value !== undefined) out[f.name] = value;
  }
  return out;
}

function convert(f: FieldSpec, raw: RawValue | undefined, issues: Issue[]): unknown {
  if (f.kind === 'boolean') return raw === true ? true : f.required ? false : undefined;
  if (f.kind === 'object') {
    const obj = buildObject(f.fields ?? [], typeof raw === 'object' ? raw : {}, issues);
    return Object.keys(obj).length === 0 && !f.required ? undefined : obj;
  }
  const text = typeof raw === 'string' ? raw : '';
  if (text.trim() === '') return undefined;
  switch (f.kind) {
    case 'integer':
    case 'number':
      return NUMBER_TEXT.test(text.trim()) ? Number(text.trim()) : text;
    case 'enum':
      return f.options?.find((o) => String(o) === text) ?? text;
    case 'scalar': {
      const t = text.trim();
      if (t === 'true' || t === 'false') return t === 'true';
      return NUMBER_TEXT.test(t) ? Number(t) : text;
    }
    case 'json':
      try {
        return JSON.parse(text) as unknown;
      } catch {
        issues.push({ path: f.path, message: 'must be valid JSON' });
        return undefined;
      }
    default:
      return text;
  }
}

function typeName(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'array';
  if (typeof x === 'number') return Number.isInteger(x) ? 'integer' : 'number';
  return typeof x;
}

function hasType(x: unknown, type: string): boolean {
  const t = typeName(x);
  return t === type || (type === 'number' && t === 'integer');
}

const TYPE_WORDS: Record<string, string> = { string: 'text', integer: 'a whole number', number: 'a number', boolean: 'true or false', object: 'an object', array: 'a list', null: 'null' };

/** Issues of `value` against `schema` (type, enum/const, lengths, bounds, required, additionalProperties, anyOf/oneOf, items, $ref). */
export function validate(value: unknown, schema: JsonSchema, root: JsonSchema = schema, path: string[] = []): Issue[] {
  const s = deref(schema, root);
  const alts = schemaList(s['oneOf']).length > 0 ? schemaList(s['oneOf']) : schemaList(s['anyOf']);
  if (alts.length > 0) {
    const results = alts.map((a) => validate(value, a, root, path));
    if (results.some((r) => r.length === 0)) return [];
    const scalarTypes = alts.map((a) => deref(a, root)['type']).filter((t): t is string => typeof t === 'string');
    if (scalarTypes.length === alts.length && scalarTypes.every((t) => !['object', 'array'].includes(t))) {
      const fitting = results.find((r, i) => hasType(value, scalarTypes[i] ?? ''));
      return fitting ?? [{ path, message: `must be ${[...new Set(scalarTypes.map((t) => TYPE_WORDS[t] ?? t))].join(' or ')}` }];
    }
    return results.reduce((best, r) => (r.length < best.length ? r : best));
  }
  if ('const' in s && JSON.stringify(s['const']) !== JSON.stringify(value)) return [{ path, message: `must be ${JSON.stringify(s['const'])}` }];
  const e = s['enum'];
  if (Array.isArray(e) && !e.some((o) => JSON.stringify(o) === JSON.stringify(value))) return [{ path, message: `must be one of ${e.map((o) => String(o)).join(', ')}` }];
  const type = s['type'];
  const types = Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : typeof type === 'string' ? [type] : [];
  if (types.length > 0 && !types.some((t) => hasType(value, t))) return [{ path, message: `must be ${types.map((t) => TYPE_WORDS[t] ?? t).join(' or ')}` }];
  const issues: Issue[] = [];
  if (typeof value === 'string') {
    if (typeof s['minLength'] === 'number' && [...value].length < s['minLength']) issues.push({ path, message: s['minLength'] === 1 ? 'must not be empty' : `must be at least ${s['minLength']} characters` });
    if (typeof s['maxLength'] === 'number' && [...value].length > s['maxLength']) issues.push({ path, message: `must be at most ${s['maxLength']} characters` });
    if (typeof s['pattern'] === 'string') {
      try {
        if (!new RegExp(s['pattern'], 'u').test(value)) issues.push({ path, message: `must match ${s['pattern']}` });
      } catch {
        // A pattern this browser cannot compile is left to the server.
      }
    }
  }
  if (typeof value === 'number') {
    if (typeof s['minimum'] === 'number' && value < s['minimum']) issues.push({ path, message: `must be at least ${s['minimum']}` });
    if (typeof s['maximum'] === 'number' && value > s['maximum']) issues.push({ path, message: `must be at most ${s['maximum']}` });
    if (typeof s['exclusiveMinimum'] === 'number' && value <= s['exclusiveMinimum']) issues.push({ path, message: `must be more than ${s['exclusiveMinimum']}` });
    if (typeof s['exclusiveMaximum'] === 'number' && value >= s['exclusiveMaximum']) issues.push({ path, message: `must be less than ${s['exclusiveMaximum']}` });
  }
  if (isObject(value)) {
    const props = properties(s);
    for (const name of requiredOf(s)) if (!(name in value)) issues.push({ path: [...path, name], message: 'is required' });
    for (const [name, v] of Object.entries(value)) {
      const p = props[name];
      if (p) issues.push(...validate(v, p, root, [...path, name]));
      else if (s['additionalProperties'] === false) issues.push({ path: [...path, name], message: 'is not a known field' });
      else if (isObject(s['additionalProperties'])) issues.push(...validate(v, s['additionalProperties'], root, [...path, name]));
    }
  }
  if (Array.isArray(value)) {
    if (typeof s['minItems'] === 'number' && value.length < s['minItems']) issues.push({ path, message: `must have at least ${s['minItems']} items` });
    if (typeof s['maxItems'] === 'number' && value.length > s['maxItems']) issues.push({ path, message: `must have at most ${s['maxItems']} items` });
    if (isObject(s['items'])) value.forEach((v, i) => issues.push(...validate(v, s['items'] as JsonSchema, root, [...path, String(i)])));
  }
  return issues;
}

/** Field label from a property name: "window_minutes" → "Window minutes". */
export function labelOf(name: string): string {
  const words = name.replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
