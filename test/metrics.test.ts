// GET /metrics and GET /ready on a real server: counters move with real traffic, readiness follows capacity and draining.
import { afterEach, describe, expect, it } from 'vitest';
import { registerPoolGauge } from 'openenv-ts';
import { ECHO_MANIFEST, call, eventually, startServer, type RunningServer } from './helpers/start-server.js';
import { openRaw } from './helpers/raw-ws.js';

let server: RunningServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/** The value of one sample line (`name{labels} value`) of the exposition, or null when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | null {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const inside = line.slice(name.length + 1, line.lastIndexOf('}'));
    if (Object.entries(labels).every(([k, v]) => inside.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return null;
}

describe('GET /metrics', () => {
  it('counts sessions by transport and task, resets, steps, step latency and errors by code, in Prometheus text', async () => {
    server = await startServer({ manifestPath: ECHO_MANIFEST });
    await call(`${server.url}/reset`, { body: { seed: 1 } });
    await call(`${server.url}/step`, { body: { action: { type: 'say', text: 'a' } } });
    await call(`${server.url}/step`, { body: { action: { type: 'say', text: 'b' } } });
    await call(`${server.url}/reset`, { body: { seed: 2 }, headers: { 'x-openenv-session-id': 'named-1' } });
    await call(`${server.url}/step`, { body: { action: { type: 'shout' } } }); // INVALID_ACTION (422)
    await call(`${server.url}/reset`, { body: { task: 'nope' } }); // UNKNOWN_TASK (422)
    const ws = await openRaw(server.wsUrl);
    await ws.ask(JSON.stringify({ type: 'reset', data: { seed: 3 } }));

    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(sample(text, 'openenv_sessions', { transport: 'http-default', task: 'echo' })).toBe(1);
    expect(sample(text, 'openenv_sessions', { transport: 'http-or-mcp-named', task: 'echo' })).toBe(1);
    expect(sample(text, 'openenv_sessions', { transport: 'websocket', task: 'echo' })).toBe(1);
    expect(sample(text, 'openenv_resets_total', { task: 'echo', transport: 'http-default', outcome: 'ok' })).toBe(1);
    expect(sample(text, 'openenv_resets_total', { task: 'echo', transport: 'websocket', outcome: 'ok' })).toBe(1);
    expect(sample(text, 'openenv_steps_total', { task: 'echo', transport: 'http-default', outcome: 'ok' })).toBe(2);
    expect(sample(text, 'openenv_steps_total', { task: 'echo', transport: 'http-default', outcome: 'error' })).toBe(1);
    expect(sample(text, 'openenv_step_duration_seconds_count', { task: 'echo' })).toBe(3);
    expect(sample(text, 'openenv_errors_total', { code: 'INVALID_ACTION' })).toBe(1);
    expect(sample(text, 'openenv_errors_total', { code: 'UNKNOWN_TASK' })).toBe(1);
    expect(sample(text, 'openenv_pool_busy', { pool: 'replays' })).toBe(0);
    expect(text).toMatch(/^openenv_process_resident_memory_bytes \d+/m);
    ws.socket.close();
  });

  it('counts overload refusals and shows plugin pools that registered their load', async () => {
    server = await startServer({ manifestPath: ECHO_MANIFEST, maxWebSocketSessions: 1 });
    const unregister = registerPoolGauge('test-pool', () => ({ running: 3, waiting: 5 }));
    try {
      const first = await openRaw(server.wsUrl);
      const second = await openRaw(server.wsUrl);
      expect((await second.next()).data.code).toBe('CAPACITY_REACHED');
      const text = await (await fetch(`${server.url}/metrics`)).text();
      expect(sample(text, 'openenv_overload_refusals_total', { code: 'CAPACITY_REACHED' })).toBe(1);
      expect(sample(text, 'openenv_pool_busy', { pool: 'test-pool' })).toBe(3);
      expect(sample(text, 'openenv_pool_queued', { pool: 'test-pool' })).toBe(5);
      first.socket.close();
    } finally {
      unregister();
    }
  });
});

describe('GET /ready and /health', () => {
  it('is ready with room, 503 at WebSocket capacity and while draining, while /health stays exactly healthy', async () => {
    server = await startServer({ manifestPath: ECHO_MANIFEST, maxWebSocketSessions: 1 });
    expect(await call(`${server.url}/ready`)).toMatchObject({ status: 200, body: { status: 'ready' } });
    const ws = await openRaw(server.wsUrl);
    const full = await call(`${server.url}/ready`);
    expect(full.status).toBe(503);
    expect(full.body.reasons[0]).toMatch(/at capacity: 1 of 1 WebSocket sessions/);
    ws.socket.close();
    const running = server;
    await eventually(() => running.sessions.webSocketCount === 0);
    expect((await call(`${server.url}/ready`)).status).toBe(200);
    expect(await (await fetch(`${server.url}/health`)).text()).toBe('{"status":"healthy"}');
    server.drain.begin();
    expect((await call(`${server.url}/ready`)).status).toBe(503);
  });
});
