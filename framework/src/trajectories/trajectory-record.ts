// The trajectory record: one played episode as data (its scenario address, versions, and per step action, observation, reward).
import type { WireObservation } from '../runtime/episode-types.js';
import type { RewardComponents } from '../runtime/reward-ledger.js';

/** Marks a JSON line as a trajectory record of this framework (replay reads only lines that carry it). */
export const TRAJECTORY_FORMAT = 'openenv-ts.trajectory/1';

/**
 * One episode. `observations[0]` is what reset returned and `observations[i]` what step i returned, so the
 * arrays are the plain RL shape: observations has one more entry than actions, rewards and errors.
 */
export interface TrajectoryRecord {
  format: typeof TRAJECTORY_FORMAT;
  episode_id: string;
  task_id: string;
  level: string;
  split: string;
  /** The catalogue index played, and the seed the reset asked for (equal to the index when it asked none). */
  index: number;
  seed: number;
  /** The config the episode ran with (the level's preset plus any override), as parsed. */
  config: unknown;
  /** sha256 of the scenario's canonical JSON: a replay refuses a record whose address no longer gives it. */
  scenario_digest: string;
  framework_version: string;
  grader_version: string;
  reward_mode: string;
  observations: WireObservation[];
  actions: unknown[];
  rewards: number[];
  reward_components: RewardComponents[];
  /** The task's refusal of each step's action (`last_action_error`), or null. */
  errors: (string | null)[];
  done: boolean;
  truncated: boolean;
  /** The final grade (null when the episode did not finish). */
  raw_score: number | null;
  score: number | null;
  grade_breakdown: Record<string, unknown> | null;
  explanation: string | null;
  /** The sum of rewards. */
  return: number;
  /** Set when the record stopped keeping steps at the bound (the episode went on; the record is partial). */
  clipped_steps: number;
  recorded_at: string;
}

/** Whether a parsed JSON value is a trajectory record of this format. */
export function isTrajectoryRecord(value: unknown): value is TrajectoryRecord {
  return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === TRAJECTORY_FORMAT;
}
