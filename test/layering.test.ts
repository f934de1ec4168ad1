import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';

import { describe, expect, it } from 'vitest';

/**
 * Which src/ layers each layer may import: imports only point downward. `compat` (the environments reproduced from
 * outside benchmarks, each a vertical slice) sits above the server and below the CLI: only the composition root in
 * `cli` registers it, so no core layer knows it by name.
 */
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
  compat: ['contracts', 'lib', 'sim', 'scenarios', 'grading', 'env', 'agents', 'server'],
  cli: ['contracts', 'lib', 'sim', 'scenarios', 'grading', 'env', 'agents', 'eval', 'client', 'server', 'compat'],
  // src/index.ts: the package's root entry (`import … from 'firedrill'`), a composition root above every layer.
  'index.ts': ['contracts', 'lib', 'sim', 'scenarios', 'grading', 'env', 'agents', 'eval', 'client', 'server', 'cli'],
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

function writeTree(tree: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'firedrill-layering-'));
  for (const [path, text] of Object.entries(tree)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('layering', () => {
  it('every import in src/ points downward', () => {
    expect(layerViolations()).toEqual([]);
  });

  it('only the CLI (the composition root) may import compat', () => {
    for (const [layer, allowed] of Object.entries(ALLOWED)) expect([layer, allowed.includes('compat')]).toEqual([layer, layer === 'cli']);
  });

  it('the check reports an upward import, a dynamic one, an unknown folder and a disabled lint rule, and passes a downward one', () => {
    const root = writeTree({
      'sim/world.ts': "import { createApp } from '../server/app.js';\nexport const x = 1;\n",
      'env/tasks.ts': "const m = await import('../compat/index.js');\n",
      'grading/ok.ts': "import { x } from '../sim/world.js';\nimport { y } from './local.js';\n",
      'widgets/a.ts': 'export const a = 1;\n',
      'lib/b.ts': '// eslint-disable-next-line no-restricted-imports\n',
    });
    try {
      expect(layerViolations(root).sort()).toEqual([
        `env${sep}tasks.ts imports ../compat/index.js (env → compat)`,
        `lib${sep}b.ts: disables a layering/purity lint rule`,
        `sim${sep}world.ts imports ../server/app.js (sim → server)`,
        `widgets${sep}a.ts: folder 'widgets' is not a known layer`,
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
