// sql-analytics served by a real server on a real port: a saturated SQLite pool gives each transport's overload
// reply (retryable, never a 500), and 64 concurrent WebSocket sessions each play an episode to a right answer.
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { scenarioFor } from 'openenv-ts';
import { call, eventually, startServer, type RunningServer } from '../../test/helpers/start-server.js';
import { openRaw } from '../../test/helpers/raw-ws.js';
import { configurePool, poolStats, shutdownPool } from './database-pool.js';
import { LEVELS } from './levels.js';
import type { SqlScenario } from './types.js';

// plugin.ts is not imported here: the server's loader must be the first to import it (it registers the task).
const RUNAWAY = 'WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT COUNT(*) FROM r';
const TASK = 'sql-analytics';

afterAll(() => shutdownPool());

describe('sql-analytics served: a saturated SQLite pool', () => {
  let server: RunningServer;
  afterAll(async () => server?.close());

  it('refuses with the overload contract on every transport (HTTP 503 + Retry-After, /ws CAPACITY_REACHED, MCP -32000 over HTTP 200), and the retried steps succeed', async () => {
    // One worker and room for one waiting request: a runaway query plus one queued query fill the pool.
    configurePool({ workers: 1, maxQueued: 1 });
    server = await startServer({});
    const runner = await openRaw(server.wsUrl);
    await runner.ask(JSON.stringify({ type: 'reset', data: { task: TASK, seed: 61, config: { query_timeout_ms: 6000 } } }));
    expect((await runner.ask(JSON.stringify({ type: 'step', data: { type: 'query', sql: 'SELECT 1' } }))).type).toBe('observation');
    runner.socket.send(JSON.stringify({ type: 'step', data: { type: 'query', sql: RUNAWAY } }));
    await eventually(() => poolStats().running === 1, 10_000);
    const filler = { 'x-openenv-session-id': 'filler' };
    await call(`${server.url}/reset`, { body: { task: TASK, seed: 62 }, headers: filler });
    const fillerStep = call(`${server.url}/step`, { body: { action: { type: 'query', sql: 'SELECT 2' } }, headers: filler });
    await eventually(() => poolStats().queued >= 1, 10_000);

    const http = { 'x-openenv-session-id': 'http-client' };
    await call(`${server.url}/reset`, { body: { task: TASK, seed: 63 }, headers: http });
    const httpRefusal = await call(`${server.url}/step`, { body: { action: { type: 'query', sql: 'SELECT 3' } }, headers: http });
    expect(httpRefusal.status).toBe(503);
    expect(httpRefusal.body).toMatchObject({ code: 'OVERLOADED', retry_after_s: expect.any(Number) });
    expect(Number(httpRefusal.headers.get('retry-after'))).toBe(httpRefusal.body.retry_after_s);

    const ws = await openRaw(server.wsUrl);
    await ws.ask(JSON.stringify({ type: 'reset', data: { task: TASK, seed: 64 } }));
    const wsRefusal = await ws.ask(JSON.stringify({ type: 'step', data: { type: 'query', sql: 'SELECT 4' } }));
    expect(wsRefusal).toMatchObject({ type: 'error', data: { code: 'CAPACITY_REACHED', reason: 'OVERLOADED', retry_after_s: expect.any(Number) } });

    const created = await call(`${server.url}/mcp`, { body: { jsonrpc: '2.0', id: 1, method: 'openenv/session/create', params: { task: TASK, seed: 65 } } });
    const session_id = created.body.result.session_id;
    const mcpRefusal = await call(`${server.url}/mcp`, { body: { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { session_id, name: 'query', arguments: { sql: 'SELECT 5' } } } });
    expect(mcpRefusal.status).toBe(200);
    expect(mcpRefusal.body.error).toMatchObject({ code: -32000, data: { code: 'OVERLOADED', retry_after_s: expect.any(Number) } });

    // The runaway ends at its limit, the queued query answers, and each refused request goes through when retried.
    const stopped = await runner.next(20_000);
    expect(stopped.data.observation.last_action_error).toMatch(/time limit/);
    expect((await fillerStep).status).toBe(200);
    const httpRetry = await call(`${server.url}/step`, { body: { action: { type: 'query', sql: 'SELECT 3' } }, headers: http });
    expect(httpRetry.status).toBe(200);
    expect(httpRetry.body.observation.step_count).toBe(1); // the refused attempt did not count as a step
    const wsRetry = await ws.ask(JSON.stringify({ type: 'step', data: { type: 'query', sql: 'SELECT 4' } }));
    expect(wsRetry).toMatchObject({ type: 'observation', data: { observation: { step_count: 1, last_action_error: null } } });
    const mcpRetry = await call(`${server.url}/mcp`, { body: { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { session_id, name: 'query', arguments: { sql: 'SELECT 5' } } } });
    expect(mcpRetry.body.error).toBeUndefined();
    expect(poolStats().refusals).toBe(3);
    for (const socket of [runner, ws]) socket.socket.close();
  });
});

