import type { AlertRole, FaultKind, FixKind, Severity } from '../../contracts/index.js';
import type { FixOutcome, WorldState } from '../../sim/index.js';

/** What the agent did in a native episode, as the rubric reads it. Plain JSON, part of the engine state. */
export interface EpisodeRecord {
  world: WorldState;
  start_minute: number;
  max_steps: number;
  step: number;
  /** Simulated minute at which each step began (the agent's own timeline). */
  action_minutes: number[];
  done: boolean;
  resolved: boolean;
  diagnoses: { step: number; minute: number; service: string; fault: FaultKind }[];
  classifications: { step: number; minute: number; alert_id: string; severity: Severity; role: AlertRole }[];
  escalations: { step: number; minute: number; team: string }[];
  postmortem: {
    minute: number;
    timeline: string;
    root_cause: string;
    impact: string;
    action_items: string;
    prevention: string;
    /** Structured claims, graded exactly when given. */
    root_causes?: { service: string; fault: FaultKind }[];
    remediations?: { service: string; fix: FixKind; minute?: number }[];
    onset_minute?: number;
    mitigated_minute?: number;
  } | null;
  fixes: { step: number; minute: number; service: string; fix: FixKind; health_before: 'healthy' | 'degraded' | 'down' | 'unknown'; outcome: FixOutcome }[];
  /** Distinct investigation steps taken (`read_logs:cart`, `list_deploys`), for the shaped reward's coverage term. */
  investigated?: string[];
  /** Alerts shown in the first observation (firing or just resolved): the storm to triage. */
  triage_alert_ids: string[];
  /** `rule:service` keys that also fire in the same world without its faults (the counterfactual baseline). */
  baseline_alert_keys: string[];
}

export interface RootTruth {
  fault_id: string;
  /** Where the cause lives and the fix goes: the culprit (a batch job, a caller's release) or the faulty service itself. */
  service: string;
  fault: FaultKind;
  /** Labels a diagnosis of this root is accepted under: the mechanism, then the trigger where the fix undoes it. */
  labels: FaultKind[];
  /** Services that suffer from this cause without having one of their own (the culprit's victims). */
  victims: string[];
}

export interface GroundTruth {
  roots: RootTruth[];
  /** Faults that sustain themselves once triggered; they must be mitigated but are not root causes. */
  sustaining: { fault_id: string; service: string; fault: FaultKind; trigger: string }[];
  triage: Record<string, { severity: Severity; role: AlertRole; service: string; title: string }>;
  remedies: { service: string; fix: FixKind; params?: Record<string, string | number | boolean> }[];
  onset_minute: number;
  settle_minutes: number;
}
