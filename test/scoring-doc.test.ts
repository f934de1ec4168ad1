import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import { renderScoringDoc } from './fixtures/scoring-examples.js';

const DOC = resolve(__dirname, '..', 'docs', 'scoring.md');

function between(text: string, name: string): { start: number; end: number } {
  const open = `<!-- ${name}:start -->\n`;
  const close = `\n<!-- ${name}:end -->`;
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  if (start < 0 || end < start) throw new Error(`docs/scoring.md has no ${name} markers`);
  return { start: start + open.length, end };
}

/** docs/scoring.md quotes the rubric and runs every worked example; this keeps it true. Set UPDATE_SCORING_DOC=1 to regenerate. */
describe('docs/scoring.md', () => {
  it('lists every criterion and penalty with its weight, and every worked example with its exact score', async () => {
    const generated = await renderScoringDoc();
    let doc = readFileSync(DOC, 'utf8');
    if (process.env['UPDATE_SCORING_DOC'] === '1') {
      for (const name of ['rubric', 'examples'] as const) {
        const { start, end } = between(doc, name);
        doc = doc.slice(0, start) + generated[name] + doc.slice(end);
      }
      writeFileSync(DOC, doc);
    }
    for (const name of ['rubric', 'examples'] as const) {
      const { start, end } = between(doc, name);
      expect(doc.slice(start, end), `${name} section is stale: run UPDATE_SCORING_DOC=1 npx vitest run test/scoring-doc.test.ts`).toBe(generated[name]);
    }
  }, 60_000);
});
