// The compiled loader refuses a dist/ that no longer matches the plugin sources (a deleted, renamed or uncompiled plugin).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_PATH } from 'openenv-ts/tools';
import { ROOT } from './helpers/start-server.js';

let project: string;

/** `openenv-ts tasks` (the compiled CLI, as users run it) in the scratch project. */
function listTasks(): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [CLI_PATH, 'tasks'], { cwd: project, env: { PATH: process.env.PATH }, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Puts the echo plugin's source and its compiled copy (test/global-setup.ts built it) at plugins/<name>/. */
function addCompiledEcho(name: string, options: { source: boolean; compiled: boolean }): void {
  if (options.source) {
    mkdirSync(path.join(project, 'plugins', name), { recursive: true });
    cpSync(path.join(ROOT, 'plugins', 'echo', 'plugin.ts'), path.join(project, 'plugins', name, 'plugin.ts'));
  }
  if (options.compiled) {
    mkdirSync(path.join(project, 'dist', 'plugins', name), { recursive: true });
    cpSync(path.join(ROOT, 'dist', 'plugins', 'echo', 'plugin.js'), path.join(project, 'dist', 'plugins', name, 'plugin.js'));
  }
}

beforeAll(() => {
  // A user's project as `openenv-ts init` lays it out: sources at the root, tsc output in dist/.
  project = mkdtempSync(path.join(tmpdir(), 'stale-build-'));
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'));
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'stale-build-project', private: true, type: 'module' }));
  writeFileSync(
    path.join(project, 'openenv.plugins.json'),
    JSON.stringify({ name: 'stale', description: 'stale build check', version: '1', plugins: ['plugins/*/plugin.ts'], default_task: 'echo' }),
  );
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('a compiled project whose dist/ no longer matches its sources', () => {
  it('loads normally while every plugin source has its compiled copy', () => {
    addCompiledEcho('echo', { source: true, compiled: true });
    const run = listTasks();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('echo');
  });

  it('refuses the old compiled copy of a renamed plugin, naming it and its missing source (not DUPLICATE_TASK)', () => {
    // The author renames plugins/echo to plugins/parrot and rebuilds: tsc writes dist/plugins/parrot and leaves dist/plugins/echo.
    renameSync(path.join(project, 'plugins', 'echo'), path.join(project, 'plugins', 'parrot'));
    addCompiledEcho('parrot', { source: false, compiled: true });
    const run = listTasks();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('STALE_BUILD');
    expect(run.stderr).not.toContain('DUPLICATE_TASK');
    expect(run.stderr).toContain('dist/plugins/echo/plugin.js: compiled plugin module whose source plugins/echo/plugin.ts no longer exists');
  });

  it('refuses a plugin source that was never compiled, naming the compiled file it expected', () => {
    rmSync(path.join(project, 'dist', 'plugins', 'echo'), { recursive: true });
    addCompiledEcho('added', { source: true, compiled: false });
    const run = listTasks();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('STALE_BUILD');
    expect(run.stderr).toContain('plugins/added/plugin.ts: plugin source has no compiled copy (dist/plugins/added/plugin.js is missing)');
  });

  it('still loads a compiled-only deployment (the Docker image ships dist/ without plugin sources)', () => {
    rmSync(path.join(project, 'plugins'), { recursive: true });
    const run = listTasks();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout.trim())).toMatchObject({ id: 'echo', source: 'plugins/parrot/plugin.ts' });
  });
});
