// The image's runtime stage, the Python launcher and the npm-script CLIs really start and answer, from built copies.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../helpers/free-port.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatFindings } from '../../scripts/check-project.js';
import { driftMessage, generateOpenenvYaml } from 'openenv-ts/tools';
import { checkProjectFiles, type Finding } from '../../scripts/project-checks.js';
import { layOutImage, type RuntimeImage } from './image-layout.js';

const root = path.resolve(import.meta.dirname, '../..');
const python = ['python3', 'python'].find((cmd) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0) ?? null;

let workDir: string;
let image: RuntimeImage;
/** A copy of the repository (sources, launcher, compiled dist/) laid out as a user's clone after `npm run build`. */
let repoCopy: string;
let expectedTaskIds: string[];
const children: ChildProcess[] = [];
const extraPids: number[] = [];

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns a process in its own process group (so the whole tree can be killed) and records its output. */
function start(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Started {
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => text, exited };
}

/** Polls GET /health until it answers {"status":"healthy"}; returns the milliseconds it took. */
async function waitHealthy(port: number, started: Started, limitMs = 20_000): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < limitMs) {
    if (started.child.exitCode !== null || started.child.signalCode !== null) {
      throw new Error(`the server exited before answering /health:\n${started.output()}`);
    }
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) });
      if (response.status === 200 && ((await response.json()) as { status?: string }).status === 'healthy') return Date.now() - t0;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`/health did not answer within ${limitMs} ms:\n${started.output()}`);
}

async function getJson(port: number, route: string, init?: RequestInit): Promise<{ status: number; body: any }> {
  const response = await fetch(`http://127.0.0.1:${port}${route}`, init);
  return { status: response.status, body: await response.json() };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The container's environment: only what the image sets, plus PATH to find no tools beyond node. */
function containerEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, ...image.env, ...extra };
}

/** The framework's command as npm installs it in a project (here the workspace link). */
const CLI = 'node_modules/openenv-ts/dist/tools/cli.js';

beforeAll(async () => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'openenv-deploy-'));
  image = layOutImage(root, workDir);
  expectedTaskIds = (parse(await generateOpenenvYaml(root)) as { tasks: { id: string }[] }).tasks.map((t) => t.id);

  repoCopy = path.join(workDir, 'repo');
  const skip = new Set(['node_modules', 'dist', '.git']);
  cpSync(root, repoCopy, { recursive: true, filter: (src) => !(path.dirname(src) === root && skip.has(path.basename(src))) });
  symlinkSync(path.join(root, 'node_modules'), path.join(repoCopy, 'node_modules'), 'dir');
  cpSync(path.join(image.buildDir, 'dist'), path.join(repoCopy, 'dist'), { recursive: true });
}, 300_000);

