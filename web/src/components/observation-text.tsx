import { isRecord } from '../lib/native.js';
import { JsonView } from './json-view.js';

/** An observation as the agent reads it: its text (Markdown for LLMs) and the full JSON. */
export function ObservationText({ observation, label }: { observation: Record<string, unknown>; label: string }) {
  const text = typeof observation['text'] === 'string' ? observation['text'] : null;
  const result = isRecord(observation['result']) ? observation['result'] : null;
  return (
    <div class="observation">
      {text !== null ? (
        <pre class="obs-text" tabIndex={0} aria-label={`${label} as text`}>
          {text}
        </pre>
      ) : null}
      <details open={text === null}>
        <summary>{result ? 'Structured result and observation (JSON)' : 'Observation (JSON)'}</summary>
        <JsonView value={observation} label={`${label} as JSON`} />
      </details>
    </div>
  );
}
