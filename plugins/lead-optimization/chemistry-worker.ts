// One RDKit worker thread as the server sees it: a first-in first-out line of jobs, one inside the thread at a time, under a time limit.
//
// One job at a time means a time limit starts when the job starts (not while it waits), and when the thread
// must be stopped (terminating is the only way to stop WebAssembly mid-computation) only the job inside is
// affected: the waiting ones go back to the pool, which places them on another worker.
import { Worker } from 'node:worker_threads';
import { OpenEnvError } from 'openenv-ts';
import type { ChemistryJob } from './chemistry-jobs.js';

/** A job as the pool tracks it: what to run, where its answer goes, how often a worker died running it. */
export interface PooledJob {
  readonly request: ChemistryJob;
  /** Times the job has entered a worker. */
  attempts: number;
  resolve(result: unknown): void;
  reject(err: unknown): void;
}

export interface ChemistryWorkerOptions {
  /** The compiled worker entry (chemistry-worker-main.js). */
  readonly scriptUrl: URL;
  readonly wasmModule: Promise<WebAssembly.Module | null>;
  readonly jobTimeoutMs: number;
  /** How long starting may take; past it the machine is taken to be overloaded (callers may retry). */
  readonly startupTimeoutMs: number;
  /** Whether jobs may enter workers now (the pool can hold them back, e.g. in tests). */
  readonly mayStart: () => boolean;
  /**
   * Called once when the worker is gone for good: the jobs that were waiting (none had started) and the one
   * that was inside when the thread died on its own (null if none, or if it already failed here).
   */
  readonly onDeath: (worker: ChemistryWorker, waiting: PooledJob[], interrupted: PooledJob | null) => void;
}

/**
 * The parent's Node options without those that say how its own entry was given (`node --input-type=module
 * --eval ...`, as some tests and scripts start a server): a worker started from a file refuses them.
 */
function workerExecArgv(): string[] {
  const kept: string[] = [];
  const args = process.execArgv;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (['-e', '--eval', '-p', '--print', '--input-type'].includes(arg)) i++; // and its value
    else if (!/^(--eval|--print|--input-type)=/.test(arg)) kept.push(arg);
  }
  return kept;
}

/** What a client is told to wait after a worker did not start in time. */
const STARTUP_RETRY_AFTER_S = 5;

interface InFlight {
  readonly job: PooledJob;
  readonly id: number;
  readonly timer: NodeJS.Timeout;
  readonly startedAt: number;
}

export class ChemistryWorker {
  private thread: Worker | null = null;
  private ready = false;
  private readonly waiting: PooledJob[] = [];
  private current: InFlight | null = null;
  private nextId = 1;
  private startupTimer: NodeJS.Timeout | null = null;
  dead = false;
  /** Jobs finished and the milliseconds they ran, for the pool's estimate of how long a wait lasts. */
  finished = 0;
  busyMs = 0;
  /** Jobs stopped at their time limit here. */
  timeouts = 0;

  constructor(
    readonly slot: number,
    private readonly options: ChemistryWorkerOptions,
  ) {
    this.startupTimer = setTimeout(() => {
      // RDKit starts in about a second on an idle machine: a late worker means the machine is swamped.
      this.failWaiting(
        new OpenEnvError('OVERLOADED', `the RDKit worker did not start within ${options.startupTimeoutMs} ms; the server is overloaded`, {
          resource: 'rdkit-workers',
          retry_after_s: STARTUP_RETRY_AFTER_S,
        }),
      );
      this.terminate();
    }, options.startupTimeoutMs);
    options.wasmModule.then(
      (wasmModule) => this.spawn(wasmModule),
      (err: unknown) => this.startFailed(String(err)),
    );
  }

  /** Jobs waiting (not counting the one running). */
  get queued(): number {
    return this.waiting.length;
  }

  /** Whether a job is inside the thread. */
  get running(): boolean {
    return this.current !== null;
  }

  /** The kind of job inside the thread, if any (diagnostics and tests). */
  get runningKind(): ChemistryJob['kind'] | null {
    return this.current?.job.request.kind ?? null;
  }

