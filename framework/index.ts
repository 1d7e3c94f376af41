// The public API of the framework: everything a plugin author or an embedding application imports.
import 'reflect-metadata';

export { Task, taskMetadataOf } from './task-decorator.js';
export { TOKENS } from './tokens.js';
export { actionVariant } from './action-helpers.js';
export { Rng } from './seeded-random.js';
export type { CorrectionPolicy, Difficulty, Grade, ScenarioContext, SplitName, TaskLevel, TaskMetadata, TaskPlugin, TaskPluginClass, TaskView, Transition } from './plugin-contract.js';
export { SPLIT_NAMES } from './plugin-contract.js';
export { CATALOGUE_SIZE, familiesOf, levelsOf, partitionFamilies, splitsOf } from './scenario-catalogue.js';
export { resolveScenario, type ResolvedScenario, type ScenarioRequest } from './scenario-address.js';
export { MAX_POTENTIAL, REWARD_MODES, type RewardComponents, type RewardMode } from './reward-ledger.js';
export { canonicalJson, contentDigest } from './canonical-json.js';
export { TaskRegistry, type RegisteredTask } from './task-registry.js';
export { OpenEnvError, ERROR_CODES, type ErrorCode } from './errors.js';
export { registerPoolGauge, type PoolLoad } from './pool-gauges.js';
export { DEFAULT_SCORE_BOUNDS, reportScore, type ScoreBounds } from './score-bounds.js';
export { Episode, playEpisode, parseAction, scenarioFor, DEFAULT_EPISODE_POLICY, type EpisodePolicy, type EpisodeState, type StepResult, type WireObservation } from './episode.js';
export { manifestSchema, readManifest, parseManifest, MANIFEST_FILE, type Manifest, type LoadedManifest } from './manifest.js';
export { loadPlugins } from './plugin-loader.js';
export { registeredTaskOf, runPolicy, runReferenceSolver, type Policy, type PolicyOutcome, type RunOptions } from './testing.js';
export {
  OpenEnvHttpClient,
  OpenEnvHttpError,
  SESSION_HEADER_NAME,
  type EnvMetadata,
  type GradeReport,
  type GraderRequest,
  type HttpClientOptions,
  type JsonSchemaObject,
  type SchemaResponse,
  type TaskInfo,
  type TaskList,
  type ValidationProblem,
} from './http-client.js';
export { OpenEnvWsClient, OpenEnvWsError, webSocketUrlOf, type WsClientOptions } from './ws-client.js';
export type { EpisodeStateView, ResetRequest, StepResponse } from './client-types.js';
// Embedding: build the environment and serve it from your own program, audit graders, check a deployment.
export { createEnvironment, type Environment, type EnvironmentOptions } from './environment.js';
export { buildServer, type BuiltServer, type ServerOptions } from './server/app.js';
export { serve, type ListenOptions } from './serve.js';
export { closeGracefully, DEFAULT_SHUTDOWN_GRACE_MS } from './server/graceful-shutdown.js';
export { auditTask, formatAudit, DEFAULT_AUDIT_THRESHOLDS, type AuditThresholds, type TaskAudit, type PolicyStats } from './grader-audit.js';
export { validateRuntime, formatRuntimeChecks, type RuntimeCheck } from './runtime-validator.js';
