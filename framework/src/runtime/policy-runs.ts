// Helpers for plugin tests and audits: load a task class without a manifest and run policies against it.
import 'reflect-metadata';
import { container as rootContainer } from 'tsyringe';
import { DEFAULT_EPISODE_POLICY, type WireObservation } from './episode-types.js';
import { Episode } from './episode.js';
import { scenarioFor } from './episode-inputs.js';
import { type EpisodePolicy } from './reward-ledger.js';
import type { RewardMode } from './reward-ledger.js';
import type { ScenarioRequest } from './scenario-address.js';
import { OpenEnvError } from '../contract/errors.js';
import type { TaskPluginClass } from '../contract/plugin-contract.js';
import { taskMetadataOf } from '../contract/task-decorator.js';
import { TaskRegistry, type RegisteredTask } from './task-registry.js';

/** Builds a RegisteredTask from a decorated class, checking the plugin contract as the loader does. */
export function registeredTaskOf(cls: TaskPluginClass, source = cls.name): RegisteredTask {
  const metadata = taskMetadataOf(cls);
  if (!metadata) throw new Error(`${cls.name} is not decorated with @Task`);
  const registry = new TaskRegistry();
  registry.add({ metadata, plugin: rootContainer.createChildContainer().resolve(cls), source });
  return registry.get(metadata.id);
}

/** Where and how to play: the scenario address (split, level, index, config) besides the seed, and the reward policy. */
export interface RunOptions extends Omit<ScenarioRequest, 'seed'> {
  readonly episodePolicy?: EpisodePolicy;
  readonly rewardMode?: RewardMode;
}

/** A policy picks the next action from the observation, or null to stop. */
export type Policy = (observation: WireObservation, stepIndex: number) => unknown | null;

export interface PolicyOutcome {
  rawScore: number;
  reportedScore: number;
  rewards: number[];
  steps: number;
  /** Actions refused by the schema (they do not count as steps). */
  refused: number;
  breakdown: Record<string, unknown>;
  episode: Episode;
}

/**
 * Runs a policy for one episode: until done, the policy returns null, or maxSteps + 5 decisions were
 * made (so a policy that keeps sending schema-invalid actions also stops). Grades the state reached.
 */
export async function runPolicy(
  task: RegisteredTask,
  seed: number,
  policy: Policy,
  options: RunOptions = {},
): Promise<PolicyOutcome> {
  const { episodePolicy, rewardMode, ...request } = options;
  const episode = await Episode.start(task, { ...request, seed, rewardMode }, episodePolicy ?? DEFAULT_EPISODE_POLICY);
  let observation = episode.observation();
  const rewards: number[] = [];
  let refused = 0;
  for (let decision = 0; decision < task.metadata.maxSteps + 5 && !episode.done; decision++) {
    const action = policy(observation, rewards.length);
    if (action === null || action === undefined) break;
    try {
      const result = await episode.step(action);
      rewards.push(result.reward ?? 0);
      observation = result.observation;
    } catch (err) {
      if (err instanceof OpenEnvError && err.code === 'INVALID_ACTION') {
        refused += 1;
        continue;
      }
      throw err;
    }
  }
  const grade = episode.grade();
  return { rawScore: grade.raw, reportedScore: grade.reported, rewards, steps: rewards.length, refused, breakdown: grade.breakdown, episode };
}

/** Runs the plugin's own reference solver on a seed (train split, first level, unless the options say otherwise). */
export async function runReferenceSolver(task: RegisteredTask, seed: number, config?: unknown, options: RunOptions = {}): Promise<PolicyOutcome> {
  const scenario = await scenarioFor(task, seed, config, options);
  const actions = [...(await task.plugin.solve(scenario))];
  task.plugin.dispose?.(scenario);
  return runPolicy(task, seed, (_obs, i) => actions[i] ?? null, { ...options, config });
}
