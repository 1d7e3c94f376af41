// Start-up refuses a bad manifest, a duplicate task id, a plugin breaking the contract, with messages naming the cause.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEnvironment, OpenEnvError, parseManifest } from 'openenv-ts';
import { CLI_PATH } from 'openenv-ts/tools';
import { ECHO_MANIFEST, fixtureManifest } from './helpers/start-server.js';

const valid = { name: 'n', description: 'd', version: '1', plugins: ['plugins/*/plugin.ts'], default_task: 'echo' };

function refusal(fn: () => unknown): OpenEnvError {
  try {
    fn();
  } catch (err) {
    if (err instanceof OpenEnvError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

async function asyncRefusal(promise: Promise<unknown>): Promise<OpenEnvError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof OpenEnvError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('manifest validation', () => {
  it('accepts a minimal manifest and fills defaults', () => {
    const { manifest } = parseManifest(JSON.stringify(valid), 'm.json');
    expect(manifest.score_bounds).toEqual({ min: 0.001, max: 0.999 });
    expect(manifest.rewards.invalid_action_penalty).toBe(0.05);
  });

  it('names the missing field', () => {
    const { plugins: _p, ...rest } = valid;
    const err = refusal(() => parseManifest(JSON.stringify(rest), 'm.json'));
    expect(err.code).toBe('MANIFEST_INVALID');
    expect(err.message).toContain('m.json: invalid manifest: field "plugins"');
  });

  it('names a wrongly typed field and an unknown field', () => {
    const err = refusal(() => parseManifest(JSON.stringify({ ...valid, version: 3, extra: true }), 'm.json'));
    expect(err.message).toContain('field "version"');
    expect(err.message).toContain('extra');
  });

  it('refuses score bounds that would print as 0.000 or 1.000 or lie outside (0, 1)', () => {
    for (const [bounds, text] of [
      [{ min: 0, max: 0.999 }, 'strictly inside (0, 1)'],
      [{ min: 0.0001, max: 0.999 }, 'prints as 0.000'],
      [{ min: 0.001, max: 0.9999 }, 'prints as 1.000'],
      [{ min: 0.5, max: 0.4 }, 'min must be below max'],
    ] as const) {
      const err = refusal(() => parseManifest(JSON.stringify({ ...valid, score_bounds: bounds }), 'm.json'));
      expect(err.message).toContain('field "score_bounds"');
      expect(err.message).toContain(text);
    }
  });

  it('refuses text that is not JSON, naming the file', () => {
    const err = refusal(() => parseManifest('{', 'broken.json'));
    expect(err.message).toMatch(/^broken\.json: not valid JSON/);
  });

  it('refuses a missing manifest file', async () => {
    const err = await asyncRefusal(createEnvironment({ manifestPath: '/nonexistent/openenv.plugins.json', env: {} }));
    expect(err.code).toBe('MANIFEST_NOT_FOUND');
  });

  it('refuses a default task that no plugin declares, and an unknown OPENENV_TASK', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'manifest-'));
    const file = path.join(dir, 'openenv.plugins.json');
    writeFileSync(file, JSON.stringify({ ...valid, plugins: [path.resolve('plugins/echo/plugin.ts')], default_task: 'nope' }));
    const err = await asyncRefusal(createEnvironment({ manifestPath: file, env: {} }));
    expect(err.code).toBe('UNKNOWN_TASK');
    expect(err.message).toContain('field "default_task"');
    const fromEnv = await asyncRefusal(createEnvironment({ manifestPath: ECHO_MANIFEST, env: { OPENENV_TASK: 'ech' } }));
    expect(fromEnv.message).toContain('OPENENV_TASK: Unknown task "ech". Did you mean "echo"?');
  });

  it('refuses patterns that match no task', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'manifest-'));
    const file = path.join(dir, 'openenv.plugins.json');
    writeFileSync(file, JSON.stringify({ ...valid, plugins: ['nothing/*.ts'] }));
    const err = await asyncRefusal(createEnvironment({ manifestPath: file, env: {} }));
    expect(err.code).toBe('NO_TASKS');
  });
});

describe('plugin refusal', () => {
  it('a duplicate task id names both files', async () => {
    const err = await asyncRefusal(createEnvironment({ manifestPath: fixtureManifest('duplicate-id'), env: {} }));
    expect(err.code).toBe('DUPLICATE_TASK');
    expect(err.message).toMatch(/second\.plugin\.ts: task id "twin" is already declared in .*first\.plugin\.ts/);
  });

  it('a plugin missing its grader names the file and the method', async () => {
    const err = await asyncRefusal(createEnvironment({ manifestPath: fixtureManifest('missing-grader'), env: {} }));
    expect(err.code).toBe('PLUGIN_CONTRACT');
    expect(err.message).toMatch(/ungraded\.plugin\.ts: task "ungraded" does not satisfy the plugin contract: missing method grade\(\)/);
  });

  it('a module that throws on import names the file and the cause', async () => {
    const err = await asyncRefusal(createEnvironment({ manifestPath: fixtureManifest('broken-import'), env: {} }));
    expect(err.code).toBe('PLUGIN_LOAD_FAILED');
    expect(err.message).toMatch(/explodes\.plugin\.ts: failed to import plugin module: boom at import/);
  });

  it('the CLI prints a bad manifest refusal and exits non-zero', async () => {
    const { spawnSync } = await import('node:child_process');
    const dir = mkdtempSync(path.join(tmpdir(), 'manifest-'));
    const file = path.join(dir, 'openenv.plugins.json');
    writeFileSync(file, JSON.stringify({ ...valid, score_bounds: { min: 0, max: 1 } }));
    const run = spawnSync(process.execPath, [CLI_PATH, 'serve'], {
      env: { ...process.env, OPENENV_MANIFEST: file, PORT: '0' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('openenv-ts: cannot start: MANIFEST_INVALID');
    expect(run.stderr).toContain('field "score_bounds": bounds must lie strictly inside (0, 1), got [0, 1]');
  });
});

describe('dependency injection', () => {
  it('a plugin constructor can take framework services by token', async () => {
    const env = await createEnvironment({ manifestPath: fixtureManifest('injected'), env: {} });
    const { Episode } = await import('openenv-ts/testing');
    const episode = await Episode.start(env.registry.get('greeter'), { seed: 1 });
    expect(episode.observation().prompt).toBe('Welcome to injected-fixture');
  });
});
