import {
  type GradedActionType,
  RC_BAD_DEPLOY_FACTS,
  RC_DISK_FULL_FACTS,
  type RootCauseFacts,
  TRIAGE_AUTH_HEAP_FACTS,
  TRIAGE_DB_CPU_FACTS,
  type TriageFacts,
  alertTriageRubric,
  analyzeClaims,
  fullRunbookRubric,
  mentionsAny,
  rootCauseRubric,
} from './grading/index.js';
import {
  ALERT_TRIAGE_AUTH_HEAP,
  ALERT_TRIAGE_DB_CPU,
  ROOT_CAUSE_BAD_DEPLOY,
  ROOT_CAUSE_DISK_FULL,
  RUNBOOK_REDIS_OOM,
  type RootCauseScenario,
  type SreScenario,
  answerQuery,
} from './scenarios/index.js';
import { SreCompatEngine, type SreActionEffect, type SreTaskDefinition, type SreVariant } from './engine.js';

const SOURCE = 'sre-incident-response' as const;

function cut(value: string, max: number): string {
  return value.slice(0, max);
}

function triageVariant(scenario: SreScenario, facts: TriageFacts): SreVariant {
  const alertServices = scenario.alerts.map((a) => Object.keys(analyzeClaims(a, facts.services).claims));
  const effect = (_state: unknown, type: GradedActionType, value: string): SreActionEffect => {
    switch (type) {
      case 'acknowledge_alert': {
        const named = Object.keys(analyzeClaims(value, facts.services).claims);
        const index = alertServices.findIndex((services) => services.some((s) => named.includes(s)));
        const alert = scenario.alerts[index];
        return { feedback: alert ? `Alert acknowledged: ${alert}.` : `Alert acknowledgment noted for: ${cut(value, 200)}` };
      }
      case 'diagnose':
        return { feedback: `Diagnosis recorded: ${cut(value, 200)}` };
      case 'run_query':
        return { feedback: 'No specific query system for this task. Use diagnose to share your analysis.' };
      case 'apply_fix':
        return { feedback: `Fix action noted: ${cut(value, 200)}` };
      case 'escalate':
        return { feedback: `Escalation recorded: ${cut(value, 200)}` };
      case 'write_postmortem':
        return { feedback: 'Postmortem recorded. (Not required for this task but noted.)' };
    }
  };
  return {
    scenario,
    rubric: alertTriageRubric(facts),
    effect,
    sampleValues: [...scenario.alerts, 'P1', 'root cause', 'cascade', 'restart', 'check metrics', 'db-primary P1', 'payment P2', 'auth P3'],
  };
}

function rootCauseVariant(scenario: RootCauseScenario, facts: RootCauseFacts): SreVariant {
  const rubric = rootCauseRubric(facts);
  const effect = (_state: unknown, type: GradedActionType, value: string): SreActionEffect => {
    switch (type) {
      case 'acknowledge_alert':
        return { feedback: mentionsAny(value, facts.alert) ? scenario.acknowledgement : `Alert acknowledgment noted for: ${cut(value, 200)}` };
      case 'run_query':
        return { feedback: `Query executed: ${cut(value, 200)}. Results returned in logs.`, logs: [answerQuery(scenario, value) ?? scenario.noResult(cut(value, 200))] };
      case 'diagnose':
        return { feedback: `Diagnosis recorded: ${cut(value, 300)}` };
      case 'apply_fix':
        return { feedback: mentionsAny(value, facts.fix) ? scenario.recovery.feedback : `Fix attempted: ${cut(value, 200)}. No improvement observed.` };
      case 'escalate':
        return { feedback: `Escalation recorded: ${cut(value, 200)}` };
      case 'write_postmortem':
        return { feedback: 'Postmortem recorded and saved.' };
    }
  };
  return {
    scenario,
    rubric,
    effect,
    recoveredMetrics: scenario.recovery.metrics,
    sampleValues: [...scenario.alerts, 'slow queries', 'connection pool', 'recent deploy', 'disk', 'wal', 'errors', 'payment logs', 'rollback to v2.4.0', 'restart payment-service'],
  };
}

export const ALERT_TRIAGE_TASK: SreTaskDefinition = {
  info: { id: 'alert_triage', name: 'Alert Triage', difficulty: 'easy', max_steps: 8, description: 'Classify alerts and identify root cause.', source: SOURCE },
  variants: [triageVariant(ALERT_TRIAGE_DB_CPU, TRIAGE_DB_CPU_FACTS), triageVariant(ALERT_TRIAGE_AUTH_HEAP, TRIAGE_AUTH_HEAP_FACTS)],
};

export const ROOT_CAUSE_DIAGNOSIS_TASK: SreTaskDefinition = {
  info: { id: 'root_cause_diagnosis', name: 'Root Cause Diagnosis', difficulty: 'medium', max_steps: 10, description: 'Diagnose outage and apply fix.', source: SOURCE },
  variants: [rootCauseVariant(ROOT_CAUSE_BAD_DEPLOY, RC_BAD_DEPLOY_FACTS), rootCauseVariant(ROOT_CAUSE_DISK_FULL, RC_DISK_FULL_FACTS)],
};

export const FULL_INCIDENT_RUNBOOK_TASK: SreTaskDefinition = {
  info: { id: 'full_incident_runbook', name: 'Full Incident Runbook', difficulty: 'hard', max_steps: 20, description: 'Handle total cascade failure.', source: SOURCE },
  variants: [
    {
      scenario: RUNBOOK_REDIS_OOM,
      rubric: fullRunbookRubric(),
      effect: (_state, _type, value) => ({ feedback: `Action noted: ${cut(value, 100)}` }),
      recoveredMetrics: RUNBOOK_REDIS_OOM.recovery.metrics,
      sampleValues: [...RUNBOOK_REDIS_OOM.alerts, 'redis oom P1', 'restart auth', 'reset mobile circuit breaker', 'config set maxmemory-policy allkeys-lru', 'timeline rca action items prevention', 'fix api-gateway'],
    },
  ],
};

/** The three sre-incident-response tasks, in the original's listing order. */
export function createSreCompatEngines(): SreCompatEngine[] {
  return [ALERT_TRIAGE_TASK, ROOT_CAUSE_DIAGNOSIS_TASK, FULL_INCIDENT_RUNBOOK_TASK].map((def) => new SreCompatEngine(def));
}
