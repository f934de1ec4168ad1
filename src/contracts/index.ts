export { FAULT_KINDS, FIX_KINDS, SERVICE_KINDS, SEVERITIES, ALERT_ROLES, TEAMS, FaultKindSchema, FixKindSchema, ServiceKindSchema, SeveritySchema, AlertRoleSchema, TeamSchema, type FaultKind, type FixKind, type ServiceKind, type Severity, type AlertRole } from './catalog.js';
export { LIMITS, NATIVE_ACTIONS, NATIVE_ACTION_TYPES, NativeActionSchema, FixParamsSchema, type NativeAction, type NativeActionType, type ActionOf, type FixParams } from './actions.js';
export { AlertSchema, LastActionSchema, NativeObservationSchema, IncidentHeaderSchema, type Alert, type LastAction, type NativeObservation } from './observation.js';
export { TaskInfoSchema, DifficultySchema, TaskSourceSchema, RewardProfileSchema, type TaskInfo, type Difficulty, type RewardProfile } from './task.js';
export { ResetOptionsSchema, StepResultSchema, EpisodeStateSchema, GradeReportSchema, CriterionResultSchema, type ResetOptions, type StepResult, type EpisodeState, type GradeReport, type CriterionResult, type EnvLike } from './episode.js';
export { ERROR_CATALOGUE, ERROR_CODES, FiredrillError, validationError, type ErrorCode, type ErrorBody } from './errors.js';
