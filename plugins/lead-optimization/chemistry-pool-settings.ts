// Sizes of the RDKit worker pool, read from the environment (OPENENV_RDKIT_*) with defaults for a small machine.
import { availableParallelism } from 'node:os';

export interface ChemistryPoolSettings {
  /** Worker threads, each with its own RDKit instance; 0 runs the heavy work on the server's own thread. */
  readonly workers: number;
  /** Jobs (scenario generations, oracle searches) waiting for a worker, pool-wide; past it a job is refused with OVERLOADED. */
  readonly maxQueued: number;
  /** How long one job may run once inside a worker; past it the worker is replaced and the job fails. */
  readonly jobTimeoutMs: number;
  /**
   * The longest expected wait a new job is admitted to (the line ahead times the measured time per job, over the
   * workers); past it the job is refused with OVERLOADED. Kept well under the server's 60 s step deadline: a
   * refused step did not happen and is retried, a step that waits past the deadline loses its episode.
   */
  readonly maxWaitMs: number;
}

/** Each worker holds an RDKit instance (about 40 MB) and its caches: more than this helps no machine this task targets. */
export const MAX_CHEMISTRY_WORKERS = 8;
/** Jobs allowed to wait per worker by default: 256 sessions resetting at once queue rather than fail. */
const DEFAULT_QUEUED_PER_WORKER = 256;
/** A job takes well under a second on an idle core; a loaded machine is many times slower, a stuck job never ends. */
const DEFAULT_JOB_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_WAIT_S = 20;

function wholeNumber(env: NodeJS.ProcessEnv, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ' up'}, got "${raw}"`);
  }
  return value;
}

/**
 * The pool's sizes: OPENENV_RDKIT_WORKERS (default one per core, at most 4 by default and 8 when set; 0 keeps
 * the work on the server's thread, as before the pool), OPENENV_RDKIT_QUEUE (default 256 per worker) and
 * OPENENV_RDKIT_JOB_TIMEOUT_MS (default 30 000) and OPENENV_RDKIT_MAX_WAIT_S (default 20). A bad value throws
 * naming the variable.
 */
export function chemistryPoolSettingsFrom(env: NodeJS.ProcessEnv = process.env): ChemistryPoolSettings {
  const workers = wholeNumber(env, 'OPENENV_RDKIT_WORKERS', 0, MAX_CHEMISTRY_WORKERS) ?? Math.min(4, Math.max(1, availableParallelism()));
  return {
    workers,
    maxQueued: wholeNumber(env, 'OPENENV_RDKIT_QUEUE', 1) ?? DEFAULT_QUEUED_PER_WORKER * Math.max(1, workers),
    jobTimeoutMs: wholeNumber(env, 'OPENENV_RDKIT_JOB_TIMEOUT_MS', 1) ?? DEFAULT_JOB_TIMEOUT_MS,
    maxWaitMs: (wholeNumber(env, 'OPENENV_RDKIT_MAX_WAIT_S', 1) ?? DEFAULT_MAX_WAIT_S) * 1000,
  };
}
