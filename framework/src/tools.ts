// `openenv-ts/tools`: project tooling: openenv.yaml and the validation plan, the deployment validator, the project scaffold.
import 'reflect-metadata';

export { OPENENV_YAML, YAML_COMMAND, driftMessage, findRepoRoot, generateOpenenvYaml, generatedFiles, generatedFilesDrift, loadEnvironment, openenvYamlDrift, sourceModule, writeGeneratedFiles } from './tools/openenv-yaml.js';
export * from './tools/openenv-validation.js';
export { CLI_PATH } from './tools/cli-path.js';
export { validateRuntime, formatRuntimeChecks, type RuntimeCheck } from './tools/runtime-validator.js';
export { scaffoldProject, type ScaffoldOptions } from './tools/scaffold/scaffold.js';
export { collect, type CollectOptions, type CollectPolicy, type CollectSummary } from './trajectories/collect.js';
export { collectCommand, DATASET_USAGE, DatasetUsageError, exportCommand, replayCommand } from './trajectories/commands.js';
export { chatMessages, METADATA_FILE, RESULTS_FILE, resultTaskOf, toOpenEnvResult, TRAJECTORIES_FILE, type OpenEnvResultLine } from './trajectories/export.js';
export { formatReplay, readRecords, replayRecord, summarize, type ReplayOutcome } from './trajectories/replay.js';
export { isTrajectoryRecord, TRAJECTORY_FORMAT, type TrajectoryRecord } from './trajectories/trajectory-record.js';
