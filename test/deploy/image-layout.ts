// Lays out the Docker build context, build stage and runtime stage on disk as the Dockerfile would, without Docker.
import { cpSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  execForm,
  healthcheckParts,
  instructionsOf,
  parseDockerfile,
  stageEnvironment,
  words,
  type Stage,
} from '../../scripts/dockerfile.js';

const NPM_CI = /^npm ci\b/;

/** Reads .dockerignore as plain path patterns (the forms this repository uses: names, dirs, `**` prefixes, `*.ext`). */
function ignoreMatcher(root: string): (relative: string) => boolean {
  const file = path.join(root, '.dockerignore');
  const patterns = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('#'))
    : [];
  const negated = patterns.find((p) => p.startsWith('!'));
  if (negated) throw new Error(`.dockerignore: the exception ${negated} is not reproduced by this test`);
  const regexes = patterns.map((pattern) => {
    const parts = pattern.replace(/^\.?\//, '').replace(/\/$/, '').split('/');
    const body = parts
      .map((part) =>
        part === '**' ? '(?:[^/]+/)*' : `${part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}/`,
      )
      .join('')
      .replace(/\/$/, '');
    // A pattern that names a folder excludes everything under it.
    return new RegExp(`^${body}(?:/.*)?$`);
  });
  return (relative) => regexes.some((r) => r.test(relative));
}

/** Copies the repository as `docker build .` would send it: .dockerignore applied. */
export function buildContext(root: string, into: string): void {
  const ignored = ignoreMatcher(root);
  cpSync(root, into, {
    recursive: true,
    filter: (src) => {
      const relative = path.relative(root, src).split(path.sep).join('/');
      return relative === '' || !ignored(relative);
    },
  });
}

/**
 * Installs what `npm ci --omit=dev` would: every top-level package-lock entry not flagged dev, linked from `from`
 * (links, not copies, to keep the test fast; code in dist/ still resolves only these names).
 */
