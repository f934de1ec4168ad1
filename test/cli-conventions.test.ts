/**
 * The CLI meets the conventions of well-kept Node CLIs: --version, `help <command>` and a full --help with examples
 * for every command, one error format with a non-zero exit for every user error (no stack traces without --debug),
 * EPIPE-safe output, progress on stderr only on a terminal, and the same unknown-task error everywhere. The bad
 * inputs run through bin/firedrill.js (dist/ must be built), as a user would type them.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { CliIo } from '../src/cli/command.js';
import { COMMANDS } from '../src/cli/commands/index.js';
import { main } from '../src/cli/main.js';

const ROOT = resolve(__dirname, '..');
const BIN = join(ROOT, 'bin/firedrill.js');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'firedrill-conventions-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function cli(args: string[], opts: { cwd?: string; timeout?: number } = {}): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? dir, encoding: 'utf8', timeout: opts.timeout ?? 30_000, env: { ...process.env, FIREDRILL_DEBUG: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

async function inProcess(argv: string[], tty = false): Promise<{ code: number; out: string; err: string; drawn: string[] }> {
  let out = '';
  let err = '';
  const drawn: string[] = [];
  const io: CliIo = { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), isTty: false, errIsTty: tty, writeProgress: (t) => drawn.push(t) };
  const code = await main(argv, io, {});
  return { code, out, err, drawn };
}

const STACK = /^\s+at /m;

describe('version and help', () => {
  it('--version and -v print the package version', () => {
    expect(cli(['--version'])).toMatchObject({ code: 0, out: `${VERSION}\n`, err: '' });
    expect(cli(['-v']).out).toBe(`${VERSION}\n`);
  });

  it('firedrill help <command> and <command> --help print the same full help, with options and examples, for every command', async () => {
    for (const c of COMMANDS) {
      const help = await inProcess(['help', c.name]);
      const flag = await inProcess([c.name, '--help']);
      expect(help.code, c.name).toBe(0);
      expect(flag.out, c.name).toBe(help.out);
      expect(help.out.startsWith(`Usage: firedrill ${c.name}`), c.name).toBe(true);
      const examples = help.out.split('\n').slice(help.out.split('\n').indexOf('Examples:') + 1).filter((l) => l.startsWith('  '));
      expect(examples.length, `${c.name} examples`).toBeGreaterThan(0);
      expect(examples.every((e) => e.includes('firedrill') || e.includes('claude')), c.name).toBe(true);
      expect(help.out.split('\n').length, `${c.name} help length`).toBeGreaterThan(5);
    }
    const unknown = await inProcess(['help', 'frobnicate']);
    expect(unknown).toMatchObject({ code: 2, out: '' });
    expect(unknown.err.split('\n')[0]).toBe("firedrill help: Unknown command 'frobnicate'.");
  });
});

describe('every user error: one line "firedrill <command>: <message>", a hint, a non-zero exit, no stack trace', () => {
  let busy: Server;
  let busyPort = 0;
  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    busyPort = (busy.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise<void>((r) => busy.close(() => r()));
  });

  const cases: [string, () => string[], number, () => string][] = [
    ['a missing trajectory', () => ['replay', '/nonexistent'], 1, () => 'firedrill replay: /nonexistent: no such file or directory.'],
    ['a port in use', () => ['serve', '--host', '127.0.0.1', '--port', String(busyPort), '--no-console', '--log-level', 'silent'], 1, () => `firedrill serve: port ${busyPort} on 127.0.0.1 is already in use (another firedrill serve?); choose another with --port.`],
    ['a bad log level', () => ['serve', '--log-level', 'nonsense'], 2, () => 'firedrill serve: --log-level must be one of fatal, error, warn, info, debug, trace, silent, not nonsense.'],
    ['a run store in a missing directory', () => ['runs', 'list', '--db', '/missing-dir/x.db'], 1, () => 'firedrill runs: No run store at /missing-dir/x.db.'],
    ['--seeds with a benchmark', () => ['eval', '--agent', 'random', '--tasks', 'firedrill-bench-v1', '--seeds', '0..1'], 2, () => 'firedrill eval: --seeds cannot be combined with the benchmark firedrill-bench-v1, which fixes its own seeds.'],
    ['an unknown option', () => ['tasks', '--frobnicate'], 2, () => "firedrill tasks: Unknown option '--frobnicate'."],
    ['an unknown command', () => ['frobnicate'], 2, () => "firedrill: Unknown command 'frobnicate'."],
    ['a missing --scenarios directory', () => ['tasks', '--scenarios', '/nonexistent-dir'], 1, () => 'firedrill tasks: --scenarios /nonexistent-dir: no such directory.'],
  ];

  for (const [what, args, code, first] of cases) {
    it(what, async () => {
      const r = await inProcess(args());
      expect(r.code).toBe(code);
      expect(r.err.split('\n')[0]?.startsWith(first())).toBe(true);
      expect(r.err).not.toMatch(STACK);
      expect(r.err.trim().split('\n').length).toBeLessThanOrEqual(2);
    });
  }

  it('runs list never creates a missing store', async () => {
    const db = join(dir, 'absent.db');
    expect((await inProcess(['runs', 'list', '--db', db])).code).toBe(1);
    expect(existsSync(db)).toBe(false);
    expect(existsSync('/missing-dir')).toBe(false);
  });

  it('an unknown task reads the same in every command that takes tasks', async () => {
    const commands = [
      ['serve', '--task', 'nope', '--port', '0'],
      ['eval', '--agent', 'random', '--tasks', 'nope'],
      ['mcp', '--task', 'nope'],
      ['validate', '--tasks', 'nope'],
      ['check', '--tasks', 'nope'],
      ['play', '--task', 'nope'],
    ];
    const lines: string[] = [];
    for (const args of commands) {
      const r = await inProcess(args);
      expect(r.code, args[0]).toBe(1);
      lines.push(r.err.replace(`firedrill ${args[0]}: `, ''));
    }
    expect(new Set(lines)).toEqual(new Set(["No task has the id 'nope'.\nList the task ids with GET /tasks or `firedrill tasks`.\n"]));
  });

  it('--debug adds the stack trace of an operating-system or internal error', async () => {
    const notADb = join(dir, 'not-a-db.db');
    writeFileSync(notADb, 'this is not SQLite '.repeat(20));
    const plain = await inProcess(['runs', 'list', '--db', notADb]);
    expect(plain.code).toBe(1);
    expect(plain.err).toBe('firedrill runs: the run store is not a SQLite database (see --db).\n');
    const debug = await inProcess(['runs', 'list', '--db', notADb, '--debug']);
    expect(debug.code).toBe(1);
    expect(debug.err).toMatch(STACK);
  });
});

describe('agent modules, pipes and progress', () => {
  it('loads a TypeScript agent module (through tsx) and plays it', () => {
    const agent = join(dir, 'my-agent.ts');
    writeFileSync(
      agent,
      [
        'interface Result { observation: Record<string, unknown> }',
        'type Action = { action_type: string; summary?: string };',
        'export default function create(): { name: string; start(): void; act(last: Result): Action } {',
        '  let turn: number = 0;',
        "  return { name: 'typed-agent', start() {}, act(_last: Result): Action { turn += 1; return turn === 1 ? { action_type: 'list_services' } : { action_type: 'resolve', summary: 'done' }; } };",
        '}',
      ].join('\n'),
    );
    const r = cli(['eval', '--agent', agent, '--tasks', 'checkout-errors-v1', '--seeds', '0', '--db', join(dir, 'ts.db'), '--out', join(dir, 'ts')]);
    expect(r.err).not.toContain('ERR_UNKNOWN_FILE_EXTENSION');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\| typed-agent \| checkout-errors-v1 \| 1 \| — \| 0\.\d{3} /);
  });

  it('stops quietly (exit 0, nothing on stderr) when the reader of its output goes away (| head)', async () => {
    const child = spawn(process.execPath, [BIN, 'tasks'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(err).toBe('');
    expect(code).toBe(0);
  });

  it('check and validate draw a bar with ETA on a terminal, and only their one-line result otherwise', async () => {
    const tty = await inProcess(['check', '--tasks', 'checkout-errors-v1', '--seeds', '0..2', '--steps', '5'], true);
    expect(tty.code).toBe(0);
    expect(tty.drawn[0]).toBe('\r\x1b[2K[························] 0/3    0%  ETA …');
    expect(tty.drawn[1]).toMatch(/^\r\x1b\[2K\[#{8}·{16}\] 1\/3   33%  ETA \d+s$/);
    expect(tty.drawn.at(-2)).toMatch(/^\r\x1b\[2K\[#{24}\] 3\/3  100%  in \d+s$/);
    const plain = await inProcess(['check', '--tasks', 'checkout-errors-v1', '--seeds', '0..2', '--steps', '5'], false);
    expect(plain.drawn).toEqual([]);
    expect(plain.err).toBe('');
    expect(plain.out).toMatch(/^ok: 1 tasks × 3 seeds, 3 episodes, \d+ steps, 0 failures\n$/);
    const validate = await inProcess(['validate', '--tasks', 'checkout-errors-v1', '--seeds', '0..1', '--agents', 'oracle,do-nothing'], true);
    expect(validate.drawn[0]).toBe('\r\x1b[2K[························] 0/4    0%  ETA …');
    expect(validate.drawn.at(-2)).toMatch(/ 4\/4  100%  in \d+s$/);
  });
});
