// One SQLite worker thread as the server sees it: a first-in first-out line of jobs, one running at a time under its time limit.
//
// Only one job is in the worker at a time, so a time limit starts when that job starts (not while it waits
// behind others), and when the worker must be terminated (the only way to stop WebAssembly mid-query) only
// that job fails: the ones still waiting are handed back to the pool, which places them again.
import { Worker } from 'node:worker_threads';
import { OpenEnvError } from 'openenv-ts';
import { SQL_WORKER_SOURCE } from './sql-worker-source.js';
import type { SqlValue } from './types.js';

export interface RunRequest {
  readonly sql: string;
  /** Rows read at most. */
  readonly maxRows: number;
  /** Rows returned (the rest are only counted). */
  readonly keepRows: number;
  /** What to do past maxRows: stop counting, or fail ("result too large"). */
  readonly overflow: 'stop' | 'error';
  /** Also report which tables the statement reads (from its bytecode). */
  readonly tables: boolean;
  /** Longer text cells are cut (a result must never carry megabytes into an observation). */
  readonly maxCellChars: number;
}

export type FailureKind = 'refused' | 'sql' | 'too_large' | 'timeout' | 'crashed';

export type RunReply =
  | { ok: true; columns: string[]; rows: SqlValue[][]; rowCount: number; capped: boolean; tables: string[] }
  | { ok: false; kind: FailureKind; error: string };

export type BuildReply = { ok: true; bytes: number } | { ok: false; error: string };

interface JobBase {
  /** The database the job is about. */
  readonly key: string;
  /** Time the job may run once it is in the worker. */
  readonly timeoutMs: number;
  reject(err: unknown): void;
}

export interface BuildJob extends JobBase {
  readonly kind: 'build';
  readonly tablesJson: string;
  resolve(reply: BuildReply): void;
}

export interface RunJob extends JobBase {
  readonly kind: 'run';
  readonly request: RunRequest;
  /** Called just before the job enters the worker: a reply here (e.g. the build failed) settles it without running. */
  precheck(): RunReply | null;
  resolve(reply: RunReply): void;
}

/** Frees a database; takes no time and gets no reply, so it never holds the line. */
export interface DropJob {
  readonly kind: 'drop';
  readonly key: string;
}

export type Job = BuildJob | RunJob | DropJob;

export interface WorkerOptions {
  readonly sqlJsPath: string;
  readonly wasmModule: Promise<WebAssembly.Module | null>;
  /** SQLite's heap ceiling in this worker (its databases' page caches plus the running query). */
  readonly heapLimitBytes: number;
  /** How long starting may take; past it the machine is taken to be overloaded (callers may retry). */
  readonly startupTimeoutMs: number;
  /** Called once when the worker is gone for good, with the jobs that were still waiting (none had started). */
  readonly onDeath: (worker: SqlWorker, orphans: Job[]) => void;
}

/** What a client is told to wait after a worker did not start in time. */
const STARTUP_RETRY_AFTER_S = 5;

interface InFlight {
  readonly job: BuildJob | RunJob;
  readonly id: number;
  readonly timer: NodeJS.Timeout;
  /** When it entered the worker (for the pool's service-time estimate). */
  readonly startedAt: number;
}

export class SqlWorker {
  private worker: Worker | null = null;
  private ready = false;
  private readonly waiting: Job[] = [];
  private current: InFlight | null = null;
  private nextId = 1;
  private startupTimer: NodeJS.Timeout | null = null;
  dead = false;
  /** Bytes of the databases the pool placed here (its own bookkeeping). */
  hostedBytes = 0;
  /** Jobs finished and the milliseconds they ran, for the pool's estimate of how long a wait lasts. */
  finished = 0;
  busyMs = 0;

