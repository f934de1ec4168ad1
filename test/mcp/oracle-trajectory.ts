import type { GradeReport, StepResult } from '../../src/contracts/index.js';
import { Environment } from '../../src/env/environment.js';
import { createDefaultRegistry } from '../../src/cli/default-registry.js';

type Action = Record<string, unknown> & { action_type: string };

interface Truth {
  roots: { service: string; fault: string }[];
  remedies: { service: string; fix: string; params?: Record<string, unknown> }[];
  triage: Record<string, { severity: string; role: string }>;
}

export interface OracleTrajectory {
  task: string;
  seed: number;
  actions: Action[];
  results: StepResult[];
  report: GradeReport;
}

const FAULT_WORDS: Record<string, string> = {
  cache_eviction_oom: 'maxmemory noeviction',
  disk_full: 'disk no space',
  slow_query: 'slow query',
};

/**
 * Plays the oracle in process (it reads the ground truth) and records every action it took, so the same
 * actions can be replayed through another transport and the grades compared. Another process must be given the
 * same episode secret (FIREDRILL_EPISODE_SECRET), as episode and incident ids depend on it.
 */
export function playOracle(task: string, seed: number, episodeSecret?: string): OracleTrajectory {
  const env = new Environment(createDefaultRegistry(), episodeSecret === undefined ? {} : { episodeSecret });
  env.reset({ task_id: task, seed });
  const truth = env.groundTruth() as unknown as Truth;
  const plan: (Action | 'postmortem')[] = [
    ...Object.entries(truth.triage).map(([id, t]): Action => ({ action_type: 'classify_alert', alert_id: id, severity: t.severity, role: t.role })),
    ...truth.roots.map((r): Action => ({ action_type: 'diagnose', service: r.service, fault: r.fault })),
    ...truth.remedies.map((r): Action => ({ action_type: 'apply_fix', service: r.service, fix: r.fix, ...(r.params ? { params: r.params } : {}) })),
    { action_type: 'wait', minutes: 6 },
    { action_type: 'verify_health' },
    'postmortem',
    { action_type: 'resolve' },
  ];
  const actions: Action[] = [];
  const results: StepResult[] = [];
  for (const step of plan) {
    const action = step === 'postmortem' ? postmortem(env, truth) : step;
    actions.push(action);
    results.push(env.step(action));
  }
  const report = env.report();
  if (!report) throw new Error(`the oracle did not finish ${task} seed ${seed}`);
  return { task, seed, actions, results, report };
}

function postmortem(env: Environment, truth: Truth): Action {
  const world = (env.engineState as { world: { events: { type: string; minute: number }[] } }).world;
  const mitigatedAt = Math.max(...world.events.filter((e) => e.type === 'fault_resolved').map((e) => e.minute));
  const firstFault = truth.roots[0]?.fault ?? '';
  return {
    action_type: 'write_postmortem',
    timeline: `T+0 onset. T+${mitigatedAt} mitigated.`,
    root_cause: `${truth.roots.map((r) => `${r.service} ${r.fault.replace(/_/g, ' ')}`).join('; ')} ${FAULT_WORDS[firstFault] ?? ''}`,
    impact: 'Customers saw errors for the duration.',
    action_items: `Applied ${truth.remedies.map((r) => r.fix).join(', ')}; keep the change in place.`,
    prevention: 'Alert earlier on the leading signal and add a runbook.',
  };
}

/** A tool call's arguments for an action: the action without its `action_type`. */
export function toolCallOf(action: Action): { name: string; arguments: Record<string, unknown> } {
  const { action_type: name, ...args } = action;
  return { name, arguments: args };
}
