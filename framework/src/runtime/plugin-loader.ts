// Resolves the manifest's plugin globs, imports each module and registers the tasks it declares.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { glob } from 'glob';
import type { DependencyContainer } from 'tsyringe';
import { OpenEnvError, describeError } from '../contract/errors.js';
import type { LoadedManifest } from '../contract/manifest.js';
import type { TaskPluginClass } from '../contract/plugin-contract.js';
import { declarationMark, declaredSince, taskMetadataOf } from '../contract/task-decorator.js';
import { TaskRegistry } from './task-registry.js';

/**
 * True when this framework runs as compiled JavaScript (its installed dist/), as under plain `node`, which cannot
 * import a .ts plugin module: the project's compiled copy is loaded instead. Under a TypeScript-aware runner
 * (vitest with the framework's sources) .ts modules are imported as written.
 */
const runningCompiled = fileURLToPath(import.meta.url).endsWith('.js');

/** Module URL -> the task classes it declared; ESM caches modules, so a second load must reuse this. */
const classesByModule = new Map<string, TaskPluginClass[]>();

const ALWAYS_IGNORED = ['**/*.test.*', '**/*.d.ts', '**/node_modules/**'];

/** Where a project keeps its sources and their compiled copy (tsc with rootDir "." and outDir "dist"). */
interface ProjectLayout {
  readonly root: string;
  readonly dist: string;
}

/**
 * The project a manifest belongs to: the nearest folder at or above it with a package.json, whose dist/ holds the
 * compiled plugins. So manifests anywhere inside the project work compiled, not only at its root.
 */
export function projectLayoutOf(manifestDir: string): ProjectLayout | null {
  for (let dir = path.resolve(manifestDir); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return { root: dir, dist: path.join(dir, 'dist') };
    if (path.dirname(dir) === dir) return null;
  }
}

/**
 * A pattern relative to the manifest, rewritten relative to the project's dist/ with .ts made .js; null when it
 * points outside the project.
 */
function toDistRelative(pattern: string, manifestDir: string, project: ProjectLayout): string | null {
  const relative = path.relative(project.root, path.resolve(manifestDir, pattern));
  if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return relative.split(path.sep).join('/').replace(/\.ts$/, '.js');
}

/** The .ts file a compiled dist/x.js was built from (tsc with rootDir "." and outDir "dist"). */
function sourceOfCompiled(file: string, project: ProjectLayout): string {
  return path.join(project.root, path.relative(project.dist, file)).replace(/\.js$/, '.ts');
}

/**
 * Refuses a build that does not match the sources. tsc never deletes output, so a plugin deleted or renamed in
 * the sources lives on in dist/ and would be served (or clash with its new name as DUPLICATE_TASK); a plugin
 * added but not yet compiled would be silently missing. Both name the files involved and say how to fix them.
 * Checked only where the sources are present, so a compiled-only deployment (the Docker image) still loads.
 */
function checkBuildMatchesSources(compiled: string[], sources: string[], project: ProjectLayout, manifestDir: string): void {
  const show = (file: string) => path.relative(manifestDir, file).split(path.sep).join('/');
  for (const file of compiled) {
    const source = sourceOfCompiled(file, project);
    if (!existsSync(source)) {
      throw new OpenEnvError(
        'STALE_BUILD',
        `${show(file)}: compiled plugin module whose source ${show(source)} no longer exists (deleted or renamed); ` +
          `delete ${show(file)} (or the whole dist/ folder) and rebuild`,
        { source: show(source), compiled: show(file) },
      );
    }
  }
  const built = new Set(compiled.map((file) => sourceOfCompiled(file, project)));
  for (const source of sources) {
    if (!built.has(source)) {
      const expected = path.join(project.dist, path.relative(project.root, source)).replace(/\.ts$/, '.js');
      throw new OpenEnvError(
        'STALE_BUILD',
        `${show(source)}: plugin source has no compiled copy (${show(expected)} is missing); run the build (npm run build) first`,
        { source: show(source), compiled: show(expected) },
      );
    }
  }
}

