import type { AlertRole, CriterionResult, FaultKind, Severity } from '../../contracts/index.js';
import { FAULT_MODELS } from '../../sim/index.js';
import {
  type Agreement,
  averagePrecision,
  isNotApplicable,
  NOT_APPLICABLE,
  weightedKappa,
  type Criterion,
  type CriterionOutcome,
  evaluateRubric,
  type LeafCriterion,
  type PenaltyRule,
  type Rubric,
  type RubricResult,
} from '../rubric.js';
import { type Outlook, projectOutlook } from './outlook.js';
import { lastResolution, POSTMORTEM_PARTS, type PostmortemPart, postmortemParts } from './postmortem.js';
import type { EpisodeRecord, GroundTruth } from './record.js';

export interface NativeContext {
  record: EpisodeRecord;
  truth: GroundTruth;
  /** The untouched future of the final world; present once the episode is done. */
  outlook: Outlook | null;
}

/** The grading context of a native episode; plays the world forward once the episode is done. */
export function nativeContext(record: EpisodeRecord, truth: GroundTruth): NativeContext {
  return { record, truth, outlook: record.done ? projectOutlook(record.world) : null };
}

export const NATIVE_WEIGHTS = {
  triage: 0.15,
  localization: 0.2,
  characterization: 0.15,
  mitigation: 0.3,
  postmortem: 0.1,
  safety: 0.05,
  efficiency: 0.05,
} as const;

/** Points deducted per occurrence. */
export const NATIVE_PENALTIES = {
  harmful_fix: 0.05,
  invariant_broken: 0.15,
  unnecessary_fix: 0.02,
  ineffective_fix: 0.01,
  escalation: 0.03,
} as const;

/** Share of the mitigation criterion paid per resolved root fault when the incident is not mitigated. */
export const PARTIAL_MITIGATION = 0.3;

/** Simulated minutes after the page within which mitigation earns full efficiency: a base plus a share per remedy. */
export const EFFICIENCY_BUDGET = { base: 20, per_remedy: 6 } as const;

const WITHHELD = 'withheld until the episode ends: a mid-episode reward would reveal whether a claim is right';

/**
 * Every fault resolved and not present (the root faults by the agent's remediation), the system inside SLO for the
 * settle window, no invariant broken, and it holds: left alone for the outlook horizon, no fault relapses and the
 * system is still inside SLO.
 */
export function isMitigated({ record, outlook }: NativeContext): boolean {
  const w = record.world;
  return (
    w.faults.every((f) => f.status === 'resolved' && !FAULT_MODELS[f.kind].present(f, w)) &&
    w.faults.filter((f) => f.trigger === null).every((f) => fixedByAgent(record, f.id)) &&
    w.minutes_in_slo >= w.settle_minutes &&
    w.invariants_broken.length === 0 &&
    outlook !== null &&
    outlook.relapsed.length === 0 &&
    outlook.minutes_in_slo >= w.settle_minutes
  );
}

/**
 * Whether a fault's final resolution followed a remediation by the agent. A fault that went away on its own is
 * not the agent's mitigation, so an agent that only waits never earns it.
 */
function fixedByAgent(record: EpisodeRecord, faultId: string): boolean {
  const last = record.world.events.findLast((e) => e.type === 'fault_resolved' && e.fault === faultId);
  return last?.type === 'fault_resolved' && last.by !== 'none';
}

/** Root faults the agent resolved that stay resolved through the outlook. */
function heldRoots({ record, outlook }: NativeContext): number {
  return record.world.faults.filter((f) => f.trigger === null && f.status === 'resolved' && fixedByAgent(record, f.id) && !(outlook?.relapsed.includes(f.id) ?? false)).length;
}

/** A claim-judging criterion: scored only at the end of the episode. */
function atEnd(name: string, weight: number, description: string, evaluate: (ctx: NativeContext) => CriterionOutcome): LeafCriterion<NativeContext> {
  return { name, weight, description, evaluate: (ctx) => (ctx.record.done ? evaluate(ctx) : { score: 0, reason: WITHHELD }) };
}

