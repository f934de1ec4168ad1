import { ERROR_CATALOGUE, type ErrorCode, FiredrillError } from '../contracts/index.js';
import { firedrillVersion } from '../server/options.js';
import { CliError, type CliIo, type Command, UsageError } from './command.js';
import { COMMANDS } from './commands/index.js';

const defaultIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  isTty: Boolean(process.stdout.isTTY),
  errIsTty: Boolean(process.stderr.isTTY),
};

/** Exit codes: 0 success, 1 a failure (of the work or a user-facing error), 2 a wrong command line. */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `firedrill ${firedrillVersion()}: an incident-response gym for AI agents`,
    '',
    'Usage: firedrill <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Global options:',
    '  --help, -h     show help (also: firedrill help <command>)',
    '  --version, -v  print the version',
    '  --debug        show stack traces of internal errors (also FIREDRILL_DEBUG=1)',
    '',
    'Run `firedrill help <command>` for a command\'s options and examples.',
  ].join('\n');
}

/** The full help of one command: usage, options, description and examples. */
export function commandHelp(command: Command): string {
  const parts = [`Usage: ${command.usage}`, '', command.summary + '.'];
  if (command.description) parts.push('', command.description);
  if (command.examples?.length) parts.push('', 'Examples:', ...command.examples.map((e) => `  ${e}`));
  return parts.join('\n');
}

/**
 * Runs one command line and returns the exit code. Every user error prints one line `firedrill <command>: <message>`
 * (plus a hint) on stderr; stack traces only for internal errors and only with --debug.
 */
export async function main(argv: string[], io: CliIo = defaultIo, env: Record<string, string | undefined> = process.env): Promise<number> {
  if (io === defaultIo) guardPipes();
  const debug = argv.includes('--debug') || env['FIREDRILL_DEBUG'] === '1';
  const args = argv.filter((a) => a !== '--debug');
  const [name, ...rest] = args;
  if (name === '--version' || name === '-v' || name === 'version') {
    io.out(firedrillVersion());
    return 0;
  }
  if (!name || name === '--help' || name === '-h') {
    (name ? io.out : io.err)(overview());
    return name ? 0 : EXIT_USAGE;
  }
  if (name === 'help') {
    const topic = rest[0];
    if (topic === undefined) {
      io.out(overview());
      return 0;
    }
    const command = COMMANDS.find((c) => c.name === topic);
    if (!command) return fail(io, 'firedrill help', `Unknown command '${topic}'.`, `Commands: ${COMMANDS.map((c) => c.name).join(', ')}.`, EXIT_USAGE);
    io.out(commandHelp(command));
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) return fail(io, 'firedrill', `Unknown command '${name}'.`, `Commands: ${COMMANDS.map((c) => c.name).join(', ')}. Run \`firedrill --help\`.`, EXIT_USAGE);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(commandHelp(command));
    return 0;
  }
  const where = `firedrill ${command.name}`;
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError || isParseArgsError(err)) return fail(io, where, usageMessage(err as Error), `Run \`firedrill help ${command.name}\` for the options.`, EXIT_USAGE);
    if (err instanceof CliError) return fail(io, where, err.message, err.hint, EXIT_FAILURE);
    // The catalogue's fixes speak of HTTP routes; the ones that also fit a command line are shown.
    if (err instanceof FiredrillError) return fail(io, where, err.message, CLI_HINTS.has(err.code) ? ERROR_CATALOGUE[err.code].fix : undefined, EXIT_FAILURE);
    const system = systemErrorMessage(err);
    if (system !== null) return fail(io, where, system, debug ? stackOf(err) : undefined, EXIT_FAILURE);
    return fail(io, where, `internal error: ${err instanceof Error ? err.message : String(err)}`, debug ? stackOf(err) : 'This is a Firedrill bug; rerun with --debug for the stack trace and report it.', EXIT_FAILURE);
  }
}

const CLI_HINTS = new Set<ErrorCode>(['UNKNOWN_TASK', 'SCENARIO_INVALID']);

function fail(io: CliIo, where: string, message: string, hint: string | undefined, code: number): number {
  io.err(`${where}: ${message}`);
  if (hint) io.err(hint);
  return code;
}

/** node:util parseArgs's messages, as one sentence (its advice about '--' is left out; the hint points to the help). */
function usageMessage(err: Error): string {
  const first = err.message.split(". To specify a positional argument")[0] ?? err.message;
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

function isParseArgsError(err: unknown): boolean {
  return err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS');
}

function stackOf(err: unknown): string {
  return err instanceof Error && err.stack ? err.stack : String(err);
}

/** A readable sentence for the operating-system errors a user can cause (a missing file, a busy port), else null. */
export function systemErrorMessage(err: unknown): string | null {
  if (!(err instanceof Error) || !('code' in err)) return null;
  const e = err as NodeJS.ErrnoException & { port?: number; address?: string };
  switch (e.code) {
    case 'ENOENT':
      return `${e.path ?? 'a file'}: no such file or directory.`;
    case 'EACCES':
    case 'EPERM':
      return e.port !== undefined ? `no permission to listen on port ${e.port}; choose a port above 1023 with --port.` : `${e.path ?? 'a file'}: permission denied.`;
    case 'EISDIR':
      return `${e.path ?? 'a path'} is a directory, not a file.`;
    case 'ENOTDIR':
      return `${e.path ?? 'a path'}: a part of the path is not a directory.`;
    case 'EADDRINUSE':
      return `port ${e.port ?? ''} on ${e.address ?? 'this host'} is already in use (another firedrill serve?); choose another with --port.`;
    case 'EADDRNOTAVAIL':
      return `cannot bind to ${e.address ?? 'that address'}: it is not an address of this machine (see --host).`;
    case 'SQLITE_CANTOPEN':
      return 'cannot open the run store: its directory does not exist or is not writable (see --db).';
    case 'SQLITE_NOTADB':
      return 'the run store is not a SQLite database (see --db).';
    default:
      return null;
  }
}

let pipesGuarded = false;

/** `firedrill … | head` closes the pipe early: stop quietly (exit 0) instead of throwing EPIPE. */
function guardPipes(): void {
  if (pipesGuarded) return;
  pipesGuarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
      throw err;
    });
  }
}
