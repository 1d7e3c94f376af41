// The text-level guard: only one read-only SELECT/WITH statement without bind parameters reaches the engine.

export type GuardVerdict = { ok: true } | { ok: false; reason: string };

export type TokenKind = 'word' | 'number' | 'string' | 'identifier' | 'parameter' | 'semicolon' | 'symbol';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly start: number;
}

/**
 * Statements that change data, schema, connection or engine settings, as whole words outside literals, quoted
 * names and comments. The engine enforces read-only on its own; this gives the agent a clear message first.
 */
const FORBIDDEN = new Set(['INSERT', 'UPDATE', 'DELETE', 'CREATE', 'DROP', 'ALTER', 'ATTACH', 'DETACH', 'PRAGMA', 'VACUUM', 'REINDEX', 'ANALYZE', 'BEGIN', 'COMMIT', 'ROLLBACK', 'SAVEPOINT', 'RELEASE', 'LOAD_EXTENSION']);

// The character classes below copy SQLite's tokenizer (tokenize.c): a guard that splits text differently from
// the engine can be fooled, e.g. `$a(')` is one bind-parameter token to SQLite, not the start of a string.
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\f' || c === '\r';
const isDigit = (c: string) => c >= '0' && c <= '9';
/** SQLite's IdChar: ASCII letters, digits, `_`, `$`, and every non-ASCII character (each UTF-8 byte is >= 0x80). */
const isIdChar = (c: string) => /[A-Za-z0-9_$]/.test(c) || c.charCodeAt(0) >= 0x80;
const isIdStart = (c: string) => /[A-Za-z_]/.test(c) || c.charCodeAt(0) >= 0x80;

export class TokenizeError extends Error {}

/** Splits SQL into tokens the way SQLite does, dropping whitespace and comments. Throws TokenizeError on text SQLite rejects. */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, end: number) => {
    tokens.push({ kind, text: sql.slice(i, end), start: i });
    i = end;
  };
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1] ?? '';
    if (isSpace(c)) {
      i++;
    } else if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end;
    } else if (c === '/' && next === '*') {
      // Unterminated block comments run to the end in SQLite too.
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
    } else if (c === "'" || c === '"' || c === '`' || c === '[') {
      const close = c === '[' ? ']' : c;
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) throw new TokenizeError(c === "'" ? 'a string literal is not closed' : 'a quoted name is not closed');
        if (sql[j] === close) {
          if (close !== ']' && sql[j + 1] === close) j += 2; // a doubled quote is an escaped quote
          else break;
        } else j++;
      }
      push(c === "'" ? 'string' : 'identifier', j + 1);
    } else if (c === '?') {
      let j = i + 1;
      while (j < sql.length && isDigit(sql[j]!)) j++;
      push('parameter', j);
    } else if (c === '$' || c === '@' || c === ':' || c === '#') {
      // SQLite reads a name after these (plus a Tcl-style `(...)` suffix); a bare sigil is an illegal token.
      // Either way the statement is refused, so the exact extent only needs to be at least SQLite's.
      let j = i + 1;
      while (j < sql.length && (isIdChar(sql[j]!) || sql[j] === ':' || sql[j] === '(')) {
        if (sql[j] === '(') {
          while (j < sql.length && !isSpace(sql[j]!) && sql[j] !== ')') j++;
          if (sql[j] === ')') j++;
          break;
        }
        j++;
      }
      push('parameter', j);
    } else if (isDigit(c) || (c === '.' && isDigit(next))) {
      let j = i + 1;
      while (j < sql.length && (isIdChar(sql[j]!) || sql[j] === '.' || ((sql[j] === '+' || sql[j] === '-') && /[eE]/.test(sql[j - 1]!)))) j++;
      push('number', j);
    } else if (isIdStart(c)) {
      let j = i + 1;
      while (j < sql.length && isIdChar(sql[j]!)) j++;
      push('word', j);
    } else if (c === ';') {
      push('semicolon', i + 1);
    } else {
      const code = c.charCodeAt(0);
      if (code < 0x20 || code === 0x7f) throw new TokenizeError(`the SQL contains a control character (code ${code})`);
      push('symbol', i + 1);
    }
  }
  return tokens;
}

/** Accepts exactly one statement that starts with SELECT or WITH, names no writing keyword and has no bind parameter. */
export function checkReadOnlySql(sql: string): GuardVerdict {
  if (sql.trim() === '') return { ok: false, reason: 'the SQL is empty; send one SELECT statement' };
  let tokens: Token[];
  try {
    tokens = tokenize(sql);
  } catch (err) {
    if (err instanceof TokenizeError) return { ok: false, reason: err.message };
    throw err;
  }
  const parameter = tokens.find((t) => t.kind === 'parameter');
  if (parameter) {
    return { ok: false, reason: `bind parameters (?, ?NNN, :name, @name, $name, #name) are not supported, found ${parameter.text.slice(0, 30)}; write the values into the query` };
  }
  const statements: Token[][] = [[]];
  for (const token of tokens) {
    if (token.kind === 'semicolon') statements.push([]);
    else statements[statements.length - 1]!.push(token);
  }
  const nonEmpty = statements.filter((s) => s.length > 0);
  if (nonEmpty.length === 0) return { ok: false, reason: 'the SQL holds only comments; send one SELECT statement' };
  if (nonEmpty.length > 1) return { ok: false, reason: `send exactly one statement; found ${nonEmpty.length} separated by ';'` };
  const statement = nonEmpty[0]!;
  const first = statement[0]!;
  const firstWord = first.kind === 'word' ? first.text.toUpperCase() : null;
  if (firstWord !== 'SELECT' && firstWord !== 'WITH') {
    return { ok: false, reason: `only read-only SELECT (or WITH ... SELECT) queries are allowed; this statement starts with ${firstWord ?? 'a symbol'}` };
  }
  for (const [i, token] of statement.entries()) {
    if (token.kind !== 'word') continue;
    const word = token.text.toUpperCase();
    const following = statement[i + 1];
    if (FORBIDDEN.has(word)) return { ok: false, reason: `only read-only queries are allowed; ${word} is not` };
    if (word === 'REPLACE' && following?.kind === 'word' && following.text.toUpperCase() === 'INTO') {
      return { ok: false, reason: 'only read-only queries are allowed; REPLACE INTO is not' };
    }
  }
  return { ok: true };
}
