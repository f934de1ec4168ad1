import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { DEFAULT_DB_PATH } from '../../eval/store.js';
import { compatRoutePlugins } from '../default-registry.js';
import { createApp, DEFAULT_LIMITS, DEFAULT_SESSION_OPTIONS, listen } from '../../server/index.js';
import { isLoopbackHost } from '../../server/cross-site.js';
import { isConsoleBuild } from '../../server/routes/console.js';
import { type Command, UsageError } from '../command.js';
import { registryFor } from '../scenario-dir.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const USAGE = `firedrill serve [--host 0.0.0.0] [--port 8000] [--task <id>] [--scenarios DIR] [--max-sessions N] [--session-timeout SECONDS] [--no-evict]
                [--cors ORIGINS] [--log-level LEVEL] [--runs-db PATH] [--no-console] [--allowed-hosts NAMES] [--min-idle SECONDS]
                [--body-limit BYTES] [--request-timeout SECONDS] [--max-connections N]
  --task       the task a reset without task_id plays (default the first)
  --scenarios  also serve the scenario files of DIR as tasks (see docs/scenarios.md)
  --log-level  ${LOG_LEVELS.join(', ')}
  --runs-db    the eval run store the console's Runs and Replay views read (stored runs hold ground truth, so none is
               served without it, e.g. --runs-db ${DEFAULT_DB_PATH}); it may be created after the server starts (by
               firedrill eval): each request looks for it again
Environment variables:
  PORT, HOST                       defaults of --port and --host
  FIREDRILL_MAX_SESSIONS           default of --max-sessions (also read: MAX_CONCURRENT_ENVS), ${DEFAULT_SESSION_OPTIONS.maxSessions} if unset
  SESSION_IDLE_TIMEOUT_S           default of --session-timeout (0 = never), ${(DEFAULT_SESSION_OPTIONS.idleTimeoutMs ?? 0) / 1000} if unset
  FIREDRILL_API_KEY                require "Authorization: Bearer <key>" on every route but /health, /docs, /openapi.json
                                   and the agent surface /agent/… (which takes agent tokens only)
  FIREDRILL_RUNS_TOKEN             the bearer token of /runs and /reports instead of FIREDRILL_API_KEY
  FIREDRILL_EPISODE_SECRET         keys episode and incident ids (random per process when unset)
  FIREDRILL_CORS_ORIGINS           default of --cors: "*" or comma-separated origins (CORS is off when unset)
  FIREDRILL_LOG_LEVEL              default of --log-level (info); JSON lines on stderr
  FIREDRILL_ALLOWED_HOSTS          default of --allowed-hosts: more Host names served without an API key ("*": any)
