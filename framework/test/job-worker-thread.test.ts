// JobWorkerThread and WorkerSlots run real worker threads: replies, time limits, crashes, start-up failures, shutdown.
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { JobWorkerThread, type JobReply, type JobStart } from '../src/runtime/job-worker-thread.js';
import { retryAfterSecondsFor, WorkerSlots } from '../src/runtime/worker-slots.js';

/** A tiny engine: echoes, remembers notes (sent without reply), spins forever, or exits, as told. */
const ENGINE_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
if (workerData.startup === 'fail') {
  parentPort.postMessage({ ready: false, error: 'no engine here' });
} else {
  const notes = [];
  parentPort.on('message', (m) => {
    if (m.op === 'echo') parentPort.postMessage({ id: m.id, value: m.value });
    else if (m.op === 'note') notes.push(m.value);
    else if (m.op === 'notes') parentPort.postMessage({ id: m.id, value: notes.slice() });
    else if (m.op === 'fatal') parentPort.postMessage({ id: m.id, value: 'last words', fatal: true });
    else if (m.op === 'spin') for (;;) {}
    else if (m.op === 'exit') process.exit(7);
  });
  parentPort.postMessage({ ready: true });
}
`;

interface TestJob {
  readonly op: 'echo' | 'note' | 'notes' | 'fatal' | 'spin' | 'exit' | 'answered';
  readonly value?: unknown;
  readonly timeoutMs?: number;
  /** How the job ended, once it did: a reply value, or a failure's text. */
  readonly outcome: Promise<{ value: unknown } | { failure: string }>;
  settle(outcome: { value: unknown } | { failure: string }): void;
}

function job(op: TestJob['op'], value?: unknown, timeoutMs = 30_000): TestJob {
  let settle!: TestJob['settle'];
  const outcome = new Promise<{ value: unknown } | { failure: string }>((resolve) => (settle = resolve));
  return { op, value, timeoutMs, outcome, settle };
}

const textOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

interface Death {
  readonly waiting: TestJob[];
  readonly interrupted: { job: TestJob; why: string } | null;
}

class TestWorker extends JobWorkerThread<TestJob, string> {
  readonly deaths: Death[] = [];
  /** Resolves when the worker is gone for good. */
  readonly gone: Promise<Death>;
  private markGone!: (death: Death) => void;

  constructor(slot: number, prepared: Promise<string>, startupTimeoutMs = 30_000, onDeath?: (worker: TestWorker, death: Death) => void) {
    super(slot, { label: 'Test', prepared, startupTimeoutMs, overloadResource: 'test-workers' });
    this.gone = new Promise((resolve) => (this.markGone = resolve));
    this.onDeath = onDeath;
  }

  private readonly onDeath: ((worker: TestWorker, death: Death) => void) | undefined;

  protected createThread(startup: string): Worker {
    return new Worker(ENGINE_SOURCE, { eval: true, workerData: { startup } });
  }

  protected begin(job: TestJob, id: number): JobStart {
    if (job.op === 'answered') {
      job.settle({ value: 'answered without the thread' });
      return null;
    }
    if (job.op === 'note') return { message: { op: 'note', value: job.value }, noReply: true };
    return { message: { op: job.op, id, value: job.value }, timeoutMs: job.timeoutMs! };
  }

  protected replied(job: TestJob, reply: JobReply): 'next' | 'stop' {
    job.settle({ value: reply.value });
    return reply.fatal ? 'stop' : 'next';
  }

  protected timedOut(job: TestJob, timeoutMs: number): void {
    job.settle({ failure: `timed out after ${timeoutMs} ms` });
  }

  protected refuse(job: TestJob, err: unknown): void {
    job.settle({ failure: textOf(err) });
    this.refusals.push(err);
  }

  readonly refusals: unknown[] = [];

  protected shutDownDuring(job: TestJob): void {
    job.settle({ failure: 'shut down' });
  }

  protected died(waiting: TestJob[], interrupted: { job: TestJob; why: string } | null): void {
    const death = { waiting, interrupted };
    this.deaths.push(death);
    this.onDeath?.(this, death);
    this.markGone(death);
  }
}

const started: TestWorker[] = [];
function startWorker(startup = 'ok', startupTimeoutMs?: number): TestWorker {
  const worker = new TestWorker(0, Promise.resolve(startup), startupTimeoutMs);
  started.push(worker);
  return worker;
}

afterEach(() => {
  for (const worker of started.splice(0)) worker.terminate();
});

describe('JobWorkerThread', () => {
  it('runs jobs in order, one at a time, and matches each reply to its job', async () => {
    const worker = startWorker();
    const jobs = [job('echo', 'a'), job('note', 'first'), job('answered'), job('note', 'second'), job('notes'), job('echo', 'b')];
    for (const j of jobs) worker.enqueue(j);
    expect(worker.queued + (worker.running ? 1 : 0)).toBe(jobs.length);
    expect(await jobs[0]!.outcome).toEqual({ value: 'a' });
    expect(await jobs[2]!.outcome).toEqual({ value: 'answered without the thread' });
    // Notes were posted without a reply, yet in line: the thread saw both before the job after them.
    expect(await jobs[4]!.outcome).toEqual({ value: ['first', 'second'] });
    expect(await jobs[5]!.outcome).toEqual({ value: 'b' });
    expect(worker.finished).toBe(3);
    expect(worker.dead).toBe(false);
  });

  it('stops a job at its time limit, replaces nothing itself, and hands the waiting jobs over', async () => {
    const worker = startWorker();
    const runaway = job('spin', undefined, 50);
    const behind = job('echo', 'never ran');
    worker.enqueue(runaway);
    worker.enqueue(behind);
    const death = await worker.gone;
    expect(await runaway.outcome).toEqual({ failure: 'timed out after 50 ms' });
    expect(worker.timeouts).toBe(1);
    expect(worker.dead).toBe(true);
    expect(death.waiting).toEqual([behind]);
    expect(death.interrupted).toBeNull();
    expect(() => worker.enqueue(job('echo'))).toThrow('a job was queued on a stopped Test worker');
  });

  it('hands over the job inside a thread that exits on its own, with why', async () => {
    const worker = startWorker();
    const crash = job('exit');
    worker.enqueue(crash);
    const death = await worker.gone;
    expect(death.interrupted?.job).toBe(crash);
    expect(death.interrupted?.why).toBe('the Test worker exited with code 7');
    expect(worker.timeouts).toBe(0);
  });

  it('settles a job whose reply says the engine is done for, then stops the thread', async () => {
    const worker = startWorker();
    const last = job('fatal');
    const behind = job('echo', 'placed elsewhere');
    worker.enqueue(last);
    worker.enqueue(behind);
    const death = await worker.gone;
    expect(await last.outcome).toEqual({ value: 'last words' });
    expect(death.waiting).toEqual([behind]);
  });

  it('fails every waiting job when the engine cannot start', async () => {
    const worker = startWorker('fail');
    const a = job('echo', 'a');
    const b = job('echo', 'b');
    worker.enqueue(a);
    worker.enqueue(b);
    const death = await worker.gone;
    expect(await a.outcome).toEqual({ failure: 'the Test worker failed to start: no engine here' });
    expect(await b.outcome).toEqual({ failure: 'the Test worker failed to start: no engine here' });
    expect(death.waiting).toEqual([]);
  });

  it('refuses waiting jobs with OVERLOADED when the thread does not start in time', async () => {
    const worker = new TestWorker(0, new Promise<string>(() => {}), 20);
    started.push(worker);
    const waiting = job('echo');
    worker.enqueue(waiting);
    await worker.gone;
    expect(await waiting.outcome).toEqual({ failure: 'the Test worker did not start within 20 ms; the server is overloaded' });
    expect(worker.refusals[0]).toMatchObject({ code: 'OVERLOADED', details: { resource: 'test-workers', retry_after_s: 5 } });
  });

  it('fails the job inside when the pool terminates the worker', async () => {
    const worker = startWorker();
    const first = job('echo', 'done');
    const runaway = job('spin');
    worker.enqueue(first);
    await first.outcome;
    worker.enqueue(runaway);
    while (!worker.running) await new Promise((resolve) => setTimeout(resolve, 5));
    worker.terminate();
    expect(await runaway.outcome).toEqual({ failure: 'shut down' });
    expect((await worker.gone).interrupted).toBeNull();
  });
});

describe('WorkerSlots', () => {
  it('starts a worker per slot on demand, replaces a dead one, counts the lines and shuts all down', async () => {
    const closingAtDeath: boolean[] = [];
    const slots: WorkerSlots<TestWorker> = new WorkerSlots(
      (slot) =>
        new TestWorker(slot, Promise.resolve('ok'), 30_000, (worker) => {
          closingAtDeath.push(slots.closing);
          slots.release(worker);
        }),
    );
    const [first, second] = slots.startAll(2);
    expect([first!.slot, second!.slot]).toEqual([0, 1]);
    const again = slots.startAll(2);
    expect(again[0]).toBe(first);
    expect(again[1]).toBe(second);

    const crash = job('exit');
    first!.enqueue(crash);
    await first!.gone;
    expect(slots.at(0)).toBeNull();
    const [replacement] = slots.startAll(2);
    expect(replacement).not.toBe(first);
    expect(replacement!.dead).toBe(false);

    const a = job('echo', 'a');
    replacement!.enqueue(a);
    await a.outcome;
    expect(slots.measuredMsPerJob(123)).toBeGreaterThanOrEqual(0);
    expect(new WorkerSlots(() => startWorker()).measuredMsPerJob(123)).toBe(123);

    const runaway = job('spin');
    const waiting = job('echo', 'w');
    second!.enqueue(runaway);
    second!.enqueue(waiting);
    while (!second!.running) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(slots.runningCount()).toBe(1);
    expect(slots.queuedCount()).toBe(1);
    expect(slots.live()).toHaveLength(2);

    slots.shutdown();
    expect(await runaway.outcome).toEqual({ failure: 'shut down' });
    expect(closingAtDeath).toEqual([false, true, true]);
    expect(slots.live()).toHaveLength(0);
    expect(slots.bySlot()).toEqual([]);
  });

  it('turns an expected wait into whole retry seconds between 1 and 30', () => {
    expect(retryAfterSecondsFor(0)).toBe(1);
    expect(retryAfterSecondsFor(1001)).toBe(2);
    expect(retryAfterSecondsFor(10 * 60_000)).toBe(30);
  });
});
