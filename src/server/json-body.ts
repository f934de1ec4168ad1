import { FiredrillError } from '../contracts/index.js';

/** Nesting deeper than this is rejected; no Firedrill message needs more than a handful of levels. */
export const MAX_JSON_DEPTH = 32;
/**
 * Values and members in one document (counted as the `[`, `,` and `:` outside strings, an upper bound of both),
 * above which it is rejected before JSON.parse runs. The largest legitimate message has a few dozen.
 */
export const MAX_JSON_NODES = 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes and parses a client document (HTTP body or WebSocket frame) with the checks JSON.parse lacks:
 * strict UTF-8, bounded nesting, a bounded number of values and no prototype-poisoning keys. Empty input is
 * `undefined`. The cost is linear in the input and bounded by the body limit; paths for error messages are
 * built only once an error is found. Throws FiredrillError INVALID_JSON or VALIDATION_ERROR.
 */
export function parseClientJson(input: Uint8Array | string): unknown {
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    try {
      text = utf8.decode(input);
    } catch {
      throw new FiredrillError('INVALID_JSON', 'The body is not valid UTF-8.');
    }
  }
  if (text.trim() === '') return undefined;
  scanStructure(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new FiredrillError('INVALID_JSON', `Invalid JSON: ${(err as Error).message.slice(0, 200)}`);
  }
  const keys: string[] = [];
  if (hasForbiddenKey(value, keys)) {
    throw new FiredrillError('VALIDATION_ERROR', `Forbidden key '${keys[keys.length - 1]}'.`, { field: keys.join('.') });
  }
  return value;
}

/**
 * One pass over the text, outside strings, counting bracket depth and separators, so hostile nesting or a
 * document of many tiny values is refused before JSON.parse builds it.
 */
function scanStructure(text: string): void {
  let depth = 0;
  let nodes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Jump to the closing quote: one not preceded by an odd number of backslashes.
      for (;;) {
        const end = text.indexOf('"', i + 1);
        if (end < 0) return;
        let slashes = 0;
        while (text.charCodeAt(end - 1 - slashes) === 0x5c) slashes++;
        i = end;
        if (slashes % 2 === 0) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_JSON_DEPTH) throw new FiredrillError('VALIDATION_ERROR', `JSON nesting deeper than ${MAX_JSON_DEPTH} levels.`);
      if (c === 0x5b && ++nodes > MAX_JSON_NODES) throw tooManyNodes();
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    } else if (c === 0x2c || c === 0x3a) {
      if (++nodes > MAX_JSON_NODES) throw tooManyNodes();
    }
  }
}

function tooManyNodes(): FiredrillError {
  return new FiredrillError('VALIDATION_ERROR', `JSON document with more than ${MAX_JSON_NODES} values; no message needs that many.`);
}

/**
 * Whether a `__proto__` key, or a `constructor` key holding an object with `prototype`, occurs anywhere. On
 * true, `path` holds the keys down to it. Recursion is safe: scanStructure has bounded the depth.
 */
function hasForbiddenKey(value: unknown, path: string[]): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const child: unknown = value[i];
      if (child === null || typeof child !== 'object') continue;
      path.push(String(i));
      if (hasForbiddenKey(child, path)) return true;
      path.pop();
    }
    return false;
  }
  for (const key in value) {
    const child = (value as Record<string, unknown>)[key];
    path.push(key);
    if (key === '__proto__' || (key === 'constructor' && child !== null && typeof child === 'object' && 'prototype' in child)) return true;
    if (hasForbiddenKey(child, path)) return true;
    path.pop();
  }
  return false;
}
