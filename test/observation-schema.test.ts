// /schema's observation admits OpenEnv's reward, done and metadata, while served observations never carry them.
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarioFor } from 'openenv-ts';
import { call, DEFAULT_MANIFEST, ECHO_MANIFEST, startServer, type RunningServer } from './helpers/start-server.js';
import { schemaProblems } from './helpers/json-schema.js';
import { PythonStyleClient, pythonJsonDumps } from './helpers/python-style-ws-client.js';

const servers: RunningServer[] = [];
beforeAll(async () => {
  servers.push(await startServer({ manifestPath: DEFAULT_MANIFEST }), await startServer({ manifestPath: ECHO_MANIFEST }));
});
afterAll(async () => {
  for (const server of servers) await server.close();
});

/** One frame of an exchange, as OpenEnv's collector keeps it: the raw `data` of an observation frame. */
interface ObservationData {
  observation: Record<string, unknown>;
  reward: unknown;
  done: unknown;
}

/**
 * Plays a task over WebSocket the way OpenEnv's validator does (reset, then bare actions): the reference solution
 * until done, its first action sent twice so a penalty is exercised.
 */
async function playOverWs(server: RunningServer, taskId: string, seed: number): Promise<ObservationData[] & { repeated: boolean }> {
  const task = server.env.registry.get(taskId);
  const scenario = await scenarioFor(task, seed);
  const solution = [...(await task.plugin.solve(scenario))] as Record<string, unknown>[];
  task.plugin.dispose?.(scenario);
  const client = await PythonStyleClient.connect(server.wsUrl);
  const frames: ObservationData[] = [];
  const send = async (message: Record<string, unknown>) => {
    client.sendRaw(pythonJsonDumps(message));
    const frame = await client.nextFrame();
    expect(frame.type, JSON.stringify(frame).slice(0, 300)).toBe('observation');
    frames.push(frame.data);
    return frame.data as ObservationData;
  };
  let repeated = false;
  try {
    await send({ type: 'reset', data: { task: taskId, seed } });
    for (const [i, action] of solution.entries()) {
      let data = await send({ type: 'step', data: action });
      // The first action once more: a repeated action is penalised, so a negative reward crosses the wire.
      if (i === 0 && data.done !== true) {
        data = await send({ type: 'step', data: action });
        repeated = true;
      }
      if (data.done === true) break;
    }
  } finally {
    await client.close();
  }
  return Object.assign(frames, { repeated });
}

describe('the observation schema of /schema', () => {
  it('admits reward, done and metadata as OpenEnv\'s base Observation declares them, and stays closed to others', async () => {
    for (const server of servers) {
      for (const task of server.env.registry.list()) {
        const { body } = await call(`${server.url}/schema?task=${task.metadata.id}`);
        const schema = body.observation;
        expect(schema.additionalProperties).toBe(false);
        expect(schema.properties.reward).toMatchObject({ type: ['number', 'null'] });
        expect(schema.properties.done).toMatchObject({ type: 'boolean' });
        expect(schema.properties.metadata).toMatchObject({ type: 'object' });
        for (const key of ['reward', 'done', 'metadata']) expect(schema.required).not.toContain(key);
        const reset = await call(`${server.url}/reset`, { body: { task: task.metadata.id, seed: 1 } });
        expect(schemaProblems(schema, { ...reset.body.observation, not_declared: 1 })).toEqual(['/: must NOT have additional properties (not_declared)']);
      }
    }
  });

  it('validates observation + reward + done of every WebSocket exchange, negative rewards included, for every task', async () => {
    for (const server of servers) {
      for (const task of server.env.registry.list()) {
        const { body } = await call(`${server.url}/schema?task=${task.metadata.id}`);
        const frames = await playOverWs(server, task.metadata.id, 11);
        expect(frames.length).toBeGreaterThan(1);
        expect(frames.at(-1)!.done, `${task.metadata.id}: the reference solution ends the episode`).toBe(true);
        if (frames.repeated) expect(frames.some((f) => typeof f.reward === 'number' && f.reward < 0), `${task.metadata.id}: a repeated action is penalised`).toBe(true);
        frames.forEach((frame, i) => {
          // What OpenEnv's schema worker validates: dict(observation), updated with reward and done.
          const merged = { ...frame.observation, reward: frame.reward, done: frame.done };
          expect(schemaProblems(body.observation, merged), `${task.metadata.id} exchange ${i}`).toEqual([]);
        });
      }
    }
  });

  it('describes a field the wire observation never carries: reward and done stay at the top level, metadata is never sent', async () => {
    for (const server of servers) {
      for (const task of server.env.registry.list()) {
        const frames = await playOverWs(server, task.metadata.id, 12);
        for (const frame of frames) {
          for (const key of ['reward', 'done', 'metadata']) expect(frame.observation, `${task.metadata.id}: observation.${key}`).not.toHaveProperty(key);
          expect(frame).toHaveProperty('reward');
          expect(typeof frame.done).toBe('boolean');
        }
        const reset = await call(`${server.url}/reset`, { body: { task: task.metadata.id, seed: 12 } });
        for (const key of ['reward', 'done', 'metadata']) expect(reset.body.observation).not.toHaveProperty(key);
        expect(reset.body).toMatchObject({ reward: null, done: false });
      }
    }
  });
});
