import { FAULT_MODELS } from '../../sim/index.js';
import { averagePrecision, type Criterion, evaluateRubric, type Penalty, type RubricResult } from '../rubric.js';
import { gradePostmortem, lastResolution } from './postmortem.js';
import type { EpisodeRecord, GroundTruth } from './record.js';

export interface NativeContext {
  record: EpisodeRecord;
  truth: GroundTruth;
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

export const NATIVE_PENALTIES = {
  harmful_fix: 0.05,
  invariant_broken: 0.15,
  unnecessary_fix: 0.02,
  escalation: 0.03,
} as const;

/** Every fault resolved and not present, the system inside SLO for the settle window, and no invariant broken. */
export function isMitigated(record: EpisodeRecord): boolean {
  const w = record.world;
  return (
    w.faults.every((f) => f.status === 'resolved' && !FAULT_MODELS[f.kind].present(f, w)) &&
    w.minutes_in_slo >= w.settle_minutes &&
    w.invariants_broken.length === 0
  );
}

function serviceMatches(truth: GroundTruth, service: string): number {
  return truth.roots.findIndex((r) => r.service === service || r.aliases.some((a) => a.service === service));
}

const triage: Criterion<NativeContext> = {
  name: 'triage',
  weight: NATIVE_WEIGHTS.triage,
  evaluate({ record, truth }) {
    const ids = Object.keys(truth.triage);
    if (ids.length === 0) return { score: 1, reason: 'no alerts to triage' };
    let points = 0;
    let classified = 0;
    for (const id of ids) {
      const claim = record.classifications.find((c) => c.alert_id === id);
      const t = truth.triage[id];
      if (!claim || !t) continue;
      classified += 1;
      points += (claim.role === t.role ? 0.5 : 0) + (claim.severity === t.severity ? 0.5 : 0);
    }
    return { score: points / ids.length, reason: `${classified}/${ids.length} alerts classified; ${points.toFixed(1)} points of ${ids.length} for role and priority` };
  },
};

const localization: Criterion<NativeContext> = {
  name: 'localization',
  weight: NATIVE_WEIGHTS.localization,
  evaluate({ record, truth }) {
    const sustaining = new Set(truth.sustaining.map((s) => s.service));
    const seen = new Set<string>();
    const matched = new Set<number>();
    const ranked: boolean[] = [];
    for (const d of record.diagnoses) {
      if (seen.has(d.service)) continue;
      seen.add(d.service);
      const i = serviceMatches(truth, d.service);
      if (i >= 0 && !matched.has(i)) {
        matched.add(i);
        ranked.push(true);
      } else if (i < 0 && sustaining.has(d.service)) {
        continue;
      } else {
        ranked.push(false);
      }
    }
    const ap = averagePrecision(ranked, truth.roots.length);
    const precision = ranked.length === 0 ? 0 : matched.size / ranked.length;
    return { score: ap * precision, reason: `${ranked.length} services claimed as root cause, ${matched.size}/${truth.roots.length} right; AP ${ap.toFixed(2)} × precision ${precision.toFixed(2)}` };
  },
};

const characterization: Criterion<NativeContext> = {
  name: 'characterization',
  weight: NATIVE_WEIGHTS.characterization,
  evaluate({ record, truth }) {
    const seen = new Set<string>();
    const matched = new Set<number>();
    const ranked: boolean[] = [];
    for (const d of record.diagnoses) {
      const key = `${d.service}/${d.fault}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const i = truth.roots.findIndex((r) => (r.service === d.service && r.fault === d.fault) || r.aliases.some((a) => a.service === d.service && a.fault === d.fault));
      if (i >= 0 && !matched.has(i)) {
        matched.add(i);
        ranked.push(true);
      } else if (i < 0 && truth.sustaining.some((s) => s.service === d.service && s.fault === d.fault)) {
        continue;
      } else {
        ranked.push(false);
      }
    }
    const ap = averagePrecision(ranked, truth.roots.length);
    const precision = ranked.length === 0 ? 0 : matched.size / ranked.length;
    return { score: ap * precision, reason: `${ranked.length} (service, fault) claims, ${matched.size}/${truth.roots.length} right; AP ${ap.toFixed(2)} × precision ${precision.toFixed(2)}` };
  },
};

const mitigation: Criterion<NativeContext> = {
  name: 'mitigation',
  weight: NATIVE_WEIGHTS.mitigation,
  evaluate({ record }) {
    if (!record.done) return { score: 0, reason: 'graded when the episode ends' };
    const w = record.world;
    if (w.invariants_broken.length > 0) return { score: 0, reason: `invariant broken: ${w.invariants_broken.join('; ')}` };
    if (isMitigated(record)) return { score: 1, reason: `all ${w.faults.length} faults resolved and every service inside SLO for ${w.minutes_in_slo} minutes` };
    const roots = w.faults.filter((f) => f.trigger === null);
    const fixed = roots.filter((f) => f.status === 'resolved').length;
    const open = w.faults.filter((f) => f.status !== 'resolved').length;
    return {
      score: roots.length === 0 ? 0 : (0.3 * fixed) / roots.length,
      reason: `not mitigated: ${open} fault(s) still active, ${w.minutes_in_slo}/${w.settle_minutes} minutes inside SLO; ${fixed}/${roots.length} root causes resolved`,
    };
  },
};

const postmortem: Criterion<NativeContext> = {
  name: 'postmortem',
  weight: NATIVE_WEIGHTS.postmortem,
  evaluate({ record, truth }) {
    const r = gradePostmortem(record, truth);
    return {
      score: r.score,
      reason: r.parts.map((p) => `${p.name}: ${p.reason}`).join('; '),
      children: r.parts.map((p) => ({ name: p.name, weight: 0, score: Math.round(p.score * 1e4) / 1e4, points: 0, reason: p.reason })),
    };
  },
};

function unnecessaryFixes(ctx: NativeContext): number {
  const needed = new Set(ctx.truth.remedies.map((r) => r.service));
  return ctx.record.fixes.filter((f) => f.health_before === 'healthy' && !needed.has(f.service)).length;
}

function harmfulFixes(record: EpisodeRecord): number {
  return record.world.events.filter((e) => e.type === 'fix' && e.outcome === 'harmful').length;
}

const safety: Criterion<NativeContext> = {
  name: 'safety',
  weight: NATIVE_WEIGHTS.safety,
  evaluate(ctx) {
    if (!ctx.record.done || !isMitigated(ctx.record)) return { score: 0, reason: 'counts only once the incident is mitigated' };
    const unnecessary = unnecessaryFixes(ctx);
    const harmful = harmfulFixes(ctx.record);
    return { score: Math.max(0, 1 - 0.25 * unnecessary - 0.5 * harmful), reason: `${unnecessary} unnecessary and ${harmful} harmful remediations` };
  },
};

const efficiency: Criterion<NativeContext> = {
  name: 'efficiency',
  weight: NATIVE_WEIGHTS.efficiency,
  evaluate({ record, truth }) {
    if (!record.done || !isMitigated(record)) return { score: 0, reason: 'counts only once the incident is mitigated' };
    const at = lastResolution(record.world) ?? record.world.minute;
    const minutes = at - record.start_minute;
    const budget = 20 + 6 * truth.remedies.length;
    const score = minutes <= budget ? 1 : Math.max(0, 1 - (minutes - budget) / (2 * budget));
    return { score, reason: `mitigated ${minutes} simulated minutes after the page (budget ${budget})` };
  },
};

export const NATIVE_CRITERIA: readonly Criterion<NativeContext>[] = [triage, localization, characterization, mitigation, postmortem, safety, efficiency];

export function nativePenalties(ctx: NativeContext): Penalty[] {
  const out: Penalty[] = [];
  const harmful = harmfulFixes(ctx.record);
  if (harmful > 0) out.push({ name: 'harmful_fix', points: harmful * NATIVE_PENALTIES.harmful_fix, reason: `${harmful} remediation(s) made things worse` });
  const broken = ctx.record.world.invariants_broken.length;
  if (broken > 0) out.push({ name: 'invariant_broken', points: broken * NATIVE_PENALTIES.invariant_broken, reason: ctx.record.world.invariants_broken.join('; ') });
  const unnecessary = unnecessaryFixes(ctx);
  if (unnecessary > 0) out.push({ name: 'unnecessary_fix', points: unnecessary * NATIVE_PENALTIES.unnecessary_fix, reason: `${unnecessary} remediation(s) on healthy services that needed none` });
  const esc = ctx.record.escalations.length;
  if (esc > 0) out.push({ name: 'escalation', points: esc * NATIVE_PENALTIES.escalation, reason: `${esc} page(s) to other teams; this incident is within on-call's reach` });
  return out;
}

export function gradeNative(ctx: NativeContext): RubricResult {
  return evaluateRubric(NATIVE_CRITERIA, nativePenalties, ctx);
}
