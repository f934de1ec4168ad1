export { FAULT_KINDS, FIX_KINDS, SERVICE_KINDS, SEVERITIES, ALERT_ROLES, TEAMS, FaultKindSchema, FixKindSchema, ServiceKindSchema, SeveritySchema, AlertRoleSchema, TeamSchema, type FaultKind, type FixKind, type ServiceKind, type Severity, type AlertRole } from './catalog.js';
export { TECHNOLOGIES, TechnologySchema, type Technology } from './technology.js';
export { LIMITS, TRIAGE_RULES, DIAGNOSE_RULE, NATIVE_ACTIONS, NATIVE_ACTION_TYPES, NativeActionSchema, FixParamsSchema, type NativeAction, type NativeActionType, type ActionOf, type FixParams } from './actions.js';
export { AlertSchema, LastActionSchema, NativeObservationSchema, NativeObservationResultsSchema, IncidentHeaderSchema, type Alert, type LastAction, type NativeObservation } from './observation.js';
export { TaskInfoSchema, DifficultySchema, TaskSourceSchema, RewardProfileSchema, type TaskInfo, type Difficulty, type RewardProfile } from './task.js';
export { ResetOptionsSchema, StepResultSchema, EpisodeStateSchema, GradeReportSchema, CriterionResultSchema, type ResetOptions, type StepResult, type EpisodeState, type GradeReport, type CriterionResult, type EnvLike } from './episode.js';
export { ERROR_CATALOGUE, ERROR_CODES, FiredrillError, validationError, type ErrorCode, type ErrorBody } from './errors.js';
export { UsageSchema, ZERO_USAGE, TurnErrorSchema, EpisodeEndStatusSchema, FAILED_END_STATUSES, TrajectoryHeaderSchema, TrajectoryStepSchema, TrajectoryEndSchema, TrajectoryLineSchema, type Usage, type TurnError, type EpisodeEndStatus, type TrajectoryHeader, type TrajectoryStep, type TrajectoryEnd, type Trajectory } from './trajectory.js';
export { type ActionTool, actionToolsOf, inputJsonSchemaOf, toolSpecOf, RESERVED_TOOL_NAMES, GENERIC_TOOL_NAME, TOOL_FORMATS, ToolFormatSchema, type ToolFormat, type ToolSpec, type OpenAiTool, type AnthropicTool, type McpTool, type FormattedTool, formatTools } from './tools.js';
export { sampleNativeAction, type ActionChoices, type RandomSource } from './sample-action.js';
export { jsonSchemaOf, withoutDialect, type JsonSchema, type JsonSchemaTarget } from './json-schema.js';
export {
  READ_RESULT_SCHEMAS,
  ServiceListResultSchema,
  DependenciesResultSchema,
  LogsResultSchema,
  LogLineSchema,
  MetricsResultSchema,
  MetricSummarySchema,
  TracesResultSchema,
  SpanViewSchema,
  DeploysResultSchema,
  ConfigResultSchema,
  SearchResultSchema,
  SearchHitSchema,
  HealthResultSchema,
  EdgeViewSchema,
  type ReadAction,
  type ReadResult,
  type ServiceListResult,
  type DependenciesResult,
  type LogsResult,
  type LogLine,
  type MetricsResult,
  type MetricSummary,
  type TracesResult,
  type SpanView,
  type DeploysResult,
  type ConfigResult,
  type SearchResult,
  type SearchHit,
  type HealthResult,
  type EdgeView,
} from './results.js';
