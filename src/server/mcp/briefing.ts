import type { StepResult } from '../../contracts/index.js';

export const BRIEFING_URI = 'firedrill://incident/briefing';
export const GRADE_REPORT_URI = 'firedrill://incident/grade-report';

interface IncidentHeader {
  id: string;
  title: string;
  goal: string;
  onset: string;
  now: string;
  elapsed_minutes: number;
}

/**
 * What the on-call engineer knows when paged: the incident header, the step budget and the first page of
 * alerts. Built from the reset observation only, so it never says more than the agent can observe
 * (the task's name and description are left out: they hint at the cause).
 */
export function renderBriefing(reset: StepResult): string {
  const observation = reset.observation;
  const incident = asIncident(observation['incident']);
  const maxSteps = typeof observation['max_steps'] === 'number' ? observation['max_steps'] : null;
  const lines: string[] = [];
  if (incident) {
    lines.push(`# Incident briefing: ${incident.id} · ${incident.title}`, '');
    lines.push(`**Goal:** ${incident.goal}`, '');
    lines.push(`- Incident onset: ${incident.onset} (simulated time)`);
    lines.push(`- Paged at: ${incident.now}, T+${incident.elapsed_minutes} min`);
  } else {
    lines.push('# Incident briefing', '');
  }
  if (maxSteps !== null) lines.push(`- Step budget: ${maxSteps} tool calls; the episode ends when you call \`resolve\` or the budget runs out.`);
  lines.push('', '## First page', '');
  lines.push(typeof observation['text'] === 'string' ? observation['text'] : ['```json', JSON.stringify(observation, null, 2), '```'].join('\n'));
  return lines.join('\n');
}

function asIncident(value: unknown): IncidentHeader | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const strings = ['id', 'title', 'goal', 'onset', 'now'].every((k) => typeof v[k] === 'string');
  return strings && typeof v['elapsed_minutes'] === 'number' ? (v as unknown as IncidentHeader) : null;
}

/** The Markdown a tool call returns: the observation's own rendering, or its JSON when it has none. */
export function observationText(result: StepResult): string {
  const text = result.observation['text'];
  return typeof text === 'string' ? text : JSON.stringify(result.observation, null, 2);
}
