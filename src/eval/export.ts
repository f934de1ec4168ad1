import { LlmAgentOptionsSchema } from '../agents/llm/options.js';
import { toolSystemPrompt } from '../agents/llm/prompt.js';
import { isNativeObservation, renderObservation } from '../agents/llm/render.js';
import { actToolSpec, nativeToolSpecs, toolCallForAction } from '../agents/llm/tools.js';
import { formatTools, type ToolSpec, type Trajectory } from '../contracts/index.js';

export const EXPORT_FORMATS = ['sft', 'openai-tools', 'anthropic-tools'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A trajectory as the LLM agent would have seen and acted it: API-neutral, before formatting. */
export interface Transcript {
  system: string;
  first: string;
  turns: { id: number; name: string; args: Record<string, unknown>; result: string }[];
  tools: ToolSpec[];
  meta: { task_id: string; seed: number; repeat: number; agent: string; score: number | null; success: boolean | null };
}

const DEFAULT_MAX_CHARS = LlmAgentOptionsSchema.shape.maxObservationChars.parse(undefined);

/**
 * Builds the conversation of a trajectory with the LLM agent's own prompt, tools and observation rendering, so data
 * exported from any agent (the oracle, a heuristic) matches what the LLM agent sees at evaluation time. Only turns
 * that made a transition are kept: rejected actions and agent failures are left out of training data.
 */
export function transcriptOf(t: Trajectory, actionSchema?: Record<string, unknown>, maxObservationChars = DEFAULT_MAX_CHARS): Transcript {
  const native = isNativeObservation(t.header.observation);
  const available = native ? (t.header.observation['available_actions'] as string[]) : [];
  const tools = native ? nativeToolSpecs(available) : [actToolSpec(actionSchema)];
  const first = renderObservation({ observation: t.header.observation, reward: t.header.reward, done: t.header.done, metadata: t.header.metadata }, maxObservationChars);
  const turns = t.steps
    .filter((s) => s.error === null && s.observation !== null)
    .map((s, i) => {
      const call = toolCallForAction(s.action, native);
      return {
        id: i + 1,
        name: call.name,
        args: call.args,
        result: renderObservation({ observation: s.observation ?? {}, reward: s.reward, done: s.done, metadata: s.metadata ?? {} }, maxObservationChars),
      };
    });
  return {
    system: toolSystemPrompt(),
    first,
    turns,
    tools,
    meta: { task_id: t.header.task_id, seed: t.header.seed, repeat: t.header.repeat, agent: t.header.agent, score: t.end.report?.score ?? null, success: t.end.report?.success ?? null },
  };
}

/** One JSONL record in the chosen format. */
export function formatTranscript(tr: Transcript, format: ExportFormat, withMetadata = false): Record<string, unknown> {
  const meta = withMetadata ? { metadata: tr.meta } : {};
  if (format === 'anthropic-tools') {
    const messages: unknown[] = [{ role: 'user', content: [{ type: 'text', text: tr.first }] }];
    for (const t of tr.turns) {
      messages.push({ role: 'assistant', content: [{ type: 'tool_use', id: `toolu_${t.id}`, name: t.name, input: t.args }] });
      messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_${t.id}`, content: t.result }] });
    }
    return { system: tr.system, messages, tools: formatTools(tr.tools, 'anthropic'), ...meta };
  }
  const messages: unknown[] = [{ role: 'system', content: tr.system }, { role: 'user', content: tr.first }];
  for (const t of tr.turns) {
    if (format === 'openai-tools') {
      messages.push({ role: 'assistant', content: null, tool_calls: [{ id: `call_${t.id}`, type: 'function', function: { name: t.name, arguments: JSON.stringify(t.args) } }] });
      messages.push({ role: 'tool', tool_call_id: `call_${t.id}`, content: t.result });
    } else {
      // Hugging Face chat templates (and TRL's SFTTrainer) take tool-call arguments as an object.
      messages.push({ role: 'assistant', content: '', tool_calls: [{ type: 'function', function: { name: t.name, arguments: t.args } }] });
      messages.push({ role: 'tool', name: t.name, content: t.result });
    }
  }
  return { messages, tools: formatTools(tr.tools, 'openai'), ...(format === 'openai-tools' ? { parallel_tool_calls: false } : {}), ...meta };
}

/** The tool definitions alone, in the chosen API's shape. */
export function exportTools(tools: readonly ToolSpec[], format: ExportFormat): unknown[] {
  return format === 'anthropic-tools' ? formatTools(tools, 'anthropic') : formatTools(tools, 'openai');
}
