export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  isTty: boolean;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Returns the process exit code. */
  run(argv: string[], io: CliIo): Promise<number>;
}

export class UsageError extends Error {}