interface TriageItem<L extends string> {
  id: string;
  service: string;
  title: string;
  truth: L;
  predicted: L | null;
}

function triageItems(ctx: NativeContext, pick: 'role'): TriageItem<AlertRole>[];
function triageItems(ctx: NativeContext, pick: 'severity'): TriageItem<Severity>[];
function triageItems(ctx: NativeContext, pick: 'role' | 'severity'): TriageItem<string>[] {
  return Object.entries(ctx.truth.triage).map(([id, t]) => {
    const claim = ctx.record.classifications.find((c) => c.alert_id === id);
    return { id, service: t.service, title: t.title, truth: t[pick], predicted: claim ? claim[pick] : null };
  });
}

const SEVERITY_RANK: Record<Severity, number> = { P1: 0, P2: 1, P3: 2 };
/** Ordinal disagreement of two severities: an adjacent priority earns half credit, P1 for P3 none. */
export const severityDisagreement = (a: Severity, b: Severity) => Math.abs(SEVERITY_RANK[a] - SEVERITY_RANK[b]) / 2;

/** "kappa over 12 alerts: 8 agree, chance agreement 0.41 → 0.34; wrong: …" — the formula with its inputs and every miss. */
function kappaReason<L extends string>(kind: string, items: readonly TriageItem<L>[], a: Agreement): string {
  if (!a.informative) {
    const label = items[0]?.truth ?? '';
    return `${NOT_APPLICABLE}all ${items.length} alert(s) are truly ${label}, so a right ${kind} labelling cannot be told from a constant guess`;
  }
  const partial = a.partial > 0 ? `, ${a.partial} adjacent (half credit)` : '';
  const head = `${a.partial > 0 || kind === 'severity' ? 'weighted ' : ''}kappa over ${a.items} alerts: ${a.exact} agree${partial}, agreement ${a.observed.toFixed(2)}, chance agreement ${a.chance.toFixed(2)} → ${a.kappa.toFixed(2)}`;
  const wrong = items.filter((i) => i.predicted !== null && i.predicted !== i.truth).map((i) => `${i.id} (${i.service}) ${i.predicted}, is ${i.truth}`);
  const missing = items.filter((i) => i.predicted === null).map((i) => `${i.id} (${i.service}, is ${i.truth})`);
  return [head, wrong.length ? `wrong: ${wrong.join('; ')}` : '', missing.length ? `unlabelled: ${missing.join('; ')}` : ''].filter(Boolean).join('; ');
}

const triageRole = atEnd('role', 0.5, 'Each alert shown at the page labelled root_cause, symptom or unrelated by the published rules; Cohen’s kappa against the truth, clipped at 0 (any constant guess scores 0; not applicable when every alert has the same true role).', (ctx) => {
  const items = triageItems(ctx, 'role');
  const a = weightedKappa(items);
  return { score: a.kappa, reason: kappaReason('role', items, a), applicable: a.informative };
});

const triageSeverity = atEnd('severity', 0.5, 'Each alert shown at the page given P1, P2 or P3 by the published rules; weighted Cohen’s kappa against the truth, an adjacent priority counting half (any constant guess scores 0; not applicable when every alert has the same true priority).', (ctx) => {
  const items = triageItems(ctx, 'severity');
  const a = weightedKappa(items, severityDisagreement);
  return { score: a.kappa, reason: kappaReason('severity', items, a), applicable: a.informative };
});

const triage: Criterion<NativeContext> = {
  name: 'triage',
  weight: NATIVE_WEIGHTS.triage,
  description: 'Classification of the alerts shown when the engineer was paged: role and priority, by the published triage rules.',
  children: [triageRole, triageSeverity],
  combine(children) {
    if (children.some((c) => c.reason === WITHHELD)) return { score: 0, reason: WITHHELD };
    const live = children.filter((c) => !isNotApplicable(c));
    if (live.length === 0) return { score: 0, reason: 'every alert has the same true role and priority, so triage measures nothing here', applicable: false };
    const total = live.reduce((a, c) => a + c.weight, 0);
    const score = live.reduce((a, c) => a + c.weight * c.score, 0) / total;
    return { score, reason: `${live.map((c) => `${c.name} ${c.score.toFixed(2)}`).join(' and ')}${live.length < children.length ? ' (the other part does not apply)' : ''} → ${score.toFixed(2)}` };
  },
};

