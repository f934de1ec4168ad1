import type { CompatEnvironment } from '../environment.js';
import { SRE_COMPAT_PREFIX, registerSreIncidentResponseCompat } from './routes.js';
import { createSreCompatEngines } from './tasks.js';

/** sre-incident-response: three free-text tasks (alert_triage, root_cause_diagnosis, full_incident_runbook). */
export const sreIncidentResponse: CompatEnvironment = {
  source: 'sre-incident-response',
  routePrefix: SRE_COMPAT_PREFIX,
  createEngines: createSreCompatEngines,
  registerRoutes: registerSreIncidentResponseCompat,
};