/** The files a pattern names: the project's compiled .js under dist/ when running compiled, else the pattern as written. */
async function resolvePattern(pattern: string, manifestDir: string, exclude: string[]): Promise<string[]> {
  const project = runningCompiled ? projectLayoutOf(manifestDir) : null;
  const sources = () => glob(pattern, { cwd: manifestDir, absolute: true, nodir: true, ignore: [...ALWAYS_IGNORED, ...exclude] });
  if (project && pattern.endsWith('.ts')) {
    const compiled = toDistRelative(pattern, manifestDir, project);
    if (compiled) {
      const ignore = exclude.map((p) => toDistRelative(p, manifestDir, project) ?? p);
      const files = await glob(compiled, { cwd: project.dist, absolute: true, nodir: true, ignore: [...ALWAYS_IGNORED, ...ignore] });
      if (files.length > 0) {
        // A deployment that ships only dist/ (the Docker image) has no sources to compare with: nothing to check.
        const written = await sources();
        if (written.length > 0) checkBuildMatchesSources(files, written, project, manifestDir);
        return files;
      }
    }
  }
  return sources();
}

/**
 * The module's path as the author wrote it, relative to the manifest: a compiled dist/x.js is reported as the
 * x.ts it came from, so errors, /tasks and openenv.yaml name the same file in every mode.
 */
function sourcePathOf(file: string, manifestDir: string): string {
  let absolute = file;
  const project = runningCompiled ? projectLayoutOf(manifestDir) : null;
  if (project && !path.relative(project.dist, file).startsWith('..') && file.endsWith('.js')) {
    absolute = path.join(project.root, path.relative(project.dist, file)).replace(/\.js$/, '.ts');
  }
  return path.relative(manifestDir, absolute).split(path.sep).join('/');
}

async function importTaskClasses(file: string): Promise<TaskPluginClass[]> {
  const url = pathToFileURL(file).href;
  const cached = classesByModule.get(url);
  if (cached) return cached;
  const mark = declarationMark();
  await import(url);
  const classes = declaredSince(mark);
  classesByModule.set(url, classes);
  return classes;
}

/**
 * Loads every plugin module the manifest names into a new registry. Refuses, with the file named, a
 * module that fails to import, a class that cannot be built or breaks the contract, and duplicate ids.
 */
export async function loadPlugins(loaded: LoadedManifest, container: DependencyContainer): Promise<TaskRegistry> {
  const registry = new TaskRegistry();
  const files = new Set<string>();
  for (const pattern of loaded.manifest.plugins) {
    for (const file of (await resolvePattern(pattern, loaded.dir, loaded.manifest.exclude)).sort()) files.add(file);
  }
  for (const file of files) {
    const source = sourcePathOf(file, loaded.dir);
    let classes: TaskPluginClass[];
    try {
      classes = await importTaskClasses(file);
    } catch (err) {
      throw new OpenEnvError('PLUGIN_LOAD_FAILED', `${source}: failed to import plugin module: ${describeError(err)}`, {
        source,
      }, { cause: err });
    }
    for (const cls of classes) {
      let plugin: unknown;
      try {
        plugin = container.resolve(cls);
      } catch (err) {
        throw new OpenEnvError('PLUGIN_CONTRACT', `${source}: cannot construct task class ${cls.name}: ${describeError(err)}`, {
          source,
        }, { cause: err });
      }
      registry.add({ metadata: taskMetadataOf(cls)!, plugin: plugin as never, source });
    }
  }
  if (registry.list().length === 0) {
    throw new OpenEnvError(
      'NO_TASKS',
      `${loaded.file}: the plugin patterns ${JSON.stringify(loaded.manifest.plugins)} matched ${files.size} module(s) and none declared a @Task`,
    );
  }
  return registry;
}
