import { findAll, findKeyword, type Keyword, type KeywordMatch, normalizeText } from './keywords.js';

/**
 * What a free-text message claims about services: which priority each one has and whether it is
 * named as the root cause or a symptom. This replaces the original's bag-of-words co-occurrence ("auth is
 * P1, gateway P2" earned auth-P2 there) with clause-level binding: a priority or role belongs to the
 * service it is written next to, in the same clause.
 */
export type Level = 'P1' | 'P2' | 'P3';
export const LEVELS: readonly Level[] = ['P1', 'P2', 'P3'];

export interface ServiceVocabulary {
  id: string;
  keywords: readonly Keyword[];
  /** Services this one replaces when both are named together ("mobile-api circuit breaker" is the breaker). */
  shadows?: readonly string[];
}

export interface ServiceClaim {
  /** Priorities written as P1/P2/P3, SEV n or "priority n" (a root-cause marker counts as P1). */
  explicit: Level[];
  /** Priorities implied by words such as critical, warning, high, low; used only when no explicit one. */
  descriptive: Level[];
  root: boolean;
  symptom: boolean;
  /** The priority this message gives the service, if it gives exactly one. */
  level: Level | null;
}

export interface MessageClaims {
  claims: Record<string, ServiceClaim>;
  /** Human-readable reasons the message contradicts itself; empty when it does not. */
  contradictions: string[];
}

export const EXPLICIT_LEVELS: Record<Level, readonly Keyword[]> = {
  P1: ['p1', 'priority 1', 'priority-1', 'sev1', 'sev 1', 'sev-1'],
  P2: ['p2', 'priority 2', 'priority-2', 'sev2', 'sev 2', 'sev-2'],
  P3: ['p3', 'priority 3', 'priority-3', 'sev3', 'sev 3', 'sev-3'],
};

export const DESCRIPTIVE_LEVELS: Record<Level, readonly Keyword[]> = {
  P1: ['critical', 'highest', 'urgent'],
  P2: ['warning', 'medium', 'moderate', 'high'],
  P3: ['info', 'informational', 'low'],
};

export const ROOT_MARKERS: readonly Keyword[] = ['root cause', 'root_cause', 'root-cause', 'primary cause', 'main cause', 'underlying cause'];
export const SYMPTOM_MARKERS: readonly Keyword[] = ['symptom', 'red herring', 'unrelated', 'not related', 'irrelevant', 'benign', 'noise', 'ruled out'];

const NEGATION = /\b(not|no|never|isn't|wasn't|without)\s+(?:\w+\s+){0,2}$/;
const CONNECTOR = /^[\s,&/+]*(?:(?:and|both|the)[\s,&/+]+)*$/;

type MarkerKind = { kind: 'explicit' | 'descriptive'; level: Level } | { kind: 'root' } | { kind: 'symptom' };

interface Mention {
  start: number;
  end: number;
  service?: string;
  marker?: MarkerKind;
}

/** Splits a message into clauses; within a sentence, a comma-separated run of bare names joins the clause after it. */
export function splitClauses(text: string): string[] {
  const sentences = text
    .split(/[;\n|]/)
    .map(normalizeText)
    .flatMap((s) => s.split(/\.(?=\s|$)|\s[—–]\s?|[—–]|\s-{1,2}\s/));
  const clauses: string[] = [];
  for (const sentence of sentences) {
    let pending = '';
    for (const part of sentence.split(',').map((p) => p.trim())) {
      pending = pending ? `${pending} , ${part}` : part;
      if (!isBareList(part)) {
        if (pending.trim()) clauses.push(pending);
        pending = '';
      }
    }
    if (pending.trim()) clauses.push(pending);
  }
  return clauses;
}

function isBareList(part: string): boolean {
  // A part that names things but makes no claim: no level or role words. Decided per vocabulary below;
  // here only a cheap test that the part is short and has no digits-with-p/sev markers.
  return part.length > 0 && part.split(' ').length <= 3 && !hasAnyMarker(part);
}

function hasAnyMarker(text: string): boolean {
  const all: Keyword[] = [...ROOT_MARKERS, ...SYMPTOM_MARKERS];
  for (const level of LEVELS) all.push(...EXPLICIT_LEVELS[level], ...DESCRIPTIVE_LEVELS[level]);
  return all.some((k) => findKeyword(text, k).length > 0);
}

function markerMentions(clause: string): Mention[] {
  const out: Mention[] = [];
  for (const level of LEVELS) {
    for (const m of findAll(clause, EXPLICIT_LEVELS[level])) out.push({ ...span(m), marker: { kind: 'explicit', level } });
    for (const m of findAll(clause, DESCRIPTIVE_LEVELS[level])) out.push({ ...span(m), marker: { kind: 'descriptive', level } });
  }
  for (const m of findAll(clause, ROOT_MARKERS)) {
    const negated = NEGATION.test(clause.slice(0, m.start));
    out.push({ ...span(m), marker: negated ? { kind: 'symptom' } : { kind: 'root' } });
  }
  for (const m of findAll(clause, SYMPTOM_MARKERS)) out.push({ ...span(m), marker: { kind: 'symptom' } });
  return out;
}