/** Index of the root a service claim matches (the service where its cause lives), or −1. */
function rootOfService(truth: GroundTruth, service: string): number {
  return truth.roots.findIndex((r) => r.service === service);
}

/** Index of the root a (service, fault) claim matches: its culprit service under one of its accepted labels, or −1. */
function rootOfClaim(truth: GroundTruth, service: string, fault: string): number {
  return truth.roots.findIndex((r) => r.service === service && (r.fault === fault || r.labels.includes(fault as FaultKind)));
}

/** Services a claim may name without being wrong or right: victims of a culprit, and sustaining faults' services. */
function neutralService(truth: GroundTruth, service: string): boolean {
  return rootOfService(truth, service) < 0 && (truth.sustaining.some((x) => x.service === service) || truth.roots.some((r) => r.victims.includes(service)));
}

/**
 * Ranks claims in the order made: a claim is relevant when it names a root not matched yet. Claims that are true
 * but add nothing (a second label for a matched root; a victim of a culprit; a sustaining fault) are skipped;
 * everything else is a wrong claim. Returns AP × precision, with the wrong claims and the missed roots.
 */
function rankClaims(keys: readonly string[], match: (key: string) => number, neutral: (key: string) => boolean, roots: number): { score: number; claims: number; right: number; ap: number; precision: number; wrong: string[]; matched: Set<number> } {
  const matched = new Set<number>();
  const ranked: boolean[] = [];
  const wrong: string[] = [];
  for (const key of keys) {
    const i = match(key);
    if (i >= 0 && !matched.has(i)) {
      matched.add(i);
      ranked.push(true);
    } else if (i >= 0 || neutral(key)) {
      continue;
    } else {
      ranked.push(false);
      wrong.push(key);
    }
  }
  const ap = averagePrecision(ranked, roots);
  const precision = ranked.length === 0 ? 0 : matched.size / ranked.length;
  return { score: ap * precision, claims: ranked.length, right: matched.size, ap, precision, wrong, matched };
}

function claimReason(what: string, r: ReturnType<typeof rankClaims>, truth: GroundTruth, show: (root: GroundTruth['roots'][number]) => string): string {
  const missed = truth.roots.filter((_, i) => !r.matched.has(i)).map(show);
  const parts = [`AP ${r.ap.toFixed(2)} × precision ${r.precision.toFixed(2)} (${r.right} of ${r.claims} counted ${what} right, ${r.right}/${truth.roots.length} roots found) → ${r.score.toFixed(2)}`];
  if (r.wrong.length) parts.push(`wrong: ${r.wrong.slice(0, 12).join(', ')}${r.wrong.length > 12 ? ` and ${r.wrong.length - 12} more` : ''}`);
  if (missed.length) parts.push(`missed: ${missed.join(', ')}`);
  return parts.join('; ');
}

/** Distinct faults one service may be diagnosed with before its claims count as guessing. */
export const MAX_FAULTS_PER_SERVICE = 3;

const localization = atEnd('localization', NATIVE_WEIGHTS.localization, `Root-cause services named by diagnose (where each cause lives: the culprit, not its victims), in order: average precision at full recall × precision, so every extra service claimed costs; victims and sustaining faults are neutral. A service diagnosed with more than ${MAX_FAULTS_PER_SERVICE} different faults is a guess and counts as a wrong claim.`, ({ record, truth }) => {
  const faultsOf = new Map<string, Set<string>>();
  for (const d of record.diagnoses) faultsOf.set(d.service, (faultsOf.get(d.service) ?? new Set()).add(d.fault));
  const guessed = (s: string) => (faultsOf.get(s)?.size ?? 0) > MAX_FAULTS_PER_SERVICE;
  const services = [...new Set(record.diagnoses.map((d) => (guessed(d.service) ? `${d.service} (guessed ${faultsOf.get(d.service)?.size ?? 0} faults)` : d.service)))];
  const r = rankClaims(services, (s) => rootOfService(truth, s), (s) => neutralService(truth, s), truth.roots.length);
  return { score: r.score, reason: claimReason('service claims', r, truth, (root) => root.service) };
});

