export {
  DEVOPS_SERVICES,
  DEVOPS_DEPENDENCIES,
  DEVOPS_ACTION_TYPES,
  DEVOPS_DIAGNOSES,
  DEVOPS_FIXES,
  isDevopsService,
  statusOfMode,
  type DevopsService,
  type DevopsFailureMode,
  type DevopsFix,
  type DevopsStatus,
} from './topology.js';
export { DEVOPS_SCENARIOS, validateDevopsScenario, type DevopsScenario, type DevopsAlert } from './scenarios.js';
export { LOG_TEMPLATES, renderLogs, renderMetrics, describeLogs, describeMetrics, incidentBaseSeconds, januaryTimestamp, type DevopsLog, type DevopsMetrics, type LogLevel } from './telemetry.js';
export { md5Hex } from './md5.js';
