// sql-analytics plugin: gold answers score 1, trivial, hedging and hostile policies do not, the engine is read-only
// with locked settings, runaway queries are stopped without blocking other sessions, and seeds fully determine an episode.
// Levels, splits, families and the reward rules are tested in levels-and-splits.test.ts.
import { describe, expect, it } from 'vitest';
import { Episode, familiesOf, registeredTaskOf, runPolicy, runReferenceSolver, scenarioFor, type Policy, type SplitName } from 'openenv-ts';
import { currentPoolSettings, disposeDatabase, runSql, type RunRequest } from './database-pool.js';
import { SqlAnalyticsTask } from './plugin.js';
import { compareResults } from './result-grader.js';
import { FAMILIES } from './families.js';
import { configSchema } from './scenario-generator.js';
import { checkReadOnlySql } from './sql-guard.js';
import type { SqlScenario } from './types.js';

const task = registeredTaskOf(SqlAnalyticsTask);
const FULL: Omit<RunRequest, 'sql'> = { maxRows: 10_000, keepRows: 10_000, overflow: 'error', tables: true, maxCellChars: 500 };

/** The split whose families include a family (a pinned family must be played on its own split). */
function splitOf(family: string): SplitName {
  return (['train', 'validation', 'test'] as const).find((split) => familiesOf(task.plugin, split).includes(family))!;
}

/** Where a config plays: its family's split when it pins one, else train. */
function addressOf(config: Record<string, unknown>): { config: Record<string, unknown>; split: SplitName } {
  return { config, split: typeof config.family === 'string' ? splitOf(config.family) : 'train' };
}

/** The scenario an episode with this seed and config plays (first level). */
async function scenarioOf(seed: number, config: Record<string, unknown> = {}): Promise<SqlScenario> {
  return (await scenarioFor(task, seed, config, { split: addressOf(config).split })) as SqlScenario;
}

