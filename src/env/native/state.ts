import type { GradeReport, LastAction, RewardProfile } from '../../contracts/index.js';
import type { EpisodeRecord, GroundTruth } from '../../grading/index.js';

/** Engine state of a native episode: the agent's record (which holds the world) plus bookkeeping. Plain JSON. */
export interface NativeState extends EpisodeRecord {
  task_id: string;
  seed: number;
  episode_id: string;
  reward_profile: RewardProfile;
  title: string;
  goal: string;
  incident_id: string;
  truncated: boolean;
  acknowledged: string[];
  last_action: LastAction | null;
  /** Rubric progress after the previous step (see progressOf; delta rewards are differences of it). */
  score: number;
  report: GradeReport | null;
  /** Each visible alert's state as the previous observation showed it (`firing@<fired_at>` or `resolved`), so text lists only changes. */
  shown_alerts: Record<string, string>;
  /** Derived once at reset; never leaves the process during an episode. */
  truth: GroundTruth;
}
