export { findKeyword, findAll, mentionsAny, normalizeText, type Keyword } from './keywords.js';
export { analyzeClaims, affirms, splitClauses, type Level, type ServiceVocabulary, type MessageClaims } from './claims.js';
export { newScoreSheet, award, penalize, revoke, rawTotal, reportedTotal, displayValue, type ScoreSheet, type CriterionDef, type Penalty } from './score-sheet.js';
export { type SreRubric, type GradeState, type ClaimHistory, type GradeInput, type GradedActionType, excerpt, newGradeState } from './rubric.js';
export { alertTriageRubric, TRIAGE_DB_CPU_FACTS, TRIAGE_AUTH_HEAP_FACTS, type TriageFacts } from './alert-triage-rubric.js';
export { rootCauseRubric, RC_BAD_DEPLOY_FACTS, RC_DISK_FULL_FACTS, type RootCauseFacts } from './root-cause-rubric.js';
export { fullRunbookRubric } from './full-runbook-rubric.js';
