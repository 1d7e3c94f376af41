// Starts N worker processes of the server, restarts one that crashes, and asks them for their metrics.
//
// Each worker is this CLI's `serve` in a child process on a loopback port of its own; the router in front
// of them (worker-router.ts) holds the public port. A crash is contained: the other workers keep their
// sessions, the crashed worker's sessions are lost (reported on stderr and in the metrics), and it is
// restarted with a growing delay so a worker that cannot start does not spin.
import { fork, type ChildProcess } from 'node:child_process';
import { isWorkerMessage, WORKER_INDEX_VARIABLE, type MetricsJson, type MetricsReply, type MetricsRequest } from './worker-messages.js';

/** How long a worker may take to listen before its start counts as a failure. */
const START_TIMEOUT_MS = 120_000;
/** Restart delays: doubling from the first to the last, back to the first after a worker ran this long. */
const RESTART_DELAY_FIRST_MS = 500;
const RESTART_DELAY_MAX_MS = 30_000;
const STABLE_AFTER_MS = 60_000;
/** How long a metrics scrape waits for a worker. */
const METRICS_TIMEOUT_MS = 5_000;

export interface WorkerSlot {
  readonly index: number;
  child: ChildProcess | null;
  /** The worker's loopback port while it is up and listening; null while starting or down. */
  port: number | null;
  /** Connections (HTTP requests in flight and WebSockets) the router has sent to it: the spread picks the least. */
  connections: number;
  restarts: number;
  startedAt: number;
  restartDelayMs: number;
}

export interface SupervisorOptions {
  readonly workers: number;
  /** The CLI module to fork (process.argv[1] of the parent). */
  readonly cliPath: string;
  /** Where crashes and restarts are reported (stderr). */
  readonly log: (line: string) => void;
}

export class WorkerSupervisor {
  readonly slots: WorkerSlot[];
  private stopping = false;
  private nextRequest = 1;
  private readonly pending = new Map<number, (metrics: MetricsJson) => void>();

  constructor(private readonly options: SupervisorOptions) {
    this.slots = Array.from({ length: options.workers }, (_, index) => ({ index, child: null, port: null, connections: 0, restarts: 0, startedAt: 0, restartDelayMs: RESTART_DELAY_FIRST_MS }));
  }

  /** Starts every worker; resolves once all listen, rejects if one fails its first start. */
  async start(): Promise<void> {
    await Promise.all(this.slots.map((slot) => this.launch(slot)));
  }

  private launch(slot: WorkerSlot): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = fork(this.options.cliPath, ['serve'], {
        env: { ...process.env, PORT: '0', HOST: '127.0.0.1', OPENENV_WORKERS: '1', [WORKER_INDEX_VARIABLE]: String(slot.index) },
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      slot.child = child;
      slot.port = null;
      slot.startedAt = Date.now();
      const timer = setTimeout(() => reject(new Error(`worker ${slot.index} did not start listening within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      child.on('message', (message: unknown) => {
        if (!isWorkerMessage(message)) return;
        if (message.type === 'openenv:listening') {
          clearTimeout(timer);
          slot.port = message.port;
          resolve();
        } else {
          this.pending.get(message.id)?.(message.metrics);
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        slot.child = null;
        slot.port = null;
        slot.connections = 0;
        if (this.stopping) return;
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        this.options.log(`openenv-ts: worker ${slot.index} (pid ${child.pid}) ${how}; its sessions are lost; restarting in ${slot.restartDelayMs} ms`);
        reject(new Error(`worker ${slot.index} ${how} before it listened`));
        this.scheduleRestart(slot);
      });
    });
  }

  private scheduleRestart(slot: WorkerSlot): void {
    const ranLong = Date.now() - slot.startedAt > STABLE_AFTER_MS;
    const delay = ranLong ? RESTART_DELAY_FIRST_MS : slot.restartDelayMs;
    slot.restartDelayMs = ranLong ? RESTART_DELAY_FIRST_MS * 2 : Math.min(RESTART_DELAY_MAX_MS, slot.restartDelayMs * 2);
    setTimeout(() => {
      if (this.stopping) return;
      slot.restarts += 1;
      this.launch(slot).then(
        () => this.options.log(`openenv-ts: worker ${slot.index} restarted (pid ${slot.child?.pid}, restart ${slot.restarts})`),
        () => undefined, // its exit handler already reported it and scheduled the next try
      );
    }, delay).unref();
  }

  /** Every live worker's metrics in prom-client's JSON form (a worker that does not answer in time is left out). */
  async metrics(): Promise<MetricsJson[]> {
    const answers = this.slots.map((slot) => {
      const child = slot.child;
      if (!child || slot.port === null || !child.connected) return Promise.resolve(null);
      const id = this.nextRequest++;
      return new Promise<MetricsJson | null>((resolve) => {
        const timer = setTimeout(() => {
          this.pending.delete(id);
          resolve(null);
        }, METRICS_TIMEOUT_MS);
        this.pending.set(id, (metrics) => {
          clearTimeout(timer);
          this.pending.delete(id);
          resolve(metrics);
        });
        const request: MetricsRequest = { type: 'openenv:metrics?', id };
        child.send(request, (err) => {
          if (err) this.pending.get(id)?.([]);
        });
      });
    });
    return (await Promise.all(answers)).filter((m): m is MetricsJson => m !== null && m.length > 0);
  }

  /** Stops every worker: SIGTERM (each drains gracefully), SIGKILL for one still alive after `graceMs`. */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    await Promise.all(
      this.slots.map((slot) => {
        const child = slot.child;
        if (!child || child.exitCode !== null) return Promise.resolve();
        return new Promise<void>((resolve) => {
          const killer = setTimeout(() => child.kill('SIGKILL'), graceMs + 2000);
          child.once('exit', () => {
            clearTimeout(killer);
            resolve();
          });
          child.kill('SIGTERM');
        });
      }),
    );
  }
}

/** Called in a worker process: tells the supervisor where it listens and answers its metrics requests. */
export function reportToSupervisor(port: number, metricsJson: () => Promise<MetricsJson>): void {
  if (typeof process.send !== 'function') return;
  process.send({ type: 'openenv:listening', port });
  process.on('message', (message: unknown) => {
    if ((message as { type?: unknown } | null)?.type !== 'openenv:metrics?') return;
    const id = (message as MetricsRequest).id;
    metricsJson().then(
      (metrics) => process.send?.({ type: 'openenv:metrics', id, metrics } satisfies MetricsReply),
      () => process.send?.({ type: 'openenv:metrics', id, metrics: [] } satisfies MetricsReply),
    );
  });
  // The supervisor is gone (killed hard): a worker nobody routes to must not live on.
  process.on('disconnect', () => process.exit(0));
}
