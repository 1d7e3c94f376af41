// One worker thread that runs a pool's jobs one at a time: ready handshake, startup deadline, per-job time limits, death hand-off.
//
// Plugins that run synchronous WebAssembly engines (SQLite, RDKit) off the server's event loop need the same
// machinery around one thread; this class holds it and leaves every domain decision to a subclass (what a
// job's message is, what its reply means, how a job fails). One job is inside the thread at a time, so a time
// limit starts when the job starts (not while it waits), and when the thread must be stopped (terminating is the
// only way to stop WebAssembly mid-computation) only the job inside is affected: the waiting ones are handed to
// the subclass's `died`, which gives them back to its pool.
//
// Thread protocol: the thread first posts `{ ready: true }` (or `{ ready: false, error }`), then answers each
// job message carrying `id` with a reply carrying the same `id`.
import { Worker } from 'node:worker_threads';
import { OpenEnvError } from '../contract/errors.js';

/** What happens to the job at the head of the line. */
export type JobStart =
  /** Post `message` to the thread and wait for its reply (same id) under `timeoutMs`. */
  | { readonly message: Record<string, unknown>; readonly timeoutMs: number }
  /** Post `message`; the thread sends no reply, so the next job follows at once. */
  | { readonly message: Record<string, unknown>; readonly noReply: true }
  /** The job was settled without entering the thread (e.g. it can already tell its answer). */
  | null;

/** A reply from the thread to the job inside it. */
export interface JobReply {
  readonly id: number;
  readonly [field: string]: unknown;
}

export interface JobWorkerThreadOptions<P> {
  /** Names the engine in messages ("the SQLite worker failed to start: ..."). */
  readonly label: string;
  /** What the thread needs before it can start (e.g. a compiled WebAssembly module), passed to createThread. */
  readonly prepared: Promise<P>;
  /** How long starting may take; past it the machine is taken to be overloaded and waiting jobs fail with OVERLOADED. */
  readonly startupTimeoutMs: number;
  /** `details.resource` of that OVERLOADED error, if the plugin names one. */
  readonly overloadResource?: string;
  /** Whether jobs may enter the thread now (a pool can hold them back, e.g. in tests); call pump() when it changes. */
  readonly mayStart?: () => boolean;
}

/** What a client is told to wait after a worker did not start in time. */
const STARTUP_RETRY_AFTER_S = 5;

interface InFlight<J> {
  readonly job: J;
  readonly id: number;
  readonly timeoutMs: number;
  readonly timer: NodeJS.Timeout;
  /** When it entered the thread (for the pool's service-time estimate). */
  readonly startedAt: number;
}

export abstract class JobWorkerThread<J, P = unknown> {
  private thread: Worker | null = null;
  private ready = false;
  private readonly waiting: J[] = [];
  private current: InFlight<J> | null = null;
  private nextId = 1;
  private startupTimer: NodeJS.Timeout | null = null;
  dead = false;
  /** Jobs finished and the milliseconds they ran, for the pool's estimate of how long a wait lasts. */
  finished = 0;
  busyMs = 0;
  /** Jobs stopped at their time limit here. */
  timeouts = 0;

  /** Creates the thread (script, workerData, resource limits are the plugin's); called once `prepared` resolves. */
  protected abstract createThread(prepared: P): Worker;
  /** How the job at the head of the line starts; `id` goes into the message so the reply can be matched. */
  protected abstract begin(job: J, id: number): JobStart;
  /** The thread answered the job inside it; return 'stop' when the thread must be replaced afterwards. */
  protected abstract replied(job: J, reply: JobReply): 'next' | 'stop';
  /** The job inside outlived `timeoutMs`; the thread is replaced right after. */
  protected abstract timedOut(job: J, timeoutMs: number): void;
  /** A waiting job fails because the thread could not start. */
  protected abstract refuse(job: J, err: unknown): void;
  /** The job inside fails because terminate() was called while it ran (the pool shuts the worker down). */
  protected abstract shutDownDuring(job: J): void;
  /**
   * Called once when the worker is gone for good, with the jobs still waiting (none had started) and, when the
   * thread stopped on its own under a job, that job and why.
   */
  protected abstract died(waiting: J[], interrupted: { job: J; why: string } | null): void;

