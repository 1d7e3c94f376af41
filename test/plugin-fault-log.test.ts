// A plugin that throws is logged on the server's stderr by default (no LOG_LEVEL), with a stack naming its .ts source.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_PATH } from 'openenv-ts/tools';
import { closedUrl } from './helpers/fake-model-server.js';
import { ROOT, call, eventually } from './helpers/start-server.js';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'throwing-generate', 'plugin.ts');

let project: string;
let server: ChildProcess;
let url: string;
let stderr = '';

beforeAll(async () => {
  // A user's compiled project: the plugin built by tsc with source maps, served by the compiled CLI.
  project = mkdtempSync(path.join(tmpdir(), 'fault-log-'));
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'));
  mkdirSync(path.join(project, 'plugins', 'boom'), { recursive: true });
  cpSync(FIXTURE, path.join(project, 'plugins', 'boom', 'plugin.ts'));
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'fault-log-project', private: true, type: 'module' }));
  writeFileSync(
    path.join(project, 'openenv.plugins.json'),
    JSON.stringify({ name: 'boom', description: 'a throwing generator', version: '1', plugins: ['plugins/*/plugin.ts'], default_task: 'boom' }),
  );
  writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', outDir: 'dist', rootDir: '.', strict: true,
      skipLibCheck: true, experimentalDecorators: true, emitDecoratorMetadata: true, sourceMap: true, types: ['node'],
    },
    include: ['plugins/**/*.ts'],
  }));
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: project, stdio: 'inherit' });

  const port = Number(new URL(await closedUrl()).port);
  url = `http://127.0.0.1:${port}`;
  // No LOG_LEVEL: the default a plugin author starts with.
  server = spawn(process.execPath, [CLI_PATH, 'serve'], {
    cwd: project,
    env: { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1', ENABLE_WEB_INTERFACE: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  server.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  server.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  await eventually(() => `${stdout}${stderr}`.includes('listening on') || server.exitCode !== null, 60_000);
  if (server.exitCode !== null) throw new Error(`the server did not start:\n${stdout}${stderr}`);
}, 120_000);

afterAll(() => {
  server?.kill('SIGTERM');
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('a throwing generate() on a compiled server without LOG_LEVEL', () => {
  it('replies 500 PLUGIN_ERROR and prints the fault with a stack whose frames name the .ts lines', async () => {
    const res = await call(`${url}/reset`, { body: { seed: 1 } });
    expect(res.status).toBe(500);
    expect(res.body.code).toBe('PLUGIN_ERROR');
    await eventually(() => stderr.includes('plugin fault'), 10_000);
    expect(stderr).toContain('openenv-ts: plugin fault: PLUGIN_ERROR: Task "boom" failed in generate(): boom in generate');
    // The line that throws, and the generate() that called it, as numbered in the source the author edits.
    const lines = readFileSync(FIXTURE, 'utf8').split('\n');
    const throwLine = lines.findIndex((l) => l.includes('throw new RangeError')) + 1;
    const callLine = lines.findIndex((l) => l.includes('generate(rng: Rng)')) + 1;
    expect(stderr).toMatch(new RegExp(`RangeError: boom in generate[\\s\\S]*plugins/boom/plugin\\.ts:${throwLine}:\\d+`));
    expect(stderr).toMatch(new RegExp(`plugins/boom/plugin\\.ts:${callLine}:\\d+`));
    expect(stderr).not.toContain('dist/plugins/boom/plugin.js');
  });

  it('prints the stack once: the same fault again is one line', async () => {
    await call(`${url}/reset`, { body: { seed: 2 } });
    await eventually(() => stderr.includes('plugin fault (again)'), 10_000);
    expect(stderr.match(/RangeError: boom in generate/g)).toHaveLength(1);
  });
});
