// /ws?session_id= attached to MCP sessions made over HTTP, and MCP JSON-RPC over a WebSocket at /mcp.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRaw } from './helpers/raw-ws.js';
import { PythonStyleClient } from './helpers/python-style-ws-client.js';
import { call, eventually, ECHO_MANIFEST, startServer, type RunningServer } from './helpers/start-server.js';

const ORCHESTRATOR = 'orchestrator-token-0123456789abcdef';

let server: RunningServer;
let locked: RunningServer;

beforeAll(async () => {
  [server, locked] = await Promise.all([
    startServer({ manifestPath: ECHO_MANIFEST }),
    startServer({ manifestPath: ECHO_MANIFEST, orchestratorToken: ORCHESTRATOR }),
  ]);
});
afterAll(async () => Promise.all([server, locked].map((s) => s?.close())));

const rpc = (base: string, method: string, params?: unknown) => call(`${base}/mcp`, { body: { jsonrpc: '2.0', id: 1, method, params } });
const mcpWsUrl = (s: RunningServer, prefix = '') => s.wsUrl.replace(/\/ws$/, `${prefix}/mcp`);

describe('/ws?session_id= attaches to a session made over HTTP MCP', () => {
  it('drives the same episode as HTTP does, and the session outlives the socket', async () => {
    const created = await rpc(server.url, 'openenv/session/create', { seed: 4, episode_id: 'attached-episode' });
    const id: string = created.body.result.session_id;
    const client = await PythonStyleClient.connect(`${server.wsUrl}?session_id=${id}`);
    expect((await client.state()).episode_id).toBe('attached-episode');
    await client.step({ type: 'say', text: 'x' });
    await client.close();
    // HTTP with the session header sees the step the socket took, after the socket is gone.
    await eventually(() => !server.sessions.namedSession(id, false).attached);
    const state = await call(`${server.url}/state`, { headers: { 'x-openenv-session-id': id } });
    expect(state.body.step_count).toBe(1);
    expect(state.body.episode_id).toBe('attached-episode');
  });

  it('an unknown session id gets one SESSION_ERROR frame naming it, then a 1008 close', async () => {
    const socket = await openRaw(`${server.wsUrl}?session_id=no-such-session`);
    const frame = await socket.next();
    expect(frame.type).toBe('error');
    expect(frame.data.code).toBe('SESSION_ERROR');
    expect(frame.data.reason).toBe('SESSION_NOT_FOUND');
    expect(frame.data.message).toContain('no-such-session');
    expect(await socket.closed).toBe(1008);
  });

  it('a second socket on an attached session is refused with SESSION_ATTACHED', async () => {
    const id: string = (await rpc(server.url, 'openenv/session/create', { seed: 1 })).body.result.session_id;
    const first = await openRaw(`${server.wsUrl}?session_id=${id}`);
    const second = await openRaw(`${server.wsUrl}?session_id=${id}`);
    expect((await second.next()).data.reason).toBe('SESSION_ATTACHED');
    expect(await second.closed).toBe(1008);
    expect((await first.ask('{"type":"state"}')).type).toBe('state');
    first.socket.close();
  });

  it('openenv/session/close while attached answers closing, and the session ends when the socket detaches', async () => {
    const id: string = (await rpc(server.url, 'openenv/session/create', { seed: 1 })).body.result.session_id;
    const socket = await openRaw(`${server.wsUrl}?session_id=${id}`);
    expect((await rpc(server.url, 'openenv/session/close', { session_id: id })).body.result).toEqual({ session_id: id, closed: false, closing: true });
    expect((await socket.ask('{"type":"state"}')).type).toBe('state');
    socket.socket.close();
    await socket.closed;
    await eventually(() => {
      try {
        server.sessions.namedSession(id, false);
        return false;
      } catch {
        return true;
      }
    });
    const after = await call(`${server.url}/state`, { headers: { 'x-openenv-session-id': id } });
    expect(after.body.code).toBe('SESSION_NOT_FOUND');
  });

  it('an attached session is not swept as idle while its socket is open', async () => {
    const id: string = (await rpc(server.url, 'openenv/session/create', { seed: 1 })).body.result.session_id;
    const socket = await openRaw(`${server.wsUrl}?session_id=${id}`);
    await socket.ask('{"type":"state"}');
    server.sessions.namedSession(id, false).lastUsed = 0;
    server.sessions.sweepIdle();
    expect((await socket.ask('{"type":"state"}')).type).toBe('state');
    socket.socket.close();
  });

  it('on a locked server, attaching needs the orchestrator credential like plain /ws', async () => {
    const base = `${locked.url}/orchestrator/${ORCHESTRATOR}`;
    const id: string = (await rpc(base, 'openenv/session/create', { seed: 1 })).body.result.session_id;
    const agent = await openRaw(`${locked.wsUrl}?session_id=${id}`);
    expect((await agent.next()).data.reason).toBe('ORCHESTRATOR_ONLY');
    expect(await agent.closed).toBe(1008);
    const orchestrator = await openRaw(`${locked.wsUrl.replace('/ws', `/orchestrator/${ORCHESTRATOR}/ws`)}?session_id=${id}`);
    expect((await orchestrator.ask('{"type":"state"}')).data.step_count).toBe(0);
    orchestrator.socket.close();
  });
});

