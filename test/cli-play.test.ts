/**
 * `firedrill play` in a real terminal: tmux runs bin/firedrill.js (dist/ must be built) in a detached session; keys
 * are sent with send-keys (Tab included) and the screen read with capture-pane.
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..');
const BIN = join(ROOT, 'bin/firedrill.js');
const sessions: string[] = [];

function tmux(...args: string[]): string {
  return execFileSync('tmux', args, { encoding: 'utf8' });
}

function start(args: string[]): string {
  const name = `firedrill-play-${process.pid}-${sessions.length}`;
  sessions.push(name);
  const command = [process.execPath, BIN, 'play', ...args].map((a) => `'${a}'`).join(' ');
  tmux('new-session', '-d', '-s', name, '-x', '200', '-y', '300', '-c', ROOT, `${command}; echo "[exit $?]"; sleep 60`);
  return name;
}

function screen(name: string, escapes = false): string {
  return tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-S', '-3000', '-t', name);
}

async function waitFor(name: string, pattern: RegExp, ms = 20_000): Promise<string> {
  const t0 = Date.now();
  for (;;) {
    const text = screen(name);
    if (pattern.test(text)) return text;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${pattern} on:\n${text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Types `text`, then each extra key (such as Tab), and waits until the prompt line shows `expect`. */
async function type(name: string, text: string, keys: string[], expectLine: RegExp): Promise<void> {
  tmux('send-keys', '-t', name, '-l', text);
  for (const k of keys) tmux('send-keys', '-t', name, k);
  await waitFor(name, expectLine, 5000);
  tmux('send-keys', '-t', name, 'Enter');
}

afterEach(() => {
  for (const s of sessions.splice(0)) {
    try {
      tmux('kill-session', '-t', s);
    } catch {
      // already gone
    }
  }
});

describe('firedrill play under tmux', () => {
  it('shows the alerts, completes services, faults and fixes with Tab, renders Markdown, and grades at the end', async () => {
    const s = start(['--task', 'checkout-errors-v1', '--seed', '0']);
    const intro = await waitFor(s, /^firedrill>\s*$/m);
    expect(intro).toContain('Checkout failing in an online shop (checkout-errors-v1, seed 0)');
    expect(intro).toMatch(/^Alerts \(\d+ firing/m);
    expect(intro).toMatch(/^• ALR-[0-9a-f]+ CRITICAL payments-db: payments-db volume 99\.3% full/m);
    // Markdown markers are rendered, not printed.
    expect(intro).not.toMatch(/^#{2,3} /m);
    expect(intro).not.toContain('`ALR-');
    expect(screen(s, true)).toContain('\x1b[1m');

    await type(s, 'read_logs payments-d', ['Tab'], /firedrill> read_logs payments-db\s*$/m);
    await waitFor(s, /reward [+-]\d\.\d{3} · total/);
    await type(s, 'list_serv', ['Tab'], /firedrill> list_services\s*$/m);
    const listed = await waitFor(s, /^service\s+kind\s+.*\s+health\s+depends on/m);
    // The table is aligned in columns, without pipes.
    expect(listed).toMatch(/^payments-db\s+database\s+/m);
    await type(s, 'diagnose payments-db disk_f', ['Tab'], /firedrill> diagnose payments-db disk_full\s*$/m);
    await type(s, 'apply_fix paym', ['Tab', 's-db ', 'clear_', 'Tab'], /firedrill> apply_fix payments-db clear_disk\s*$/m);
    await type(s, 'wait 5', [], /firedrill> wait 5\s*$/m);
    await type(s, 'resolve payments-db volume cleared', [], /firedrill> resolve payments-db volume cleared\s*$/m);
    const end = await waitFor(s, /\[exit \d+\]/);
    expect(end).toMatch(/Grade: [01]\.\d{3} · (success|not a success)/);
    expect(end).toMatch(/^\s+mitigation\s+1\.00 × 0\.3/m);
    expect(end).toContain('root cause: payments-db disk_full');
    expect(end).toContain('[exit 0]');
  }, 60_000);

  it('asks for the fields a line leaves out, explains mistakes, and plays a compat task and a --scenarios task', async () => {
    const s = start(['--task', 'easy_task']);
    const intro = await waitFor(s, /^firedrill>\s*$/m);
    expect(intro).toContain('service_summaries:');
    await type(s, 'frobnicate', [], /firedrill> frobnicate\s*$/m);
    await waitFor(s, /Unknown action 'frobnicate'\. Actions: read_logs, query_metrics, diagnose, apply_fix/);
    await type(s, 'diagnose api_g', ['Tab'], /firedrill> diagnose api_gateway\s*$/m);
    await waitFor(s, /reward [+-]\d\.\d{3}/);
    await type(s, 'quit', [], /firedrill> quit\s*$/m);
    expect(await waitFor(s, /\[exit \d+\]/)).toContain('Stopped without resolving; no grade.');

    const u = start(['--scenarios', 'examples/scenarios', '--task', 'checkout-db-volume-v1']);
    expect(await waitFor(u, /^firedrill>\s*$/m)).toContain('(checkout-db-volume-v1, seed 0)');
    await type(u, 'escalate', [], /firedrill> escalate\s*$/m);
    await waitFor(u, /team \(database, network, security, platform, application, vendor\):\s*$/m);
    tmux('send-keys', '-t', u, '-l', 'database');
    tmux('send-keys', '-t', u, 'Enter');
    await waitFor(u, /reason:\s*$/m);
    tmux('send-keys', '-t', u, '-l', 'disk full on the orders database');
    tmux('send-keys', '-t', u, 'Enter');
    await waitFor(u, /reward [+-]\d\.\d{3} · total/);
    tmux('send-keys', '-t', u, 'C-d');
    expect(await waitFor(u, /\[exit \d+\]/)).toContain('[exit 0]');
  }, 60_000);
});
