/**
 * Deployment files. There is no Docker engine here, so the Dockerfile is reproduced stage by stage from its own
 * instructions: each COPY copies exactly what it names (from the build context, minus .dockerignore, or from an
 * earlier stage) into a scratch directory standing for that stage's filesystem, each RUN runs there, and the last
 * stage's CMD is started and asked for /health and /web/, and its HEALTHCHECK command is run.
 *
 * Two departures, both forced by the sandbox and kept as narrow as possible:
 * - `apt-get` lines are skipped: they install the compiler toolchain that better-sqlite3 needs only when no prebuilt
 *   binary matches, and there is no network here.
 * - `npm ci` is replaced by a copy of the node_modules already installed from the same package-lock.json, followed by
 *   `npm run prepare` (what `npm ci` runs once it has installed the locked tree). Everything after it in the same RUN
 *   (`npm prune --omit=dev`) runs as written, so the runtime stage gets the production tree the image would.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, posix, relative, resolve } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = resolve(__dirname, '..');
const read = (file: string) => readFileSync(resolve(ROOT, file), 'utf8');

interface Instruction {
  op: string;
  args: string;
}

/** The Dockerfile's instructions: comments dropped, `\` continuations joined. */
function instructions(text: string): Instruction[] {
  const joined = text.replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const m = /^(\S+)\s+(.*)$/.exec(l);
      return { op: (m?.[1] ?? l).toUpperCase(), args: (m?.[2] ?? '').trim() };
    });
}

interface Stage {
  name: string;
  root: string;
  workdir: string;
  env: Record<string, string>;
  user: string | null;
  cmd: string[] | null;
  healthcheck: string[] | null;
  expose: string[];
}

/** .dockerignore patterns: a path is left out when it, or a folder above it, matches one. */
function ignored(path: string, patterns: readonly string[]): boolean {
  const parts = path.split('/');
  return parts.some((_, i) => {
    const prefix = parts.slice(0, i + 1).join('/');
    return patterns.some((p) => posix.matchesGlob?.(prefix, p) ?? prefix === p);
  });
}

function copy(from: string, to: string, filter: (src: string) => boolean): void {
  mkdirSync(dirname(to), { recursive: true });
  cpSync(from, to, { recursive: true, verbatimSymlinks: true, filter });
}

function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => done(port));
    });
  });
}

const scratch = mkdtempSync(join(tmpdir(), 'firedrill-docker-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
}, 60_000);

