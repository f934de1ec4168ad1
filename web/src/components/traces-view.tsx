import { useState } from 'preact/hooks';

import { fixed } from '../lib/format.js';
import { offset } from '../lib/native.js';
import type { Telemetry } from '../lib/telemetry.js';

interface Props {
  telemetry: Telemetry;
  service: string | null;
  canQuery: boolean;
  onAct?: (action: Record<string, unknown>) => void;
  busy?: boolean;
}

/** Sampled request traces as span trees, with each span's latency as a bar. */
export function TracesView({ telemetry, service, canQuery, onAct, busy }: Props) {
  const [errorsOnly, setErrorsOnly] = useState(true);
  const [scoped, setScoped] = useState(false);
  const data = telemetry.traces;
  return (
    <div class="traces">
      {canQuery && onAct ? (
        <form
          class="toolbar"
          onSubmit={(e) => {
            e.preventDefault();
            onAct({ action_type: 'get_traces', ...(scoped && service ? { service } : {}), ...(errorsOnly ? { errors_only: true } : {}), limit: 5 });
          }}
        >
          <label>
            <input type="checkbox" checked={errorsOnly} onChange={(e) => setErrorsOnly(e.currentTarget.checked)} /> Errors only
          </label>
          {service ? (
            <label>
              <input type="checkbox" checked={scoped} onChange={(e) => setScoped(e.currentTarget.checked)} /> Through {service} only
            </label>
          ) : null}
          <button type="submit" disabled={busy}>
            Get traces
          </button>
        </form>
      ) : null}
      {!data ? (
        <p class="empty">No traces sampled yet.</p>
      ) : data.traces.length === 0 ? (
        <p class="empty">The sample at {offset(data.at)} had no matching traces.</p>
      ) : (
        <ol class="trace-list" aria-label={`Traces sampled at ${offset(data.at)}`}>
          {data.traces.map((t) => {
            const total = t.duration_ms ?? Math.max(1, ...t.spans.map((s) => s.duration_ms ?? 0));
            return (
              <li key={t.trace_id} class={t.error ? 'trace error' : 'trace'}>
                <p class="trace-head">
                  <span class="mono">{t.trace_id}</span> · {fixed(t.duration_ms, 1)} ms · {t.error ? <strong class="bad-text">error</strong> : 'ok'}
                </p>
                <table class="spans">
                  <thead>
                    <tr>
                      <th scope="col">Span</th>
                      <th scope="col">Start · duration</th>
                      <th scope="col">Status</th>
                    </tr>
                  </thead>
                  <tbody>
                    {t.spans.map((s, i) => (
                      <tr key={i} class={s.status === 'error' ? 'span-error' : ''}>
                        <th scope="row" style={{ paddingLeft: `${0.4 + s.depth * 1}rem` }}>
                          <span class="mono">{s.service}</span> <span class="muted small">{s.operation}</span>
                          {s.error ? <span class="block small bad-text">{s.error}</span> : null}
                        </th>
                        <td class="bar-cell">
                          <span class="bar" style={{ marginLeft: `${Math.min(98, Math.round((100 * s.start_ms) / total))}%`, width: `${Math.max(2, Math.round((100 * s.duration_ms) / total))}%` }} aria-hidden="true" />
                          <span class="num small">
                            +{fixed(s.start_ms, 1)} · {fixed(s.duration_ms, 1)} ms
                          </span>
                        </td>
                        <td>{s.status}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
