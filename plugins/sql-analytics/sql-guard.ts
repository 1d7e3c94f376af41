// The text-level guard: only one read-only SELECT/WITH statement reaches the engine (the engine is read-only too).

export type GuardVerdict = { ok: true } | { ok: false; reason: string };

// Statements that change data, schema, connection or engine settings. Matched as whole words outside
// string literals, quoted identifiers and comments. The engine enforces read-only on its own; this
// gives the agent a clear message before anything runs.
const FORBIDDEN = /\b(INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|ATTACH|DETACH|PRAGMA|VACUUM|REINDEX|ANALYZE|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|REPLACE\s+INTO|LOAD_EXTENSION)\b/i;

/**
 * Blanks string literals, quoted identifiers and comments (keeping length), so keyword and `;` tests only
 * see SQL structure.
 */
export function maskLiterals(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    const next = sql[i + 1];
    if (ch === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (ch === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end === -1 ? sql.length : end + 2;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (ch === "'" || ch === '"' || ch === '`' || ch === '[') {
      const close = ch === '[' ? ']' : ch;
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === close) {
          if (close !== ']' && sql[j + 1] === close) j += 2; // doubled quote escapes itself
          else break;
        } else j++;
      }
      // Keep the quote characters, blank the inside; an unterminated literal runs to the end (SQLite rejects it).
      const closed = j < sql.length;
      const stop = closed ? j + 1 : sql.length;
      out += ch + ' '.repeat(stop - i - (closed ? 2 : 1)) + (closed ? close : '');
      i = stop;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** Accepts exactly one statement that starts with SELECT or WITH and names no writing keyword. */
export function checkReadOnlySql(sql: string): GuardVerdict {
  if (sql.trim() === '') return { ok: false, reason: 'the SQL is empty; send one SELECT statement' };
  const masked = maskLiterals(sql);
  const statements = masked.split(';').filter((s) => s.trim() !== '');
  if (statements.length === 0) return { ok: false, reason: 'the SQL holds only comments; send one SELECT statement' };
  if (statements.length > 1) return { ok: false, reason: `send exactly one statement; found ${statements.length} separated by ';'` };
  const first = /^\s*([A-Za-z]+)/.exec(statements[0]!)?.[1]?.toUpperCase();
  if (first !== 'SELECT' && first !== 'WITH') {
    return { ok: false, reason: `only read-only SELECT (or WITH ... SELECT) queries are allowed; this statement starts with ${first ?? 'a symbol'}` };
  }
  const forbidden = FORBIDDEN.exec(statements[0]!);
  if (forbidden) return { ok: false, reason: `only read-only queries are allowed; ${forbidden[1]!.toUpperCase().replace(/\s+/g, ' ')} is not` };
  return { ok: true };
}
