// The shapes an episode produces (observation, step result, state) and the default reward policy.
import type { SplitName } from '../contract/plugin-contract.js';
import { DEFAULT_SCORE_BOUNDS } from '../contract/score-bounds.js';
import type { EpisodePolicy, RewardComponents, RewardMode } from './reward-ledger.js';
import type { ScenarioRequest } from './scenario-address.js';

export type { EpisodePolicy } from './reward-ledger.js';

export const DEFAULT_EPISODE_POLICY: EpisodePolicy = Object.freeze({
  scoreBounds: DEFAULT_SCORE_BOUNDS,
  invalidActionPenalty: 0.05,
  repeatActionPenalty: 0.02,
});

export interface EpisodeOptions extends ScenarioRequest {
  readonly episodeId?: string | null;
  /** Default "dense". */
  readonly rewardMode?: RewardMode | null;
}

/** The observation as it goes on the wire (never holds reward, done or metadata: those are lifted out). */
export interface WireObservation {
  task_id: string;
  prompt: string;
  data: unknown;
  feedback: string | null;
  last_action_error: string | null;
  step_count: number;
  max_steps: number;
  /** Corrections left this episode when the task budgets them, else null. */
  corrections_left: number | null;
  /** The reported (bounded) final score once the episode is done, else null. */
  score: number | null;
}

export interface StepResult {
  observation: WireObservation;
  reward: number | null;
  done: boolean;
  /** The parts of `reward` (absent on reset): grade change, shaping and penalties; they sum to `reward`. */
  reward_components?: RewardComponents;
}

/**
 * The episode state served by /state. Facts that identify the scenario (seed, index, digest) and the grade
 * are null while the episode runs, so nothing an agent can read lets it find or rehearse its scenario.
 */
export interface EpisodeState {
  episode_id: string;
  step_count: number;
  task_id: string;
  level: string;
  split: SplitName;
  reward_mode: RewardMode;
  max_steps: number;
  done: boolean;
  truncated: boolean;
  cumulative_reward: number;
  reward_totals: (RewardComponents & { return: number }) | null;
  last_action_error: string | null;
  seed: number | null;
  index: number | null;
  scenario_digest: string | null;
  raw_score: number | null;
  score: number | null;
  grade_breakdown: Record<string, unknown> | null;
}
