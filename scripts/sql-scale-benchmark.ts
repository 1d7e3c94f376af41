// The sql-analytics scale run of `npm run bench`: GRPO-sized concurrent WebSocket sessions against a server in its own process.
//
// Per level: a fresh server (OPENENV_MAX_SESSIONS raised for the run); cold resets of unseen seeds on the quiet
// server; then `sessions` concurrent sockets each play `episodes` episodes with the reference solver, in groups
// of `group` sessions on one prompt (a GRPO group), retrying CAPACITY_REACHED after retry_after_s. The server's
// peak RSS and thread count come from /proc.
import { CLI_PATH } from 'openenv-ts/tools';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { scenarioFor } from 'openenv-ts';
import type { RegisteredTask } from 'openenv-ts';
import { openOrderedSocket } from './ordered-socket.js';

export interface ScaleOptions {
  readonly sessions: number;
  readonly episodes: number;
  /** Sessions playing the same prompt at once (1 = every session its own scenario). */
  readonly group: number;
  readonly levels: readonly string[];
  /** Unseen seeds reset one after another on the quiet server. */
  readonly coldResets: number;
}

export interface ScaleResult {
  level: string;
  sessions: number;
  episodes: number;
  group: number;
  failedEpisodes: number;
  wrongAnswers: number;
  retried: number;
  steps: number;
  stepP50: number;
  stepP99: number;
  resetP50: number;
  resetP99: number;
  wallSeconds: number;
  coldResetMedian: number;
  coldFirstQueryMedian: number;
  peakRssMb: number;
  peakThreads: number;
  /** CPU seconds the server process used during the concurrent run (all its threads): independent of other load on the machine. */
  serverCpuSeconds: number;
  /** The machine's 1-minute load average when the concurrent run ended (other work competes for the cores). */
  loadAverage: number;
}

const TASK = 'sql-analytics';

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Starts the real server in its own process with the given environment; resolves its port. */
function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [CLI_PATH, 'serve'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ENABLE_WEB_INTERFACE: 'false', LOG_LEVEL: 'warn', ...env },
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

/** Samples a process's resident memory and threads from /proc (Linux); peak RSS is the kernel's high-water mark. */
function watchProcess(pid: number) {
  let peakThreads = 0;
  const read = () => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
      peakThreads = Math.max(peakThreads, field('Threads'));
      return { hwmKb: field('VmHWM') };
    } catch {
      return { hwmKb: NaN };
    }
  };
  const timer = setInterval(read, 100);
  return {
    stop() {
      const { hwmKb } = read();
      clearInterval(timer);
      return { peakRssMb: hwmKb / 1024, peakThreads };
    },
  };
}

/** CPU seconds (user + system, all threads) a process has used so far, from /proc/<pid>/stat. */
function cpuSecondsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of stat, counted in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Cold resets of seeds the server has not seen, one at a time on a quiet server: the reset, then its first query. */
async function coldResets(url: string, level: string, seeds: number[]): Promise<{ reset: number[]; firstQuery: number[] }> {
  const session = await openOrderedSocket(url);
  const reset: number[] = [];
  const firstQuery: number[] = [];
  for (const seed of seeds) {
    let start = performance.now();
    const reply = await session.ask({ type: 'reset', data: { task: TASK, seed, level } });
    reset.push(performance.now() - start);
    if (reply.type !== 'observation') throw new Error(`cold reset failed: ${JSON.stringify(reply).slice(0, 300)}`);
    start = performance.now();
    await session.ask({ type: 'step', data: { type: 'query', sql: 'SELECT 1' } });
    firstQuery.push(performance.now() - start);
  }
  session.close();
  return { reset, firstQuery };
}

