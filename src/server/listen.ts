import type { AddressInfo } from 'node:net';

import type { FastifyInstance } from 'fastify';

export interface ListenOptions {
  host: string;
  port: number;
  /** Signals that start a graceful shutdown; none in tests. */
  signals?: readonly NodeJS.Signals[];
  /** After this long, a shutdown stops waiting for connections to finish. */
  shutdownTimeoutMs?: number;
}

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

  const close = (): Promise<void> => {
    closing ??= (async () => {
      for (const signal of signals) process.removeListener(signal, onSignal);
      const timeout = options.shutdownTimeoutMs ?? 10_000;
      const timer = setTimeout(() => app.server.closeAllConnections(), timeout);
      timer.unref();
      try {
        await app.close();
      } finally {
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
