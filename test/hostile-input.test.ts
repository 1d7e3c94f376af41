// Hostile input gets exactly one well-formed, bounded reply with a stable code, on HTTP, /ws and MCP.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, ECHO_MANIFEST, startServer, type RunningServer } from './helpers/start-server.js';
import { openRaw } from './helpers/raw-ws.js';

let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ manifestPath: ECHO_MANIFEST, replayGrading: true });
});
afterAll(async () => server.close());

const deepArray = (n: number) => '['.repeat(n) + ']'.repeat(n);
const deepObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
const HUGE = 'x'.repeat(900_000);

/** Sends raw bytes over TCP and returns what the server wrote back before closing. */
function rawHttp(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let out = '';
    socket.on('data', (chunk) => (out += chunk.toString()));
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
  });
}

function portOf(url: string): number {
  return Number(new URL(url).port);
}

describe('deeply nested JSON', () => {
  it('HTTP reset and step with 5,000 levels answer 422 INVALID_REQUEST with a bounded detail, not a stack overflow', async () => {
    for (const [route, body] of [
      ['/reset', `{"seed":${deepArray(5000)}}`],
      ['/reset', `{"config":${deepObject(5000)}}`],
      ['/step', `{"action":${deepObject(5000)}}`],
      ['/grader', `{"actions":${deepArray(5000)}}`],
    ] as const) {
      const res = await call(`${server.url}${route}`, { rawBody: body });
      expect(res.status, route).toBe(422);
      expect(res.body.code).toBe('INVALID_REQUEST');
      expect(res.body.detail[0].type).toBe('json_too_deep');
      expect(JSON.stringify(res.body).length).toBeLessThan(2000);
    }
  });

  it('64 levels are still accepted as input (and only quoted as an excerpt)', async () => {
    const res = await call(`${server.url}/reset`, { rawBody: `{"seed":${deepArray(63)}}` });
    expect(res.status).toBe(422);
    expect(res.body.detail[0].loc).toEqual(['body', 'seed']);
    expect(JSON.stringify(res.body.detail[0].input).length).toBeLessThan(200);
  });

  it('/ws reset, step and mcp frames with 5,000 levels each get one reply', async () => {
    const ws = await openRaw(server.wsUrl);
    const reset = await ws.ask(`{"type":"reset","data":{"seed":${deepArray(5000)}}}`);
    expect(reset).toMatchObject({ type: 'error', data: { code: 'VALIDATION_ERROR' } });
    const step = await ws.ask(`{"type":"step","data":${deepObject(5000)}}`);
    expect(step).toMatchObject({ type: 'error', data: { code: 'VALIDATION_ERROR' } });
    const mcp = await ws.ask(`{"type":"mcp","data":{"jsonrpc":"2.0","id":7,"method":"openenv/reset","params":{"seed":${deepArray(5000)}}}}`);
    expect(mcp).toMatchObject({ type: 'mcp', data: { jsonrpc: '2.0', error: { code: -32600 } } });
    // The socket still serves.
    expect((await ws.ask('{"type":"reset","data":{"seed":1}}')).type).toBe('observation');
    ws.socket.close();
  });

  it('POST /mcp with 5,000 levels answers 200 with JSON-RPC -32600, not an internal error', async () => {
    const res = await call(`${server.url}/mcp`, { rawBody: `{"jsonrpc":"2.0","id":1,"method":"openenv/reset","params":{"seed":${deepArray(5000)}}}` });
    expect(res.status).toBe(200);
    expect(res.body.error.code).toBe(-32600);
    expect(res.body.error.message).not.toContain('call stack');
    expect(res.body.error.data).toMatchObject({ code: 'INVALID_REQUEST' });
  });
});

