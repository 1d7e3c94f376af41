// Every trap of the top level is discoverable from what the agent can read (the dictionary, the glossary, the rows)
// and changes answers: the gold query with that one trap ignored returns something else on real SQLite.
import initSqlJs, { type Database } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { familiesOf, registeredTaskOf, scenarioFor, type SplitName } from 'openenv-ts';
import { FAMILIES } from './families.js';
import { SqlAnalyticsTask } from './plugin.js';
import { createIndexSql, createTableSql, insertSql } from './schema-sql.js';
import type { SqlScenario, SqlValue, TableData } from './types.js';
import { TRAPS, type Trap } from './warehouse-model.js';

const task = registeredTaskOf(SqlAnalyticsTask);
let SQL: Awaited<ReturnType<typeof initSqlJs>>;

beforeAll(async () => {
  SQL = await initSqlJs();
});

/** The scenario's database, built the way the pool builds it (same DDL and inserts). */
function databaseOf(scenario: SqlScenario): Database {
  const db = new SQL.Database();
  db.run('BEGIN');
  for (const table of scenario.tables) {
    db.run(createTableSql(table));
    for (const index of createIndexSql(table)) db.run(index);
    const insert = db.prepare(insertSql(table));
    for (const row of table.rows) insert.run(row as SqlValue[]);
    insert.free();
  }
  db.run('COMMIT');
  return db;
}

function rowsOf(db: Database, sql: string): string {
  return JSON.stringify(db.exec(sql)[0]?.values ?? []);
}

/** What the agent can read: dictionary rows (table, column, text) and glossary rows (term, definition). */
function documentation(scenario: SqlScenario) {
  const dictionary = scenario.tables.find((t) => t.name === scenario.dictionaryTable)!.rows.map(([table, column, text]) => ({ table: String(table), column: String(column), text: String(text) }));
  const glossary = scenario.tables.find((t) => t.name === scenario.glossaryTable)!.rows.map(([term, definition]) => ({ term: String(term), definition: String(definition) }));
  return { dictionary, glossary };
}

/** Values of every column whose dictionary text matches, with the table they sit in. */
function documentedColumns(scenario: SqlScenario, pattern: RegExp): { table: TableData; column: string; text: string; values: SqlValue[] }[] {
  const { dictionary } = documentation(scenario);
  // Stale backup and staging copies say so in their table row; an analyst skips them.
  const stale = new Set(dictionary.filter((d) => d.column === '' && /Not for reporting/.test(d.text)).map((d) => d.table));
  return dictionary
    .filter((d) => d.column !== '' && !stale.has(d.table) && pattern.test(d.text))
    .map((d) => {
      const table = scenario.tables.find((t) => t.name === d.table)!;
      const index = table.columns.findIndex((c) => c.name === d.column);
      return { table, column: d.column, text: d.text, values: table.rows.map((r) => r[index]!) };
    });
}

