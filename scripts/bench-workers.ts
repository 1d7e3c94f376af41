// Benchmark part: `serve --workers 2` against one process, same load, one run: throughput of whole episodes over /ws.
import { CLI_PATH } from 'openenv-ts/tools';
import { spawn, type ChildProcess } from 'node:child_process';
import { openOrderedSocket } from './ordered-socket.js';
import { runReferenceSolver } from 'openenv-ts';
import type { RegisteredTask } from 'openenv-ts';

interface Plan {
  readonly task: string;
  readonly seed: number;
  readonly actions: readonly unknown[];
}

/**
 * Starts the CLI's server in its own process (so the load generator does not share its event loop) with
 * `--workers n` on a free port, with `extraEnv` over this process's environment; resolves once it listens
 * (the router's line, or the server's).
 */
export function startServe(workers: number, maxSessions: number, extraEnv: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [CLI_PATH, 'serve', '--workers', String(workers)], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ENABLE_WEB_INTERFACE: 'false', OPENENV_MAX_SESSIONS: String(maxSessions), ...extraEnv },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on http:\/\/[^:]+:(\d+)/.exec(output);
      if (match) resolve({ child, port: Number(match[1]) });
    });
    child.once('exit', (code) => reject(new Error(`serve --workers ${workers} exited with ${code} before listening`)));
  });
}

/** Plays the plans over one socket, in order; returns the steps taken (resets included). */
async function playOverSocket(url: string, plans: readonly Plan[], retried: { count: number }): Promise<number> {
  const socket = await openOrderedSocket(url);
  const once = (message: unknown) => socket.ask(message);
  // An overload refusal is retried after the time it names, as a trainer's client would; it is not a failure.
  const ask = async (message: unknown): Promise<any> => {
    for (let attempt = 0; ; attempt += 1) {
      const reply = await once(message);
      const wait = reply.type === 'error' ? reply.data?.retry_after_s : undefined;
      if (typeof wait !== 'number' || attempt >= 10) return reply;
      retried.count += 1;
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
    }
  };
  let steps = 0;
  for (const plan of plans) {
    const reset = await ask({ type: 'reset', data: { task: plan.task, seed: plan.seed } });
    if (reset.type !== 'observation') throw new Error(`reset of ${plan.task} failed: ${JSON.stringify(reset).slice(0, 300)}`);
    steps += 1;
    for (const action of plan.actions) {
      const reply = await ask({ type: 'step', data: action });
      if (reply.type !== 'observation') throw new Error(`step of ${plan.task} failed: ${JSON.stringify(reply).slice(0, 300)}`);
      steps += 1;
    }
  }
  socket.close();
  return steps;
}

export interface WorkersRow {
  readonly workers: number;
  readonly sessions: number;
  readonly episodes: number;
  readonly steps: number;
  readonly seconds: number;
  /** Overload refusals the sessions retried. */
  readonly retried: number;
}

/**
 * `sessions` concurrent /ws sessions, each playing `episodesPerSession` reference episodes (tasks in turn),
 * against one process and then against `serve --workers 2`.
 */
export async function benchWorkers(tasks: readonly RegisteredTask[], sessions: number, episodesPerSession: number): Promise<WorkersRow[]> {
  const plans: Plan[][] = [];
  for (let s = 0; s < sessions; s += 1) {
    const own: Plan[] = [];
    for (let e = 0; e < episodesPerSession; e += 1) {
      const task = tasks[(s + e) % tasks.length]!;
      const seed = 1000 + s * episodesPerSession + e;
      const solved = await runReferenceSolver(task, seed);
      own.push({ task: task.metadata.id, seed, actions: [...solved.episode.actions] });
    }
    plans.push(own);
  }
  const rows: WorkersRow[] = [];
  for (const workers of [1, 2]) {
    const { child, port } = await startServe(workers, sessions + 8);
    try {
      const retried = { count: 0 };
      const started = process.hrtime.bigint();
      const steps = (await Promise.all(plans.map((own) => playOverSocket(`ws://127.0.0.1:${port}/ws`, own, retried)))).reduce((a, b) => a + b, 0);
      rows.push({ workers, sessions, episodes: sessions * episodesPerSession, steps, seconds: Number(process.hrtime.bigint() - started) / 1e9, retried: retried.count });
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }
  return rows;
}

export function formatWorkersRows(rows: readonly WorkersRow[]): string {
  const lines = ['', `serve --workers: ${rows[0]?.sessions} concurrent /ws sessions x ${rows[0] ? rows[0].episodes / rows[0].sessions : 0} reference episodes each, every task in turn, same run`];
  lines.push(`${'workers'.padEnd(10)} ${'episodes'.padStart(9)} ${'steps'.padStart(7)} ${'seconds'.padStart(8)} ${'steps/s'.padStart(9)} ${'retried 503s'.padStart(13)}`);
  for (const r of rows) lines.push(`${String(r.workers).padEnd(10)} ${String(r.episodes).padStart(9)} ${String(r.steps).padStart(7)} ${r.seconds.toFixed(2).padStart(8)} ${(r.steps / r.seconds).toFixed(0).padStart(9)} ${String(r.retried).padStart(13)}`);
  if (rows.length === 2) lines.push(`2 workers give ${((rows[1]!.steps / rows[1]!.seconds) / (rows[0]!.steps / rows[0]!.seconds)).toFixed(2)}x the throughput of 1 (the load generator shares the machine's cores)`);
  return `${lines.join('\n')}\n`;
}
