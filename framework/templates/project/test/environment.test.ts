// The environment as the manifest builds it: served on a real port (health, reset), and its openenv.yaml is current.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnvironment, serve, type BuiltServer } from 'openenv-ts/server';
import { generatedFilesDrift } from 'openenv-ts/tools';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let server: BuiltServer & { url: string };

beforeAll(async () => {
  const env = await createEnvironment({ manifestPath: path.join(root, 'openenv.plugins.json'), env: {} });
  server = await serve(env, { port: 0, host: '127.0.0.1', logLevel: 'silent' });
});

afterAll(async () => {
  await server?.app.close();
});

describe('the served environment', () => {
  it('answers GET /health', async () => {
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'healthy' });
  });

  it('starts an episode of the default task on POST /reset {}', async () => {
    const response = await fetch(`${server.url}/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { observation: { task_id: string; prompt: string }; done: boolean };
    expect(body.done).toBe(false);
    expect(body.observation.task_id).toBe('word-sums');
    expect(body.observation.prompt).toContain('final count');
  });

  it('openenv.yaml and validation/runtime.json match the manifest and plugins (else run `npm run openenv:yaml`)', async () => {
    expect(await generatedFilesDrift(root)).toEqual([]);
  });
});
