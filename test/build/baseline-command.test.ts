// The documented baseline command, run exactly as the README gives it, prints only [START]/[STEP]/[END] lines on stdout.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBaselineLog } from '../helpers/baseline-log.js';
import { startFakeModel, type FakeModelServer } from '../helpers/fake-model-server.js';
import { ROOT, fixtureManifest } from '../helpers/start-server.js';

/**
 * The command the README tells users to run. `--silent` keeps npm's `> pkg@version script` banner (printed on
 * stdout) out of the log that validators parse line by line.
 */
const DOCUMENTED_COMMAND = 'npm run --silent baseline';

let model: FakeModelServer;
let stdout = '';
let stderr = '';
let exitCode: number | null = null;

beforeAll(async () => {
  // Submits at once: the point is the shape of stdout, not the score.
  model = await startFakeModel(() => ({ content: '{"type":"submit"}' }));
  await new Promise<void>((resolve, reject) => {
    const child = spawn('sh', ['-c', DOCUMENTED_COMMAND], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? tmpdir(),
        OPENENV_MANIFEST: fixtureManifest('inference'),
        OPENENV_TASK: 'echo,pick-color',
        API_BASE_URL: model.url,
        MODEL_NAME: 'test-model',
        API_KEY: 'test-key',
        BASELINE_MAX_STEPS: '2',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      exitCode = code;
      resolve();
    });
  });
}, 120_000);
afterAll(async () => model?.close());

describe(`the documented baseline command (${DOCUMENTED_COMMAND})`, () => {
  it('is the command the README documents', () => {
    expect(readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain(DOCUMENTED_COMMAND);
  });

  it('exits 0 and its stdout is nothing but well-formed [START]/[STEP]/[END] blocks', () => {
    expect(exitCode, stderr).toBe(0);
    expect(stdout.split('\n').filter((line) => line !== '' && !/^\[(START|STEP|END)\] /.test(line))).toEqual([]);
    const blocks = parseBaselineLog(stdout);
    expect(blocks.map((b) => b.task)).toEqual(['echo', 'pick-color']);
    expect(model.calls.length).toBeGreaterThan(0);
  });
});
