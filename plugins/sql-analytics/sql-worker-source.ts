// The SQLite worker thread's code, kept as JavaScript text so it runs the same from TypeScript sources and from dist/.
//
// It is started with `new Worker(SQL_WORKER_SOURCE, { eval: true, workerData })`: eval workers are CommonJS,
// so the code loads sql.js with require() from the absolute path the parent resolved. One worker hosts many
// in-memory databases in one sql.js instance, each built from a scenario's rows and then locked (read-only,
// memory caps). Messages, one handled at a time, in order:
//   { op: 'build', id, key, tablesJson }  -> { id, ok: true, bytes } | { id, ok: false, error }
//   { op: 'run', id, key, sql, ... }      -> { id, ok: true, columns, rows, ... } | { id, ok: false, kind, error, fatal? }
//   { op: 'drop', key }                   -> no reply (frees the database)
// `fatal` means the engine itself is broken (a setting that cannot be restored): the parent replaces the worker.

export const SQL_WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const initSqlJs = require(workerData.sqlJsPath);

/** key -> { db, tableOfRootPage } */
const databases = new Map();

// Every connection setting a statement could change while it compiles (SQLite applies most PRAGMAs at prepare
// time, before anything is stepped) and that matters here: read-only, memory caps, temp files in memory (a
// file-backed sort would spill into Emscripten's in-memory file system, outside the heap cap), and the
// settings that change query results or column names (grading compares both). The heap limits are global to
// this worker's SQLite: they bound every database it hosts plus the query that is running.
// [read-back expression, expected value, statement that restores it]
const LOCKED = [
  ['(SELECT query_only FROM pragma_query_only)', 1, 'PRAGMA query_only = ON'],
  ['(SELECT temp_store FROM pragma_temp_store)', 2, 'PRAGMA temp_store = MEMORY'],
  ['(SELECT hard_heap_limit FROM pragma_hard_heap_limit)', workerData.heapLimitBytes, 'PRAGMA hard_heap_limit = ' + workerData.heapLimitBytes],
  ['(SELECT soft_heap_limit FROM pragma_soft_heap_limit)', workerData.heapLimitBytes, 'PRAGMA soft_heap_limit = ' + workerData.heapLimitBytes],
  ['(SELECT cache_size FROM pragma_cache_size)', -2000, 'PRAGMA cache_size = -2000'],
  ["('a' LIKE 'A')", 1, 'PRAGMA case_sensitive_like = OFF'],
  ['(SELECT reverse_unordered_selects FROM pragma_reverse_unordered_selects)', 0, 'PRAGMA reverse_unordered_selects = OFF'],
  ['(SELECT writable_schema FROM pragma_writable_schema)', 0, 'PRAGMA writable_schema = OFF'],
  ['(SELECT full_column_names FROM pragma_full_column_names)', 0, 'PRAGMA full_column_names = OFF'],
  ['(SELECT short_column_names FROM pragma_short_column_names)', 1, 'PRAGMA short_column_names = ON'],
  ['(SELECT automatic_index FROM pragma_automatic_index)', 1, 'PRAGMA automatic_index = ON'],
];
const CHECK_SQL = 'SELECT ' + LOCKED.map((s) => s[0]).join(', ');

/** The restoring statements of the settings that differ from their locked value (also names them in errors). */
function drifted(db) {
  const check = db.prepare(CHECK_SQL);
  try {
    check.step();
    const values = check.get();
    return LOCKED.filter((s, i) => values[i] !== s[1]).map((s) => s[2]);
  } finally {
    check.free();
  }
}

/**
 * Restores every locked setting; throws when one cannot be restored (a PRAGMA can lower hard_heap_limit but
 * nothing can raise it again), and the parent then replaces this worker and rebuilds what it hosted.
 * Returns whether anything had drifted.
 */
function ensureLocked(db) {
  const before = drifted(db);
  if (before.length === 0) return false;
  for (const statement of LOCKED) db.run(statement[2]);
  const after = drifted(db);
  if (after.length > 0) throw new Error('engine settings cannot be restored: ' + after.join('; '));
  return true;
}

function cell(value, maxChars) {
  if (value instanceof Uint8Array) return '<blob ' + value.length + ' bytes>';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.length > maxChars) return value.slice(0, maxChars) + '...[' + value.length + ' chars]';
  return value === undefined ? null : value;
}

let SQL = null;

function build(msg) {
  const tables = JSON.parse(msg.tablesJson);
  const db = new SQL.Database();
  try {
    db.run('PRAGMA temp_store = MEMORY'); // sorts and temp b-trees count against the heap limit
    db.run('BEGIN');
    for (const table of tables) {
      db.run(table.ddl);
      const insert = db.prepare(table.insertSql);
      for (const row of table.rows) insert.run(row);
      insert.free();
      for (const index of table.indexDdl) db.run(index);
    }
    db.run('COMMIT');
    const tableOfRootPage = new Map();
    const pages = db.prepare('SELECT rootpage, tbl_name FROM sqlite_schema WHERE rootpage > 0');
    while (pages.step()) {
      const [page, name] = pages.get();
      tableOfRootPage.set(page, name);
    }
    pages.free();
    ensureLocked(db);
    const size = db.prepare('SELECT page_count * page_size FROM pragma_page_count, pragma_page_size');
    size.step();
    const bytes = size.get()[0];
    size.free();
    databases.set(msg.key, { db, tableOfRootPage });
    return { ok: true, bytes };
  } catch (err) {
    db.close();
    throw err;
  }
}

