// A fixed number of worker slots for a bounded pool: workers started on demand, replaced when dead, counted, shut down together.
//
// A pool of JobWorkerThreads (job-worker-thread.ts) keeps its placement policy, admission rules and error
// messages; what every such pool repeats (the slot array, replacing a dead worker on next use, the load sums
// its gauges and OVERLOADED refusals read, and stopping every worker at once) lives here.
import type { JobWorkerThread } from './job-worker-thread.js';

// Any job and start-up types: the slots only start, count and stop workers.
export class WorkerSlots<W extends JobWorkerThread<any, any>> {
  private workers: (W | null)[] = [];
  private stopping = false;

  /** `start(slot)` creates a fresh worker for an empty slot or one whose worker died. */
  constructor(private readonly start: (slot: number) => W) {}

  /** True while shutdown() stops the workers: a worker's death hand-off should then fail its jobs instead of moving them. */
  get closing(): boolean {
    return this.stopping;
  }

  /** The live worker in every slot of a pool of `count` workers, starting those that are missing. */
  startAll(count: number): W[] {
    if (this.workers.length !== count) this.workers = Array.from({ length: count }, (_, i) => this.workers[i] ?? null);
    const live: W[] = [];
    for (let slot = 0; slot < count; slot++) {
      let worker = this.workers[slot];
      if (!worker || worker.dead) {
        worker = this.start(slot);
        this.workers[slot] = worker;
      }
      live.push(worker);
    }
    return live;
  }

  /** The worker in a slot, dead or alive, or null (diagnostics, tests and drills). */
  at(slot: number): W | null {
    return this.workers[slot] ?? null;
  }

  /** Each slot's worker (dead or alive) or null, in slot order. */
  bySlot(): (W | null)[] {
    return [...this.workers];
  }

  /** Empties the worker's slot if it still holds it (called when the worker died). */
  release(worker: W): void {
    if (this.workers[worker.slot] === worker) this.workers[worker.slot] = null;
  }

  /** Every worker still held in a slot, including dead ones not yet released. */
  held(): W[] {
    return this.workers.filter((w): w is W => w !== null);
  }

  /** The workers that are alive. */
  live(): W[] {
    return this.held().filter((w) => !w.dead);
  }

  /** Jobs waiting in live workers' lines (not counting running ones). */
  queuedCount(): number {
    let queued = 0;
    for (const worker of this.live()) queued += worker.queued;
    return queued;
  }

  /** Live workers with a job inside. */
  runningCount(): number {
    return this.live().filter((w) => w.running).length;
  }

  /** The measured milliseconds per finished job over the held workers, or `fallbackMs` before any job has finished. */
  measuredMsPerJob(fallbackMs: number): number {
    let finished = 0;
    let busyMs = 0;
    for (const worker of this.held()) {
      finished += worker.finished;
      busyMs += worker.busyMs;
    }
    return finished > 0 ? busyMs / finished : fallbackMs;
  }

  /** Empties every slot and terminates the live workers, with `closing` true while they hand off their jobs. */
  shutdown(): void {
    const running = this.workers;
    this.workers = [];
    this.stopping = true;
    try {
      for (const worker of running) if (worker && !worker.dead) worker.terminate();
    } finally {
      this.stopping = false;
    }
  }
}

/** The `retry_after_s` of an OVERLOADED refusal for an expected wait: whole seconds, at least 1, at most 30. */
export function retryAfterSecondsFor(waitMs: number): number {
  return Math.min(30, Math.max(1, Math.ceil(waitMs / 1000)));
}
