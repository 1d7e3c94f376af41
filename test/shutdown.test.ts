// SIGTERM on the real CLI: new work is refused, a half-sent request cannot hold the process past the grace period, WebSockets see 1001.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { CLI_PATH } from 'openenv-ts/tools';
import { freePort } from './helpers/free-port.js';
import { afterAll, describe, expect, it } from 'vitest';
import { ECHO_MANIFEST } from './helpers/start-server.js';
import { openRaw } from './helpers/raw-ws.js';

const GRACE_S = 1;
const pids: number[] = [];

afterAll(() => {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

async function startCli(port: number) {
  const child = spawn(process.execPath, [CLI_PATH, 'serve'], {
    // A request timeout far beyond the grace period: only the bounded shutdown can cut the half-open request.
    env: { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1', OPENENV_MANIFEST: ECHO_MANIFEST, OPENENV_SHUTDOWN_GRACE_S: String(GRACE_S), OPENENV_REQUEST_TIMEOUT_S: '600', OPENENV_HEADERS_TIMEOUT_S: '600' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  pids.push(child.pid!);
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  for (let i = 0; i < 200; i++) {
    if (output.includes('listening on')) return { child, exited, output: () => output };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the CLI did not start:\n${output}`);
}

/** Sends headers announcing a body and only part of it; resolves with whatever the server answers before cutting it. */
function halfOpenRequest(port: number): { socket: net.Socket; reply: Promise<string> } {
  const socket = net.connect(port, '127.0.0.1');
  socket.write('POST /reset HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"seed":');
  const reply = new Promise<string>((resolve) => {
    let text = '';
    socket.on('data', (c) => (text += c.toString()));
    socket.on('close', () => resolve(text));
    socket.on('error', () => resolve(text));
  });
  return { socket, reply };
}

describe('SIGTERM', () => {
  it('exits within the grace period despite a half-open request, and closes WebSockets with 1001', async () => {
    const port = await freePort();
    const cli = await startCli(port);
    const ws = await openRaw(`ws://127.0.0.1:${port}/ws`);
    expect((await ws.ask('{"type":"reset","data":{"seed":1}}')).type).toBe('observation');
    const half = halfOpenRequest(port);
    // The half-open request has reached the server once a later request on another connection is answered.
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);

    cli.child.kill('SIGTERM');
    // Bounded by far more than the grace period: before the fix the process waited for the client forever.
    const exit = await Promise.race([cli.exited, new Promise<'still running'>((r) => setTimeout(() => r('still running'), (GRACE_S + 10) * 1000))]);
    expect(exit, cli.output()).toEqual({ code: 0, signal: null });
    expect(await ws.closed).toBe(1001);
    await half.reply;
    expect(half.socket.destroyed || half.socket.readableEnded).toBe(true);
  });

  it('refuses new requests while draining with 503 SHUTTING_DOWN and Retry-After', async () => {
    const port = await freePort();
    const cli = await startCli(port);
    const half = halfOpenRequest(port); // keeps the server draining for the grace period
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    cli.child.kill('SIGTERM');
    let refused: Response | null = null;
    for (let i = 0; i < 40 && !refused; i++) {
      await new Promise((r) => setTimeout(r, 25));
      try {
        const res = await fetch(`http://127.0.0.1:${port}/health`);
        if (res.status === 503) refused = res;
      } catch {
        break; // already closed
      }
    }
    expect(refused, 'no request was answered while draining').not.toBeNull();
    expect(refused!.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await refused!.json()) as { code: string }).code).toBe('SHUTTING_DOWN');
    await cli.exited;
    half.socket.destroy();
  });
});
