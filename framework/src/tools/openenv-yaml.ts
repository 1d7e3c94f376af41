// Generates a project's openenv.yaml and validation/runtime.json from its manifest and registry, and measures drift.
import 'reflect-metadata';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { container } from 'tsyringe';
import { stringify } from 'yaml';
import { MANIFEST_FILE } from '../contract/manifest.js';
import { createEnvironment, type Environment } from '../runtime/environment.js';
import type { RegisteredTask } from '../runtime/task-registry.js';
import { RUNTIME_PLAN_FILE, runtimePlanText, validationBlock } from './openenv-validation.js';

export const OPENENV_YAML = 'openenv.yaml';
export const YAML_COMMAND = 'npm run openenv:yaml';

/** The folder holding the manifest and a package.json, found upwards from `start` (the working directory by default). */
export function findRepoRoot(start: string = process.cwd()): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, MANIFEST_FILE)) && existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no ${MANIFEST_FILE} with a package.json above ${start}`);
  }
}

/**
 * The plugin module as the author wrote it, relative to the root: the loader reports compiled paths
 * (dist/plugins/x/plugin.js) when running from dist/, relative to the manifest's folder (the root).
 */
export function sourceModule(root: string, source: string): string {
  let relative = path.relative(root, path.resolve(root, source)).split(path.sep).join('/');
  const compiled = /^dist\/(.+)\.js$/.exec(relative);
  if (compiled && existsSync(path.join(root, `${compiled[1]}.ts`))) relative = `${compiled[1]}.ts`;
  return relative;
}

function taskEntry(root: string, task: RegisteredTask) {
  const { id, title, difficulty, description, maxSteps } = task.metadata;
  return {
    id,
    name: title,
    difficulty,
    description,
    max_steps: maxSteps,
    grader: { endpoint: 'POST /grader', module: sourceModule(root, task.source) },
  };
}

/**
 * The environment as a server started without OPENENV_TASK sees it: the generated files must not depend on who
 * runs the generator or with which variables.
 */
export async function loadEnvironment(root: string, manifestPath: string = path.join(root, MANIFEST_FILE)): Promise<Environment> {
  return createEnvironment({ manifestPath, env: {}, container: container.createChildContainer() });
}

/** The text of openenv.yaml for the repository at `root`: a pure function of the manifest and the plugins. */
export async function generateOpenenvYaml(root: string, env?: Environment): Promise<string> {
  const environment = env ?? (await loadEnvironment(root));
  const { manifest } = environment.loaded;
  const document = {
    spec_version: 1,
    name: manifest.name,
    version: manifest.version,
    description: manifest.description,
    type: 'space',
    // The server is TypeScript on Node.js; `app` is the Python launcher entry that starts it.
    runtime: 'node',
    app: 'server.app:main',
    port: 8000,
    default_task: manifest.default_task,
    tasks: environment.registry.list().map((task) => taskEntry(root, task)),
    // Read by `openenv validate` (RFC 008); everything in it is derived, see openenv-validation.ts in this package.
    validation: validationBlock(environment),
  };
  const header = `# OpenEnv environment descriptor. Generated from ${MANIFEST_FILE} and the task plugins by \`${YAML_COMMAND}\`; do not edit.\n`;
  return header + stringify(document, { lineWidth: 0 });
}

/** Every generated file, relative to the root, with its fresh text. */
export async function generatedFiles(root: string, manifestPath?: string): Promise<Map<string, string>> {
  const env = await loadEnvironment(root, manifestPath);
  return new Map([
    [OPENENV_YAML, await generateOpenenvYaml(root, env)],
    [RUNTIME_PLAN_FILE, await runtimePlanText(env)],
  ]);
}

/** Null when `actual` (the committed text, or null when absent) equals `expected`, else what differs and the fix. */
export function driftMessage(actual: string | null, expected: string, file: string = OPENENV_YAML): string | null {
  if (actual === null) return `${file} is missing: run \`${YAML_COMMAND}\``;
  if (actual === expected) return null;
  const a = actual.split('\n');
  const e = expected.split('\n');
  const line = a.findIndex((text, i) => text !== e[i]);
  const at = line < 0 ? e.length : line + 1;
  return `${file} is out of date with the task plugins (first difference at line ${at}: expected ${JSON.stringify(e[at - 1] ?? '')}, found ${JSON.stringify(a[at - 1] ?? '')}): run \`${YAML_COMMAND}\``;
}

/** One message per generated file that differs from a fresh generation (empty when all are current). */
export async function generatedFilesDrift(root: string, manifestPath?: string): Promise<string[]> {
  const problems: string[] = [];
  for (const [file, expected] of await generatedFiles(root, manifestPath)) {
    const full = path.join(root, file);
    const drift = driftMessage(existsSync(full) ? readFileSync(full, 'utf8') : null, expected, file);
    if (drift) problems.push(drift);
  }
  return problems;
}

/** Null when the committed openenv.yaml equals a fresh generation, else what is wrong and how to fix it. */
export async function openenvYamlDrift(root: string): Promise<string | null> {
  const file = path.join(root, OPENENV_YAML);
  const actual = existsSync(file) ? readFileSync(file, 'utf8') : null;
  return driftMessage(actual, await generateOpenenvYaml(root));
}

/** Writes every generated file under `root`; returns a one-line summary. */
export async function writeGeneratedFiles(root: string, manifestPath?: string): Promise<string> {
  for (const [file, text] of await generatedFiles(root, manifestPath)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  const yaml = readFileSync(path.join(root, OPENENV_YAML), 'utf8');
  const tasks = (yaml.match(/^ {2}- id: /gm) ?? []).length;
  return `wrote ${OPENENV_YAML} with ${tasks} task(s) and its validation block, and ${RUNTIME_PLAN_FILE}`;
}
