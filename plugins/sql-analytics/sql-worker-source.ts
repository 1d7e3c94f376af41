// The database worker's code, kept as JavaScript text so it runs the same from TypeScript sources and from dist/.
//
// It is started with `new Worker(SQL_WORKER_SOURCE, { eval: true, workerData })`: eval workers are CommonJS,
// so the code loads sql.js with require() from the absolute path the parent resolved. The worker owns one
// in-memory SQLite database built from the scenario's rows, then locks it read-only.

export const SQL_WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const initSqlJs = require(workerData.sqlJsPath);

let db = null;
const tableOfRootPage = new Map();

// Read-only lock, re-applied after every prepare: SQLite runs a PRAGMA's effect while *compiling* it, so a
// statement that slipped past the text guard could have switched query_only off before it is even stepped.
function lock() {
  db.run('PRAGMA query_only = ON');
  db.run('PRAGMA hard_heap_limit = ' + workerData.heapLimitBytes);
}

function cell(value, maxChars) {
  if (value instanceof Uint8Array) return '<blob ' + value.length + ' bytes>';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.length > maxChars) return value.slice(0, maxChars) + '...[' + value.length + ' chars]';
  return value === undefined ? null : value;
}

function build(SQL) {
  db = new SQL.Database();
  db.run('PRAGMA temp_store = MEMORY'); // sorts and temp b-trees count against the heap limit
  db.run('BEGIN');
  for (const table of workerData.tables) {
    db.run(table.ddl);
    const insert = db.prepare(table.insertSql);
    for (const row of table.rows) insert.run(row);
    insert.free();
    for (const index of table.indexDdl) db.run(index);
  }
  db.run('COMMIT');
  const pages = db.prepare('SELECT rootpage, tbl_name FROM sqlite_schema WHERE rootpage > 0');
  while (pages.step()) {
    const [page, name] = pages.get();
    tableOfRootPage.set(page, name);
  }
  pages.free();
  lock();
}

function tablesRead(sql) {
  // OpenRead opcodes name the b-trees a statement reads (tables or their indexes) by root page.
  const names = new Set();
  let plan = null;
  try {
    plan = db.prepare('EXPLAIN ' + sql);
    while (plan.step()) {
      const op = plan.getAsObject();
      if (op.opcode === 'OpenRead' && op.p3 === 0 && tableOfRootPage.has(op.p2)) names.add(tableOfRootPage.get(op.p2));
    }
  } catch (err) {
    // A statement that ran but cannot be explained simply earns no exploration credit.
  } finally {
    if (plan) plan.free();
  }
  return Array.from(names).sort();
}

function run(msg) {
  let count = 0;
  try {
    for (const statement of db.iterateStatements(msg.sql)) count++;
  } catch (err) {
    lock();
    return { ok: false, kind: 'sql', error: String(err && err.message ? err.message : err) };
  }
  lock();
  if (count === 0) return { ok: false, kind: 'refused', error: 'the SQL holds no statement' };
  if (count > 1) return { ok: false, kind: 'refused', error: 'exactly one statement is allowed, found ' + count };
  let stmt;
  try {
    stmt = db.prepare(msg.sql);
  } catch (err) {
    lock();
    return { ok: false, kind: 'sql', error: String(err && err.message ? err.message : err) };
  }
  lock();
  try {
    const columns = stmt.getColumnNames();
    if (columns.length === 0) return { ok: false, kind: 'refused', error: 'the statement returns no columns, so it is not a query' };
    const rows = [];
    let rowCount = 0;
    let capped = false;
    while (stmt.step()) {
      if (rowCount === msg.maxRows) {
        if (msg.overflow === 'error') return { ok: false, kind: 'too_large', error: 'the result has more than ' + msg.maxRows + ' rows' };
        capped = true;
        break;
      }
      rowCount++;
      if (rows.length < msg.keepRows) rows.push(stmt.get().map((value) => cell(value, msg.maxCellChars)));
    }
    return { ok: true, columns, rows, rowCount, capped, tables: msg.tables ? tablesRead(msg.sql) : [] };
  } catch (err) {
    const text = String(err && err.message ? err.message : err);
    return { ok: false, kind: /readonly|read-only/i.test(text) ? 'refused' : 'sql', error: text };
  } finally {
    stmt.free();
  }
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

initSqlJs(wasmConfig).then((SQL) => {
  build(SQL);
  parentPort.on('message', (msg) => {
    let reply;
    try {
      reply = run(msg);
    } catch (err) {
      // Only a broken engine lands here (e.g. the lock itself failed): ask to be replaced.
      reply = { ok: false, kind: 'crashed', error: String(err && err.message ? err.message : err), fatal: true };
    }
    parentPort.postMessage(Object.assign({ id: msg.id }, reply));
  });
  parentPort.postMessage({ ready: true });
}).catch((err) => {
  parentPort.postMessage({ ready: false, error: String(err && err.stack ? err.stack : err) });
});
`;
