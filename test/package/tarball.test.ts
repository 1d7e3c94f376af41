// The install path a user takes, from a packed tarball: npm pack, `openenv-ts init` through npx, npm install, npm test, serve, audit.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port.js';
import { ROOT } from '../helpers/start-server.js';

// Registry installs on a shared CI machine: minutes, not seconds.
const INSTALL_TIMEOUT_MS = 8 * 60_000;

let workDir: string;
let tarball: string;
let project: string;
let server: ChildProcess | null = null;

/**
 * A shell a user would have: none of the npm_* variables the surrounding `npm test` exports (they would point npm
 * at this repository's workspace and config).
 */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
  delete env.FORCE_COLOR;
  return { ...env, CI: 'true', NO_COLOR: '1', ...extra };
}

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, env: userEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: INSTALL_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
}

beforeAll(() => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'openenv-tarball-'));
  const packed = JSON.parse(run('npm', ['pack', '--workspace', 'framework', '--pack-destination', workDir, '--json'], ROOT)) as { filename: string }[];
  tarball = path.join(workDir, packed[0]!.filename);
  // --prefer-offline: what CI's `npm ci` already cached is reused, anything else comes from the registry.
  run('npx', ['--yes', '--prefer-offline', `--package=${tarball}`, 'openenv-ts', 'init', 'my-env', '--framework', `file:${tarball}`], workDir);
  project = path.join(workDir, 'my-env');
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], project);
}, INSTALL_TIMEOUT_MS * 2);

afterAll(() => {
  if (server?.pid !== undefined && server.exitCode === null) process.kill(server.pid, 'SIGKILL');
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('a project created by `openenv-ts init` from the packed framework', () => {
  it('depends on the tarball, installed as a copy (not a workspace link), with its manifest and generated descriptor', () => {
    const manifest = JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(manifest.dependencies['openenv-ts']).toBe(`file:${tarball}`);
    expect(lstatSync(path.join(project, 'node_modules', 'openenv-ts')).isSymbolicLink()).toBe(false);
    expect(existsSync(path.join(project, 'node_modules', 'openenv-ts', 'src'))).toBe(false);
    for (const file of ['openenv.plugins.json', 'openenv.yaml', 'validation/runtime.json', '.ci/run', 'Dockerfile', 'server/app.py', 'pyproject.toml', 'inference.ts']) {
      expect(existsSync(path.join(project, file)), file).toBe(true);
    }
  });

  it('passes its own npm test (compile, plugin tests, served environment, openenv.yaml current)', () => {
    // run() throws on a non-zero exit; the summary line shows the tests ran (colour codes stripped).
    const output = run('npm', ['test'], project).replace(/\x1b\[[0-9;]*m/g, '');
    expect(output).toMatch(/Tests\s+\d+ passed \(\d+\)/);
    expect(output).not.toMatch(/\bfailed\b/);
  }, INSTALL_TIMEOUT_MS);

  it('starts with the installed command and answers GET /health and POST /reset {}', async () => {
    const port = await freePort();
    server = spawn(path.join(project, 'node_modules', '.bin', 'openenv-ts'), ['serve'], {
      cwd: project,
      env: userEnv({ PORT: String(port), HOST: '127.0.0.1' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const listening = await new Promise<string>((resolve, reject) => {
      let output = '';
      server!.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('listening on')) resolve(output);
      });
      server!.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      server!.once('exit', (code) => reject(new Error(`the server exited with ${code}: ${output}`)));
    });
    expect(listening).toContain('with tasks word-sums (default: word-sums)');
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'healthy' });
    const reset = await fetch(`http://127.0.0.1:${port}/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(reset.status).toBe(200);
    const body = (await reset.json()) as { observation: { task_id: string }; done: boolean };
    expect(body.observation.task_id).toBe('word-sums');
    expect(body.done).toBe(false);
    server.kill('SIGTERM');
  }, INSTALL_TIMEOUT_MS);

  it('its example task passes the reduced audit panel at every level', () => {
    // run() throws on a non-zero exit, which is how the audit reports a breach.
    const reports = JSON.parse(run(path.join(project, 'node_modules', '.bin', 'openenv-ts'), ['audit', '--reduced', '--json'], project)) as {
      verdict: string;
      results: { status: string; check_id: string }[];
    }[];
    expect(reports.map((report) => report.verdict)).toEqual(['pass', 'pass']);
    for (const report of reports) expect(report.results.filter((r) => r.status === 'pass').length).toBeGreaterThan(15);
  }, INSTALL_TIMEOUT_MS);
});
