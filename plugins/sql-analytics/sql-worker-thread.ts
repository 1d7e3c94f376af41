// One SQLite worker thread as the server sees it: the framework's job thread with SQLite's jobs, messages and failures.
//
// The line, the time limits and the replacement of a dead thread are the framework's (JobWorkerThread); here
// is what is SQLite's: the worker's source and heap limit, build/run/drop messages, and failures as replies
// (a query that times out or whose worker dies comes back as `{ ok: false, kind }`, never as a throw), while
// the queries still waiting are handed back to the pool, which places them again.
import { Worker } from 'node:worker_threads';
import { JobWorkerThread, type JobReply, type JobStart } from 'openenv-ts';
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

export class SqlWorker extends JobWorkerThread<Job, WebAssembly.Module | null> {
  /** Bytes of the databases the pool placed here (its own bookkeeping). */
  hostedBytes = 0;

  constructor(
    slot: number,
    private readonly options: WorkerOptions,
  ) {
    super(slot, { label: 'SQLite', prepared: options.wasmModule, startupTimeoutMs: options.startupTimeoutMs });
  }

  protected createThread(wasmModule: WebAssembly.Module | null): Worker {
    return new Worker(SQL_WORKER_SOURCE, {
      eval: true,
      workerData: { sqlJsPath: this.options.sqlJsPath, wasmModule, heapLimitBytes: this.options.heapLimitBytes },
      resourceLimits: { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 },
    });
  }

  protected begin(job: Job, id: number): JobStart {
    if (job.kind === 'drop') return { message: { op: 'drop', key: job.key }, noReply: true };
    if (job.kind === 'run') {
      const early = job.precheck();
      if (early) {
        job.resolve(early);
        return null;
      }
      return { message: { op: 'run', id, key: job.key, ...job.request }, timeoutMs: job.timeoutMs };
    }
    return { message: { op: 'build', id, key: job.key, tablesJson: job.tablesJson }, timeoutMs: job.timeoutMs };
  }

  /** A reply with `fatal` (the engine is no longer trustworthy) settles the job, then the thread is replaced. */
  protected replied(job: Job, msg: JobReply): 'next' | 'stop' {
    const { id: _id, fatal, ...reply } = msg;
    if (job.kind === 'build') job.resolve(reply as unknown as BuildReply);
    else if (job.kind === 'run') job.resolve(reply as unknown as RunReply);
    return fatal ? 'stop' : 'next';
  }

  protected timedOut(job: Job, timeoutMs: number): void {
    if (job.kind === 'run') {
      job.resolve({ ok: false, kind: 'timeout', error: `the query ran longer than the ${timeoutMs} ms time limit and was stopped` });
    } else if (job.kind === 'build') {
      job.resolve({ ok: false, error: `building the database took longer than ${timeoutMs} ms` });
    }
  }

  /** Drops get no reply, so there is no one to tell. */
  protected refuse(job: Job, err: unknown): void {
    if (job.kind !== 'drop') job.reject(err);
  }

  protected shutDownDuring(job: Job): void {
    this.failInside(job, 'the SQLite worker was shut down');
  }

  /** The job inside a thread that stopped on its own (crash, out of memory) fails; the waiting ones are placed again. */
  protected died(waiting: Job[], interrupted: { job: Job; why: string } | null): void {
    if (interrupted) {
      const { job, why } = interrupted;
      if (job.kind === 'run') job.resolve({ ok: false, kind: 'crashed', error: `${why}; the database is rebuilt on the next query` });
      else this.failInside(job, why);
    }
    this.options.onDeath(this, waiting);
  }

  private failInside(job: Job, why: string): void {
    if (job.kind === 'run') job.resolve({ ok: false, kind: 'crashed', error: why });
    else if (job.kind === 'build') job.resolve({ ok: false, error: why });
  }
}
