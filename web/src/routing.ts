import { useEffect, useState } from 'preact/hooks';

export type ViewName = 'play' | 'replay' | 'runs';

export interface Route {
  view: ViewName;
  /** Path segments after the view ("#/runs/run-abc" → ["run-abc"]). */
  rest: string[];
  params: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const [first = '', ...rest] = path.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
  const view: ViewName = first === 'replay' || first === 'runs' ? first : 'play';
  return { view, rest, params: new URLSearchParams(query) };
}

export function href(view: ViewName, rest: string[] = [], params: Record<string, string | number> = {}): string {
  const qs = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
  return `#/${[view, ...rest].map((s) => encodeURIComponent(s)).join('/')}${qs === '' ? '' : `?${qs}`}`;
}

/** The current route; follows hash changes. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
