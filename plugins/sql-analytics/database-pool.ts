// Live SQLite databases, one worker thread per scenario: queries run off the main thread under a time limit.
//
// sql.js is synchronous, so a query run on the server's thread would freeze every session. Each scenario's
// database lives in its own worker; a query that outlasts its limit gets the worker terminated (the only way
// to stop WebAssembly mid-query) and the next query rebuilds the database from the scenario's rows. The map
// below is a cache of pure data keyed by scenario object: losing an entry costs a rebuild, never a result.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { OpenEnvError } from 'openenv-ts';
import { createIndexSql, createTableSql, insertSql } from './schema-sql.js';
import { SQL_WORKER_SOURCE } from './sql-worker-source.js';
import type { SqlScenario, SqlValue } from './types.js';

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

/** SQLite's own allocation ceiling per database (sorts, temp tables, huge blobs fail with "out of memory"). */
const HEAP_LIMIT_BYTES = 64 * 1024 * 1024;
/** How long building a database may take; past it the machine is taken to be overloaded (the client may retry). */
let startupTimeoutMs = 20_000;
/** What a client is told to wait after a worker did not start in time. */
const STARTUP_RETRY_AFTER_S = 5;
let maxLiveDatabases = 16;

export interface RunRequest {
  readonly sql: string;
  /** Rows read at most. */
  readonly maxRows: number;
  /** Rows returned (the rest are only counted). */
  readonly keepRows: number;
  /** What to do past maxRows: stop counting, or fail ("result too large"). */
  readonly overflow: 'stop' | 'error';
  /** Also report which tables the statement reads (from its bytecode). */
  readonly tables: boolean;
  /** Longer text cells are cut (a result must never carry megabytes into an observation). */
  readonly maxCellChars: number;
}

export type FailureKind = 'refused' | 'sql' | 'too_large' | 'timeout' | 'crashed';

export type RunReply =
  | { ok: true; columns: string[]; rows: SqlValue[][]; rowCount: number; capped: boolean; tables: string[] }
  | { ok: false; kind: FailureKind; error: string };

interface Pending {
  resolve(reply: RunReply): void;
}

class DatabaseWorker {
  private worker: Worker | null = null;
  private readonly ready: Promise<void>;
  private readonly pending = new Map<number, Pending>();
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  /** Requests queued or running; an idle worker may be evicted. */
  busy = 0;
  dead = false;
  private stoppedOnPurpose = false;

  constructor(scenario: SqlScenario) {
    this.ready = sqlWasmModule().then((wasmModule) => this.spawn(scenario, wasmModule));
    // Rejections are reported to the caller of run(); keep Node from flagging an unobserved one meanwhile.
    this.ready.catch(() => undefined);
  }

