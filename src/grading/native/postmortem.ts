import type { FaultKind, FixKind } from '../../contracts/index.js';
import { FIX_MINUTES, type WorldState } from '../../sim/index.js';
import { assertedFaults, assertedServices, claimedFixes, compatibleFaults, FIX_TERMS, mentions, namesKey } from './claims.js';
import type { Outlook } from './outlook.js';
import type { EpisodeRecord, GroundTruth } from './record.js';

/** Weights of the consistency parts; the share of substantive sections multiplies their sum. */
/** The mechanism weighs most: naming the failing service is cheap, explaining what broke is the analysis. */
export const POSTMORTEM_PARTS = { root_service: 0.2, fault: 0.4, timeline: 0.2, fix: 0.2 } as const;
/** Minimum length of a section with substance. */
export const SECTION_MIN_CHARS = 20;

export interface PostmortemPart {
  name: 'sections' | keyof typeof POSTMORTEM_PARTS;
  score: number;
  reason: string;
}

const SECTION_NAMES = ['timeline', 'root_cause', 'impact', 'action_items', 'prevention'] as const;

/**
 * Grades the postmortem part by part: sections (how many of the five have distinct substance) and four checks
 * against what happened: root services, fault mechanisms, timeline, remediations. Each check reads the structured
 * fields when they are given (graded exactly) and the prose otherwise, and loses for every false claim the prose
 * asserts (a claim reader skips denials: "not", "ruled out", "was unrelated", "healthy throughout"). Naming every
 * service, fault, fix or minute therefore scores low, and every missed or wrong item is named in the reason.
 */
export function postmortemParts(record: EpisodeRecord, truth: GroundTruth, outlook: Outlook | null): PostmortemPart[] {
  const pm = record.postmortem;
  if (!pm) {
    const none = (name: PostmortemPart['name']): PostmortemPart => ({ name, score: 0, reason: 'no postmortem was written' });
    return [none('sections'), none('root_service'), none('fault'), none('timeline'), none('fix')];
  }
  return [sectionsPart(pm), rootServicePart(pm, record, truth), faultPart(pm, truth), timelinePart(pm, record, truth, outlook), fixPart(pm, record, truth, outlook)];
}

type Postmortem = NonNullable<EpisodeRecord['postmortem']>;

function sectionsPart(pm: Postmortem): PostmortemPart {
  const seen = new Set<string>();
  let filled = 0;
  for (const name of SECTION_NAMES) {
    const norm = pm[name].toLowerCase().replace(/\s+/g, ' ').trim();
    if (norm.length < SECTION_MIN_CHARS || seen.has(norm)) continue;
    seen.add(norm);
    filled += 1;
  }
  return { name: 'sections', score: filled / 5, reason: `${filled}/5 sections have distinct substance (≥ ${SECTION_MIN_CHARS} characters)` };
}

/** Sections that say what happened; action items and prevention look ahead and may name what did not happen. */
function narrative(pm: Postmortem): string {
  return [pm.timeline, pm.root_cause, pm.impact].join('\n');
}

/** A third of a part is lost per false claim. */
const FALSE_CLAIM_COST = 1 / 3;
const costOf = (n: number) => Math.max(0, 1 - n * FALSE_CLAIM_COST);

/** Services a postmortem may name in its root cause without being wrong: victims, blast radius, and the roots' direct neighbours. */
function neutralServices(record: EpisodeRecord, truth: GroundTruth): Set<string> {
  const culprits = new Set(truth.roots.map((r) => r.service));
  const out = new Set<string>([...truth.sustaining.map((s) => s.service), ...truth.roots.flatMap((r) => r.victims), ...Object.values(truth.triage).filter((t) => t.role === 'symptom').map((t) => t.service)]);
  for (const e of record.world.edges) {
    if (culprits.has(e.from)) out.add(e.to);
    if (culprits.has(e.to)) out.add(e.from);
  }
  for (const c of culprits) out.delete(c);
  return out;
}

/** Services of the blast radius a root cause section may name (besides one per root) before the rest count as blamed. */
export const NEUTRAL_ALLOWANCE = 2;

