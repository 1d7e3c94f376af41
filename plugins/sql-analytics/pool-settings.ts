// Sizes of the SQLite worker pool, read from the environment (OPENENV_SQL_*) with defaults for a small machine.
import { availableParallelism } from 'node:os';

export interface PoolSettings {
  /** Worker threads, each with one sql.js instance hosting many databases. */
  readonly workers: number;
  /** Requests (builds and queries) waiting for a worker, pool-wide; past it a request is refused with OVERLOADED. */
  readonly maxQueued: number;
  /** Bytes of databases one worker keeps (their pages and page caches); past it the least recently used go. */
  readonly workerMemoryBytes: number;
  /** SQLite heap left to the running query on top of the databases (sorts, temp b-trees, big strings). */
  readonly queryHeapBytes: number;
}

/** Requests allowed to wait per worker by default: a few hundred concurrent sessions queue rather than fail. */
const DEFAULT_QUEUED_PER_WORKER = 256;
const DEFAULT_WORKER_MEMORY_MB = 128;
const QUERY_HEAP_MB = 64;

function positiveInteger(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/**
 * The pool's sizes: OPENENV_SQL_WORKERS (default: one per core), OPENENV_SQL_QUEUE (default 256 per worker) and
 * OPENENV_SQL_WORKER_MEMORY_MB (default 128). A bad value throws naming the variable.
 */
export function poolSettingsFrom(env: NodeJS.ProcessEnv = process.env): PoolSettings {
  const workers = positiveInteger(env, 'OPENENV_SQL_WORKERS') ?? Math.max(1, availableParallelism());
  return {
    workers,
    maxQueued: positiveInteger(env, 'OPENENV_SQL_QUEUE') ?? DEFAULT_QUEUED_PER_WORKER * workers,
    workerMemoryBytes: (positiveInteger(env, 'OPENENV_SQL_WORKER_MEMORY_MB') ?? DEFAULT_WORKER_MEMORY_MB) * 1024 * 1024,
    queryHeapBytes: QUERY_HEAP_MB * 1024 * 1024,
  };
}