  private spawn(scenario: SqlScenario, wasmModule: WebAssembly.Module | null): Promise<void> {
    if (this.dead) return Promise.reject(new Error('the database was closed before it started'));
    const tables = scenario.tables.map((t) => ({ ddl: createTableSql(t), indexDdl: createIndexSql(t), insertSql: insertSql(t), rows: t.rows }));
    const worker = new Worker(SQL_WORKER_SOURCE, {
      eval: true,
      workerData: { sqlJsPath: SQL_JS_PATH, wasmModule, heapLimitBytes: HEAP_LIMIT_BYTES, tables },
      resourceLimits: { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 },
    });
    this.worker = worker;
    const started = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        // Workers start in well under a second on an idle machine: a late one means too many are starting at once.
        reject(new OpenEnvError('OVERLOADED', `the SQLite worker did not start within ${startupTimeoutMs} ms; the server is overloaded`, { retry_after_s: STARTUP_RETRY_AFTER_S }));
        this.terminate('startup timed out');
      }, startupTimeoutMs);
      worker.on('message', (msg: { ready?: boolean; error?: string; id?: number; fatal?: boolean }) => {
        if (msg.ready !== undefined) {
          clearTimeout(timer);
          if (msg.ready) resolve();
          else {
            reject(new Error(`the SQLite worker failed to start: ${msg.error}`));
            this.terminate('failed to start');
          }
          return;
        }
        const waiter = msg.id === undefined ? undefined : this.pending.get(msg.id);
        if (!waiter) return;
        this.pending.delete(msg.id!);
        const { id: _id, fatal, ...reply } = msg;
        if (fatal) this.terminate('engine failure');
        waiter.resolve(reply as unknown as RunReply);
      });
      const fail = (why: string) => {
        clearTimeout(timer);
        reject(new Error(`the SQLite worker stopped before it was ready: ${why}`));
        this.terminate(why);
      };
      worker.on('error', (err) => fail(err.message));
      worker.on('exit', (code) => fail(`exit code ${code}`));
    });
    // Idle databases must never keep the process alive (a running query holds its ref'd timer instead).
    // After the listeners: adding a 'message' listener refs the worker's port again.
    worker.unref();
    return started;
  }

  /** Runs one request after the ones before it; the time limit starts when the worker begins this request. */
  run(request: RunRequest, timeoutMs: number): Promise<RunReply> {
    this.busy += 1;
    const result = this.queue.then(() => this.runNow(request, timeoutMs));
    this.queue = result.catch(() => undefined);
    return result.finally(() => {
      this.busy -= 1;
    });
  }

  private async runNow(request: RunRequest, timeoutMs: number): Promise<RunReply> {
    if (this.dead) return { ok: false, kind: 'crashed', error: 'the database was closed' };
    try {
      await this.ready;
    } catch (err) {
      // Closed or evicted by us while starting: an ordinary failed query. Anything else is a broken setup.
      if (this.stoppedOnPurpose) return { ok: false, kind: 'crashed', error: 'the database was closed' };
      throw err;
    }
    if (this.dead) return { ok: false, kind: 'crashed', error: 'the database was closed' };
    const id = this.nextId++;
    return new Promise<RunReply>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ ok: false, kind: 'timeout', error: `the query ran longer than the ${timeoutMs} ms time limit and was stopped` });
        this.terminate('time limit');
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
      });
      this.worker!.postMessage({ id, ...request });
    });
  }

  /** Stops the worker; whatever is still waiting gets a "crashed" reply naming the reason. */
  terminate(reason: string): void {
    if (this.dead) return;
    this.dead = true;
    this.stoppedOnPurpose = reason === 'closed' || reason === 'evicted' || reason === 'time limit';
    if (this.worker) void this.worker.terminate();
    const error =
      reason === 'time limit' || reason === 'closed'
        ? `the database was ${reason === 'closed' ? 'closed' : 'restarted after a time-out'}`
        : `the database worker stopped (${reason}); it is rebuilt on the next query`;
    for (const [id, waiter] of this.pending) {
      this.pending.delete(id);
      waiter.resolve({ ok: false, kind: 'crashed', error });
    }
  }
}

// Insertion order is recency order: a hit is deleted and re-inserted, so the first entries are the oldest.
const live = new Map<SqlScenario, DatabaseWorker>();

function acquire(scenario: SqlScenario): DatabaseWorker {
  const existing = live.get(scenario);
  if (existing && !existing.dead) {
    live.delete(scenario);
    live.set(scenario, existing);
    return existing;
  }
  const created = new DatabaseWorker(scenario);
  live.set(scenario, created);
  return created;
}

/** Terminates the least recently used idle databases beyond the cap (busy ones finish first). */
function trim(): void {
  for (const [key, handle] of live) {
    if (live.size <= maxLiveDatabases) return;
    if (handle.busy === 0 || handle.dead) {
      live.delete(key);
      handle.terminate('evicted');
    }
  }
}

/**
 * Runs one statement against the scenario's database (built on first use). Never throws for a bad query:
 * refusals, SQL errors, time-outs and crashes come back as `{ ok: false, kind, error }`. Throws only when
 * the database cannot be built at all.
 */
export async function runSql(scenario: SqlScenario, request: RunRequest, timeoutMs: number): Promise<RunReply> {
  const handle = acquire(scenario);
  const reply = handle.run(request, timeoutMs); // counts as busy from here, so trimming spares it
  trim();
  try {
    return await reply;
  } finally {
    if (handle.dead && live.get(scenario) === handle) live.delete(scenario);
    trim();
  }
}

/** Frees the scenario's database (the episode is over). Safe to call for a scenario that has none. */
export function disposeDatabase(scenario: SqlScenario): void {
  const handle = live.get(scenario);
  if (!handle) return;
  live.delete(scenario);
  handle.terminate('closed');
}

/** Number of databases currently held (for tests and diagnostics). */
export function liveDatabaseCount(): number {
  return live.size;
}

/** Sets how many idle databases are kept (default 16); returns the previous value. For tests and tuning. */
export function setMaxLiveDatabases(count: number): number {
  const previous = maxLiveDatabases;
  maxLiveDatabases = Math.max(1, Math.floor(count));
  trim();
  return previous;
}

/** Sets how long a database may take to start (default 20 s); returns the previous value. For tests. */
export function setStartupTimeoutMs(ms: number): number {
  const previous = startupTimeoutMs;
  startupTimeoutMs = Math.max(1, Math.floor(ms));
  return previous;
}
