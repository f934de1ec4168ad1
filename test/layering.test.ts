import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

import { describe, expect, it } from 'vitest';

/** Which src/ layers each layer may import (DESIGN §2: imports only point downward). */
export const ALLOWED: Record<string, readonly string[]> = {
  contracts: [],
  lib: [],
  sim: ['contracts', 'lib'],
  scenarios: ['contracts', 'lib', 'sim'],
  grading: ['contracts', 'lib', 'sim', 'scenarios'],
  env: ['contracts', 'lib', 'sim', 'scenarios', 'grading'],
  client: ['contracts', 'lib'],
  agents: ['contracts', 'lib'],
  eval: ['contracts', 'lib', 'sim', 'scenarios', 'grading', 'env', 'agents', 'client'],
  server: ['contracts', 'lib', 'sim', 'scenarios', 'grading', 'env', 'agents', 'eval', 'client'],
  cli: ['contracts', 'lib', 'sim', 'scenarios', 'grading', 'env', 'agents', 'eval', 'client', 'server'],
};

const SRC = resolve(__dirname, '..', 'src');
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

export function layerViolations(root = SRC): string[] {
  const problems: string[] = [];
  for (const file of files(root)) {
    const layer = relative(root, file).split(sep)[0] ?? '';
    const allowed = ALLOWED[layer];
    if (!allowed) {
      problems.push(`${relative(root, file)}: folder '${layer}' is not a known layer`);
      continue;
    }
    const text = readFileSync(file, 'utf8');
    if (/eslint-disable[^\n]*no-restricted/.test(text)) problems.push(`${relative(root, file)}: disables a layering/purity lint rule`);
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? '';
      if (!spec.startsWith('.')) continue;
      const target = relative(root, resolve(file, '..', spec)).split(sep)[0] ?? '';
      if (target === layer || target.startsWith('..')) continue;
      if (!allowed.includes(target)) problems.push(`${relative(root, file)} imports ${spec} (${layer} → ${target})`);
    }
  }
  return problems;
}

describe('layering', () => {
  it('every import in src/ points downward (DESIGN §2)', () => {
    expect(layerViolations()).toEqual([]);
  });

  it('the check catches an upward import', () => {
    const text = "import { x } from '../server/app.js';";
    const m = [...text.matchAll(IMPORT)];
    expect(m[0]?.[1]).toBe('../server/app.js');
    expect(ALLOWED['sim']).not.toContain('server');
  });
});
