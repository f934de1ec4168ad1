import { useMemo, useRef, useState } from 'preact/hooks';

import { type ActionForms, buildAction, emptyValues, type FieldSpec, type Issue, labelOf, type RawValue, type RawValues, validate } from '../lib/schema-form.js';

interface Props {
  forms: ActionForms;
  /** Known values for a field (service names, alert ids…), offered as suggestions. */
  suggestions: (field: FieldSpec) => string[];
  onSubmit: (action: Record<string, unknown>) => Promise<boolean>;
  busy: boolean;
  /** The action type to show first. */
  initialType?: string;
  /** Types not to offer here (they have their own editor). */
  hidden?: ReadonlySet<string>;
}

function setAt(values: RawValues, path: string[], value: RawValue): RawValues {
  const [head, ...rest] = path;
  if (head === undefined) return values;
  if (rest.length === 0) return { ...values, [head]: value };
  const inner = values[head];
  return { ...values, [head]: setAt(typeof inner === 'object' ? inner : {}, rest, value) };
}

function getAt(values: RawValues, path: string[]): RawValue | undefined {
  let cur: RawValue | undefined = values;
  for (const p of path) cur = typeof cur === 'object' ? cur[p] : undefined;
  return cur;
}

function hint(f: FieldSpec): string {
  const s = f.schema;
  const parts: string[] = [];
  if (f.description) parts.push(f.description);
  if (f.kind === 'integer' || f.kind === 'number') {
    const lo = typeof s['minimum'] === 'number' ? s['minimum'] : null;
    const hi = typeof s['maximum'] === 'number' ? s['maximum'] : null;
    if (lo !== null && hi !== null) parts.push(`${f.kind === 'integer' ? 'Whole number' : 'Number'} from ${lo} to ${hi}.`);
  }
  if (f.kind === 'scalar') parts.push('Text, a number, or true/false.');
  if (f.kind === 'json') parts.push('JSON.');
  return parts.join(' ');
}

interface FieldProps {
  f: FieldSpec;
  values: RawValues;
  errors: Map<string, string>;
  onChange: (path: string[], value: RawValue) => void;
  suggestions: (field: FieldSpec) => string[];
  idPrefix: string;
}

