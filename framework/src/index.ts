// `openenv-ts`: what a plugin author needs (the contract, @Task, Rng, helpers, errors, the episode runtime, policy
// runners for tests) and the HTTP/WebSocket clients. Nothing here loads the HTTP server (fastify).
import 'reflect-metadata';

export { Task, taskMetadataOf } from './contract/task-decorator.js';
export { TOKENS } from './contract/tokens.js';
export { actionVariant } from './contract/action-helpers.js';
export { Rng } from './contract/seeded-random.js';
export type { CorrectionPolicy, Difficulty, Grade, ScenarioContext, SplitName, TaskLevel, TaskMetadata, TaskPlugin, TaskPluginClass, TaskView, Transition } from './contract/plugin-contract.js';
export { DIFFICULTIES, SPLIT_NAMES } from './contract/plugin-contract.js';
export { CATALOGUE_SIZE, familiesOf, levelsOf, partitionFamilies, splitsOf } from './contract/scenario-catalogue.js';
export { canonicalJson, contentDigest } from './contract/canonical-json.js';
export { OpenEnvError, ERROR_CODES, type ErrorCode } from './contract/errors.js';
export { DEFAULT_SCORE_BOUNDS, reportScore, type ScoreBounds } from './contract/score-bounds.js';
export { manifestSchema, readManifest, parseManifest, MANIFEST_FILE, type Manifest, type LoadedManifest } from './contract/manifest.js';
export { resolveScenario, type ResolvedScenario, type ScenarioRequest } from './runtime/scenario-address.js';
export { MAX_POTENTIAL, REWARD_MODES, stepRewardRange, type EpisodePolicy, type RewardComponents, type RewardMode } from './runtime/reward-ledger.js';
export { TaskRegistry, type RegisteredTask } from './runtime/task-registry.js';
export { Episode } from './runtime/episode.js';
export { DEFAULT_EPISODE_POLICY, type EpisodeOptions, type EpisodeState, type StepResult, type WireObservation } from './runtime/episode-types.js';
export { parseAction, scenarioFor } from './runtime/episode-inputs.js';
export { playEpisode } from './runtime/play-episode.js';
export { loadPlugins } from './runtime/plugin-loader.js';
export { createEnvironment, type Environment, type EnvironmentOptions } from './runtime/environment.js';
export { registeredTaskOf, runPolicy, runReferenceSolver, type Policy, type PolicyOutcome, type RunOptions } from './runtime/policy-runs.js';
export { registerPoolGauge, poolLoads, type PoolLoad } from './runtime/pool-gauges.js';
export { JobWorkerThread, type JobReply, type JobStart, type JobWorkerThreadOptions } from './runtime/job-worker-thread.js';
export { WorkerSlots, retryAfterSecondsFor } from './runtime/worker-slots.js';
export * from './client.js';