function rootServicePart(pm: Postmortem, record: EpisodeRecord, truth: GroundTruth): PostmortemPart {
  const culprits = truth.roots.map((r) => r.service);
  const neutral = neutralServices(record, truth);
  const named = assertedServices(pm.root_cause, record.world.services.map((s) => s.name));
  // Naming the chain is fine; naming the whole blast radius as the cause is not: beyond a few, neutral names count as blame.
  const neutralNamed = named.filter((n) => !culprits.includes(n) && neutral.has(n));
  const allowance = NEUTRAL_ALLOWANCE + truth.roots.length;
  const proseWrong = [...named.filter((n) => !culprits.includes(n) && !neutral.has(n)), ...neutralNamed.slice(allowance)];
  const structured = pm.root_causes;
  let found: string[];
  let wrong: string[];
  let source: string;
  if (structured && structured.length > 0) {
    const listed = [...new Set(structured.map((r) => r.service))];
    found = culprits.filter((c) => listed.includes(c));
    const victims = new Set([...truth.roots.flatMap((r) => r.victims), ...truth.sustaining.map((s) => s.service)]);
    // With a structured list, the prose may name the blast radius freely: only services outside it count as blamed.
    const proseOutside = named.filter((n) => !culprits.includes(n) && !neutral.has(n));
    wrong = [...new Set([...listed.filter((n) => !culprits.includes(n) && !victims.has(n)), ...proseOutside])];
    source = `root_causes list ${listed.join(', ')}`;
  } else {
    found = culprits.filter((c) => named.includes(c));
    wrong = proseWrong;
    source = `root cause section names ${named.length ? named.join(', ') : 'no service'}`;
  }
  const recall = truth.roots.length === 0 ? 1 : new Set(found).size / new Set(culprits).size;
  const precision = found.length + wrong.length === 0 ? 0 : new Set(found).size / (new Set(found).size + wrong.length);
  const missed = [...new Set(culprits.filter((c) => !found.includes(c)))];
  return {
    name: 'root_service',
    score: recall * precision,
    reason: `${source}: recall ${recall.toFixed(2)} × precision ${precision.toFixed(2)}${missed.length ? `; missed ${missed.join(', ')}` : ''}${wrong.length ? `; wrongly blamed ${wrong.join(', ')}` : ''}`,
  };
}

function faultPart(pm: Postmortem, truth: GroundTruth): PostmortemPart {
  const trueKinds = [...truth.roots.flatMap((r) => r.labels), ...truth.sustaining.map((s) => s.fault)];
  const compatible = compatibleFaults(trueKinds);
  const proseFalse = assertedFaults(narrative(pm)).filter((k) => !compatible.has(k));
  const structured = pm.root_causes;
  let described: FaultKind[];
  let structuredFalse: string[] = [];
  if (structured && structured.length > 0) {
    // Structured claims are graded exactly: the culprit under an accepted label, or a victim or sustaining fault as it was.
    const rightClaim = (c: { service: string; fault: FaultKind }) => truth.roots.some((r) => (r.service === c.service || r.victims.includes(c.service)) && r.labels.includes(c.fault));
    const sustainingClaim = (c: { service: string; fault: FaultKind }) => truth.sustaining.some((x) => x.service === c.service && x.fault === c.fault);
    described = structured.filter((c) => truth.roots.some((r) => r.service === c.service && r.labels.includes(c.fault))).map((r) => r.fault);
    structuredFalse = structured.filter((c) => !rightClaim(c) && !sustainingClaim(c)).map((r) => `${r.service} ${r.fault}`);
  } else {
    described = assertedFaults(pm.root_cause);
  }
  const found = truth.roots.filter((r) => r.labels.some((k) => described.includes(k)));
  const missed = truth.roots.filter((r) => !found.includes(r)).map((r) => `${r.service} ${r.labels.join('|')}`);
  const falseClaims = [...new Set([...structuredFalse, ...proseFalse])];
  const recall = truth.roots.length === 0 ? 1 : found.length / truth.roots.length;
  return {
    name: 'fault',
    score: recall * costOf(falseClaims.length),
    reason: `describes ${found.length}/${truth.roots.length} root faults${missed.length ? ` (missed ${missed.join(', ')})` : ''}${falseClaims.length ? `; asserts ${falseClaims.join(', ')}, which did not happen (−${FALSE_CLAIM_COST.toFixed(2)} each)` : ''}`,
  };
}

/** Minutes within which a timeline entry counts as matching a real event. */
const STAMP_TOLERANCE = 2;
const MITIGATION_TOLERANCE = 3;
/** A timeline is a handful of key moments; beyond this many timestamps its score shrinks in proportion. */
export const TIMELINE_MAX_STAMPS = 12;

