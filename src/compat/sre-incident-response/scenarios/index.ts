export { SRE_ACTION_TYPES, SECONDS_PER_STEP, type SreScenario, type QueryEntry, type Recovery } from './scenario.js';
export { ALERT_TRIAGE_DB_CPU, ALERT_TRIAGE_AUTH_HEAP } from './alert-triage.js';
export { ROOT_CAUSE_BAD_DEPLOY, ROOT_CAUSE_DISK_FULL, answerQuery, type RootCauseScenario } from './root-cause-diagnosis.js';
export { RUNBOOK_REDIS_OOM, type RunbookScenario } from './full-incident-runbook.js';
