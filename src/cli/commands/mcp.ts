import { parseArgs } from 'node:util';

import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

import { validationError } from '../../contracts/index.js';
import { McpEpisodeOptionsSchema, createEpisodeMcpServer } from '../../server/mcp/episode-server.js';
import { firedrillVersion } from '../../server/options.js';
import type { Command } from '../command.js';
import { registryFor } from '../scenario-dir.js';

const SEED = /^\d{1,15}$/;

/**
 * `firedrill mcp`: one episode as an MCP server on stdin/stdout. stdout is the protocol channel, so
 * everything else (including errors) goes to stderr. Ends when the client closes stdin.
 */
export const mcpCommand: Command = {
  name: 'mcp',
  summary: 'Serve one episode as an MCP server over stdio (Claude Code, Claude Desktop, any MCP client)',
  usage: `firedrill mcp [--task ID] [--seed N] [--reward-profile delta|cumulative|seed2|shaped] [--scenarios DIR] [--private-world]
  --task            the task to play (default the first)
  --seed            the episode seed (default 0)
  --reward-profile  how rewards are reported (default delta)
  --scenarios       also load the scenario files of DIR, so --task can name one (see docs/scenarios.md)
  --private-world   draw the world from the seed keyed by the episode secret (FIREDRILL_EPISODE_SECRET), so a client
                    that knows the seed cannot simulate it itself`,
  description: 'Serves one episode as an MCP server on stdin/stdout: the actions are tools, the observation and grade are resources. stdout is the protocol channel; everything else goes to stderr. Ends when the client closes stdin.',
  examples: ['claude mcp add firedrill -- npx firedrill mcp --task gen-hard --seed 3', 'firedrill mcp --scenarios examples/scenarios --task my-outage-v1'],
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { task: { type: 'string' }, seed: { type: 'string' }, 'reward-profile': { type: 'string' }, scenarios: { type: 'string' }, 'private-world': { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    });
    const seedText = values.seed;
    const parsed = McpEpisodeOptionsSchema.safeParse({
      task: values.task,
      seed: seedText === undefined ? undefined : SEED.test(seedText) ? Number(seedText) : seedText,
      reward_profile: values['reward-profile'],
      ...(values['private-world'] ? { private_world: true } : {}),
    });
    if (!parsed.success) throw validationError(parsed.error.issues.map((i) => ({ ...i, path: i.path.map(flagName) })));

    const registry = registryFor(values.scenarios, io);
    if (parsed.data.task !== undefined) registry.get(parsed.data.task);
    const episode = createEpisodeMcpServer({ registry, version: firedrillVersion(), ...parsed.data, log: (line) => io.err(`firedrill mcp: ${line}`) });
    const transport = new StdioServerTransport();
    const closed = new Promise<void>((resolve) => {
      transport.onclose = resolve;
    });
    await episode.server.connect(transport);
    io.err(`firedrill mcp: serving task ${episode.taskId} seed ${episode.seed} over stdio`);

    const stop = () => void episode.server.close();
    process.stdin.once('end', stop);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      await closed;
    } finally {
      process.stdin.off('end', stop);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    return 0;
  },
};

function flagName(key: PropertyKey): string {
  return `--${String(key).replace(/_/g, '-')}`;
}
