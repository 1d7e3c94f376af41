// Generates openenv.yaml from the manifest and the task registry; `--check` fails when the committed file differs.
import 'reflect-metadata';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { container } from 'tsyringe';
import { stringify } from 'yaml';
import { MANIFEST_FILE, loadPlugins, readManifest, type RegisteredTask } from '../framework/index.js';

export const OPENENV_YAML = 'openenv.yaml';
export const YAML_COMMAND = 'npm run openenv:yaml';

/** The folder holding the manifest, found upwards from `start` (works from scripts/ and dist/scripts/). */
export function findRepoRoot(start: string = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, MANIFEST_FILE)) && existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no ${MANIFEST_FILE} with a package.json above ${start}`);
  }
}

/**
 * The plugin module as the author wrote it, relative to the root: the loader reports compiled paths
 * (dist/plugins/x/plugin.js) when running from dist/, and paths relative to the working directory.
 */
export function sourceModule(root: string, source: string): string {
  let relative = path.relative(root, path.resolve(process.cwd(), source)).split(path.sep).join('/');
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

/** The text of openenv.yaml for the repository at `root`: a pure function of the manifest and the plugins. */
export async function generateOpenenvYaml(root: string): Promise<string> {
  const loaded = readManifest(path.join(root, MANIFEST_FILE));
  const registry = await loadPlugins(loaded, container.createChildContainer());
  const { manifest } = loaded;
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
    tasks: registry.list().map((task) => taskEntry(root, task)),
  };
  const header = `# OpenEnv environment descriptor. Generated from ${MANIFEST_FILE} and the task plugins by \`${YAML_COMMAND}\`; do not edit.\n`;
  return header + stringify(document, { lineWidth: 0 });
}

/** Null when `actual` (the committed text, or null when absent) equals `expected`, else what differs and the fix. */
export function driftMessage(actual: string | null, expected: string): string | null {
  if (actual === null) return `${OPENENV_YAML} is missing: run \`${YAML_COMMAND}\``;
  if (actual === expected) return null;
  const a = actual.split('\n');
  const e = expected.split('\n');
  const line = a.findIndex((text, i) => text !== e[i]);
  const at = line < 0 ? e.length : line + 1;
  return `${OPENENV_YAML} is out of date with the task plugins (first difference at line ${at}: expected ${JSON.stringify(e[at - 1] ?? '')}, found ${JSON.stringify(a[at - 1] ?? '')}): run \`${YAML_COMMAND}\``;
}

/** Null when the committed openenv.yaml equals a fresh generation, else what is wrong and how to fix it. */
export async function openenvYamlDrift(root: string): Promise<string | null> {
  const file = path.join(root, OPENENV_YAML);
  const actual = existsSync(file) ? readFileSync(file, 'utf8') : null;
  return driftMessage(actual, await generateOpenenvYaml(root));
}

async function main(argv: string[]): Promise<number> {
  const root = findRepoRoot();
  if (argv.includes('--check')) {
    const drift = await openenvYamlDrift(root);
    if (drift) {
      process.stderr.write(`${drift}\n`);
      return 1;
    }
    process.stdout.write(`${OPENENV_YAML} is up to date\n`);
    return 0;
  }
  const text = await generateOpenenvYaml(root);
  writeFileSync(path.join(root, OPENENV_YAML), text);
  const tasks = (text.match(/^ {2}- id: /gm) ?? []).length;
  process.stdout.write(`wrote ${OPENENV_YAML} with ${tasks} task(s)\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`generate-openenv-yaml: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
