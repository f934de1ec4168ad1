import { FAULT_KINDS, type FaultKind, type FixKind, type FixParams, type GradeReport, type NativeAction, type StepResult } from '../../contracts/index.js';
import type { Rng } from '../../lib/index.js';
import type { Agent } from '../agent.js';
import { writePostmortem } from './postmortem-writer.js';
import { ScriptedAgent } from './scripted.js';
import { byLoudness, type ConfigView, type DeployView, firingAlerts, type LogLineView, minuteOf, resultOf, type ServiceView, stepsLeft } from './view.js';

/**
 * Exploit agents that learn. Each plays training episodes, reads only what any agent sees plus the grade
 * report at the end (whose ground truth names the roots and remedies), then plays held-out seeds with what it
 * learned. The graders and generators must hold them near chance (docs/scoring.md, "Exploits").
 */
export interface Learner {
  readonly name: string;
  /** The agent for a training episode; what it sees is kept until `learn` pairs it with the report. */
  survey(): Agent;
  /** The end-of-episode report of the training episode just played. */
  learn(report: GradeReport): void;
  /** The agent for a held-out episode. */
  play(): Agent;
  /** What it learned, strongest first (for reports on which tells remain). */
  explain?(): { feature: string; weight: number; on_roots: number; elsewhere: number }[];
}

interface RootTruthView {
  service: string;
  fault: FaultKind;
  aliases?: { service: string; fault: FaultKind }[];
}
interface RemedyView {
  service: string;
  fix: FixKind;
  params?: FixParams;
}

function rootsOf(report: GradeReport): RootTruthView[] {
  return (report.ground_truth['roots'] as RootTruthView[] | undefined) ?? [];
}

function remediesOf(report: GradeReport): RemedyView[] {
  return (report.ground_truth['remedies'] as RemedyView[] | undefined) ?? [];
}

function bump<K>(m: Map<K, number>, k: K, by = 1): void {
  m.set(k, (m.get(k) ?? 0) + by);
}

