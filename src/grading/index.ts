export { evaluateRubric, averagePrecision, round4, type Criterion, type Penalty, type RubricResult } from './rubric.js';
export { stepReward } from './reward-profiles.js';
export { gradeNative, isMitigated, NATIVE_CRITERIA, NATIVE_WEIGHTS, NATIVE_PENALTIES, nativePenalties, type NativeContext } from './native/rubric.js';
export { groundTruth, remediesOf } from './native/ground-truth.js';
export { gradePostmortem, FAULT_TERMS, mentionedMinutes } from './native/postmortem.js';
export type { EpisodeRecord, GroundTruth, RootTruth } from './native/record.js';
