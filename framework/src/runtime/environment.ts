// Start-up: reads the manifest, loads the plugins into a registry and settles the default task and policies.
import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import type { EpisodePolicy } from './reward-ledger.js';
import { OpenEnvError } from '../contract/errors.js';
import { MANIFEST_FILE, readManifest, type LoadedManifest } from '../contract/manifest.js';
import { loadPlugins } from './plugin-loader.js';
import type { TaskRegistry } from './task-registry.js';
import { TOKENS } from '../contract/tokens.js';
import { developmentChecksEnabled } from './plugin-schema-checks.js';

/** Everything the transports need, built once at start-up. */
export interface Environment {
  readonly loaded: LoadedManifest;
  readonly registry: TaskRegistry;
  readonly defaultTask: string;
  readonly policy: EpisodePolicy;
  readonly readme: string | null;
  readonly container: DependencyContainer;
}

export interface EnvironmentOptions {
  /** Path of openenv.plugins.json; default: OPENENV_MANIFEST, else ./openenv.plugins.json. */
  readonly manifestPath?: string;
  /** Process environment to read OPENENV_TASK from (tests pass their own). */
  readonly env?: NodeJS.ProcessEnv;
  /** Parent container; a child is made so tests never share registrations. */
  readonly container?: DependencyContainer;
}

export function defaultManifestPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.OPENENV_MANIFEST ?? MANIFEST_FILE);
}

/** Loads the manifest and plugins; throws an OpenEnvError naming the file and field on any problem. */
export async function createEnvironment(options: EnvironmentOptions = {}): Promise<Environment> {
  const env = options.env ?? process.env;
  const loaded = readManifest(options.manifestPath ?? defaultManifestPath(env));
  const container = (options.container ?? rootContainer).createChildContainer();
  // Plugins are built by this container, so their constructors may take framework services by token.
  container.registerInstance(TOKENS.Manifest, loaded);
  const registry = await loadPlugins(loaded, container);

  const requested = env.OPENENV_TASK?.trim();
  const defaultTask = requested ? requested : loaded.manifest.default_task;
  if (!registry.has(defaultTask)) {
    const from = requested ? 'OPENENV_TASK' : `${loaded.file}: field "default_task"`;
    try {
      registry.get(defaultTask);
    } catch (err) {
      throw new OpenEnvError('UNKNOWN_TASK', `${from}: ${(err as Error).message}`, (err as OpenEnvError).details);
    }
  }

  const readmePath = path.join(loaded.dir, 'README.md');
  const readme = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : null;
  const { score_bounds: scoreBounds, rewards } = loaded.manifest;
  const policy: EpisodePolicy = {
    scoreBounds,
    invalidActionPenalty: rewards.invalid_action_penalty,
    repeatActionPenalty: rewards.repeat_action_penalty,
    checkObservations: developmentChecksEnabled(env),
  };
  return { loaded, registry, defaultTask, policy, readme, container };
}