describe('huge names and fields', () => {
  it('a 900 KB task name is refused by length with a reply of a few hundred bytes', async () => {
    const res = await call(`${server.url}/reset`, { body: { task: HUGE } });
    expect(res.status).toBe(422);
    expect(res.body.detail[0].loc).toEqual(['body', 'task']);
    expect(JSON.stringify(res.body).length).toBeLessThan(2000);
  });

  it('a 900 KB unknown task over /schema, MCP tools/list and a 900 KB unknown field answer small', async () => {
    const schema = await call(`${server.url}/schema?task=${'y'.repeat(8000)}`);
    expect(schema.status).toBe(422);
    expect(schema.body.code).toBe('UNKNOWN_TASK');
    expect(JSON.stringify(schema.body).length).toBeLessThan(2000);
    const tools = await call(`${server.url}/mcp`, { body: { jsonrpc: '2.0', id: 1, method: 'tools/list', params: { task: HUGE } } });
    expect(tools.body.error.code).toBe(-32602);
    expect(JSON.stringify(tools.body).length).toBeLessThan(2000);
    const field = await call(`${server.url}/grader`, { body: { [HUGE]: 1 } });
    expect(field.status).toBe(422);
    expect(field.body.detail[0].type).toBe('extra_forbidden');
    expect(JSON.stringify(field.body).length).toBeLessThan(2000);
  });

  it('a 900 KB string in an action and thousands of unknown keys are quoted as excerpts', async () => {
    await call(`${server.url}/reset`, { body: { task: 'echo', seed: 1 } });
    const keys = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]));
    const res = await call(`${server.url}/step`, { body: { action: { type: 'say', text: 'a', ...keys } } });
    expect(res.status).toBe(422);
    expect(res.body.detail.length).toBeLessThanOrEqual(21);
    expect(res.body.detail.at(-1).type).toBe('too_many_errors');
    const ws = await openRaw(server.wsUrl);
    await ws.ask('{"type":"reset","data":{"seed":1}}');
    const reply = await ws.ask(JSON.stringify({ type: 'step', data: { type: 'say', text: 1, extra: HUGE } }));
    expect(reply.data.code).toBe('VALIDATION_ERROR');
    expect(JSON.stringify(reply).length).toBeLessThan(3000);
    ws.socket.close();
  });
});

describe('parser-level errors and deadlines carry our code', () => {
  it('a malformed request line gets 400 BAD_REQUEST as JSON', async () => {
    const text = await rawHttp(portOf(server.url), 'GARBAGE / HTTP/1.1\r\n\r\n');
    expect(text).toMatch(/^HTTP\/1\.1 400/);
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)).code).toBe('BAD_REQUEST');
  });

  it('oversized headers get 431 HEADERS_TOO_LARGE as JSON', async () => {
    const text = await rawHttp(portOf(server.url), `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(text).toMatch(/^HTTP\/1\.1 431/);
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)).code).toBe('HEADERS_TOO_LARGE');
  });

  it('a URL that does not decode gets 400 BAD_REQUEST with our code', async () => {
    const text = await rawHttp(portOf(server.url), 'GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    const status = Number(text.slice(9, 12));
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toMatchObject({ code: 'BAD_REQUEST', hint: expect.any(String) });
  });

  it('timeout_s too small to mean anything is a 422 naming the smallest accepted value, not a 504', async () => {
    await call(`${server.url}/reset`, { body: { task: 'echo', seed: 1 } });
    const res = await call(`${server.url}/step`, { body: { action: { type: 'say', text: 'a' }, timeout_s: 1e-300 } });
    expect(res.status).toBe(422);
    expect(res.body.detail[0].loc).toEqual(['body', 'timeout_s']);
    expect(res.body.detail[0].msg).toContain('0.01');
  });

  it('/health keeps answering exactly {"status":"healthy"}', async () => {
    const res = await call(`${server.url}/health`);
    expect(res.body).toEqual({ status: 'healthy' });
  });
});

describe('MCP notifications and batches', () => {
  it('a notification gets HTTP 202 with no body', async () => {
    const response = await fetch(`${server.url}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"jsonrpc":"2.0","method":"notifications/initialized"}' });
    expect(response.status).toBe(202);
    expect(await response.text()).toBe('');
  });

  it('POST /mcp {} still answers 200 with -32600', async () => {
    const res = await call(`${server.url}/mcp`, { body: {} });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32600 } });
  });

  it('a batch gets the responses of its requests in order; notifications in it get none', async () => {
    const res = await call(`${server.url}/mcp`, {
      body: [
        { jsonrpc: '2.0', id: 1, method: 'ping' },
        { jsonrpc: '2.0', method: 'notifications/initialized' },
        { jsonrpc: '2.0', id: 'b', method: 'no/such' },
        5,
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { jsonrpc: '2.0', id: 1, result: {} },
      expect.objectContaining({ id: 'b', error: expect.objectContaining({ code: -32601 }) }),
      expect.objectContaining({ id: null, error: expect.objectContaining({ code: -32600 }) }),
    ]);
  });

  it('an empty batch and an oversized batch are refused with one -32600', async () => {
    const empty = await call(`${server.url}/mcp`, { body: [] });
    expect(empty.body.error.code).toBe(-32600);
    const big = await call(`${server.url}/mcp`, { body: Array.from({ length: 100 }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'ping' })) });
    expect(big.body.error.code).toBe(-32600);
  });

  it('over /ws, an mcp notification gets no reply and the next request gets exactly its own', async () => {
    const ws = await openRaw(server.wsUrl);
    ws.socket.send('{"type":"mcp","data":{"jsonrpc":"2.0","method":"notifications/initialized"}}');
    const reply = await ws.ask('{"type":"mcp","data":{"jsonrpc":"2.0","id":9,"method":"ping"}}');
    expect(reply).toEqual({ type: 'mcp', data: { jsonrpc: '2.0', id: 9, result: {} } });
    ws.socket.close();
  });
});
