import { beforeAll, describe, expect, it } from 'vitest';

import type { Agent } from '../src/agents/agent.js';
import { REFERENCE_AGENTS } from '../src/agents/reference.js';
import { fixPhrase } from '../src/agents/reference/postmortem-writer.js';
import { FAULT_KINDS, FIX_KINDS } from '../src/contracts/index.js';
import { Environment } from '../src/env/environment.js';
import type { NativeState } from '../src/env/native/state.js';
import { createDefaultRegistry } from '../src/cli/default-registry.js';
import { rollout } from '../src/eval/validate.js';
import { evaluateCriterion, FAULT_TERMS, lastResolution, NATIVE_CRITERIA, nativeContext } from '../src/grading/index.js';

/**
 * The postmortem regression suite: honest postmortems (accurate, in many phrasings, with denials, inflections,
 * config keys and look-alike names) must keep ≥ 0.95 of the postmortem criterion; blind templates and stuffed ones
 * must stay ≤ 0.20. Each case is written against a real finished oracle episode, so every fact it states is true
 * of that world.
 */

const TASKS: readonly [string, number][] = [
  ['checkout-errors-v1', 0],
  ['order-pages-slow-v1', 0],
  ['mobile-login-outage-v1', 0],
  ['cart-writes-failing-v1', 0],
  ['storefront-502-v1', 0],
  ['pipeline-freshness-lag-v1', 0],
  ['timeline-timeouts-after-release-v1', 0],
  ['logins-rejected-v1', 0],
  ['card-payments-declining-v1', 0],
  ['gen-medium', 1],
];

type Pm = Record<string, unknown> & { timeline: string; root_cause: string; impact: string; action_items: string; prevention: string };

interface Episode {
  task: string;
  state: NativeState;
}

const criterion = NATIVE_CRITERIA.find((c) => c.name === 'postmortem');

function explain(ep: Episode, pm: Pm) {
  const record = { ...ep.state, postmortem: { minute: ep.state.world.minute, ...pm } } as NativeState;
  if (!criterion) throw new Error('no postmortem criterion');
  return evaluateCriterion(criterion, nativeContext(record, ep.state.truth));
}

const why = (r: ReturnType<typeof explain>) => (r.children ?? []).filter((c) => c.score < 1).map((c) => `${c.name} ${c.score}: ${c.reason}`).join(' | ');

/** What an honest responder knows after the episode. */
function facts(ep: Episode) {
  const s = ep.state;
  const w = s.world;
  const roots = s.truth.roots;
  const culprits = roots.map((r) => r.service);
  const fixes = s.fixes.filter((f) => f.outcome === 'resolved' || f.outcome === 'relieved');
  const mitigated = lastResolution(w) ?? w.minute;
  const mechanism = roots.map((r) => `${r.service}: ${FAULT_TERMS[r.fault][0] ?? r.fault}`).join('; ');
  const bystander = w.services.map((x) => x.name).find((n) => !culprits.includes(n) && !roots.some((r) => r.victims.includes(n))) ?? 'nothing';
  const alerting = [...new Set(w.alerts.map((a) => a.service))];
  const fixLines = fixes.map((f) => `T+${f.minute} ${fixPhrase({ service: f.service, fix: f.fix, params: paramsOf(ep, f.step) })}.`);
  return { s, w, roots, culprits, fixes, mitigated, mechanism, bystander, alerting, fixLines, page: s.start_minute };
}

/** The parameters a fix was applied with, from the world's event log. */
function paramsOf(ep: Episode, step: number) {
  const fix = ep.state.fixes.find((f) => f.step === step);
  const ev = ep.state.world.events.find((e) => e.type === 'fix' && fix && e.minute === fix.minute && e.service === fix.service && e.fix === fix.fix);
  return ev?.type === 'fix' ? (ev.params as Record<string, string>) : {};
}

const HONEST: readonly { name: string; write: (ep: Episode) => Pm }[] = [
  {
    name: 'plain prose',
    write: (ep) => {
      const f = facts(ep);
      return {
        timeline: [`T+0 incident onset.`, `T+${f.page} on-call paged and started investigating.`, ...f.fixLines, `T+${f.mitigated} the last fault cleared and errors cleared.`].join('\n'),
        root_cause: `Root cause: ${f.mechanism}.`,
        impact: 'Customers saw errors and slow pages until the fix took effect.',
        action_items: `Keep the remediation in place and review the change process for ${f.culprits.join(' and ')}.`,
        prevention: 'Alert on the leading signal before callers fail, and add a runbook entry.',
      };
    },
  },
  {
    name: 'denials and ruled-out hypotheses',
    write: (ep) => {
      const f = facts(ep);
      return {
        timeline: [`T+0 onset.`, `T+${f.page} paged.`, ...f.fixLines, `T+${f.mitigated} mitigated; errors cleared by T+${f.mitigated + 1}.`].join('\n'),
        root_cause: `${f.mechanism}. It was not an expired certificate: the TLS warning is unrelated. ${f.bystander} was healthy throughout. We ruled out DNS and a network partition.`,
        impact: `Requests failed or timed out; ${f.bystander} was unaffected.`,
        action_items: 'Add a dashboard panel for the leading signal and page on it.',
        prevention: 'Review the alert thresholds of the affected services and rehearse this failure mode.',
      };
    },
  },
  {
    name: 'structured fields with short prose',
    write: (ep) => {
      const f = facts(ep);
      return {
        root_causes: f.roots.map((r) => ({ service: r.service, fault: r.fault })),
        remediations: f.fixes.map((x) => ({ service: x.service, fix: x.fix, minute: x.minute })),
        onset_minute: 0,
        mitigated_minute: f.mitigated,
        timeline: `T+0 onset. T+${f.page} paged. T+${f.mitigated} recovered.`,
        root_cause: `The cause was in ${f.culprits.join(' and ')} (${f.mechanism}).`,
        impact: 'Part of the customer traffic failed for the duration of the incident.',
        action_items: 'Follow up with the owning team on the change that caused it.',
        prevention: 'Catch this class of failure in pre-production load tests.',
      };
    },
  },
  {
    name: 'inflections, attributions and config keys',
    write: (ep) => {
      const f = facts(ep);
      return {
        timeline: [`T+0 onset of the incident.`, `T+${f.page} page received.`, ...f.fixLines, `T+${f.mitigated} the errors cleared and latency was scaled back down by the autoscaler.`].join('\n'),
        root_cause: `Root cause: ${f.mechanism}. Nothing to do with ${f.bystander}.`,
        impact: 'Customer requests erred; the autoscaler scaled the front tier by itself, which did not help.',
        action_items: `Track the remediation (${f.fixes.map((x) => x.fix).join(', ') || 'none'}) in the change log.`,
        prevention: 'Add a pre-deploy check and an alert on the first sign of this failure mode.',
      };
    },
  },
];

