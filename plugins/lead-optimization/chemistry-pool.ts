// A bounded pool of RDKit worker threads that runs the heavy chemistry (scenario generation, oracle searches) off the server's event loop.
//
// RDKit (WebAssembly) is synchronous: a scenario generation (up to about 0.6 s on an idle core when its
// scaffold is new to the process) or an oracle search (0.05-0.3 s) on the server's thread delays every other
// session's reply by as much. Here such a job runs in one of a few worker threads, each with its own RDKit
// instance, placed on the shortest line. Jobs are pure (chemistry-jobs.ts), so a worker that dies under a job
// (a crash, a kill) costs nothing but time: the job and the ones waiting behind it are placed again on a fresh
// worker. A job that outlasts its time limit fails alone and its worker is replaced. Past a bounded line of
// waiting jobs, or when a new job would wait longer than a bound (the line ahead times the measured time per
// job), the pool refuses with OVERLOADED (503 + retry_after_s), which every transport turns into a reply the
// client retries: better than a step that waits in line past the server's step deadline and loses its episode.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { OpenEnvError, registerPoolGauge, retryAfterSecondsFor, WorkerSlots } from 'openenv-ts';
import type { ChemistryJob, ChemistryResult } from './chemistry-jobs.js';
import { chemistryPoolSettingsFrom, type ChemistryPoolSettings } from './chemistry-pool-settings.js';
import { ChemistryWorker, type PooledJob } from './chemistry-worker.js';
import { compiledChemistry } from './rdkit-engine.js';

/** A job whose worker dies under it is placed again; one that has killed this many workers is given up on. */
const MAX_ATTEMPTS = 3;
/** How long a worker may take to start (RDKit loads in about a second) before callers are told to come back. */
let startupTimeoutMs = 30_000;

let settings: ChemistryPoolSettings = chemistryPoolSettingsFrom();
/** While set, no job enters a worker (they wait in line): tests fill the line deterministically this way. */
let held = false;
const counters = { jobs: 0, replaced: 0, workerRestarts: 0, refusals: 0 };
/** Time-limit stops counted by workers that are gone (a live worker counts its own). */
let retiredTimeouts = 0;

/**
 * The compiled worker entry. Running compiled (dist/), it sits beside this module; running from the
 * TypeScript sources (vitest), the worker runs the compiled twin under dist/, which the test setup builds first.
 */
function workerScriptUrl(): URL {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) return new URL('./chemistry-worker-main.js', import.meta.url);
  const projectRoot = path.resolve(path.dirname(here), '../..');
  const compiled = path.join(projectRoot, 'dist', 'plugins', 'lead-optimization', 'chemistry-worker-main.js');
  if (!existsSync(compiled)) throw new Error(`the RDKit worker's compiled entry ${compiled} is missing: run npm run build`);
  return pathToFileURL(compiled);
}

/** The pool's workers; a slot's worker is started when a job is placed and it is missing or dead. */
const workers = new WorkerSlots<ChemistryWorker>(
  (slot) =>
    new ChemistryWorker(slot, {
      scriptUrl: workerScriptUrl(),
      wasmModule: compiledChemistry(),
      jobTimeoutMs: settings.jobTimeoutMs,
      startupTimeoutMs,
      mayStart: () => !held,
      onDeath: workerDied,
    }),
);

/** The worker a job goes to: the shortest line (a running job counts as one in line). */
function leastLoadedWorker(): ChemistryWorker {
  let best: ChemistryWorker | null = null;
  let bestLoad = Infinity;
  for (const candidate of workers.startAll(settings.workers)) {
    const load = candidate.queued + (candidate.running ? 1 : 0);
    if (load < bestLoad) {
      best = candidate;
      bestLoad = load;
    }
  }
  return best!;
}

/** A worker is gone: the job it was running (if it died under it) and the waiting ones are placed again. */
function workerDied(worker: ChemistryWorker, waiting: PooledJob[], interrupted: PooledJob | null): void {
  if (!workers.closing) counters.workerRestarts += 1;
  retiredTimeouts += worker.timeouts;
  workers.release(worker);
  const orphans = interrupted ? [interrupted, ...waiting] : waiting;
  for (const job of orphans) {
    if (workers.closing) {
      job.reject(new Error('the RDKit workers were shut down'));
    } else if (job.attempts >= MAX_ATTEMPTS) {
      job.reject(new Error(`the RDKit worker stopped ${job.attempts} times while running this ${job.request.kind} job; it was given up`));
    } else {
      counters.replaced += 1;
      leastLoadedWorker().enqueue(job);
    }
  }
}

/** Milliseconds a newcomer would wait: the jobs ahead (waiting and running) times the measured time per job, over the workers. */
function expectedWaitMs(): number {
  // Before any job has finished: a typical job on an idle core.
  const perJobMs = workers.measuredMsPerJob(200);
  return ((workers.queuedCount() + workers.runningCount()) * perJobMs) / Math.max(1, settings.workers);
}