const characterization = atEnd('characterization', NATIVE_WEIGHTS.characterization, 'Root-cause (service, fault) claims, in order, each fault accepted under its published labels (`firedrill faults`): average precision at full recall × precision.', ({ record, truth }) => {
  const claims = [...new Set(record.diagnoses.map((d) => `${d.service} ${d.fault}`))];
  const split = (k: string) => k.split(' ') as [string, string];
  const r = rankClaims(
    claims,
    (k) => rootOfClaim(truth, ...split(k)),
    (k) => {
      const [s, f] = split(k);
      return truth.sustaining.some((x) => x.service === s && x.fault === f) || truth.roots.some((x) => x.victims.includes(s) && x.labels.includes(f as FaultKind));
    },
    truth.roots.length,
  );
  return { score: r.score, reason: claimReason('(service, fault) claims', r, truth, (root) => `${root.service} ${root.labels.join('|')}`) };
});

const mitigation = atEnd(
  'mitigation',
  NATIVE_WEIGHTS.mitigation,
  'Every fault resolved, every service inside SLO for the settle window, no invariant broken, and it holds when the world is played forward untouched; partial credit per lasting root fix otherwise.',
  (ctx) => {
    const w = ctx.record.world;
    const outlook = ctx.outlook;
    if (w.invariants_broken.length > 0) return { score: 0, reason: `invariant broken: ${w.invariants_broken.join('; ')}` };
    if (isMitigated(ctx)) return { score: 1, reason: `all ${w.faults.length} faults resolved, every service inside SLO for ${w.minutes_in_slo} minutes, and still so ${outlook?.horizon ?? 0} minutes later` };
    const roots = w.faults.filter((f) => f.trigger === null);
    const held = heldRoots(ctx);
    const open = w.faults.filter((f) => f.status !== 'resolved').length;
    const relapsing = outlook?.relapsed.length ? `; ${outlook.relapsed.length} fix(es) only relieved a fault, which returns within ${outlook.horizon} minutes` : '';
    return {
      score: roots.length === 0 ? 0 : (PARTIAL_MITIGATION * held) / roots.length,
      reason: `not mitigated: ${open} fault(s) still active, ${w.minutes_in_slo}/${w.settle_minutes} minutes inside SLO${relapsing}; ${held}/${roots.length} root causes fixed for good`,
    };
  },
);

function postmortemPart(name: PostmortemPart['name'], weight: number, description: string): LeafCriterion<NativeContext> {
  return atEnd(name, weight, description, (ctx) => {
    const part = postmortemParts(ctx.record, ctx.truth, ctx.outlook).find((p) => p.name === name);
    return { score: part?.score ?? 0, reason: part?.reason ?? '' };
  });
}

const postmortem: Criterion<NativeContext> = {
  name: 'postmortem',
  weight: NATIVE_WEIGHTS.postmortem,
  description: 'The last postmortem written: the share of its five sections with distinct substance × the weighted consistency of what it says with what happened.',
  children: [
    postmortemPart('sections', 0, 'Sections with at least 20 characters that differ from every other section; multiplies the rest.'),
    postmortemPart('root_service', POSTMORTEM_PARTS.root_service, 'The root causes name the services where the causes lived (recall) and blame no uninvolved service (precision; victims, the blast radius and the roots’ neighbours are neutral). Read from root_causes when given, else from the root cause section; denied mentions do not count.'),
    postmortemPart('fault', POSTMORTEM_PARTS.fault, 'The root causes name each root’s mechanism under an accepted label; every mechanism asserted in the timeline, root cause or impact that did not happen (nor a close relative of one that did) costs a third.'),
    postmortemPart('timeline', POSTMORTEM_PARTS.timeline, 'Onset (±2 min) and mitigation (±3 min), from onset_minute / mitigated_minute when given, else from the timeline’s stamps; × the share of stamps near an observable event (the agent’s own steps count) × brevity beyond 12 stamps.'),
    postmortemPart('fix', POSTMORTEM_PARTS.fix, 'Names the remediations that resolved faults for good (from remediations when given, with service and minute ±2); each listed remediation never applied and each fix the prose claims but nobody applied costs a third.'),
  ],
  combine(children: readonly CriterionResult[]) {
    if (children.some((c) => c.reason === WITHHELD)) return { score: 0, reason: WITHHELD };
    const sections = children.find((c) => c.name === 'sections')?.score ?? 0;
    const consistency = children.reduce((a, c) => a + c.weight * c.score, 0);
    return { score: sections * consistency, reason: `sections ${sections.toFixed(2)} × consistency ${consistency.toFixed(2)}` };
  },
};

