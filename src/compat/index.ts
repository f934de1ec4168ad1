import { devopsIncidentResponse } from './devops-incident-response/index.js';
import type { CompatEnvironment } from './environment.js';
import { sreIncidentResponse } from './sre-incident-response/index.js';

export type { CompatEnvironment, CompatRouteDeps } from './environment.js';

/** Every compat environment, in task-listing order. */
export const COMPAT_ENVIRONMENTS: readonly CompatEnvironment[] = [sreIncidentResponse, devopsIncidentResponse];
