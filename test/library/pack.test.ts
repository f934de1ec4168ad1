import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The package as users get it: `npm pack`, installed with npm into a project outside the repository, and
 * installed globally so `npx firedrill` runs from anywhere. Offline: dependencies come from this checkout's
 * node_modules (the example project links them) or from the npm cache (the global install, through a local
 * registry that serves metadata from package-lock.json while the tarballs come from the cache).
 */
const ROOT = resolve(__dirname, '..', '..');
const run = promisify(execFile);
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; dependencies: Record<string, string>; exports: Record<string, { import?: string }> };

let work: string;
let tarball: string;

/** dist/ must hold every export target, newer than its source; `npx tsc -p tsconfig.build.json` otherwise. */
function distIsCurrent(): boolean {
  return Object.values(pkg.exports).every((e) => {
    if (typeof e === 'string' || !e.import) return true;
    const built = join(ROOT, e.import);
    const source = join(ROOT, e.import.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'));
    return existsSync(built) && statSync(built).mtimeMs >= statSync(source).mtimeMs;
  });
}

beforeAll(async () => {
  if (!distIsCurrent()) await run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, timeout: 300_000 });
  work = mkdtempSync(join(tmpdir(), 'firedrill-pack-'));
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], { cwd: ROOT, timeout: 120_000 });
  tarball = join(work, stdout.trim().split('\n').at(-1)!);
}, 420_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('installs into an example project outside the repository, which imports every entry by the package name', async () => {
    const project = join(work, 'project');
    cpSync(join(ROOT, 'examples', 'library-project'), project, { recursive: true });
    const modules = realpathSync(join(ROOT, 'node_modules'));
    const manifest = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    manifest.dependencies = { [pkg.name]: `file:${tarball}`, ...Object.fromEntries(Object.keys(pkg.dependencies).map((d) => [d, `file:${join(modules, d)}`])) };
    writeFileSync(join(project, 'package.json'), JSON.stringify(manifest, null, 2));
    await run('npm', ['install', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: project, timeout: 120_000 });
    expect(existsSync(join(project, 'node_modules', 'firedrill', 'dist', 'index.d.ts'))).toBe(true);
    const { stdout } = await run(process.execPath, ['index.mjs'], { cwd: project, timeout: 60_000 });
    const out = JSON.parse(stdout) as { task: string; seed: number; steps: number; ws_done: boolean };
    expect(out).toMatchObject({ task: 'checkout-errors-v1', seed: 1_000_000, ws_done: false });
    expect(out.steps).toBeGreaterThan(3);
  }, 200_000);

  it('installs globally, and `npx firedrill` runs outside the repository', async () => {
    const registry = await lockfileRegistry();
    try {
      const prefix = join(work, 'prefix');
      await run('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--registry', registry.url, '--legacy-peer-deps', '--ignore-scripts', '--no-audit', '--no-fund', tarball], { cwd: work, timeout: 180_000 });
      const outside = mkdtempSync(join(tmpdir(), 'firedrill-outside-'));
      const env = { ...process.env, PATH: `${join(prefix, 'bin')}:${process.env['PATH'] ?? ''}`, npm_config_prefix: prefix, npm_config_offline: 'true' };
      const { stdout } = await run('npx', ['--no-install', 'firedrill', 'tasks'], { cwd: outside, env, timeout: 60_000 });
      expect(stdout).toContain('checkout-errors-v1');
      expect(stdout).toContain('gen-expert');
      rmSync(outside, { recursive: true, force: true });
    } finally {
      registry.server.close();
    }
  }, 240_000);
});

/**
 * A registry on loopback that answers package metadata from package-lock.json (every locked version of a name),
 * with each version's original tarball URL and integrity, so npm takes the tarballs from its cache.
 */
async function lockfileRegistry(): Promise<{ url: string; server: Server }> {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; resolved?: string; integrity?: string; dependencies?: Record<string, string>; optionalDependencies?: Record<string, string>; peerDependencies?: Record<string, string>; bin?: unknown; engines?: unknown; os?: unknown; cpu?: unknown }> };
  const packuments = new Map<string, { name: string; 'dist-tags': { latest: string }; versions: Record<string, unknown> }>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path.includes('node_modules/') || !entry.version || entry.integrity === undefined) continue;
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    // The lockfile may omit `resolved`; the public registry's tarball URL is what npm's cache is keyed by.
    const tarball = entry.resolved ?? `https://registry.npmjs.org/${name}/-/${name.split('/').at(-1)!}-${entry.version}.tgz`;
    const doc = packuments.get(name) ?? { name, 'dist-tags': { latest: entry.version }, versions: {} };
    doc.versions[entry.version] = {
      name,
      version: entry.version,
      dependencies: entry.dependencies ?? {},
      optionalDependencies: entry.optionalDependencies ?? {},
      peerDependencies: entry.peerDependencies ?? {},
      ...(entry.bin ? { bin: entry.bin } : {}),
      ...(entry.os ? { os: entry.os } : {}),
      ...(entry.cpu ? { cpu: entry.cpu } : {}),
      dist: { tarball, integrity: entry.integrity },
    };
    packuments.set(name, doc);
  }
  const server = createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '/').slice(1)).replace(/%2f/gi, '/');
    const doc = packuments.get(name);
    res.writeHead(doc ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(doc ?? { error: 'not found' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}/`, server };
}
