// OpenEnv's Task API over a real port: routes, bodies and status codes, the collector's view, and reset by address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PythonStyleClient } from './helpers/python-style-ws-client.js';
import { call, DEFAULT_MANIFEST, ECHO_MANIFEST, startServer, type RunningServer } from './helpers/start-server.js';
import { CATALOGUE_SIZE } from 'openenv-ts';
import { sliceBounds, TASK_LIST_LIMIT, TASK_RANGE_LIMIT } from 'openenv-ts/server';

let echo: RunningServer;
let full: RunningServer;
const ECHO_ENV = 'echo-fixture';

beforeAll(async () => {
  echo = await startServer({ manifestPath: ECHO_MANIFEST });
  full = await startServer({ manifestPath: DEFAULT_MANIFEST });
});
afterAll(async () => {
  await echo.close();
  await full.close();
});

const post = (server: RunningServer, path: string, body: unknown) => call(`${server.url}${path}`, { body });

describe('Task API routes', () => {
  it('GET /list_environments names exactly one environment: the manifest name', async () => {
    const res = await call(`${echo.url}/list_environments`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([ECHO_ENV]);
  });

  it('GET /{env}/splits lists the splits with their types; the env name matches case-insensitively', async () => {
    const res = await call(`${echo.url}/ECHO-Fixture/splits`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { name: 'train', type: 'train' },
      { name: 'test', type: 'test' },
    ]);
  });

  it('an unknown environment is a 404 naming the one there is', async () => {
    for (const [method, path] of [['GET', '/nope/splits'], ['POST', '/nope/tasks'], ['POST', '/nope/num_tasks'], ['POST', '/nope/task'], ['POST', '/nope/task_range']] as const) {
      const res = await call(`${echo.url}${path}`, method === 'POST' ? { body: { split: 'test' } } : {});
      expect(res.status, path).toBe(404);
      expect(res.body.code).toBe('TASK_API_UNKNOWN_ENV');
      expect(res.body.detail).toContain(ECHO_ENV);
    }
  });

  it('num_tasks counts every level of every task in the split, honestly', async () => {
    const res = await post(echo, `/${ECHO_ENV}/num_tasks`, { split: 'test' });
    expect(res.status).toBe(200);
    // echo has two levels
    expect(res.body).toEqual({ num_tasks: 2 * CATALOGUE_SIZE.test });
  });

  it('tasks lists a truncated preview with the env name, and says so', async () => {
    const res = await post(echo, `/${ECHO_ENV}/tasks`, { split: 'train' });
    expect(res.status).toBe(200);
    expect(res.body.env_name).toBe(ECHO_ENV);
    expect(res.body.tasks).toHaveLength(TASK_LIST_LIMIT);
    expect(res.body.num_tasks).toBe(2 * CATALOGUE_SIZE.train);
    expect(res.body.truncated).toBe(true);
    expect(res.body.tasks.map((t: { index: number }) => t.index)).toEqual([...Array(TASK_LIST_LIMIT).keys()]);
  });

  it('task gives one spec with its address, level, digest and reset kwargs; the same index gives the same spec', async () => {
    const a = await post(echo, `/${ECHO_ENV}/task`, { split: 'test', index: 5 });
    const b = await post(echo, `/${ECHO_ENV}/task`, { split: 'test', index: 5 });
    expect(a.status).toBe(200);
    expect(a.body.task).toEqual(b.body.task);
    expect(a.body.task).toMatchObject({ id: 'test/5', index: 5, split: 'test', task: 'echo', level: 'long', level_number: 2, task_index: 2, reset: { split: 'test', index: 5 } });
    expect(a.body.task.scenario_digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('an out-of-range index is a 400 giving the range; a bad body is a 422; an unknown split is a 400 naming the splits', async () => {
    for (const index of [-1, 2 * CATALOGUE_SIZE.test]) {
      const res = await post(echo, `/${ECHO_ENV}/task`, { split: 'test', index });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('TASK_API_BAD_INDEX');
      expect(res.body.detail).toContain(`0 to ${2 * CATALOGUE_SIZE.test - 1}`);
    }
    const missing = await post(echo, `/${ECHO_ENV}/task`, { split: 'test' });
    expect(missing.status).toBe(422);
    expect(missing.body.detail[0].loc).toEqual(['body', 'index']);
    const split = await post(echo, `/${ECHO_ENV}/num_tasks`, { split: 'validation' });
    expect(split.status).toBe(400);
    expect(split.body.code).toBe('TASK_API_UNKNOWN_SPLIT');
    expect(split.body.detail).toContain('train, test');
  });

  it('task_range follows Python slice semantics and refuses slices too large to answer', async () => {
    const range = await post(echo, `/${ECHO_ENV}/task_range`, { split: 'test', start: 3, stop: 6 });
    expect(range.status).toBe(200);
    expect(range.body.tasks.map((t: { index: number }) => t.index)).toEqual([3, 4, 5]);
    const tail = await post(echo, `/${ECHO_ENV}/task_range`, { split: 'test', start: -2, stop: null });
    expect(tail.body.tasks.map((t: { index: number }) => t.index)).toEqual([2 * CATALOGUE_SIZE.test - 2, 2 * CATALOGUE_SIZE.test - 1]);
    const empty = await post(echo, `/${ECHO_ENV}/task_range`, { split: 'test', start: 6, stop: 3 });
    expect(empty.body.tasks).toEqual([]);
    const huge = await post(echo, `/${ECHO_ENV}/task_range`, { split: 'test', start: 0 });
    expect(huge.status).toBe(400);
    expect(huge.body.detail).toContain(String(TASK_RANGE_LIMIT));
  });

  it('slice bounds match Python for the edge cases', () => {
    expect(sliceBounds(10, undefined, undefined)).toEqual([0, 10]);
    expect(sliceBounds(10, -3, undefined)).toEqual([7, 10]);
    expect(sliceBounds(10, -30, 2)).toEqual([0, 2]);
    expect(sliceBounds(10, 4, -1)).toEqual([4, 9]);
    expect(sliceBounds(10, 12, 20)).toEqual([10, 10]);
  });
});

describe("the collector's view of the served environment", () => {
  it('one name, every split with an honest count, and two previews per split that each reset to their digest', async () => {
    const names = (await call(`${full.url}/list_environments`)).body as string[];
    expect(names).toHaveLength(1);
    const env = names[0]!;
    const splits = (await call(`${full.url}/${env}/splits`)).body as { name: string }[];
    expect(splits.map((s) => s.name)).toEqual(['train', 'validation', 'test']);
    for (const { name } of splits) {
      const count = (await post(full, `/${env}/num_tasks`, { split: name })).body.num_tasks;
      expect(count).toBeGreaterThan(0);
      const previews = (await post(full, `/${env}/task_range`, { split: name, start: 0, stop: 2 })).body.tasks;
      expect(previews).toHaveLength(2);
      for (const spec of previews) {
        const headers = { 'x-openenv-session-id': `collector-${name}-${spec.index}` };
        const reset = await call(`${full.url}/reset`, { body: spec.reset, headers });
        expect(reset.status).toBe(200);
        expect(reset.body.observation.task_id).toBe(spec.task);
        const state = (await call(`${full.url}/state`, { headers })).body;
        expect(state).toMatchObject({ task_id: spec.task, level: spec.level, split: name, scenario_digest: null });
      }
    }
  });
});

describe('reset by split, level and index', () => {
  it('is deterministic, and the same over HTTP, WebSocket and MCP', async () => {
    const kwargs = { task: 'echo', split: 'test', level: 'long', index: 41 };
    const http = await call(`${echo.url}/reset`, { body: kwargs, headers: { 'x-openenv-session-id': 'by-address' } });
    const again = await call(`${echo.url}/reset`, { body: kwargs, headers: { 'x-openenv-session-id': 'by-address-2' } });
    const ws = await PythonStyleClient.connect(echo.wsUrl);
    const overWs = await ws.reset(kwargs);
    await ws.close();
    const mcp = await call(`${echo.url}/mcp`, { body: { jsonrpc: '2.0', id: 1, method: 'openenv/session/create', params: kwargs } });
    expect(http.status).toBe(200);
    expect(again.body.observation).toEqual(http.body.observation);
    expect(overWs.observation).toEqual(http.body.observation);
    expect(mcp.body.result.observation).toEqual(http.body.observation);
    expect(http.body.observation.data.target.split(' ').length).toBeGreaterThanOrEqual(9);
  });

  it('the Task API index resets to the spec it lists, and the digest shows once the episode is over', async () => {
    const spec = (await post(echo, `/${ECHO_ENV}/task`, { split: 'test', index: 9 })).body.task;
    const headers = { 'x-openenv-session-id': 'by-task-index' };
    await call(`${echo.url}/reset`, { body: { split: 'test', index: 9 }, headers });
    await call(`${echo.url}/step`, { body: { action: { type: 'submit' } }, headers });
    const state = (await call(`${echo.url}/state`, { headers })).body;
    expect(state).toMatchObject({ split: 'test', level: spec.level, index: spec.task_index, scenario_digest: spec.scenario_digest });
  });

  it('without an index the seed picks it, in the split asked for (train by default)', async () => {
    const headers = { 'x-openenv-session-id': 'by-seed' };
    const bySeed = await call(`${echo.url}/reset`, { body: { split: 'test', seed: 12 }, headers });
    const byIndex = await call(`${echo.url}/reset`, { body: { task: 'echo', split: 'test', index: 12 }, headers });
    const train = await call(`${echo.url}/reset`, { body: { seed: 12 }, headers });
    expect(bySeed.body.observation).toEqual(byIndex.body.observation);
    expect(train.body.observation.prompt).not.toBe(bySeed.body.observation.prompt);
  });

  it('unknown names and out-of-range indices are refused naming what exists, before any session is made', async () => {
    const cases: Array<[unknown, string, string]> = [
      [{ task: 'echo', level: 'hardest' }, 'level', '1 "short", 2 "long"'],
      [{ task: 'echo', level: 3 }, 'level', '1 "short", 2 "long"'],
      [{ task: 'echo', split: 'holdout' }, 'split', 'train, test'],
      [{ task: 'echo', split: 'test', index: CATALOGUE_SIZE.test }, 'index', `0 to ${CATALOGUE_SIZE.test - 1}`],
      [{ split: 'test', index: 2 * CATALOGUE_SIZE.test }, 'index', `0 to ${2 * CATALOGUE_SIZE.test - 1}`],
      [{ split: 'test', index: 1, level: 'long' }, 'level', 'already fixes task and level'],
      [{ task: 'echo', reward_mode: 'sparse' }, 'reward_mode', 'dense'],
    ];
    for (const [body, field, text] of cases) {
      const res = await call(`${echo.url}/reset`, { body, headers: { 'x-openenv-session-id': 'never-made' } });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.detail[0].loc).toEqual(['body', field]);
      expect(JSON.stringify(res.body.detail), JSON.stringify(body)).toContain(text.replaceAll('"', '\\"'));
    }
    const state = await call(`${echo.url}/state`, { headers: { 'x-openenv-session-id': 'never-made' } });
    expect(state.status).toBe(404);
  });
});
