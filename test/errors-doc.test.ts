import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import { ERROR_CATALOGUE, ERROR_CODES } from '../src/contracts/index.js';

/** Rows of the catalogue table in docs/errors.md: `| \`CODE\` | status | … |`. */
export function documentedCodes(markdown: string): Map<string, number> {
  const rows = new Map<string, number>();
  const section = markdown.split(/^## Catalogue$/m)[1] ?? '';
  for (const m of section.matchAll(/^\|\s*`([A-Z_]+)`\s*\|\s*(\d{3})\s*\|/gm)) rows.set(m[1]!, Number(m[2]));
  return rows;
}

describe('docs/errors.md', () => {
  const documented = documentedCodes(readFileSync(resolve(__dirname, '..', 'docs', 'errors.md'), 'utf8'));

  it('documents every catalogue code with its HTTP status', () => {
    expect(ERROR_CODES.filter((code) => documented.get(code) !== ERROR_CATALOGUE[code].status)).toEqual([]);
  });

  it('documents nothing that is not in the catalogue', () => {
    expect([...documented.keys()].filter((code) => !(ERROR_CODES as string[]).includes(code))).toEqual([]);
  });

  it('reads the table it checks', () => {
    expect(documentedCodes('## Catalogue\n| `A_B` | 404 | x | y |\n| `C` | 200 | x | y |\n')).toEqual(new Map([['A_B', 404], ['C', 200]]));
  });
});
