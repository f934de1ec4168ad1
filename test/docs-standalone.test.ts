import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

function markdownFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? markdownFiles(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : []));
}

/** Files a reader of the repository does not have: notes of the project's own making that live outside it. */
const OUTSIDE = [/reference\/[\w-]+\.md/, /seed-facts/, /DESIGN §/, /DESIGN\.md/, /\/work\/shared/];

describe('the docs stand alone', () => {
  const docs = ['README.md', ...markdownFiles('docs'), ...markdownFiles('examples')];

  it('no README or doc cites a file outside the repository', () => {
    const hits = docs.flatMap((f) => read(f).split('\n').flatMap((line, i) => (OUTSIDE.some((re) => re.test(line)) ? [`${f}:${i + 1}: ${line.trim()}`] : [])));
    expect(hits).toEqual([]);
  });

  it('every relative link in the README and docs points at a file that exists', () => {
    const broken = docs.flatMap((f) =>
      [...read(f).matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)]
        .map((m) => m[1] as string)
        .filter((target) => !/^[a-z]+:/.test(target))
        .filter((target) => !existsSync(resolve(ROOT, f, '..', target)))
        .map((target) => `${f} → ${target}`),
    );
    expect(broken).toEqual([]);
  });

  it('the README links every doc, says what npm test needs, and names the license', () => {
    const readme = read('README.md');
    for (const f of readdirSync(join(ROOT, 'docs')).filter((n) => n.endsWith('.md'))) expect(readme, `README links docs/${f}`).toContain(`(docs/${f})`);
    expect(readme).toContain('(docs/tasks/)');
    expect(readme).toContain("Debian's Chromium at `/usr/bin/chromium`");
    expect(readme).toContain('`tmux`');
    expect(readme).toContain('[`LICENSE`](LICENSE)');
  });

  it('LICENSE holds the Apache License 2.0 that package.json names', () => {
    const license = read('LICENSE');
    expect((JSON.parse(read('package.json')) as { license: string }).license).toBe('Apache-2.0');
    expect(license.trimStart().startsWith('Apache License\n                           Version 2.0, January 2004')).toBe(true);
    for (const section of ['1. Definitions.', '2. Grant of Copyright License.', '3. Grant of Patent License.', '4. Redistribution.', '5. Submission of Contributions.', '6. Trademarks.', '7. Disclaimer of Warranty.', '8. Limitation of Liability.', '9. Accepting Warranty or Additional Liability.', 'END OF TERMS AND CONDITIONS']) {
      expect(license).toContain(section);
    }
  });
});
