// sql-analytics levels, splits and rewards: the gold query wins at every level, held-out questions come from
// held-out families, shaping reveals nothing about the answer, and the return is the grade minus penalties.
import { describe, expect, it } from 'vitest';
import { Episode, familiesOf, levelsOf, registeredTaskOf, runPolicy, runReferenceSolver, scenarioFor, splitsOf, type Policy, type RewardMode, type SplitName } from 'openenv-ts';
import { FAMILIES } from './families.js';
import { GROUPS } from './warehouse-model.js';
import { SqlAnalyticsTask } from './plugin.js';
import type { SqlScenario } from './types.js';

const task = registeredTaskOf(SqlAnalyticsTask);
const LEVEL_NAMES = levelsOf(task.plugin).map((l) => l.name);

async function scenarioAt(seed: number, split: SplitName, level?: string, config: Record<string, unknown> = {}): Promise<SqlScenario> {
  return (await scenarioFor(task, seed, config, { split, level })) as SqlScenario;
}

/** Policies that know nothing of the answer. */
const TRIVIAL: Record<string, Policy> = {
  do_nothing: () => null,
  submit_at_once: () => ({ type: 'submit', sql: 'SELECT 1' }),
  explore_then_submit_a_table: (obs, i) => {
    const tables = (obs.data as { tables: { name: string }[] }).tables;
    return i < 2 ? { type: 'query', sql: `SELECT * FROM ${tables[i]!.name} LIMIT 3` } : { type: 'submit', sql: `SELECT * FROM ${tables[0]!.name}` };
  },
};

describe('sql-analytics: catalogue', () => {
  it('declares 66 families (6 areas x 11 shapes), three splits and four kebab-case levels, level 1 the defaults', () => {
    expect(FAMILIES.length).toBe(66);
    expect(FAMILIES).toContain('sales/dim-top3');
    expect(splitsOf(task.plugin)).toEqual(['train', 'validation', 'test']);
    expect(LEVEL_NAMES).toEqual(['basic', 'documented', 'enterprise', 'spider2']);
    expect(levelsOf(task.plugin)[0]!.config).toEqual({});
    const dealt = (['train', 'validation', 'test'] as const).map((split) => familiesOf(task.plugin, split));
    expect(dealt.flat().sort()).toEqual([...FAMILIES].sort()); // disjoint and complete
    for (const families of dealt) expect(new Set(families.map((f) => f.split('/')[0]))).toEqual(new Set(GROUPS));
    expect(dealt.map((f) => f.length)).toEqual([36, 12, 18]);
  });

  it('a family pinned outside the split played is refused rather than leaked into it', async () => {
    const held = familiesOf(task.plugin, 'test')[0]!;
    await expect(scenarioAt(0, 'train', undefined, { family: held })).rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(/not used by the train split/) });
    expect((await scenarioAt(0, 'test', undefined, { family: held })).family).toBe(held);
  });

  it('harder levels hold more areas and tables, more traps, more obscure names and fewer things shown for free', async () => {
    const stats = [];
    for (const level of LEVEL_NAMES) {
      const scenarios = await Promise.all([0, 1, 2, 3].map((seed) => scenarioAt(seed, 'test', level)));
      const tables = scenarios.map((s) => s.tables.length);
      stats.push({ level, minTables: Math.min(...tables), maxTables: Math.max(...tables), traps: scenarios[0]!.traps.length, rows: Math.max(...scenarios.map((s) => s.tables.reduce((n, t) => n + t.rows.length, 0))) });
    }
    expect(stats.map((s) => s.traps)).toEqual([0, 4, 8, 11]);
    expect(stats[3]!.minTables).toBeGreaterThanOrEqual(30);
    expect(stats[3]!.maxTables).toBeLessThanOrEqual(40);
    expect(stats[2]!.minTables).toBeGreaterThanOrEqual(15);
    expect(stats[0]!.maxTables).toBeLessThan(stats[3]!.minTables);
    // Moderate databases: a few thousand rows at most, so a cold build stays cheap.
    expect(Math.max(...stats.map((s) => s.rows))).toBeLessThan(6000);
    const top = await runPolicy(task, 3, () => null, { level: 'spider2', split: 'test' });
    const data = top.episode.observation().data as { tables: { name: string; sample_rows: unknown[] }[]; limits: { page_rows: number; page_chars: number; query_budget: number }; dictionary_table: string; questions: { question: string }[] };
    expect(data.tables.every((t) => t.sample_rows.length === 0)).toBe(true);
    expect(data.limits).toMatchObject({ page_rows: 10, page_chars: 1500, query_budget: 10 });
    // Four questions about four different areas share the budget.
    expect(data.questions).toHaveLength(4);
    expect(new Set((await scenarioAt(3, 'test', 'spider2')).questions.map((q) => q.templateId.split('/')[0])).size).toBe(4);
    expect(data.tables.map((t) => t.name)).toContain(data.dictionary_table);
    top.episode.dispose();
  });

  it('the query budget knob refuses queries beyond it with a penalty and the episode goes on', async () => {
    const episode = await Episode.start(task, { seed: 3, config: { query_budget: 3 } });
    // Successful queries use the budget (a first query that times out while a loaded machine builds the database does not).
    for (let i = 0; i < 6 && (episode.observation().data as { queries_run: number }).queries_run < 3; i++) await episode.step({ type: 'query', sql: `SELECT ${i} AS n` });
    expect((episode.observation().data as { queries_run: number }).queries_run).toBe(3);
    const over = await episode.step({ type: 'query', sql: 'SELECT 99 AS n' });
    expect(over.reward).toBe(-0.05);
    expect(over.observation.last_action_error).toMatch(/Query budget spent/);
    expect(over.done).toBe(false);
    episode.dispose();
  });
});

