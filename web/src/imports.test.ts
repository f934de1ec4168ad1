import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

import { describe, expect, it } from 'vitest';

const WEB_SRC = resolve(__dirname);
const SRC = resolve(__dirname, '..', '..', 'src');
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
/** What the console may use from src/: the client (its only way to the server) and the contracts it speaks. */
const ALLOWED = ['client', 'contracts'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('console imports', () => {
  it('reach into src/ only for the client and the contracts', () => {
    const problems: string[] = [];
    const used = new Set<string>();
    for (const file of files(WEB_SRC)) {
      for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const spec = m[1] ?? m[2] ?? '';
        if (!spec.startsWith('.')) continue;
        const target = relative(SRC, resolve(file, '..', spec));
        if (target.startsWith('..')) continue;
        const layer = target.split(sep)[0] ?? '';
        used.add(layer);
        if (!ALLOWED.includes(layer)) problems.push(`${relative(WEB_SRC, file)} imports ${spec}`);
      }
    }
    expect(problems).toEqual([]);
    expect([...used].sort()).toEqual(ALLOWED);
  });
});