const BLIND: readonly { name: string; write: (ep: Episode) => Pm }[] = [
  {
    name: 'blind template: every alerting service, own step minutes, every fix phrase',
    write: (ep) => {
      const f = facts(ep);
      return {
        timeline: f.s.action_minutes.map((m, i) => `T+${m} step ${i + 1} done.`).join('\n'),
        root_cause: `Root cause: failures in ${f.alerting.join(', ')}.`,
        impact: `Every alerting service was impacted: ${f.alerting.join(', ')}.`,
        action_items: 'We restarted, rolled back, scaled up, cleared the disk, flushed the cache, failed over, renewed the certificate, killed the queries and restored the network.',
        prevention: 'Monitor everything more closely and add runbooks for every service.',
      };
    },
  },
  {
    name: 'stuffed: every service, fault, fix and minute',
    write: (ep) => {
      const f = facts(ep);
      const all = `${f.w.services.map((x) => x.name).join(' ')}. ${FAULT_KINDS.map((k) => FAULT_TERMS[k].join(', ')).join('. ')}. restarted, rolled back, scaled up, cleared the disk, flushed, failed over, renewed, killed the queries. ${Array.from({ length: 40 }, (_, i) => `T+${i * 2}`).join(' ')}`;
      return { timeline: all, root_cause: all, impact: `${all} impact`, action_items: `${all} actions`, prevention: `${all} prevention` };
    },
  },
  {
    name: 'blind structured template: every alerting service under every likely fault, every fix everywhere',
    write: (ep) => {
      const f = facts(ep);
      return {
        root_causes: f.alerting.flatMap((s) => (['bad_deploy', 'config_drift', 'cpu_saturation'] as const).map((fault) => ({ service: s, fault }))),
        remediations: f.alerting.flatMap((s) => FIX_KINDS.map((fix) => ({ service: s, fix }))),
        timeline: f.s.action_minutes.map((m) => `T+${m} investigated.`).join('\n'),
        root_cause: `Failures in ${f.alerting.join(', ')}.`,
        impact: 'All services were impacted for the whole window.',
        action_items: 'Restarted, rolled back and scaled every service; flushed every cache.',
        prevention: 'Add monitoring for every service and every failure mode.',
      };
    },
  },
  {
    name: 'blind template hedged with denials of every other fault',
    write: (ep) => {
      const f = facts(ep);
      return {
        timeline: f.s.action_minutes.map((m) => `T+${m} looked around.`).join('\n'),
        root_cause: `${f.alerting.join(', ')} were involved; ${FAULT_KINDS.map((k) => `maybe ${FAULT_TERMS[k][0]}`).join(', ')}.`,
        impact: `Impact on ${f.alerting.join(', ')}.`,
        action_items: 'Restart, rollback, scale up, clear the disk, flush the cache, fail over.',
        prevention: `It was not ${f.bystander}; we will watch everything.`,
      };
    },
  },
];

describe('postmortem regression suite', () => {
  const episodes: Episode[] = [];

  beforeAll(async () => {
    const env = new Environment(createDefaultRegistry());
    for (const [task, seed] of TASKS) {
      await rollout(env, REFERENCE_AGENTS['oracle']?.() as Agent, task, seed);
      episodes.push({ task, state: structuredClone(env.engineState as NativeState) });
    }
  }, 60_000);

  it(`every one of ${TASKS.length * HONEST.length} honest postmortems keeps at least 0.95 of the criterion`, () => {
    const low: string[] = [];
    for (const ep of episodes) for (const h of HONEST) {
      const r = explain(ep, h.write(ep));
      if (r.score < 0.95) low.push(`${ep.task} / ${h.name}: ${r.score} (${why(r)})`);
    }
    expect(low).toEqual([]);
  });

  it(`every one of ${TASKS.length * BLIND.length} blind or stuffed postmortems scores at most 0.20 of the criterion`, () => {
    const high: string[] = [];
    for (const ep of episodes) for (const b of BLIND) {
      const r = explain(ep, b.write(ep));
      if (r.score > 0.2) high.push(`${ep.task} / ${b.name}: ${r.score} (${why(r)})`);
    }
    expect(high).toEqual([]);
  });
});
