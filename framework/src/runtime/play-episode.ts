// Plays a whole episode from a list of actions, offline: the grader audit, tests and POST /grader replays use it.
import { OpenEnvError } from '../contract/errors.js';
import { Episode } from './episode.js';
import { DEFAULT_EPISODE_POLICY, type EpisodeOptions } from './episode-types.js';
import type { EpisodePolicy } from './reward-ledger.js';
import type { RegisteredTask } from './task-registry.js';

/** Plays a whole episode offline (no server): used by tests, the grader audit and POST /grader replays. */
export async function playEpisode(
  task: RegisteredTask,
  options: EpisodeOptions & { actions: readonly unknown[]; yieldEvery?: number },
  policy: EpisodePolicy = DEFAULT_EPISODE_POLICY,
): Promise<{ episode: Episode; rewards: number[]; invalid: number }> {
  const episode = await Episode.start(task, options, policy);
  const rewards: number[] = [];
  let invalid = 0;
  let played = 0;
  for (const action of options.actions) {
    if (episode.done) break;
    // A server's replay gives other requests a turn now and then: plugin steps are mostly synchronous.
    if (options.yieldEvery && ++played % options.yieldEvery === 0) await new Promise((resolve) => setImmediate(resolve));
    try {
      rewards.push((await episode.step(action)).reward ?? 0);
    } catch (err) {
      if (err instanceof OpenEnvError && err.code === 'INVALID_ACTION') {
        invalid += 1;
        continue;
      }
      episode.dispose();
      throw err;
    }
  }
  return { episode, rewards, invalid };
}
