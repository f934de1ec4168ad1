import { stringify } from 'yaml';

import { type CriterionResult, FiredrillError, type GradeReport, type StepResult } from '../../contracts/index.js';
import type { Environment } from '../../env/environment.js';
import { type ActionForm, formUsage, nextField, parseActionLine, tokenize } from './action-line.js';
import { paint, renderTerminalMarkdown } from './terminal-markdown.js';

const META = ['help', 'alerts', 'quit'] as const;

export interface PlayReply {
  text: string;
  done: boolean;
}

/** Asks the player for one more value (a required field the line left out); null when input ended. */
export type Ask = (question: string) => Promise<string | null>;

/**
 * One episode played by hand: turns typed lines into actions, renders what comes back for a terminal, completes
 * action names, services, alert ids and field values, and shows the grade at the end. I/O-free, so it is tested
 * directly and driven by readline in `firedrill play`.
 */
export class PlaySession {
  private readonly services = new Set<string>();
  private readonly alertIds = new Set<string>();
  private last: StepResult;
  private total = 0;

  constructor(
    private readonly env: Environment,
    private readonly forms: readonly ActionForm[],
    first: StepResult,
    private readonly color: boolean,
  ) {
    this.last = first;
    this.harvest(first.observation);
  }

  get done(): boolean {
    return this.last.done;
  }

  intro(task: { id: string; name: string; description: string }, seed: number): string {
    return [
      paint(`${task.name} (${task.id}, seed ${seed})`, 'bold', this.color),
      task.description,
      '',
      this.render(this.last),
      '',
      paint('Type an action (Tab completes), `help` for the list, `quit` to stop.', 'dim', this.color),
    ].join('\n');
  }

  /** node:readline's completer: [candidates, the word being completed]. */
  complete(line: string): [string[], string] {
    const words = tokenize(line);
    const current = /\s$/.test(line) || line === '' ? '' : (words.pop() ?? '');
    if (words.length === 0) {
      const all = [...this.forms.map((f) => f.type), ...META];
      return [all.filter((c) => c.startsWith(current)), current];
    }
    const form = this.forms.find((f) => f.type === words[0]);
    if (!form) return [[], current];
    const eq = current.indexOf('=');
    if (eq > 0) {
      const name = current.slice(0, eq);
      const field = form.fields.find((f) => f.name === name) ?? form.fields.flatMap((f) => f.nested).find((f) => f.name === name);
      const values = field ? this.valuesFor(field.name, field.choices) : [];
      return [values.map((v) => `${name}=${v}`).filter((c) => c.startsWith(current)), current];
    }
    const field = nextField(form, words.slice(1));
    const values = field ? this.valuesFor(field.name, field.choices) : [];
    const names = form.fields.flatMap((f) => (f.type === 'object' ? f.nested : [f])).map((f) => `${f.name}=`);
    return [[...values, ...names].filter((c) => c.startsWith(current)), current];
  }

  /** Handles one typed line: a meta command, or an action that is stepped. */
  async handle(line: string, ask: Ask): Promise<PlayReply> {
    const text = line.trim();
    if (text === '') return { text: '', done: false };
    const [head, topic] = tokenize(text);
    if (head === 'quit' || head === 'exit') return { text: 'Stopped without resolving; no grade.', done: true };
    if (head === 'help') return { text: this.help(topic), done: false };
    if (head === 'alerts') return { text: this.alerts(), done: false };
    const parsed = parseActionLine(text, this.forms);
    if (!parsed.ok) return { text: paint(parsed.error, 'red', this.color), done: false };
    for (const field of parsed.missing) {
      const value = await ask(`${field.name}${field.choices.length ? ` (${field.choices.join(', ')})` : ''}: `);
      if (value === null) return { text: 'Input ended.', done: true };
      parsed.action[field.name] = field.type === 'integer' || field.type === 'number' ? Number(value) : value;
    }
    let result: StepResult;
    try {
      result = this.env.step(parsed.action);
    } catch (err) {
      if (err instanceof FiredrillError) return { text: paint(`${err.code}: ${err.message}`, 'red', this.color), done: false };
      throw err;
    }
    this.last = result;
    this.total += result.reward ?? 0;
    this.harvest(result.observation);
    const parts = [this.render(result), paint(`reward ${signed(result.reward ?? 0)} · total ${this.total.toFixed(3)}`, 'dim', this.color)];
    if (result.done) parts.push('', this.grade(this.env.report()));
    return { text: parts.join('\n'), done: result.done };
  }

