// The HTTP side of the OpenEnv wire contract, end to end over a real port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, ECHO_MANIFEST, startServer, type RunningServer } from './helpers/start-server.js';

let server: RunningServer;
const echoAction = (text: string) => ({ type: 'say', text });

beforeAll(async () => {
  server = await startServer({ manifestPath: ECHO_MANIFEST });
});
afterAll(async () => server.close());

describe('runtime validator criteria', () => {
  it('GET /health answers exactly {"status":"healthy"}', async () => {
    const res = await call(`${server.url}/health`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'healthy' });
  });

  it('GET /metadata has string name and description and the other fields', async () => {
    const res = await call(`${server.url}/metadata`);
    expect(res.status).toBe(200);
    expect(typeof res.body.name).toBe('string');
    expect(typeof res.body.description).toBe('string');
    for (const key of ['readme_content', 'version', 'author', 'documentation_url']) expect(res.body).toHaveProperty(key);
  });

  it('GET /schema gives action, observation and state objects, for the default or a named task', async () => {
    const res = await call(`${server.url}/schema`);
    expect(res.status).toBe(200);
    for (const key of ['action', 'observation', 'state']) expect(typeof res.body[key]).toBe('object');
    expect(JSON.stringify(res.body.action)).toContain('"say"');
    const named = await call(`${server.url}/schema?task=echo`);
    expect(named.body).toEqual(res.body);
    const unknown = await call(`${server.url}/schema?task=nope`);
    expect(unknown.status).toBe(422);
    expect(unknown.body.detail[0].msg).toContain('Known tasks: ');
  });

  it('GET /openapi.json has a string info.version and /reset, /step, /state paths', async () => {
    const res = await call(`${server.url}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.body.info.version).toBe('1.0.0');
    for (const path of ['/reset', '/step', '/state', '/health', '/metadata', '/schema', '/mcp', '/tasks', '/grader']) {
      expect(res.body.paths).toHaveProperty(path);
    }
    // The action component is generated from the plugins' zod schemas, not written by hand.
    expect(JSON.stringify(res.body.components.schemas.Action)).toContain('The phrase to say');
  });

  it('POST /mcp {} answers 200 with jsonrpc 2.0 and error -32600', async () => {
    const res = await call(`${server.url}/mcp`, { body: {} });
    expect(res.status).toBe(200);
    expect(res.body.jsonrpc).toBe('2.0');
    expect(res.body.error.code).toBe(-32600);
  });

  it('POST /reset accepts no body, an empty body and {}', async () => {
    for (const options of [{ method: 'POST' }, { rawBody: '' }, { body: {} }, { rawBody: '', headers: { 'content-type': 'text/plain' } }]) {
      const res = await call(`${server.url}/reset`, options);
      expect(res.status).toBe(200);
      expect(res.body.done).toBe(false);
      expect(res.body.reward).toBeNull();
      expect(res.body.observation.task_id).toBe('echo');
    }
  });
});

describe('stateful HTTP episodes', () => {
  it('reset, step and state continue one episode in the default session', async () => {
    const reset = await call(`${server.url}/reset`, { body: { seed: 5 } });
    const target = reset.body.observation.data.target;
    const step = await call(`${server.url}/step`, { body: { action: { ...echoAction(target), metadata: {} } } });
    expect(step.status).toBe(200);
    expect(step.body.reward).toBe(1);
    expect(step.body.observation.step_count).toBe(1);
    const state = await call(`${server.url}/state`);
    expect(state.body.step_count).toBe(1);
    // nothing that identifies the scenario while it runs
    expect(state.body).toMatchObject({ seed: null, index: null, scenario_digest: null, split: 'train', level: 'short' });
    expect(state.body.episode_id).toMatch(/^[0-9a-f-]{36}$/);
    const submit = await call(`${server.url}/step`, { body: { action: { type: 'submit' } } });
    expect(submit.body.done).toBe(true);
    expect(submit.body.observation.score).toBe(0.999);
    const final = await call(`${server.url}/state`);
    expect(final.body.raw_score).toBe(1);
    expect(final.body.score).toBe(0.999);
    expect(final.body).toMatchObject({ seed: 5, index: 5, split: 'train' });
    expect(final.body.scenario_digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('the observation never carries reward, done or metadata and keeps null fields', async () => {
    const res = await call(`${server.url}/reset`, { body: {} });
    for (const key of ['reward', 'done', 'metadata']) expect(res.body.observation).not.toHaveProperty(key);
    expect(res.body.observation.last_action_error).toBeNull();
    expect(res.body.observation).toHaveProperty('feedback', null);
  });

  it('two sessions chosen by header do not see each other, and the header is echoed', async () => {
    const a = await call(`${server.url}/reset`, { body: { seed: 1 }, headers: { 'x-openenv-session-id': 'alice' } });
    const b = await call(`${server.url}/reset`, { body: { seed: 2 }, headers: { 'x-openenv-session-id': 'bob' } });
    expect(a.headers.get('x-openenv-session-id')).toBe('alice');
    await call(`${server.url}/step`, { body: { action: echoAction('one') }, headers: { 'x-openenv-session-id': 'alice' } });
    await call(`${server.url}/step`, { body: { action: echoAction('two') }, headers: { 'x-openenv-session-id': 'alice' } });
    const stateA = await call(`${server.url}/state`, { headers: { 'x-openenv-session-id': 'alice' } });
    const stateB = await call(`${server.url}/state`, { headers: { 'x-openenv-session-id': 'bob' } });
    expect(stateA.body.step_count).toBe(2);
    expect(stateB.body.step_count).toBe(0);
    expect(stateA.body.episode_id).not.toBe(stateB.body.episode_id);
    expect(a.body.observation.prompt).not.toBe(b.body.observation.prompt);
  });

  it('"new" as session id makes a server-chosen session', async () => {
    const res = await call(`${server.url}/reset`, { body: {}, headers: { 'x-openenv-session-id': 'new' } });
    const id = res.headers.get('x-openenv-session-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const state = await call(`${server.url}/state`, { headers: { 'x-openenv-session-id': id! } });
    expect(state.status).toBe(200);
  });

  it('the task is chosen per episode by the task kwarg or its task_id alias', async () => {
    const byTask = await call(`${server.url}/reset`, { body: { task: 'echo' } });
    const byAlias = await call(`${server.url}/reset`, { body: { task_id: 'echo', extra_key: 1 } });
    expect(byTask.body.observation.task_id).toBe('echo');
    expect(byAlias.status).toBe(200);
  });
});

describe('bad input gets a clear error and nothing breaks', () => {
  it('unknown task is 422 naming the known tasks', async () => {
    const res = await call(`${server.url}/reset`, { body: { task: 'ech' } });
    expect(res.status).toBe(422);
    expect(res.body.detail[0].loc).toEqual(['body', 'task']);
    expect(res.body.detail[0].msg).toBe('Unknown task "ech". Did you mean "echo"? Known tasks: ' + server.env.registry.ids().join(', ') + '.');
  });

  it('malformed bodies are 422 with detail entries whose loc starts with body', async () => {
    const cases: Array<[string, { body?: unknown; rawBody?: string }, string]> = [
      ['/reset', { rawBody: '{bad json' }, 'json_invalid'],
      ['/reset', { body: { seed: -1 } }, 'too_small'],
      ['/reset', { body: { seed: 'x' } }, 'invalid_type'],
      ['/reset', { body: [1, 2] }, 'dict_type'],
      ['/step', { body: {} }, 'missing'],
      ['/step', { body: { action: 'say hi' } }, 'invalid_type'],
      ['/step', { rawBody: '{"action": ' }, 'json_invalid'],
    ];
    for (const [path, options, type] of cases) {
      const res = await call(`${server.url}${path}`, options);
      expect(res.status, `${path} ${JSON.stringify(options)}`).toBe(422);
      expect(res.body.detail[0].type).toBe(type);
      expect(res.body.detail[0].loc[0]).toBe('body');
      for (const key of ['type', 'loc', 'msg', 'input']) expect(res.body.detail[0]).toHaveProperty(key);
    }
  });

  it('an action that breaks the task schema is 422 naming the field, relative to the action', async () => {
    await call(`${server.url}/reset`, { body: {} });
    const res = await call(`${server.url}/step`, { body: { action: { type: 'say', txt: 'x' } } });
    expect(res.status).toBe(422);
    const locs = res.body.detail.map((d: { loc: string[] }) => d.loc.join('.'));
    expect(locs).toContain('txt');
    expect(locs).toContain('text');
    expect(res.body.message).toContain('unknown field "txt" is not allowed');
    const otherTask = await call(`${server.url}/step`, { body: { action: { type: 'classify', ticket_id: 'T-1' } } });
    expect(otherTask.status).toBe(422);
  });

  it('step before any reset is 409 EPISODE_NOT_STARTED; step after done is 409 EPISODE_DONE', async () => {
    const fresh = { 'x-openenv-session-id': 'fresh-session' };
    const state = await call(`${server.url}/state`, { headers: fresh });
    expect(state.status).toBe(404);
    expect(state.body.code).toBe('SESSION_NOT_FOUND');
    await call(`${server.url}/reset`, { body: {}, headers: { 'x-openenv-session-id': 'done-session' } });
    await call(`${server.url}/step`, { body: { action: { type: 'submit' } }, headers: { 'x-openenv-session-id': 'done-session' } });
    const after = await call(`${server.url}/step`, { body: { action: { type: 'submit' } }, headers: { 'x-openenv-session-id': 'done-session' } });
    expect(after.status).toBe(409);
    expect(after.body.code).toBe('EPISODE_DONE');
    expect(after.body.detail).toContain('call reset');
  });

  it('oversize bodies are 413 JSON; unknown paths 404 JSON; wrong methods 405 JSON', async () => {
    const big = await call(`${server.url}/step`, { body: { action: { type: 'say', text: 'x'.repeat(2 * 1024 * 1024) } } });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
    const missing = await call(`${server.url}/nope`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    const wrong = await call(`${server.url}/reset`, { method: 'GET' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    const health = await call(`${server.url}/health`);
    expect(health.status).toBe(200);
  });
});

describe('tasks and grader', () => {
  it('GET /tasks lists every task with schemas and its grader', async () => {
    const res = await call(`${server.url}/tasks`);
    expect(res.status).toBe(200);
    expect(res.body.tasks.map((t: { id: string }) => t.id)).toEqual(server.env.registry.ids());
    for (const task of res.body.tasks) {
      expect(['easy', 'medium', 'hard']).toContain(task.difficulty);
      expect(task.has_grader).toBe(true);
      expect(typeof task.action_schema).toBe('object');
      expect(typeof task.observation_schema).toBe('object');
      expect(task.max_steps).toBeGreaterThan(0);
    }
  });

  it('POST /grader grades by session and by episode id within the session; a running episode keeps its breakdown', async () => {
    const headers = { 'x-openenv-session-id': 'graded' };
    const reset = await call(`${server.url}/reset`, { body: { seed: 9 }, headers });
    const half = reset.body.observation.data.target.split(' ')[0];
    await call(`${server.url}/step`, { body: { action: echoAction(half) }, headers });
    const running = await call(`${server.url}/grader`, { body: { session_id: 'graded' } });
    expect(running.status).toBe(200);
    expect(running.body.raw_score).toBeGreaterThan(0);
    expect(running.body.breakdown).toEqual({});
    expect(running.body.seed).toBeNull();
    await call(`${server.url}/step`, { body: { action: { type: 'submit' } }, headers });
    const bySession = await call(`${server.url}/grader`, { body: { session_id: 'graded' } });
    const state = await call(`${server.url}/state`, { headers });
    const byEpisode = await call(`${server.url}/grader`, { body: { episode_id: state.body.episode_id }, headers });
    expect(bySession.body.raw_score).toBe(running.body.raw_score);
    expect(bySession.body.breakdown).toHaveProperty('recall');
    expect(byEpisode.body).toEqual(bySession.body);
    // after a new reset the old episode is still gradable by its id, in its own session only
    await call(`${server.url}/reset`, { body: { seed: 10 }, headers });
    const archived = await call(`${server.url}/grader`, { body: { episode_id: state.body.episode_id, session_id: 'graded' } });
    expect(archived.body).toEqual(byEpisode.body);
    const elsewhere = await call(`${server.url}/grader`, { body: { episode_id: state.body.episode_id } });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.code).toBe('EPISODE_NOT_FOUND');
  });

  it('replays are off by default and, once turned on, grade exactly like the live episode', async () => {
    const refused = await call(`${server.url}/grader`, { body: { task: 'echo', seed: 9, actions: [] } });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('REPLAY_DISABLED');
    const open = await startServer({ manifestPath: ECHO_MANIFEST, replayGrading: true });
    try {
      const headers = { 'x-openenv-session-id': 'live' };
      const reset = await call(`${open.url}/reset`, { body: { seed: 9 }, headers });
      const action = echoAction(reset.body.observation.data.target.split(' ')[0]);
      await call(`${open.url}/step`, { body: { action }, headers });
      await call(`${open.url}/step`, { body: { action: { type: 'submit' } }, headers });
      const live = await call(`${open.url}/grader`, { body: {}, headers });
      const replay = await call(`${open.url}/grader`, { body: { task: 'echo', seed: 9, actions: [action, { type: 'submit' }] } });
      expect(replay.status).toBe(200);
      expect(replay.body.raw_score).toBe(live.body.raw_score);
      expect(replay.body.breakdown).toEqual(live.body.breakdown);
      expect(replay.body.scenario_digest).toBe(live.body.scenario_digest);
    } finally {
      await open.close();
    }
  });
});

describe('more edges of the contract', () => {
  it('step on a fresh server, before any reset, is 409 EPISODE_NOT_STARTED', async () => {
    const fresh = await startServer({ manifestPath: ECHO_MANIFEST });
    try {
      const res = await call(`${fresh.url}/step`, { body: { action: { type: 'submit' } } });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('EPISODE_NOT_STARTED');
      expect(res.body.detail).toContain('call reset before step');
      const state = await call(`${fresh.url}/state`);
      expect(state.body).toMatchObject({ episode_id: null, step_count: 0 });
    } finally {
      await fresh.close();
    }
  });

  it('reset accepts task: null and config: null, as Python callers send them', async () => {
    const res = await call(`${server.url}/reset`, { body: { task: null, task_id: null, config: null, seed: null, episode_id: null } });
    expect(res.status).toBe(200);
    expect(res.body.observation.task_id).toBe('echo');
  });

  it('a failed reset with "new" as session id creates no session', async () => {
    const before = (await call(`${server.url}/mcp`, { body: { jsonrpc: '2.0', id: 1, method: 'ping' } })).status;
    expect(before).toBe(200);
    const res = await call(`${server.url}/reset`, { body: { seed: -5 }, headers: { 'x-openenv-session-id': 'new' } });
    expect(res.status).toBe(422);
    expect(res.headers.get('x-openenv-session-id')).toBeNull();
  });

  it('an oversize body to /mcp still gets HTTP 200 with a JSON-RPC error', async () => {
    const res = await call(`${server.url}/mcp`, { body: { jsonrpc: '2.0', id: 1, method: 'ping', params: { pad: 'x'.repeat(2 * 1024 * 1024) } } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32600 } });
  });

  it('a plain GET /ws without an upgrade gets a JSON 426', async () => {
    const res = await call(`${server.url}/ws`);
    expect(res.status).toBe(426);
    expect(res.body.code).toBe('UPGRADE_REQUIRED');
  });
});
