import { FiredrillError } from '../contracts/index.js';
import { type CliIo, UsageError } from './command.js';
import { COMMANDS } from './commands/index.js';

const defaultIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  isTty: Boolean(process.stdout.isTTY),
};

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return ['Usage: firedrill <command> [options]', '', 'Commands:', ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`), '', 'Run `firedrill <command> --help` for a command\'s options.'].join('\n');
}

export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`Unknown command '${name}'.\n\n${help()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`Usage: ${command.usage}`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`${err.message}\nUsage: ${command.usage}`);
      return 2;
    }
    if (err instanceof FiredrillError) {
      io.err(`${err.code}: ${err.message}`);
      return 1;
    }
    throw err;
  }
}
