// MCP over POST /mcp: JSON-RPC framing, tools/list and tools/call per task, session create and close.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, ECHO_MANIFEST, startServer, type RunningServer } from './helpers/start-server.js';

let server: RunningServer;
const rpc = (method: string, params?: unknown, id: unknown = 1) => call(`${server.url}/mcp`, { body: { jsonrpc: '2.0', id, method, params } });

beforeAll(async () => {
  server = await startServer({ manifestPath: ECHO_MANIFEST });
});
afterAll(async () => server.close());

describe('JSON-RPC framing (always HTTP 200)', () => {
  it('answers garbage with the right error codes', async () => {
    const cases: Array<[{ body?: unknown; rawBody?: string }, number]> = [
      [{ rawBody: 'not json' }, -32700],
      [{ body: 'text' }, -32700],
      [{ body: {} }, -32600],
      [{ body: { jsonrpc: '1.0', method: 'ping', id: 1 } }, -32600],
      [{ body: { jsonrpc: '2.0', id: 1 } }, -32600],
      [{ body: { jsonrpc: '2.0', id: 1, method: 'no/such' } }, -32601],
      [{ body: { jsonrpc: '2.0', id: 1, method: 'tools/list', params: [1] } }, -32602],
    ];
    for (const [options, code] of cases) {
      const res = await call(`${server.url}/mcp`, options);
      expect(res.status).toBe(200);
      expect(res.body.jsonrpc).toBe('2.0');
      expect(res.body.error.code, JSON.stringify(options)).toBe(code);
      expect(typeof res.body.error.message).toBe('string');
      expect(res.body.error).toHaveProperty('data');
    }
  });

  it('answers a batch of non-requests with one -32600 per item, as JSON-RPC says', async () => {
    // [1, 2] used to be a -32700 "not an object"; batches are now read as JSON-RPC batches.
    const res = await call(`${server.url}/mcp`, { body: [1, 2] });
    expect(res.status).toBe(200);
    expect(res.body.map((r: { error: { code: number } }) => r.error.code)).toEqual([-32600, -32600]);
  });

  it('echoes the request id and answers ping and initialize', async () => {
    const ping = await rpc('ping', undefined, 'abc');
    expect(ping.body).toEqual({ jsonrpc: '2.0', id: 'abc', result: {} });
    const init = await rpc('initialize', { protocolVersion: '2025-03-26' });
    expect(init.body.result.protocolVersion).toBe('2025-03-26');
    expect(init.body.result.capabilities).toHaveProperty('tools');
  });
});

describe('tools', () => {
  it('tools/list gives one tool per action variant with a JSON Schema input', async () => {
    const res = await rpc('tools/list');
    const names = res.body.result.tools.map((t: { name: string }) => t.name);
    expect(names).toEqual(['say', 'submit']);
    const say = res.body.result.tools[0];
    expect(say.inputSchema.properties.text.type).toBe('string');
    expect(say.inputSchema.required).toEqual(['text']);
    expect(say.inputSchema.properties).not.toHaveProperty('type');
    expect(say.description).toContain('latest phrase');
  });

  it('tools/call performs the action as a step of the session and returns observation, reward, done', async () => {
    const created = await rpc('openenv/session/create', { task: 'echo', seed: 21 });
    const sessionId = created.body.result.session_id;
    expect(sessionId).toEqual(expect.any(String));
    const target = created.body.result.observation.data.target;
    const said = await rpc('tools/call', { session_id: sessionId, name: 'say', arguments: { text: target } });
    expect(said.body.result.structuredContent.reward).toBe(1);
    expect(JSON.parse(said.body.result.content[0].text).observation.step_count).toBe(1);
    const submitted = await rpc('tools/call', { session_id: sessionId, name: 'submit', arguments: {} });
    expect(submitted.body.result.done).toBe(true);
    // the same session is reachable over HTTP with the header
    const state = await call(`${server.url}/state`, { headers: { 'x-openenv-session-id': sessionId } });
    expect(state.body.raw_score).toBe(1);
    const closed = await rpc('openenv/session/close', { session_id: sessionId });
    expect(closed.body.result).toEqual({ session_id: sessionId, closed: true });
    const again = await rpc('openenv/session/close', { session_id: sessionId });
    expect(again.body.error.code).toBe(-32602);
  });

  it('bad tool calls get clear errors', async () => {
    const created = await rpc('openenv/session/create', {});
    const id = created.body.result.session_id;
    const unknown = await rpc('tools/call', { session_id: id, name: 'shout', arguments: {} });
    expect(unknown.body.error.code).toBe(-32602);
    expect(unknown.body.error.message).toContain('tools: say, submit');
    const badArgs = await rpc('tools/call', { session_id: id, name: 'say', arguments: { text: 5 } });
    expect(badArgs.body.error.code).toBe(-32602);
    expect(badArgs.body.error.data.errors[0].loc).toEqual(['text']);
    const noSession = await rpc('tools/call', { session_id: 'missing', name: 'say', arguments: { text: 'x' } });
    expect(noSession.body.error.code).toBe(-32000);
    expect(noSession.body.error.data.code).toBe('SESSION_NOT_FOUND');
  });
});
