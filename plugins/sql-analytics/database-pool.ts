// A bounded pool of SQLite worker threads, each hosting many read-only databases that sessions share by scenario.
//
// sql.js is synchronous, so queries run off the server's thread, in a fixed number of workers (about one per
// core). A database is built once per scenario key (database-key.ts), in the worker with the shortest line,
// and every session playing that scenario queries the same one: agents' statements are read-only at the
// engine (the worker locks query_only and checks it around every query). Each worker keeps its databases under
// a memory budget, least recently used first out; what is evicted is rebuilt on demand from the scenario,
// which every query carries. A query that outlasts its time limit gets its worker terminated (the only way to
// stop WebAssembly mid-query): only that query fails, the queries waiting behind it are placed again, and only
// the databases that worker hosted are rebuilt, as they are next needed. Past a bounded line of waiting
// requests the pool refuses with OVERLOADED (503 + retry_after_s), which every transport turns into a reply
// the client retries.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { OpenEnvError, retryAfterSecondsFor, WorkerSlots } from 'openenv-ts';
import { databaseKeyOf, knownDatabaseKey } from './database-key.js';
import { poolSettingsFrom, type PoolSettings } from './pool-settings.js';
import { createIndexSql, createTableSql, insertSql } from './schema-sql.js';
import { SqlWorker, type BuildReply, type Job, type RunJob, type RunReply, type RunRequest } from './sql-worker-thread.js';
import type { TableData } from './types.js';

/** What the pool needs of a scenario: its tables (the visible database, or a hidden instance's). */
export interface DatabaseSource {
  readonly tables: readonly TableData[];
}

export type { FailureKind, RunReply, RunRequest } from './sql-worker-thread.js';

const SQL_JS_PATH = createRequire(import.meta.url).resolve('sql.js');
const SQL_WASM_PATH = join(dirname(SQL_JS_PATH), 'sql-wasm.wasm');

let compiledWasm: Promise<WebAssembly.Module | null> | null = null;

/** sql.js's WebAssembly, compiled once per process; null (each worker compiles its own) if that fails. */
function sqlWasmModule(): Promise<WebAssembly.Module | null> {
  compiledWasm ??= readFile(SQL_WASM_PATH)
    .then((bytes) => WebAssembly.compile(bytes))
    .catch(() => null);
  return compiledWasm;
}

/** Each database's page cache (`cache_size = -2000`, in KiB) lives in the SQLite heap, next to its pages. */
const PAGE_CACHE_BYTES = 2000 * 1024;
/** A build is a few hundred ms at most; a generous ceiling, since a stuck build blocks its worker's line. */
const BUILD_TIMEOUT_MS = 60_000;
/** How long the first worker may take to start before callers are told to come back. */
let startupTimeoutMs = 20_000;
/** Before a database's size is known: its JSON text is about this many times the bytes it takes once built. */
const BYTES_PER_JSON_CHAR = 1.5;

interface Database {
  readonly key: string;
  readonly worker: SqlWorker;
  /** Built (or failed), and its measured size. */
  state: 'building' | 'ready' | 'failed';
  failure: string | null;
  bytes: number;
  /** Recency for eviction (a counter: higher is more recent). */
  lastUsed: number;
  /** Queries queued or running on it: never evicted while any are. */
  pending: number;
}

interface PoolStats {
  workers: number;
  databases: number;
  /** Jobs inside a worker right now (at most one per worker). */
  running: number;
  queued: number;
  builds: number;
  evictions: number;
  /** Workers terminated (time limits, crashes, broken engines) and replaced. */
  workerRestarts: number;
  refusals: number;
  hostedBytes: number[];
}

let settings: PoolSettings = poolSettingsFrom();
const databases = new Map<string, Database>();
let clock = 0;
/** A query whose worker dies before running it is placed again at most this often (a build that kills its worker would loop). */
const MAX_PLACEMENTS = 3;
const counters = { builds: 0, evictions: 0, workerRestarts: 0, refusals: 0 };

function sizeWithCache(fileBytes: number): number {
  return fileBytes + Math.min(fileBytes, PAGE_CACHE_BYTES);
}

/** The pool's workers; a slot's worker is started when a database is placed and it is missing or dead. */
const workers = new WorkerSlots<SqlWorker>(
  (slot) =>
    new SqlWorker(slot, {
      sqlJsPath: SQL_JS_PATH,
      wasmModule: sqlWasmModule(),
      heapLimitBytes: settings.workerMemoryBytes + settings.queryHeapBytes,
      startupTimeoutMs,
      onDeath: workerDied,
    }),
);