function timelinePart(pm: Postmortem, record: EpisodeRecord, truth: GroundTruth, outlook: Outlook | null): PostmortemPart {
  const stamps = mentionedMinutes(pm.timeline, record.world);
  const hasStructured = pm.onset_minute !== undefined || pm.mitigated_minute !== undefined;
  if (stamps.length === 0 && !hasStructured) return { name: 'timeline', score: 0, reason: 'no timestamps (T+N or HH:MM) and no onset_minute / mitigated_minute' };
  const real = realMinutes(record, truth);
  const mitigatedAt = outlook && outlook.relapsed.length === 0 ? lastResolution(record.world) : null;
  const near = (t: number, m: number, tol: number) => Math.abs(t - m) <= tol;
  // The first fault's start and the page's T+0 are both fair answers for "when it began".
  const isOnset = (t: number) => near(t, truth.onset_minute, STAMP_TOLERANCE) || near(t, 0, STAMP_TOLERANCE);
  const onsetOk = pm.onset_minute !== undefined ? isOnset(pm.onset_minute) : stamps.some(isOnset);
  const recoveryStamps = stampsSaying(pm.timeline, record.world, RECOVERY_WORDS);
  const fixOk = mitigatedAt !== null && (pm.mitigated_minute !== undefined ? near(pm.mitigated_minute, mitigatedAt, MITIGATION_TOLERANCE) : recoveryStamps.some((t) => near(t, mitigatedAt, MITIGATION_TOLERANCE)));
  const ungrounded = stamps.filter((t) => !real.some((m) => near(t, m, STAMP_TOLERANCE)));
  const precision = stamps.length === 0 ? 1 : (stamps.length - ungrounded.length) / stamps.length;
  const brevity = stamps.length === 0 ? 1 : Math.min(1, TIMELINE_MAX_STAMPS / stamps.length);
  const score = ((onsetOk ? 0.5 : 0) + (fixOk ? 0.5 : 0)) * precision * brevity;
  const onsetWord = onsetOk ? 'right' : `missing or wrong (was T${signed(truth.onset_minute)})`;
  const mitigationWord = fixOk ? 'right' : mitigatedAt === null ? 'never happened' : `missing or wrong (was T${signed(mitigatedAt)})`;
  return {
    name: 'timeline',
    score,
    reason: `(onset ${onsetWord} + mitigation ${mitigationWord}) × ${stamps.length - ungrounded.length}/${stamps.length} timestamps matching an event${ungrounded.length ? ` (no event near T${ungrounded.map(signed).join(', T')})` : ''}${brevity < 1 ? ` × ${brevity.toFixed(2)} for more than ${TIMELINE_MAX_STAMPS} timestamps` : ''} → ${score.toFixed(2)}`,
  };
}

const signed = (m: number) => (m < 0 ? `${m}` : `+${m}`);

/** Minutes since onset at which something observable happened: onset, alerts, world events and the agent's own steps. */
function realMinutes(record: EpisodeRecord, truth: GroundTruth): number[] {
  const w = record.world;
  const out = new Set<number>([truth.onset_minute, record.start_minute, w.minute]);
  for (const a of w.alerts) {
    out.add(a.fired_at);
    if (a.resolved_at !== null) out.add(a.resolved_at);
  }
  for (const e of w.events) out.add(e.minute);
  for (const change of [...w.deploys, ...w.config_changes]) out.add(change.minute);
  for (const list of [record.diagnoses, record.classifications, record.escalations, record.fixes]) for (const x of list) out.add(x.minute);
  for (const m of record.action_minutes) out.add(m);
  return [...out];
}

interface LastingFix {
  service: string;
  fix: FixKind;
  key: string | null;
  minute: number;
}

/** The fixes that resolved each fault for good: the fix behind each lasting fault's final resolution. */
function lastingFixes(record: EpisodeRecord, outlook: Outlook | null): LastingFix[] {
  const world = record.world;
  const out: LastingFix[] = [];
  for (const f of world.faults) {
    if (f.status !== 'resolved' || outlook === null || outlook.relapsed.includes(f.id)) continue;
    const resolved = world.events.findLast((e) => e.type === 'fault_resolved' && e.fault === f.id);
    if (resolved?.type !== 'fault_resolved') continue;
    const fixEvent = world.events.findLast((e) => e.type === 'fix' && e.minute <= resolved.minute && `${e.fix} ${e.service}` === resolved.by);
    if (fixEvent?.type !== 'fix') continue;
    const key = fixEvent.params['key'];
    if (out.some((x) => x.service === fixEvent.service && x.fix === fixEvent.fix && x.minute === fixEvent.minute)) continue;
    out.push({ service: fixEvent.service, fix: fixEvent.fix, key: typeof key === 'string' ? key : null, minute: fixEvent.minute });
  }
  return out;
}

