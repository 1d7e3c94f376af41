// One RDKit worker thread as the server sees it: the framework's job thread with RDKit's script, messages and failures.
//
// The line, the time limits and the replacement of a dead thread are the framework's (JobWorkerThread); here
// is what is RDKit's: the compiled entry and its memory limits, a job that throws fails like the same throw
// in-process would, and a job whose thread dies under it goes back to the pool (jobs are pure, so rerunning
// one costs only time), while one that outlives its time limit fails (it would run away again anywhere).
import { Worker } from 'node:worker_threads';
import { JobWorkerThread, type JobReply, type JobStart } from 'openenv-ts';
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
  /** How long starting may take; past it the machine is taken to be overloaded (callers may retry with OVERLOADED). */
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

export class ChemistryWorker extends JobWorkerThread<PooledJob, WebAssembly.Module | null> {
  constructor(
    slot: number,
    private readonly options: ChemistryWorkerOptions,
  ) {
    super(slot, {
      label: 'RDKit',
      prepared: options.wasmModule,
      startupTimeoutMs: options.startupTimeoutMs,
      overloadResource: 'rdkit-workers',
      mayStart: options.mayStart,
    });
  }

  /** The kind of job inside the thread, if any (diagnostics and tests). */
  get runningKind(): ChemistryJob['kind'] | null {
    return this.runningJob?.request.kind ?? null;
  }

  protected createThread(wasmModule: WebAssembly.Module | null): Worker {
    return new Worker(this.options.scriptUrl, {
      workerData: { wasmModule },
      execArgv: workerExecArgv(),
      // The JS heap holds the per-molecule caches (bounded LRUs); RDKit's own memory is WebAssembly memory, outside it.
      resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32 },
    });
  }

  protected begin(job: PooledJob, id: number): JobStart {
    job.attempts += 1;
    return { message: { id, job: job.request }, timeoutMs: this.options.jobTimeoutMs };
  }

  protected replied(job: PooledJob, reply: JobReply): 'next' {
    if (reply.ok) job.resolve(reply.result);
    else job.reject(new Error(typeof reply.error === 'string' ? reply.error : 'the RDKit worker reported an unknown error'));
    return 'next';
  }

  protected timedOut(job: PooledJob, timeoutMs: number): void {
    job.reject(new Error(`the ${job.request.kind} job ran longer than the ${timeoutMs} ms time limit; its RDKit worker was stopped and replaced`));
  }

  protected refuse(job: PooledJob, err: unknown): void {
    job.reject(err);
  }

  protected shutDownDuring(job: PooledJob): void {
    job.reject(new Error('the RDKit worker was shut down while running this job'));
  }

  /** The job inside a thread that stopped on its own (crash, out of memory, killed) goes back to the pool with the waiting ones. */
  protected died(waiting: PooledJob[], interrupted: { job: PooledJob } | null): void {
    this.options.onDeath(this, waiting, interrupted?.job ?? null);
  }
}
