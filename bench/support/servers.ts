import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

export interface ChildServer {
  port: number;
  stop(): Promise<void>;
}

const CHILD = resolve(import.meta.dirname, 'server-child.ts');

/** Starts bench/support/server-child.ts in its own Node process and waits for its port. */
export async function startChild(mode: 'firedrill' | 'echo' | 'ws-echo'): Promise<ChildServer> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', CHILD, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += String(d);
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) ok((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => fail(new Error(`${mode} server exited with ${code}`)));
  });
  return {
    port,
    stop: () =>
      new Promise((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
