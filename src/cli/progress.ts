import { Progress } from '../eval/progress.js';
import type { CliIo } from './command.js';

/**
 * Progress of a long command on stderr: a bar with ETA redrawn in place when stderr is a terminal, nothing otherwise
 * (the command's own one-line result is the summary).
 */
export function stderrProgress(io: CliIo, total: number): { tick: () => void; finish: () => void } {
  const tty = Boolean(io.errIsTty);
  const progress = new Progress({ tty, write: io.writeProgress ?? ((t) => process.stderr.write(t)), summaryOnly: !tty });
  progress.start(total, 0);
  return { tick: () => progress.tick(''), finish: () => progress.finish() };
}
