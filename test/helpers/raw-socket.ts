import net from 'node:net';

export interface RawExchange {
  /** Everything the server sent before closing (or before the timeout). */
  text: string;
  status: number | null;
  /** The JSON body of the first response, when it has one. */
  json: { error?: { code?: string; message?: string } } | null;
  /** How the connection ended: closed by the server, reset, or still open at the timeout. */
  ended: 'closed' | 'reset' | 'open';
  ms: number;
}

/** Writes bytes (in timed pieces when given several) to a fresh TCP connection and collects the answer. */
export function rawExchange(port: number, pieces: (string | Buffer | { waitMs: number })[], timeoutMs = 5000, host = '127.0.0.1'): Promise<RawExchange> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = net.connect({ port, host });
    const chunks: Buffer[] = [];
    let ended: RawExchange['ended'] = 'open';
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('utf8');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text);
      const bodyStart = text.indexOf('\r\n\r\n');
      let json: RawExchange['json'] = null;
      if (bodyStart >= 0) {
        try {
          json = JSON.parse(text.slice(bodyStart + 4)) as RawExchange['json'];
        } catch {
          json = null;
        }
      }
      resolve({ text, status: status ? Number(status[1]) : null, json, ended, ms: performance.now() - started });
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => {
      ended = 'closed';
      finish();
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      ended = err.code === 'ECONNRESET' ? 'reset' : 'closed';
      finish();
    });
    socket.on('connect', async () => {
      for (const piece of pieces) {
        if (done) return;
        if (typeof piece === 'object' && !Buffer.isBuffer(piece)) await new Promise((r) => setTimeout(r, piece.waitMs));
        else socket.write(piece);
      }
    });
  });
}
