// One overload contract for every bounded resource: 503 + Retry-After on HTTP, CAPACITY_REACHED + retry_after_s on /ws, -32000 on MCP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, ECHO_MANIFEST, eventually, fixtureManifest, startServer, type RunningServer } from './helpers/start-server.js';
import { openRaw } from './helpers/raw-ws.js';

describe('a plugin that throws OVERLOADED (a full worker pool)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ manifestPath: fixtureManifest('faulty-plugin') });
  });
  afterAll(async () => server.close());

  it('HTTP: 503 OVERLOADED with Retry-After and retry_after_s, not a 500 PLUGIN_ERROR', async () => {
    const headers = { 'x-openenv-session-id': 'overload-http' };
    await call(`${server.url}/reset`, { body: { task: 'faulty', seed: 1 }, headers });
    const res = await call(`${server.url}/step`, { body: { action: { type: 'overload' } }, headers });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(res.body).toMatchObject({ code: 'OVERLOADED', retry_after_s: 3 });
  });

  it('/ws: an error frame with code CAPACITY_REACHED and retry_after_s; the socket stays open', async () => {
    const ws = await openRaw(server.wsUrl);
    await ws.ask('{"type":"reset","data":{"task":"faulty","seed":1}}');
    const reply = await ws.ask('{"type":"step","data":{"type":"overload"}}');
    expect(reply).toMatchObject({ type: 'error', data: { code: 'CAPACITY_REACHED', reason: 'OVERLOADED', retry_after_s: 3 } });
    expect((await ws.ask('{"type":"state"}')).type).toBe('state');
    ws.socket.close();
  });

  it('MCP: HTTP 200 with JSON-RPC error -32000 carrying retry_after_s', async () => {
    const created = await call(`${server.url}/mcp`, { body: { jsonrpc: '2.0', id: 1, method: 'openenv/session/create', params: { task: 'faulty', seed: 1 } } });
    const session_id = created.body.result.session_id;
    const res = await call(`${server.url}/mcp`, { body: { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { session_id, name: 'overload', arguments: {} } } });
    expect(res.status).toBe(200);
    expect(res.body.error).toMatchObject({ code: -32000, data: { code: 'OVERLOADED', retry_after_s: 3 } });
  });
});

describe('named sessions: a flood of new sessions cannot evict sessions in use', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ manifestPath: ECHO_MANIFEST, maxNamedSessions: 8 });
  });
  afterAll(async () => server.close());

  it('past capacity, X-OpenEnv-Session-Id: new is refused with SESSION_LIMIT (503, Retry-After) and the incumbents keep their episodes', async () => {
    const victims = ['victim-a', 'victim-b'];
    for (const id of victims) await call(`${server.url}/reset`, { body: { task: 'echo', seed: 2 }, headers: { 'x-openenv-session-id': id } });
    const statuses: number[] = [];
    let refusal: Awaited<ReturnType<typeof call>> | null = null;
    for (let i = 0; i < 40; i++) {
      const res = await call(`${server.url}/reset`, { body: {}, headers: { 'x-openenv-session-id': 'new' } });
      statuses.push(res.status);
      if (res.status === 503) refusal = res;
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(6);
    expect(refusal!.body).toMatchObject({ code: 'SESSION_LIMIT', retry_after_s: expect.any(Number) });
    expect(Number(refusal!.headers.get('retry-after'))).toBeGreaterThan(0);
    for (const id of victims) {
      const step = await call(`${server.url}/step`, { body: { action: { type: 'say', text: 'x' } }, headers: { 'x-openenv-session-id': id } });
      expect(step.status, id).toBe(200);
    }
  });

  it('over MCP, openenv/session/create past capacity is -32000 with SESSION_LIMIT', async () => {
    const res = await call(`${server.url}/mcp`, { body: { jsonrpc: '2.0', id: 1, method: 'openenv/session/create', params: {} } });
    expect(res.status).toBe(200);
    expect(res.body.error).toMatchObject({ code: -32000, data: { code: 'SESSION_LIMIT', retry_after_s: expect.any(Number) } });
  });

  it('a closed session makes room again', async () => {
    const created = await call(`${server.url}/reset`, { body: {}, headers: { 'x-openenv-session-id': 'victim-a' } });
    expect(created.status).toBe(200);
    const closed = await call(`${server.url}/mcp`, { body: { jsonrpc: '2.0', id: 1, method: 'openenv/session/close', params: { session_id: 'victim-a' } } });
    expect(closed.body.result.closed).toBe(true);
    const fresh = await call(`${server.url}/reset`, { body: {}, headers: { 'x-openenv-session-id': 'new' } });
    expect(fresh.status).toBe(200);
  });
});

describe('idle-expired sessions are still swept to make room', () => {
  it('a session idle past the timeout gives its place to a newcomer', async () => {
    const server = await startServer({ manifestPath: ECHO_MANIFEST, maxNamedSessions: 1, idleTimeoutMs: 50 });
    try {
      await call(`${server.url}/reset`, { body: {}, headers: { 'x-openenv-session-id': 'old' } });
      await new Promise((r) => setTimeout(r, 120));
      const fresh = await call(`${server.url}/reset`, { body: {}, headers: { 'x-openenv-session-id': 'new' } });
      expect(fresh.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('grader replays under load', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ manifestPath: fixtureManifest('faulty-plugin'), replayGrading: true, replayConcurrency: 1, replayQueue: 2 });
  });
  afterAll(async () => server.close());

  it('48 concurrent slow replays: at most concurrency + queue run, the rest get 503 OVERLOADED, and /health answers meanwhile', async () => {
    // Seed 97 of the faulty task waits for this gate, so the admitted replays stay running until the test lets go.
    let release!: () => void;
    (globalThis as { faultyGate?: Promise<void> }).faultyGate = new Promise<void>((resolve) => (release = resolve));
    const actions = Array.from({ length: 5 }, (_, n) => ({ type: 'ok', n }));
    let finished = 0;
    const replays = Array.from({ length: 48 }, () =>
      call(`${server.url}/grader`, { body: { task: 'faulty', seed: 97, actions } }).then((res) => {
        finished += 1;
        return res;
      }),
    );
    try {
      // Everything past concurrency + queue (1 + 2) is refused at once, while the admitted three wait at the gate.
      await eventually(() => finished === 45, 30_000);
      const health = await call(`${server.url}/health`);
      expect(health.body).toEqual({ status: 'healthy' });
      expect(finished).toBe(45);
    } finally {
      release();
    }
    const results = await Promise.all(replays);
    const ok = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 503);
    expect(ok.length).toBe(3);
    expect(refused.length).toBe(45);
    expect(refused[0]!.body).toMatchObject({ code: 'OVERLOADED', resource: 'replays', retry_after_s: expect.any(Number) });
    expect(refused[0]!.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});

describe('WebSocket capacity', () => {
  it('at capacity the unsolicited CAPACITY_REACHED frame carries retry_after_s', async () => {
    const server = await startServer({ manifestPath: ECHO_MANIFEST, maxWebSocketSessions: 1 });
    try {
      const first = await openRaw(server.wsUrl);
      const second = await openRaw(server.wsUrl);
      const frame = await second.next();
      expect(frame).toMatchObject({ type: 'error', data: { code: 'CAPACITY_REACHED', max_sessions: 1, retry_after_s: expect.any(Number) } });
      first.socket.close();
    } finally {
      await server.close();
    }
  });
});