/** For each trap: the documentation that explains it and rows that show it, found as an agent would (by reading). */
const EVIDENCE: Readonly<Record<Trap, (scenario: SqlScenario) => void>> = {
  status_codes: (s) => {
    const statuses = documentedColumns(s, /^Status: /);
    expect(statuses.length).toBeGreaterThan(0);
    for (const { text, values } of statuses) {
      for (const value of new Set(values)) expect(text, `code ${value}`).toContain(`${value} = `);
      // Opaque codes: the rows alone do not say what a code means.
      expect(values.every((v) => !/^[a-z_ ]{4,}$/.test(String(v)))).toBe(true);
    }
  },
  soft_delete: (s) => {
    const columns = documentedColumns(s, /deleted in the source system/);
    expect(columns.length).toBeGreaterThan(0);
    expect(columns.some((c) => c.values.some((v) => v !== null && v !== 0))).toBe(true);
    expect(documentation(s).glossary.map((g) => g.term)).toContain('Deleted rows');
  },
  currency: (s) => {
    const columns = documentedColumns(s, /ISO currency code of the amounts/);
    expect(columns.some((c) => c.values.some((v) => v !== 'USD'))).toBe(true);
    expect(documentedColumns(s, /US dollars per one unit/).length).toBe(1);
    expect(documentation(s).glossary.find((g) => g.term === 'Reporting currency')?.definition).toMatch(/US dollars/);
  },
  null_semantics: (s) => {
    const columns = documentedColumns(s, /NULL = (no discount|no credit|approved in full|none|no fee)/);
    expect(columns.length).toBeGreaterThan(0);
    // Graded on hidden instances too, the visible rows withhold the NULLs of one such column (hidden-instances.test.ts).
    expect(columns.filter((c) => !c.values.some((v) => v === null)).length).toBeLessThanOrEqual(1);
    expect(columns.filter((c) => c.values.some((v) => v === null)).length).toBeGreaterThan(0);
  },
  duplicates: (s) => {
    const masters = documentedColumns(s, /Golden customer id; this is the customer id used in every report/);
    expect(masters.length).toBe(1);
    const counts = new Map<SqlValue, number>();
    for (const v of masters[0]!.values) counts.set(v, (counts.get(v) ?? 0) + 1);
    expect([...counts.values()].some((n) => n > 1)).toBe(true);
    expect(documentation(s).glossary.find((g) => g.term === 'Customer')?.definition).toMatch(/golden/);
  },
  timezone: (s) => {
    const offsets = documentedColumns(s, /Minutes east of UTC/);
    expect(offsets.length).toBe(1);
    expect(offsets[0]!.values.some((v) => v !== 0)).toBe(true);
    expect(documentedColumns(s, /in UTC/).length).toBeGreaterThan(0);
  },
  fiscal: (s) => {
    const periods = documentedColumns(s, /^Fiscal period \(month\) 1-12/);
    expect(periods.length).toBe(1);
    const starts = documentedColumns(s, /^First day 'YYYY-MM-DD' \(inclusive\)\.$/).filter((c) => c.table === periods[0]!.table);
    expect(starts.length).toBe(1);
    // Fiscal years do not start on January 1st: the first period of every fiscal year starts in another month.
    const firstPeriodStarts = starts[0]!.values.filter((_, i) => periods[0]!.values[i] === 1);
    expect(firstPeriodStarts.length).toBeGreaterThan(2);
    expect(firstPeriodStarts.some((v) => String(v).endsWith('-01-01'))).toBe(false);
    expect(documentation(s).glossary.map((g) => g.term)).toContain('Fiscal year');
  },
  type2: (s) => {
    const ends = documentedColumns(s, /\(exclusive\); NULL = (still )?current/);
    expect(ends.length).toBeGreaterThan(0);
    expect(ends.some((c) => c.values.some((v) => v !== null))).toBe(true);
    expect(documentation(s).dictionary.some((d) => /type 2/.test(d.text))).toBe(true);
  },
  // The unsignposted traps: one dictionary line (or glossary term) and the rows, never a question's wording.
  reloads: (s) => {
    const loads = documentedColumns(s, /latest load time of a document number replaces every earlier load/);
    expect(loads.length).toBeGreaterThanOrEqual(5);
    const documents = documentedColumns(s, /^Document number in the source system\.$/);
    expect(documents.length).toBe(loads.length);
    // Document numbers repeat in the rows: an analyst checking the key sees the reloads.
    for (const { values } of documents) expect(new Set(values).size).toBeLessThan(values.length);
    expect(documentation(s).glossary.some((g) => /\bload/i.test(g.definition))).toBe(false);
  },
  internal_accounts: (s) => {
    const classes = documentedColumns(s, /^Account class: .* = internal \(staff purchases and QA test accounts: not customers, so every customer figure leaves out/);
    expect(classes.length).toBe(1);
    const code = /, (\S+) = internal \(/.exec(classes[0]!.text)![1]!;
    const { table, values } = classes[0]!;
    const names = table.columns.findIndex((c) => documentation(s).dictionary.some((d) => d.table === table.name && d.column === c.name && /^Full name/.test(d.text)));
    const internal = table.rows.filter((_, i) => values[i] === code);
    expect(internal.length).toBeGreaterThan(3);
    // The rows look like what they are.
    for (const row of internal) expect(String(row[names])).toMatch(/^(QA Test Account|Staff Purchases) \d+$/);
    // Internal test campaigns likewise: one dictionary line, and their names.
    const types = documentedColumns(s, /^Campaign type: .* = internal test \(QA of the booking pipeline: its bookings are not media spend and are never reported\)\.$/);
    expect(types.length).toBe(1);
    const testType = /, (\S+) = internal test/.exec(types[0]!.text)![1]!;
    const campaignNames = types[0]!.table.columns.findIndex((c) => documentation(s).dictionary.some((d) => d.table === types[0]!.table.name && d.column === c.name && d.text === 'Campaign name.'));
    const tests = types[0]!.table.rows.filter((_, i) => types[0]!.values[i] === testType);
    expect(tests.length).toBeGreaterThanOrEqual(3);
    for (const row of tests) expect(String(row[campaignNames])).toMatch(/^QA pipeline test \d+$/);
    // Unsignposted: no glossary term mentions them.
    expect(documentation(s).glossary.some((g) => /internal|staff|test account/i.test(`${g.term} ${g.definition}`))).toBe(false);
  },
  fx_asof: (s) => {
    const basis = documentedColumns(s, /^How the rate is quoted: 'D' = direct/);
    expect(basis.length).toBe(1);
    const table = basis[0]!.table;
    const eff = table.columns.findIndex((c) => documentation(s).dictionary.some((d) => d.table === table.name && d.column === c.name && /^First day the rate applies/.test(d.text)));
    const ccy = table.columns.findIndex((c) => documentation(s).dictionary.some((d) => d.table === table.name && d.column === c.name && d.text === 'ISO currency code.'));
    expect(documentation(s).dictionary.find((d) => d.table === table.name && d.column === '')?.text).toMatch(/not every month has one/);
    // Months without a published rate, and a currency quoted both ways over time.
    const months = new Map<string, Set<string>>();
    const quotes = new Map<string, Set<SqlValue>>();
    table.rows.forEach((row, i) => {
      months.set(String(row[ccy]), (months.get(String(row[ccy])) ?? new Set()).add(String(row[eff]).slice(0, 7)));
      quotes.set(String(row[ccy]), (quotes.get(String(row[ccy])) ?? new Set()).add(basis[0]!.values[i]!));
    });
    expect([...months.entries()].some(([c, m]) => c !== 'USD' && m.size < 36)).toBe(true);
    expect([...quotes.values()].some((q) => q.size === 2)).toBe(true);
    expect(documentation(s).glossary.find((g) => g.term === 'Reporting currency')?.definition).toMatch(/on or before/);
  },
};

describe('sql-analytics: traps are discoverable and matter', () => {
  it('every trap of the top level is documented in the dictionary or glossary and visible in the rows', async () => {
    for (const split of ['train', 'test'] as SplitName[]) {
      for (const seed of [0, 1, 2]) {
        const scenario = (await scenarioFor(task, seed, {}, { split, level: 'spider2' })) as SqlScenario;
        expect([...scenario.traps].sort()).toEqual([...TRAPS].sort());
        for (const trap of TRAPS) EVIDENCE[trap](scenario);
      }
    }
  });

  it('the first level has no traps: statuses are words and nothing is deleted, converted or duplicated', async () => {
    const scenario = (await scenarioFor(task, 4, {}, { split: 'train', level: 'basic' })) as SqlScenario;
    expect(scenario.traps).toEqual([]);
    expect(documentedColumns(scenario, /deleted in the source system|ISO currency code|Minutes east of UTC/)).toEqual([]);
    for (const { values } of documentedColumns(scenario, /^Status: /)) expect(values.every((v) => /^[a-z_]+$/.test(String(v)))).toBe(true);
  });

  it('every family at the top level: the gold query answers, and ignoring any one trap changes some answers', { timeout: 300_000 }, async () => {
    const changed = Object.fromEntries(TRAPS.map((t) => [t, 0])) as Record<Trap, number>;
    let scenarios = 0;
    for (const [i, family] of FAMILIES.entries()) {
      const split = (['train', 'validation', 'test'] as SplitName[]).find((sp) => familiesOf(task.plugin, sp).includes(family))!;
      const scenario = (await scenarioFor(task, 300 + i, { family }, { split, level: 'spider2' })) as SqlScenario;
      const db = databaseOf(scenario);
      const gold = rowsOf(db, scenario.question.goldSql);
      expect(gold, family).not.toBe('[]');
      expect(db.exec(scenario.question.goldSql)[0]!.columns).toEqual(scenario.question.columns);
      for (const [trap, sql] of Object.entries(scenario.naiveSql)) if (rowsOf(db, sql) !== gold) changed[trap as Trap] += 1;
      db.close();
      scenarios += 1;
    }
    console.log(`answers changed by ignoring a trap, of ${scenarios} top-level scenarios (one per family): ${JSON.stringify(changed)}`);
    for (const trap of TRAPS) expect(changed[trap], trap).toBeGreaterThan(0);
    // The common traps change most answers.
    for (const trap of ['status_codes', 'fiscal'] as const) expect(changed[trap]).toBeGreaterThan(scenarios / 2);
  });
});
