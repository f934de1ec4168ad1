/**
 * Firedrill as a library. Subpath entries narrow it down: `firedrill/contracts` (schemas, types, errors),
 * `firedrill/env` (the in-process environment and the Task API mapping), `firedrill/client` (HTTP and WebSocket
 * clients), `firedrill/agents` (the Agent interface, reference agents, the LLM agent, runEpisode).
 */
export * from './contracts/index.js';
export { Environment, TaskRegistry, TaskIndex, TASK_SPLITS, createTaskRegistry, type TaskSpec } from './env/index.js';
export { createDefaultRegistry } from './cli/default-registry.js';
export { createApp, listen, type AppDeps, type FiredrillApp, type RunningServer } from './server/index.js';
export { HttpEnvClient, WsEnvClient, type HttpClientOptions, type WsClientOptions } from './client/index.js';
export { runEpisode, REFERENCE_AGENTS, type Agent } from './agents/index.js';
