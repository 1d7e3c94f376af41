// `openenv-ts init`, run as the compiled command: a complete project from the template, names filled in, descriptor generated.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(PACKAGE_ROOT, 'dist', 'tools', 'cli.js');
const OWN = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };

let workDir: string;

function init(...args: string[]) {
  return spawnSync(process.execPath, [CLI, 'init', ...args], { cwd: workDir, encoding: 'utf8', timeout: 60_000 });
}

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

beforeAll(() => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'openenv-init-'));
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('openenv-ts init', () => {
  it('writes every project file, with dot-files restored and .ci/run executable', () => {
    const result = init('My Env!');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('npm install && npm test');
    const files = filesUnder(path.join(workDir, 'My Env!')).sort();
    for (const expected of [
      '.ci/run', '.dockerignore', '.gitignore', 'Dockerfile', 'README.md', 'inference.ts', 'openenv.plugins.json', 'openenv.yaml',
      'package.json', 'plugins/word-sums/plugin.ts', 'plugins/word-sums/word-sums.test.ts', 'pyproject.toml', 'server/app.py',
      'test/environment.test.ts', 'tsconfig.json', 'validation/runtime.json', 'vitest.config.ts',
    ]) expect(files).toContain(expected);
    expect(files.some((f) => f.startsWith('_') || f.startsWith('dist/'))).toBe(false);
    expect(statSync(path.join(workDir, 'My Env!', '.ci/run')).mode & 0o111).toBe(0o111);
  });

  it('fills in the package name, the framework dependency (default: this version) and the framework\'s zod range', () => {
    const dir = path.join(workDir, 'My Env!');
    for (const file of filesUnder(dir)) expect(readFileSync(path.join(dir, file), 'utf8'), file).not.toMatch(/\{\{[A-Z_]+\}\}/);
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string; dependencies: Record<string, string> };
    expect(pkg.name).toBe('my-env');
    expect(pkg.dependencies['openenv-ts']).toBe(`^${OWN.version}`);
    expect(pkg.dependencies.zod).toBe(OWN.dependencies.zod);
    expect(readFileSync(path.join(dir, 'pyproject.toml'), 'utf8')).toContain('name = "my-env"');
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toMatch(/^---\ntitle: my-env\n[\s\S]*sdk: docker\n[\s\S]*app_port: 8000\n/);
  });

  it('generates openenv.yaml from the new project\'s own manifest and plugin', () => {
    const yaml = parse(readFileSync(path.join(workDir, 'My Env!', 'openenv.yaml'), 'utf8')) as {
      name: string;
      default_task: string;
      tasks: { id: string; grader: { module: string } }[];
    };
    expect(yaml.name).toBe('my-env');
    expect(yaml.default_task).toBe('word-sums');
    expect(yaml.tasks.map((t) => [t.id, t.grader.module])).toEqual([['word-sums', 'plugins/word-sums/plugin.ts']]);
  });

  it('writes the --framework spec as given and --name over the folder name', () => {
    const result = init('other', '--framework', 'file:../openenv-ts-9.9.9.tgz', '--name', 'Trade Desk');
    expect(result.status).toBe(0);
    const pkg = JSON.parse(readFileSync(path.join(workDir, 'other', 'package.json'), 'utf8')) as { name: string; dependencies: Record<string, string> };
    expect(pkg.dependencies['openenv-ts']).toBe('file:../openenv-ts-9.9.9.tgz');
    expect(pkg.name).toBe('trade-desk');
  });

  it('refuses a folder that is not empty, and touches nothing in it', () => {
    mkdirSync(path.join(workDir, 'busy'));
    writeFileSync(path.join(workDir, 'busy', 'notes.txt'), 'mine');
    const result = init('busy');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('openenv-ts: init failed: INIT_TARGET_NOT_EMPTY');
    expect(readdirSync(path.join(workDir, 'busy'))).toEqual(['notes.txt']);
  });

  it('needs exactly one folder', () => {
    const result = init();
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('init needs exactly one folder');
  });
});
