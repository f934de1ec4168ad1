/**
 * Keyword matching on word boundaries — the fix for the original's substring matching ("db" in "feedback",
 * "high" in "highest", "primary" in "db-primary", "log" in "login").
 *
 * A keyword matches when
 * - it starts a word: the character before it is not a letter or digit, and it is not the tail of a
 *   hyphenated or underscored compound ("primary" does not match in "db-primary"; "payment" does match
 *   at the head of "payment-service");
 * - it ends a word, optionally followed by an inflection (s, es, d, ed, ing: "deploys", "prevented");
 * - or, for a stem written with a trailing `*` ("propagat*"), it merely starts a word.
 * Text and keywords are compared lower-case with runs of whitespace collapsed.
 */
export type Keyword = string;

export interface KeywordMatch {
  start: number;
  end: number;
  keyword: Keyword;
}

const INFLECTIONS = ['ing', 'es', 'ed', 's', 'd'] as const;

export function normalizeText(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ');
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[a-z0-9]/.test(ch);
}

function startsWord(text: string, at: number): boolean {
  const before = text[at - 1];
  if (isWordChar(before)) return false;
  if ((before === '-' || before === '_') && isWordChar(text[at - 2])) return false;
  return true;
}

function wordEnd(text: string, at: number): number | null {
  if (!isWordChar(text[at])) return at;
  for (const suffix of INFLECTIONS) {
    if (text.startsWith(suffix, at) && !isWordChar(text[at + suffix.length])) return at + suffix.length;
  }
  return null;
}

/** Every occurrence of `keyword` in already-normalised `text`. */
export function findKeyword(text: string, keyword: Keyword): KeywordMatch[] {
  const stem = keyword.endsWith('*');
  const needle = normalizeText(stem ? keyword.slice(0, -1) : keyword);
  if (needle.length === 0) return [];
  const checkStart = isWordChar(needle[0]);
  const checkEnd = !stem && isWordChar(needle[needle.length - 1]);
  const found: KeywordMatch[] = [];
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
    if (checkStart && !startsWord(text, at)) continue;
    const end = checkEnd ? wordEnd(text, at + needle.length) : at + needle.length;
    if (end === null) continue;
    found.push({ start: at, end, keyword });
  }
  return found;
}

/** Whether any keyword of the list occurs in the text (normalised here). */
export function mentionsAny(text: string, keywords: readonly Keyword[]): boolean {
  const normal = normalizeText(text);
  return keywords.some((k) => findKeyword(normal, k).length > 0);
}

/** Every occurrence of every keyword of the list, in text order; overlapping matches keep the longest. */
export function findAll(text: string, keywords: readonly Keyword[]): KeywordMatch[] {
  const all = keywords.flatMap((k) => findKeyword(text, k));
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: KeywordMatch[] = [];
  for (const m of all) {
    const last = kept[kept.length - 1];
    if (last && m.start < last.end) continue;
    kept.push(m);
  }
  return kept;
}