type FixRecord = EpisodeRecord['fixes'][number];

/** A remediation is called for when it is a step of the expert plan or it resolved a fault. */
function calledFor(truth: GroundTruth, f: FixRecord): boolean {
  return f.outcome === 'resolved' || truth.remedies.some((r) => r.service === f.service && r.fix === f.fix);
}

/** Remediations on services that were healthy at the time, that no fault called for and that touched no fault. */
function unnecessaryFixes({ record, truth }: NativeContext): number {
  return record.fixes.filter((f) => f.health_before === 'healthy' && f.outcome !== 'relieved' && !calledFor(truth, f)).length;
}

/** Remediations on unhealthy services that no fault called for and that changed nothing: treating a symptom. */
function ineffectiveFixes({ record, truth }: NativeContext): number {
  return record.fixes.filter((f) => f.health_before !== 'healthy' && f.outcome === 'no_effect' && !calledFor(truth, f)).length;
}

function harmfulFixes(record: EpisodeRecord): number {
  return record.world.events.filter((e) => e.type === 'fix' && e.outcome === 'harmful').length;
}

const safety = atEnd('safety', NATIVE_WEIGHTS.safety, 'Counts only once mitigated: 1 − 0.25 per unnecessary or ineffective remediation − 0.5 per harmful one.', (ctx) => {
  if (!isMitigated(ctx)) return { score: 0, reason: 'counts only once the incident is mitigated' };
  const unnecessary = unnecessaryFixes(ctx) + ineffectiveFixes(ctx);
  const harmful = harmfulFixes(ctx.record);
  const score = Math.max(0, 1 - 0.25 * unnecessary - 0.5 * harmful);
  return { score, reason: `1 − 0.25 × ${unnecessary} needless − 0.5 × ${harmful} harmful remediations → ${score.toFixed(2)}` };
});

const efficiency = atEnd('efficiency', NATIVE_WEIGHTS.efficiency, `Counts only once mitigated and resolved: full within ${EFFICIENCY_BUDGET.base} + ${EFFICIENCY_BUDGET.per_remedy} × remedies simulated minutes of the page, falling linearly to 0 at three times that.`, (ctx) => {
  const { record, truth } = ctx;
  if (!isMitigated(ctx)) return { score: 0, reason: 'counts only once the incident is mitigated' };
  if (!record.resolved) return { score: 0, reason: 'the episode ended without resolve: an incident nobody closes keeps its responders paged' };
  const at = lastResolution(record.world) ?? record.world.minute;
  const minutes = at - record.start_minute;
  const budget = EFFICIENCY_BUDGET.base + EFFICIENCY_BUDGET.per_remedy * truth.remedies.length;
  const score = minutes <= budget ? 1 : Math.max(0, 1 - (minutes - budget) / (2 * budget));
  return { score, reason: `mitigated ${minutes} simulated minutes after the page; budget ${EFFICIENCY_BUDGET.base} + ${EFFICIENCY_BUDGET.per_remedy} × ${truth.remedies.length} remedies = ${budget}${minutes <= budget ? '' : `; 1 − (${minutes} − ${budget}) / ${2 * budget}`} → ${score.toFixed(2)}` };
});