describe('sql-analytics: reference and trivial policies per level', () => {
  it('the reference solver scores >= 0.95 at every level on train and test', async () => {
    const lines: string[] = [];
    for (const level of LEVEL_NAMES) {
      for (const split of ['train', 'test'] as const) {
        const scores: number[] = [];
        for (const seed of [0, 1, 2]) scores.push((await runReferenceSolver(task, seed, undefined, { split, level })).rawScore);
        expect(Math.min(...scores), `${level} ${split}`).toBeGreaterThanOrEqual(0.95);
        lines.push(`${level}/${split} min ${Math.min(...scores)}`);
      }
    }
    console.log(`reference solver: ${lines.join('; ')}`);
  });

  it('submit-at-once, do-nothing and explore-then-dump-a-table score raw <= 0.35 at every level', async () => {
    for (const level of LEVEL_NAMES) {
      for (const [name, policy] of Object.entries(TRIVIAL)) {
        for (const seed of [0, 1]) {
          const outcome = await runPolicy(task, seed, policy, { split: 'test', level });
          outcome.episode.dispose();
          expect(outcome.rawScore, `${name} at ${level}, seed ${seed}`).toBeLessThanOrEqual(0.35);
        }
      }
    }
  });
});

describe('sql-analytics: held-out questions', () => {
  it('test questions come only from test families and none appears verbatim among 150 train scenarios', async () => {
    const testFamilies = familiesOf(task.plugin, 'test');
    for (const level of ['basic', 'spider2']) {
      const trainTexts = new Set<string>();
      const trainSchemas = new Set<string>();
      for (let seed = 0; seed < 150; seed++) {
        const scenario = await scenarioAt(seed, 'train', level);
        expect(testFamilies).not.toContain(scenario.family);
        trainTexts.add(scenario.question.text);
        trainSchemas.add(scenario.tables.map((t) => t.name).sort().join(','));
      }
      let sameSchema = 0;
      for (let seed = 0; seed < 40; seed++) {
        const scenario = await scenarioAt(seed, 'test', level);
        expect(testFamilies, `test seed ${seed}`).toContain(scenario.family);
        expect(scenario.question.templateId).toBe(scenario.family);
        expect(trainTexts.has(scenario.question.text), `${level} test seed ${seed}`).toBe(false);
        if (trainSchemas.has(scenario.tables.map((t) => t.name).sort().join(','))) sameSchema += 1;
      }
      // At the top level table names are drawn per scenario: a test schema's names are (almost) never a train one's.
      if (level === 'spider2') expect(sameSchema).toBe(0);
    }
  });
});

describe('sql-analytics: rewards', () => {
  it('no step reward depends on which tables the gold query reads: a first read of a gold or a non-gold table pays the same', async () => {
    let compared = 0;
    for (let seed = 0; compared < 6 && seed < 40; seed++) {
      const scenario = await scenarioAt(seed, 'train');
      const gold = scenario.question.goldTables;
      const other = scenario.tables.map((t) => t.name).find((t) => !gold.includes(t));
      if (!other) continue;
      const firstStep = async (table: string) => {
        const outcome = await runPolicy(task, seed, (_obs, i) => (i === 0 ? { type: 'query', sql: `SELECT * FROM ${table} LIMIT 2` } : null));
        outcome.episode.dispose();
        return outcome.rewards[0];
      };
      expect(await firstStep(gold[0]!), `seed ${seed}`).toBe(await firstStep(other));
      compared += 1;
    }
    expect(compared).toBe(6);
  });

  it('the return equals the final raw grade minus penalties, for the solver and a trivial policy, dense and terminal', async () => {
    const sloppy: Policy = (_obs, i) =>
      [
        { type: 'query', sql: 'SELECT 1' },
        { type: 'query', sql: ' SELECT  1 ' }, // a repeat up to whitespace
        { type: 'query', sql: 'SELECT * FROM nowhere' }, // an error
        { type: 'submit', sql: 'SELECT 1' },
      ][i] ?? null;
    for (const rewardMode of ['dense', 'terminal'] as RewardMode[]) {
      for (const seed of [0, 1, 2]) {
        const runs = [await runReferenceSolver(task, seed, undefined, { rewardMode }), await runPolicy(task, seed, sloppy, { rewardMode })];
        for (const [i, outcome] of runs.entries()) {
          const totals = outcome.episode.rewardTotals();
          const sum = outcome.rewards.reduce((a, b) => a + b, 0);
          expect(totals.shaping).toBe(0);
          expect(sum, `${rewardMode} seed ${seed} run ${i}`).toBeCloseTo(outcome.rawScore + totals.invalid_action + totals.repeated_action, 6);
          if (rewardMode === 'terminal') expect(outcome.rewards.slice(0, -1).every((r) => r === 0)).toBe(true);
        }
        expect(runs[1]!.episode.rewardTotals()).toMatchObject({ repeated_action: -0.02, invalid_action: -0.05 });
      }
    }
  });
});
