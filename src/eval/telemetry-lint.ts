import { FAULT_KINDS, type NativeAction, type NativeObservation, NativeObservationResultsSchema, TECHNOLOGIES, type Technology } from '../contracts/index.js';
import type { Environment } from '../env/environment.js';
import type { NativeState } from '../env/native/state.js';
import { Rng } from '../lib/index.js';
import { ALERT_RULES, METRIC_INDEX, METRICS, PACKS, RESOLVE_MINUTES, type WorldState } from '../sim/index.js';
import { podName } from '../sim/technology/identity.js';

/**
 * Invariants every observable must satisfy, checked over rendered episodes. Each has a code, listed with its
 * meaning in docs/telemetry.md.
 */
export const TELEMETRY_INVARIANTS = {
  'ip-valid': 'every dotted-quad address has four octets in 0–255',
  'replica-identity': "a log line's pod is one of its service's pods at that minute; a Node line's hostname is its pod",
  'count-within-limit': '`a/b`, `a of b` and `active=a … total=b` never show a above its limit b',
  'percent-range': 'every percentage (`N%`, metrics in %, health figures) lies in [0, 100]',
  'technology-format': "every log line matches its service's technology line format",
  'technology-voice': "no log line carries another technology's signature, unless it names a service running that technology",
  'placeholder-filled': 'no template placeholder (`{name}`) is left in any text',
  'no-fault-label': 'no line, config key, config value, change note or alert names a fault label',
  'alert-metric': 'a firing alert had its condition within its resolve window; a resolved one had it clear for the window; readiness counts follow the error rate',
  'time-order': 'log lines, search hits, series minutes and trace spans are ordered, and nothing is stamped after now',
  'result-schema': "every observation parses with the published schema, a read-side action's result with its own",
} as const;
export type TelemetryInvariant = keyof typeof TELEMETRY_INVARIANTS;

export interface Violation {
  invariant: TelemetryInvariant;
  task: string;
  seed: number;
  step: number;
  detail: string;
}

const LABELS = FAULT_KINDS.flatMap((k) => [k, k.replace(/_/g, ' '), k.replace(/_/g, '-')]);
const LABEL_PATTERN = new RegExp(`(${LABELS.map((l) => l.replace(/-/g, '\\-')).join('|')})`, 'i');
const QUAD = /(?<![\d.])\d+\.\d+\.\d+\.\d+(?:\.\d+)*(?![\d])/g;
const RATIO = /(?<![\w/.:-])(\d+)(?:\s*\/\s*|\s+of\s+)(\d+)(?![\w/.])/g;
const PERCENT = /(-?\d+(?:\.\d+)?)\s?%/g;
const PLACEHOLDER = /\{[a-z][a-z0-9_]*\}/g;

type Row = Record<string, unknown>;
const rows = (v: unknown): Row[] => (Array.isArray(v) ? (v as Row[]) : []);

class Checker {
  readonly violations: Violation[] = [];
  /** What was checked: texts, log lines, alerts, metric summaries, search hits, spans. */
  readonly checked = { texts: 0, log_lines: 0, alerts: 0, metrics: 0, search_hits: 0, spans: 0 };
  private pods = new Map<string, Set<string>>();

  constructor(
    readonly task: string,
    readonly seed: number,
  ) {}

  step = 0;

  fail(invariant: TelemetryInvariant, detail: string): void {
    this.violations.push({ invariant, task: this.task, seed: this.seed, step: this.step, detail: detail.slice(0, 300) });
  }

