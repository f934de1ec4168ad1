import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';

import { NATIVE_ACTION_TYPES } from '../../src/contracts/index.js';
import { GRADE_REPORT_URI } from '../../src/server/mcp/briefing.js';
import { playOracle, toolCallOf } from './oracle-trajectory.js';

const ROOT = resolve(__dirname, '..', '..');
const LAUNCHER = resolve(__dirname, 'cli-launcher.ts');
const NODE_ARGS = ['--import', 'tsx', LAUNCHER];
/** The child's episode secret, so its episode and incident ids match the in-process oracle's. */
const EPISODE_SECRET = 'stdio-test-secret';

function collect(stream: Readable | null): () => string {
  let text = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    text += chunk;
  });
  return () => text;
}

/** Runs `firedrill <args>` from source with stdin closed at once; resolves with its exit code and output. */
function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [...NODE_ARGS, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  const stdout = collect(child.stdout);
  const stderr = collect(child.stderr);
  child.stdin.end();
  return new Promise((done) => child.on('close', (code) => done({ code, stdout: stdout(), stderr: stderr() })));
}

describe('firedrill mcp (stdio)', () => {
  it.each([
    ['checkout-errors-v1', 4],
    ['mobile-login-outage-v1', 2],
  ])('plays the oracle trajectory of %s seed %i through tool calls and gets the in-process grade', async (task, seed) => {
    const oracle = playOracle(task, seed, EPISODE_SECRET);
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [...NODE_ARGS, 'mcp', '--task', task, '--seed', String(seed)],
      cwd: ROOT,
      stderr: 'pipe',
      env: { ...getDefaultEnvironment(), FIREDRILL_EPISODE_SECRET: EPISODE_SECRET },
    });
    const stderr = collect(transport.stderr as Readable | null);
    const client = new Client({ name: 'firedrill-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      expect(client.getServerVersion()?.name).toBe('firedrill');
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(NATIVE_ACTION_TYPES);

      for (const [i, action] of oracle.actions.entries()) {
        const result = (await client.callTool(toolCallOf(action))) as CallToolResult;
        const expected = oracle.results[i];
        expect(result.isError, JSON.stringify(action)).toBeUndefined();
        expect(result.structuredContent).toEqual({ observation: expected?.observation, reward: expected?.reward, done: expected?.done });
      }
      const read = await client.readResource({ uri: GRADE_REPORT_URI });
      const content = read.contents[0];
      const report: unknown = JSON.parse(content && 'text' in content ? content.text : 'null');
      const { seed: _seed, ...published } = oracle.report;
      expect(report).toEqual(published);
      expect(oracle.report.score).toBeGreaterThan(0.99);
    } finally {
      await client.close();
    }
    expect(stderr()).toContain(`firedrill mcp: serving task ${task} seed ${seed} over stdio\n`);
    expect(stderr()).toContain(`ended: task ${task} seed ${seed} score ${oracle.report.score} after ${oracle.actions.length} steps\n`);
  });

  it('exits 0 with nothing on stdout when the client closes stdin', async () => {
    const run = await runCli(['mcp', '--task', 'order-pages-slow-v1']);
    expect(run).toEqual({ code: 0, stdout: '', stderr: 'firedrill mcp: serving task order-pages-slow-v1 seed 0 over stdio\n' });
  });

  it('reports bad flags and unknown tasks on stderr, never on the protocol channel', async () => {
    const [badSeed, unknownTask, unknownFlag] = await Promise.all([
      runCli(['mcp', '--seed', 'abc']),
      runCli(['mcp', '--task', 'no-such-task']),
      runCli(['mcp', '--tsak', 'x']),
    ]);
    expect(badSeed).toEqual({ code: 1, stdout: '', stderr: 'firedrill mcp: --seed: Invalid input: expected number, received string\n' });
    expect(unknownTask).toEqual({ code: 1, stdout: '', stderr: "firedrill mcp: No task has the id 'no-such-task'.\nList the task ids with GET /tasks or `firedrill tasks`.\n" });
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stdout).toBe('');
    expect(unknownFlag.stderr).toContain("Unknown option '--tsak'");
  });
});
