import { type NativeObservation, NativeObservationSchema, type StepResult } from '../../contracts/index.js';

/** Whether a task speaks the native observation (and therefore the native action set). */
export function isNativeObservation(observation: unknown): observation is NativeObservation {
  return NativeObservationSchema.safeParse(observation).success;
}

/**
 * What the model sees of a step: for native tasks the incident header, firing alerts and the Markdown `text`;
 * otherwise the observation as indented JSON. Rewards are not shown. Long output is cut with a note.
 */
export function renderObservation(result: StepResult, maxChars: number): string {
  const rejection = actionError(result.metadata);
  const body = isNativeObservation(result.observation) ? renderNative(result.observation) : JSON.stringify(result.observation, null, 2);
  const text = truncateWithNote(body, maxChars);
  const parts = rejection ? [`Your last action was rejected (${rejection.code}): ${rejection.message}\nCorrect it and try again.`, text] : [text];
  if (result.done) parts.push('The episode has ended.');
  return parts.join('\n\n');
}

function renderNative(o: NativeObservation): string {
  const failure = o.last_action && !o.last_action.ok && o.last_action.error ? `Last action ${o.last_action.action_type} failed: ${o.last_action.error.code}: ${o.last_action.error.message}` : null;
  // The native engines render the incident header and alerts into `text` themselves.
  if (o.text.includes(o.incident.id)) return failure && !o.text.includes(o.last_action?.error?.message ?? '') ? `${failure}\n\n${o.text}` : o.text;
  const lines = [`# ${o.incident.title}`, `Step ${o.step}/${o.max_steps} · T+${o.incident.elapsed_minutes} min (${o.incident.now})`, `Goal: ${o.incident.goal}`];
  const firing = o.alerts.filter((a) => a.state === 'firing');
  lines.push('', firing.length ? `## Firing alerts (${firing.length})` : '## No alerts firing');
  for (const a of firing) lines.push(`- [${a.id}] ${a.severity.toUpperCase()} ${a.service}: ${a.title}${a.acknowledged ? ' (acknowledged)' : ''}`);
  if (failure) lines.push('', failure);
  if (o.text) lines.push('', o.text);
  return lines.join('\n');
}

/** Keeps the head and tail of `text` within `maxChars`, saying how much was cut and how to see less at once. */
export function truncateWithNote(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const head = Math.floor(maxChars * 0.7);
  const tail = Math.max(0, maxChars - head);
  const omitted = text.length - head - tail;
  return `${text.slice(0, head)}\n[… ${omitted} characters omitted to fit the context; narrow the request (service, contains, level, limit, window) to see less at once …]\n${text.slice(text.length - tail)}`;
}

/** One line standing for an older observation once it is compacted out of the context. */
export function summariseObservation(text: string): string {
  const first = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return `[Older output elided to save context (${text.length} characters). First line: ${first.slice(0, 160)}. Repeat the action to see it again.]`;
}

export function actionError(metadata: Record<string, unknown>): { code: string; message: string } | null {
  const e = metadata['action_error'];
  if (typeof e !== 'object' || e === null) return null;
  const { code, message } = e as Record<string, unknown>;
  return { code: typeof code === 'string' ? code : 'ERROR', message: typeof message === 'string' ? message : '' };
}