describe('MCP JSON-RPC over a WebSocket at /mcp', () => {
  it('bare JSON-RPC frames: initialize, tools/list, openenv/reset and tools/call on the socket\'s own session', async () => {
    const socket = await openRaw(mcpWsUrl(server));
    const init = await socket.ask(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} }));
    expect(init.result.serverInfo.name).toEqual(expect.any(String));
    const tools = await socket.ask(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }));
    expect(tools.result.tools.map((t: { name: string }) => t.name)).toContain('say');
    const reset = await socket.ask(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'openenv/reset', params: { seed: 2 } }));
    const step = await socket.ask(JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'say', arguments: { text: reset.result.observation.data.target } } }));
    expect(step.id).toBe(4);
    expect(step.result.reward).toBe(1);
    const state = await socket.ask(JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'openenv/state' }));
    expect(state.result.step_count).toBe(1);
    // A notification gets no frame: the next reply answers the next request.
    socket.socket.send(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
    expect((await socket.ask(JSON.stringify({ jsonrpc: '2.0', id: 6, method: 'ping' }))).id).toBe(6);
    socket.socket.close();
  });

  it('openenv/session/create answers the socket\'s own session, which it may not close by MCP', async () => {
    const socket = await openRaw(mcpWsUrl(server));
    const created = await socket.ask(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'openenv/session/create', params: { seed: 3 } }));
    const id = created.result.session_id;
    expect(created.result.observation).toBeDefined();
    const again = await socket.ask(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'openenv/session/create', params: { seed: 3 } }));
    expect(again.result.session_id).toBe(id);
    const close = await socket.ask(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'openenv/session/close', params: { session_id: id } }));
    expect(close.error.code).toBe(-32600);
    socket.socket.close();
  });

  it('answers a frame that is not JSON with -32700 and keeps the socket open', async () => {
    const socket = await openRaw(mcpWsUrl(server));
    const reply = await socket.ask('not json');
    expect(reply).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
    expect((await socket.ask(JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'ping' }))).result).toEqual({});
    socket.socket.close();
  });

  it('takes a WebSocket session slot and frees it on disconnect', async () => {
    // Earlier tests' sockets finish closing on the server a few ms after the client lets go.
    await eventually(() => server.sessions.webSocketCount === 0);
    const socket = await openRaw(mcpWsUrl(server));
    await socket.ask(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }));
    expect(server.sessions.webSocketCount).toBe(1);
    socket.socket.close();
    await eventually(() => server.sessions.webSocketCount === 0);
  });

  it('a plain GET /mcp stays 405 with Allow: POST (MCP clients probe it for an event stream)', async () => {
    const res = await call(`${server.url}/mcp`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(res.body.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('on a locked server, needs the orchestrator credential like /ws', async () => {
    const agent = await openRaw(mcpWsUrl(locked));
    const refusal = await agent.next();
    expect(refusal.error.code).toBe(-32000);
    expect(refusal.error.data.code).toBe('ORCHESTRATOR_ONLY');
    expect(await agent.closed).toBe(1008);
    const orchestrator = await openRaw(mcpWsUrl(locked, `/orchestrator/${ORCHESTRATOR}`));
    expect((await orchestrator.ask(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'openenv/reset', params: { seed: 1 } }))).result.observation).toBeDefined();
    orchestrator.socket.close();
  });
});
