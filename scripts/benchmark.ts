// Benchmark: serves the environment on loopback and measures the HTTP stack, each task's episodes over HTTP and /ws, and sql-analytics at GRPO scale.
import 'reflect-metadata';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { createEnvironment } from 'openenv-ts';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { runReferenceSolver } from 'openenv-ts';
import type { RegisteredTask } from 'openenv-ts';
import { runScaleBenchmark, scaleTable } from './sql-scale-benchmark.js';
import { benchWorkers, formatWorkersRows, startServe } from './bench-workers.js';
import { openOrderedSocket } from './ordered-socket.js';
import { benchChemistryOffload, formatOffloadRows, type OffloadOptions } from './bench-chemistry-offload.js';

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

/** Like post, but an overload refusal (503) is retried after the retry_after_s it names, as a trainer's client would. */
async function postRetrying(url: string, body: unknown, session: string, retried: { count: number }): Promise<any> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-openenv-session-id': session }, body: JSON.stringify(body) });
    const text = await response.text();
    if (response.ok) return JSON.parse(text);
    const wait = response.status === 503 ? (JSON.parse(text) as { retry_after_s?: number }).retry_after_s : undefined;
    if (typeof wait !== 'number' || attempt >= 30) throw new Error(`${url}: HTTP ${response.status} ${text}`);
    retried.count += 1;
    await new Promise((resolve) => setTimeout(resolve, wait * 1000));
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      episodes: { type: 'string', default: '20' },
      concurrency: { type: 'string', default: '8' },
      // The sql-analytics scale run: concurrent WebSocket sessions x episodes each, in GRPO groups on one prompt.
      'sql-sessions': { type: 'string', default: '256' },
      'sql-episodes': { type: 'string', default: '2' },
      'sql-group': { type: 'string', default: '8' },
      'sql-cold-resets': { type: 'string', default: '15' },
      only: { type: 'string', default: 'all' }, // all | tasks | sql-scale | chemistry-offload
      // The crowd run: this many concurrent sessions of one task (lead-optimization by default).
      crowd: { type: 'string', default: '256' },
      // Comma-separated: each task gets its own crowd row.
      'crowd-task': { type: 'string', default: 'lead-optimization,web-navigation' },
      // The level the crowd episodes play (default: each task's first level).
      'crowd-level': { type: 'string' },
      // Only these tasks in the per-task rows (comma-separated; default every task).
      tasks: { type: 'string' },
      // serve --workers 2 against one process: this many concurrent /ws sessions, 4 episodes each.
      'workers-sessions': { type: 'string', default: '32' },
      // lead-optimization's RDKit work on the server thread vs in its worker pool: background sessions and heavy clients.
      'offload-background': { type: 'string', default: '8' },
      'offload-heavy-clients': { type: 'string', default: '2' },
      'offload-heavy-episodes': { type: 'string', default: '6' },
    },
  });
  const episodes = Number(values.episodes);
  const concurrency = Number(values.concurrency);
  const crowd = Number(values.crowd);
  const only = values.tasks?.split(',');
  const env = await createEnvironment();
  const offload: OffloadOptions = {
    background: Number(values['offload-background']),
    heavyClients: Number(values['offload-heavy-clients']),
    heavyEpisodesPerClient: Number(values['offload-heavy-episodes']),
    quietSteps: 40,
  };
  const offloadRows = () => benchChemistryOffload(env.registry.get('lead-optimization'), env.registry.get('ticket-triage'), offload);
  if (values.only === 'chemistry-offload') {
    process.stdout.write(`node ${process.version}, ${os.availableParallelism()} cores, load average ${os.loadavg()[0]!.toFixed(1)} at start, servers in their own processes over HTTP\n`);
    process.stdout.write(formatOffloadRows(await offloadRows(), offload));
    return;
  }
  if (values.only !== 'tasks') {
    const sql = env.registry.get('sql-analytics');
    const levels = sql.plugin.levels ?? [];
    const options = {
      sessions: Number(values['sql-sessions']),
      episodes: Number(values['sql-episodes']),
      group: Number(values['sql-group']),
      coldResets: Number(values['sql-cold-resets']),
      levels: [...new Set([levels[0]?.name ?? 'default', levels[levels.length - 1]?.name ?? 'default'])],
    };
    const results = await runScaleBenchmark(sql, options);
    process.stdout.write(`sql-analytics at scale: node ${process.version}, ${os.availableParallelism()} cores, server in its own process over /ws, reference solver, one run\n\n`);
    process.stdout.write(scaleTable(results));
    process.stdout.write('\n');
    if (values.only === 'sql-scale') return;
  }
  const { child, port } = await startServe(1, Math.max(concurrency, crowd) + 4);
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
      const socket = await openOrderedSocket(`ws://127.0.0.1:${port}/ws`);
      for (const plan of plans) {
        await socket.ask({ type: 'reset', data: { task: task.metadata.id, seed: plan.seed } });
        for (const action of plan.actions) await socket.ask({ type: 'step', data: action });
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
  const crowdRows: string[] = [];
  for (const id of (values['crowd-task'] ?? '').split(',').filter(Boolean)) {
    const crowdTask = env.registry.list().find((t) => t.metadata.id === id);
    if (crowdTask && crowd > 0) crowdRows.push(await crowdRun(base, crowdTask, crowd, child.pid!, values['crowd-level']));
  }
  child.kill('SIGTERM');

  const health = perSecond(results[0]!);
  process.stdout.write(`node ${process.version}, server in its own process, ${episodes} reference-solver episodes per task, one run\n\n`);
  process.stdout.write(`${'measurement'.padEnd(58)} ${'requests/s'.padStart(11)} ${'vs /health'.padStart(11)}\n`);
  for (const r of results) {
    process.stdout.write(`${r.label.padEnd(58)} ${perSecond(r).toFixed(0).padStart(11)} ${(perSecond(r) / health).toFixed(2).padStart(11)}\n`);
  }
  process.stdout.write('\nratios within each task, same run:\n');
  for (let i = 1; i + 2 < results.length + 1; i += 3) {
    const [http, ws, many] = [results[i]!, results[i + 1]!, results[i + 2]!];
    const id = http.label.split(':')[0];
    process.stdout.write(`  ${id}: /ws is ${(perSecond(ws) / perSecond(http)).toFixed(2)}x HTTP; ${concurrency} concurrent HTTP clients give ${(perSecond(many) / perSecond(http)).toFixed(2)}x one client's throughput\n`);
  }
  for (const row of crowdRows) process.stdout.write(`\n${row}\n`);
  process.stdout.write(formatWorkersRows(await benchWorkers(tasks, Number(values['workers-sessions']), 4)));
  if (!only || only.includes('lead-optimization')) process.stdout.write(formatOffloadRows(await offloadRows(), offload));
}

