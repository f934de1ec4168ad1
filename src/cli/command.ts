export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether stdout is a terminal. */
  isTty: boolean;
  /** Whether stderr is a terminal (progress bars go there). */
  errIsTty?: boolean;
  /** Raw writes of progress bars (default: process.stderr). */
  writeProgress?: (text: string) => void;
}

export interface Command {
  name: string;
  summary: string;
  /** The synopsis and the options, one per line. */
  usage: string;
  /** What the command does, beyond the summary. */
  description?: string;
  /** Command lines to copy, shown by `firedrill help <command>`. */
  examples?: string[];
  /** Returns the process exit code. */
  run(argv: string[], io: CliIo): Promise<number>;
}

/** A wrong command line: printed with a pointer to the command's help, exit code 2. */
export class UsageError extends Error {}

/** A user-facing failure that is not a usage error (a missing file, a refused key): printed as is, exit code 1. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