/** A policy that submits one fixed statement at once (the gold query is read from the same seed's scenario). */
async function submitting(sql: (scenario: SqlScenario) => string, seed: number, config: Record<string, unknown> = {}): Promise<Policy> {
  const text = sql(await scenarioOf(seed, config));
  return () => ({ type: 'submit', sql: text });
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Smuggling attempts: SQLite reads `$a(')` (and `:a(...)`, `@a(...)`, `#a(...)`) as one bind parameter, so the
 * PRAGMA between them is a statement of its own; the others hide a second statement after a parameter or comment. */
const SMUGGLES = [
  "SELECT $a(') ; PRAGMA temp_store = FILE ; SELECT $b(')",
  "SELECT :a(') ; PRAGMA case_sensitive_like = ON ; SELECT :b(')",
  "SELECT @a(') ; PRAGMA reverse_unordered_selects = ON ; SELECT @b(')",
  "SELECT #a(') ; PRAGMA writable_schema = ON ; SELECT #b(')",
  'SELECT ? ; PRAGMA full_column_names = ON',
  'SELECT ?1 AS x ; PRAGMA short_column_names = OFF',
  'SELECT :x ; PRAGMA automatic_index = OFF',
  'SELECT 1 /* ; */ ; PRAGMA query_only = OFF',
  'SELECT 1 -- ;\n; PRAGMA temp_store = FILE',
  'SELECT 1 ; /* hidden */ PRAGMA hard_heap_limit = 100000',
];

/** Every setting the worker must hold, read back through SQLite's pragma table-valued functions. */
const SETTINGS_SQL = `SELECT (SELECT temp_store FROM pragma_temp_store) AS temp_store, (SELECT query_only FROM pragma_query_only) AS query_only,
  (SELECT hard_heap_limit FROM pragma_hard_heap_limit) AS hard_heap_limit, ('a' LIKE 'A') AS like_ignores_case,
  (SELECT reverse_unordered_selects FROM pragma_reverse_unordered_selects) AS reverse_unordered_selects,
  (SELECT writable_schema FROM pragma_writable_schema) AS writable_schema, (SELECT full_column_names FROM pragma_full_column_names) AS full_column_names,
  (SELECT short_column_names FROM pragma_short_column_names) AS short_column_names, (SELECT automatic_index FROM pragma_automatic_index) AS automatic_index,
  (SELECT cache_size FROM pragma_cache_size) AS cache_size`;
/** One SQLite heap per worker: its databases' budget plus the running query's share. */
const HEAP_LIMIT = currentPoolSettings().workerMemoryBytes + currentPoolSettings().queryHeapBytes;
const LOCKED_SETTINGS = {
  temp_store: 2, // MEMORY
  query_only: 1,
  hard_heap_limit: HEAP_LIMIT,
  like_ignores_case: 1,
  reverse_unordered_selects: 0,
  writable_schema: 0,
  full_column_names: 0,
  short_column_names: 1,
  automatic_index: 1,
  cache_size: -2000,
};

async function settingsOf(scenario: SqlScenario): Promise<Record<string, unknown>> {
  const reply = await runSql(scenario, { sql: SETTINGS_SQL, ...FULL }, 5000);
  if (!reply.ok) return { error: reply.error };
  return Object.fromEntries(reply.columns.map((c, i) => [c, reply.rows[0]![i]]));
}

/** A third more sort keys than the worker's heap holds: "out of memory" under the cap, though it would succeed with temp_store = FILE. */
const HUGE_SORT = `WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < ${Math.ceil((HEAP_LIMIT * 1.3) / 1000)}) SELECT x, randomblob(1000) AS b FROM r ORDER BY b`;

describe('sql-analytics: reference solver and gold queries', () => {
  it('the reference solver (gold query) scores raw 1.0 on 50 seeds, gold results are never empty', { timeout: 300_000 }, async () => {
    const scores: number[] = [];
    const rewardSums: number[] = [];
    for (let seed = 0; seed < 50; seed++) {
      const outcome = await runReferenceSolver(task, seed);
      expect(outcome.rawScore, `seed ${seed}`).toBe(1);
      expect(outcome.breakdown.gold_rows as number, `seed ${seed}`).toBeGreaterThan(0);
      scores.push(outcome.rawScore);
      const sum = outcome.rewards.reduce((a, b) => a + b, 0);
      rewardSums.push(sum);
      // Shaping sums to zero: the return is the final grade. The one penalty a loaded machine can cause is the
      // first query timing out while the worker builds the database (the pool's cold start, issue 17).
      const totals = outcome.episode.rewardTotals();
      expect(totals.repeated_action, `seed ${seed}`).toBe(0);
      expect(totals.invalid_action, `seed ${seed}`).toBeGreaterThanOrEqual(-0.05);
      expect(sum, `seed ${seed}`).toBeCloseTo(1 + totals.invalid_action, 6);
    }
    expect(mean(scores)).toBe(1);
    console.log(`reference solver: mean raw score ${mean(scores)} over 50 seeds; reward sums ${Math.min(...rewardSums)}..${Math.max(...rewardSums)}`);
  });

  it('every family at the first level, every third at the top level: gold query is non-empty and reads exactly its declared tables', { timeout: 300_000 }, async () => {
    for (const [i, family] of FAMILIES.entries()) {
      for (const [seed, level] of [[101, 'basic'], [202, 'spider2']] as const) {
        // The top level's 34-table databases are slow to build on a shared machine; its gold queries are
        // also run on real SQLite for every family by warehouse-traps.test.ts.
        if (level === 'spider2' && i % 3 !== 0) continue;
        const config = { family, row_scale: seed === 101 ? 0.5 : 1 };
        const scenario = (await scenarioFor(task, seed, config, { split: splitOf(family), level })) as SqlScenario;
        const reply = await runSql(scenario, { sql: scenario.question.goldSql, ...FULL }, 10_000);
        disposeDatabase(scenario);
        expect(reply.ok, `${family} seed ${seed}: ${JSON.stringify(reply)}`).toBe(true);
        if (!reply.ok) continue;
        expect(reply.rowCount, `${family} seed ${seed}`).toBeGreaterThan(0);
        expect(reply.columns).toEqual(scenario.question.columns);
        expect(reply.tables).toEqual([...scenario.question.goldTables].sort());
      }
    }
  });

  it('covers 6 areas and 66 families, and default seeds of each split rotate over its families', async () => {
    expect(new Set(FAMILIES.map((t) => t.split('/')[0])).size).toBe(6);
    expect(FAMILIES.length).toBeGreaterThanOrEqual(60);
    for (const split of ['train', 'validation', 'test'] as const) {
      const seen = new Set<string>();
      for (let seed = 0; seed < 250; seed++) seen.add(((await scenarioFor(task, seed, {}, { split })) as SqlScenario).family);
      expect([...seen].sort(), split).toEqual([...familiesOf(task.plugin, split)].sort());
    }
    for (const seed of [0, 1, 2]) {
      // Level 1: one area, its shared master data, the dictionary and the glossary.
      expect((await scenarioOf(seed)).tables.length).toBeGreaterThanOrEqual(6);
      expect((await scenarioOf(seed)).tables.length).toBeLessThanOrEqual(12);
    }
  });

  // Speed is measured by `npm run bench`, never asserted by a timed test (machines here are shared and noisy).
  it('every family generates a scenario for the same seed', async () => {
    for (const family of FAMILIES) {
      const scenario = await scenarioOf(7, { family });
      expect(scenario.question.templateId, family).toBe(family);
    }
  });
});

describe('sql-analytics: trivial and hostile policies', () => {
  it('SELECT 1, an empty submission, an unfiltered table and a write attempt all score raw <= 0.3', async () => {
    const worst: Record<string, number> = {};
    // Every sixth family: one or two per area, so the loop stays quick.
    for (const [i, family] of FAMILIES.filter((_, k) => k % 6 === 0).entries()) {
      const seed = 500 + i;
      const config = { family };
      const policies: Record<string, Policy> = {
        select_one: await submitting(() => 'SELECT 1', seed, config),
        empty: await submitting(() => '', seed, config),
        unfiltered_table: await submitting((s) => `SELECT * FROM ${s.question.goldTables[0]}`, seed, config),
        write_attempt: await submitting((s) => `DELETE FROM ${s.question.goldTables[0]}`, seed, config),
      };
      for (const [name, policy] of Object.entries(policies)) {
        const outcome = await runPolicy(task, seed, policy, addressOf(config));
        expect(outcome.rawScore, `${name} on ${family}`).toBeLessThanOrEqual(0.3);
        expect(outcome.episode.done).toBe(true);
        worst[name] = Math.max(worst[name] ?? 0, outcome.rawScore);
      }
    }
    console.log(`trivial policies, max raw score over ${Math.ceil(FAMILIES.length / 6)} families: ${JSON.stringify(worst)}`);
  });

  it('hedging with UNION / UNION ALL of the gold query and a wrong variant scores low (mean <= 0.5, max < 0.7 over 10 seeds)', async () => {
    const plugin = new SqlAnalyticsTask();
    const scores: Record<'union' | 'union_all', number[]> = { union: [], union_all: [] };
    for (let seed = 0; seed < 10; seed++) {
      const scenario = await scenarioOf(seed);
      const q = scenario.question;
      // The wrong variant: the same family asked with another seed's parameters (another year, quarter, dimension...),
      // taken only if it returns rows the answer does not have (else the "hedge" is simply the right answer).
      let variant: string | null = null;
      for (let k = 1; k <= 6 && variant === null; k++) {
        const other = (await scenarioOf(seed + 1000 * k, { family: q.templateId })).question.goldSql;
        const extra = await runSql(scenario, { sql: `SELECT COUNT(*) FROM (SELECT * FROM (${other}) EXCEPT SELECT * FROM (${q.goldSql}))`, ...FULL }, 10_000);
        if (extra.ok && (extra.rows[0]![0] as number) > 0) variant = other;
      }
      expect(variant, `seed ${seed}`).not.toBeNull();
      for (const [name, op] of [['union', 'UNION'], ['union_all', 'UNION ALL']] as const) {
        const sql = `SELECT * FROM (${q.goldSql}) ${op} SELECT * FROM (${variant})`;
        const result = await plugin.transition(scenario, plugin.initialState(), { type: 'submit', sql });
        const grade = plugin.grade(scenario, result.state);
        expect(grade.breakdown.submission_status, `${name} seed ${seed}: ${grade.explanation}`).toBe('graded');
        scores[name].push(grade.score);
      }
      disposeDatabase(scenario);
    }
    for (const [name, list] of Object.entries(scores)) {
      expect(mean(list), name).toBeLessThanOrEqual(0.5);
      expect(Math.max(...list), name).toBeLessThan(0.7);
    }
    const show = (xs: number[]) => `mean ${mean(xs).toFixed(3)}, max ${Math.max(...xs).toFixed(3)}`;
    console.log(`gold UNION wrong variant: ${show(scores.union)}; gold UNION ALL wrong variant: ${show(scores.union_all)}`);
  });

  it('an empty result with the right column names scores <= 0.05', async () => {
    const plugin = new SqlAnalyticsTask();
    const scores: number[] = [];
    for (let seed = 0; seed < 10; seed++) {
      const scenario = await scenarioOf(seed);
      const sql = `SELECT ${scenario.question.columns.map((c) => `NULL AS ${c}`).join(', ')} WHERE 0`;
      const result = await plugin.transition(scenario, plugin.initialState(), { type: 'submit', sql });
      const grade = plugin.grade(scenario, result.state);
      expect(grade.breakdown.column_score, `seed ${seed}`).toBe(1);
      scores.push(grade.score);
      disposeDatabase(scenario);
    }
    expect(Math.max(...scores)).toBeLessThanOrEqual(0.05);
  });

  it('scores vary over seeds and over policies', async () => {
    const bySeed: number[] = [];
    const byPolicy = new Set<number>();
    for (let seed = 0; seed < 8; seed++) {
      // Only the first right row: partial credit that depends on the size of the seed's answer.
      const firstRow = await submitting((s) => `SELECT * FROM (${s.question.goldSql}) LIMIT 1`, seed);
      bySeed.push((await runPolicy(task, seed, firstRow)).rawScore);
    }
    expect(new Set(bySeed).size).toBeGreaterThan(2);
    const seed = 3;
    for (const sql of [(s: SqlScenario) => s.question.goldSql, () => 'SELECT 1', (s: SqlScenario) => `SELECT * FROM (${s.question.goldSql}) LIMIT 2`]) {
      byPolicy.add((await runPolicy(task, seed, await submitting(sql, seed))).rawScore);
    }
    expect(byPolicy.size).toBe(3);
    console.log(`one-row submissions over 8 seeds: ${bySeed.join(', ')}; policies on seed 3: ${[...byPolicy].join(', ')}`);
  });

  it('a query that ignores one trap (status codes, deletions, currency, duplicates, time zones...) loses credit at the top level', { timeout: 300_000 }, async () => {
    const plugin = new SqlAnalyticsTask();
    const worse: Record<string, number[]> = {};
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const scenario = (await scenarioFor(task, seed, {}, { split: 'train', level: 'spider2' })) as SqlScenario;
      const gold = await runSql(scenario, { sql: scenario.question.goldSql, ...FULL }, 10_000);
      let throughEpisode = false;
      for (const [trap, sql] of Object.entries(scenario.naiveSql)) {
        const naive = await runSql(scenario, { sql, ...FULL }, 10_000);
        // Only where the trap changes this answer (a deletion outside the period asked changes nothing).
        if (!gold.ok || !naive.ok || JSON.stringify(naive.rows) === JSON.stringify(gold.rows)) continue;
        const score = compareResults(gold, naive, scenario.question.ordered).score;
        expect(score, `${trap} on seed ${seed}`).toBeLessThan(1);
        (worse[trap] ??= []).push(score);
        if (throughEpisode) continue;
        // Once per seed through the plugin: the trap-ignoring query answers question 1, the gold queries the rest,
        // and the grade is the mean of the four. Its credit is the lowest over the visible and hidden instances,
        // so at most its visible score.
        throughEpisode = true;
        const answers = scenario.questions.map((q, i) => (i === 0 ? sql : q.goldSql));
        const result = await plugin.transition(scenario, plugin.initialState(), { type: 'submit', answers });
        const grade = plugin.grade(scenario, result.state);
        const graded = grade.breakdown.answers as { score: number; visible_score: number }[];
        expect(graded.map((a) => a.visible_score)).toEqual([score, 1, 1, 1]);
        expect(graded.map((a) => a.score).slice(1)).toEqual([1, 1, 1]);
        expect(graded[0]!.score).toBeLessThanOrEqual(score);
        expect(grade.score).toBeCloseTo((graded[0]!.score + 3) / 4, 5);
      }
      disposeDatabase(scenario);
    }
    expect(Object.keys(worse).length).toBeGreaterThanOrEqual(8);
    console.log(`trap-ignoring submissions: ${Object.entries(worse).map(([t, xs]) => `${t} max ${Math.max(...xs).toFixed(3)}`).join('; ')}`);
  });

  it('reading a new table earns the same small shaping whatever the answer needs; errors, refusals and repeats are penalised', async () => {
    const config = { family: 'sales/dim-total' };
    const scenario = await scenarioOf(11, config);
    const share = 0.05 / scenario.tables.length;
    const actions = [
      { type: 'query', sql: 'SELECT * FROM sales_order LIMIT 3' }, // one table of n read: potential 0.05 / n
      { type: 'query', sql: 'SELECT * FROM sales_order LIMIT 3' }, // exact repeat: -0.02
      { type: 'query', sql: 'SELECT *   FROM sales_order LIMIT 3;' }, // the same up to whitespace: a repeat too, -0.02
      { type: 'query', sql: 'SELECT * FROM no_such_table' }, // SQL error: -0.05
      { type: 'query', sql: 'DROP TABLE sales_order' }, // refused: -0.05
      { type: 'query', sql: 'SELECT o.order_id FROM sales_order o JOIN order_line l ON l.order_id = o.order_id LIMIT 1' }, // a second table
      { type: 'submit', sql: 'SELECT * FROM sales_order LIMIT 3' }, // not a repeat (a submit); grade 0, the potential is taken back
    ];
    const outcome = await runPolicy(task, 11, (_obs, i) => actions[i] ?? null, addressOf(config));
    const expected = [share, -0.02, -0.02, -0.05, -0.05, share, -2 * share];
    outcome.rewards.forEach((r, i) => expect(r, `step ${i}`).toBeCloseTo(expected[i]!, 5));
    expect(outcome.rewards.length).toBe(expected.length);
    expect(outcome.breakdown.explored_tables).toEqual(['order_line', 'sales_order']);
    const totals = outcome.episode.rewardTotals();
    expect(totals).toMatchObject({ shaping: 0, grade: 0, repeated_action: -0.04, invalid_action: -0.1 });
  });
});

