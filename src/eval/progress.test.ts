import { describe, expect, it } from 'vitest';

import { etaMs, formatBar, formatDuration, Progress } from './progress.js';

describe('progress', () => {
  it('formats durations', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(65_000)).toBe('1m05s');
    expect(formatDuration(3_725_000)).toBe('1h02m');
  });

  it('estimates the remaining time from episodes run here', () => {
    expect(etaMs({ done: 5, total: 10, doneHere: 0, failed: 0, elapsedMs: 0 })).toBeNull();
    expect(etaMs({ done: 7, total: 10, doneHere: 2, failed: 0, elapsedMs: 4000 })).toBe(6000);
  });

  it('draws a bar', () => {
    expect(formatBar({ done: 7, total: 20, doneHere: 7, failed: 0, elapsedMs: 35_000 }, 20)).toBe('[#######·············]  7/20   35%  ETA 1m05s');
    expect(formatBar({ done: 20, total: 20, doneHere: 20, failed: 1, elapsedMs: 100_000 }, 4)).toBe('[####] 20/20  100%  in 1m40s  1 failed');
  });

  it('prints plain lines without a terminal and redraws in place with one', () => {
    let t = 0;
    const plain: string[] = [];
    const p = new Progress({ tty: false, write: (s) => plain.push(s), clock: () => t });
    p.start(3, 1);
    t = 2000;
    p.tick('a');
    t = 4000;
    p.tick('b');
    expect(plain).toEqual(['3 episodes, 1 already done (resuming)\n', '[2/3] a  (ETA 2s)\n', '[3/3] b\n']);
    const tty: string[] = [];
    const q = new Progress({ tty: true, write: (s) => tty.push(s), clock: () => 0 });
    q.start(2, 0);
    q.tick('x');
    q.finish();
    expect(tty[0]).toBe('\r\x1b[2K[························] 0/2    0%  ETA …');
    expect(tty[1]?.startsWith('\r\x1b[2K[############············] 1/2   50%')).toBe(true);
    expect(tty[2]).toBe('\n');
  });
});
