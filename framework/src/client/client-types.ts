// Request and reply types shared by the HTTP and WebSocket clients (reset, step and state are on both).
import type { z } from 'zod';
import type { WireObservation } from '../runtime/episode-types.js';
import type { RewardComponents, RewardMode } from '../runtime/reward-ledger.js';
import type { stateSchema } from '../contract/wire-schemas.js';

/** GET /state; inferred from the server's own wire schema so it cannot drift. Servers may add fields. */
export type EpisodeStateView = z.infer<typeof stateSchema> & { [key: string]: unknown };

/** The reply of reset and step (written by hand around the runner's WireObservation, `data` typed by the caller). */
export interface StepResponse<Data = unknown> {
  observation: WireObservation & { data: Data };
  reward: number | null;
  done: boolean;
  /** The parts of `reward` on step replies (grade change, shaping, penalties); absent on reset. */
  reward_components?: RewardComponents;
}

/** Reset kwargs (written by hand); unknown keys are passed through (OpenEnv allows extra reset kwargs). */
export interface ResetRequest {
  seed?: number | null;
  episode_id?: string | null;
  task?: string;
  config?: Record<string, unknown>;
  /** A level name or 1-based number (GET /tasks lists them); default the first. */
  level?: string | number;
  /** train (default), validation or test. */
  split?: string;
  /** With task: the task's own index in the split; without: the environment-wide Task API index. */
  index?: number;
  reward_mode?: RewardMode;
  [key: string]: unknown;
}
