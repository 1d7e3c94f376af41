// A bounded queue for heavy operations (grader replays): a few run at once, a few wait, the rest are refused.
import { OpenEnvError } from '../contract/errors.js';

/** Replays run at once by default; each holds a whole episode (scenario, history) in memory. */
export const DEFAULT_REPLAY_CONCURRENCY = 2;
/** Replays waiting by default; past it a replay is refused with OVERLOADED instead of queueing memory and latency. */
export const DEFAULT_REPLAY_QUEUE = 8;

export class BoundedQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    /** What the queue guards, named in the refusal. */
    readonly resource: string,
    readonly concurrency: number,
    readonly maxWaiting: number,
  ) {}

  /** Runs `work` when a slot is free; refuses at once (OVERLOADED, 503) when every slot and place in line is taken. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxWaiting) {
        throw new OpenEnvError('OVERLOADED', `The server is busy with ${this.running} ${this.resource} and ${this.waiting.length} more waiting; retry shortly`, {
          resource: this.resource,
          running: this.running,
          waiting: this.waiting.length,
          retry_after_s: Math.max(1, Math.ceil((this.waiting.length + 1) / this.concurrency)),
        });
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next in line, so the running count never dips and lets a newcomer jump the queue.
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }

  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }
}
