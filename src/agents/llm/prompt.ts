import type { ToolSpec } from '../../contracts/index.js';

const ROLE = `You are the on-call site reliability engineer for a production system that is having an incident.
Work like an experienced SRE:
- Look before you touch: read alerts, logs, metrics, traces, deploys and config of the services involved.
- Follow the dependency graph to the root cause; symptoms upstream are not causes.
- Make claims (classifications, diagnoses) only when the evidence supports them: every claim is graded and wrong ones cost.
- Fix root causes in an order that works, then verify health before declaring the incident resolved.
- Avoid destructive or unnecessary actions; escalate only when you cannot act yourself.
- When the system is healthy again, write the postmortem if the task asks for one, then resolve.
Take exactly one action per turn.`;

/** The system prompt for native tool calling or for the single `act` tool. */
export function toolSystemPrompt(): string {
  return `${ROLE}\nAct by calling exactly one of the tools.`;
}

/** The system prompt for models without tool calling: the actions are described in text, answers are JSON. */
export function jsonSystemPrompt(tools: readonly ToolSpec[], native: boolean): string {
  const shape = native ? '{"action_type": "<one of the actions>", ...parameters}' : 'the action object itself';
  const listing = tools.map((t) => `- ${t.name}: ${t.description}\n  parameters (JSON Schema): ${JSON.stringify(t.inputSchema)}`).join('\n');
  const intro = native ? 'Actions:' : 'The action object follows this JSON Schema:';
  return `${ROLE}\n\n${intro}\n${listing}\n\nReply with exactly one JSON object and nothing else: ${shape}.`;
}

export const NO_ACTION_NOTE_TOOLS = 'Your reply contained no usable action. Call exactly one of the tools, with JSON arguments.';
export const NO_ACTION_NOTE_JSON = 'Your reply contained no usable action. Reply with exactly one JSON object describing the action, and nothing else.';
export const EXTRA_CALL_NOTE = 'Not executed: one action per turn. Call it again later if it is still needed.';
