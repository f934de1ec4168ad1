import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import { startServer } from '../helpers/server.js';
import { RawSocket } from '../helpers/ws.js';

const ROOT = resolve(__dirname, '..', '..');

describe('graceful shutdown', () => {
  it('lets in-flight requests finish, closes WebSockets with 1001 and refuses new connections', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const server = await startServer({
      plugins: [
        async (app) => {
          app.get('/slow', async () => {
            entered();
            await gate;
            return { finished: true };
          });
        },
      ],
    });
    const ws = await RawSocket.open(server.wsUrl);
    const slow = fetch(`${server.url}/slow`).then(async (r) => [r.status, await r.json()]);
    await inside;
    const closing = server.close();
    expect(await ws.closed).toEqual({ code: 1001, reason: 'server shutting down' });
    release();
    expect(await slow).toEqual([200, { finished: true }]);
    await closing;
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  });

  it('`firedrill serve` stops on SIGTERM: WebSockets get 1001, the process exits 0, logs are JSON on stderr', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', "const { main } = await import('./src/cli/main.ts'); process.exitCode = await main(['serve', '--host', '127.0.0.1', '--port', '0']);"],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FIREDRILL_API_KEY: '' } },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const url = await new Promise<string>((resolveUrl, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += String(d);
        const m = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (m) resolveUrl(m[1]!);
      });
      child.on('exit', () => reject(new Error(`exited early: ${stderr}`)));
    });
    expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: 'healthy' });
    const ws = await RawSocket.open(`${url.replace('http', 'ws')}/ws`);
    child.kill('SIGTERM');
    expect((await ws.closed).code).toBe(1001);
    expect(await exited).toBe(0);
    const logs = stderr.trim().split('\n').map((line) => JSON.parse(line) as { msg: string; level: number });
    expect(logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['session opened', 'shutting down', 'session shutdown']));
  });
});