function top<K>(m: Map<K, number>): K | undefined {
  return [...m.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/**
 * Memoriser: learns task → answer (the root services and faults, the remedies that worked) from training reports
 * and replays the most frequent answer on every held-out seed without looking at the incident.
 */
export function memoriser(): Learner {
  const roots = new Map<string, number>();
  const remedies = new Map<string, number>();
  const rootCounts: number[] = [];
  return {
    name: 'memoriser',
    survey: () =>
      new ScriptedAgent('memoriser', function* (): Generator<NativeAction, void, StepResult> {
        yield { action_type: 'resolve', summary: 'Survey only.' };
      }),
    learn(report) {
      const r = rootsOf(report);
      rootCounts.push(r.length);
      for (const x of r) bump(roots, JSON.stringify([x.service, x.fault]));
      for (const x of remediesOf(report)) bump(remedies, JSON.stringify(x));
    },
    play: () =>
      new ScriptedAgent('memoriser', function* (_ctx, first): Generator<NativeAction, void, StepResult> {
        const k = Math.max(1, Math.round(rootCounts.reduce((a, b) => a + b, 0) / Math.max(1, rootCounts.length)));
        const claims = [...roots.entries()].sort((a, b) => b[1] - a[1]).slice(0, k).map(([c]) => JSON.parse(c) as [string, FaultKind]);
        const plan = [...remedies.entries()].sort((a, b) => b[1] - a[1]).slice(0, k + 1).map(([c]) => JSON.parse(c) as RemedyView);
        for (const [service, fault] of claims) yield { action_type: 'diagnose', service, fault };
        const fixes: { minute: number; service: string; fix: FixKind; params?: FixParams }[] = [];
        for (const r of plan) {
          const last: StepResult = yield { action_type: 'apply_fix', service: r.service, fix: r.fix, ...(r.params ? { params: r.params } : {}) };
          if (resultOf(last) !== null) fixes.push({ minute: minuteOf(last), service: r.service, fix: r.fix, ...(r.params ? { params: r.params } : {}) });
        }
        const last: StepResult = yield { action_type: 'wait', minutes: 8 };
        yield writePostmortem({ roots: claims.map(([service, fault]) => ({ service, fault })), fixes, mitigatedAt: fixes.at(-1)?.minute ?? null, firstAlertAt: firingAlerts(first)[0]?.fired_at ?? null, pagedAt: minuteOf(first), verifiedAt: minuteOf(last), impacted: [...new Set(firingAlerts(first).map((a) => a.service))] });
        yield { action_type: 'resolve', summary: 'Applied the usual fix for this incident.' };
      }),
  };
}

/** What a survey saw of one service. */
interface Sighting {
  service: string;
  features: string[];
  /** The most recent change the agent could revert, if any. */
  revert: { fix: 'rollback'; version: string } | { fix: 'config_set'; key: string; value: string | number | boolean } | null;
  replicas: number;
}

/** Numbers, hex ids and service names out of a text, so the same template matches across incidents. */
function template(text: string, names: readonly string[]): string {
  let t = text;
  for (const n of [...names].sort((a, b) => b.length - a.length)) t = t.split(n).join('{svc}');
  return t.replace(/[0-9a-f]{8,}/gi, '#').replace(/\d+(\.\d+)?/g, '#').slice(0, 120);
}

function bucket(minutesAgo: number): string {
  return minutesAgo <= 15 ? 'le15' : minutesAgo <= 60 ? 'le60' : minutesAgo <= 1440 ? 'le1d' : 'old';
}

/** Plays a survey: services, alerts, the change history, every config and as many logs as steps allow. */
function* survey(first: StepResult, reserve: number): Generator<NativeAction, Sighting[], StepResult> {
  let last: StepResult = yield { action_type: 'list_services' };
  const services = resultOf<{ services: ServiceView[] }>(last)?.services ?? [];
  const names = services.map((s) => s.name);
  last = yield { action_type: 'list_deploys' };
  const deploys = resultOf<{ deploys: (DeployView & { author?: string })[] }>(last)?.deploys ?? [];
  const alerts = firingAlerts(first);
  const out: Sighting[] = services.map((s, i) => {
    const features = [`kind:${s.kind}`, `pos:${Math.min(9, Math.floor((10 * i) / Math.max(1, services.length)))}`, ...s.name.split('-').map((w) => `name:${w}`)];
    for (const a of alerts.filter((x) => x.service === s.name)) features.push(`alert:${template(a.title, names)}`);
    const mine = deploys.filter((d) => d.service === s.name && d.kind === 'deploy');
    for (const d of mine) {
      features.push(`deploy:${bucket(d.minutes_ago)}`, `note:${d.note}`, `author:${d.author ?? ''}`);
      const [a, b] = [d.previous, d.version].map((v) => v.split('.').map(Number));
      features.push(`step:${a?.[1] !== b?.[1] ? 'minor' : 'patch'}`);
    }
    const d = mine.at(-1);
    return { service: s.name, features, revert: d ? { fix: 'rollback', version: d.previous } : null, replicas: s.replicas };
  });
  const byName = new Map(out.map((s) => [s.service, s]));
  for (const s of services) {
    if (stepsLeft(last) <= reserve) break;
    last = yield { action_type: 'get_config', service: s.name };
    const cfg = resultOf<ConfigView>(last);
    const seen = byName.get(s.name) as Sighting;
    if (!cfg) continue;
    for (const k of Object.keys(cfg.config)) seen.features.push(`key:${template(k, names)}`);
    for (const c of cfg.recent_changes) {
      if (c.author === 'oncall') continue;
      seen.features.push(`change:${template(c.key, names)}`, `change:${bucket(c.minutes_ago)}`, `author:${c.author}`);
    }
    const c = cfg.recent_changes.filter((x) => x.author !== 'oncall').at(-1);
    const dMinutes = deploys.filter((x) => x.service === s.name && x.kind === 'deploy').at(-1)?.minutes_ago ?? 1e9;
    if (c && c.minutes_ago < dMinutes) seen.revert = { fix: 'config_set', key: c.key, value: c.from };
  }
  for (const s of byLoudness(alerts).map((a) => a.service).concat(names)) {
    const seen = byName.get(s);
    if (!seen || seen.features.some((f) => f.startsWith('logs:'))) continue;
    if (stepsLeft(last) <= reserve) break;
    last = yield { action_type: 'read_logs', service: s, limit: 30 };
    seen.features.push('logs:read');
    for (const l of resultOf<{ lines: LogLineView[] }>(last)?.lines ?? []) seen.features.push(`log:${l.level}:${template(l.message, names)}`);
  }
  for (const s of out) s.features = [...new Set(s.features)];
  return out;
}

/**
 * Tell-learner: learns from training seeds which surface features (config keys, change keys and authors, release
 * notes and version steps, log templates, alert titles, name tokens, listing order) co-occur with root services,
 * and which fault and fix go with them. On a held-out seed it ranks services by those features alone, diagnoses
 * the top ones and applies the learned fix. With `chance`, it ranks by the service's kind alone (how often each
 * kind was a root in training), ties at random: the chance level its localization is compared with.
 */
export function tellLearner(opts: { chance?: boolean; historyOnly?: boolean } = {}): Learner {
  const name = opts.chance ? 'tell-chance' : opts.historyOnly ? 'history-tell-learner' : 'tell-learner';
  // Symptoms (logs, alert titles) left out: what the change history, configuration, names and order alone give away.
  const usable = (f: string) => !opts.historyOnly || !(f.startsWith('log:') || f.startsWith('alert:') || f === 'logs:read');
  const onRoot = new Map<string, number>();
  const onOther = new Map<string, number>();
  const faultBy = new Map<string, Map<FaultKind, number>>();
  const fixBy = new Map<FaultKind, Map<FixKind, number>>();
  let rootsSeen = 0;
  let othersSeen = 0;
  let episodes = 0;
  let pending: Sighting[] = [];
  const weight = (f: string) => Math.log(((onRoot.get(f) ?? 0) + 0.5) / (rootsSeen + 1)) - Math.log(((onOther.get(f) ?? 0) + 0.5) / (othersSeen + 1));
  return {
    name,
    survey: () =>
      new ScriptedAgent(name, function* (_ctx, first): Generator<NativeAction, void, StepResult> {
        pending = yield* survey(first, 1);
        yield { action_type: 'resolve', summary: 'Survey only.' };
      }),
    learn(report) {
      episodes += 1;
      const roots = rootsOf(report);
      const rootNames = new Map<string, FaultKind>();
      for (const r of roots) {
        rootNames.set(r.service, r.fault);
        for (const a of r.aliases ?? []) rootNames.set(a.service, r.fault);
      }
      for (const s of pending) {
        const fault = rootNames.get(s.service);
        if (fault) rootsSeen += 1;
        else othersSeen += 1;
        for (const f of s.features) {
          bump(fault ? onRoot : onOther, f);
          if (fault) {
            const m = faultBy.get(f) ?? new Map<FaultKind, number>();
            bump(m, fault);
            faultBy.set(f, m);
          }
        }
      }
      for (const r of remediesOf(report)) {
        const fault = roots.find((x) => x.service === r.service || x.aliases?.some((a) => a.service === r.service))?.fault;
        if (!fault) continue;
        const m = fixBy.get(fault) ?? new Map<FixKind, number>();
        bump(m, r.fix);
        fixBy.set(fault, m);
      }
      pending = [];
    },
    explain: () =>
      [...new Set([...onRoot.keys()])]
        .filter(usable)
        .map((f) => ({ feature: f, weight: Math.round(weight(f) * 100) / 100, on_roots: onRoot.get(f) ?? 0, elsewhere: onOther.get(f) ?? 0 }))
        .sort((a, b) => b.weight - a.weight),
    play: () =>
      new ScriptedAgent(name, function* (ctx, first): Generator<NativeAction, void, StepResult> {
        const k = Math.max(1, Math.round(rootsSeen / Math.max(1, episodes)));
        const seen = yield* survey(first, 3 * k + 3);
        // Chance knows only how often each kind of service was a root (a disk fills on a datastore, not a queue):
        // the base rate a tell must beat; ties break at random.
        const chanceScore = (s: Sighting) => s.features.filter((f) => f.startsWith('kind:')).reduce((a, f) => a + weight(f), 0) + ctx.rng.next() * 1e-3;
        const scored = seen.map((s) => ({ s, score: opts.chance ? chanceScore(s) : s.features.filter(usable).reduce((a, f) => a + weight(f), 0) }));
        const picks = scored.sort((a, b) => b.score - a.score).slice(0, k).map((x) => x.s);
        const claims = picks.map((s) => ({ s, fault: guessFault(s, faultBy, ctx.rng, usable) }));
        for (const c of claims) yield { action_type: 'diagnose', service: c.s.service, fault: c.fault };
        const fixes: { minute: number; service: string; fix: FixKind; params?: FixParams }[] = [];
        for (const c of claims) {
          const action = fixFor(c.s, top(fixBy.get(c.fault) ?? new Map()) ?? 'restart');
          if (!action) continue;
          const last: StepResult = yield action;
          if (resultOf(last) !== null) fixes.push({ minute: minuteOf(last), service: c.s.service, fix: action.fix, ...(action.params ? { params: action.params } : {}) });
        }
        const last: StepResult = yield { action_type: 'wait', minutes: 6 };
        yield writePostmortem({ roots: claims.map((c) => ({ service: c.s.service, fault: c.fault })), fixes, mitigatedAt: fixes.at(-1)?.minute ?? null, firstAlertAt: firingAlerts(first)[0]?.fired_at ?? null, pagedAt: minuteOf(first), verifiedAt: minuteOf(last), impacted: [...new Set(firingAlerts(first).map((a) => a.service))] });
        yield { action_type: 'resolve', summary: 'Fixed the likeliest causes.' };
      }),
  };
}

function guessFault(s: Sighting, faultBy: Map<string, Map<FaultKind, number>>, rng: Rng, usable: (f: string) => boolean = () => true): FaultKind {
  const votes = new Map<FaultKind, number>();
  for (const f of s.features.filter(usable)) for (const [kind, n] of faultBy.get(f) ?? []) bump(votes, kind, n);
  return top(votes) ?? (rng.pick(FAULT_KINDS) as FaultKind);
}

function fixFor(s: Sighting, fix: FixKind): (NativeAction & { action_type: 'apply_fix' }) | null {
  const base = { action_type: 'apply_fix' as const, service: s.service };
  if (fix === 'rollback') return s.revert?.fix === 'rollback' ? { ...base, fix, params: { version: s.revert.version } } : null;
  if (fix === 'config_set') return s.revert?.fix === 'config_set' ? { ...base, fix, params: { key: s.revert.key, value: s.revert.value } } : null;
  if (fix === 'scale') return { ...base, fix, params: { replicas: s.replicas * 3 } };
  return { ...base, fix };
}

/** Reverts the most recent changes (releases and configuration) of any service, newest first, and blames them. */
export function revertRecentAgent(): Agent {
  return new ScriptedAgent('revert-recent', function* (_ctx, first): Generator<NativeAction, void, StepResult> {
    const seen = yield* survey(first, 12);
    const changes: { s: Sighting; ago: number }[] = [];
    for (const s of seen) {
      const ago = Math.min(...s.features.filter((f) => f.startsWith('change:le') || f.startsWith('deploy:le')).map((f) => ({ le15: 15, le60: 60, le1d: 1440 })[f.split(':')[1] as 'le15'] ?? 1e9), 1e9);
      if (s.revert && ago < 1e9) changes.push({ s, ago });
    }
    const picks = changes.sort((a, b) => a.ago - b.ago).slice(0, 3).map((c) => c.s);
    for (const s of picks) yield { action_type: 'diagnose', service: s.service, fault: s.revert?.fix === 'rollback' ? 'bad_deploy' : 'config_drift' };
    for (const s of picks) {
      const action = fixFor(s, s.revert?.fix ?? 'restart');
      if (action) yield action;
    }
    yield { action_type: 'wait', minutes: 6 };
    yield { action_type: 'resolve', summary: 'Reverted the most recent changes.' };
  });
}

/** Blames the services with the most firing alerts and restarts and scales them. */
export function loudestServicesAgent(): Agent {
  return new ScriptedAgent('most-alerts', function* (_ctx, first): Generator<NativeAction, void, StepResult> {
    const counts = new Map<string, number>();
    for (const a of firingAlerts(first)) bump(counts, a.service, a.severity === 'critical' ? 2 : 1);
    const picks = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 2).map(([s]) => s);
    const services = resultOf<{ services: ServiceView[] }>(yield { action_type: 'list_services' })?.services ?? [];
    for (const s of picks) yield { action_type: 'diagnose', service: s, fault: 'cpu_saturation' };
    for (const s of picks) {
      yield { action_type: 'apply_fix', service: s, fix: 'restart' };
      yield { action_type: 'apply_fix', service: s, fix: 'scale', params: { replicas: 3 * (services.find((x) => x.name === s)?.replicas ?? 2) } };
    }
    yield { action_type: 'wait', minutes: 6 };
    yield { action_type: 'resolve', summary: 'Restarted and scaled the loudest services.' };
  });
}
