import { useState } from 'preact/hooks';

import { offset } from '../lib/native.js';
import type { Telemetry } from '../lib/telemetry.js';

interface Props {
  telemetry: Telemetry;
  canQuery: boolean;
  onAct?: (action: Record<string, unknown>) => void;
  busy?: boolean;
}

/** Free-text searches across telemetry (run_query) and their hits, newest first. */
export function SearchView({ telemetry, canQuery, onAct, busy }: Props) {
  const [query, setQuery] = useState('');
  const searches = [...telemetry.queries].reverse();
  return (
    <div class="search">
      {canQuery && onAct ? (
        <form
          class="toolbar"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            if (query.trim() !== '') onAct({ action_type: 'run_query', query: query.trim() });
          }}
        >
          <label>
            Search telemetry <input type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} maxLength={500} required />
          </label>
          <button type="submit" disabled={busy || query.trim() === ''}>
            Run query
          </button>
        </form>
      ) : null}
      {searches.length === 0 ? (
        <p class="empty">No searches yet.</p>
      ) : (
        searches.map((q, i) => (
          <section key={i} class="search-result" aria-label={`Search "${q.query}"`}>
            <h3>
              "{q.query}" <span class="muted small">at {offset(q.at)} · {q.total ?? '?'} hits{q.total !== null && q.total > q.hits.length ? `, last ${q.hits.length} shown` : ''}</span>
            </h3>
            <ul class="hits">
              {q.hits.map((h, j) => (
                <li key={j}>
                  <span class="tag">{h.source}</span> <strong>{h.service}</strong> <span class="mono small muted">{h.at}</span> <span class="mono">{h.text}</span>
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
    </div>
  );
}
