/**
 * Prometheus text exposition (format 0.0.4), written by hand: counters, gauges and histograms with labels.
 */
type Labels = Record<string, string>;

interface Family {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
}

class Counter {
  readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(readonly family: Family) {}

  inc(labels: Labels = {}, by = 1): void {
    const key = labelKey(labels);
    const entry = this.values.get(key);
    if (entry) entry.value += by;
    else this.values.set(key, { labels, value: by });
  }

  render(lines: string[]): void {
    header(lines, this.family);
    for (const { labels, value } of this.values.values()) lines.push(`${this.family.name}${formatLabels(labels)} ${formatNumber(value)}`);
  }
}

class Histogram {
  readonly values = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
  constructor(
    readonly family: Family,
    readonly buckets: readonly number[],
  ) {}

  observe(value: number, labels: Labels = {}): void {
    const key = labelKey(labels);
    let entry = this.values.get(key);
    if (!entry) {
      entry = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.values.set(key, entry);
    }
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]!) entry.counts[i]! += 1;
    entry.sum += value;
    entry.count += 1;
  }

  render(lines: string[]): void {
    header(lines, this.family);
    const name = this.family.name;
    for (const { labels, counts, sum, count } of this.values.values()) {
      this.buckets.forEach((le, i) => lines.push(`${name}_bucket${formatLabels({ ...labels, le: formatNumber(le) })} ${counts[i]}`));
      lines.push(`${name}_bucket${formatLabels({ ...labels, le: '+Inf' })} ${count}`);
      lines.push(`${name}_sum${formatLabels(labels)} ${formatNumber(sum)}`);
      lines.push(`${name}_count${formatLabels(labels)} ${count}`);
    }
  }
}

/** Open sessions by transport (http, ws, mcp, compat): all of them count against the one capacity. */
export interface SessionGauges {
  http: number;
  ws: number;
  mcp?: number;
  compat?: number;
}

/** Everything /metrics reports. */
export class ServerMetrics {
  readonly resets = new Counter({ name: 'firedrill_resets_total', help: 'Episodes started (successful resets), by task.', type: 'counter' });
  readonly steps = new Counter({ name: 'firedrill_steps_total', help: 'Environment steps taken, by task.', type: 'counter' });
  readonly episodesFinished = new Counter({ name: 'firedrill_episodes_finished_total', help: 'Episodes that ended (done), by task.', type: 'counter' });
  readonly score = new Histogram({ name: 'firedrill_episode_score', help: 'Final grade-report score of ended episodes, by task.', type: 'histogram' }, [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
  readonly errors = new Counter({ name: 'firedrill_errors_total', help: 'Errors sent to clients, by catalogue code and transport.', type: 'counter' });
  readonly refusals = new Counter({ name: 'firedrill_refusals_total', help: 'Clients refused or disconnected to protect the server, by reason and transport.', type: 'counter' });
  readonly wsMessages = new Counter({ name: 'firedrill_ws_messages_total', help: 'WebSocket messages received, by message type.', type: 'counter' });
  readonly requestDuration = new Histogram(
    { name: 'firedrill_http_request_duration_seconds', help: 'HTTP request latency, by route, method and status code.', type: 'histogram' },
    [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  );

  render(sessions: SessionGauges): string {
    const lines: string[] = [];
    this.resets.render(lines);
    this.steps.render(lines);
    this.episodesFinished.render(lines);
    this.score.render(lines);
    header(lines, { name: 'firedrill_active_sessions', help: 'Sessions open now, by transport (the shared default session is not counted).', type: 'gauge' });
    lines.push(`firedrill_active_sessions${formatLabels({ transport: 'http' })} ${sessions.http}`);
    lines.push(`firedrill_active_sessions${formatLabels({ transport: 'ws' })} ${sessions.ws}`);
    if (sessions.mcp !== undefined) lines.push(`firedrill_active_sessions${formatLabels({ transport: 'mcp' })} ${sessions.mcp}`);
    if (sessions.compat !== undefined) lines.push(`firedrill_active_sessions${formatLabels({ transport: 'compat' })} ${sessions.compat}`);
    this.errors.render(lines);
    this.wsMessages.render(lines);
    this.refusals.render(lines);
    this.requestDuration.render(lines);
    return `${lines.join('\n')}\n`;
  }
}

function header(lines: string[], family: Family): void {
  lines.push(`# HELP ${family.name} ${family.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`);
  lines.push(`# TYPE ${family.name} ${family.type}`);
}

/** Identity of a label set; each metric is always given its labels in the same key order, so no sort is needed. */
function labelKey(labels: Labels): string {
  let key = '';
  for (const k in labels) key += `${k}\u0000${labels[k]}\u0001`;
  return key;
}

export function formatLabels(labels: Labels): string {
  const keys = Object.keys(labels);
  if (keys.length === 0) return '';
  return `{${keys.map((k) => `${k}="${escapeLabel(labels[k] ?? '')}"`).join(',')}}`;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function formatNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  return String(x);
}