  constructor(
    readonly slot: number,
    private readonly options: WorkerOptions,
  ) {
    this.startupTimer = setTimeout(() => {
      // Workers start in well under a second on an idle machine: a late one means the machine is swamped.
      const error = new OpenEnvError('OVERLOADED', `the SQLite worker did not start within ${options.startupTimeoutMs} ms; the server is overloaded`, {
        retry_after_s: STARTUP_RETRY_AFTER_S,
      });
      this.failAll(error);
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

  /** Whether a job is inside the worker. */
  get running(): boolean {
    return this.current !== null;
  }

  private spawn(wasmModule: WebAssembly.Module | null): void {
    if (this.dead) return;
    const worker = new Worker(SQL_WORKER_SOURCE, {
      eval: true,
      workerData: { sqlJsPath: this.options.sqlJsPath, wasmModule, heapLimitBytes: this.options.heapLimitBytes },
      resourceLimits: { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 },
    });
    this.worker = worker;
    worker.on('message', (msg: { ready?: boolean; error?: string; id?: number; fatal?: boolean }) => {
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
    worker.on('error', (err) => this.lost(`the SQLite worker failed: ${err.message}`));
    worker.on('exit', (code) => this.lost(`the SQLite worker exited with code ${code}`));
    // An idle worker must never keep the process alive (a running job holds its ref'd timer instead).
    // After the listeners: adding a 'message' listener refs the worker's port again.
    worker.unref();
  }

  private clearStartupTimer(): void {
    if (this.startupTimer) clearTimeout(this.startupTimer);
    this.startupTimer = null;
  }

  /** sql.js could not be loaded: a broken installation, reported to every caller as such. */
  private startFailed(why: string): void {
    this.failAll(new Error(`the SQLite worker failed to start: ${why}`));
    this.terminate();
  }

  private failAll(err: unknown): void {
    for (const job of this.waiting.splice(0)) if (job.kind !== 'drop') job.reject(err);
  }

  /** Queues a job; it runs after the ones before it. */
  enqueue(job: Job): void {
    if (this.dead) throw new Error('a job was queued on a stopped SQLite worker');
    this.waiting.push(job);
    this.pump();
  }

  private pump(): void {
    while (this.ready && !this.dead && this.current === null && this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      if (job.kind === 'drop') {
        this.worker!.postMessage({ op: 'drop', key: job.key });
        continue;
      }
      if (job.kind === 'run') {
        const early = job.precheck();
        if (early) {
          job.resolve(early);
          continue;
        }
      }
      const id = this.nextId++;
      const timer = setTimeout(() => this.overran(), job.timeoutMs);
      this.current = { job, id, timer, startedAt: performance.now() };
      if (job.kind === 'build') this.worker!.postMessage({ op: 'build', id, key: job.key, tablesJson: job.tablesJson });
      else this.worker!.postMessage({ op: 'run', id, key: job.key, ...job.request });
    }
  }

  private settle(msg: { id?: number; fatal?: boolean }): void {
    const current = this.current;
    if (!current || msg.id !== current.id) return;
    clearTimeout(current.timer);
    this.current = null;
    this.finished += 1;
    this.busyMs += performance.now() - current.startedAt;
    const { id: _id, fatal, ...reply } = msg;
    if (current.job.kind === 'build') current.job.resolve(reply as unknown as BuildReply);
    else current.job.resolve(reply as unknown as RunReply);
    if (fatal) this.terminate();
    else this.pump();
  }

  /** The running job outlived its limit: it fails, the worker is terminated, the waiting jobs go back to the pool. */
  private overran(): void {
    const current = this.current;
    if (!current) return;
    this.current = null;
    const job = current.job;
    if (job.kind === 'run') {
      job.resolve({ ok: false, kind: 'timeout', error: `the query ran longer than the ${job.timeoutMs} ms time limit and was stopped` });
    } else {
      job.resolve({ ok: false, error: `building the database took longer than ${job.timeoutMs} ms` });
    }
    this.terminate();
  }

  /** The worker stopped on its own (crash, out of memory): the running job fails, the waiting ones are placed again. */
  private lost(why: string): void {
    if (this.dead) return;
    const current = this.current;
    this.current = null;
    if (current) {
      clearTimeout(current.timer);
      const job = current.job;
      if (job.kind === 'run') job.resolve({ ok: false, kind: 'crashed', error: `${why}; the database is rebuilt on the next query` });
      else job.resolve({ ok: false, error: why });
    }
    if (!this.ready) {
      this.clearStartupTimer();
      this.failAll(new Error(`the SQLite worker stopped before it was ready: ${why}`));
    }
    this.terminate();
  }

  /** Stops the worker for good and hands the waiting jobs to the pool (which also forgets what it hosted). */
  terminate(): void {
    if (this.dead) return;
    this.dead = true;
    this.clearStartupTimer();
    if (this.current) {
      // Only reached when the pool shuts the worker down while a job runs.
      clearTimeout(this.current.timer);
      const job = this.current.job;
      if (job.kind === 'run') job.resolve({ ok: false, kind: 'crashed', error: 'the SQLite worker was shut down' });
      else job.resolve({ ok: false, error: 'the SQLite worker was shut down' });
      this.current = null;
    }
    if (this.worker) void this.worker.terminate();
    const orphans = this.waiting.splice(0);
    this.options.onDeath(this, orphans);
  }
}