export async function runScaleBenchmark(task: RegisteredTask, options: ScaleOptions): Promise<ScaleResult[]> {
  const results: ScaleResult[] = [];
  const groups = Math.ceil(options.sessions / options.group);
  for (const [levelIndex, level] of options.levels.entries()) {
    // Seeds per level: disjoint from the cold-reset seeds, so those are unseen.
    const base = 100_000 * (levelIndex + 1);
    const seedOf = (session: number, episode: number) => base + episode * groups + Math.floor(session / options.group);
    const plans = new Map<number, unknown[]>();
    for (let episode = 0; episode < options.episodes; episode++) {
      for (let g = 0; g < groups; g++) {
        const seed = base + episode * groups + g;
        plans.set(seed, await task.plugin.solve(await scenarioFor(task, seed, undefined, { level })));
      }
    }
    const { child, port } = await startServer({ OPENENV_MAX_SESSIONS: String(options.sessions + 16) });
    const watch = watchProcess(child.pid!);
    const url = `ws://127.0.0.1:${port}/ws`;
    try {
      const cold = await coldResets(url, level, Array.from({ length: options.coldResets }, (_, i) => base + 90_000 + i));
      const stepTimes: number[] = [];
      const resetTimes: number[] = [];
      let failedEpisodes = 0;
      let wrongAnswers = 0;
      let retried = 0;
      const started = performance.now();
      const cpuBefore = cpuSecondsOf(child.pid!);
      await Promise.all(
        Array.from({ length: options.sessions }, async (_, s) => {
          const session = await openOrderedSocket(url);
          const ask = async (message: unknown, times: number[]): Promise<any> => {
            for (;;) {
              const start = performance.now();
              const reply = await session.ask(message);
              if (reply.type === 'error' && reply.data.code === 'CAPACITY_REACHED') {
                retried += 1;
                await new Promise((resolve) => setTimeout(resolve, (reply.data.retry_after_s ?? 1) * 1000));
                continue;
              }
              times.push(performance.now() - start);
              return reply;
            }
          };
          for (let episode = 0; episode < options.episodes; episode++) {
            const seed = seedOf(s, episode);
            try {
              const reset = await ask({ type: 'reset', data: { task: TASK, seed, level } }, resetTimes);
              if (reset.type !== 'observation') throw new Error(JSON.stringify(reset).slice(0, 300));
              let done = false;
              for (const action of plans.get(seed)!) {
                const reply = await ask({ type: 'step', data: action }, stepTimes);
                if (reply.type !== 'observation') throw new Error(JSON.stringify(reply).slice(0, 300));
                done = reply.data.done;
                if (done) break;
              }
              const state = await ask({ type: 'state' }, []);
              if (!done) throw new Error('the episode did not end');
              if (state.data.raw_score !== 1) wrongAnswers += 1;
            } catch (err) {
              failedEpisodes += 1;
              process.stderr.write(`session ${s} episode ${episode} (seed ${seed}) failed: ${err instanceof Error ? err.message : String(err)}\n`);
            }
          }
          session.close();
        }),
      );
      const wallSeconds = (performance.now() - started) / 1000;
      const serverCpuSeconds = cpuSecondsOf(child.pid!) - cpuBefore;
      const { peakRssMb, peakThreads } = watch.stop();
      results.push({
        level,
        sessions: options.sessions,
        episodes: options.episodes,
        group: options.group,
        failedEpisodes,
        wrongAnswers,
        retried,
        steps: stepTimes.length,
        stepP50: percentile(stepTimes, 50),
        stepP99: percentile(stepTimes, 99),
        resetP50: percentile(resetTimes, 50),
        resetP99: percentile(resetTimes, 99),
        wallSeconds,
        coldResetMedian: percentile(cold.reset, 50),
        coldFirstQueryMedian: percentile(cold.firstQuery, 50),
        peakRssMb,
        peakThreads,
        serverCpuSeconds,
        loadAverage: os.loadavg()[0]!,
      });
    } finally {
      watch.stop();
      child.kill('SIGTERM');
    }
  }
  return results;
}

/** The results as a Markdown table (what the plugin README's "Serving at scale" quotes). */
export function scaleTable(results: readonly ScaleResult[]): string {
  const header =
    '| level | sessions x episodes (group) | failed episodes | wrong answers | 503s retried | step p50 / p99 (ms) | reset p50 / p99 (ms) | cold reset median (ms) | first query after it (ms) | peak RSS (MB) | peak threads | wall (s) | server CPU (s) | load average |\n' +
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n';
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 10 ? 1 : 0) : '-');
  return (
    header +
    results
      .map(
        (r) =>
          `| ${r.level} | ${r.sessions} x ${r.episodes} (${r.group}) | ${r.failedEpisodes} | ${r.wrongAnswers} | ${r.retried} | ${f(r.stepP50)} / ${f(r.stepP99)} | ${f(r.resetP50)} / ${f(r.resetP99)} | ${f(r.coldResetMedian)} | ${f(r.coldFirstQueryMedian)} | ${f(r.peakRssMb)} | ${r.peakThreads} | ${f(r.wallSeconds)} | ${f(r.serverCpuSeconds)} | ${r.loadAverage.toFixed(1)} |`,
      )
      .join('\n') +
    '\n'
  );
}