export function installProductionDependencies(lockDir: string, from: string): string[] {
  const lock = JSON.parse(readFileSync(path.join(lockDir, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; link?: boolean; resolved?: string }>;
  };
  const entries = Object.entries(lock.packages)
    .filter(([key, entry]) => key.startsWith('node_modules/') && !entry.dev)
    .filter(([key]) => !key.slice('node_modules/'.length).includes('node_modules/'));
  const topLevel = entries.map(([key]) => key);
  for (const [key, entry] of entries) {
    // A workspace package: npm links it to its folder in the image itself (e.g. node_modules/openenv-ts -> framework).
    if (entry.link && entry.resolved) {
      mkdirSync(path.dirname(path.join(lockDir, key)), { recursive: true });
      symlinkSync(path.relative(path.dirname(path.join(lockDir, key)), path.join(lockDir, entry.resolved)), path.join(lockDir, key), 'dir');
      continue;
    }
    const source = path.join(from, key);
    if (!existsSync(source)) throw new Error(`${key} is in package-lock.json but not installed: run npm ci`);
    mkdirSync(path.dirname(path.join(lockDir, key)), { recursive: true });
    symlinkSync(source, path.join(lockDir, key), 'dir');
  }
  return topLevel.map((k) => k.slice('node_modules/'.length));
}

export interface RuntimeImage {
  /** The runtime stage's WORKDIR, laid out on disk. */
  readonly dir: string;
  /** The build stage's WORKDIR after its build (the compiled repository). */
  readonly buildDir: string;
  /** The environment the container starts with (ARG defaults and ENV lines). */
  readonly env: Record<string, string>;
  readonly cmd: string[];
  readonly healthcheck: string[];
  readonly user: string | null;
  readonly productionPackages: string[];
}

function workdirOf(stage: Stage): string {
  const workdirs = instructionsOf(stage, 'WORKDIR');
  return workdirs.length > 0 ? workdirs[workdirs.length - 1]!.args : '/';
}

/** Docker's COPY: a directory's contents go into dest; a file goes to dest, or into it when dest ends with /. */
function copyInto(origin: string, dest: string, intoDir: boolean): void {
  if (!existsSync(origin)) throw new Error(`COPY ${origin}: not found (docker build would fail)`);
  if (statSync(origin).isDirectory()) cpSync(origin, dest, { recursive: true });
  else {
    const target = intoDir ? path.join(dest, path.basename(origin)) : dest;
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(origin, target);
  }
}

/** Runs one stage's COPY lines: from the context, or (--from) from another stage's directory. */
function copyStep(args: string, context: string, stageDirs: Map<string, { dir: string; workdir: string }>, into: string, workdir: string): void {
  const parts = words(args);
  const from = parts.find((p) => p.startsWith('--from='))?.slice('--from='.length);
  const rest = parts.filter((p) => !p.startsWith('--'));
  const dest = rest.pop()!;
  const destPath = path.join(into, dest.startsWith('/') ? path.relative(workdir, dest) : dest);
  const intoDir = dest.endsWith('/') || dest === '.' || rest.length > 1;
  for (const source of rest) {
    let origin: string;
    if (from) {
      const stage = stageDirs.get(from);
      if (!stage) throw new Error(`COPY --from=${from}: no such stage`);
      origin = path.join(stage.dir, source.startsWith('/') ? path.relative(stage.workdir, source) : source);
    } else {
      origin = path.join(context, source);
    }
    copyInto(origin, destPath, intoDir);
  }
}

/**
 * Reproduces the image on disk under `workDir`: context/ (the repository with .dockerignore applied), build/ (the
 * build stage: its COPY lines, dependencies linked from the repository, its RUN lines) and runtime/ (the runtime
 * stage). Refuses any instruction it cannot reproduce faithfully, so a Dockerfile change cannot slip past it.
 */
export function layOutImage(root: string, workDir: string): RuntimeImage {
  const { stages } = parseDockerfile(readFileSync(path.join(root, 'Dockerfile'), 'utf8'));
  if (stages.length < 2) throw new Error('the Dockerfile has fewer than two stages');
  const build = stages[0]!;
  const runtime = stages[stages.length - 1]!;
  const context = path.join(workDir, 'context');
  const buildDir = path.join(workDir, 'build');
  const runtimeDir = path.join(workDir, 'runtime');
  buildContext(root, context);
  mkdirSync(buildDir, { recursive: true });
  mkdirSync(runtimeDir, { recursive: true });
  const stageDirs = new Map<string, { dir: string; workdir: string }>();

  for (const { keyword, args } of build.instructions) {
    if (keyword === 'WORKDIR' || keyword === 'ENV' || keyword === 'ARG') continue;
    if (keyword === 'COPY') copyStep(args, context, stageDirs, buildDir, workdirOf(build));
    else if (keyword === 'RUN' && NPM_CI.test(args) && !/--omit=dev/.test(args)) {
      if (!existsSync(path.join(buildDir, 'node_modules'))) symlinkSync(path.join(root, 'node_modules'), path.join(buildDir, 'node_modules'), 'dir');
    } else if (keyword === 'RUN' && args === 'npm run build') {
      execFileSync('npm', ['run', 'build'], { cwd: buildDir, stdio: 'pipe' });
    } else throw new Error(`build stage: ${keyword} ${args} is not reproduced by this test`);
  }
  stageDirs.set(build.name ?? '0', { dir: buildDir, workdir: workdirOf(build) });

  let productionPackages: string[] = [];
  let user: string | null = null;
  let cmd: string[] | null = null;
  let healthcheck: string[] | null = null;
  for (const { keyword, args } of runtime.instructions) {
    switch (keyword) {
      case 'ENV':
      case 'ARG':
      case 'EXPOSE':
      case 'WORKDIR':
        break;
      case 'USER':
        user = words(args)[0] ?? null;
        break;
      case 'COPY':
        copyStep(args, context, stageDirs, runtimeDir, workdirOf(runtime));
        break;
      case 'RUN':
        if (/^npm ci\b.*--omit=dev/.test(args)) productionPackages = installProductionDependencies(runtimeDir, root);
        else throw new Error(`runtime stage: RUN ${args} is not reproduced by this test`);
        break;
      case 'HEALTHCHECK': {
        const command = healthcheckParts(args).command;
        healthcheck = command ? execForm(command) : null;
        if (!healthcheck) throw new Error('runtime stage: HEALTHCHECK needs an exec-form CMD for this test');
        break;
      }
      case 'CMD':
        cmd = execForm(args);
        if (!cmd) throw new Error('runtime stage: CMD must be exec form');
        break;
      default:
        throw new Error(`runtime stage: ${keyword} is not reproduced by this test`);
    }
  }
  if (!cmd) throw new Error('runtime stage has no CMD');
  if (!healthcheck) throw new Error('runtime stage has no HEALTHCHECK');
  return { dir: runtimeDir, buildDir, env: stageEnvironment(runtime), cmd, healthcheck, user, productionPackages };
}
