export type { Agent, AgentEpisodeContext, AgentUsage } from './agent.js';
export { AgentOutputError } from './agent-error.js';
export { AgentRegistry, createDefaultAgentRegistry, llmAgentEntry, type AgentEntry, type AgentFactory, type AgentOptions } from './registry.js';
export { runEpisode, gradeReportFrom, DEFAULT_MAX_TURNS, DEFAULT_MAX_CONSECUTIVE_ERRORS, type RunEpisodeOptions } from './run-episode.js';
export { REFERENCE_AGENTS, REFERENCE_AGENT_SUMMARIES, type ReferenceAgentOptions } from './reference.js';
export { LlmAgent, type LlmAgentHooks } from './llm/llm-agent.js';
export { LlmAgentOptionsSchema, type LlmAgentOptions, type LlmAgentInput } from './llm/options.js';
