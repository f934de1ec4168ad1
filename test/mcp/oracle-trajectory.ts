import type { GradeReport, StepResult } from '../../src/contracts/index.js';
import { Environment } from '../../src/env/environment.js';
import { writePostmortem } from '../../src/agents/reference/postmortem-writer.js';
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
  const fixes: { minute: number; service: string; fix: string; params?: Record<string, unknown> }[] = [];
  for (const step of plan) {
    const action = step === 'postmortem' ? postmortem(env, truth, fixes) : step;
    if (action.action_type === 'apply_fix') fixes.push({ minute: worldOf(env).minute, service: String(action['service']), fix: String(action['fix']), ...(action['params'] ? { params: action['params'] as Record<string, unknown> } : {}) });
    actions.push(action);
    results.push(env.step(action));
  }
  const report = env.report();
  if (!report) throw new Error(`the oracle did not finish ${task} seed ${seed}`);
  return { task, seed, actions, results, report };
}

interface World {
  minute: number;
  events: { type: string; minute: number }[];
}

const worldOf = (env: Environment) => (env.engineState as { world: World }).world;

/** The postmortem the reference oracle writes, from what this trajectory did. */
function postmortem(env: Environment, truth: Truth, fixes: { minute: number; service: string; fix: string; params?: Record<string, unknown> }[]): Action {
  const world = worldOf(env);
  const mitigatedAt = Math.max(...world.events.filter((e) => e.type === 'fault_resolved').map((e) => e.minute));
  return writePostmortem({
    roots: truth.roots.map((r) => ({ service: r.service, fault: r.fault })),
    fixes,
    mitigatedAt,
    firstAlertAt: null,
    pagedAt: 0,
    verifiedAt: world.minute,
    impacted: [],
  } as unknown as Parameters<typeof writePostmortem>[0]) as unknown as Action;
}

/** A tool call's arguments for an action: the action without its `action_type`. */
export function toolCallOf(action: Action): { name: string; arguments: Record<string, unknown> } {
  const { action_type: name, ...args } = action;
  return { name, arguments: args };
}