Every limit, its default and its flag: docs/operations.md.`;

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the OpenEnv API (HTTP, WebSocket, MCP JSON-RPC) on port 8000',
  usage: USAGE,
  description: 'Serves the OpenEnv HTTP + WebSocket API (and /docs, /metrics) and the browser console at /web/ (a browser\'s GET / goes there). SIGTERM or Ctrl-C shuts it down gracefully.',
  examples: ['firedrill serve', 'firedrill serve --port 8080 --task gen-hard', 'firedrill serve --scenarios examples/scenarios', 'FIREDRILL_API_KEY=secret firedrill serve --host 127.0.0.1'],
  async run(argv, io) {
    const env = process.env;
    const { values } = parseArgs({
      args: argv,
      options: {
        host: { type: 'string', default: env['HOST'] ?? '0.0.0.0' },
        port: { type: 'string', default: env['PORT'] ?? '8000' },
        task: { type: 'string' },
        'max-sessions': { type: 'string', default: env['FIREDRILL_MAX_SESSIONS'] ?? env['MAX_CONCURRENT_ENVS'] ?? String(DEFAULT_SESSION_OPTIONS.maxSessions) },
        'session-timeout': { type: 'string', default: env['SESSION_IDLE_TIMEOUT_S'] ?? String((DEFAULT_SESSION_OPTIONS.idleTimeoutMs ?? 0) / 1000) },
        'no-evict': { type: 'boolean', default: false },
        cors: { type: 'string', default: env['FIREDRILL_CORS_ORIGINS'] ?? '' },
        'log-level': { type: 'string', default: env['FIREDRILL_LOG_LEVEL'] ?? 'info' },
        'runs-db': { type: 'string' },
        'no-console': { type: 'boolean', default: false },
        scenarios: { type: 'string' },
        'allowed-hosts': { type: 'string', default: env['FIREDRILL_ALLOWED_HOSTS'] ?? '' },
        'min-idle': { type: 'string', default: String((DEFAULT_SESSION_OPTIONS.minIdleMs ?? 0) / 1000) },
        'body-limit': { type: 'string', default: String(DEFAULT_LIMITS.bodyBytes) },
        'request-timeout': { type: 'string', default: String(DEFAULT_LIMITS.requestMs / 1000) },
        'max-connections': { type: 'string', default: String(DEFAULT_LIMITS.maxConnections) },
      },
    });
    const port = integer(values.port, '--port', 0, 65535);
    const maxSessions = integer(values['max-sessions'], '--max-sessions', 1, 1_000_000);
    const timeoutSeconds = Number(values['session-timeout']);
    if (!Number.isFinite(timeoutSeconds) || timeoutSeconds < 0) throw new UsageError('--session-timeout must be a number of seconds ≥ 0.');
    const minIdleSeconds = Number(values['min-idle']);
    if (!Number.isFinite(minIdleSeconds) || minIdleSeconds < 0) throw new UsageError('--min-idle must be a number of seconds ≥ 0.');
    const bodyBytes = integer(values['body-limit'], '--body-limit', 1024, 64 << 20);
    const requestSeconds = Number(values['request-timeout']);
    if (!Number.isFinite(requestSeconds) || requestSeconds <= 0) throw new UsageError('--request-timeout must be a number of seconds > 0.');
    const maxConnections = integer(values['max-connections'], '--max-connections', 1, 1_000_000);
    const allowedHosts = values['allowed-hosts'].split(',').map((h) => h.trim()).filter(Boolean);
    const apiKey = env['FIREDRILL_API_KEY'] || null;
    const logLevel = values['log-level'];
    if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, not ${logLevel}.`);
    const registry = registryFor(values.scenarios, io);
    if (values.task !== undefined) registry.get(values.task);
    const cors = values.cors.trim();
    // Absolute, so the console can say exactly where it looks; looked up on every request, so a store that
    // \`firedrill eval\` creates after the server started is found.
    const runsDb = values['runs-db'] === undefined ? null : resolve(values['runs-db']);
    const consoleDir = values['no-console'] ? null : CONSOLE_DIR;
    const consoleBuilt = consoleDir !== null && isConsoleBuild(consoleDir);

    const app = createApp({
      registry,
      ...(values.task === undefined ? {} : { defaultTaskId: values.task }),
      sessions: { maxSessions, idleTimeoutMs: timeoutSeconds === 0 ? null : timeoutSeconds * 1000, evictLru: !values['no-evict'], minIdleMs: minIdleSeconds * 1000 },
      limits: { bodyBytes, wsMessageBytes: bodyBytes, requestMs: requestSeconds * 1000, headersMs: Math.min(DEFAULT_LIMITS.headersMs, requestSeconds * 1000), maxConnections },
      bindHost: values.host,
      allowedHosts,
      apiKey,
      runsToken: env['FIREDRILL_RUNS_TOKEN'] || null,
      cors: cors === '' ? null : { origins: cors === '*' ? '*' : cors.split(',').map((o) => o.trim()).filter(Boolean) },
      logger: { level: logLevel },
      consoleDir: consoleBuilt ? consoleDir : null,
      runsDb,
      plugins: compatRoutePlugins(registry),
      validationToken: env['OPENENV_VALIDATION_TOKEN'] || null,
    });
    const server = await listen(app, { host: values.host, port, signals: ['SIGTERM', 'SIGINT'] });
    if (apiKey === null && !isLoopbackHost(values.host)) {
      app.log.warn(
        { host: values.host },
        'no FIREDRILL_API_KEY and bound beyond loopback: anyone who can reach this port can drive the server (only loopback names, --host and --allowed-hosts are accepted as Host)',
      );
    }
    io.out(`Firedrill is serving on ${server.url} (bound to ${values.host}:${server.port}); API docs at ${server.url}/docs`);
    if (consoleBuilt) io.out(`Console at ${server.url}/web/${runsDb === null ? '' : ` (runs from ${runsDb}${existsSync(runsDb) ? '' : ', once firedrill eval creates it'})`}`);
    else if (consoleDir !== null) app.log.warn({ console_dir: consoleDir }, 'the console is not built; run `npm run build` to serve it at /web/');
    await server.closed;
    return 0;
  },
};

/** web/dist of this package: from src/cli/commands and from dist/cli/commands alike it is three levels up. */
const CONSOLE_DIR = fileURLToPath(new URL('../../../web/dist', import.meta.url));

function integer(text: string, flag: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} must be an integer from ${min} to ${max}.`);
  return n;
}
