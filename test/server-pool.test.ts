// The multi-URL client on loopback: sessions spread over two real servers, refusals at capacity are retried elsewhere or later.
import { afterEach, describe, expect, it } from 'vitest';
import { ServerPool, retryDelayOf } from 'openenv-ts';
import { OpenEnvHttpError } from 'openenv-ts';
import { ECHO_MANIFEST, startServer, type RunningServer } from './helpers/start-server.js';
import { freePort } from './helpers/free-port.js';

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function twoServers(options: Parameters<typeof startServer>[0]): Promise<[RunningServer, RunningServer]> {
  const a = await startServer({ manifestPath: ECHO_MANIFEST, ...options });
  const b = await startServer({ manifestPath: ECHO_MANIFEST, ...options });
  servers.push(a, b);
  return [a, b];
}

describe('ServerPool', () => {
  it('classifies refusals: 503 and CAPACITY_REACHED are retried after what the server asked, bad input never', () => {
    expect(retryDelayOf(new OpenEnvHttpError('x', 503, 'OVERLOADED', { retry_after_s: 3 }))).toBe(3000);
    expect(retryDelayOf(new OpenEnvHttpError('x', 0, null, null))).toBe(0);
    expect(retryDelayOf(new OpenEnvHttpError('x', 422, 'INVALID_ACTION', {}))).toBeNull();
    expect(retryDelayOf(new Error('plain'))).toBeNull();
  });

  it('spreads WebSocket sessions over both servers and plays an episode on each', async () => {
    const [a, b] = await twoServers({});
    const pool = new ServerPool([a.url, b.url]);
    const sessions = await Promise.all([0, 1, 2, 3].map(() => pool.webSocketSession()));
    expect(pool.load.map((l) => l.sessions)).toEqual([2, 2]);
    for (const session of sessions) {
      await session.reset({ seed: 1 });
      const done = await session.step({ type: 'submit' });
      expect(done.done).toBe(true);
    }
    expect(a.sessions.webSocketCount + b.sessions.webSocketCount).toBe(4);
    await Promise.all(sessions.map((s) => s.close()));
  });

  it('moves a WebSocket session that a full server refuses to the other one, and waits when both are full', async () => {
    const [a, b] = await twoServers({ maxWebSocketSessions: 1 });
    const retries: string[] = [];
    const pool = new ServerPool([a.url, b.url], { baseDelayMs: 20, maxDelayMs: 200, onRetry: (r) => retries.push(r.url) });
    const first = await pool.webSocketSession();
    await first.reset({ seed: 1 });
    const second = await pool.webSocketSession();
    await second.reset({ seed: 2 });
    expect(new Set([first.url, second.url])).toEqual(new Set([a.url, b.url]));
    // Both servers are full: the third waits, and gets in once the first session closes.
    const third = await pool.webSocketSession();
    const resetting = third.reset({ seed: 3 });
    setTimeout(() => void first.close(), 300);
    const started = await resetting;
    expect(started.done).toBe(false);
    expect(retries.length).toBeGreaterThan(0);
    await Promise.all([second.close(), third.close()]);
  });

  it('starts HTTP sessions on a live server when another URL is down', async () => {
    const [a] = await twoServers({});
    const dead = `http://127.0.0.1:${await freePort()}`;
    const pool = new ServerPool([dead, a.url], { baseDelayMs: 10, maxDelayMs: 50 });
    const session = pool.httpSession();
    await session.reset({ seed: 4 });
    expect(session.url).toBe(a.url);
    expect((await session.step({ type: 'say', text: 'hello' })).done).toBe(false);
    expect((await session.state()).step_count).toBe(1);
  });

  it('retries a reset that a full server refuses (503 SESSION_LIMIT) on the other server', async () => {
    const [a, b] = await twoServers({ maxNamedSessions: 1 });
    // Someone else's episode fills server a's only named session; the pool does not know.
    await fetch(`${a.url}/reset`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-openenv-session-id': 'other' }, body: '{}' });
    const refusedBy: string[] = [];
    const pool = new ServerPool([a.url, b.url], { baseDelayMs: 10, maxDelayMs: 50, onRetry: (r) => refusedBy.push(r.url) });
    const session = pool.httpSession();
    await session.reset({ seed: 5 });
    expect(refusedBy).toEqual([a.url]);
    expect(session.url).toBe(b.url);
    expect((await session.step({ type: 'submit' })).done).toBe(true);
  });
});