function tablesRead(database, sql) {
  // OpenRead opcodes name the b-trees a statement reads (tables or their indexes) by root page.
  const names = new Set();
  let plan = null;
  try {
    plan = database.db.prepare('EXPLAIN ' + sql);
    while (plan.step()) {
      const op = plan.getAsObject();
      if (op.opcode === 'OpenRead' && op.p3 === 0 && database.tableOfRootPage.has(op.p2)) names.add(database.tableOfRootPage.get(op.p2));
    }
  } catch (err) {
    // A statement that ran but cannot be explained simply earns no exploration credit.
  } finally {
    if (plan) plan.free();
  }
  return Array.from(names).sort();
}

/** Whether only whitespace, comments and semicolons are left (the same rules as SQLite's tokenizer). */
function onlyCommentsLeft(rest) {
  let i = 0;
  while (i < rest.length) {
    const c = rest[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\f' || c === '\r' || c === ';') i++;
    else if (c === '-' && rest[i + 1] === '-') {
      const end = rest.indexOf('\n', i);
      i = end === -1 ? rest.length : end + 1;
    } else if (c === '/' && rest[i + 1] === '*') {
      const end = rest.indexOf('*/', i + 2);
      i = end === -1 ? rest.length : end + 2;
    } else return false;
  }
  return true;
}

/** Whether the statement has a bind parameter: binding position 1 fails with "out of range" when it has none. */
function hasParameters(stmt) {
  try {
    stmt.bind([0]);
    return true;
  } catch (err) {
    return false;
  }
}

const errorText = (err) => String(err && err.message ? err.message : err);

function runStatement(database, msg) {
  const db = database.db;
  // Only the first statement is compiled: compiling the others (even just to count them) would apply any
  // PRAGMA among them. What follows it must be nothing but comments.
  const statements = db.iterateStatements(msg.sql);
  try {
    let first;
    try {
      first = statements.next();
    } catch (err) {
      ensureLocked(db);
      return { ok: false, kind: 'sql', error: errorText(err) };
    }
    if (ensureLocked(db)) return { ok: false, kind: 'refused', error: 'the statement tried to change engine settings' };
    if (first.done) return { ok: false, kind: 'refused', error: 'the SQL holds no statement' };
    const stmt = first.value;
    if (!onlyCommentsLeft(statements.getRemainingSQL())) return { ok: false, kind: 'refused', error: 'exactly one statement is allowed, found more SQL after the first one' };
    if (hasParameters(stmt)) return { ok: false, kind: 'refused', error: 'bind parameters (?, :name, @name, $name) are not supported; write the values into the query' };
    const columns = stmt.getColumnNames();
    if (columns.length === 0) return { ok: false, kind: 'refused', error: 'the statement returns no columns, so it is not a query' };
    const rows = [];
    let rowCount = 0;
    let capped = false;
    try {
      while (stmt.step()) {
        if (rowCount === msg.maxRows) {
          if (msg.overflow === 'error') return { ok: false, kind: 'too_large', error: 'the result has more than ' + msg.maxRows + ' rows' };
          capped = true;
          break;
        }
        rowCount++;
        if (rows.length < msg.keepRows) rows.push(stmt.get().map((value) => cell(value, msg.maxCellChars)));
      }
    } catch (err) {
      const text = errorText(err);
      return { ok: false, kind: /readonly|read-only/i.test(text) ? 'refused' : 'sql', error: text };
    }
    const text = stmt.getSQL();
    return { ok: true, columns, rows, rowCount, capped, tables: msg.tables ? tablesRead(database, text) : [] };
  } finally {
    statements.return(); // frees the statement and the iterator's copy of the SQL
  }
}

function run(msg) {
  const database = databases.get(msg.key);
  // The parent builds before it runs; a missing database is its bookkeeping error, reported as a crash.
  if (!database) return { ok: false, kind: 'crashed', error: 'the database is not loaded in this worker' };
  // Checked before every query (the gold query included) and after it: a connection whose settings drifted
  // and cannot be restored makes ensureLocked throw, and the worker is replaced.
  ensureLocked(database.db);
  const reply = runStatement(database, msg);
  ensureLocked(database.db);
  return reply;
}

function drop(msg) {
  const database = databases.get(msg.key);
  if (!database) return;
  databases.delete(msg.key);
  database.db.close();
}

function handle(msg) {
  if (msg.op === 'drop') {
    drop(msg);
    return;
  }
  let reply;
  try {
    reply = msg.op === 'build' ? build(msg) : run(msg);
  } catch (err) {
    // A build that fails is reported as such; a run lands here only when the engine is broken: ask to be replaced.
    reply = msg.op === 'build' ? { ok: false, error: errorText(err) } : { ok: false, kind: 'crashed', error: errorText(err), fatal: true };
  }
  parentPort.postMessage(Object.assign({ id: msg.id }, reply));
}

// The parent compiles sql.js's WebAssembly once and hands every worker the compiled module: instantiating
// it takes milliseconds, compiling it in each worker would take far longer.
const wasmConfig = workerData.wasmModule
  ? {
      instantiateWasm(imports, done) {
        WebAssembly.instantiate(workerData.wasmModule, imports).then((instance) => done(instance));
        return {};
      },
    }
  : {};

initSqlJs(wasmConfig).then((loaded) => {
  SQL = loaded;
  // The heap limits are process-wide in SQLite: set them once, before the first database is built.
  const probe = new SQL.Database();
  probe.run('PRAGMA hard_heap_limit = ' + workerData.heapLimitBytes);
  probe.run('PRAGMA soft_heap_limit = ' + workerData.heapLimitBytes);
  probe.close();
  parentPort.on('message', handle);
  parentPort.postMessage({ ready: true });
}).catch((err) => {
  parentPort.postMessage({ ready: false, error: String(err && err.stack ? err.stack : err) });
});
`;
