// Plugin mistakes caught at load time or in development mode, each refused with its code, the plugin file and the task id.
import { describe, expect, it } from 'vitest';
import { createEnvironment, OpenEnvError } from 'openenv-ts';
import { call, fixtureManifest, startServer } from './helpers/start-server.js';

async function loadRefusal(fixture: string): Promise<OpenEnvError> {
  try {
    await createEnvironment({ manifestPath: fixtureManifest(`plugin-mistakes/${fixture}`), env: {} });
  } catch (err) {
    if (err instanceof OpenEnvError) return err;
    throw err;
  }
  throw new Error(`${fixture} loaded, but it should have been refused`);
}

describe('refused at load time', () => {
  it('a config field without a default is the plugin author\'s bug (PLUGIN_CONFIG_DEFAULTS), not "Field required" for the caller', async () => {
    const err = await loadRefusal('config-without-default');
    expect(err.code).toBe('PLUGIN_CONFIG_DEFAULTS');
    expect(err.message).toMatch(/^needs-config\.plugin\.ts: task "needs-config": configSchema\.parse\(\{\}\) fails/);
    // The field without a default is named; the one with a default is not.
    expect(err.details.fields).toEqual([expect.stringMatching(/^problems: /)]);
  });

  it('z.date() in an action schema is refused (PLUGIN_SCHEMA_LOSSY) instead of being published as {}', async () => {
    const err = await loadRefusal('date-in-action');
    expect(err.code).toBe('PLUGIN_SCHEMA_LOSSY');
    expect(err.message).toMatch(/^dated\.plugin\.ts: task "dated": actionSchema cannot be written as JSON Schema without loss \(.*Date.*\)/);
    expect(err.message).toContain('z.iso.datetime()');
  });

  it('a transform in the observation schema is refused (PLUGIN_SCHEMA_LOSSY): observations are read as output', async () => {
    const err = await loadRefusal('transform-in-observation');
    expect(err.code).toBe('PLUGIN_SCHEMA_LOSSY');
    expect(err.message).toMatch(/^transformed\.plugin\.ts: task "transformed": observationSchema cannot be written as JSON Schema without loss/);
    expect(err.details.schema).toBe('observationSchema');
  });
});

describe('observation data that breaks the plugin\'s own observationSchema', () => {
  for (const [name, processEnv] of [['OPENENV_DEV=1', { OPENENV_DEV: '1' }], ['NODE_ENV=development', { NODE_ENV: 'development' }]] as const) {
    it(`is refused at run time in development mode (${name}), naming the file, the task and the field`, async () => {
      const server = await startServer({ manifestPath: fixtureManifest('plugin-mistakes/observation-mismatch'), processEnv });
      try {
        const res = await call(`${server.url}/reset`, { body: { seed: 1 } });
        expect(res.status).toBe(500);
        expect(res.body.code).toBe('PLUGIN_OBSERVATION_INVALID');
        expect(res.body.detail).toMatch(/^mismatch\.plugin\.ts: task "mismatch": observe\(\) returned data that does not match its observationSchema: n: /);
      } finally {
        await server.close();
      }
    });
  }

  it('is served unchecked outside development mode (the check parses every observation twice)', async () => {
    const server = await startServer({ manifestPath: fixtureManifest('plugin-mistakes/observation-mismatch'), processEnv: { NODE_ENV: 'production' } });
    try {
      const res = await call(`${server.url}/reset`, { body: { seed: 1 } });
      expect(res.status).toBe(200);
      expect(typeof res.body.observation.data.n).toBe('string');
    } finally {
      await server.close();
    }
  });
});

describe('a grader returning a non-finite score', () => {
  it.each([
    ['nan_grade', 'NaN'],
    ['infinite_grade', 'Infinity'],
  ])('%s is reported as %s (not "null"), naming the task and the file', async (action, shown) => {
    const server = await startServer({ manifestPath: fixtureManifest('plugin-mistakes/observation-mismatch') });
    try {
      const headers = { 'x-openenv-session-id': action };
      expect((await call(`${server.url}/reset`, { body: { seed: 2 }, headers })).status).toBe(200);
      const res = await call(`${server.url}/step`, { body: { action: { type: action } }, headers });
      expect(res.status).toBe(500);
      expect(res.body.code).toBe('PLUGIN_ERROR');
      expect(res.body.detail).toBe(`Task "mismatch" grade() returned score ${shown}; it must be a number in [0, 1] (mismatch.plugin.ts)`);
    } finally {
      await server.close();
    }
  });
});