/** The worker a new database goes to: the shortest line, then the least memory in use. */
function leastLoadedWorker(): SqlWorker {
  let best: SqlWorker | null = null;
  for (const candidate of workers.startAll(settings.workers)) {
    if (!best || candidate.queued < best.queued || (candidate.queued === best.queued && candidate.hostedBytes < best.hostedBytes)) best = candidate;
  }
  return best!;
}

/** Frees least recently used databases of the worker, sparing those with queries, until `incoming` more bytes fit. */
function makeRoom(worker: SqlWorker, incoming: number): void {
  while (worker.hostedBytes + incoming > settings.workerMemoryBytes) {
    let oldest: Database | null = null;
    for (const db of databases.values()) {
      if (db.worker === worker && db.state !== 'building' && db.pending === 0 && (!oldest || db.lastUsed < oldest.lastUsed)) oldest = db;
    }
    if (!oldest) return; // everything here is in use: the heap limit's headroom absorbs the overshoot
    forget(oldest);
    counters.evictions += 1;
  }
}

/** Drops a database from the books and from its worker (after the jobs already in its line). */
function forget(db: Database): void {
  if (databases.get(db.key) === db) databases.delete(db.key);
  db.worker.hostedBytes -= db.bytes;
  if (!db.worker.dead) db.worker.enqueue({ kind: 'drop', key: db.key });
}

function tablesJsonOf(scenario: DatabaseSource): string {
  return JSON.stringify(
    scenario.tables.map((t) => ({ ddl: createTableSql(t), indexDdl: createIndexSql(t), insertSql: insertSql(t), rows: t.rows })),
  );
}

/** The scenario's database, placed and queued for building when it is not hosted yet. */
function databaseFor(key: string, scenario: DatabaseSource): Database {
  const existing = databases.get(key);
  if (existing && !existing.worker.dead && existing.state !== 'failed') return existing;
  if (existing) databases.delete(key);
  const worker = leastLoadedWorker();
  const tablesJson = tablesJsonOf(scenario);
  const estimate = sizeWithCache(tablesJson.length * BYTES_PER_JSON_CHAR);
  makeRoom(worker, estimate);
  const db: Database = { key, worker, state: 'building', failure: null, bytes: estimate, lastUsed: ++clock, pending: 0 };
  worker.hostedBytes += estimate;
  databases.set(key, db);
  counters.builds += 1;
  const settle = (reply: BuildReply) => {
    if (reply.ok) {
      db.state = 'ready';
      const measured = sizeWithCache(reply.bytes);
      db.worker.hostedBytes += measured - db.bytes;
      db.bytes = measured;
      if (!db.worker.dead) makeRoom(db.worker, 0);
    } else {
      db.state = 'failed';
      db.failure = reply.error;
      if (databases.get(key) === db) databases.delete(key);
      db.worker.hostedBytes -= db.bytes;
      db.bytes = 0;
    }
  };
  worker.enqueue({
    kind: 'build',
    key,
    tablesJson,
    timeoutMs: BUILD_TIMEOUT_MS,
    resolve: settle,
    reject: (err) => settle({ ok: false, error: err instanceof Error ? err.message : String(err) }),
  });
  return db;
}

/** A run job that goes back to the pool when its worker dies before running it. */
interface PooledRun extends RunJob {
  readonly scenario: DatabaseSource;
  database: Database;
  placements: number;
}

/** Places a run behind its database's build (placing the database first when it is not hosted). */
function dispatch(job: PooledRun): void {
  job.placements += 1;
  const db = databaseFor(job.key, job.scenario);
  job.database = db;
  db.pending += 1;
  db.lastUsed = ++clock;
  db.worker.enqueue(job);
}

/** A worker is gone: forget what it hosted (rebuilt when next needed) and place its waiting queries again. */
function workerDied(worker: SqlWorker, orphans: Job[]): void {
  const closing = workers.closing;
  if (!closing) counters.workerRestarts += 1;
  for (const db of [...databases.values()]) if (db.worker === worker) databases.delete(db.key);
  worker.hostedBytes = 0;
  workers.release(worker);
  for (const job of orphans) {
    if (job.kind !== 'run') continue;
    const run = job as PooledRun;
    if (closing || run.placements >= MAX_PLACEMENTS) {
      run.resolve({ ok: false, kind: 'crashed', error: closing ? 'the SQLite workers were shut down' : 'the SQLite worker kept stopping before this query could run' });
      continue;
    }
    run.database.pending -= 1;
    dispatch(run);
  }
}

