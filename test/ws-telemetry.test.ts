// Session telemetry on /ws (validation_open / validation_read), driven the way OpenEnv's runtime collector drives it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pythonJsonDumps } from './helpers/python-style-ws-client.js';
import { openRaw, type RawSocket } from './helpers/raw-ws.js';
import { call, ECHO_MANIFEST, startServer, type RunningServer } from './helpers/start-server.js';
import { MAX_TRAJECTORY_RECORDS, BUDGET_EXCEEDED } from 'openenv-ts/server';

const TOKEN = 'validation-token-0123456789abcdefghijklmnop';
const ORCHESTRATOR = 'orchestrator-token-0123456789abcdef';

let server: RunningServer;
let plain: RunningServer;
let locked: RunningServer;

beforeAll(async () => {
  [server, plain, locked] = await Promise.all([
    startServer({ manifestPath: ECHO_MANIFEST, validationToken: TOKEN }),
    startServer({ manifestPath: ECHO_MANIFEST }),
    startServer({ manifestPath: ECHO_MANIFEST, validationToken: TOKEN, orchestratorToken: ORCHESTRATOR }),
  ]);
});
afterAll(async () => Promise.all([server, plain, locked].map((s) => s?.close())));

/** Sends a frame as the collector does and keeps the exact text that went each way, as its transcript does. */
async function exchange(socket: RawSocket, transcript: { operation: string; request: string; response: string }[], operation: string, requestText: string) {
  const response = await socket.askText(requestText);
  transcript.push({ operation, request: requestText, response });
  return JSON.parse(response);
}

async function open(socket: RawSocket, token = TOKEN) {
  return socket.ask(JSON.stringify({ type: 'validation_open', data: { schema_version: 1, token } }));
}

/** The snapshot's raw text as well as its parsed value (fidelity of numbers can only be seen in the text). */
async function read(socket: RawSocket, capability: string): Promise<{ text: string; frame: any }> {
  const text = await socket.askText(JSON.stringify({ type: 'validation_read', data: { schema_version: 1, capability } }));
  return { text, frame: JSON.parse(text) };
}

describe('validation telemetry on a /ws socket of its own', () => {
  it('records every reset, step and state exactly as the collector saw them, and reports the seed as accepted', async () => {
    const socket = await openRaw(server.wsUrl);
    const opened = await open(socket);
    expect(opened.type).toBe('validation_open');
    expect(opened.data.schema_version).toBe(1);
    const capability: string = opened.data.capability;
    expect(capability.length).toBeGreaterThanOrEqual(32);
    expect(capability).not.toContain(TOKEN);

    const transcript: { operation: string; request: string; response: string }[] = [];
    const reset = await exchange(socket, transcript, 'reset', pythonJsonDumps({ type: 'reset', data: { seed: 5, episode_id: 'validation-episode' } }));
    await exchange(socket, transcript, 'state', pythonJsonDumps({ type: 'state' }));
    // A float written as 1.0 must come back as 1.0: the validator compares types, and Python reads 1 as an int.
    await exchange(socket, transcript, 'step', `{"type": "step", "data": {"type": "say", "text": ${JSON.stringify(reset.data.observation.data.target)}, "metadata": {"weight": 1.0}}}`);
    await exchange(socket, transcript, 'state', pythonJsonDumps({ type: 'state' }));

    const { text, frame } = await read(socket, capability);
    expect(frame.type).toBe('validation');
    const data = frame.data;
    expect(data.schema_version).toBe(1);
    expect(data.seed).toEqual({ requested: true, value: 5, accepted: true });
    expect(data.rubric).toEqual([]);
    expect(data.rubric_error).toBeNull();
    expect(data.attribution).toEqual([{ step_index: 0, rubric: [] }]);
    expect(data.trajectory).toMatchObject({ schema_version: 1, source: 'openenv-server', complete: true, reason: null });
    expect(data.trajectory.records).toEqual(transcript.map((row) => ({ operation: row.operation, request: JSON.parse(row.request), response: JSON.parse(row.response) })));
    expect(text).toContain('"weight": 1.0');
    for (const row of transcript) expect(text).toContain(row.response);
    expect(text).not.toContain(TOKEN);
    socket.socket.close();
  });

  it('reports a seed as not accepted when an index chose the scenario, and as not requested without one', async () => {
    const socket = await openRaw(server.wsUrl);
    const { data } = await open(socket);
    await socket.ask(JSON.stringify({ type: 'reset', data: { task: 'echo', index: 2, seed: 7 } }));
    expect((await read(socket, data.capability)).frame.data.seed).toEqual({ requested: true, value: 7, accepted: false });
    await socket.ask(JSON.stringify({ type: 'reset', data: {} }));
    expect((await read(socket, data.capability)).frame.data.seed).toEqual({ requested: false, value: null, accepted: false });
    socket.socket.close();
  });

  it('leaves refused operations out of the record', async () => {
    const socket = await openRaw(server.wsUrl);
    const { data } = await open(socket);
    expect((await socket.ask(JSON.stringify({ type: 'step', data: { type: 'say', text: 'x' } }))).type).toBe('error');
    expect((await read(socket, data.capability)).frame.data.trajectory.records).toEqual([]);
    socket.socket.close();
  });

  it(`stops at ${MAX_TRAJECTORY_RECORDS} records and says the record is incomplete`, async () => {
    const socket = await openRaw(server.wsUrl);
    const { data } = await open(socket);
    await socket.ask(JSON.stringify({ type: 'reset', data: { seed: 1 } }));
    for (let i = 0; i < MAX_TRAJECTORY_RECORDS; i += 1) await socket.ask('{"type":"state"}');
    const { trajectory } = (await read(socket, data.capability)).frame.data;
    expect(trajectory.records).toHaveLength(MAX_TRAJECTORY_RECORDS);
    expect(trajectory.complete).toBe(false);
    expect(trajectory.reason).toBe(BUDGET_EXCEEDED);
    socket.socket.close();
  });

  it('marks the record incomplete when an mcp frame steps the episode behind its back', async () => {
    const socket = await openRaw(server.wsUrl);
    const { data } = await open(socket);
    await socket.ask(JSON.stringify({ type: 'reset', data: { seed: 1 } }));
    const answer = await socket.ask(JSON.stringify({ type: 'mcp', data: { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'say', arguments: { text: 'x' } } } }));
    expect(answer.data.result).toBeDefined();
    const { trajectory } = (await read(socket, data.capability)).frame.data;
    expect(trajectory.complete).toBe(false);
    expect(trajectory.reason).toMatch(/mcp frame/);
    socket.socket.close();
  });

  it('works through the orchestrator prefix on a locked server', async () => {
    const socket = await openRaw(locked.wsUrl.replace('/ws', `/orchestrator/${ORCHESTRATOR}/ws`));
    expect((await open(socket)).type).toBe('validation_open');
    socket.socket.close();
  });
});

