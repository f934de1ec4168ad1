export interface ProgressState {
  done: number;
  total: number;
  /** Episodes done in this process (skipped ones excluded), the basis of the ETA. */
  doneHere: number;
  failed: number;
  elapsedMs: number;
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m${String(sec).padStart(2, '0')}s` : `${sec}s`;
}

/** Remaining time at the average pace so far; null before the first episode. */
export function etaMs(p: ProgressState): number | null {
  if (p.doneHere === 0) return null;
  return (p.elapsedMs / p.doneHere) * (p.total - p.done);
}

/** `[#######·············]  7/20  35%  ETA 1m05s` */
export function formatBar(p: ProgressState, width = 24): string {
  const frac = p.total === 0 ? 1 : Math.min(1, p.done / p.total);
  const filled = Math.round(frac * width);
  const eta = etaMs(p);
  const tail = p.done >= p.total ? `in ${formatDuration(p.elapsedMs)}` : `ETA ${eta === null ? '…' : formatDuration(eta)}`;
  const failed = p.failed > 0 ? `  ${p.failed} failed` : '';
  return `[${'#'.repeat(filled)}${'·'.repeat(width - filled)}] ${String(p.done).padStart(String(p.total).length)}/${p.total}  ${String(Math.floor(frac * 100)).padStart(3)}%  ${tail}${failed}`;
}

export interface ProgressOptions {
  /** Redraw one line in place (a terminal) or print one plain line per episode. */
  tty: boolean;
  write: (text: string) => void;
  clock?: () => number;
  /** Off a terminal: print nothing per episode (the caller prints a one-line summary at the end). */
  summaryOnly?: boolean;
}

/** Progress of a run: a bar with ETA on a terminal, plain lines otherwise. */
export class Progress {
  private readonly clock: () => number;
  private state: ProgressState = { done: 0, total: 0, doneHere: 0, failed: 0, elapsedMs: 0 };
  private t0 = 0;

  constructor(private readonly opts: ProgressOptions) {
    this.clock = opts.clock ?? (() => performance.now());
  }

  start(total: number, skipped: number): void {
    this.t0 = this.clock();
    this.state = { done: skipped, total, doneHere: 0, failed: 0, elapsedMs: 0 };
    if (this.opts.tty) this.draw();
    else if (!this.opts.summaryOnly) this.opts.write(`${total} episodes${skipped ? `, ${skipped} already done (resuming)` : ''}\n`);
  }

  /** One episode finished (or failed), described by `label`. */
  tick(label: string, failed = false): void {
    this.state.done += 1;
    this.state.doneHere += 1;
    if (failed) this.state.failed += 1;
    this.state.elapsedMs = this.clock() - this.t0;
    if (this.opts.tty) this.draw();
    else if (!this.opts.summaryOnly) {
      const eta = etaMs(this.state);
      this.opts.write(`[${this.state.done}/${this.state.total}] ${label}${eta !== null && this.state.done < this.state.total ? `  (ETA ${formatDuration(eta)})` : ''}\n`);
    }
  }

  /** Prints a line of its own (through `print`) without tearing the bar: the bar is cleared, then redrawn. */
  interject(line: string, print: (line: string) => void): void {
    if (this.opts.tty && this.state.total > 0) this.opts.write('\r\x1b[2K');
    print(line);
    if (this.opts.tty && this.state.total > 0) this.draw();
  }

  finish(): void {
    if (this.opts.tty) this.opts.write('\n');
  }

  private draw(): void {
    this.opts.write(`\r\x1b[2K${formatBar(this.state)}`);
  }
}