/** The server's peak resident set so far (VmHWM), in MB; null where /proc is not available. */
function peakRssMb(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * `sessions` reference-solver episodes of one task at once, each in its own HTTP session on a distinct seed: an
 * episode fails if any request fails (an overload refusal is retried, and counted) or it does not end done.
 * Reports the server's peak RSS.
 */
async function crowdRun(base: string, task: RegisteredTask, sessions: number, serverPid: number, level?: string): Promise<string> {
  const plans: Array<{ seed: number; actions: unknown[] }> = [];
  const at = level === undefined ? {} : { level };
  for (let seed = 0; seed < sessions; seed++) {
    const solved = await runReferenceSolver(task, seed, undefined, at);
    plans.push({ seed, actions: [...solved.episode.actions] });
  }
  let failed = 0;
  const retried = { count: 0 };
  const errors = new Set<string>();
  const started = process.hrtime.bigint();
  await Promise.all(plans.map(async (plan, c) => {
    try {
      const session = `crowd-${c}`;
      await postRetrying(`${base}/reset`, { task: task.metadata.id, seed: plan.seed, ...at }, session, retried);
      let last: any = null;
      for (const action of plan.actions) last = await postRetrying(`${base}/step`, { action }, session, retried);
      if (!last?.done) throw new Error('episode did not end');
    } catch (err) {
      failed++;
      errors.add((err as Error).message.slice(0, 200));
    }
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rss = peakRssMb(serverPid);
  return (
    `${task.metadata.id}${level === undefined ? '' : ` at ${level}`}: ${sessions} concurrent sessions (reference-solver episodes over HTTP): ${failed} failed episodes, ` +
    `${seconds.toFixed(1)} s wall, peak server RSS ${rss === null ? 'n/a' : `${rss.toFixed(0)} MB`}, ${retried.count} overload refusals retried` +
    (errors.size > 0 ? `\n  errors: ${[...errors].slice(0, 3).join(' | ')}` : '')
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`benchmark failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
