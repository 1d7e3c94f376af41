// A plugin bug becomes an error reply (JSON 500, EXECUTION_ERROR, rejected action), never a crash; other sessions keep working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PythonStyleClient } from './helpers/python-style-ws-client.js';
import { call, eventually, fixtureManifest, startServer, type RunningServer } from './helpers/start-server.js';

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

  it('over /ws a plugin bug is an EXECUTION_ERROR (FACTORY_ERROR on reset) frame and the socket stays usable', async () => {
    const client = await PythonStyleClient.connect(server.wsUrl);
    await client.reset({ seed: 4 });
    await expect(client.step({ type: 'crash' })).rejects.toMatchObject({ data: { code: 'EXECUTION_ERROR', reason: 'PLUGIN_ERROR' } });
    const ok = await client.step({ type: 'ok', n: 2 });
    expect(ok.observation.step_count).toBe(1);
    // a plugin failing to build the episode on reset is a FACTORY_ERROR; the old episode stays usable
    await expect(client.reset({ seed: 13 })).rejects.toMatchObject({ data: { code: 'FACTORY_ERROR', reason: 'PLUGIN_ERROR' } });
    expect((await client.step({ type: 'ok', n: 3 })).observation.step_count).toBe(2);
    await client.close();
  });

  it('the server still serves every route afterwards', async () => {
    expect((await call(`${server.url}/health`)).body).toEqual({ status: 'healthy' });
    const echo = await call(`${server.url}/reset`, { body: { task: 'echo' } });
    expect(echo.status).toBe(200);
    for (const path of ['/metadata', '/schema', '/tasks', '/openapi.json', '/state']) {
      expect((await call(`${server.url}${path}`)).status, path).toBe(200);
    }
    expect((await call(`${server.url}/mcp`, { body: { jsonrpc: '2.0', id: 1, method: 'tools/list' } })).body.result.tools.length).toBeGreaterThan(0);
  });
});

describe('a plugin that misbehaves cannot break the episode rules', () => {
  it('a shaping bonus is clamped, and a refused action cannot change the state', async () => {
    const headers = { 'x-openenv-session-id': 'rules' };
    await call(`${server.url}/reset`, { body: { seed: 5 }, headers });
    const bonus = await call(`${server.url}/step`, { body: { action: { type: 'huge_bonus' } }, headers });
    expect(bonus.body.reward).toBe(0.25);
    const mutated = await call(`${server.url}/step`, { body: { action: { type: 'mutating_reject' } }, headers });
    expect(mutated.body.reward).toBe(-0.05);
    expect(mutated.body.observation.prompt).toContain('count=0');
    const graded = await call(`${server.url}/grader`, { body: { session_id: 'rules' } });
    expect(graded.body.raw_score).toBe(0);
  });

  it('a step that never finishes times out, abandons its episode, and the session recovers with a reset', async () => {
    const quick = await startServer({ manifestPath: fixtureManifest('faulty-plugin'), stepTimeoutMs: 300 });
    try {
      await call(`${quick.url}/reset`, { body: { seed: 6 } });
      const started = Date.now();
      const hung = await call(`${quick.url}/step`, { body: { action: { type: 'hang' } } });
      expect(Date.now() - started).toBeLessThan(3000);
      expect(hung.status).toBe(504);
      expect(hung.body.code).toBe('STEP_TIMEOUT');
      const after = await call(`${quick.url}/step`, { body: { action: { type: 'ok', n: 1 } } });
      expect(after.status).toBe(409);
      expect(after.body.code).toBe('EPISODE_ABANDONED');
      // the client's own timeout_s is honoured too, below the server's deadline
      await call(`${quick.url}/reset`, { body: { seed: 7 } });
      const own = await call(`${quick.url}/step`, { body: { action: { type: 'hang' }, timeout_s: 0.1 } });
      expect(own.body.detail).toContain('within 0.1 s');
      expect((await call(`${quick.url}/reset`, { body: { seed: 8 } })).status).toBe(200);
    } finally {
      await quick.close();
    }
  });

  it('a replay that hangs in a plugin times out and frees its queue slot, so later replays still run', async () => {
    const quick = await startServer({ manifestPath: fixtureManifest('faulty-plugin'), stepTimeoutMs: 200, replayGrading: true, replayConcurrency: 1, replayQueue: 0 });
    try {
      const hung = await call(`${quick.url}/grader`, { body: { seed: 3, actions: [{ type: 'hang' }] } });
      expect(hung.status).toBe(504);
      expect(hung.body.code).toBe('STEP_TIMEOUT');
      expect(hung.body.detail).toContain('queue slot is freed');
      // with one slot and no queue, a held slot would make this a 503
      const next = await call(`${quick.url}/grader`, { body: { seed: 3, actions: [{ type: 'ok', n: 1 }] } });
      expect(next.status).toBe(200);
    } finally {
      await quick.close();
    }
  });

  it('closing a session while its reset is generating frees the new scenario (nothing leaks)', async () => {
    const { lifecycle } = await import('./fixtures/faulty-plugin/faulty.plugin.js');
    const before = { ...lifecycle };
    const client = await PythonStyleClient.connect(server.wsUrl);
    client.sendRaw(JSON.stringify({ type: 'reset', data: { seed: 99 } }));
    await new Promise((r) => setTimeout(r, 50));
    client.socket.terminate();
    await eventually(() => lifecycle.generated === before.generated + 1, 5000);
    await eventually(() => lifecycle.disposed === before.disposed + 1, 5000);
  });

  it('a WebSocket client that floods frames without reading replies is cut off with 1008', async () => {
    const client = await PythonStyleClient.connect(server.wsUrl);
    for (let i = 0; i < 40; i++) client.sendRaw(JSON.stringify({ type: 'reset', data: { seed: 98 } }));
    await client.waitClosed(10_000);
    expect(client.closeCode).toBe(1008);
    expect((await call(`${server.url}/health`)).status).toBe(200);
  });

  it('a client that floods one session without waiting is refused, not queued without bound', async () => {
    const headers = { 'x-openenv-session-id': 'flood' };
    await call(`${server.url}/reset`, { body: { seed: 11 }, headers });
    const replies = await Promise.all(Array.from({ length: 60 }, () => call(`${server.url}/reset`, { body: { seed: 98 }, headers })));
    const statuses = replies.map((r) => r.status);
    expect(statuses).toContain(200);
    expect(statuses).toContain(429);
    expect(replies.find((r) => r.status === 429)!.body.code).toBe('SESSION_BUSY');
  });
});
