// Benchmark part: other sessions' step latency while heavy lead-optimization resets and submits run, RDKit work on the server's thread vs in its worker pool, one run.
import { performance } from 'node:perf_hooks';
import { runReferenceSolver } from 'openenv-ts';
import type { RegisteredTask } from 'openenv-ts';
import { startServe } from './bench-workers.js';

/** One background episode: a reset (not timed) and the steps that are timed. */
interface Plan {
  readonly reset: Record<string, unknown>;
  readonly actions: readonly unknown[];
}

export interface Latencies {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export interface OffloadRow {
  readonly mode: string;
  /** Background steps with nothing heavy running. */
  readonly quiet: Latencies;
  /** Background steps while the heavy clients play. */
  readonly loaded: Latencies;
  readonly heavyEpisodes: number;
  readonly heavySeconds: number;
  /** Median reset latency of the heavy clients (a generation each). */
  readonly heavyResetP50: number;
  /** Requests that did not answer 200 (background and heavy). */
  readonly failures: number;
}

export interface OffloadOptions {
  /** Background sessions (half replay ticket-triage episodes, half step lead-optimization with cheap views). */
  readonly background: number;
  /** Clients playing lead-optimization reference episodes of the top level, each on fresh seeds. */
  readonly heavyClients: number;
  readonly heavyEpisodesPerClient: number;
  /** Timed background steps per session in the quiet phase. */
  readonly quietSteps: number;
}

function latencies(samples: number[]): Latencies {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN };
}

async function post(url: string, body: unknown, session: string): Promise<{ ok: boolean; ms: number; body: any }> {
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-openenv-session-id': session }, body: JSON.stringify(body) });
  const parsed = await response.json().catch(() => null);
  return { ok: response.ok, ms: performance.now() - started, body: parsed };
}

/**
 * Against a server started with `env`: background sessions step in a loop (timed) while, after a quiet phase,
 * heavy clients play top-level lead-optimization episodes on seeds no process has seen (each reset generates a
 * scenario, each submit runs the oracle's search).
 */