/** One WebSocket session that sends a request and waits for its reply frame. */
async function openSession(url: string) {
  const socket = new WebSocket(url);
  const replies: ((frame: any) => void)[] = [];
  socket.on('message', (data) => replies.shift()?.(JSON.parse(data.toString())));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return {
    ask: (message: unknown) =>
      new Promise<any>((resolve) => {
        replies.push(resolve);
        socket.send(JSON.stringify(message));
      }),
    close: () => socket.close(),
  };
}

describe('sql-analytics served: 64 concurrent WebSocket sessions', () => {
  let server: RunningServer;
  afterAll(async () => server?.close());

  it('every session plays the reference solver to the end and is graded right (pairs of sessions share a scenario, at the first and the top level)', async () => {
    configurePool({});
    server = await startServer({ maxWebSocketSessions: 72 });
    const task = server.env.registry.get(TASK);
    const sessions = 64;
    const levels = [LEVELS[0]!.name, LEVELS[LEVELS.length - 1]!.name];
    // Two sessions per scenario (a GRPO group in miniature), half at each level.
    const plans = await Promise.all(
      Array.from({ length: sessions / 2 }, async (_, i) => {
        const level = levels[i % 2]!;
        const seed = 500 + i;
        const scenario = (await scenarioFor(task, seed, undefined, { level })) as SqlScenario;
        return { level, seed, actions: (await task.plugin.solve(scenario)) as unknown[] };
      }),
    );
    const outcomes = await Promise.all(
      Array.from({ length: sessions }, async (_, i) => {
        const plan = plans[i % plans.length]!;
        const session = await openSession(server.wsUrl);
        let retried = 0;
        /** Sends a request, retrying after retry_after_s while the pool says it is full. */
        const ask = async (message: unknown): Promise<any> => {
          for (;;) {
            const reply = await session.ask(message);
            if (reply.type !== 'error' || reply.data.code !== 'CAPACITY_REACHED') return reply;
            retried += 1;
            await new Promise((resolve) => setTimeout(resolve, reply.data.retry_after_s * 1000));
          }
        };
        const reset = await ask({ type: 'reset', data: { task: TASK, seed: plan.seed, level: plan.level } });
        expect(reset.type, JSON.stringify(reset)).toBe('observation');
        let last = reset;
        for (const action of plan.actions) {
          last = await ask({ type: 'step', data: action });
          expect(last.type, JSON.stringify(last).slice(0, 300)).toBe('observation');
          if (last.data.done) break;
        }
        const state = await ask({ type: 'state' });
        session.close();
        return { done: last.data.done, raw: state.data.raw_score, level: state.data.level, retried };
      }),
    );
    expect(outcomes.filter((o) => o.done)).toHaveLength(sessions);
    expect(outcomes.map((o) => o.raw)).toEqual(outcomes.map(() => 1));
    expect(new Set(outcomes.map((o) => o.level))).toEqual(new Set(levels));
    // Each scenario's database was built once at most per worker restart (none here): sessions shared them; so
    // were the top level's hidden instances (three more databases per top-level scenario, built at its submit).
    const hiddenDatabases = plans.filter((p) => p.level === levels[1]).length * 3;
    expect(poolStats().builds).toBeLessThanOrEqual(plans.length + hiddenDatabases);
  });
});
