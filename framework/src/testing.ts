// `openenv-ts/testing`: helpers for plugin tests: build a task without a manifest, run policies and the reference solver offline.
import 'reflect-metadata';

export { contractProblems } from './runtime/task-registry.js';
export { registeredTaskOf, runPolicy, runReferenceSolver, type Policy, type PolicyOutcome, type RunOptions } from './runtime/policy-runs.js';
export { Episode } from './runtime/episode.js';
export { DEFAULT_EPISODE_POLICY, type EpisodeOptions, type EpisodeState, type StepResult, type WireObservation } from './runtime/episode-types.js';
export { parseAction, scenarioFor } from './runtime/episode-inputs.js';
export { playEpisode } from './runtime/play-episode.js';
