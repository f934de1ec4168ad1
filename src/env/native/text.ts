import type { Alert, LastAction } from '../../contracts/index.js';
import { NATIVE_WEIGHTS } from '../../grading/index.js';

/** Alerts listed in full before the rest are counted. */
export const TEXT_ALERT_LIMIT = 25;

/** What each rubric area rewards, in the words of an incident commander. */
const GRADED: Record<string, string> = {
  triage: 'classify_alert the alerts firing at the start (role and priority)',
  localization: 'diagnose the service where the incident starts',
  characterization: 'diagnose what went wrong there',
  mitigation: 'every service back within SLO and staying there',
  postmortem: 'write_postmortem with timeline, root cause, impact and actions',
  safety: 'no harmful or unnecessary fixes',
  efficiency: 'few steps and simulated minutes',
};

/** `firing@<fired_at>` or `resolved`: what changes when an alert fires, resolves or re-fires. */
export function alertShown(a: Pick<Alert, 'state' | 'fired_at'>): string {
  return a.state === 'firing' ? `firing@${a.fired_at}` : 'resolved';
}

function alertLine(a: Alert, change?: string): string {
  const state = a.state === 'firing' ? a.severity.toUpperCase() : 'resolved';
  return `- \`${a.id}\` ${change ? `**${change}** ` : ''}${state} ${a.service}: ${a.title}${a.acknowledged ? ' (ack)' : ''} — ${a.description} (fired T${a.fired_at >= 0 ? '+' : ''}${a.fired_at})`;
}

/**
 * Renders an observation as compact Markdown for LLM agents. The first observation carries the goal, what is
 * graded and every alert; later ones list only alerts that fired, resolved or re-fired since the previous
 * observation, with a count of the rest. Nothing is dropped silently: past the limit, a `+N more` line says how many
 * and where to see them.
 */
export function renderText(p: {
  header: { id: string; title: string; goal: string; now: string; elapsed: number; step: number; maxSteps: number; settleMinutes: number };
  alerts: Alert[];
  /** Alert states shown by the previous observation; null for the first observation of an episode. */
  previous: Record<string, string> | null;
  lastAction: LastAction | null;
  result: Record<string, unknown> | null;
  done: boolean;
}): string {
  const lines: string[] = [];
  lines.push(`## ${p.header.id} · ${p.header.title}`);
  lines.push(`T+${p.header.elapsed} min (${p.header.now}) · step ${p.header.step}/${p.header.maxSteps}${p.done ? ' · episode ended' : ''}`);
  const firing = p.alerts.filter((a) => a.state === 'firing');
  if (p.previous === null) {
    lines.push('', `**Goal:** ${p.header.goal}`);
    lines.push(
      `**Graded:** ${Object.entries(NATIVE_WEIGHTS)
        .map(([k, w]) => `${k} ${Math.round(w * 100)}% (${GRADED[k] ?? k})`)
        .join('; ')}. Mitigated means every service within SLO for ${p.header.settleMinutes} consecutive minutes.`,
    );
    lines.push('', `### Alerts (${firing.length} firing, ${p.alerts.length - firing.length} resolved recently)`);
    const ordered = [...firing, ...p.alerts.filter((a) => a.state !== 'firing')];
    for (const a of ordered.slice(0, TEXT_ALERT_LIMIT)) lines.push(alertLine(a));
    if (ordered.length > TEXT_ALERT_LIMIT) lines.push(`- +${ordered.length - TEXT_ALERT_LIMIT} more: every alert is in this observation's \`alerts\` field; run_query "alert" (with \`service\`) lists them by service.`);
  } else {
    const previous = p.previous;
    const changed = p.alerts.flatMap((a) => {
      const before = previous[a.id];
      const now = alertShown(a);
      if (before === now) return [];
      const change = before === undefined ? (a.state === 'firing' ? 'fired' : 'resolved') : a.state === 'firing' ? (before === 'resolved' ? 're-fired' : 'fired again') : 'resolved';
      return [{ a, change }];
    });
    const unchanged = p.alerts.length - changed.length;
    lines.push('', `### Alerts: ${changed.length} changed · ${firing.length} firing in all${unchanged > 0 ? ` · ${unchanged} unchanged not repeated` : ''}`);
    for (const { a, change } of changed.slice(0, TEXT_ALERT_LIMIT)) lines.push(alertLine(a, change));
    if (changed.length > TEXT_ALERT_LIMIT) lines.push(`- +${changed.length - TEXT_ALERT_LIMIT} more changes: see this observation's \`alerts\` field or run_query "alert".`);
  }
  if (p.lastAction) {
    lines.push('', `### ${p.lastAction.action_type}${p.lastAction.ok ? '' : ' — failed'}`);
    if (p.lastAction.error) lines.push(`${p.lastAction.error.code}: ${p.lastAction.error.message}`);
    else if (p.result) lines.push(...renderResult(p.lastAction.action_type, p.result));
  }
  return lines.join('\n');
}

const offset = (m: unknown) => (Number(m) >= 0 ? `T+${String(m)}` : `T${String(m)}`);

