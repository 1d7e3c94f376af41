// The SQLite worker pool: shared databases, a memory bound per worker, a runaway query among other sessions,
// admission control, and the generator purity that sharing scenarios relies on. Real workers, real SQLite.
import { afterAll, describe, expect, it } from 'vitest';
import { Episode, registeredTaskOf, Rng, scenarioFor } from 'openenv-ts';
import { configurePool, poolStats, runSql, setStartupTimeoutMs, shutdownPool, workerSlotOf, type RunReply } from './database-pool.js';
import { LEVELS } from './levels.js';
import { SqlAnalyticsTask } from './plugin.js';
import { configSchema, generateScenario } from './scenario-generator.js';
import type { SqlScenario } from './types.js';

const task = registeredTaskOf(SqlAnalyticsTask);
const QUERY = { maxRows: 10_000, keepRows: 10_000, overflow: 'error', tables: false, maxCellChars: 500 } as const;
const RUNAWAY = 'WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT COUNT(*) FROM r';

async function scenarioOf(seed: number, config: Record<string, unknown> = {}): Promise<SqlScenario> {
  return (await scenarioFor(task, seed, config)) as SqlScenario;
}

/** Counts the first table's rows through the pool; the right answer is the number of rows generated for it. */
async function countFirstTable(scenario: SqlScenario): Promise<{ reply: RunReply; expected: number }> {
  const table = scenario.tables[0]!;
  const reply = await runSql(scenario, { sql: `SELECT COUNT(*) FROM ${table.name}`, ...QUERY }, 10_000);
  return { reply, expected: table.rows.length };
}

function countOf(reply: RunReply): unknown {
  return reply.ok ? reply.rows[0]![0] : `${reply.kind}: ${reply.error}`;
}

afterAll(() => shutdownPool());

describe('database pool: sharing', () => {
  it('concurrent episodes of one scenario share one scenario object and one database, built once; every episode grades 1', async () => {
    configurePool({ workers: 2 });
    const episodes = await Promise.all([0, 1, 2, 3, 4, 5].map(() => Episode.start(task, { seed: 3 })));
    const scenario = await scenarioOf(3);
    expect(await scenarioOf(3)).toBe(scenario); // one live object per address
    const actions = await task.plugin.solve(scenario);
    await Promise.all(episodes.map(async (episode) => {
      for (const action of actions) if (!episode.done) await episode.step(action);
    }));
    for (const episode of episodes) expect(episode.grade().raw).toBe(1);
    expect(poolStats().builds).toBe(1);
  });

  it('the generator is pure (what sharing relies on): the same address generates equal scenarios at every level', () => {
    for (const level of LEVELS) {
      const config = configSchema.parse(level.config);
      for (const seed of [0, 1]) {
        const once = generateScenario(new Rng(seed, 'sql-analytics/train'), config);
        const again = generateScenario(new Rng(seed, 'sql-analytics/train'), config);
        expect(again).not.toBe(once);
        expect(JSON.stringify(again), `${level.name} seed ${seed}`).toBe(JSON.stringify(once));
      }
    }
  });

  it('different addresses get their own scenarios and databases', async () => {
    configurePool({ workers: 2 });
    const a = await scenarioOf(11);
    const b = await scenarioOf(12);
    const c = await scenarioOf(11, { row_scale: 0.5 });
    expect(new Set([a, b, c]).size).toBe(3);
    for (const scenario of [a, b, c]) {
      const { reply, expected } = await countFirstTable(scenario);
      expect(countOf(reply)).toBe(expected);
    }
    expect(poolStats().builds).toBe(3);
  });
});

describe('database pool: memory bound', () => {
  it('a worker keeps its databases under its memory budget, least recently used out; an evicted one is rebuilt with the same data', async () => {
    const budget = 1024 * 1024;
    configurePool({ workers: 1, workerMemoryBytes: budget });
    const scenarios = await Promise.all([50, 51, 52, 53, 54, 55].map((seed) => scenarioOf(seed)));
    for (const scenario of scenarios) {
      const { reply, expected } = await countFirstTable(scenario);
      expect(countOf(reply)).toBe(expected);
      expect(poolStats().hostedBytes[0]).toBeLessThanOrEqual(budget);
    }
    const afterFirstPass = poolStats();
    expect(afterFirstPass.evictions).toBeGreaterThan(0);
    expect(afterFirstPass.databases).toBeLessThan(scenarios.length);
    // The oldest went first: the first scenario's database is gone, and querying it builds it again.
    expect(workerSlotOf(scenarios[0]!)).toBeNull();
    const { reply, expected } = await countFirstTable(scenarios[0]!);
    expect(countOf(reply)).toBe(expected);
    expect(poolStats().builds).toBe(afterFirstPass.builds + 1);
  });
});