describe('deployment files', () => {
  it('openenv.yaml is valid YAML with the OpenEnv manifest fields', () => {
    const manifest = parse(read('openenv.yaml')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ spec_version: 1, name: 'firedrill', type: 'space', runtime: 'docker', app: 'bin/firedrill.js serve', port: 8000 });
    expect(typeof manifest['description']).toBe('string');
    expect(Object.values(manifest['variables'] as object).every((v) => typeof v === 'string')).toBe(true);
  });

  it('the README documents the Hugging Face Space front matter', () => {
    const block = /```yaml\n(---\n[\s\S]*?\n---)\n```/.exec(read('README.md'))?.[1];
    expect(block).toBeDefined();
    const front = parse(block!.replace(/^---\n|\n---$/g, '')) as Record<string, unknown>;
    expect(front).toMatchObject({ sdk: 'docker', app_port: 8000, tags: ['openenv'] });
  });

  it('the Dockerfile, reproduced stage by stage, builds server and console and serves /health and /web/ as a non-root user on port 8000', async () => {
    const patterns = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    const stages: Stage[] = [];
    const here = () => stages.at(-1) as Stage;
    const inStage = (s: Stage, path: string) => join(s.root, path.startsWith('/') ? path : posix.join(s.workdir, path));
    let ranNpmCi = false;

    for (const { op, args } of instructions(read('Dockerfile'))) {
      if (op === 'FROM') {
        const [image, as, name] = args.split(/\s+/);
        expect(image).toBe('node:20-slim');
        const root = join(scratch, `stage-${stages.length}`);
        mkdirSync(root, { recursive: true });
        stages.push({ name: as?.toUpperCase() === 'AS' && name ? name : String(stages.length), root, workdir: '/', env: {}, user: null, cmd: null, healthcheck: null, expose: [] });
      } else if (op === 'WORKDIR') {
        here().workdir = posix.resolve(here().workdir, args);
        mkdirSync(inStage(here(), '.'), { recursive: true });
      } else if (op === 'ENV') {
        for (const m of args.matchAll(/(\w+)=(\S+)/g)) here().env[m[1] as string] = m[2] as string;
      } else if (op === 'COPY') {
        const words = args.split(/\s+/);
        const flags = words.filter((w) => w.startsWith('--'));
        const [dest, ...srcs] = words.filter((w) => !w.startsWith('--')).reverse();
        const fromStage = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
        const source = fromStage === undefined ? null : stages.find((s) => s.name === fromStage);
        if (fromStage !== undefined) expect(source, `COPY --from=${fromStage}`).toBeDefined();
        for (const src of srcs.reverse()) {
          const from = source ? inStage(source, src) : join(ROOT, src);
          expect(existsSync(from), `COPY ${src}${fromStage ? ` from ${fromStage}` : ''}`).toBe(true);
          const into = dest?.endsWith('/') || srcs.length > 1 ? inStage(here(), posix.join(dest as string, basename(src))) : inStage(here(), dest as string);
          const filter = (p: string) => !ignored(relative(ROOT, p), patterns);
          if (source) {
            // Between stages (both in the scratch directory) hard links copy as faithfully and far faster.
            mkdirSync(dirname(into), { recursive: true });
            const cp = spawnSync('cp', ['-al', from, into], { encoding: 'utf8' });
            expect(cp.status, cp.stderr).toBe(0);
          } else copy(from, into, filter);
        }
      } else if (op === 'RUN') {
        if (/^apt-get\b/.test(args)) continue;
        let command = args;
        if (/\bnpm ci\b/.test(command)) {
          ranNpmCi = true;
          // Hard links: a copy in a second, and `npm prune` only unlinks. The one file npm rewrites in place (its
          // hidden lockfile) is made a real copy first, so the installed tree is never written to.
          const installed = realpathSync(join(ROOT, 'node_modules'));
          const linked = inStage(here(), 'node_modules');
          const cp = spawnSync('cp', ['-al', installed, linked], { encoding: 'utf8' });
          expect(cp.status, cp.stderr).toBe(0);
          const hidden = join(linked, '.package-lock.json');
          if (existsSync(hidden)) {
            rmSync(hidden);
            cpSync(join(installed, '.package-lock.json'), hidden);
          }
          command = command.replace(/npm ci(\s+--[\w-]+)*/, 'npm run prepare');
        }
        const r = spawnSync('bash', ['-c', command], { cwd: inStage(here(), '.'), encoding: 'utf8', env: { ...process.env, ...here().env, npm_config_offline: 'true', npm_config_update_notifier: 'false' }, timeout: 150_000 });
        expect(r.status, `RUN ${args}\n${r.stdout}\n${r.stderr}`).toBe(0);
      } else if (op === 'USER') {
        here().user = args;
      } else if (op === 'EXPOSE') {
        here().expose.push(...args.split(/\s+/));
      } else if (op === 'HEALTHCHECK') {
        here().healthcheck = JSON.parse(args.slice(args.indexOf('CMD') + 3).trim()) as string[];
      } else if (op === 'CMD') {
        here().cmd = JSON.parse(args) as string[];
      }
    }

    expect(ranNpmCi).toBe(true);
    const build = stages[0] as Stage;
    const runtime = stages.at(-1) as Stage;
    expect(stages.length).toBe(2);
    // The build stage built both the server and the console.
    expect(existsSync(inStage(build, 'dist/cli/main.js'))).toBe(true);
    expect(existsSync(inStage(build, 'web/dist/index.html'))).toBe(true);
    // The runtime stage: the production tree only (no vite, no TypeScript), the built console, an unprivileged user.
    expect(existsSync(inStage(runtime, 'web/dist/index.html'))).toBe(true);
    expect(existsSync(inStage(runtime, 'node_modules/fastify'))).toBe(true);
    expect(existsSync(inStage(runtime, 'node_modules/vite'))).toBe(false);
    expect(existsSync(inStage(runtime, 'node_modules/typescript'))).toBe(false);
    expect(existsSync(inStage(runtime, 'src'))).toBe(false);
    expect(runtime.user).toBe('node');
    expect(runtime.expose).toEqual(['8000']);
    expect(runtime.env).toMatchObject({ NODE_ENV: 'production', HOST: '0.0.0.0', PORT: '8000' });
    expect(runtime.cmd).toEqual(['node', 'bin/firedrill.js', 'serve']);

    // Port 8000 may be taken on this machine: the image's PORT is swapped for a free one (the variable is what the image reads).
    const port = await freePort();
    const env = { PATH: process.env['PATH'] ?? '', ...runtime.env, PORT: String(port) };
    const [bin, ...rest] = runtime.cmd as string[];
    const child = spawn(bin === 'node' ? process.execPath : (bin as string), rest, { cwd: inStage(runtime, '.'), env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const base = `http://127.0.0.1:${port}`;
    const t0 = Date.now();
    for (;;) {
      const ok = await fetch(`${base}/health`).then((r) => r.ok, () => false);
      if (ok) break;
      if (child.exitCode !== null || Date.now() - t0 > 20_000) throw new Error(`the image's CMD did not serve /health:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const page = await fetch(`${base}/web/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    const script = /src="(\/web\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect((await fetch(`${base}${script}`)).status).toBe(200);
    expect(output).toContain(`Console at http://`);

    const [hcBin, ...hcArgs] = runtime.healthcheck as string[];
    const hc = spawnSync(hcBin === 'node' ? process.execPath : (hcBin as string), hcArgs, { cwd: inStage(runtime, '.'), env, encoding: 'utf8', timeout: 10_000 });
    expect(hc.status, hc.stderr).toBe(0);
    child.kill('SIGTERM');
    expect(readdirSync(inStage(runtime, '.')).sort()).toEqual(['bin', 'dist', 'node_modules', 'openenv.yaml', 'package.json', 'validation', 'web']);
  }, 240_000);
});
