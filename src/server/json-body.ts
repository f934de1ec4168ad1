import { FiredrillError } from '../contracts/index.js';

/** Nesting deeper than this is rejected; no Firedrill message needs more than a handful of levels. */
export const MAX_JSON_DEPTH = 32;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes and parses a client document (HTTP body or WebSocket frame) with the checks JSON.parse lacks:
 * strict UTF-8, bounded nesting and no prototype-poisoning keys. Empty input is `undefined`.
 * Throws FiredrillError INVALID_JSON or VALIDATION_ERROR.
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
  if (nestingExceeds(text, MAX_JSON_DEPTH)) throw new FiredrillError('VALIDATION_ERROR', `JSON nesting deeper than ${MAX_JSON_DEPTH} levels.`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new FiredrillError('INVALID_JSON', `Invalid JSON: ${(err as Error).message.slice(0, 200)}`);
  }
  checkShape(value);
  return value;
}

/**
 * Scans the text for bracket depth (outside strings) before parsing, so hostile nesting is refused in one
 * linear pass instead of after JSON.parse has built every level.
 */
function nestingExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}

/** Iterative walk (no recursion, so hostile nesting cannot overflow the stack). */
function checkShape(root: unknown): void {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value: root, depth: 0, path: '' }];
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) {
      throw new FiredrillError('VALIDATION_ERROR', `JSON nesting deeper than ${MAX_JSON_DEPTH} levels.`, path ? { field: path } : {});
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) stack.push({ value: value[i], depth: depth + 1, path: join(path, String(i)) });
      continue;
    }
    for (const key of Object.keys(value)) {
      const child = (value as Record<string, unknown>)[key];
      if (key === '__proto__' || (key === 'constructor' && child !== null && typeof child === 'object' && 'prototype' in child)) {
        throw new FiredrillError('VALIDATION_ERROR', `Forbidden key '${key}'.`, { field: join(path, key) });
      }
      stack.push({ value: child, depth: depth + 1, path: join(path, key) });
    }
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
