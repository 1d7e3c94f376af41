// `openenv-ts/tools`: project tooling: openenv.yaml and the validation plan, the deployment validator, the project scaffold.
import 'reflect-metadata';

export { OPENENV_YAML, YAML_COMMAND, driftMessage, findRepoRoot, generateOpenenvYaml, generatedFiles, generatedFilesDrift, loadEnvironment, openenvYamlDrift, sourceModule, writeGeneratedFiles } from './tools/openenv-yaml.js';
export * from './tools/openenv-validation.js';
export { CLI_PATH } from './tools/cli-path.js';
export { validateRuntime, formatRuntimeChecks, type RuntimeCheck } from './tools/runtime-validator.js';
export { scaffoldProject, type ScaffoldOptions } from './tools/scaffold/scaffold.js';