describe('sql-analytics: read-only engine', () => {
  it('refuses writes at the text level with a clear message', () => {
    expect(checkReadOnlySql('SELECT 1')).toEqual({ ok: true });
    expect(checkReadOnlySql("-- note\nWITH x AS (SELECT 'DELETE; DROP' AS t) SELECT * FROM x;")).toEqual({ ok: true });
    expect(checkReadOnlySql('SELECT replace(name, "a", "b") FROM customers')).toEqual({ ok: true });
    // Sigils inside literals, quoted names and comments, or inside a name, are not parameters.
    expect(checkReadOnlySql("SELECT '$a(', \"x:y\", [@z], `#w`, a$b FROM t /* ? */ -- :c\n;  -- done")).toEqual({ ok: true });
    const refused = (sql: string) => {
      const verdict = checkReadOnlySql(sql);
      return verdict.ok ? '' : verdict.reason;
    };
    expect(refused('')).toMatch(/empty/);
    expect(refused('SELECT 1; SELECT 2')).toMatch(/exactly one statement/);
    expect(refused('DELETE FROM orders')).toMatch(/starts with DELETE/);
    expect(refused('PRAGMA query_only = OFF')).toMatch(/starts with PRAGMA/);
    expect(refused('WITH x AS (SELECT 1) DELETE FROM orders')).toMatch(/DELETE is not/);
    expect(refused("SELECT 1; ATTACH ':memory:' AS y")).toMatch(/exactly one statement/);
    expect(refused("SELECT 'x")).toMatch(/not closed/);
    expect(refused('SELECT 1\u0000; PRAGMA temp_store = FILE')).toMatch(/control character/);
  });

  it('refuses bind parameters and statements hidden behind them or behind comments (text guard)', () => {
    for (const sql of SMUGGLES) {
      const verdict = checkReadOnlySql(sql);
      expect(verdict.ok, sql).toBe(false);
      if (!verdict.ok) expect(verdict.reason, sql).toMatch(/bind parameters|exactly one statement/);
    }
    // SQLite reads `$a(')` as one parameter token, so the quote opens no string and the PRAGMA is a statement of its own.
    const verdict = checkReadOnlySql(SMUGGLES[0]!);
    expect(verdict.ok ? '' : verdict.reason).toMatch(/bind parameters.*\$a\('\)/);
  });

  it('the engine itself rejects writes and settings changes even when the text guard is bypassed', async () => {
    const scenario = await scenarioOf(21, { domain: 'sales' });
    const count = async () => {
      const reply = await runSql(scenario, { sql: 'SELECT COUNT(*) FROM sales_order', ...FULL }, 5000);
      return reply.ok ? reply.rows[0]![0] : reply.error;
    };
    const before = await count();
    expect(before).toBe(scenario.tables.find((t) => t.name === 'sales_order')!.rows.length);
    for (const sql of [
      'DELETE FROM sales_order',
      "UPDATE sales_order SET status_code = 'x'",
      "INSERT INTO sales_order VALUES (999999, 1, 101, '2024-01-01 00:00:00', 'delivered')",
      'DELETE FROM sales_order RETURNING order_id',
      'DROP TABLE sales_order',
      'CREATE TABLE t (a)',
      'CREATE TEMP TABLE t (a)',
      'WITH x AS (SELECT 1) DELETE FROM sales_order',
    ]) {
      const reply = await runSql(scenario, { sql, ...FULL }, 5000);
      expect(reply.ok, sql).toBe(false);
      if (!reply.ok) expect(reply.kind, sql).toBe('refused');
    }
    // Switching the lock off takes effect while SQLite compiles the PRAGMA; the worker locks again before any later statement.
    await runSql(scenario, { sql: 'PRAGMA query_only = OFF', ...FULL }, 5000);
    const afterPragma = await runSql(scenario, { sql: 'DELETE FROM sales_order RETURNING order_id', ...FULL }, 5000);
    expect(afterPragma.ok).toBe(false);
    const attach = await runSql(scenario, { sql: "ATTACH ':memory:' AS scratch", ...FULL }, 5000);
    expect(attach.ok).toBe(false);
    const multi = await runSql(scenario, { sql: 'SELECT 1; DELETE FROM sales_order', ...FULL }, 5000);
    expect(multi.ok).toBe(false);
    expect(await count()).toBe(before);
    disposeDatabase(scenario);
  });

  it('smuggled statements are refused at the engine, never compiled, and every setting stays locked', async () => {
    const scenario = await scenarioOf(23, { family: 'sales/dim-total' });
    expect(await settingsOf(scenario)).toEqual(LOCKED_SETTINGS);
    for (const sql of SMUGGLES) {
      // Straight to the engine: the text guard is not involved.
      const reply = await runSql(scenario, { sql, ...FULL }, 5000);
      expect(reply.ok, sql).toBe(false);
      if (!reply.ok) expect(reply.kind, sql).toBe('refused');
      expect(await settingsOf(scenario), sql).toEqual(LOCKED_SETTINGS);
    }
    // A statement followed by nothing but comments is still one statement.
    const commented = await runSql(scenario, { sql: 'SELECT 1 AS one; -- done\n/* end */ ;', ...FULL }, 5000);
    expect(commented.ok && commented.rows).toEqual([[1]]);
    // The sort spills into temp storage: still in memory, so still under the heap cap.
    const sort = await runSql(scenario, { sql: HUGE_SORT, ...FULL, maxRows: 5, keepRows: 5, overflow: 'stop' }, 8000);
    expect(sort.ok).toBe(false);
    if (!sort.ok) expect(sort.error).toMatch(/out of memory/i);
    // Grading runs on the same, still clean connection.
    const plugin = new SqlAnalyticsTask();
    const graded = await plugin.transition(scenario, plugin.initialState(), { type: 'submit', sql: scenario.question.goldSql });
    expect(plugin.grade(scenario, graded.state).score).toBe(1);
    disposeDatabase(scenario);
  });

  it('a PRAGMA compiled as the first statement is refused and undone; one that cannot be undone gets the database rebuilt', async () => {
    const scenario = await scenarioOf(24, { domain: 'billing' });
    for (const sql of ['PRAGMA temp_store = FILE', 'PRAGMA case_sensitive_like = ON', 'PRAGMA full_column_names = ON', 'PRAGMA cache_size = 1000000']) {
      const reply = await runSql(scenario, { sql, ...FULL }, 5000);
      expect(reply.ok, sql).toBe(false);
      expect(await settingsOf(scenario), sql).toEqual(LOCKED_SETTINGS);
    }
    // hard_heap_limit can be lowered but never raised again: the worker is replaced.
    const lowered = await runSql(scenario, { sql: 'PRAGMA hard_heap_limit = 100000', ...FULL }, 5000);
    expect(lowered.ok).toBe(false);
    expect(await settingsOf(scenario)).toEqual(LOCKED_SETTINGS);
    const after = await runSql(scenario, { sql: 'SELECT COUNT(*) FROM invoice', ...FULL }, 5000);
    expect(after.ok && after.rows[0]![0]).toBe(scenario.tables.find((t) => t.name === 'invoice')!.rows.length);
    disposeDatabase(scenario);
  });

  it('the agent cannot make grading fail; a failing gold query ends the episode as a plugin error, not a crash', async () => {
    // Smuggling attempts through the real episode are refused, and the gold answer still scores 1.
    const seed = 25;
    const gold = (await scenarioOf(seed)).question.goldSql;
    const actions = [...SMUGGLES.map((sql) => ({ type: 'query', sql })), { type: 'submit', sql: gold }];
    const outcome = await runPolicy(task, seed, (_obs, i) => actions[i] ?? null);
    expect(outcome.rawScore).toBe(1);
    expect(outcome.rewards.slice(0, SMUGGLES.length).every((r) => r < 0)).toBe(true);
    // A broken reference query (impossible for the shipped families) is reported as the plugin's fault.
    const base = await scenarioOf(seed);
    const brokenQuestion = { ...base.question, goldSql: 'SELECT * FROM no_such_table' };
    const broken: SqlScenario = { ...base, question: brokenQuestion, questions: [brokenQuestion] };
    const plugin = new SqlAnalyticsTask();
    const result = await plugin.transition(broken, plugin.initialState(), { type: 'submit', sql: 'SELECT 1' });
    expect(result.done).toBe(true);
    expect(result.error).toBeUndefined();
    const grade = plugin.grade(broken, result.state);
    expect(grade.breakdown).toMatchObject({ plugin_error: true, submission_status: 'grader_error' });
    expect(grade.explanation).toMatch(/not caused by your query/);
    disposeDatabase(broken);
  });

  it('a query that allocates too much fails with out of memory instead of growing the worker', async () => {
    const scenario = await scenarioOf(22, { domain: 'hr' });
    const reply = await runSql(scenario, { sql: 'SELECT length(randomblob(300000000))', ...FULL }, 5000);
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error).toMatch(/out of memory|too big/i);
    const after = await runSql(scenario, { sql: 'SELECT COUNT(*) FROM employee', ...FULL }, 5000);
    expect(after.ok).toBe(true);
    // Huge text cells are cut before they travel to the observation.
    const wide = await runSql(scenario, { sql: "SELECT printf('%.*c', 1000000, 'x') AS big", ...FULL }, 5000);
    expect(wide.ok && String(wide.rows[0]![0]).length).toBeLessThan(600);
    disposeDatabase(scenario);
  });
});

// The pool itself (sharing, memory bound, runaway queries among other sessions, overload) is tested in database-pool.test.ts.
describe('sql-analytics: time limit', () => {
  it('a runaway submission scores 0 and ends the episode', async () => {
    const outcome = await runPolicy(task, 33, () => ({ type: 'submit', sql: 'WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT x FROM r ORDER BY x' }), {
      config: { query_timeout_ms: 500 },
    });
    expect(outcome.rawScore).toBe(0);
    expect(outcome.steps).toBe(1);
    expect(outcome.episode.observation().last_action_error).toMatch(/time limit|out of memory/);
  });
});

describe('sql-analytics: determinism and observation', () => {
  it('the same seed gives the same database and question; different seeds differ', async () => {
    const a = await scenarioOf(77);
    const b = await scenarioOf(77);
    const c = await scenarioOf(78);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
    // The data do not depend on which question is asked.
    const [first, second] = FAMILIES.filter((t) => t.startsWith('billing/') && splitOf(t) === 'train');
    const x = await scenarioOf(5, { family: first });
    const y = await scenarioOf(5, { family: second });
    expect(x.question.templateId).not.toBe(y.question.templateId);
    expect(JSON.stringify(x.tables)).toBe(JSON.stringify(y.tables));
  });

  it('the observation states the question, output contract, schema and sample rows within the size budget', async () => {
    for (const domain of ['sales', 'billing', 'hr']) {
      const episode = await Episode.start(task, { seed: 9, config: { domain, row_scale: 2 } });
      const first = episode.observation();
      const data = first.data as { output_columns: string[]; tables: { name: string; sample_rows: unknown[] }[]; schema_sql: string };
      expect(first.prompt).toContain('QUESTION');
      expect(first.prompt).toContain(data.output_columns.join(', '));
      const meta = [(data as unknown as { dictionary_table: string }).dictionary_table, (data as unknown as { glossary_table: string }).glossary_table];
      for (const t of data.tables) {
        expect(first.prompt).toContain(`CREATE TABLE ${t.name}`);
        // The dictionary and glossary are read with queries, never shown as samples.
        expect(t.sample_rows.length).toBe(meta.includes(t.name) ? 0 : 3);
      }
      const step = await episode.step({ type: 'query', sql: `SELECT * FROM ${data.tables[0]!.name}` });
      expect(step.observation.prompt).toContain('Last query result');
      expect(step.observation.prompt.length).toBeLessThan(12_000);
      expect(task.plugin.observationSchema!.safeParse(step.observation.data).success).toBe(true);
      episode.dispose();
    }
  });

  it('config knobs are validated (unknown family, family of another area)', async () => {
    expect(configSchema.safeParse({ family: 'nope' }).success).toBe(false);
    expect(configSchema.safeParse({ template: 'sales/dim-total' }).success).toBe(false);
    await expect(scenarioOf(1, { domain: 'hr', family: 'sales/dim-total' })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    expect(configSchema.safeParse({}).success).toBe(true);
  });
});

describe('sql-analytics: result comparison', () => {
  const gold = { columns: ['region', 'net_revenue'], rows: [['North', 100.25], ['East', 50], ['West', 50]] };

  it('scores an exact match 1, with number tolerance and case-insensitive column names', () => {
    expect(compareResults(gold, gold, true).score).toBe(1);
    const unrounded = { columns: ['REGION', 'net_revenue'], rows: [['North', 100.2512], ['East', 50.004], ['West', 49.996]] };
    expect(compareResults(gold, unrounded, true).exact).toBe(true);
    const wrongRounding = { columns: ['region', 'net_revenue'], rows: [['North', 100.26], ['East', 50], ['West', 50]] };
    expect(compareResults(gold, wrongRounding, true).exact).toBe(false);
  });

  it('compares order only when asked, and gives partial credit for rows, values, order and names', () => {
    // Hand-computed from the formula in result-grader.ts: min(0.95, K, 0.4*RS + 0.3*V + 0.1*O + 0.2*C*V).
    const swapped = { columns: ['region', 'net_revenue'], rows: [['East', 50], ['North', 100.25], ['West', 50]] };
    expect(compareResults(gold, swapped, false).score).toBe(1);
    const ordered = compareResults(gold, swapped, true);
    expect(ordered.exact).toBe(false);
    expect(ordered.score).toBeCloseTo(Math.min(0.95, 0.4 + 0.3 + 0.1 * (2 / 3) + 0.2), 6); // LIS 2 of 3
    const reversed = { columns: ['region', 'net_revenue'], rows: [...gold.rows].reverse() };
    expect(compareResults(gold, reversed, true).score).toBeCloseTo(0.4 + 0.3 + 0.1 * (1 / 3) + 0.2, 6);
    const renamed = { columns: ['r', 'revenue'], rows: gold.rows };
    const byPosition = compareResults(gold, renamed, true);
    expect(byPosition.alignment).toBe('by_position');
    expect(byPosition.score).toBeCloseTo(0.8, 6); // C = 0
    // No whole row matches; the region column's values all do (V = 1/2), C = 1/2.
    const oneColumn = { columns: ['region'], rows: [['North'], ['East'], ['West']] };
    expect(compareResults(gold, oneColumn, true).score).toBeCloseTo(0.3 * 0.5 + 0.2 * 0.5 * 0.5, 6);
    // Wrong rounding of one value: 2 of 3 rows match (J 1/2, P 2/3), values 3/3 and 2/3 (Jc*Pc = 1/2*2/3).
    const oneRounded = { columns: ['region', 'net_revenue'], rows: [['North', 100.3], ['East', 50], ['West', 50]] };
    const v = (1 + 0.5 * (2 / 3)) / 2;
    expect(compareResults(gold, oneRounded, true).score).toBeCloseTo(0.4 * 0.5 * (2 / 3) + 0.3 * v + 0.1 * (2 / 3) * (2 / 3) + 0.2 * v, 6);
    // Every number wrong, the keys right: value credit only.
    const allRounded = { columns: ['region', 'net_revenue'], rows: [['North', 100.3], ['East', 50.1], ['West', 49.9]] };
    expect(compareResults(gold, allRounded, true).score).toBeCloseTo(0.3 * 0.5 + 0.2 * 0.5, 6);
  });

  it('extra rows cost more than missing ones, and a result with more rows than the answer is capped at 0.6', () => {
    const duplicated = { columns: ['region', 'net_revenue'], rows: [...gold.rows, ['North', 100.25]] };
    const dup = compareResults(gold, duplicated, false);
    expect(dup.matched_rows).toBe(3);
    expect(dup.row_jaccard).toBeCloseTo(0.75, 6);
    expect(dup.row_precision).toBeCloseTo(0.75, 6);
    expect(dup.score).toBeCloseTo(0.75 * 0.75, 6); // RS = V = O = 9/16, C = 1: weights sum to 1
    const missing = compareResults(gold, { columns: gold.columns, rows: gold.rows.slice(0, 2) }, false);
    expect(missing.score).toBeGreaterThan(dup.score);
    // Gold plus a wrong guess of the same size: J = P = 1/2, V = 1/4, O = 1 * P.
    const hedge = { columns: gold.columns, rows: [...gold.rows, ['South', 10], ['North', 99], ['East', 51]] };
    expect(compareResults(gold, hedge, true).score).toBeCloseTo(0.4 * 0.25 + 0.3 * 0.25 + 0.1 * 0.5 + 0.2 * 0.25, 6);
    // One extra row on a long answer would score ~0.83 by the formula; the cap holds it at 0.6.
    const long = { columns: ['k', 'v'], rows: Array.from({ length: 10 }, (_, i) => [`k${i}`, i * 10]) };
    const plusOne = compareResults(long, { columns: long.columns, rows: [...long.rows, ['k99', 5]] }, true);
    expect(plusOne.extra_rows_capped).toBe(true);
    expect(plusOne.score).toBe(0.6);
    // Right column names on no rows earn nothing.
    expect(compareResults(gold, { columns: gold.columns, rows: [] }, true).score).toBe(0);
  });
});
