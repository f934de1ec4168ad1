/** Number formatting for tables and headers. */

export function fixed(x: number | null | undefined, digits = 2): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits);
}

/** A score or reward as the server reports it, without float noise (up to 4 decimals). */
export function score(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return String(Math.round(x * 10_000) / 10_000);
}

export function percent(x: number | null | undefined, digits = 0): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(digits)}%`;
}

export function signed(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const s = score(x);
  return x > 0 ? `+${s}` : s;
}

export function shortDate(iso: string): string {
  return iso.replace('T', ' ').slice(0, 16);
}

/** Compact JSON for one-line action display. */
export function actionLabel(action: unknown): string {
  if (action === null || action === undefined) return '—';
  if (typeof action !== 'object') return String(action);
  const a = action as Record<string, unknown>;
  const type = typeof a['action_type'] === 'string' ? a['action_type'] : typeof a['type'] === 'string' ? a['type'] : 'action';
  const args = Object.entries(a)
    .filter(([k]) => k !== 'action_type' && k !== 'type')
    .map(([k, v]) => `${k}=${typeof v === 'string' ? (v.length > 40 ? `${v.slice(0, 40)}…` : v) : JSON.stringify(v)}`);
  return args.length === 0 ? type : `${type}(${args.join(', ')})`;
}
