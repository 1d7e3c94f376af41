// sql-analytics levels, splits and rewards: the gold query wins at every level, held-out questions come from
// held-out templates, shaping reveals nothing about the answer, and the return is the grade minus penalties.
import { describe, expect, it } from 'vitest';
import { familiesOf, levelsOf, registeredTaskOf, runPolicy, runReferenceSolver, scenarioFor, splitsOf, type Policy, type RewardMode, type SplitName } from 'openenv-ts';
import { FAMILIES, familyOfTemplate } from './families.js';
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
  it('declares one family per template grouped by domain, three splits and four kebab-case levels, level 1 the defaults', () => {
    expect(FAMILIES.length).toBe(15);
    expect(FAMILIES).toContain('ecommerce/net-revenue-by-region');
    expect(splitsOf(task.plugin)).toEqual(['train', 'validation', 'test']);
    expect(LEVEL_NAMES).toEqual(['standard', 'more-data', 'no-samples', 'expert']);
    expect(levelsOf(task.plugin)[0]!.config).toEqual({});
    const dealt = (['train', 'validation', 'test'] as const).map((split) => familiesOf(task.plugin, split));
    expect(dealt.flat().sort()).toEqual([...FAMILIES].sort()); // disjoint and complete
    for (const families of dealt) {
      expect(new Set(families.map((f) => f.split('/')[0]))).toEqual(new Set(['ecommerce', 'saas', 'hr']));
    }
  });

  it('a template pinned outside the split played is refused rather than leaked into it', async () => {
    const held = familiesOf(task.plugin, 'test')[0]!;
    const template = held.replace('/', '.').replace(/-/g, '_');
    expect(familyOfTemplate(template)).toBe(held);
    await expect(scenarioAt(0, 'train', undefined, { template })).rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(/not used by the train split/) });
    expect((await scenarioAt(0, 'test', undefined, { template })).family).toBe(held);
  });

  it('harder levels change what the agent sees: fewer sample rows, fewer result rows, a query budget', async () => {
    const expert = await runPolicy(task, 3, (_obs, i) => (i < 4 ? { type: 'query', sql: `SELECT ${i} AS n` } : null), { level: 'expert' });
    const first = expert.episode.observation();
    const data = first.data as { tables: { sample_rows: unknown[] }[]; limits: { page_rows: number; query_budget: number; queries_left: number } };
    expect(data.tables.every((t) => t.sample_rows.length === 0)).toBe(true);
    expect(data.limits).toMatchObject({ page_rows: 5, query_budget: 3, queries_left: 0 });
    expect(first.prompt).toContain('no sample rows at this level');
    // The fourth query is over the budget: refused and penalised, and the episode goes on.
    expect(expert.rewards.slice(3)).toEqual([-0.05]);
    expect(first.last_action_error).toMatch(/Query budget spent/);
    expect(expert.episode.done).toBe(false);
    expert.episode.dispose();
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
    const trainTexts = new Set<string>();
    for (let seed = 0; seed < 150; seed++) {
      const scenario = await scenarioAt(seed, 'train');
      expect(testFamilies).not.toContain(scenario.family);
      trainTexts.add(scenario.question.text);
    }
    for (let seed = 0; seed < 40; seed++) {
      const scenario = await scenarioAt(seed, 'test');
      expect(testFamilies, `test seed ${seed}`).toContain(scenario.family);
      expect(familyOfTemplate(scenario.question.templateId)).toBe(scenario.family);
      expect(trainTexts.has(scenario.question.text), `test seed ${seed}`).toBe(false);
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