function renderResult(type: string, r: Record<string, unknown>): string[] {
  switch (type) {
    case 'list_services':
      return table(['service', 'kind', 'technology', 'customer-facing', 'replicas', 'version', 'health', 'depends on'], rows(r['services']).map((s) => [s['name'], s['kind'], s['technology'], s['customer_facing'] ? 'yes' : 'no', s['replicas'], s['version'], s['health'], list(s['depends_on'])]));
    case 'inspect_dependencies':
      if (r['edges']) return table(['from', 'to', 'timeout ms', 'retries', 'breaker'], rows(r['edges']).map((e) => [e['from'], e['to'], e['timeout_ms'], e['retries'], e['circuit_breaker']]));
      return [
        `callers: ${rows(r['callers']).map((e) => `${String(e['from'])} (breaker ${String(e['circuit_breaker'])})`).join(', ') || 'none'}`,
        `callees: ${rows(r['callees']).map((e) => `${String(e['to'])} (timeout ${String(e['timeout_ms'])} ms, retries ${String(e['retries'])}, breaker ${String(e['circuit_breaker'])})`).join(', ') || 'none'}`,
      ];
    case 'read_logs': {
      const shown = rows(r['lines']);
      const more = Number(r['matched']) - shown.length;
      return [
        `${String(r['matched'])} matching lines in the last ${String(r['window_minutes'])} minutes${more > 0 ? `; newest ${shown.length} shown (raise \`limit\` or filter by \`level\`/\`contains\` for the other ${more})` : ''}; pod, then the line as the software wrote it:`,
        '```',
        ...shown.map((l) => `${String(l['pod'])} | ${String(l['message'])}`),
        '```',
      ];
    }
    case 'query_metrics':
      if (r['note']) return [String(r['note'])];
      return table(
        ['metric', 'now', 'baseline', 'min', 'max', 'trend', 'series (minute: value)'],
        rows(r['metrics']).map((m) => {
          const minutes = (m['series_minutes'] as number[] | undefined) ?? [];
          const series = ((m['series'] as number[] | undefined) ?? []).map((v, i) => `${offset(minutes[i])}: ${v}`).join(', ');
          return [m['metric'], `${String(m['now'])} ${String(m['unit'])}`, m['baseline'], m['min'], m['max'], m['trend'], series];
        }),
      );
    case 'get_traces':
      return rows(r['traces']).flatMap((t) => [
        `trace ${String(t['trace_id'])} at ${String(t['at'])}, ${String(t['duration_ms'])} ms${t['error'] ? ' ERROR' : ''} (start offset, duration):`,
        ...rows(t['spans']).map((s) => `${'  '.repeat(Number(s['depth']) + 1)}+${String(s['start_ms'])} ms ${String(s['duration_ms'])} ms ${String(s['service'])} ${String(s['operation'])} ${s['status'] === 'error' ? `ERROR ${String(s['error'] ?? '')}` : 'ok'}`),
      ]);
    case 'list_deploys':
      return table(['at', 'service', 'change', 'by', 'note'], rows(r['deploys']).map((d) => [d['at'], d['service'], `${String(d['kind'])} ${String(d['previous'])} → ${String(d['version'])}`, d['author'], d['note']]));
    case 'get_config':
      return [
        `version ${String(r['version'])}, ${String(r['replicas'])} replicas`,
        ...Object.entries((r['config'] ?? {}) as Record<string, unknown>).map(([k, v]) => `- ${k} = ${String(v)}`),
        'recent changes:',
        ...(rows(r['recent_changes']).length ? rows(r['recent_changes']).map((c) => `- ${String(c['at'])} ${String(c['key'])}: ${String(c['from'])} → ${String(c['to'])} (by ${String(c['author'])})`) : ['- none']),
      ];
    case 'run_query': {
      const hits = rows(r['hits']);
      const total = Number(r['total']);
      return [
        `${total} hits for ${((r['terms'] as string[] | undefined) ?? []).map((t) => `"${t}"`).join(' + ')}${r['service'] ? ` on ${String(r['service'])}` : ''} (logs of the last ${String(r['log_window_minutes'])} minutes, all deploys, config changes and alerts)${total > hits.length ? `; best ${hits.length} shown, oldest first` : ''}:`,
        ...hits.map((h) => `- ${String(h['at'])} [${String(h['source'])}] ${String(h['service'])}: ${String(h['text'])}`),
      ];
    }
    case 'verify_health':
      return [
        ...table(['service', 'health', 'errors %', 'p99 ms', 'cpu %', 'ready'], rows(r['services']).map((s) => [s['name'], s['health'], s['error_rate_pct'] ?? '-', s['latency_p99_ms'] ?? '-', s['cpu_pct'] ?? '-', s['replicas_ready'] ?? '-'])),
        `All services healthy for ${String(r['minutes_healthy'])} consecutive minutes.`,
      ];
    case 'apply_fix':
      return [String(r['message']), `Completes at ${String(r['completes_at'])}.`];
    case 'escalate':
      return [String(r['response'])];
    default:
      return [JSON.stringify(r)];
  }
}

function rows(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? (v as Record<string, unknown>[]) : [];
}

function list(v: unknown): string {
  return Array.isArray(v) && v.length ? v.join(', ') : '—';
}

function table(header: string[], body: unknown[][]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...body.map((r) => `| ${r.map((c) => String(c ?? '')).join(' | ')} |`)];
}
