import WebSocket from 'ws';

export interface FrameData {
  [key: string]: unknown;
  code?: string;
  message?: string;
  error?: { code: string; message: string; field?: string };
  errors?: { type: string; loc: (string | number)[]; msg: string }[];
  observation?: Record<string, unknown>;
  reward?: number | null;
  done?: boolean;
  metadata?: Record<string, unknown>;
}

export interface Frame {
  type: string;
  data: FrameData;
}

/** A raw WebSocket for protocol tests: send frames, read replies in order, see how it closed. */
export class RawSocket {
  private readonly inbox: string[] = [];
  private readonly waiters: ((frame: string) => void)[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: WebSocket.RawData) => {
      const text = String(data);
      const waiter = this.waiters.shift();
      if (waiter) waiter(text);
      else this.inbox.push(text);
    });
    this.closed = new Promise((resolve) => ws.on('close', (code: number, reason: Buffer) => resolve({ code, reason: String(reason) })));
  }

  static open(url: string, headers: Record<string, string> = {}): Promise<RawSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      const socket = new RawSocket(ws);
      ws.once('open', () => resolve(socket));
      ws.once('error', reject);
      ws.once('unexpected-response', (req, res) => {
        req.destroy();
        reject(new Error(`HTTP ${res.statusCode}`));
      });
    });
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame));
  }

  /** The next frame, parsed. */
  next(timeoutMs = 5000): Promise<Frame> {
    const queued = this.inbox.shift();
    if (queued !== undefined) return Promise.resolve(JSON.parse(queued) as Frame);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no frame within timeout')), timeoutMs);
      this.waiters.push((text) => {
        clearTimeout(timer);
        resolve(JSON.parse(text) as Frame);
      });
    });
  }

  async request(frame: unknown): Promise<Frame> {
    this.send(frame);
    return this.next();
  }

  /** Frames received but not yet read. */
  get pending(): number {
    return this.inbox.length;
  }

  close(): void {
    this.ws.close();
  }
}