function span(m: KeywordMatch): { start: number; end: number } {
  return { start: m.start, end: m.end };
}

function serviceMentions(clause: string, services: readonly ServiceVocabulary[]): Mention[] {
  const tagged = services.flatMap((s) => findAll(clause, s.keywords).map((m) => ({ ...span(m), service: s.id })));
  tagged.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Mention[] = [];
  for (const m of tagged) {
    const last = kept[kept.length - 1];
    if (last && m.start < last.end) continue;
    kept.push(m);
  }
  return kept;
}

interface Group {
  services: Set<string>;
  start: number;
  end: number;
}

function groupServices(clause: string, mentions: Mention[], services: readonly ServiceVocabulary[], markers: Mention[]): Group[] {
  const groups: Group[] = [];
  for (const m of mentions) {
    const last = groups[groups.length - 1];
    const between = last ? clause.slice(last.end, m.start) : '';
    const markerBetween = last ? markers.some((k) => k.start >= last.end && k.end <= m.start) : true;
    if (last && !markerBetween && CONNECTOR.test(between)) {
      last.services.add(m.service ?? '');
      last.end = m.end;
    } else {
      groups.push({ services: new Set([m.service ?? '']), start: m.start, end: m.end });
    }
  }
  for (const g of groups) {
    for (const id of [...g.services]) {
      for (const shadowed of services.find((s) => s.id === id)?.shadows ?? []) g.services.delete(shadowed);
    }
  }
  return groups;
}

/**
 * The group a marker belongs to: the nearest group before it in the clause; failing that the first one
 * after it — or the second one when the marker reads "root cause of <effect> is <cause>".
 */
function ownerOf(clause: string, marker: Mention, groups: Group[]): Group | undefined {
  const preceding = groups.filter((g) => g.end <= marker.start);
  const last = preceding[preceding.length - 1];
  if (last) return last;
  const following = groups.filter((g) => g.start >= marker.end);
  if (/^\s*(?:of|for|behind)\b/.test(clause.slice(marker.end)) && following.length > 1) return following[1];
  return following[0];
}

function emptyClaim(): ServiceClaim {
  return { explicit: [], descriptive: [], root: false, symptom: false, level: null };
}

function addUnique(list: Level[], level: Level): void {
  if (!list.includes(level)) list.push(level);
}

/** The claims a message makes about the given services. */
export function analyzeClaims(text: string, services: readonly ServiceVocabulary[]): MessageClaims {
  const claims: Record<string, ServiceClaim> = {};
  for (const clause of splitClauses(text)) {
    const markers = markerMentions(clause);
    const groups = groupServices(clause, serviceMentions(clause, services), services, markers);
    if (groups.length === 0) continue;
    for (const g of groups) for (const id of g.services) claims[id] ??= emptyClaim();
    for (const marker of markers) {
      const owner = ownerOf(clause, marker, groups);
      if (!owner || !marker.marker) continue;
      for (const id of owner.services) {
        const claim = claims[id] ?? emptyClaim();
        claims[id] = claim;
        const mk = marker.marker;
        if (mk.kind === 'explicit') addUnique(claim.explicit, mk.level);
        else if (mk.kind === 'descriptive') addUnique(claim.descriptive, mk.level);
        else if (mk.kind === 'root') {
          claim.root = true;
          addUnique(claim.explicit, 'P1');
        } else claim.symptom = true;
      }
    }
  }
  const contradictions: string[] = [];
  for (const [id, claim] of Object.entries(claims)) {
    if (claim.explicit.length > 1) contradictions.push(`${id} is given ${claim.explicit.join(' and ')}`);
    else if (claim.root && claim.symptom) contradictions.push(`${id} is called both the root cause and a symptom`);
    claim.level = claim.explicit.length === 1 ? (claim.explicit[0] ?? null) : claim.explicit.length === 0 && claim.descriptive.length === 1 ? (claim.descriptive[0] ?? null) : null;
  }
  return { claims, contradictions };
}

/** The clauses of a message that name something the root cause (a root-cause marker that is not negated). */
export function rootClauses(text: string): string[] {
  return splitClauses(text).filter((clause) => findAll(clause, ROOT_MARKERS).some((m) => !NEGATION.test(clause.slice(0, m.start))));
}

/**
 * Whether the message states any keyword as a finding: an occurrence that is not negated ("no deploy",
 * "not the database") and not in a clause that dismisses what it names ("replication lag is a red herring").
 */
export function affirms(text: string, keywords: readonly Keyword[]): boolean {
  for (const clause of splitClauses(text)) {
    if (SYMPTOM_MARKERS.some((k) => findKeyword(clause, k).length > 0)) continue;
    for (const m of findAll(clause, keywords)) {
      if (!NEGATION.test(clause.slice(0, m.start))) return true;
    }
  }
  return false;
}