function Field({ f, values, errors, onChange, suggestions, idPrefix }: FieldProps) {
  const key = f.path.join('.');
  const id = `${idPrefix}-${key.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
  const error = errors.get(key);
  const help = hint(f);
  const describedBy = [help ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const value = getAt(values, f.path);
  const text = typeof value === 'string' ? value : '';
  const label = (
    <>
      {labelOf(f.name)}
      {f.required ? <span class="required"> (required)</span> : null}
    </>
  );
  const common = { id, name: key, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy, 'aria-required': f.required || undefined };
  let control;
  if (f.kind === 'object') {
    return (
      <fieldset class="field-group" aria-describedby={describedBy}>
        <legend>{label}</legend>
        {help ? (
          <p id={`${id}-hint`} class="hint">
            {help}
          </p>
        ) : null}
        {(f.fields ?? []).map((c) => (
          <Field key={c.name} f={c} values={values} errors={errors} onChange={onChange} suggestions={suggestions} idPrefix={idPrefix} />
        ))}
      </fieldset>
    );
  }
  if (f.kind === 'boolean') {
    return (
      <div class="field field-check">
        <input type="checkbox" {...common} checked={value === true} onChange={(e) => onChange(f.path, e.currentTarget.checked)} />
        <label for={id}>{label}</label>
        {help ? (
          <p id={`${id}-hint`} class="hint">
            {help}
          </p>
        ) : null}
        {error ? (
          <p id={`${id}-error`} class="field-error">
            {labelOf(f.name)} {error}
          </p>
        ) : null}
      </div>
    );
  }
  if (f.kind === 'enum') {
    control = (
      <select {...common} value={text} onChange={(e) => onChange(f.path, e.currentTarget.value)}>
        <option value="">{f.required ? 'Choose…' : '(not set)'}</option>
        {(f.options ?? []).map((o) => (
          <option key={String(o)} value={String(o)}>
            {String(o)}
          </option>
        ))}
      </select>
    );
  } else if (f.kind === 'text' || f.kind === 'json') {
    const max = typeof f.schema['maxLength'] === 'number' ? f.schema['maxLength'] : undefined;
    control = <textarea {...common} rows={f.kind === 'json' ? 3 : 4} value={text} maxLength={max} onInput={(e) => onChange(f.path, e.currentTarget.value)} />;
  } else {
    const options = suggestions(f);
    const listId = options.length > 0 ? `${id}-options` : undefined;
    control = (
      <>
        <input
          {...common}
          type="text"
          inputMode={f.kind === 'integer' ? 'numeric' : f.kind === 'number' ? 'decimal' : undefined}
          value={text}
          list={listId}
          autoComplete="off"
          spellcheck={false}
          onInput={(e) => onChange(f.path, e.currentTarget.value)}
        />
        {listId ? (
          <datalist id={listId}>
            {options.map((o) => (
              <option key={o} value={o} />
            ))}
          </datalist>
        ) : null}
      </>
    );
  }
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {control}
      {help ? (
        <p id={`${id}-hint`} class="hint">
          {help}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} class="field-error">
          {labelOf(f.name)} {error}
        </p>
      ) : null}
    </div>
  );
}

/** A form for every action type of the task, generated from its JSON Schema and validated before sending. */
export function ActionForm({ forms, suggestions, onSubmit, busy, initialType, hidden }: Props) {
  const offered = useMemo(() => forms.variants.filter((v) => !hidden?.has(v.type)), [forms, hidden]);
  const [type, setType] = useState(initialType && offered.some((v) => v.type === initialType) ? initialType : (offered[0]?.type ?? ''));
  const variant = offered.find((v) => v.type === type) ?? offered[0];
  const [values, setValues] = useState<RawValues>(() => emptyValues(variant?.fields ?? []));
  const [issues, setIssues] = useState<Issue[]>([]);
  const form = useRef<HTMLFormElement>(null);
  if (!variant) return <p>This task publishes no action schema.</p>;
  const choose = (next: string) => {
    setType(next);
    setValues(emptyValues(offered.find((v) => v.type === next)?.fields ?? []));
    setIssues([]);
  };
  const built = buildAction(forms, variant, values);
  const errors = new Map(issues.map((i) => [i.path.join('.'), i.message]));
  const rootErrors = issues.filter((i) => i.path.length === 0 || !variant.fields.some((f) => i.path[0] === f.name));
  const submit = async (e: Event) => {
    e.preventDefault();
    const { action, issues: parseIssues } = buildAction(forms, variant, values);
    const found = [...parseIssues, ...validate(action, variant.schema, forms.root)];
    setIssues(found);
    if (found.length > 0) {
      const first = found[0]?.path.join('.') ?? '';
      form.current?.querySelector<HTMLElement>(`[name="${CSS.escape(first)}"]`)?.focus();
      return;
    }
    if (await onSubmit(action)) setValues(emptyValues(variant.fields));
  };
  return (
    <form ref={form} class="action-form" onSubmit={submit} noValidate aria-labelledby="action-form-heading">
      <h2 id="action-form-heading">Take an action</h2>
      <div class="field">
        <label for="action-type">Action</label>
        <select id="action-type" name="action_type" value={variant.type} onChange={(e) => choose(e.currentTarget.value)} aria-describedby={variant.description ? 'action-type-hint' : undefined}>
          {offered.map((v) => (
            <option key={v.type} value={v.type}>
              {v.type === '' ? 'action' : v.type}
            </option>
          ))}
        </select>
        {variant.description ? (
          <p id="action-type-hint" class="hint">
            {variant.description}
          </p>
        ) : null}
      </div>
      {variant.fields.map((f) => (
        <Field key={`${variant.type}:${f.name}`} f={f} values={values} errors={errors} onChange={(path, v) => setValues((cur) => setAt(cur, path, v))} suggestions={suggestions} idPrefix={`af-${variant.type}`} />
      ))}
      {rootErrors.length > 0 ? (
        <ul class="field-error">
          {rootErrors.map((i, n) => (
            <li key={n}>
              {i.path.join('.') || 'Action'} {i.message}
            </li>
          ))}
        </ul>
      ) : null}
      {issues.length > 0 ? (
        <p class="field-error" role="alert">
          {issues.length === 1 ? 'One field needs attention.' : `${issues.length} fields need attention.`}
        </p>
      ) : null}
      <details class="preview">
        <summary>JSON to send</summary>
        <pre class="json">{JSON.stringify(built.action, null, 2)}</pre>
      </details>
      <button type="submit" class="primary" disabled={busy}>
        Send {variant.type === '' ? 'action' : variant.type}
      </button>
    </form>
  );
}