  private render(result: StepResult): string {
    const obs = result.observation;
    const error = (obs['last_action'] as { error?: { code: string; message: string } } | null | undefined)?.error;
    const body = typeof obs['text'] === 'string' ? renderTerminalMarkdown(obs['text'], this.color) : stringify(obs, { lineWidth: 0 }).trimEnd();
    return error ? `${body}\n${paint(`${error.code}: ${error.message}`, 'red', this.color)}` : body;
  }

  private alerts(): string {
    const obs = this.last.observation;
    const list = (obs['alerts'] ?? obs['active_alerts'] ?? []) as { id?: string; severity?: string; service?: string; title?: string; state?: string }[];
    const firing = list.filter((a) => a.state === undefined || a.state === 'firing');
    if (firing.length === 0) return 'No alert is firing.';
    return firing.map((a) => `${a.id ? `${paint(a.id, 'cyan', this.color)} ` : ''}${paint(String(a.severity ?? '').toUpperCase(), a.severity === 'critical' ? 'red' : 'yellow', this.color)} ${a.service ?? ''} ${a.title ?? ''}`).join('\n');
  }

  private help(topic: string | undefined): string {
    const form = topic ? this.forms.find((f) => f.type === topic) : undefined;
    if (form) {
      const fields = form.fields.flatMap((f) => (f.type === 'object' ? f.nested : [f]));
      return [formUsage(form), form.description, ...fields.map((f) => `  ${f.name}${f.required ? '' : ' (optional)'}: ${f.description || f.type}${f.choices.length && !f.description.includes('One of') ? ` [${f.choices.join(', ')}]` : ''}`)].filter(Boolean).join('\n');
    }
    return [
      'Actions (positional values fill the fields in order; name=value sets any field; a JSON object is sent as is):',
      ...this.forms.map((f) => `  ${formUsage(f)}`),
      '',
      '  help <action>   the fields of one action',
      '  alerts          the firing alerts',
      '  quit            stop without a grade',
    ].join('\n');
  }

  private grade(report: GradeReport | null): string {
    if (!report) return paint('The episode ended; this task reports no grade.', 'bold', this.color);
    const lines = [paint(`Grade: ${report.score.toFixed(3)} · ${report.success ? 'success' : 'not a success'}`, 'bold', this.color)];
    const walk = (c: CriterionResult, depth: number) => {
      lines.push(`${'  '.repeat(depth + 1)}${c.name.padEnd(Math.max(1, 24 - 2 * depth))} ${c.score.toFixed(2)} × ${c.weight}  ${paint(c.reason, 'dim', this.color)}`);
      for (const child of c.children ?? []) walk(child, depth + 1);
    };
    for (const c of report.criteria as CriterionResult[]) walk(c, 0);
    for (const p of report.penalties) lines.push(`  ${paint(`penalty ${p.name} −${p.points}`, 'red', this.color)}  ${p.reason}`);
    const roots = report.ground_truth['roots'];
    if (Array.isArray(roots)) lines.push(`  root cause: ${roots.map((r: { service?: string; fault?: string }) => `${r.service ?? '?'} ${r.fault ?? '?'}`).join(', ')}`);
    return lines.join('\n');
  }

  private valuesFor(field: string, choices: readonly string[]): string[] {
    if (field === 'service' || field.endsWith('_service')) return [...new Set([...choices, ...this.services])].sort();
    if (field === 'alert_id') return [...this.alertIds].sort();
    return [...choices];
  }

  /** Service names and alert ids the player has seen so far, for completion. */
  private harvest(value: unknown, key = ''): void {
    if (Array.isArray(value)) {
      for (const v of value) {
        if (typeof v === 'string' && (key === 'depends_on' || key === 'available_services')) this.services.add(v);
        else this.harvest(v, key);
      }
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string' && (k === 'service' || k === 'service_name' || (k === 'name' && key === 'services'))) this.services.add(v);
      else if (typeof v === 'string' && (k === 'alert_id' || (k === 'id' && (key === 'alerts' || key === 'active_alerts')))) this.alertIds.add(v);
      else this.harvest(v, k);
    }
  }
}

function signed(x: number): string {
  return `${x >= 0 ? '+' : ''}${x.toFixed(3)}`;
}