function fixPart(pm: Postmortem, record: EpisodeRecord, truth: GroundTruth, outlook: Outlook | null): PostmortemPart {
  void truth;
  const resolving = lastingFixes(record, outlook);
  if (resolving.length === 0) return { name: 'fix', score: 0, reason: 'no remediation resolved a fault for good' };
  const looking = [pm.timeline, pm.root_cause, pm.impact, pm.action_items].join('\n');
  const applied = new Set(record.fixes.map((f) => f.fix));
  const invented = claimedFixes(looking).filter((k) => !applied.has(k));
  const structured = pm.remediations;
  let named: LastingFix[];
  let wrong: string[] = [];
  if (structured && structured.length > 0) {
    // A remediation's minute may be when it was started or when it completed.
    const atFix = (m: number, e: LastingFix) => Math.abs(m - e.minute) <= STAMP_TOLERANCE || Math.abs(m - (e.minute + FIX_MINUTES[e.fix])) <= STAMP_TOLERANCE;
    named = resolving.filter((e) => structured.some((r) => r.service === e.service && r.fix === e.fix && (r.minute === undefined || atFix(r.minute, e))));
    wrong = structured.filter((r) => !record.fixes.some((f) => f.service === r.service && f.fix === r.fix)).map((r) => `${r.fix} ${r.service}`);
  } else {
    const all = SECTION_NAMES.map((n) => pm[n]).join('\n');
    const claimed = new Set(claimedFixes(all));
    named = resolving.filter((e) => claimed.has(e.fix) || (e.key !== null && namesKey(all, e.key)) || (e.fix === 'config_set' && FIX_TERMS.config_set.some((t) => mentions(all, t))));
  }
  const missed = resolving.filter((e) => !named.includes(e)).map((e) => `${e.fix} ${e.service}${e.key ? ` (${e.key})` : ''} at T${signed(e.minute)}`);
  const falseClaims = [...wrong, ...invented.map((k) => `${k} (never applied)`)];
  const recall = named.length / resolving.length;
  return {
    name: 'fix',
    score: recall * costOf(falseClaims.length),
    reason: `names ${named.length}/${resolving.length} remediations that worked${missed.length ? ` (missed ${missed.join(', ')})` : ''}${falseClaims.length ? `; claims ${falseClaims.join(', ')} (−${FALSE_CLAIM_COST.toFixed(2)} each)` : ''}`,
  };
}

/** Words that say an entry of the timeline is about recovery: the mitigation stamp must say one of them (or name a fix). */
const RECOVERY_WORDS = ['recover', 'mitigat', 'resolved', 'healthy', 'cleared', 'back to normal', 'took effect', 'subsided', 'stopped', 'dropped', 'fell', 'restored', 'stable', 'fixed', 'normal', 'drained', 'caught up', 'green', 'within slo', 'inside slo', ...Object.values(FIX_TERMS).flat()];

/** The minutes of timeline entries (the text from one stamp to the next) that contain one of `words`. */
function stampsSaying(text: string, world: WorldState, words: readonly string[]): number[] {
  const re = /\bT\s*[+-]\s*\d{1,3}\b|\b\d{1,2}:\d{2}\b/gi;
  const marks = [...text.matchAll(re)].map((m) => m.index ?? 0);
  const out: number[] = [];
  marks.forEach((start, i) => {
    const entry = text.slice(start, marks[i + 1] ?? text.length);
    if (words.some((w) => mentions(entry, w))) out.push(...mentionedMinutes(entry.slice(0, 12), world));
  });
  return out;
}

/** Minutes since onset mentioned as "T+12", "T-3" or a wall-clock "02:22". */
export function mentionedMinutes(text: string, world: WorldState): number[] {
  const out = new Set<number>();
  for (const m of text.matchAll(/\bT\s*([+-])\s*(\d{1,3})\b/gi)) out.add((m[1] === '-' ? -1 : 1) * Number(m[2]));
  const [oh, om] = world.onset_time.split(':').map(Number) as [number, number];
  for (const m of text.matchAll(/\b(\d{1,2}):(\d{2})\b/g)) {
    let d = Number(m[1]) * 60 + Number(m[2]) - (oh * 60 + om);
    if (d < -720) d += 1440;
    if (d > 720) d -= 1440;
    out.add(d);
  }
  return [...out];
}

/** The minute the last fault resolved, or null while any fault is unresolved. */
export function lastResolution(world: WorldState): number | null {
  let last: number | null = null;
  for (const e of world.events) if (e.type === 'fault_resolved') last = e.minute;
  return world.faults.every((f) => f.status === 'resolved') ? last : null;
}
