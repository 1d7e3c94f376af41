// The /ws side of the contract, driven the way OpenEnv's Python client drives it (byte for byte).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PythonStyleClient, ServerError, pythonJsonDumps } from './helpers/python-style-ws-client.js';
import { eventually, ECHO_MANIFEST, startServer, type RunningServer } from './helpers/start-server.js';

let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ manifestPath: ECHO_MANIFEST, maxWebSocketSessions: 3 });
});
afterAll(async () => server.close());

describe('python-style client over /ws', () => {
  it('sends frames exactly as json.dumps does', () => {
    expect(pythonJsonDumps({ type: 'step', data: { type: 'say', text: 'hé', metadata: {} } })).toBe(
      '{"type": "step", "data": {"type": "say", "text": "h\\u00e9", "metadata": {}}}',
    );
  });

  it('reset, step, state and close run one episode', async () => {
    const client = await PythonStyleClient.connect(server.wsUrl);
    const reset = await client.reset({ seed: 3 });
    expect(reset.done).toBe(false);
    expect(reset.reward).toBeNull();
    const target = reset.observation.data.target;
    const step = await client.step({ type: 'say', text: target });
    expect(step.reward).toBe(1);
    const done = await client.step({ type: 'submit' });
    expect(done.done).toBe(true);
    const state = await client.state();
    expect(state.step_count).toBe(2);
    expect(state.episode_id).toEqual(expect.any(String));
    expect(state.score).toBe(0.999);
    await client.close();
    expect(client.closed).toBe(true);
  });

  it('each connection is its own session', async () => {
    const a = await PythonStyleClient.connect(server.wsUrl);
    const b = await PythonStyleClient.connect(server.wsUrl);
    await a.reset({ seed: 1 });
    await b.reset({ seed: 2 });
    await a.step({ type: 'say', text: 'x' });
    expect((await a.state()).step_count).toBe(1);
    expect((await b.state()).step_count).toBe(0);
    await a.close();
    await b.close();
  });

  it('the task can be picked per episode in the reset data', async () => {
    const client = await PythonStyleClient.connect(server.wsUrl);
    const reset = await client.reset({ task: 'echo', seed: 4 });
    expect(reset.observation.task_id).toBe('echo');
    await client.close();
  });
});

describe('/ws error codes; the socket stays open after each', () => {
  it('INVALID_JSON, UNKNOWN_TYPE, VALIDATION_ERROR and SESSION_ERROR', async () => {
    const client = await PythonStyleClient.connect(server.wsUrl);
    client.sendRaw('{not json');
    expect((await client.nextFrame()).data.code).toBe('INVALID_JSON');
    client.sendRaw(pythonJsonDumps({ type: 'dance' }));
    const unknown = await client.nextFrame();
    expect(unknown.data.code).toBe('UNKNOWN_TYPE');
    expect(unknown.data.message).toContain('"dance"');

    // step before reset: an execution error naming the fix
    await expect(client.step({ type: 'submit' })).rejects.toMatchObject({
      message: expect.stringContaining('call reset before step'),
      data: { code: 'SESSION_ERROR', reason: 'EPISODE_NOT_STARTED' },
    });

    await client.reset({ seed: 1 });
    client.sendRaw(pythonJsonDumps({ type: 'step', data: { type: 'say', words: 'x', metadata: {} } }));
    const invalid = await client.nextFrame();
    expect(invalid.type).toBe('error');
    expect(invalid.data.code).toBe('VALIDATION_ERROR');
    expect(invalid.data.errors.map((e: { loc: string[] }) => e.loc.join('.'))).toEqual(expect.arrayContaining(['words', 'text']));

    client.sendRaw(pythonJsonDumps({ type: 'reset', data: { task: 'nope' } }));
    const unknownTask = await client.nextFrame();
    expect(unknownTask.data.code).toBe('VALIDATION_ERROR');
    expect(unknownTask.data.message).toContain('Known tasks:');

    // still usable after all of that
    const step = await client.step({ type: 'say', text: 'hello' });
    expect(step.observation.step_count).toBe(1);
    await client.step({ type: 'submit' });
    await expect(client.step({ type: 'submit' })).rejects.toMatchObject({ data: { code: 'SESSION_ERROR', reason: 'EPISODE_DONE' } });
    await expect(client.step({ type: 'submit' })).rejects.toBeInstanceOf(ServerError);
    await client.close();
  });

  it('at capacity the server sends one CAPACITY_REACHED frame and closes', async () => {
    await eventually(() => server.sessions.webSocketCount === 0);
    const held = await Promise.all([1, 2, 3].map(() => PythonStyleClient.connect(server.wsUrl)));
    await Promise.all(held.map((c) => c.state()));
    const rejected = await PythonStyleClient.connect(server.wsUrl);
    const frame = await rejected.nextFrame();
    expect(frame).toEqual({
      type: 'error',
      data: expect.objectContaining({ code: 'CAPACITY_REACHED', active_sessions: 3, max_sessions: 3 }),
    });
    await rejected.waitClosed();
    await held[0]!.close();
    // a slot is free again once a session closes
    await eventually(() => server.sessions.webSocketCount === 2);
    const next = await PythonStyleClient.connect(server.wsUrl);
    expect((await next.state()).step_count).toBe(0);
    await Promise.all([next, held[1]!, held[2]!].map((c) => c.close()));
  });

  it('an idle timeout beyond what a Node timer holds does not close connections at once', async () => {
    const patient = await startServer({ manifestPath: ECHO_MANIFEST, idleTimeoutMs: 3_000_000_000 });
    try {
      const client = await PythonStyleClient.connect(patient.wsUrl);
      await new Promise((r) => setTimeout(r, 100));
      expect((await client.state()).step_count).toBe(0);
      await client.close();
    } finally {
      await patient.close();
    }
  });

  it('an idle connection is closed after the idle timeout', async () => {
    const quick = await startServer({ manifestPath: ECHO_MANIFEST, idleTimeoutMs: 200 });
    try {
      const client = await PythonStyleClient.connect(quick.wsUrl);
      await client.reset({});
      await client.waitClosed(3000);
      expect(client.closeCode).toBe(1000);
      await eventually(() => quick.sessions.webSocketCount === 0);
    } finally {
      await quick.close();
    }
  });

  it('mcp frames are answered as {"type":"mcp"} bound to the connection', async () => {
    await eventually(() => server.sessions.webSocketCount === 0);
    const client = await PythonStyleClient.connect(server.wsUrl);
    await client.reset({ seed: 8 });
    client.sendRaw(pythonJsonDumps({ type: 'mcp', data: { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'say', arguments: { text: 'hi' } } } }));
    const reply = await client.nextFrame();
    expect(reply.type).toBe('mcp');
    expect(reply.data.id).toBe(1);
    expect(reply.data.result.structuredContent.observation.step_count).toBe(1);
    expect((await client.state()).step_count).toBe(1);
    await client.close();
  });

  it('a raw ws client disconnecting without close frees its session', async () => {
    await eventually(() => server.sessions.webSocketCount === 0);
    const socket = new WebSocket(server.wsUrl);
    await new Promise((r) => socket.once('open', r));
    await eventually(() => server.sessions.webSocketCount === 1);
    socket.terminate();
    await eventually(() => server.sessions.webSocketCount === 0);
  });
});