afterAll(() => {
  for (const child of children) {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  for (const pid of extraPids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('Docker runtime stage, reproduced on disk from the Dockerfile', () => {
  it('holds only production dependencies, compiled output, the manifest and README', () => {
    expect(image.user).not.toBeNull();
    expect(['root', '0']).not.toContain(image.user);
    expect(image.productionPackages).toEqual(expect.arrayContaining(['fastify', 'zod', 'tsyringe']));
    // Dev-only is what the lockfile marks dev (a package some production dependency needs, such as happy-dom's
    // @types/node, is production by definition).
    const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
    const devOnly = Object.entries(lock.packages)
      .filter(([key, entry]) => entry.dev === true && /^node_modules\/(@[^/]+\/)?[^/]+$/.test(key))
      .map(([key]) => key.slice('node_modules/'.length));
    expect(devOnly).toEqual(expect.arrayContaining(['typescript', 'vitest']));
    for (const dev of devOnly) expect(image.productionPackages).not.toContain(dev);
    const top = readdirSync(image.dir).sort();
    expect(top).toEqual(['README.md', 'dist', 'framework', 'node_modules', 'openenv.plugins.json', 'package-lock.json', 'package.json']);
    // The framework workspace holds its manifest and compiled code only.
    expect(readdirSync(path.join(image.dir, 'framework')).sort()).toEqual(['dist', 'package.json']);
    const sources = ['dist', 'framework/dist'].flatMap((dir) => readdirSync(path.join(image.dir, dir), { recursive: true, encoding: 'utf8' })).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.d.ts'),
    );
    expect(sources).toEqual([]);
  });

  it('starts with its CMD and ENV, answers /health within a few seconds with every plugin loaded', async () => {
    const port = await freePort();
    const [command, ...args] = image.cmd;
    expect(command).toBe('node');
    const server = start(process.execPath, args, { cwd: image.dir, env: containerEnv({ PORT: String(port) }) });
    const ms = await waitHealthy(port, server);
    expect(ms).toBeLessThan(10_000);

    const tasks = await getJson(port, '/tasks');
    expect(tasks.body.tasks.map((t: { id: string }) => t.id)).toEqual(expectedTaskIds);
    expect((await getJson(port, '/reset', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(200);
    const metadata = await getJson(port, '/metadata');
    expect(metadata.body.readme_content).toBe(readFileSync(path.join(image.dir, 'README.md'), 'utf8'));

    const [probe, ...probeArgs] = image.healthcheck;
    expect(probe).toBe('node');
    const healthy = spawnSync(process.execPath, probeArgs, { cwd: image.dir, env: containerEnv({ PORT: String(port) }), encoding: 'utf8' });
    expect(healthy.status).toBe(0);

    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    const unhealthy = spawnSync(process.execPath, probeArgs, { cwd: image.dir, env: containerEnv({ PORT: String(port) }), encoding: 'utf8' });
    expect(unhealthy.status).toBe(1);
    expect(unhealthy.stderr).toContain(`healthcheck: http://127.0.0.1:${port}/health did not answer`);
  });

  it('passes OPENENV_TASK through to the default task', async () => {
    const port = await freePort();
    const task = expectedTaskIds[expectedTaskIds.length - 1]!;
    const server = start(process.execPath, image.cmd.slice(1), { cwd: image.dir, env: containerEnv({ PORT: String(port), OPENENV_TASK: task }) });
    await waitHealthy(port, server);
    expect((await getJson(port, '/tasks')).body.default_task).toBe(task);
    server.child.kill('SIGTERM');
    await server.exited;
  });
});

describe.skipIf(python === null)(`server/app.py launched with Python${python === null ? ' (skipped: no python3 on PATH)' : ''}`, () => {
  it('starts the Node server, answers /health, and forwards SIGTERM and the exit code', async () => {
    const port = await freePort();
    const launcher = start(python!, [path.join(repoCopy, 'server/app.py')], { cwd: os.tmpdir(), env: { ...process.env, PORT: String(port) } });
    await waitHealthy(port, launcher);
    const nodePid = Number(/started the Node server \(pid (\d+)\)/.exec(launcher.output())?.[1]);
    expect(nodePid).toBeGreaterThan(0);
    extraPids.push(nodePid);
    expect(alive(nodePid)).toBe(true);

    launcher.child.kill('SIGTERM');
    expect(await launcher.exited).toEqual({ code: 0, signal: null });
    expect(alive(nodePid)).toBe(false);
  });

  it('exits with the server exit code when the server cannot start', async () => {
    const port = await freePort();
    const launcher = start(python!, [path.join(repoCopy, 'server/app.py')], {
      cwd: os.tmpdir(),
      env: { ...process.env, PORT: String(port), OPENENV_TASK: 'no-such-task' },
    });
    expect(await launcher.exited).toEqual({ code: 1, signal: null });
    expect(launcher.output()).toContain('openenv-ts: cannot start: UNKNOWN_TASK');
  });

  it('says what to run when the repository is neither installed nor built', () => {
    const bare = path.join(workDir, 'bare');
    mkdirSync(path.join(bare, 'server'), { recursive: true });
    for (const file of ['server/app.py', 'package.json', 'openenv.plugins.json']) cpSync(path.join(root, file), path.join(bare, file));
    const result = spawnSync(python!, [path.join(bare, 'server/app.py')], { encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `server/app.py: node_modules/openenv-ts/dist/tools/cli.js is missing and the Node dependencies are not installed: run \`npm ci\` then \`npm run build\` in ${bare}`,
    );
  });
});

describe('npm-script CLIs run from compiled output', () => {
  it('check-project prints the same findings as the checks and exits 1 only on a fail verdict', async () => {
    const result = spawnSync(process.execPath, ['dist/scripts/check-project.js'], { cwd: repoCopy, encoding: 'utf8', timeout: 60_000 });
    // The copy's plugins register with the copy's framework module, so its drift is computed from this repository's
    // registry (same plugin files, same relative paths) rather than by loading the copy in this process.
    const drift = driftMessage(readFileSync(path.join(repoCopy, 'openenv.yaml'), 'utf8'), await generateOpenenvYaml(root));
    const findings: Finding[] = [...checkProjectFiles(repoCopy), ...(drift ? [{ level: 'error' as const, file: 'openenv.yaml', message: drift }] : [])];
    expect(result.stdout).toBe(`${formatFindings(repoCopy, findings)}\n`);
    expect(result.status).toBe(findings.some((f) => f.level === 'error') ? 1 : 0);
  });

  it('openenv-ts yaml --check catches an edited file of the project it runs in, and a run rewrites it as generated', async () => {
    const file = path.join(repoCopy, 'openenv.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('port: 8000', 'port: 8001'));
    const stale = spawnSync(process.execPath, [CLI, 'yaml', '--check'], { cwd: repoCopy, encoding: 'utf8', timeout: 60_000 });
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain('openenv.yaml is out of date with the task plugins');
    expect(stale.stderr).toContain('run `npm run openenv:yaml`');

    const write = spawnSync(process.execPath, [CLI, 'yaml'], { cwd: repoCopy, encoding: 'utf8', timeout: 60_000 });
    expect(write.status).toBe(0);
    expect(write.stdout).toBe(`wrote openenv.yaml with ${expectedTaskIds.length} task(s) and its validation block, and validation/runtime.json\n`);
    expect(readFileSync(file, 'utf8')).toBe(await generateOpenenvYaml(root));
    expect(existsSync(path.join(repoCopy, 'dist/scripts/healthcheck.js'))).toBe(true);
    // From another folder, --manifest names the project.
    const elsewhere = spawnSync(process.execPath, [path.join(repoCopy, CLI), 'yaml', '--check', '--manifest', path.join(repoCopy, 'openenv.plugins.json')], {
      cwd: workDir,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(elsewhere.stdout).toBe('openenv.yaml and validation/runtime.json are up to date\n');
    expect(elsewhere.status).toBe(0);
  });
});
