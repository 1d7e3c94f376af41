// `serve --workers 2` on the real CLI: every transport keeps its session on one process, and a crashed worker is contained.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './helpers/free-port.js';
import { openRaw } from './helpers/raw-ws.js';
import { ECHO_MANIFEST } from './helpers/start-server.js';
import { ownerOf, routeHttp, routeUpgrade, routedPath } from 'openenv-ts/server';
import { CLI_PATH } from 'openenv-ts/tools';

const SESSION = 'x-openenv-session-id';

describe('the routing rule', () => {
  it('sends header-less and default requests to worker 0, ids to their owner, and creations anywhere', () => {
    expect(routeHttp(undefined, undefined, 4)).toEqual({ to: 'worker', worker: 0 });
    expect(routeHttp('default', undefined, 4)).toEqual({ to: 'worker', worker: 0 });
    expect(routeHttp('new', undefined, 4)).toEqual({ to: 'spread' });
    expect(routeHttp('w3-abc', undefined, 4)).toEqual({ to: 'worker', worker: 3 });
    // A prefix naming a worker that does not exist falls back to the hash, like any client-chosen id.
    expect(routeHttp('w9-abc', undefined, 4)).toEqual({ to: 'worker', worker: ownerOf('w9-abc', 4) });
    expect(routeHttp(undefined, { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { session_id: 'w2-x' } }, 4)).toEqual({ to: 'worker', worker: 2 });
    expect(routeHttp(undefined, { jsonrpc: '2.0', id: 1, method: 'openenv/session/create', params: {} }, 4)).toEqual({ to: 'spread' });
    expect(routeHttp(undefined, { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }, 4)).toEqual({ to: 'worker', worker: 0 });
    expect(routeHttp(undefined, { session_id: 'w1-y' }, 4)).toEqual({ to: 'worker', worker: 1 });
    expect(routeUpgrade('/ws?session_id=w2-z', 4)).toEqual({ to: 'worker', worker: 2 });
    expect(routeUpgrade('/ws', 4)).toEqual({ to: 'spread' });
    expect(routedPath('/orchestrator/secret-token/mcp/?x=1')).toBe('/mcp');
  });

  it('gives a client-chosen id the same owner every time, and spreads many ids over every worker', () => {
    const owners = new Set<number>();
    for (let i = 0; i < 64; i += 1) {
      const id = `trainer-run-7-episode-${i}`;
      expect(ownerOf(id, 3)).toBe(ownerOf(id, 3));
      owners.add(ownerOf(id, 3));
    }
    expect([...owners].sort()).toEqual([0, 1, 2]);
  });
});

interface Router {
  readonly child: ChildProcess;
  readonly base: string;
  readonly workerPids: number[];
  output(): string;
}

let router: Router;

async function startRouter(): Promise<Router> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI_PATH, 'serve', '--workers', '2'], {
    env: { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1', OPENENV_MANIFEST: ECHO_MANIFEST, OPENENV_SHUTDOWN_GRACE_S: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  for (let i = 0; i < 1200 && !/router listening/.test(output); i += 1) {
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const pids = /pids (\d+), (\d+)/.exec(output);
  if (!pids) throw new Error(`the router did not start:\n${output}`);
  return { child, base: `http://127.0.0.1:${port}`, workerPids: [Number(pids[1]), Number(pids[2])], output: () => output };
}

async function post(url: string, body: unknown, session?: string): Promise<{ status: number; body: any; session: string | null; retryAfter: string | null }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (session !== undefined) headers[SESSION] = session;
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json(), session: response.headers.get(SESSION), retryAfter: response.headers.get('retry-after') };
}

async function state(session?: string): Promise<any> {
  const response = await fetch(`${router.base}/state`, { headers: session ? { [SESSION]: session } : {} });
  return response.json();
}

function mcp(method: string, params: Record<string, unknown>) {
  return post(`${router.base}/mcp`, { jsonrpc: '2.0', id: 7, method, params });
}