describe('database pool: a runaway query', () => {
  it('is stopped at its time limit by terminating its worker; sessions on the other worker keep answering meanwhile, and only the stopped worker\'s databases are rebuilt', async () => {
    configurePool({ workers: 2 });
    const limit = 3000;
    const config = { query_timeout_ms: limit, domain: 'billing' };
    const runner = await Episode.start(task, { seed: 31, config });
    await runner.step({ type: 'query', sql: 'SELECT 1' }); // its database is up
    const others = await Promise.all([32, 33, 34, 35, 36, 37].map((seed) => scenarioOf(seed, config)));
    for (const scenario of others) expect(countOf((await countFirstTable(scenario)).reply)).toBe(scenario.tables[0]!.rows.length);
    const runnerScenario = await scenarioOf(31, config);
    const stuckSlot = workerSlotOf(runnerScenario);
    const sameWorker = others.filter((s) => workerSlotOf(s) === stuckSlot);
    const otherWorker = others.filter((s) => workerSlotOf(s) !== stuckSlot);
    expect(stuckSlot).not.toBeNull();
    expect(sameWorker.length).toBeGreaterThan(0);
    expect(otherWorker.length).toBeGreaterThan(0);
    const before = poolStats();

    const order: string[] = [];
    const runaway = runner.step({ type: 'query', sql: RUNAWAY }).then((result) => {
      order.push('runaway');
      return result;
    });
    const queries = others.map(async (scenario) => {
      const label = sameWorker.includes(scenario) ? 'same' : 'other';
      for (let i = 0; i < 3; i++) {
        const { reply, expected } = await countFirstTable(scenario);
        expect(countOf(reply)).toBe(expected);
      }
      order.push(label);
    });
    const result = await runaway;
    await Promise.all(queries);

    // Every session on the other worker finished all three queries while the runaway ran; those that shared
    // its worker waited for the time limit, then got right answers from rebuilt databases.
    const runawayAt = order.indexOf('runaway');
    expect(order.slice(0, runawayAt).sort()).toEqual(otherWorker.map(() => 'other'));
    expect(order.slice(runawayAt + 1)).toEqual(sameWorker.map(() => 'same'));
    expect(result.observation.last_action_error).toMatch(/time limit/);
    expect(result.reward).toBeCloseTo(-0.05, 6);
    const after = poolStats();
    expect(after.workerRestarts).toBe(before.workerRestarts + 1);
    expect(after.builds - before.builds).toBe(sameWorker.length);
    for (const scenario of otherWorker) expect(workerSlotOf(scenario)).not.toBeNull();
    // The runner's episode goes on, on a rebuilt database.
    const again = await runner.step({ type: 'query', sql: 'SELECT 1' });
    expect(again.observation.last_action_error).toBeNull();
    expect(poolStats().builds).toBe(after.builds + 1);
    runner.dispose();
  });
});

describe('database pool: admission control', () => {
  it('past the waiting-line bound a query is refused with OVERLOADED (503, retry_after_s); the accepted one still answers', async () => {
    configurePool({ workers: 1, maxQueued: 2 });
    const busy = await scenarioOf(61);
    const waiting = await scenarioOf(62);
    await countFirstTable(busy);
    const runaway = runSql(busy, { sql: RUNAWAY, ...QUERY }, 2000); // holds the only worker
    const accepted = countFirstTable(waiting); // its build and its query wait: the line is full
    const refusals = await Promise.all([1, 2, 3].map(() => countFirstTable(waiting).then(() => null, (err: unknown) => err)));
    for (const refusal of refusals) {
      expect(refusal).toMatchObject({ code: 'OVERLOADED', status: 503, details: { retry_after_s: expect.any(Number) } });
      expect((refusal as { details: { retry_after_s: number } }).details.retry_after_s).toBeGreaterThanOrEqual(1);
    }
    expect((await runaway).ok).toBe(false);
    const { reply, expected } = await accepted;
    expect(countOf(reply)).toBe(expected);
    expect(poolStats().refusals).toBe(3);
  });

  it('a worker that does not start in time is reported as OVERLOADED, not as a plugin bug; the next query starts a fresh worker', async () => {
    const scenario = await scenarioOf(46, { domain: 'hr' });
    const previous = setStartupTimeoutMs(1);
    try {
      configurePool({ workers: 1 });
      const failure = await runSql(scenario, { sql: 'SELECT 1', ...QUERY }, 5000).then(() => null, (err: unknown) => err);
      expect(failure).toMatchObject({ code: 'OVERLOADED', status: 503, details: { retry_after_s: expect.any(Number) } });
    } finally {
      setStartupTimeoutMs(previous);
    }
    expect((await runSql(scenario, { sql: 'SELECT 1', ...QUERY }, 5000)).ok).toBe(true);
  });
});