function overloaded(why: string, queued: number, waitMs: number): OpenEnvError {
  counters.refusals += 1;
  return new OpenEnvError('OVERLOADED', `All ${settings.workers} RDKit workers are busy: ${why}; retry shortly`, {
    resource: 'rdkit-workers',
    waiting: queued,
    retry_after_s: retryAfterSecondsFor(waitMs),
  });
}

/**
 * Runs one job in a worker. Rejects with OVERLOADED (503, retry_after_s) when too many jobs already wait or the
 * wait would be too long (OPENENV_RDKIT_QUEUE, OPENENV_RDKIT_MAX_WAIT_S), with
 * the job's own error when it throws (as it would in-process), and with a time-limit error when it runs away.
 */
export function runInPool<J extends ChemistryJob>(request: J): Promise<ChemistryResult<J>> {
  if (settings.workers === 0) return Promise.reject(new Error('the RDKit pool has no workers (OPENENV_RDKIT_WORKERS=0): run the job in-process'));
  const queued = workers.queuedCount();
  const waitMs = expectedWaitMs();
  if (queued >= settings.maxQueued) return Promise.reject(overloaded(`${queued} chemistry jobs are waiting`, queued, waitMs));
  if (waitMs > settings.maxWaitMs) {
    return Promise.reject(overloaded(`a new job would wait about ${(waitMs / 1000).toFixed(1)} s (the limit is ${settings.maxWaitMs / 1000} s)`, queued, waitMs));
  }
  counters.jobs += 1;
  return new Promise<ChemistryResult<J>>((resolve, reject) => {
    leastLoadedWorker().enqueue({ request, attempts: 0, resolve: resolve as (result: unknown) => void, reject });
  });
}

export interface ChemistryPoolStats {
  /** Worker threads alive. */
  readonly workers: number;
  /** Jobs inside a worker right now (at most one per worker). */
  readonly running: number;
  readonly queued: number;
  /** Jobs accepted since the pool was configured. */
  readonly jobs: number;
  /** Jobs placed again because their worker died before or while running them. */
  readonly replaced: number;
  /** Workers that died (crashes, kills, time limits) and were replaced as needed. */
  readonly workerRestarts: number;
  /** Jobs stopped at their time limit. */
  readonly timeouts: number;
  /** Jobs refused with OVERLOADED. */
  readonly refusals: number;
}

/** Counters and sizes of the pool (tests, the benchmark, diagnostics). */
export function chemistryPoolStats(): ChemistryPoolStats {
  return {
    workers: workers.live().length,
    running: workers.runningCount(),
    queued: workers.queuedCount(),
    ...counters,
    timeouts: retiredTimeouts + workers.held().reduce((n, w) => n + w.timeouts, 0),
  };
}

export function currentChemistryPoolSettings(): ChemistryPoolSettings {
  return settings;
}

/**
 * Starts the pool afresh with these settings over the environment's (tests and tuning; the server reads
 * OPENENV_RDKIT_* at start): running workers are stopped and the counters restart. Returns the previous settings.
 */
export function configureChemistryPool(next: Partial<ChemistryPoolSettings>): ChemistryPoolSettings {
  const previous = settings;
  shutdownChemistryPool();
  settings = { ...chemistryPoolSettingsFrom(), ...next };
  counters.jobs = counters.replaced = counters.workerRestarts = counters.refusals = 0;
  retiredTimeouts = 0;
  return previous;
}

/** Stops every worker; jobs running or waiting fail. */
export function shutdownChemistryPool(): void {
  held = false;
  workers.shutdown();
}

/** Holds jobs in their lines (none enters a worker) until the returned function is called. For tests. */
export function holdChemistryJobs(): () => void {
  held = true;
  return () => {
    held = false;
    for (const worker of workers.held()) worker.pump();
  };
}

/** Stops a worker's thread abruptly, as a crash would, whatever it is doing (tests and drills). */
export function killChemistryWorker(slot: number): void {
  const worker = workers.at(slot);
  if (!worker || worker.dead) throw new Error(`no live RDKit worker in slot ${slot}`);
  worker.kill();
}

/** The slot of a worker running a job of this kind, or null (tests and diagnostics). */
export function slotRunning(kind: ChemistryJob['kind']): number | null {
  const worker = workers.live().find((w) => w.runningKind === kind);
  return worker ? worker.slot : null;
}

/** Sets how long a worker may take to start; returns the previous value. For tests. */
export function setChemistryStartupTimeoutMs(ms: number): number {
  const previous = startupTimeoutMs;
  startupTimeoutMs = Math.max(1, Math.floor(ms));
  return previous;
}

registerPoolGauge('rdkit-workers', () => ({ running: workers.runningCount(), waiting: workers.queuedCount() }));