async function waitFor(what: string, check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}; server output:\n${router.output()}`);
}

beforeAll(async () => {
  router = await startRouter();
}, 90_000);

afterAll(() => {
  router?.child.kill('SIGKILL');
  for (const pid of router?.workerPids ?? []) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

describe('serve --workers 2', () => {
  it('answers /health exactly, /ready over both workers, and /metrics from both', async () => {
    expect(await (await fetch(`${router.base}/health`)).text()).toBe('{"status":"healthy"}');
    const ready = await fetch(`${router.base}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', workers: 2, ready_workers: 2 });
    const metrics = await (await fetch(`${router.base}/metrics`)).text();
    expect(metrics).toMatch(/openenv_worker_up\{worker="0"\} 1/);
    expect(metrics).toMatch(/openenv_worker_up\{worker="1"\} 1/);
    expect(metrics).toMatch(/openenv_process_resident_memory_bytes\{worker="1"\}/);
  });

  it('keeps the header-less default session on one process: reset -> step -> state', async () => {
    const reset = await post(`${router.base}/reset`, { seed: 3 });
    expect(reset.status).toBe(200);
    for (let i = 0; i < 4; i += 1) {
      const step = await post(`${router.base}/step`, { action: { type: 'say', text: `try ${i}` } });
      expect(step.status).toBe(200);
    }
    const view = await state();
    expect(view.step_count).toBe(4);
    expect(view.task_id).toBe('echo');
  });

  it('spreads new named sessions over both workers and routes each one back to its owner', async () => {
    const sessions: { id: string; episode: string }[] = [];
    for (let i = 0; i < 6; i += 1) {
      const reset = await post(`${router.base}/reset`, { seed: i, episode_id: `named-${i}` }, 'new');
      expect(reset.status).toBe(200);
      sessions.push({ id: reset.session!, episode: `named-${i}` });
    }
    expect(new Set(sessions.map((s) => s.id.slice(0, 3)))).toEqual(new Set(['w0-', 'w1-']));
    // A client-chosen id lands on whichever worker its hash names, and stays there.
    const chosen = await post(`${router.base}/reset`, { seed: 9, episode_id: 'chosen' }, 'my-trainer-session-17');
    sessions.push({ id: chosen.session!, episode: 'chosen' });
    for (const { id, episode } of sessions) {
      const step = await post(`${router.base}/step`, { action: { type: 'say', text: 'hello' } }, id);
      expect(step.status).toBe(200);
      const view = await state(id);
      expect(view.episode_id).toBe(episode);
      expect(view.step_count).toBe(1);
    }
  });

  it('routes MCP sessions by params.session_id and WebSockets to the session they attach to', async () => {
    const created: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const reply = await mcp('openenv/session/create', { seed: i });
      expect(reply.status).toBe(200);
      created.push(reply.body.result.session_id);
    }
    expect(new Set(created.map((id) => id.slice(0, 3)))).toEqual(new Set(['w0-', 'w1-']));
    for (const id of created) {
      const call = await mcp('tools/call', { session_id: id, name: 'say', arguments: { text: 'hi' } });
      expect(call.body.error).toBeUndefined();
      expect(call.body.result.done).toBe(false);
    }
    // A session made over HTTP on worker 1, driven over /ws?session_id= through the router.
    let onOne = '';
    while (!onOne.startsWith('w1-')) onOne = (await post(`${router.base}/reset`, { seed: 1, episode_id: `ws-${onOne}` }, 'new')).session!;
    const ws = await openRaw(`${router.base.replace('http', 'ws')}/ws?session_id=${onOne}`);
    const stepped = await ws.ask(JSON.stringify({ type: 'step', data: { type: 'say', text: 'over ws' } }));
    expect(stepped.type).toBe('observation');
    ws.socket.close();
    expect((await state(onOne)).step_count).toBe(1);
    // Plain sockets, each its own session, play whole episodes.
    const sockets = await Promise.all([0, 1, 2, 3].map(() => openRaw(`${router.base.replace('http', 'ws')}/ws`)));
    for (const socket of sockets) {
      expect((await socket.ask(JSON.stringify({ type: 'reset', data: { seed: 5 } }))).type).toBe('observation');
      const done = await socket.ask(JSON.stringify({ type: 'step', data: { type: 'submit' } }));
      expect(done.data.done).toBe(true);
      socket.socket.close();
    }
  });

  it('contains a crashed worker: its sessions get a retryable refusal, the other worker keeps serving, it comes back', async () => {
    const onZero = await post(`${router.base}/reset`, { seed: 11, episode_id: 'survivor' }, 'w0-survivor');
    expect(onZero.status).toBe(200);
    const onOne = await post(`${router.base}/reset`, { seed: 12, episode_id: 'casualty' }, 'w1-casualty');
    expect(onOne.status).toBe(200);

    process.kill(router.workerPids[1]!, 'SIGKILL');
    await waitFor('worker 1 to be reported down', async () => (await fetch(`${router.base}/ready`)).status === 503);
    expect(await (await fetch(`${router.base}/ready`)).json()).toMatchObject({ status: 'not_ready', reasons: ['worker 1 is down'] });

    const refused = await post(`${router.base}/step`, { action: { type: 'say', text: 'x' } }, 'w1-casualty');
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe('WORKER_UNAVAILABLE');
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    const refusedMcp = await mcp('tools/call', { session_id: 'w1-casualty', name: 'say', arguments: { text: 'x' } });
    expect(refusedMcp.status).toBe(200);
    expect(refusedMcp.body.error).toMatchObject({ code: -32000, data: { code: 'WORKER_UNAVAILABLE' } });

    const survivor = await post(`${router.base}/step`, { action: { type: 'say', text: 'still here' } }, 'w0-survivor');
    expect(survivor.status).toBe(200);
    expect(router.output()).toMatch(/worker 1 \(pid \d+\) was killed by SIGKILL; its sessions are lost/);

    await waitFor('worker 1 to restart', async () => (await fetch(`${router.base}/ready`)).status === 200);
    const lost = await post(`${router.base}/step`, { action: { type: 'say', text: 'x' } }, 'w1-casualty');
    expect(lost.status).toBe(404);
    expect(lost.body.code).toBe('SESSION_NOT_FOUND');
    expect(await (await fetch(`${router.base}/metrics`)).text()).toMatch(/openenv_worker_restarts\{worker="1"\} 1/);
  }, 90_000);
});