describe('validation refusals: one VALIDATION_ERROR frame, no credential echoed, the socket stays open', () => {
  const expectRefused = (frame: any, secret?: string) => {
    expect(frame.type).toBe('error');
    expect(frame.data.code).toBe('VALIDATION_ERROR');
    expect(frame.data.reason).toBe('VALIDATION_REFUSED');
    if (secret) expect(JSON.stringify(frame)).not.toContain(secret);
  };

  it('refuses on a server without OPENENV_VALIDATION_TOKEN', async () => {
    const socket = await openRaw(plain.wsUrl);
    expectRefused(await open(socket), TOKEN);
    expect((await socket.ask('{"type":"state"}')).type).toBe('state');
    socket.socket.close();
  });

  it('refuses a wrong token, a short token, extra fields and a wrong schema_version', async () => {
    const socket = await openRaw(server.wsUrl);
    const wrong = 'w'.repeat(40);
    expectRefused(await open(socket, wrong), wrong);
    expectRefused(await open(socket, 'short'), 'short');
    expectRefused(await socket.ask(JSON.stringify({ type: 'validation_open', data: { schema_version: 1, token: TOKEN, extra: 1 } })), TOKEN);
    expectRefused(await socket.ask(JSON.stringify({ type: 'validation_open', data: { schema_version: 2, token: TOKEN } })), TOKEN);
    expectRefused(await socket.ask(JSON.stringify({ type: 'validation_open', data: { schema_version: 1, token: TOKEN }, id: 1 })), TOKEN);
    // None of these counted as an operation: the right token still opens.
    expect((await open(socket)).type).toBe('validation_open');
    socket.socket.close();
  });

  it('refuses validation_open after a reset, step or state, and a second validation_open', async () => {
    const socket = await openRaw(server.wsUrl);
    await socket.ask('{"type":"state"}');
    expectRefused(await open(socket), TOKEN);
    const fresh = await openRaw(server.wsUrl);
    expect((await open(fresh)).type).toBe('validation_open');
    expectRefused(await open(fresh), TOKEN);
    socket.socket.close();
    fresh.socket.close();
  });

  it('refuses validation_read before validation_open and with another capability', async () => {
    const socket = await openRaw(server.wsUrl);
    const other = 'c'.repeat(43);
    expectRefused((await read(socket, other)).frame, other);
    const { data } = await open(socket);
    expectRefused((await read(socket, other)).frame, other);
    // Another socket's capability reads nothing here either.
    const second = await openRaw(server.wsUrl);
    expectRefused((await read(second, data.capability)).frame, data.capability);
    socket.socket.close();
    second.socket.close();
  });

  it('refuses on a socket attached to an existing session', async () => {
    const created = await call(`${server.url}/mcp`, { body: { jsonrpc: '2.0', id: 1, method: 'openenv/session/create', params: { seed: 3 } } });
    const socket = await openRaw(`${server.wsUrl}?session_id=${created.body.result.session_id}`);
    expectRefused(await open(socket), TOKEN);
    socket.socket.close();
  });

  it('refuses to start with a token outside 32-256 characters', async () => {
    await expect(startServer({ manifestPath: ECHO_MANIFEST, validationToken: 'too-short' })).rejects.toThrow(/OPENENV_VALIDATION_TOKEN must be 32-256 characters/);
  });
});