/** Seconds until the line ahead of a newcomer has drained, from the measured time per job (at least 1). */
function retryAfterSeconds(queued: number): number {
  return retryAfterSecondsFor((queued * workers.measuredMsPerJob(20)) / settings.workers);
}

/**
 * Runs one statement against the scenario's database (built on first use, shared with every session on the
 * same scenario). Never fails for a bad query: refusals, SQL errors, time-outs and crashes come back as
 * `{ ok: false, kind, error }`. Throws OVERLOADED (503, retry_after_s) when too many requests already wait for
 * a worker, and another error only when the engine cannot be started at all.
 */
export function runSql(scenario: DatabaseSource, request: RunRequest, timeoutMs: number): Promise<RunReply> {
  const queued = workers.queuedCount();
  if (queued >= settings.maxQueued) {
    counters.refusals += 1;
    return Promise.reject(
      new OpenEnvError('OVERLOADED', `All ${settings.workers} SQLite workers are busy and ${queued} requests are waiting; retry shortly`, {
        resource: 'sql-workers',
        waiting: queued,
        retry_after_s: retryAfterSeconds(queued),
      }),
    );
  }
  const key = databaseKeyOf(scenario.tables);
  return new Promise<RunReply>((resolve, reject) => {
    const job: PooledRun = {
      kind: 'run',
      key,
      scenario,
      request,
      timeoutMs,
      database: null as unknown as Database,
      placements: 0,
      precheck: () => {
        const db = job.database;
        if (db.state === 'failed') return { ok: false, kind: 'crashed', error: `the database could not be built: ${db.failure}` };
        return null;
      },
      resolve: (reply) => {
        job.database.pending -= 1;
        job.database.lastUsed = ++clock;
        resolve(reply);
      },
      reject: (err) => {
        job.database.pending -= 1;
        reject(err);
      },
    };
    dispatch(job);
  });
}

/**
 * An episode is done with the scenario's database. Other sessions may share it and a later episode may play
 * the same scenario, so it stays until its worker needs the memory; it just goes first.
 */
export function disposeDatabase(scenario: DatabaseSource): void {
  const key = knownDatabaseKey(scenario.tables);
  const db = key === undefined ? undefined : databases.get(key);
  if (db && db.pending === 0) db.lastUsed = 0;
}

/** Throws the scenario's database away so the next query builds it afresh (after the queries already queued on it). */
export function rebuildDatabase(scenario: DatabaseSource): void {
  const key = knownDatabaseKey(scenario.tables);
  const db = key === undefined ? undefined : databases.get(key);
  if (db && !db.worker.dead) forget(db);
}

/** The worker slot hosting the scenario's database, or null when none does (for tests and diagnostics). */
export function workerSlotOf(scenario: DatabaseSource): number | null {
  const key = knownDatabaseKey(scenario.tables);
  const db = key === undefined ? undefined : databases.get(key);
  return db && !db.worker.dead ? db.worker.slot : null;
}

/** Number of databases currently hosted (for tests and diagnostics). */
export function liveDatabaseCount(): number {
  return databases.size;
}

/** Counters and sizes of the pool (for tests, the benchmark and diagnostics). */
export function poolStats(): PoolStats {
  return {
    workers: workers.live().length,
    databases: databases.size,
    running: workers.runningCount(),
    queued: workers.queuedCount(),
    ...counters,
    hostedBytes: workers.bySlot().map((w) => (w && !w.dead ? w.hostedBytes : 0)),
  };
}

/** The settings in force. */
export function currentPoolSettings(): PoolSettings {
  return settings;
}

/**
 * Starts the pool afresh with these settings over the environment's (tests and tuning; the server reads
 * OPENENV_SQL_* at start): running workers are stopped, every database is forgotten and the counters restart,
 * so call it between uses. Returns the previous settings.
 */
export function configurePool(next: Partial<PoolSettings>): PoolSettings {
  const previous = settings;
  shutdownPool();
  settings = { ...poolSettingsFrom(), ...next };
  counters.builds = counters.evictions = counters.workerRestarts = counters.refusals = 0;
  return previous;
}

/** Stops every worker (their waiting queries fail as crashed) and forgets every database. */
export function shutdownPool(): void {
  databases.clear();
  workers.shutdown();
}

/** Sets how long a worker may take to start (default 20 s); returns the previous value. For tests. */
export function setStartupTimeoutMs(ms: number): number {
  const previous = startupTimeoutMs;
  startupTimeoutMs = Math.max(1, Math.floor(ms));
  return previous;
}
