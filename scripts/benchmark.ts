// Benchmark: serves the environment on loopback and measures the HTTP stack, and each task's episodes over HTTP and /ws.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { createEnvironment } from '../framework/environment.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runReferenceSolver } from '../framework/testing.js';
import type { RegisteredTask } from '../framework/task-registry.js';

interface Timing {
  label: string;
  count: number;
  seconds: number;
}

const perSecond = (t: Timing) => t.count / t.seconds;

async function timed(label: string, count: number, work: () => Promise<void>): Promise<Timing> {
  const start = process.hrtime.bigint();
  await work();
  return { label, count, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

async function post(url: string, body: unknown, session: string): Promise<any> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-openenv-session-id': session }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

/** One WebSocket connection that answers requests in order. */
async function openSocket(url: string) {
  const socket = new WebSocket(url);
  const replies: Array<(value: any) => void> = [];
  socket.on('message', (data) => replies.shift()?.(JSON.parse(data.toString())));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const request = (message: unknown) =>
    new Promise<any>((resolve) => {
      replies.push(resolve);
      socket.send(JSON.stringify(message));
    });
  return { request, close: () => socket.close() };
}

/** Starts the real server in its own process (so client and server do not share one event loop); resolves its port. */
function startServerProcess(maxSessions: number): Promise<{ child: ChildProcess; port: number }> {
  const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../framework/cli.js');
  const child = spawn(process.execPath, [cli, 'serve'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ENABLE_WEB_INTERFACE: 'false', OPENENV_MAX_SESSIONS: String(maxSessions) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on http:\/\/[^:]+:(\d+)/.exec(output);
      if (match) resolve({ child, port: Number(match[1]) });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening`)));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { episodes: { type: 'string', default: '20' }, concurrency: { type: 'string', default: '8' }, 'web-sessions': { type: 'string', default: '256' }, tasks: { type: 'string' } } });
  const only = values.tasks?.split(',');
  const episodes = Number(values.episodes);
  const concurrency = Number(values.concurrency);
  const webSessions = Number(values['web-sessions']);
  const env = await createEnvironment();
  const { child, port } = await startServerProcess(Math.max(concurrency, webSessions) + 4);
  const base = `http://127.0.0.1:${port}`;
  const results: Timing[] = [];

  const healthCount = 2000;
  results.push(await timed('GET /health', healthCount, async () => {
    for (let i = 0; i < healthCount; i++) await (await fetch(`${base}/health`)).json();
  }));

  const tasks: RegisteredTask[] = env.registry.list().filter((t) => !only || only.includes(t.metadata.id));
  for (const task of tasks) {
    const plans: Array<{ seed: number; actions: unknown[] }> = [];
    for (let seed = 0; seed < episodes; seed++) {
      const solved = await runReferenceSolver(task, seed);
      plans.push({ seed, actions: [...solved.episode.actions] });
    }
    const steps = plans.reduce((n, p) => n + p.actions.length + 1, 0);
    results.push(await timed(`${task.metadata.id}: reset+steps over HTTP, 1 client`, steps, async () => {
      for (const plan of plans) {
        await post(`${base}/reset`, { task: task.metadata.id, seed: plan.seed }, 'bench');
        for (const action of plan.actions) await post(`${base}/step`, { action }, 'bench');
      }
    }));
    results.push(await timed(`${task.metadata.id}: reset+steps over /ws, 1 client`, steps, async () => {
      const socket = await openSocket(`ws://127.0.0.1:${port}/ws`);
      for (const plan of plans) {
        await socket.request({ type: 'reset', data: { task: task.metadata.id, seed: plan.seed } });
        for (const action of plan.actions) await socket.request({ type: 'step', data: action });
      }
      socket.close();
    }));
    results.push(await timed(`${task.metadata.id}: reset+steps over HTTP, ${concurrency} clients`, steps * concurrency, async () => {
      await Promise.all(Array.from({ length: concurrency }, async (_, c) => {
        for (const plan of plans) {
          await post(`${base}/reset`, { task: task.metadata.id, seed: plan.seed }, `bench-${c}`);
          for (const action of plan.actions) await post(`${base}/step`, { action }, `bench-${c}`);
        }
      }));
    }));
  }
  const web = env.registry.list().find((t) => t.metadata.id === 'web-navigation');
  const webRow = web ? await webNavigationSessions(web, base, webSessions, child.pid!) : null;
  child.kill('SIGTERM');

  const health = perSecond(results[0]!);
  process.stdout.write(`node ${process.version}, server in its own process, ${episodes} reference-solver episodes per task, one run\n\n`);
  process.stdout.write(`${'measurement'.padEnd(58)} ${'requests/s'.padStart(11)} ${'vs /health'.padStart(11)}\n`);
  for (const r of results) {
    process.stdout.write(`${r.label.padEnd(58)} ${perSecond(r).toFixed(0).padStart(11)} ${(perSecond(r) / health).toFixed(2).padStart(11)}\n`);
  }
  if (webRow) {
    const r = webRow.timing;
    process.stdout.write(`${r.label.padEnd(58)} ${perSecond(r).toFixed(0).padStart(11)} ${(perSecond(r) / health).toFixed(2).padStart(11)}\n`);
    process.stdout.write(`  ${webRow.failed} of ${webRow.sessions} episodes failed; server peak RSS ${webRow.peakRssMb === null ? 'n/a' : `${webRow.peakRssMb.toFixed(0)} MB`}\n`);
    for (const [reason, count] of webRow.reasons) process.stdout.write(`    ${count} x ${reason}\n`);
  }
  process.stdout.write('\nratios within each task, same run:\n');
  for (let i = 1; i + 2 < results.length + 1; i += 3) {
    const [http, ws, many] = [results[i]!, results[i + 1]!, results[i + 2]!];
    const id = http.label.split(':')[0];
    process.stdout.write(`  ${id}: /ws is ${(perSecond(ws) / perSecond(http)).toFixed(2)}x HTTP; ${concurrency} concurrent HTTP clients give ${(perSecond(many) / perSecond(http)).toFixed(2)}x one client's throughput\n`);
  }
}

/** Peak resident set of a process so far (Linux VmHWM), in MB; null elsewhere. */
async function peakRssMb(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * web-navigation renders every page into one shared DOM, so its memory should not grow with sessions: this plays
 * one reference episode at the top level in each of `sessions` concurrent sessions and reports failures and the
 * server's peak RSS (issue 23 asks for 256 sessions, 0 failed episodes, peak RSS under 1 GB).
 */
async function webNavigationSessions(task: RegisteredTask, base: string, sessions: number, serverPid: number) {
  const plans: Array<{ seed: number; actions: unknown[] }> = [];
  for (let seed = 0; seed < sessions; seed++) {
    const solved = await runReferenceSolver(task, seed, undefined, { level: 'workflows' });
    plans.push({ seed, actions: [...solved.episode.actions] });
  }
  let failed = 0;
  const reasons = new Map<string, number>();
  const fail = (reason: string) => {
    failed += 1;
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  };
  const steps = plans.reduce((n, p) => n + p.actions.length + 1, 0);
  const timing = await timed(`web-navigation: ${sessions} concurrent sessions, workflows level`, steps, async () => {
    await Promise.all(plans.map(async (plan, c) => {
      try {
        await post(`${base}/reset`, { task: task.metadata.id, seed: plan.seed, level: 'workflows' }, `web-${c}`);
        let last: any = null;
        for (const action of plan.actions) last = await post(`${base}/step`, { action }, `web-${c}`);
        if (!last?.done) fail('not done after the reference actions');
        else if ((last.observation?.score ?? 0) < 0.95) fail(`score ${last.observation?.score}`);
      } catch (err) {
        fail((err as Error).message.slice(0, 160));
      }
    }));
  });
  return { timing, failed, reasons, sessions, peakRssMb: await peakRssMb(serverPid) };
}

main().catch((err: unknown) => {
  process.stderr.write(`benchmark failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
