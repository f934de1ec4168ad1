import { useState } from 'preact/hooks';

import { offset } from '../lib/native.js';
import { type ActionForms, type ActionVariant, buildAction, emptyValues, type Issue, labelOf, type RawValues, validate } from '../lib/schema-form.js';

interface Props {
  forms: ActionForms;
  variant: ActionVariant;
  /** A timeline drafted from the episode so far. */
  draftTimeline: () => string;
  written: { step: number; minute: number } | null;
  onSubmit: (action: Record<string, unknown>) => Promise<boolean>;
  busy: boolean;
}

/** The postmortem, one text area per section of the write_postmortem action. */
export function PostmortemEditor({ forms, variant, draftTimeline, written, onSubmit, busy }: Props) {
  const [values, setValues] = useState<RawValues>(() => emptyValues(variant.fields));
  const [issues, setIssues] = useState<Issue[]>([]);
  const errors = new Map(issues.map((i) => [i.path.join('.'), i.message]));
  const hasTimeline = variant.fields.some((f) => f.name === 'timeline');
  return (
    <form
      class="postmortem"
      aria-labelledby="postmortem-heading"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const { action, issues: parse } = buildAction(forms, variant, values);
        const found = [...parse, ...validate(action, variant.schema, forms.root)];
        setIssues(found);
        if (found.length > 0) {
          document.getElementById(`pm-${found[0]?.path.join('-') ?? ''}`)?.focus();
          return;
        }
        await onSubmit(action);
      }}
    >
      <h2 id="postmortem-heading">Postmortem</h2>
      <p class="hint">
        {written ? `Recorded at ${offset(written.minute)} (step ${written.step}); sending it again replaces it.` : 'Write what happened, why, the impact, and what to do about it. Times are simulated minutes since onset (T+12).'}
      </p>
      {hasTimeline ? (
        <button type="button" onClick={() => setValues((v) => ({ ...v, timeline: draftTimeline() }))}>
          Draft the timeline from this episode
        </button>
      ) : null}
      {variant.fields.map((f) => {
        const id = `pm-${f.path.join('-')}`;
        const error = errors.get(f.path.join('.'));
        const max = typeof f.schema['maxLength'] === 'number' ? f.schema['maxLength'] : undefined;
        const value = values[f.name];
        return (
          <div class="field" key={f.name}>
            <label for={id}>
              {labelOf(f.name)}
              {f.required ? <span class="required"> (required)</span> : null}
            </label>
            <textarea
              id={id}
              name={f.name}
              rows={f.name === 'timeline' ? 5 : 3}
              maxLength={max}
              value={typeof value === 'string' ? value : ''}
              aria-invalid={error ? true : undefined}
              aria-describedby={[f.description ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}
              onInput={(e) => setValues((v) => ({ ...v, [f.name]: e.currentTarget.value }))}
            />
            {f.description ? (
              <p id={`${id}-hint`} class="hint">
                {f.description}
              </p>
            ) : null}
            {error ? (
              <p id={`${id}-error`} class="field-error">
                {labelOf(f.name)} {error}
              </p>
            ) : null}
          </div>
        );
      })}
      <button type="submit" class="primary" disabled={busy}>
        {written ? 'Replace the postmortem' : 'Record the postmortem'}
      </button>
    </form>
  );
}
