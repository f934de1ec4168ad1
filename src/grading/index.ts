export {
  evaluateRubric,
  evaluateCriterion,
  weightedMean,
  lostPointsSummary,
  isGroup,
  averagePrecision,
  cohenKappa,
  weightedKappa,
  isNotApplicable,
  NOT_APPLICABLE,
  type Agreement,
  round4,
  type Criterion,
  type LeafCriterion,
  type GroupCriterion,
  type CriterionOutcome,
  type Penalty,
  type PenaltyRule,
  type Rubric,
  type RubricResult,
} from './rubric.js';
export { stepReward, progressOf } from './reward-profiles.js';
export {
  gradeNative,
  shapingOf,
  SHAPING,
  COVERAGE_PER_SERVICE,
  nativeContext,
  isMitigated,
  NATIVE_CRITERIA,
  NATIVE_WEIGHTS,
  NATIVE_PENALTIES,
  NATIVE_PENALTY_RULES,
  NATIVE_RUBRIC,
  PARTIAL_MITIGATION,
  EFFICIENCY_BUDGET,
  type NativeContext,
} from './native/rubric.js';
export { projectOutlook, OUTLOOK_MINUTES, type Outlook } from './native/outlook.js';
export { groundTruth, remediesOf, culpritOf, severityAtPage } from './native/ground-truth.js';
export { postmortemParts, POSTMORTEM_PARTS, SECTION_MIN_CHARS, mentionedMinutes, lastResolution } from './native/postmortem.js';
export { assertedFaults, assertedServices, claimedFixes, clauses, compatibleFaults, FAULT_TERMS, FIX_TERMS, mentions, namesToken } from './native/claims.js';
export type { EpisodeRecord, GroundTruth, RootTruth } from './native/record.js';
