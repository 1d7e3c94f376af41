// Recording through a real server: reset's record kwarg and OPENENV_RECORD, GET /trajectory (own finished episode only), GET /trajectories (orchestrator), bounds, JSONL append.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveScenario } from 'openenv-ts';
import { call, DEFAULT_MANIFEST, ECHO_MANIFEST, ROOT, startServer, type RunningServer } from '../helpers/start-server.js';

const SESSION = 'x-openenv-session-id';
const TOKEN = 'orchestrator-token-for-recording-tests-0123';

/** Plays the reference solution of a task at a seed through HTTP; returns the session and what the client saw. */
async function playReference(server: RunningServer, task: string, seed: number, reset: Record<string, unknown> = { record: true }, base = server.url) {
  const registered = server.env.registry.get(task);
  const address = await resolveScenario(registered, { seed });
  const actions = await registered.plugin.solve(address.scenario);
  registered.plugin.dispose?.(address.scenario);
  const first = await call(`${base}/reset`, { body: { task, seed, ...reset }, headers: { [SESSION]: 'new' } });
  expect(first.status).toBe(200);
  const session = first.headers.get(SESSION)!;
  const seen = { observations: [first.body.observation], rewards: [] as number[], actions: [] as unknown[] };
  for (const action of actions) {
    const step = await call(`${base}/step`, { body: { action }, headers: { [SESSION]: session } });
    expect(step.status).toBe(200);
    seen.observations.push(step.body.observation);
    seen.rewards.push(step.body.reward);
    seen.actions.push(action);
    if (step.body.done) break;
  }
  return { session, seen };
}

describe('recording on every shipped task', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ manifestPath: DEFAULT_MANIFEST });
  });
  afterAll(async () => server.close());

  it.each(['ticket-triage', 'data-cleaning', 'sql-analytics', 'lead-optimization', 'web-navigation'])('%s: GET /trajectory returns exactly what the client saw, with address and versions', async (task) => {
    const { session, seen } = await playReference(server, task, 11);
    const record = await call(`${server.url}/trajectory`, { headers: { [SESSION]: session } });
    expect(record.status).toBe(200);
    const state = await call(`${server.url}/state`, { headers: { [SESSION]: session } });
    const version = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
    expect(record.body).toMatchObject({
      format: 'openenv-ts.trajectory/1',
      task_id: task,
      episode_id: state.body.episode_id,
      seed: 11,
      index: state.body.index,
      scenario_digest: state.body.scenario_digest,
      grader_version: server.env.registry.get(task).metadata.graderVersion,
      framework_version: version,
      done: true,
      score: state.body.score,
      raw_score: state.body.raw_score,
      grade_breakdown: state.body.grade_breakdown,
    });
    expect(record.body.observations).toEqual(seen.observations);
    expect(record.body.rewards).toEqual(seen.rewards);
    expect(record.body.actions).toEqual(seen.actions);
    expect(record.body.errors).toEqual(seen.observations.slice(1).map((o) => o.last_action_error));
    expect(record.body.reward_components).toHaveLength(seen.actions.length);
  });
});

describe('who may read a recording', () => {
  let open: RunningServer;
  let locked: RunningServer;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'openenv-recording-'));
    open = await startServer({ manifestPath: ECHO_MANIFEST, recording: { maxEpisodes: 2, dir } });
    locked = await startServer({ manifestPath: ECHO_MANIFEST, orchestratorToken: TOKEN, recording: { recordAll: true } });
  });
  afterAll(async () => {
    await open.close();
    await locked.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a running episode has no recording yet (it would reveal the seed), and nor does an episode reset without record', async () => {
    const reset = await call(`${open.url}/reset`, { body: { task: 'echo', seed: 3, record: true }, headers: { [SESSION]: 'new' } });
    const session = reset.headers.get(SESSION)!;
    const running = await call(`${open.url}/trajectory`, { headers: { [SESSION]: session } });
    expect(running.status).toBe(404);
    expect(running.body.code).toBe('TRAJECTORY_NOT_FOUND');
    const { session: unrecorded } = await playReference(open, 'echo', 4, {});
    expect((await call(`${open.url}/trajectory`, { headers: { [SESSION]: unrecorded } })).body.code).toBe('TRAJECTORY_NOT_FOUND');
  });

  it("a session never gets another session's episode, and listing every recording needs a configured token", async () => {
    const { session } = await playReference(open, 'echo', 5);
    expect((await call(`${open.url}/trajectory`, { headers: { [SESSION]: session } })).status).toBe(200);
    const other = await call(`${open.url}/reset`, { body: { task: 'echo', seed: 6 }, headers: { [SESSION]: 'new' } });
    const stranger = await call(`${open.url}/trajectory`, { headers: { [SESSION]: other.headers.get(SESSION)! } });
    expect(stranger.status).toBe(404);
    const list = await call(`${open.url}/trajectories`);
    expect(list.status).toBe(403);
    expect(list.body.code).toBe('ORCHESTRATOR_ONLY');
  });

  it('on a locked server an agent cannot read its recording; the orchestrator lists every one (OPENENV_RECORD records all)', async () => {
    const base = `${locked.url}/orchestrator/${TOKEN}`;
    const { session } = await playReference(locked, 'echo', 7, {}, base);
    const agent = await call(`${locked.url}/trajectory`, { headers: { [SESSION]: session } });
    expect(agent.status).toBe(403);
    const own = await call(`${base}/trajectory`, { headers: { [SESSION]: session } });
    expect(own.status).toBe(200);
    const list = await call(`${base}/trajectories`);
    expect(list.status).toBe(200);
    expect(list.headers.get('content-type')).toContain('application/x-ndjson');
    // One record is also one JSON document, which the helper parses; more are lines.
    const text = typeof list.body === 'string' ? list.body : JSON.stringify(list.body);
    const lines = text.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.episode_id)).toContain(own.body.episode_id);
  });

  it('keeps at most the bound in memory (oldest dropped first) and appends every finished record to the JSONL directory', async () => {
    const ids: string[] = [];
    const sessions: string[] = [];
    for (const seed of [20, 21, 22]) {
      const { session } = await playReference(open, 'echo', seed);
      sessions.push(session);
      ids.push((await call(`${open.url}/trajectory`, { headers: { [SESSION]: session } })).body.episode_id);
    }
    expect((await call(`${open.url}/trajectory`, { headers: { [SESSION]: sessions[0]! } })).status).toBe(404);
    expect((await call(`${open.url}/trajectory?episode_id=${ids[2]}`, { headers: { [SESSION]: sessions[2]! } })).status).toBe(200);
    await open.recorder.flush();
    const appended = readFileSync(path.join(dir, 'trajectories.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).episode_id);
    for (const id of ids) expect(appended).toContain(id);
  });
});
