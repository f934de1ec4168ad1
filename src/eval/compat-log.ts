import type { TaskInfo, Trajectory, TrajectoryStep } from '../contracts/index.js';

/**
 * The originals' stdout protocol, `[START]` / `[STEP]` / `[END]` lines (as the originals' inference scripts print them).
 * sre-incident-response tasks use A.8; devops-incident-response tasks use B.9; native tasks use B.9 with env=firedrill,
 * with their own rewards (not clamped to [0.05, 0.95]) and the grade report's success verdict.
 */
export type CompatLogStyle = 'sre' | 'devops' | 'native';

export function compatLogStyle(source: TaskInfo['source']): CompatLogStyle {
  return source === 'sre-incident-response' ? 'sre' : source === 'devops-incident-response' ? 'devops' : 'native';
}

const ENV_NAME: Record<CompatLogStyle, string> = { sre: 'sre-incident-response', devops: 'devops_incident_env', native: 'firedrill' };

/** The model name for `[START]`: an LLM agent's model, otherwise the agent's label. */
export function modelName(agentLabel: string): string {
  return agentLabel.startsWith('llm:') ? agentLabel.slice(4) : agentLabel;
}

export function startLine(style: CompatLogStyle, taskId: string, agentLabel: string): string {
  return `[START] task=${taskId} env=${ENV_NAME[style]} model=${modelName(agentLabel)}`;
}

/** Formats like Python's `format(x, '.Nf')`: exact binary value, ties to even. */
export function pyFixed(x: number, digits: number): string {
  const fixed = x.toFixed(digits);
  const exact = Math.abs(x).toFixed(Math.min(100, digits + 30));
  const rest = exact.slice(exact.indexOf('.') + 1 + digits);
  if (!/^50*$/.test(rest)) return fixed;
  const scaled = Math.abs(x) * 10 ** digits;
  const down = Math.floor(scaled);
  const chosen = down % 2 === 0 ? down : down + 1;
  const s = (chosen / 10 ** digits).toFixed(digits);
  return x < 0 && chosen !== 0 ? `-${s}` : s;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const bool = (b: boolean) => (b ? 'true' : 'false');

/** Rewards as each style prints them, one per turn (a turn without a transition repeats the running value). */
export function turnRewards(style: CompatLogStyle, steps: readonly TrajectoryStep[]): number[] {
  let last = 0;
  return steps.map((s) => {
    if (style === 'sre') {
      if (s.reward !== null) last = s.reward;
      return last;
    }
    const r = s.reward ?? 0;
    return style === 'devops' ? clamp(r, 0.05, 0.95) : r;
  });
}

export function stepLine(style: CompatLogStyle, step: TrajectoryStep, reward: number): string {
  if (style === 'sre') {
    const action = step.error && step.error.kind !== 'StepError' ? 'noop' : JSON.stringify(step.action ?? null).replace(/[ \n]/g, '');
    return `[STEP] step=${step.index} action=${action} reward=${pyFixed(reward, 2)} done=${bool(step.done)} error=${step.error?.kind ?? 'null'}`;
  }
  const a = typeof step.action === 'object' && step.action !== null ? (step.action as Record<string, unknown>) : {};
  const service = typeof a['service'] === 'string' ? a['service'] : '';
  const action = `${typeof a['action_type'] === 'string' ? a['action_type'] : '?'}(${service})`;
  return `[STEP] step=${step.index} action=${action} reward=${pyFixed(reward, 3)} done=${bool(step.done)} error=${stepError(style, step)}`;
}

function stepError(style: CompatLogStyle, step: TrajectoryStep): string {
  if (step.error) return step.error.message;
  if (style === 'devops') {
    const e = step.metadata?.['last_action_error'];
    return typeof e === 'string' && e !== '' ? e : 'null';
  }
  const last = step.observation?.['last_action'] as { error?: { code?: unknown } } | null | undefined;
  return typeof last?.error?.code === 'string' ? last.error.code : 'null';
}

export function endLine(style: CompatLogStyle, t: Trajectory): string {
  const rewards = turnRewards(style, t.steps);
  if (style === 'sre') {
    const score = rewards.length ? (rewards[rewards.length - 1] as number) : 0;
    return `[END] success=${bool(score > 0.1)} steps=${t.steps.length} score=${pyFixed(score, 2)} rewards=${rewards.map((r) => pyFixed(r, 2)).join(',')}`;
  }
  const report = t.end.report;
  const score = style === 'devops' ? clamp(clamp(report?.score ?? 0.05, 0.05, 0.95), 0, 1) : (report?.score ?? 0);
  const success = style === 'devops' ? score >= 0.5 : (report?.success ?? false);
  return `[END] success=${bool(success)} steps=${t.steps.length} score=${pyFixed(score, 3)} rewards=${rewards.map((r) => pyFixed(r, 3)).join(',')}`;
}

/** Every line of one episode, in order. */
export function compatLogLines(style: CompatLogStyle, t: Trajectory, agentLabel: string): string[] {
  const rewards = turnRewards(style, t.steps);
  return [startLine(style, t.header.task_id, agentLabel), ...t.steps.map((s, i) => stepLine(style, s, rewards[i] as number)), endLine(style, t)];
}

/** Produces the lines of one episode as it runs (for printing them live). */
export class CompatLineWriter {
  private readonly steps: TrajectoryStep[] = [];

  constructor(
    private readonly style: CompatLogStyle,
    private readonly taskId: string,
    private readonly agentLabel: string,
  ) {}

  start(): string {
    return startLine(this.style, this.taskId, this.agentLabel);
  }

  step(step: TrajectoryStep): string {
    this.steps.push(step);
    const rewards = turnRewards(this.style, this.steps);
    return stepLine(this.style, step, rewards[rewards.length - 1] as number);
  }

  end(t: Trajectory): string {
    return endLine(this.style, t);
  }
}
