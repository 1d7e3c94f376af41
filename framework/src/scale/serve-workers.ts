// `serve --workers N`: the router on the public port and N supervised worker processes behind it.
import { WorkerRouter, type RouterOptions } from './worker-router.js';
import { WorkerSupervisor } from './worker-supervisor.js';

/** Most workers one machine is given; more processes than this are past what one host should run as one server. */
export const MAX_WORKERS = 64;

/** Parses the worker count (`--workers N` or OPENENV_WORKERS); a bad value stops start-up naming where it came from. */
export function workerCountFrom(raw: string | undefined, source: string): number {
  if (raw === undefined || raw === '') return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_WORKERS) throw new Error(`${source} must be an integer from 1 to ${MAX_WORKERS}, got "${raw}"`);
  return n;
}

export interface WorkersOptions extends RouterOptions {
  readonly workers: number;
  readonly cliPath: string;
  readonly graceMs: number;
}

/** Starts the workers, then the router; stops both on SIGTERM or SIGINT (workers drain as a single server does). */
export async function serveWithWorkers(options: WorkersOptions): Promise<void> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const supervisor = new WorkerSupervisor({ workers: options.workers, cliPath: options.cliPath, log });
  await supervisor.start();
  const router = new WorkerRouter(supervisor, options);
  const port = await router.listen(options.port, options.host);
  const pids = supervisor.slots.map((slot) => slot.child?.pid).join(', ');
  process.stdout.write(`openenv-ts: router listening on http://${options.host}:${port} in front of ${options.workers} workers (pids ${pids})\n`);
  const shutdown = () => {
    setTimeout(() => process.exit(0), options.graceMs + 5000).unref();
    router.beginDrain();
    supervisor.stop(options.graceMs).finally(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
