import http from 'node:http';

import WebSocket from 'ws';

export interface Measurement {
  label: string;
  connections: number;
  requests: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** One client connection: `once()` sends one request and resolves when its answer is in. */
export interface Connection {
  once(): Promise<void>;
  close(): void;
}

/**
 * Runs `connections` closed loops (each sends its next request when the last one is answered) for
 * `warmupMs`, discards that, then measures for `durationMs`.
 */
export async function measure(label: string, connections: Connection[], durationMs: number, warmupMs: number): Promise<Measurement> {
  let recording = false;
  let stop = false;
  const latencies: number[] = [];
  const loops = connections.map(async (c) => {
    while (!stop) {
      const t0 = performance.now();
      await c.once();
      if (recording) latencies.push(performance.now() - t0);
    }
  });
  await sleep(warmupMs);
  recording = true;
  const start = performance.now();
  await sleep(durationMs);
  recording = false;
  const seconds = (performance.now() - start) / 1000;
  stop = true;
  await Promise.all(loops);
  for (const c of connections) c.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { label, connections: connections.length, requests: latencies.length, seconds, perSecond: latencies.length / seconds, p50Ms: at(0.5), p99Ms: at(0.99) };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A keep-alive HTTP connection that POSTs JSON (one socket per Connection). */
export function httpPoster(port: number): { post(path: string, body: unknown, headers?: Record<string, string>): Promise<{ headers: http.IncomingHttpHeaders; body: Record<string, unknown> }>; close(): void } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return {
    post(path, body, headers = {}) {
      const payload = JSON.stringify(body);
      return new Promise((resolve, reject) => {
        const req = http.request(
          { host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)), ...headers } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              if ((res.statusCode ?? 0) >= 400) reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`));
              else resolve({ headers: res.headers, body: JSON.parse(text) as Record<string, unknown> });
            });
          },
        );
        req.on('error', reject);
        req.end(payload);
      });
    },
    close: () => agent.destroy(),
  };
}

/** A WebSocket that sends JSON messages and resolves with each reply (one in flight at a time). */
export async function wsRequester(url: string): Promise<{ request(message: unknown): Promise<Record<string, unknown>>; close(): void }> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  await new Promise<void>((ok, fail) => {
    ws.once('open', () => ok());
    ws.once('error', fail);
  });
  let waiting: ((data: string) => void) | null = null;
  ws.on('message', (data: WebSocket.RawData) => {
    const w = waiting;
    waiting = null;
    w?.(String(data));
  });
  return {
    request(message) {
      return new Promise((resolve) => {
        waiting = (text) => resolve(JSON.parse(text) as Record<string, unknown>);
        ws.send(JSON.stringify(message));
      });
    },
    close: () => ws.close(),
  };
}

export function table(rows: Measurement[]): string {
  const header = ['transport', 'connections', 'requests/s', 'p50 ms', 'p99 ms', 'requests'];
  const lines = rows.map((r) => [r.label, String(r.connections), r.perSecond.toFixed(0), r.p50Ms.toFixed(3), r.p99Ms.toFixed(3), String(r.requests)]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [fmt(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(fmt)].join('\n');
}

/** Command-line knobs shared by the benchmarks. */
export function benchArgs(): { durationMs: number; warmupMs: number; connections: number[] } {
  const arg = (name: string, fallback: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
  };
  return {
    durationMs: Number(arg('seconds', '5')) * 1000,
    warmupMs: Number(arg('warmup', '1.5')) * 1000,
    connections: arg('connections', '1,64').split(',').map(Number),
  };
}
