// Request and reply types shared by the HTTP and WebSocket clients (reset, step and state are on both).
import type { z } from 'zod';
import type { WireObservation } from './episode.js';
import type { stateSchema } from './server/wire-schemas.js';

/** GET /state; inferred from the server's own wire schema so it cannot drift. Servers may add fields. */
export type EpisodeStateView = z.infer<typeof stateSchema> & { [key: string]: unknown };

/** The reply of reset and step (written by hand around the runner's WireObservation, `data` typed by the caller). */
export interface StepResponse<Data = unknown> {
  observation: WireObservation & { data: Data };
  reward: number | null;
  done: boolean;
}

/** Reset kwargs (written by hand); unknown keys are passed through (OpenEnv allows extra reset kwargs). */
export interface ResetRequest {
  seed?: number | null;
  episode_id?: string | null;
  task?: string;
  config?: Record<string, unknown>;
  [key: string]: unknown;
}
