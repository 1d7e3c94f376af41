// A plugin bug becomes an error reply (JSON 500, EXECUTION_ERROR, rejected action), never a crash; other sessions keep working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PythonStyleClient } from './helpers/python-style-ws-client.js';
import { call, fixtureManifest, startServer, type RunningServer } from './helpers/start-server.js';

let server: RunningServer;
const faulty = { 'x-openenv-session-id': 'faulty' };

beforeAll(async () => {
  server = await startServer({ manifestPath: fixtureManifest('faulty-plugin') });
});
afterAll(async () => server.close());

describe('plugin faults', () => {
  it('a throwing transition gives a JSON 500 naming the task and method; the episode goes on', async () => {
    await call(`${server.url}/reset`, { body: { seed: 1 }, headers: faulty });
    const res = await call(`${server.url}/step`, { body: { action: { type: 'crash' } }, headers: faulty });
    expect(res.status).toBe(500);
    expect(res.body.code).toBe('PLUGIN_ERROR');
    expect(res.body.detail).toBe('Task "faulty" failed in transition(): plugin bug in transition');
    const next = await call(`${server.url}/step`, { body: { action: { type: 'ok', n: 1 } }, headers: faulty });
    expect(next.status).toBe(200);
    expect(next.body.observation.step_count).toBe(1);
  });

  it('a throwing generator fails only that reset', async () => {
    const res = await call(`${server.url}/reset`, { body: { seed: 13 } });
    expect(res.status).toBe(500);
    expect(res.body.detail).toContain('failed in generate(): generator cannot handle seed 13');
    expect((await call(`${server.url}/reset`, { body: { seed: 14 } })).status).toBe(200);
  });

  it('a grader returning a score outside [0, 1] is reported as a plugin error', async () => {
    await call(`${server.url}/reset`, { body: { seed: 2 }, headers: { 'x-openenv-session-id': 'bad-grade' } });
    const res = await call(`${server.url}/step`, { body: { action: { type: 'bad_grade' } }, headers: { 'x-openenv-session-id': 'bad-grade' } });
    expect(res.status).toBe(500);
    expect(res.body.detail).toContain('grade() returned score 7');
  });

  it('a well-formed action the task refuses costs the invalid-action penalty and shows last_action_error', async () => {
    await call(`${server.url}/reset`, { body: { seed: 3 }, headers: { 'x-openenv-session-id': 'reject' } });
    const res = await call(`${server.url}/step`, { body: { action: { type: 'reject' } }, headers: { 'x-openenv-session-id': 'reject' } });
    expect(res.status).toBe(200);
    expect(res.body.reward).toBe(-0.05);
    expect(res.body.observation.last_action_error).toBe('this action is not allowed here');
    const again = await call(`${server.url}/step`, { body: { action: { type: 'reject' } }, headers: { 'x-openenv-session-id': 'reject' } });
    expect(again.body.reward).toBe(-0.07); // invalid + repeat
  });

  it('over /ws a plugin bug is an EXECUTION_ERROR frame and the socket stays usable', async () => {
    const client = await PythonStyleClient.connect(server.wsUrl);
    await client.reset({ seed: 4 });
    await expect(client.step({ type: 'crash' })).rejects.toThrow(/EXECUTION_ERROR/);
    const ok = await client.step({ type: 'ok', n: 2 });
    expect(ok.observation.step_count).toBe(1);
    await client.close();
  });

  it('the server still serves every route afterwards', async () => {
    expect((await call(`${server.url}/health`)).body).toEqual({ status: 'healthy' });
    const echo = await call(`${server.url}/reset`, { body: { task: 'echo' } });
    expect(echo.status).toBe(200);
  });
});