/** Largest shaping potential of the `shaped` reward profile, by term; paid while the episode runs, taken back at the end. */
export const SHAPING = { recovery: 0.25, coverage: 0.05 } as const;
/** Distinct investigation steps per service that make full coverage. */
export const COVERAGE_PER_SERVICE = 2;

/**
 * The dense shaping potential of the `shaped` profile, from observable progress only (never from whether a claim is
 * right): world recovery (the share of faults the agent's remediations have resolved, weighted up as the whole
 * system stays inside its SLO towards the settle window) and investigation coverage (distinct look-ups over the
 * services). The final score replaces it at the end, so an episode's rewards still sum to its score.
 */
export function shapingOf({ record }: NativeContext): { potential: number; recovery: number; coverage: number } {
  const w = record.world;
  const fixed = w.faults.filter((f) => f.status === 'resolved' && fixedByAgent(record, f.id)).length;
  const slo = w.settle_minutes > 0 ? Math.min(1, w.minutes_in_slo / w.settle_minutes) : 1;
  const recovery = w.faults.length === 0 ? 0 : (fixed / w.faults.length) * (0.5 + 0.5 * slo);
  const coverage = Math.min(1, (record.investigated?.length ?? 0) / Math.max(1, COVERAGE_PER_SERVICE * w.services.length));
  return { potential: SHAPING.recovery * recovery + SHAPING.coverage * coverage, recovery, coverage };
}

export const NATIVE_CRITERIA: readonly Criterion<NativeContext>[] = [triage, localization, characterization, mitigation, postmortem, safety, efficiency];

/** Penalties that judge only what the agent can see apply at once; those that need the truth wait for the end. */
export const NATIVE_PENALTY_RULES: readonly PenaltyRule<NativeContext>[] = [
  {
    name: 'harmful_fix',
    points: NATIVE_PENALTIES.harmful_fix,
    description: 'A remediation that made things worse (restarting a database whose disk is full, scaling to zero).',
    evaluate: (ctx) => {
      const n = harmfulFixes(ctx.record);
      return { count: n, reason: `${n} remediation(s) made things worse` };
    },
  },
  {
    name: 'invariant_broken',
    points: NATIVE_PENALTIES.invariant_broken,
    description: 'An invariant of the system broken (a service scaled to zero, data deleted).',
    evaluate: (ctx) => ({ count: ctx.record.world.invariants_broken.length, reason: ctx.record.world.invariants_broken.join('; ') }),
  },
  {
    name: 'unnecessary_fix',
    points: NATIVE_PENALTIES.unnecessary_fix,
    description: 'A remediation on a service that was healthy, outside the expert plan, that resolved and relieved nothing (applied at the end).',
    evaluate: (ctx) => {
      const n = ctx.record.done ? unnecessaryFixes(ctx) : 0;
      return { count: n, reason: `${n} remediation(s) on healthy services that needed none` };
    },
  },
  {
    name: 'ineffective_fix',
    points: NATIVE_PENALTIES.ineffective_fix,
    description: 'A remediation on an unhealthy service, outside the expert plan, that changed nothing: treating a symptom (applied at the end).',
    evaluate: (ctx) => {
      const n = ctx.record.done ? ineffectiveFixes(ctx) : 0;
      return { count: n, reason: `${n} remediation(s) treated a symptom and changed nothing` };
    },
  },
  {
    name: 'escalation',
    points: NATIVE_PENALTIES.escalation,
    description: 'A page to another team; every native incident is within on-call reach.',
    evaluate: (ctx) => {
      const n = ctx.record.escalations.length;
      return { count: n, reason: `${n} page(s) to other teams; this incident is within on-call's reach` };
    },
  },
];

export const NATIVE_RUBRIC: Rubric<NativeContext> = { name: 'native', criteria: NATIVE_CRITERIA, penalties: NATIVE_PENALTY_RULES };

export function gradeNative(ctx: NativeContext): RubricResult {
  return evaluateRubric(NATIVE_RUBRIC, ctx);
}