  private spawn(wasmModule: WebAssembly.Module | null): void {
    if (this.dead) return;
    const thread = new Worker(this.options.scriptUrl, {
      workerData: { wasmModule },
      execArgv: workerExecArgv(),
      // The JS heap holds the per-molecule caches (bounded LRUs); RDKit's own memory is WebAssembly memory, outside it.
      resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32 },
    });
    this.thread = thread;
    thread.on('message', (msg: { ready?: boolean; error?: string; id?: number; ok?: boolean; result?: unknown }) => {
      if (msg.ready !== undefined) {
        if (msg.ready) {
          this.clearStartupTimer();
          this.ready = true;
          this.pump();
        } else this.startFailed(msg.error ?? 'unknown error');
        return;
      }
      this.settle(msg);
    });
    thread.on('error', (err) => this.lost(`the RDKit worker failed: ${err.message}`));
    thread.on('exit', (code) => this.lost(`the RDKit worker exited with code ${code}`));
    // An idle worker must never keep the process alive (a running job holds its ref'd timer instead).
    // After the listeners: adding a 'message' listener refs the worker's port again.
    thread.unref();
  }

  private clearStartupTimer(): void {
    if (this.startupTimer) clearTimeout(this.startupTimer);
    this.startupTimer = null;
  }

  /** RDKit could not be loaded in the thread: a broken installation, reported to every waiting caller. */
  private startFailed(why: string): void {
    this.failWaiting(new Error(`the RDKit worker failed to start: ${why}`));
    this.terminate();
  }

  private failWaiting(err: unknown): void {
    for (const job of this.waiting.splice(0)) job.reject(err);
  }

  /** Queues a job; it runs after the ones before it. */
  enqueue(job: PooledJob): void {
    if (this.dead) throw new Error('a job was queued on a stopped RDKit worker');
    this.waiting.push(job);
    this.pump();
  }

  /** Starts the next job if the thread is ready and free (the pool calls it again when it stops holding jobs back). */
  pump(): void {
    if (!this.ready || this.dead || this.current !== null || this.waiting.length === 0 || !this.options.mayStart()) return;
    const job = this.waiting.shift()!;
    job.attempts += 1;
    const id = this.nextId++;
    const timer = setTimeout(() => this.overran(), this.options.jobTimeoutMs);
    this.current = { job, id, timer, startedAt: performance.now() };
    this.thread!.postMessage({ id, job: job.request });
  }

  private settle(msg: { id?: number; ok?: boolean; result?: unknown; error?: string }): void {
    const current = this.current;
    if (!current || msg.id !== current.id) return;
    clearTimeout(current.timer);
    this.current = null;
    this.finished += 1;
    this.busyMs += performance.now() - current.startedAt;
    if (msg.ok) current.job.resolve(msg.result);
    else current.job.reject(new Error(msg.error ?? 'the RDKit worker reported an unknown error'));
    this.pump();
  }

  /** The running job outlived its limit: it fails (it would run away again anywhere), the thread is replaced. */
  private overran(): void {
    const current = this.current;
    if (!current) return;
    this.current = null;
    this.timeouts += 1;
    current.job.reject(
      new Error(`the ${current.job.request.kind} job ran longer than the ${this.options.jobTimeoutMs} ms time limit; its RDKit worker was stopped and replaced`),
    );
    this.terminate();
  }

  /** The thread stopped on its own (crash, out of memory, killed): the job inside goes back to the pool with the waiting ones. */
  private lost(why: string): void {
    if (this.dead) return;
    const interrupted = this.current;
    this.current = null;
    if (interrupted) clearTimeout(interrupted.timer);
    if (!this.ready) {
      this.clearStartupTimer();
      this.failWaiting(new Error(`the RDKit worker stopped before it was ready: ${why}`));
    }
    this.die(interrupted?.job ?? null);
  }

  /** Stops the thread abruptly, without telling the pool first: what a crash looks like from here (tests and drills). */
  kill(): void {
    if (this.thread) void this.thread.terminate();
  }

  /** Stops the worker for good (the pool's decision): a job inside fails, the waiting ones go back to the pool. */
  terminate(): void {
    if (this.dead) return;
    const current = this.current;
    this.current = null;
    if (current) {
      // Only reached when the pool shuts the worker down while a job runs.
      clearTimeout(current.timer);
      current.job.reject(new Error('the RDKit worker was shut down while running this job'));
    }
    this.die(null);
  }

  private die(interrupted: PooledJob | null): void {
    this.dead = true;
    this.clearStartupTimer();
    if (this.thread) void this.thread.terminate();
    this.options.onDeath(this, this.waiting.splice(0), interrupted);
  }
}
