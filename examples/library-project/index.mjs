// Firedrill as a dependency: an episode in process, then the same task over a server and its WebSocket client.
//   npm install firedrill && node index.mjs
import { createApp, createDefaultRegistry, Environment, listen } from 'firedrill';
import { REFERENCE_AGENTS, runEpisode } from 'firedrill/agents';
import { WsEnvClient } from 'firedrill/client';
import { NativeActionSchema } from 'firedrill/contracts';
import { TaskIndex } from 'firedrill/env';

const registry = createDefaultRegistry();

// In process: the investigator reference agent works one incident of the test split.
const spec = new TaskIndex(registry).at('test', 0);
const env = new Environment(registry);
const inProcess = { reset: async (o) => env.reset(o), step: async (a) => env.step(a), state: async () => env.state(), close: async () => {} };
const trajectory = await runEpisode(inProcess, REFERENCE_AGENTS.investigator(), { taskId: spec.task_id, seed: spec.seed });

// Over the wire: a server on a free port and one step through the WebSocket client.
const server = await listen(createApp({ registry }), { host: '127.0.0.1', port: 0 });
const client = await WsEnvClient.connect({ baseUrl: server.url });
await client.reset({ task_id: spec.task_id, seed: spec.seed });
const step = await client.step(NativeActionSchema.parse({ action_type: 'list_services' }));
await client.close();
await server.close();

console.log(JSON.stringify({ task: spec.task_id, seed: spec.seed, steps: trajectory.steps.length, score: trajectory.end.report?.score ?? null, ws_done: step.done }));
