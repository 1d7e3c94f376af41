// lead-optimization served by a real server on a real port: a full RDKit worker pool gives each transport's overload reply (retryable, never a 500).
import { afterAll, describe, expect, it } from 'vitest';
import { call, eventually, startServer, type RunningServer } from '../../test/helpers/start-server.js';
import { openRaw } from '../../test/helpers/raw-ws.js';
import { chemistryPoolStats, configureChemistryPool, holdChemistryJobs, shutdownChemistryPool } from './chemistry-pool.js';

// plugin.ts is not imported here: the server's loader must be the first to import it (it registers the task).
const TASK = 'lead-optimization';

afterAll(() => shutdownChemistryPool());

describe('lead-optimization served: a full RDKit worker pool', () => {
  let server: RunningServer;
  afterAll(async () => server?.close());

  it('refuses a reset with the overload contract on every transport (HTTP 503 + Retry-After, /ws CAPACITY_REACHED, MCP -32000), and a submit over HTTP; the retries succeed', async () => {
    // One worker, room for one waiting job, and jobs held out of the worker: the line is full after one reset.
    configureChemistryPool({ workers: 1, maxQueued: 1 });
    server = await startServer({});
    // Before the pool is held: an episode with an analogue that passes every gate (what the agent sees says so),
    // so submitting it needs the oracle's search, which nothing has run yet.
    const submitter = { 'x-openenv-session-id': 'submitter' };
    const candidate = await gatePassingAnalogue(server.url, submitter, 70);
    const release = holdChemistryJobs();
    const filler = { 'x-openenv-session-id': 'filler' };
    const fillerReset = call(`${server.url}/reset`, { body: { task: TASK, seed: 71 }, headers: filler });
    await eventually(() => chemistryPoolStats().queued === 1, 30_000);

    const http = { 'x-openenv-session-id': 'http-client' };
    const httpRefusal = await call(`${server.url}/reset`, { body: { task: TASK, seed: 72 }, headers: http });
    expect(httpRefusal.status).toBe(503);
    expect(httpRefusal.body).toMatchObject({ code: 'OVERLOADED', retry_after_s: expect.any(Number) });
    expect(Number(httpRefusal.headers.get('retry-after'))).toBe(httpRefusal.body.retry_after_s);

    const submit = { action: { type: 'submit', molecule: candidate.id } };
    const submitRefusal = await call(`${server.url}/step`, { body: submit, headers: submitter });
    expect(submitRefusal.status).toBe(503);
    expect(submitRefusal.body).toMatchObject({ code: 'OVERLOADED', retry_after_s: expect.any(Number) });

    const ws = await openRaw(server.wsUrl);
    const wsRefusal = await ws.ask(JSON.stringify({ type: 'reset', data: { task: TASK, seed: 73 } }), 30_000);
    expect(wsRefusal).toMatchObject({ type: 'error', data: { code: 'CAPACITY_REACHED', reason: 'OVERLOADED', retry_after_s: expect.any(Number) } });

    const mcpCreate = { jsonrpc: '2.0', id: 1, method: 'openenv/session/create', params: { task: TASK, seed: 74 } };
    const mcpRefusal = await call(`${server.url}/mcp`, { body: mcpCreate });
    expect(mcpRefusal.status).toBe(200);
    expect(mcpRefusal.body.error).toMatchObject({ code: -32000, data: { code: 'OVERLOADED', retry_after_s: expect.any(Number) } });

    // Released, the waiting reset answers and each refused request goes through when retried.
    release();
    expect((await fillerReset).status).toBe(200);
    const httpRetry = await call(`${server.url}/reset`, { body: { task: TASK, seed: 72 }, headers: http });
    expect(httpRetry.status).toBe(200);
    const wsRetry = await ws.ask(JSON.stringify({ type: 'reset', data: { task: TASK, seed: 73 } }), 30_000);
    expect(wsRetry).toMatchObject({ type: 'observation', data: { observation: { step_count: 0 } } });
    const mcpRetry = await call(`${server.url}/mcp`, { body: mcpCreate });
    expect(mcpRetry.body.error).toBeUndefined();
    // The refused submit did not count as a step; retried, it ends the episode with a grade read against the oracle.
    const submitRetry = await call(`${server.url}/step`, { body: submit, headers: submitter });
    expect(submitRetry.status).toBe(200);
    expect(submitRetry.body).toMatchObject({ done: true, observation: { step_count: candidate.steps + 1 } });
    const state = await call(`${server.url}/state`, { method: 'GET', headers: submitter });
    expect(state.body.grade_breakdown).toMatchObject({ gates_passed: true, oracle_objective: expect.any(Number) });
    expect(chemistryPoolStats().refusals).toBe(4);
    ws.socket.close();
  });
});

/** Resets a session and edits the lead one point at a time until a molecule passes every gate (as the observation shows). */
async function gatePassingAnalogue(url: string, headers: Record<string, string>, seed: number): Promise<{ id: string; steps: number }> {
  const reset = await call(`${url}/reset`, { body: { task: TASK, seed }, headers });
  expect(reset.status).toBe(200);
  const data = reset.body.observation.data;
  const window = data.similarity_window;
  let steps = 0;
  for (const point of data.attachment_points) {
    for (const fragment of point.offered) {
      const step = await call(`${url}/step`, { body: { action: { type: 'edit', point: point.name, fragment } }, headers });
      steps += 1;
      const made = step.body.observation.data.molecules.at(-1);
      if (made.alerts.length === 0 && made.core_kept && made.similarity_to_lead >= window.min && made.similarity_to_lead <= window.max) return { id: made.id, steps };
      await call(`${url}/step`, { body: { action: { type: 'view', molecule: 'M0' } }, headers });
      steps += 1;
    }
  }
  throw new Error(`no single edit of seed ${seed}'s lead passes the gates`);
}
