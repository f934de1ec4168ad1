import net, { type AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import type { FastifyInstance } from 'fastify';

export interface ListenOptions {
  host: string;
  port: number;
  /** Signals that start a graceful shutdown; none in tests. */
  signals?: readonly NodeJS.Signals[];
  /** After this long, a shutdown stops waiting for connections to finish. */
  shutdownTimeoutMs?: number;
  /**
   * How long a shutdown keeps accepting connections before it stops listening: requests arriving meanwhile (and
   * on connections accepted just before) are answered 503 SHUTTING_DOWN with Connection: close, not reset.
   */
  drainMs?: number;
}

/** Default of ListenOptions.drainMs. */
export const DEFAULT_DRAIN_MS = 250;
/** After the listener closes, idle connections are closed this often (the first time after this long too). */
const IDLE_SWEEP_MS = 100;

export interface RunningServer {
  /** Base URL clients use (http://host:port), with 0.0.0.0/:: shown as 127.0.0.1. */
  url: string;
  port: number;
  /** Graceful shutdown: stop accepting, let in-flight requests finish, close WebSockets with 1001. */
  close(): Promise<void>;
  /** Resolves once the server has shut down, however that started. */
  closed: Promise<void>;
}

/** Starts listening, and on the given signals shuts down gracefully. */
export async function listen(app: FastifyInstance, options: ListenOptions): Promise<RunningServer> {
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address() as AddressInfo;
  const shownHost = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address.includes(':') ? `[${address.address}]` : address.address;

  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  app.server.once('close', () => resolveClosed());
  let closing: Promise<void> | null = null;
  const signals = options.signals ?? [];

  // Node's Server.close() also destroys every idle connection at once, among them connections accepted a moment
  // ago whose request has not been read yet: their clients see a reset. Stop listening without that, and close
  // idle connections only after the drain, once their requests would have been answered.
  const server = app.server;
  server.close = function closeListener(this: typeof server, callback?: (err?: Error) => void) {
    net.Server.prototype.close.call(this, callback);
    return this;
  };

  const close = (): Promise<void> => {
    closing ??= (async () => {
      for (const signal of signals) process.removeListener(signal, onSignal);
      const timeout = options.shutdownTimeoutMs ?? 10_000;
      const timer = setTimeout(() => server.closeAllConnections(), timeout);
      timer.unref();
      const firedrill = (app as { firedrill?: { closing: boolean } }).firedrill;
      if (firedrill) firedrill.closing = true;
      await sleep(options.drainMs ?? DEFAULT_DRAIN_MS);
      let idleSweep: NodeJS.Timeout | null = null;
      const grace = setTimeout(() => (idleSweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS)), IDLE_SWEEP_MS);
      try {
        await app.close();
      } finally {
        clearTimeout(grace);
        if (idleSweep) clearInterval(idleSweep);
        clearTimeout(timer);
        resolveClosed();
      }
    })();
    return closing;
  };

  function onSignal(signal: NodeJS.Signals): void {
    app.log.info({ signal }, 'shutting down');
    void close();
  }
  for (const signal of signals) process.once(signal, onSignal);

  return { url: `http://${shownHost}:${address.port}`, port: address.port, close, closed };
}
