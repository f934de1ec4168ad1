import { useEffect, useState } from 'preact/hooks';

import { apiKey, readClient, setApiKey, isUnauthorized } from './api.js';
import { href, useRoute, type ViewName } from './routing.js';
import { PlayView } from './views/play-view.js';
import { ReplayView } from './views/replay-view.js';
import { RunsView } from './views/runs-view.js';

const VIEWS: { view: ViewName; label: string }[] = [
  { view: 'play', label: 'Play' },
  { view: 'replay', label: 'Replay' },
  { view: 'runs', label: 'Runs' },
];

/** Asks for the bearer token when the server needs one (FIREDRILL_API_KEY). */
function TokenForm() {
  const [value, setValue] = useState(apiKey() ?? '');
  return (
    <form
      class="panel token"
      onSubmit={(e) => {
        e.preventDefault();
        setApiKey(value.trim());
        window.location.reload();
      }}
    >
      <h2>This server needs an API token</h2>
      <div class="field">
        <label for="token">Bearer token (FIREDRILL_API_KEY)</label>
        <input id="token" type="password" value={value} onInput={(e) => setValue(e.currentTarget.value)} autoComplete="off" />
      </div>
      <button type="submit" class="primary">
        Use this token
      </button>
    </form>
  );
}

export function App() {
  const route = useRoute();
  const [locked, setLocked] = useState(false);
  useEffect(() => {
    readClient()
      .tasks()
      .catch((err: unknown) => setLocked(isUnauthorized(err)));
  }, []);
  useEffect(() => {
    const label = VIEWS.find((v) => v.view === route.view)?.label ?? '';
    document.title = `${label} · Firedrill console`;
  }, [route.view]);
  return (
    <>
      <a class="skip-link" href="#main" onClick={(e) => {
        e.preventDefault();
        document.getElementById('main')?.focus();
      }}>
        Skip to content
      </a>
      <header class="site-header">
        <h1>
          <span aria-hidden="true" class="logo">
            ◆
          </span>{' '}
          Firedrill <span class="muted">console</span>
        </h1>
        <nav aria-label="Views">
          <ul>
            {VIEWS.map((v) => (
              <li key={v.view}>
                <a href={href(v.view)} aria-current={route.view === v.view ? 'page' : undefined}>
                  {v.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <a class="docs-link" href="../docs" target="_blank" rel="noopener">
          API docs
        </a>
      </header>
      <main id="main" tabIndex={-1}>
        {locked ? <TokenForm /> : null}
        {route.view === 'play' ? <PlayView route={route} /> : null}
        {route.view === 'replay' ? <ReplayView route={route} /> : null}
        {route.view === 'runs' ? <RunsView route={route} /> : null}
      </main>
    </>
  );
}
