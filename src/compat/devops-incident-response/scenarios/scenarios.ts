import type { Difficulty } from '../../../contracts/index.js';
import type { DevopsFailureMode, DevopsFix, DevopsService } from './topology.js';

export interface DevopsAlert {
  severity: 'low' | 'medium' | 'high' | 'critical';
  service: DevopsService;
  title: string;
  description: string;
  runbook_hint: string;
}

/** One devops-incident-response task: the faults (ground truth) and what pages the on-call. */
export interface DevopsScenario {
  task_id: string;
  /** Name and description say what the on-call sees, never the fault: the original's named it ("Memory Leak in Order Service"). */
  name: string;
  description: string;
  difficulty: Difficulty;
  max_steps: number;
  optimal_steps: number;
  roots: readonly { service: DevopsService; mode: DevopsFailureMode; fix: DevopsFix }[];
  /** Services that only show symptoms, and the symptom they show while a root is unfixed. */
  affected: readonly { service: DevopsService; mode: DevopsFailureMode }[];
  alerts: readonly DevopsAlert[];
}

export const DEVOPS_SCENARIOS: readonly DevopsScenario[] = [
  {
    task_id: 'easy_task',
    name: 'Gateway Outage',
    description: 'External traffic is failing at the API gateway. Find the cause from logs and metrics and restore service.',
    difficulty: 'easy',
    max_steps: 8,
    optimal_steps: 3,
    roots: [{ service: 'api_gateway', mode: 'service_crash', fix: 'restart_service' }],
    affected: [],
    alerts: [
      {
        severity: 'critical',
        service: 'api_gateway',
        title: 'Gateway Unavailable',
        description: 'External traffic is failing with 502/503 errors because the gateway is down.',
        runbook_hint: 'Check gateway process health and recent crash logs.',
      },
    ],
  },
  {
    task_id: 'medium_task',
    name: 'Checkout Degradation',
    description: 'Checkout is slow and the order service is paging. Tell the cause from its symptoms and fix it.',
    difficulty: 'medium',
    max_steps: 10,
    optimal_steps: 4,
    roots: [{ service: 'order_service', mode: 'memory_leak', fix: 'memory_fix' }],
    affected: [
      { service: 'api_gateway', mode: 'high_latency' },
      { service: 'payment_service', mode: 'connection_pool_exhaustion' },
    ],
    alerts: [
      {
        severity: 'high',
        service: 'order_service',
        title: 'Order Service Memory Pressure',
        description: 'Memory usage is approaching container limits with repeated OOM events.',
        runbook_hint: 'Inspect memory behavior before applying a targeted fix.',
      },
      {
        severity: 'medium',
        service: 'api_gateway',
        title: 'Checkout Latency Elevated',
        description: 'Gateway latency increased because downstream order operations are unhealthy.',
        runbook_hint: 'Differentiate symptoms from root cause.',
      },
    ],
  },
  {
    task_id: 'hard_task',
    name: 'Customer-Facing Error Spike',
    description: 'Customer-facing APIs return 503s and timeouts while payment workers wait for connections. Trace the failure to its cause and fix it.',
    difficulty: 'hard',
    max_steps: 12,
    optimal_steps: 6,
    roots: [{ service: 'database', mode: 'disk_full', fix: 'clear_disk' }],
    affected: [
      { service: 'payment_service', mode: 'connection_pool_exhaustion' },
      { service: 'order_service', mode: 'high_latency' },
      { service: 'api_gateway', mode: 'high_latency' },
    ],
    alerts: [
      {
        severity: 'critical',
        service: 'api_gateway',
        title: 'Gateway Error Spike',
        description: 'Customer-facing APIs are returning elevated 503 and timeout responses.',
        runbook_hint: 'Trace dependencies instead of treating only the visible symptom.',
      },
      {
        severity: 'critical',
        service: 'payment_service',
        title: 'Connection Pool Exhaustion',
        description: 'Payment workers are blocked waiting for database connections.',
        runbook_hint: 'Inspect the dependency chain.', // the original added "and database health": the root
      },
    ],
  },
  {
    task_id: 'expert_task',
    name: 'Platform-Wide Errors',
    description: 'Customer-facing APIs are timing out and payment workers are stalled. Trace every failure path and recover the platform.',
    difficulty: 'expert',
    max_steps: 14,
    optimal_steps: 8,
    roots: [
      { service: 'database', mode: 'disk_full', fix: 'clear_disk' },
      { service: 'payment_service', mode: 'connection_pool_exhaustion', fix: 'drain_connections' },
    ],
    affected: [
      { service: 'order_service', mode: 'high_latency' },
      { service: 'api_gateway', mode: 'high_latency' },
    ],
    alerts: [
      {
        severity: 'critical',
        service: 'api_gateway',
        title: 'Customer-Facing Errors Elevated',
        description: 'API traffic is timing out because both the payment and database paths are unhealthy.',
        runbook_hint: 'Investigate both the visible symptom and the dependency chain.',
      },
      {
        severity: 'critical',
        service: 'payment_service',
        title: 'Payment Workers Stalled',
        description: 'Workers are blocked waiting on connections while the database is under storage pressure.',
        runbook_hint: 'Trace what the stalled workers wait on before remediating.', // the original named both faults and the fix order
      },
    ],
  },
];

/** The original's construction-time checks: roots are not also symptoms, every root has one fix, services are distinct. Returns the problems. */
export function validateDevopsScenario(s: DevopsScenario): string[] {
  const problems: string[] = [];
  const roots = s.roots.map((r) => r.service);
  if (roots.length === 0) problems.push(`${s.task_id}: no root cause`);
  if (new Set(roots).size !== roots.length) problems.push(`${s.task_id}: a root service is listed twice`);
  for (const a of s.affected) if (roots.includes(a.service)) problems.push(`${s.task_id}: ${a.service} is both a root and affected`);
  if (s.optimal_steps > s.max_steps) problems.push(`${s.task_id}: optimal_steps exceeds max_steps`);
  for (const alert of s.alerts) {
    if (!roots.includes(alert.service) && !s.affected.some((a) => a.service === alert.service)) problems.push(`${s.task_id}: alert on healthy ${alert.service}`);
  }
  return problems;
}
