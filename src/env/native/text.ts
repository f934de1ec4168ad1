import type { Alert, LastAction } from '../../contracts/index.js';

/** Renders an observation as compact Markdown for LLM agents. */
export function renderText(p: {
  header: { id: string; title: string; now: string; elapsed: number; step: number; maxSteps: number };
  alerts: Alert[];
  lastAction: LastAction | null;
  result: Record<string, unknown> | null;
  done: boolean;
}): string {
  const lines: string[] = [];
  lines.push(`## ${p.header.id} · ${p.header.title}`);
  lines.push(`T+${p.header.elapsed} min (${p.header.now}) · step ${p.header.step}/${p.header.maxSteps}${p.done ? ' · episode ended' : ''}`);
  const firing = p.alerts.filter((a) => a.state === 'firing');
  lines.push('', `### Alerts (${firing.length} firing)`);
  for (const a of p.alerts.slice(0, 25)) lines.push(`- \`${a.id}\` ${a.state === 'firing' ? a.severity.toUpperCase() : 'resolved'} ${a.title}${a.acknowledged ? ' (ack)' : ''}`);
  if (p.lastAction) {
    lines.push('', `### ${p.lastAction.action_type}${p.lastAction.ok ? '' : ' — failed'}`);
    if (p.lastAction.error) lines.push(`${p.lastAction.error.code}: ${p.lastAction.error.message}`);
    else if (p.result) lines.push(...renderResult(p.lastAction.action_type, p.result));
  }
  return lines.join('\n');
}

function renderResult(type: string, r: Record<string, unknown>): string[] {
  switch (type) {
    case 'list_services':
      return table(['service', 'kind', 'replicas', 'version', 'health', 'depends on'], rows(r['services']).map((s) => [s['name'], s['kind'], s['replicas'], s['version'], s['health'], list(s['depends_on'])]));
    case 'inspect_dependencies':
      if (r['edges']) return table(['from', 'to', 'timeout ms', 'retries', 'breaker'], rows(r['edges']).map((e) => [e['from'], e['to'], e['timeout_ms'], e['retries'], e['circuit_breaker']]));
      return [
        `callers: ${rows(r['callers']).map((e) => `${String(e['from'])} (breaker ${String(e['circuit_breaker'])})`).join(', ') || 'none'}`,
        `callees: ${rows(r['callees']).map((e) => `${String(e['to'])} (timeout ${String(e['timeout_ms'])} ms, retries ${String(e['retries'])}, breaker ${String(e['circuit_breaker'])})`).join(', ') || 'none'}`,
      ];
    case 'read_logs':
      return [`${String(r['matched'])} matching lines in the last ${String(r['window_minutes'])} minutes; newest last:`, '```', ...rows(r['lines']).map((l) => `${String(l['ts'])} ${String(l['level']).padEnd(5)} ${String(l['message'])}`), '```'];
    case 'query_metrics':
      if (r['note']) return [String(r['note'])];
      return table(['metric', 'now', 'baseline', 'min', 'max', 'trend', 'series'], rows(r['metrics']).map((m) => [m['metric'], `${String(m['now'])} ${String(m['unit'])}`, m['baseline'], m['min'], m['max'], m['trend'], (m['series'] as number[]).join(' ')]));
    case 'get_traces':
      return rows(r['traces']).flatMap((t) => [
        `trace ${String(t['trace_id'])} ${String(t['duration_ms'])} ms${t['error'] ? ' ERROR' : ''}`,
        ...rows(t['spans']).map((s) => `${'  '.repeat(Number(s['depth']) + 1)}${String(s['service'])} ${String(s['operation'])} ${String(s['duration_ms'])} ms ${s['status'] === 'error' ? `ERROR ${String(s['error'] ?? '')}` : 'ok'}`),
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
    case 'run_query':
      return [`${String(r['total'])} hits${Number(r['total']) > 20 ? ' (newest 20 shown)' : ''}:`, ...rows(r['hits']).map((h) => `- [${String(h['source'])}] ${String(h['at'])} ${String(h['service'])}: ${String(h['text'])}`)];
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
