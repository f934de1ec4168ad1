import { describe, expect, it } from 'vitest';

import { FiredrillError } from '../contracts/index.js';
import { MAX_JSON_DEPTH, MAX_JSON_NODES, parseClientJson } from './json-body.js';

function failure(input: Uint8Array | string): { code: string; message: string; field?: string } {
  try {
    parseClientJson(input);
  } catch (err) {
    if (err instanceof FiredrillError) return { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) };
    throw err;
  }
  throw new Error('parsed');
}

describe('parseClientJson', () => {
  it('parses JSON from bytes and strings; empty input is undefined', () => {
    expect(parseClientJson(Buffer.from('{"a":[1,{"b":null}]}'))).toEqual({ a: [1, { b: null }] });
    expect(parseClientJson('  ')).toBeUndefined();
    expect(parseClientJson(new Uint8Array())).toBeUndefined();
  });

  it('rejects invalid UTF-8 instead of replacing it', () => {
    expect(failure(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]))).toEqual({ code: 'INVALID_JSON', message: 'The body is not valid UTF-8.' });
  });

  it('rejects truncated JSON with INVALID_JSON', () => {
    expect(failure('{"a":').code).toBe('INVALID_JSON');
  });

  it('bounds nesting without recursing', () => {
    expect(parseClientJson('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH))).toBeDefined();
    expect(failure('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1))).toMatchObject({ code: 'VALIDATION_ERROR', message: `JSON nesting deeper than ${MAX_JSON_DEPTH} levels.` });
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    expect(failure(deep).code).toBe('VALIDATION_ERROR');
  });

  it('rejects prototype-poisoning keys at any depth, naming them', () => {
    expect(failure('{"action":{"__proto__":{"x":1}}}')).toEqual({ code: 'VALIDATION_ERROR', message: "Forbidden key '__proto__'.", field: 'action.__proto__' });
    expect(failure('[{"constructor":{"prototype":{}}}]')).toEqual({ code: 'VALIDATION_ERROR', message: "Forbidden key 'constructor'.", field: '0.constructor' });
    expect(parseClientJson('{"constructor":"fine as a plain value"}')).toEqual({ constructor: 'fine as a plain value' });
  });
});

describe('parseClientJson bounds', () => {
  it('counts values outside strings only, and refuses more than the cap before parsing', () => {
    const atCap = `[${Array.from({ length: MAX_JSON_NODES }, () => 0).join(',')}]`;
    expect(parseClientJson(atCap)).toHaveLength(MAX_JSON_NODES);
    const over = `[${Array.from({ length: MAX_JSON_NODES + 1 }, () => 0).join(',')}]`;
    expect(failure(over)).toEqual({ code: 'VALIDATION_ERROR', message: `JSON document with more than ${MAX_JSON_NODES} values; no message needs that many.` });
    const commasInStrings = JSON.stringify({ text: ',:[{'.repeat(5000), quoted: 'a\\"b\\\\', after: [1, 2] });
    expect(parseClientJson(commasInStrings)).toEqual(JSON.parse(commasInStrings));
  });

  it('finds escaped quotes and backslashes at the end of strings', () => {
    const tricky = '{"a":"x\\\\","b":"\\"[[[[","c":[[[1]]]}';
    expect(parseClientJson(tricky)).toEqual(JSON.parse(tricky));
    expect(failure('{"a":"unterminated').code).toBe('INVALID_JSON');
  });
});
