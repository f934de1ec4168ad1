import type { WorldState } from '../state.js';
import { clockLabel } from './clock.js';
import { type LogLine, renderLogs } from './logs.js';

export type SearchSource = 'log' | 'deploy' | 'config change' | 'alert';

export interface SearchHit {
  source: SearchSource;
  service: string;
  /** Simulated minute since onset. */
  minute: number;
  /** Wall-clock label. */
  at: string;
  text: string;
  /** Relevance: term occurrences, plus a bonus when the query appears as a phrase or names the service. */
  score: number;
}

/** Minutes of logs a search covers (deploys, config changes and alerts are searched over their whole history). */
export const SEARCH_LOG_MINUTES = 15;
/** Hits returned (the best-ranked, listed oldest first). */
export const SEARCH_HIT_LIMIT = 20;
const PHRASE_BONUS = 3;
const SERVICE_BONUS = 1;

/** Lower-case terms of a query (quotes and punctuation around words dropped). */
export function queryTerms(query: string): string[] {
  return query
    .toLowerCase()
    .split(/\s+/)
    .map((t) => t.replace(/^["'(]+|["'),.;:]+$/g, ''))
    .filter((t) => t.length > 0);
}

/** Lower-cased search text of a rendered log line (lines of past minutes are shared objects, so this is computed once). */
const lineDocs = new WeakMap<LogLine, string>();

function lineDoc(service: string, l: LogLine): string {
  let doc = lineDocs.get(l);
  if (doc === undefined) {
    doc = `log ${service} ${l.level} ${l.pod} ${l.message}`.toLowerCase();
    lineDocs.set(l, doc);
  }
  return doc;
}

function occurrences(haystack: string, term: string): number {
  let n = 0;
  for (let i = haystack.indexOf(term); i >= 0; i = haystack.indexOf(term, i + term.length)) n++;
  return n;
}

/**
 * Searches what an operator's log and change tooling holds: every term must appear (case-insensitively, in any
 * order) in the document, which is its source label, its service and its text. Returns all matches ranked (score,
 * then newest), of which the caller shows the best.
 */
export function search(world: WorldState, query: string, service?: string): SearchHit[] {
  const terms = queryTerms(query);
  if (terms.length === 0) return [];
  const phrase = terms.join(' ');
  const now = world.minute;
  const label = (m: number) => clockLabel(world.onset_date, world.onset_time, m);
  const hits: SearchHit[] = [];
  const consider = (source: SearchSource, svc: string, minute: number, at: string, text: string, lowered?: string) => {
    if (minute > now || (service !== undefined && svc !== service)) return;
    const doc = lowered ?? `${source} ${svc} ${text}`.toLowerCase();
    let score = 0;
    for (const t of terms) {
      const n = occurrences(doc, t);
      if (n === 0) return;
      score += n;
    }
    if (terms.length > 1 && doc.includes(phrase)) score += PHRASE_BONUS;
    if (terms.some((t) => svc.toLowerCase() === t)) score += SERVICE_BONUS;
    hits.push({ source, service: svc, minute, at, text, score });
  };
  for (const d of world.deploys) consider('deploy', d.service, d.minute, label(d.minute), `${d.kind} ${d.previous} -> ${d.version} by ${d.author}${d.note ? `: ${d.note}` : ''}`);
  for (const c of world.config_changes) consider('config change', c.service, c.minute, label(c.minute), `${c.key}: ${String(c.from)} -> ${String(c.to)} by ${c.author}`);
  for (const a of world.alerts) {
    consider('alert', a.service, a.fired_at, label(a.fired_at), `fired ${a.severity}: ${a.title} — ${a.description}`);
    if (a.resolved_at !== null) consider('alert', a.service, a.resolved_at, label(a.resolved_at), `resolved: ${a.title}`);
  }
  for (const s of world.services) {
    if (service !== undefined && s.name !== service) continue;
    for (const l of renderLogs(world, s.name, now - SEARCH_LOG_MINUTES + 1, now)) {
      const doc = lineDoc(s.name, l);
      if (terms.every((t) => doc.includes(t))) consider('log', s.name, l.minute, l.ts, `${l.level} ${l.pod} ${l.message}`, doc);
    }
  }
  return hits.sort((a, b) => b.score - a.score || b.minute - a.minute || a.service.localeCompare(b.service) || a.text.localeCompare(b.text));
}

/** The best `limit` hits of a ranked list, oldest first (ties keep their rank order). */
export function topHitsInTimeOrder(ranked: readonly SearchHit[], limit = SEARCH_HIT_LIMIT): SearchHit[] {
  return ranked
    .slice(0, limit)
    .map((h, rank) => ({ h, rank }))
    .sort((a, b) => a.h.at.localeCompare(b.h.at) || a.rank - b.rank)
    .map((x) => x.h);
}