  text(t: string, where: string): void {
    this.checked.texts++;
    for (const m of t.matchAll(QUAD)) {
      const parts = m[0].split('.');
      if (parts.length !== 4 || parts.some((p) => Number(p) > 255)) this.fail('ip-valid', `${where}: ${m[0]}`);
    }
    for (const m of t.matchAll(RATIO)) if (Number(m[1]) > Number(m[2])) this.fail('count-within-limit', `${where}: ${m[0]} in "${t}"`);
    const active = /active=(\d+)/.exec(t);
    const total = /(?:total|max)=(\d+)/.exec(t);
    if (active && total && Number(active[1]) > Number(total[1])) this.fail('count-within-limit', `${where}: ${t}`);
    for (const m of t.matchAll(PERCENT)) {
      const v = Number(m[1]);
      if (v < 0 || v > 100) this.fail('percent-range', `${where}: ${m[0]} in "${t}"`);
    }
    for (const m of t.matchAll(PLACEHOLDER)) this.fail('placeholder-filled', `${where}: ${m[0]} in "${t}"`);
    if (LABEL_PATTERN.test(t)) this.fail('no-fault-label', `${where}: ${t}`);
  }

  logLine(world: WorldState, service: string, line: Row, now: number): void {
    const svc = world.services.find((s) => s.name === service);
    if (!svc) return;
    this.checked.log_lines++;
    const message = String(line['message']);
    const pack = PACKS[svc.technology];
    if (!pack.line_pattern.test(message)) this.fail('technology-format', `${service} (${svc.technology}): ${message}`);
    for (const tech of TECHNOLOGIES) {
      if (tech === svc.technology) continue;
      const other = PACKS[tech as Technology];
      const sig = other.signatures.find((s) => message.includes(s) && !pack.signatures.includes(s));
      if (!sig) continue;
      const quotes = world.services.some((s) => s.technology === tech && message.includes(s.name));
      if (!quotes) this.fail('technology-voice', `${service} (${svc.technology}) wrote "${sig}" of ${tech}: ${message}`);
    }
    const ts = String(line['ts']);
    const minute = minuteOf(world, ts);
    if (minute > now) this.fail('time-order', `${service}: line stamped ${ts} after now`);
    const pod = String(line['pod']);
    const pods = new Set(Array.from({ length: svc.replicas }, (_, r) => podName(world, svc, r, minute)));
    if (!pods.has(pod)) this.fail('replica-identity', `${service}: pod ${pod} is not one of ${[...pods].join(', ')} at ${ts}`);
    const host = /"hostname":"([^"]+)"/.exec(message);
    if (host && host[1] !== pod) this.fail('replica-identity', `${service}: hostname ${host[1]} on a line of ${pod}`);
    const key = `${service}`;
    let seen = this.pods.get(key);
    if (!seen) this.pods.set(key, (seen = new Set()));
    seen.add(pod);
  }

  /** Every pod a service showed across the episode was one of its pods at some rollout: at most replicas × (rollouts + 1). */
  finish(world: WorldState): void {
    for (const [service, seen] of this.pods) {
      const svc = world.services.find((s) => s.name === service);
      if (!svc) continue;
      const rollouts = world.deploys.filter((d) => d.service === service).length + world.events.filter((e) => e.type === 'fix' && e.service === service).length;
      const bound = Math.max(svc.replicas, ...svc.versions.map(() => svc.replicas)) * (rollouts + 1) + 10 * rollouts;
      if (seen.size > bound) this.fail('replica-identity', `${service}: ${seen.size} distinct pods for ${svc.replicas} replicas and ${rollouts} rollouts`);
    }
  }

  observation(world: WorldState, obs: NativeObservation): void {
    const now = world.minute;
    const parsed = NativeObservationResultsSchema.safeParse(obs);
    if (!parsed.success) this.fail('result-schema', `${obs.last_action?.action_type ?? 'reset'}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    this.text(obs.text, 'text');
    for (const a of obs.alerts) {
      this.text(`${a.title} ${a.description}`, `alert ${a.id}`);
      this.alert(world, a.id, a.state);
    }
    const r = obs.result;
    if (!r || !obs.last_action?.ok) return;
    switch (obs.last_action.action_type) {
      case 'read_logs': {
        let last = '';
        for (const l of rows(r['lines'])) {
          this.text(String(l['message']), `log ${String(r['service'])}`);
          this.logLine(world, String(r['service']), l, now);
          if (String(l['ts']) < last) this.fail('time-order', `${String(r['service'])}: ${String(l['ts'])} after ${last}`);
          last = String(l['ts']);
        }
        break;
      }
      case 'query_metrics':
        for (const m of rows(r['metrics'])) {
          this.checked.metrics++;
          const values = [m['now'], m['baseline'], m['min'], m['max'], ...((m['series'] as unknown[]) ?? [])].map(Number);
          if (m['unit'] === '%' && values.some((v) => v < 0 || v > 100)) this.fail('percent-range', `${String(r['service'])} ${String(m['metric'])}: ${values.join(' ')}`);
          const minutes = (m['series_minutes'] as number[] | undefined) ?? [];
          if (minutes.some((x, i) => x > now || (i > 0 && x <= (minutes[i - 1] as number)))) this.fail('time-order', `${String(m['metric'])} series minutes ${minutes.join(',')}`);
        }
        break;
      case 'verify_health':
        for (const s of rows(r['services'])) {
          for (const k of ['error_rate_pct', 'cpu_pct']) if (typeof s[k] === 'number' && ((s[k] as number) < 0 || (s[k] as number) > 100)) this.fail('percent-range', `${String(s['name'])} ${k} ${String(s[k])}`);
          if (typeof s['replicas_ready'] === 'string') this.text(s['replicas_ready'], `health ${String(s['name'])}`);
        }
        break;
      case 'get_config':
        for (const [k, v] of Object.entries((r['config'] ?? {}) as Row)) this.text(`${k} = ${String(v)}`, `config ${String(r['service'])}`);
        for (const c of rows(r['recent_changes'])) this.text(`${String(c['key'])} ${String(c['from'])} ${String(c['to'])} ${String(c['author'])}`, `config change ${String(r['service'])}`);
        break;
      case 'list_deploys':
        for (const d of rows(r['deploys'])) {
          this.text(`${String(d['note'])} ${String(d['author'])}`, `deploy ${String(d['service'])}`);
          if (Number(d['minutes_ago']) < 0) this.fail('time-order', `deploy of ${String(d['service'])} in the future`);
        }
        break;
      case 'run_query': {
        for (const h of rows(r['hits'])) {
          this.checked.search_hits++;
          this.text(String(h['text']), `search hit ${String(h['source'])}`);
          if (Number(h['minute']) > now) this.fail('time-order', `search hit at minute ${String(h['minute'])} after now`);
        }
        break;
      }
      case 'get_traces':
        for (const t of rows(r['traces'])) {
          const spans = rows(t['spans']);
          for (const s of spans) {
            this.checked.spans++;
            const parent = spans[Number(s['parent'])];
            if (s['parent'] === null || s['parent'] === undefined || !parent) continue;
            const start = Number(s['start_ms']);
            const end = start + Number(s['duration_ms']);
            const pStart = Number(parent['start_ms']);
            if (start < pStart - 0.05 || end > pStart + Number(parent['duration_ms']) + 0.05) this.fail('time-order', `span ${String(s['service'])} [${start}, ${end}] outside its parent ${String(parent['service'])}`);
          }
        }
        break;
      default:
        break;
    }
  }

  private alert(world: WorldState, id: string, state: 'firing' | 'resolved'): void {
    const a = world.alerts.find((x) => x.id === id);
    if (!a) return;
    this.checked.alerts++;
    const idx = world.services.findIndex((s) => s.name === a.service);
    const threshold: Record<string, (row: number[]) => boolean> = {
      error_rate_high: (row) => (row[METRIC_INDEX.error_rate_pct] ?? 0) >= 5,
      cpu_high: (row) => (row[METRIC_INDEX.cpu_pct] ?? 0) >= 90,
      disk_usage_critical: (row) => (row[METRIC_INDEX.disk_pct] ?? 0) >= 95,
      replica_behind: (row) => (row[METRIC_INDEX.replica_lag_s] ?? 0) > 30,
    };
    const holds = threshold[a.rule];
    if (holds) {
      const rowAt = (m: number) => (world.history.rows[m - world.history.start] ?? []).slice(idx * METRICS.length, (idx + 1) * METRICS.length);
      const at = state === 'firing' ? world.minute : (a.resolved_at ?? world.minute);
      const window = Array.from({ length: RESOLVE_MINUTES }, (_, i) => at - i).filter((m) => m >= world.history.start);
      if (state === 'firing' && window.length > 0 && !window.some((m) => holds(rowAt(m)))) this.fail('alert-metric', `${a.id} ${a.rule} on ${a.service} firing at T+${world.minute}, condition clear for ${RESOLVE_MINUTES} minutes`);
      if (state === 'resolved' && window.some((m) => holds(rowAt(m)))) this.fail('alert-metric', `${a.id} ${a.rule} on ${a.service} resolved at T+${String(a.resolved_at)} while its condition held`);
    }
    if (a.rule === 'health_check_failing') {
      const m = /(\d+)\/(\d+) replicas pass readiness; error rate ([\d.]+)%/.exec(a.description);
      if (m && Number(m[1]) > Math.ceil(Number(m[2]) * (1 - Number(m[3]) / 100)) + 0.5) this.fail('alert-metric', `${a.id}: ${a.description}`);
    }
    if (!ALERT_RULES.some((r) => r.rule === a.rule)) this.fail('alert-metric', `${a.id}: unknown rule ${a.rule}`);
  }
}

/** The invariants one piece of visible text breaks (addresses, counts, percentages, placeholders, fault labels). */
export function checkText(text: string): TelemetryInvariant[] {
  const c = new Checker('', 0);
  c.text(text, 'text');
  return c.violations.map((v) => v.invariant);
}

function minuteOf(world: WorldState, ts: string): number {
  const [h, m] = world.onset_time.split(':').map(Number) as [number, number];
  const day = ts.slice(0, 10) === world.onset_date ? 0 : ts.slice(0, 10) > world.onset_date ? 1 : -1;
  const hh = Number(ts.slice(11, 13));
  const mm = Number(ts.slice(14, 16));
  return day * 1440 + hh * 60 + mm - (h * 60 + m);
}

/** An observation action that exercises a renderer, on a random service. */
function probe(world: WorldState, rng: Rng): NativeAction {
  const svc = rng.pick(world.services).name;
  switch (rng.int(0, 7)) {
    case 0:
      return { action_type: 'read_logs', service: svc, limit: 40 };
    case 1:
      return { action_type: 'query_metrics', service: svc };
    case 2:
      return { action_type: 'get_traces', limit: 5 };
    case 3:
      return { action_type: 'get_config', service: svc };
    case 4:
      return { action_type: 'run_query', query: rng.pick(['error', 'timeout', 'disk', 'config change', `${svc} error`, 'connection refused', 'pool']) };
    case 5:
      return { action_type: 'verify_health' };
    case 6:
      return { action_type: 'list_deploys' };
    default:
      return { action_type: 'read_logs', service: svc, level: 'WARN', limit: 40 };
  }
}

export interface EpisodeLint {
  violations: Violation[];
  checked: Checker['checked'];
}

/** Plays one episode (random actions mixed with probes of every renderer) and checks every observation. */
export function lintEpisode(env: Environment, task: string, seed: number, steps: number): EpisodeLint {
  const checker = new Checker(task, seed);
  const first = env.reset({ task_id: task, seed });
  const state = () => env.engineState as NativeState;
  checker.observation(state().world, first.observation as NativeObservation);
  const rng = Rng.fromSeed(seed, 0x117);
  for (let i = 0; i < steps && !state().done; i++) {
    checker.step = i + 1;
    const engine = env.engine;
    let action: NativeAction = rng.chance(0.7) || !engine ? probe(state().world, rng) : (engine.sampleAction(state(), rng) as NativeAction);
    if (action.action_type === 'resolve') action = { action_type: 'wait', minutes: 1 };
    const r = env.step(action);
    checker.observation(state().world, r.observation as NativeObservation);
  }
  checker.finish(state().world);
  return { violations: checker.violations, checked: checker.checked };
}
