import type { Agent } from './agent.js';
import { LlmAgent } from './llm/llm-agent.js';
import { type LlmAgentInput, LlmAgentOptionsSchema } from './llm/options.js';
import { REFERENCE_AGENT_SUMMARIES, REFERENCE_AGENTS } from './reference.js';

/** Options from the command line or a config; each factory validates the ones it understands and ignores the rest. */
export type AgentOptions = Record<string, unknown>;
export type AgentFactory = (opts: AgentOptions) => Agent;

export interface AgentEntry {
  name: string;
  summary: string;
  create: AgentFactory;
}

/** Agent name → factory. A factory is called once per episode, so agents may keep per-episode state. */
export class AgentRegistry {
  private readonly entries = new Map<string, AgentEntry>();

  register(entry: AgentEntry): this {
    if (this.entries.has(entry.name)) throw new Error(`duplicate agent name ${entry.name}`);
    this.entries.set(entry.name, entry);
    return this;
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  get(name: string): AgentEntry | undefined {
    return this.entries.get(name);
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  list(): AgentEntry[] {
    return [...this.entries.values()];
  }
}

const LLM_OPTION_KEYS = Object.keys(LlmAgentOptionsSchema.shape);

export const llmAgentEntry: AgentEntry = {
  name: 'llm',
  summary: 'A model behind any OpenAI-compatible endpoint (--base-url, --model), with native tool calling or JSON replies',
  create: (opts) => new LlmAgent(Object.fromEntries(Object.entries(opts).filter(([k]) => LLM_OPTION_KEYS.includes(k))) as LlmAgentInput),
};

/** Every built-in agent: the LLM agent, the reference baselines and the exploit agents. Add new ones here. */
export function createDefaultAgentRegistry(): AgentRegistry {
  const registry = new AgentRegistry().register(llmAgentEntry);
  for (const [name, create] of Object.entries(REFERENCE_AGENTS)) {
    registry.register({ name, summary: REFERENCE_AGENT_SUMMARIES[name] ?? name, create: (opts) => create(opts) });
  }
  return registry;
}
