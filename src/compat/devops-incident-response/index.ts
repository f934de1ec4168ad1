import type { CompatEnvironment } from '../environment.js';
import { createDevopsCompatEngines } from './engine.js';
import { DEVOPS_COMPAT_PREFIX, registerDevopsIncidentResponseCompat } from './routes.js';

/** devops-incident-response: four structured-action tasks (easy_task … expert_task) with its rule-based baseline. */
export const devopsIncidentResponse: CompatEnvironment = {
  source: 'devops-incident-response',
  routePrefix: DEVOPS_COMPAT_PREFIX,
  createEngines: createDevopsCompatEngines,
  registerRoutes: registerDevopsIncidentResponseCompat,
};
