import type { FaultKind, FixKind, NativeAction, StepResult } from '../../contracts/index.js';
import type { Agent } from '../agent.js';
import { writePostmortem } from './postmortem-writer.js';
import { ScriptedAgent } from './scripted.js';
import { byLoudness, firingAlerts, type LogLineView, type MetricView, minuteOf, resultOf } from './view.js';

/** Keyword → (fault, fix), checked in order over everything read about the target; devops-incident-response's baseline reflex. */
const REFLEXES: readonly { words: RegExp; fault: FaultKind; fix: FixKind }[] = [
  { words: /no space left|disk|wal|filesystem/i, fault: 'disk_full', fix: 'clear_disk' },
  { words: /memory|oom|heap|gc pause/i, fault: 'memory_leak', fix: 'restart' },
  { words: /cpu|throttl|saturated/i, fault: 'cpu_saturation', fix: 'scale' },
];

/**
 * The reactive on-call baseline (devops-incident-response's rule-based policy): takes the loudest alert's service as the culprit,
 * reads its logs and metrics, picks a fault and fix by keyword, applies it, verifies and resolves. It never
 * leaves the alerted service, so it fails whenever the cause sits deeper than the loudest symptom.
 */
export function reactiveAgent(): Agent {
  return new ScriptedAgent('reactive', function* (_ctx, first): Generator<NativeAction, void, StepResult> {
    const alerts = byLoudness(firingAlerts(first));
    const loudest = alerts[0];
    if (!loudest) {
      yield { action_type: 'resolve', summary: 'No alerts firing.' };
      return;
    }
    const target = loudest.service;
    const logs = resultOf<{ lines: LogLineView[] }>(yield { action_type: 'read_logs', service: target, level: 'WARN', limit: 40 })?.lines ?? [];
    yield { action_type: 'inspect_dependencies', service: target };
    const metrics = resultOf<{ metrics: MetricView[] }>(yield { action_type: 'query_metrics', service: target })?.metrics ?? [];
    const text = [loudest.title, ...logs.map((l) => l.message), ...metrics.filter((m) => m.now > 2 * Math.max(1, m.baseline)).map((m) => m.metric)].join('\n');
    const reflex = REFLEXES.find((r) => r.words.test(text)) ?? { fault: 'bad_deploy' as const, fix: 'restart' as const };
    for (const a of alerts) yield { action_type: 'classify_alert', alert_id: a.id, severity: a.service === target ? 'P1' : 'P2', role: a.service === target ? 'root_cause' : 'symptom' };
    let last: StepResult = yield { action_type: 'diagnose', service: target, fault: reflex.fault, evidence: loudest.title };
    const fixAt = minuteOf(last);
    const params = reflex.fix === 'scale' ? { params: { replicas: 6 } } : {};
    last = yield { action_type: 'apply_fix', service: target, fix: reflex.fix, ...params };
    const applied = resultOf(last) !== null;
    yield { action_type: 'wait', minutes: 5 };
    last = yield { action_type: 'verify_health', service: target };
    yield writePostmortem({
      roots: [{ service: target, fault: reflex.fault }],
      fixes: applied ? [{ minute: fixAt, service: target, fix: reflex.fix }] : [],
      mitigatedAt: applied ? fixAt + 1 : null,
      firstAlertAt: loudest.fired_at,
      pagedAt: minuteOf(first),
      verifiedAt: minuteOf(last) - 1,
      impacted: [...new Set(alerts.map((a) => a.service))],
    });
    yield { action_type: 'resolve', summary: `Applied ${reflex.fix} to ${target}.` };
  });
}
