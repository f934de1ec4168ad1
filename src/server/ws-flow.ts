import type { RawData, WebSocket } from 'ws';

/** RFC 6455 close code for a connection closed because it broke the server's policy (here: it never reads). */
export const WS_CLOSE_POLICY_VIOLATION = 1008;

export interface WsFlowOptions {
  /** Unsent bytes above which the connection stops being read. */
  highWaterBytes: number;
  /** A connection that stays above the mark this long is closed (1008). */
  stallTimeoutMs: number;
  /** The client's allowance: how long to wait before handling a message of this many bytes (0: at once). */
  throttle?: (bytes: number) => number;
}

/**
 * Backpressure for one WebSocket: every incoming message goes through `handle`, but once the replies not yet
 * taken by the client exceed the high-water mark the socket stops being read, the messages already received
 * wait in a queue (at most what one socket read delivered), and reading resumes when the backlog falls to half
 * the mark. Messages beyond the client's byte allowance wait (unread) until it allows them. A client that leaves the backlog above the mark for `stallTimeoutMs` is closed and its socket
 * destroyed, which frees what was queued for it.
 */
export class WsFlow {
  private readonly queue: RawData[] = [];
  private paused = false;
  private stallTimer: NodeJS.Timeout | null = null;
  private throttleTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly handle: (raw: RawData) => void,
    private readonly options: WsFlowOptions,
    private readonly onStall: () => void = () => {},
  ) {
    socket.on('message', (raw: RawData) => this.receive(raw));
    socket.on('close', () => this.stop());
  }

  /** Sends a frame; the backlog is checked after every send. */
  send(text: string): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(text, () => this.drained());
    if (!this.paused && this.socket.bufferedAmount > this.options.highWaterBytes) this.pause();
  }

  private receive(raw: RawData): void {
    this.queue.push(raw);
    this.pump();
  }

  /** Handles queued messages in order until the queue is empty, the backlog is too large or the client must wait. */
  private pump(): void {
    while (this.queue.length > 0 && !this.paused && !this.closed && this.throttleTimer === null) {
      const raw = this.queue.shift()!;
      const wait = this.options.throttle?.(byteLength(raw)) ?? 0;
      if (wait > 0) {
        this.socket.pause();
        this.throttleTimer = setTimeout(() => {
          this.throttleTimer = null;
          if (this.closed) return;
          this.handle(raw);
          this.pump();
          if (!this.paused && this.throttleTimer === null) this.socket.resume();
        }, wait);
        return;
      }
      this.handle(raw);
    }
  }

  private pause(): void {
    this.paused = true;
    this.socket.pause();
    this.stallTimer = setTimeout(() => {
      this.onStall();
      this.stop();
      this.socket.close(WS_CLOSE_POLICY_VIOLATION, 'client is not reading its replies');
      // The close frame waits behind the unread backlog; the socket goes now so that backlog is freed.
      this.socket.terminate();
    }, this.options.stallTimeoutMs);
    this.stallTimer.unref();
  }

  private drained(): void {
    if (!this.paused || this.closed || this.socket.bufferedAmount > this.options.highWaterBytes / 2) return;
    this.paused = false;
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = null;
    this.pump();
    if (!this.paused && !this.closed && this.throttleTimer === null) this.socket.resume();
  }

  private stop(): void {
    this.closed = true;
    this.queue.length = 0;
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = null;
    if (this.throttleTimer) clearTimeout(this.throttleTimer);
    this.throttleTimer = null;
  }
}

function byteLength(raw: RawData): number {
  if (Array.isArray(raw)) return raw.reduce((n, b) => n + b.byteLength, 0);
  return raw.byteLength;
}
