import type { AlertRole, FaultKind, FixKind, FixParams, NativeAction, Severity, StepResult } from '../../contracts/index.js';
import type { Agent } from '../agent.js';
import { type IncidentAccount, writePostmortem } from './postmortem-writer.js';
import { ScriptedAgent } from './scripted.js';
import { firingAlerts, type HealthView, minuteOf, resultOf, stepsLeft } from './view.js';

/** The parts of a native task's ground truth the oracle reads (Environment.groundTruth(), in process only). */
interface OracleTruth {
  roots: { service: string; fault: FaultKind; victims?: string[] }[];
  triage: Record<string, { severity: Severity; role: AlertRole; service: string }>;
  remedies: { service: string; fix: FixKind; params?: FixParams }[];
  settle_minutes: number;
}

function isOracleTruth(x: unknown): x is OracleTruth {
  const t = x as Partial<OracleTruth> | undefined;
  return !!t && Array.isArray(t.roots) && Array.isArray(t.remedies) && typeof t.triage === 'object' && typeof t.settle_minutes === 'number';
}

/** Reads the ground truth and plays the expert's plan: proves a task solvable and calibrates the top of the scale. */
export function oracleAgent(): Agent {
  return new ScriptedAgent(
    'oracle',
    function* (ctx, first): Generator<NativeAction, void, StepResult> {
      const truth = ctx.groundTruth;
      if (!isOracleTruth(truth)) throw new Error('oracle: needs the ground truth of a native task (run it in process)');
      const pagedAt = minuteOf(first);
      const firstAlertAt = firingAlerts(first).reduce<number | null>((m, a) => (m === null ? a.fired_at : Math.min(m, a.fired_at)), null);
      const triage = Object.entries(truth.triage).map(([alertId, t]) => ({ alert_id: alertId, severity: t.severity, role: t.role }));
      if (triage.length > 0) yield { action_type: 'classify_alerts', alerts: triage };
      for (const r of truth.roots) yield { action_type: 'diagnose', service: r.service, fault: r.fault, evidence: 'ground truth' };
      const fixes: IncidentAccount['fixes'] = [];
      let last = first;
      for (const rem of truth.remedies) {
        const minute = minuteOf(last);
        last = yield { action_type: 'apply_fix', service: rem.service, fix: rem.fix, ...(rem.params ? { params: rem.params } : {}) };
        if (resultOf(last)) fixes.push({ minute, ...rem });
      }
      const mitigatedAt = fixes.length > 0 ? (fixes[fixes.length - 1]?.minute ?? 0) + 1 : null;
      let verifiedAt: number | null = null;
      while (stepsLeft(last) > 2) {
        last = yield { action_type: 'verify_health' };
        const health = resultOf<HealthView>(last);
        if (health && health.minutes_healthy >= truth.settle_minutes) {
          verifiedAt = minuteOf(last) - 1;
          break;
        }
        last = yield { action_type: 'wait', minutes: Math.max(1, truth.settle_minutes - (health?.minutes_healthy ?? 0)) };
      }
      const roots = truth.roots.map((r) => (r.victims?.[0] ? { service: r.victims[0], fault: r.fault, origin: r.service } : { service: r.service, fault: r.fault }));
      const account: IncidentAccount = { roots, fixes, mitigatedAt, firstAlertAt, pagedAt, verifiedAt, impacted: [] };
      yield writePostmortem(account);
      yield { action_type: 'resolve', summary: 'Mitigated and verified.' };
    },
    true,
  );
}