async function measure(mode: string, env: NodeJS.ProcessEnv, background: Plan[][], heavy: Plan[][], options: OffloadOptions): Promise<OffloadRow> {
  const { child, port } = await startServe(1, background.length + heavy.length + 8, env);
  const base = `http://127.0.0.1:${port}`;
  let failures = 0;
  try {
    // Warm-up, not timed: RDKit loads (and the pool's workers start), the background scenarios are generated
    // and graded once (a background submit later reads a cached oracle).
    for (const [b, plans] of background.entries()) {
      for (const plan of plans) {
        if (!(await post(`${base}/reset`, plan.reset, `bg-${b}`)).ok) failures++;
        for (const action of plan.actions) await post(`${base}/step`, { action }, `bg-${b}`);
      }
    }
    // An object, not a local: the loops read it as the phases change under them.
    const now: { phase: 'quiet' | 'loaded' | 'stop' } = { phase: 'quiet' };
    const stopped = () => now.phase === 'stop';
    const samples = { quiet: [] as number[], loaded: [] as number[] };
    const quietDone: Promise<void>[] = [];
    const loops = background.map((plans, b) => {
      let quietLeft = options.quietSteps;
      let signalQuiet!: () => void;
      quietDone.push(new Promise<void>((resolve) => (signalQuiet = resolve)));
      return (async () => {
        for (let round = 0; !stopped(); round++) {
          const plan = plans[round % plans.length]!;
          if (!(await post(`${base}/reset`, plan.reset, `bg-${b}`)).ok) failures++;
          for (const action of plan.actions) {
            if (stopped()) break;
            const during = now.phase as 'quiet' | 'loaded';
            const reply = await post(`${base}/step`, { action }, `bg-${b}`);
            if (!reply.ok) failures++;
            samples[during].push(reply.ms);
            if (during === 'quiet' && --quietLeft === 0) signalQuiet();
            if (reply.body?.done) break;
          }
        }
      })();
    });
    await Promise.all(quietDone);
    now.phase = 'loaded';
    const resetMs: number[] = [];
    const started = performance.now();
    let episodes = 0;
    await Promise.all(
      heavy.map(async (plans, h) => {
        for (const plan of plans) {
          const reset = await post(`${base}/reset`, plan.reset, `heavy-${h}`);
          resetMs.push(reset.ms);
          if (!reset.ok) failures++;
          for (const action of plan.actions) if (!(await post(`${base}/step`, { action }, `heavy-${h}`)).ok) failures++;
          episodes++;
        }
      }),
    );
    const heavySeconds = (performance.now() - started) / 1000;
    now.phase = 'stop';
    await Promise.all(loops);
    return { mode, quiet: latencies(samples.quiet), loaded: latencies(samples.loaded), heavyEpisodes: episodes, heavySeconds, heavyResetP50: latencies(resetMs).p50, failures };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

/**
 * The before/after comparison in one run: the same load against a server with OPENENV_RDKIT_WORKERS=0 (every
 * generation and oracle search on the event loop, as before the pool) and one with the default pool.
 */
export async function benchChemistryOffload(lead: RegisteredTask, triage: RegisteredTask, options: OffloadOptions): Promise<OffloadRow[]> {
  const levels = lead.plugin.levels ?? [];
  const top = levels[levels.length - 1]?.name ?? 'default';
  const background: Plan[][] = [];
  for (let b = 0; b < options.background; b++) {
    if (b % 2 === 0) {
      const seeds = [7000 + b, 7100 + b];
      const plans: Plan[] = [];
      for (const seed of seeds) {
        const solved = await runReferenceSolver(triage, seed);
        plans.push({ reset: { task: triage.metadata.id, seed }, actions: [...solved.episode.actions] });
      }
      background.push(plans);
    } else {
      // Views only: the cheap per-step work (no new molecule), 45 of the 50 steps an episode allows.
      background.push([{ reset: { task: lead.metadata.id, seed: 7200 + b }, actions: Array.from({ length: 45 }, () => ({ type: 'view', molecule: 'M0' })) }]);
    }
  }
  const heavy: Plan[][] = [];
  for (let h = 0; h < options.heavyClients; h++) {
    const plans: Plan[] = [];
    for (let e = 0; e < options.heavyEpisodesPerClient; e++) {
      const seed = 8000 + h * options.heavyEpisodesPerClient + e;
      const solved = await runReferenceSolver(lead, seed, undefined, { level: top });
      plans.push({ reset: { task: lead.metadata.id, seed, level: top }, actions: [...solved.episode.actions] });
    }
    heavy.push(plans);
  }
  return [
    await measure('before: on the server thread (OPENENV_RDKIT_WORKERS=0)', { OPENENV_RDKIT_WORKERS: '0' }, background, heavy, options),
    await measure('after: RDKit worker pool (default size)', {}, background, heavy, options),
  ];
}

export function formatOffloadRows(rows: readonly OffloadRow[], options: OffloadOptions): string {
  const ms = (x: number) => x.toFixed(1).padStart(7);
  const lines = [
    '',
    `lead-optimization heavy work vs other sessions: ${options.background} background sessions stepping (ticket-triage episodes, lead-optimization views) ` +
      `while ${options.heavyClients} clients play ${options.heavyClients * options.heavyEpisodesPerClient} top-level lead-optimization episodes on fresh seeds ` +
      '(each reset generates a scenario, each submit runs the oracle), same run; background step latency in ms',
    `${'mode'.padEnd(56)} ${'quiet p50'.padStart(9)} ${'p99'.padStart(7)} | ${'loaded p50'.padStart(10)} ${'p95'.padStart(7)} ${'p99'.padStart(7)} ${'max'.padStart(7)} | ${'heavy s'.padStart(8)} ${'reset p50'.padStart(9)} ${'failed'.padStart(6)}`,
  ];
  for (const r of rows) {
    lines.push(
      `${r.mode.padEnd(56)} ${ms(r.quiet.p50).padStart(9)} ${ms(r.quiet.p99)} | ${ms(r.loaded.p50).padStart(10)} ${ms(r.loaded.p95)} ${ms(r.loaded.p99)} ${ms(r.loaded.max)} | ${r.heavySeconds.toFixed(1).padStart(8)} ${ms(r.heavyResetP50).padStart(9)} ${String(r.failures).padStart(6)}`,
    );
  }
  if (rows.length === 2) {
    const [before, after] = rows as [OffloadRow, OffloadRow];
    lines.push(`loaded background p99: ${(before.loaded.p99 / after.loaded.p99).toFixed(1)}x lower with the pool; max ${(before.loaded.max / after.loaded.max).toFixed(1)}x lower`);
  }
  return `${lines.join('\n')}\n`;
}