  constructor(
    readonly slot: number,
    private readonly threadOptions: JobWorkerThreadOptions<P>,
  ) {
    const { label, startupTimeoutMs, overloadResource } = threadOptions;
    this.startupTimer = setTimeout(() => {
      // Engines start in about a second on an idle machine: a late worker means the machine is swamped.
      this.refuseWaiting(
        new OpenEnvError('OVERLOADED', `the ${label} worker did not start within ${startupTimeoutMs} ms; the server is overloaded`, {
          ...(overloadResource !== undefined ? { resource: overloadResource } : {}),
          retry_after_s: STARTUP_RETRY_AFTER_S,
        }),
      );
      this.terminate();
    }, startupTimeoutMs);
    threadOptions.prepared.then(
      (prepared) => this.spawn(prepared),
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

  /** The job inside the thread, if any (diagnostics and tests). */
  protected get runningJob(): J | null {
    return this.current?.job ?? null;
  }

  private spawn(prepared: P): void {
    if (this.dead) return;
    const label = this.threadOptions.label;
    const thread = this.createThread(prepared);
    this.thread = thread;
    thread.on('message', (msg: { ready?: boolean; error?: string; id?: number }) => {
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
    thread.on('error', (err) => this.lost(`the ${label} worker failed: ${err.message}`));
    thread.on('exit', (code) => this.lost(`the ${label} worker exited with code ${code}`));
    // An idle worker must never keep the process alive (a running job holds its ref'd timer instead).
    // After the listeners: adding a 'message' listener refs the worker's port again.
    thread.unref();
  }

  private clearStartupTimer(): void {
    if (this.startupTimer) clearTimeout(this.startupTimer);
    this.startupTimer = null;
  }

  /** The engine could not be loaded in the thread: a broken installation, reported to every waiting caller. */
  private startFailed(why: string): void {
    this.refuseWaiting(new Error(`the ${this.threadOptions.label} worker failed to start: ${why}`));
    this.terminate();
  }

  private refuseWaiting(err: unknown): void {
    for (const job of this.waiting.splice(0)) this.refuse(job, err);
  }

  /** Queues a job; it runs after the ones before it. */
  enqueue(job: J): void {
    if (this.dead) throw new Error(`a job was queued on a stopped ${this.threadOptions.label} worker`);
    this.waiting.push(job);
    this.pump();
  }

  /** Starts waiting jobs while the thread is ready and free (a pool calls it again when it stops holding jobs back). */
  pump(): void {
    const mayStart = this.threadOptions.mayStart;
    while (this.ready && !this.dead && this.current === null && this.waiting.length > 0 && (!mayStart || mayStart())) {
      const job = this.waiting.shift()!;
      const id = this.nextId++;
      const start = this.begin(job, id);
      if (start === null) continue;
      if ('noReply' in start) {
        this.thread!.postMessage(start.message);
        continue;
      }
      const timer = setTimeout(() => this.overran(), start.timeoutMs);
      this.current = { job, id, timeoutMs: start.timeoutMs, timer, startedAt: performance.now() };
      this.thread!.postMessage(start.message);
    }
  }

  private settle(msg: { id?: number }): void {
    const current = this.current;
    if (!current || msg.id !== current.id) return;
    clearTimeout(current.timer);
    this.current = null;
    this.finished += 1;
    this.busyMs += performance.now() - current.startedAt;
    if (this.replied(current.job, msg as JobReply) === 'stop') this.terminate();
    else this.pump();
  }

  /** The running job outlived its limit: it fails (it would run away again anywhere), the thread is replaced. */
  private overran(): void {
    const current = this.current;
    if (!current) return;
    this.current = null;
    this.timeouts += 1;
    this.timedOut(current.job, current.timeoutMs);
    this.terminate();
  }

  /** The thread stopped on its own (crash, out of memory, killed): the subclass decides what the job inside becomes. */
  private lost(why: string): void {
    if (this.dead) return;
    const interrupted = this.current;
    this.current = null;
    if (interrupted) clearTimeout(interrupted.timer);
    if (!this.ready) {
      this.clearStartupTimer();
      this.refuseWaiting(new Error(`the ${this.threadOptions.label} worker stopped before it was ready: ${why}`));
    }
    this.die(interrupted ? { job: interrupted.job, why } : null);
  }

  /** Stops the thread abruptly, without telling the pool first: what a crash looks like from here (tests and drills). */
  kill(): void {
    if (this.thread) void this.thread.terminate();
  }

  /** Stops the worker for good (the pool's decision): a job inside fails, the waiting ones are handed to died(). */
  terminate(): void {
    if (this.dead) return;
    const current = this.current;
    this.current = null;
    if (current) {
      clearTimeout(current.timer);
      this.shutDownDuring(current.job);
    }
    this.die(null);
  }

  private die(interrupted: { job: J; why: string } | null): void {
    this.dead = true;
    this.clearStartupTimer();
    if (this.thread) void this.thread.terminate();
    this.died(this.waiting.splice(0), interrupted);
  }
}
