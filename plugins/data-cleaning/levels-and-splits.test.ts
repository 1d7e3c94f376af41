// Data-cleaning levels, splits and reward rules: held-out schemas, solvable levels, the correction budget, damage costs.
import { describe, expect, it } from 'vitest';
import { familiesOf, levelsOf, registeredTaskOf, runPolicy, runReferenceSolver, scenarioFor, type Policy, type SplitName } from 'openenv-ts';
import { DOMAINS, DOMAIN_IDS } from './domains.js';
import { gradeState, gradeTable } from './grader.js';
import { hintOnlyPolicy } from './hint-only-policy.js';
import { DataCleaningTask } from './plugin.js';
import type { DataCleaningData } from './schemas.js';
import { TABLE_SCHEMAS } from './table-schemas.js';
import { habitUndo } from './source-systems.js';
import { CONVENTION_IDS } from './conventions.js';
import { initialState, transition } from './transitions.js';
import type { CleaningScenario, CleaningState } from './types.js';

const task = registeredTaskOf(DataCleaningTask);
const plugin = task.plugin as DataCleaningTask;
const LEVELS = levelsOf(plugin).map((l) => l.name);
const SPLITS: SplitName[] = ['train', 'validation', 'test'];
const seeds = (n: number) => Array.from({ length: n }, (_v, i) => i);
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const mean = (xs: readonly number[]) => sum(xs) / xs.length;

async function scenarioOf(seed: number, request: { split?: SplitName; level?: string } = {}, config: unknown = {}): Promise<CleaningScenario> {
  return (await scenarioFor(task, seed, config, request)) as CleaningScenario;
}

describe('data-cleaning families and splits', () => {
  it('at least 40 table schemas, each a "domain/name" family whose columns fit together under distinct names', () => {
    expect(TABLE_SCHEMAS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(plugin.families).size).toBe(TABLE_SCHEMAS.length + CONVENTION_IDS.length);
    for (const schema of TABLE_SCHEMAS) {
      expect(schema.id.startsWith(`${schema.domain}/`), schema.id).toBe(true);
      const domain = DOMAINS[schema.domain];
      const columns = domain.columns.filter((c) => schema.columns.includes(c.name));
      expect(columns.length, schema.id).toBe(schema.columns.length);
      expect(columns.length + 1, schema.id).toBeGreaterThanOrEqual(6);
      expect(columns.length + 1, schema.id).toBeLessThanOrEqual(9);
      expect(schema.columns, schema.id).toContain(domain.keyColumn);
      for (const column of columns) for (const need of column.needs ?? []) expect(schema.columns, `${schema.id} ${column.name}`).toContain(need);
      const names = schema.columns.map((c) => schema.names[c]!.toLowerCase());
      expect(new Set(names).size, schema.id).toBe(names.length);
    }
    // Column naming varies by schema: the same column goes by several names across the schemas.
    const emailNames = new Set(TABLE_SCHEMAS.filter((s) => s.columns.includes('email')).map((s) => s.names.email));
    expect(emailNames.size).toBeGreaterThan(2);
  });

  it('splits get disjoint schemas and conventions, and every domain has a schema in each split', () => {
    const dealt = SPLITS.map((split) => familiesOf(plugin, split));
    expect(sum(dealt.map((d) => d.length))).toBe(plugin.families.length);
    expect(new Set(dealt.flat()).size).toBe(plugin.families.length);
    for (const families of dealt) {
      for (const domain of DOMAIN_IDS) expect(families.some((f) => f.startsWith(`${domain}/`)), domain).toBe(true);
      expect(families.some((f) => f.startsWith('conventions/'))).toBe(true);
    }
  });

  it("test scenarios use conventions train never shows", async () => {
    const trainConventions = new Set<string>();
    for (const seed of seeds(40)) trainConventions.add((await scenarioOf(seed, { split: 'train' })).conventions.id);
    for (const seed of seeds(20)) expect(trainConventions.has((await scenarioOf(seed, { split: 'test' })).conventions.id)).toBe(false);
  });

  it("each split's scenarios use only that split's schemas, and more than one of them", async () => {
    for (const split of SPLITS) {
      const allowed = familiesOf(plugin, split);
      const used = new Set<string>();
      for (const level of [LEVELS[0]!, LEVELS.at(-1)!]) {
        for (const seed of seeds(30)) {
          const scenario = await scenarioOf(seed, { split, level });
          expect(allowed, `${split} ${level} seed ${seed}`).toContain(scenario.family);
          expect(scenario.family.startsWith(`${scenario.domain}/`)).toBe(true);
          used.add(scenario.family);
        }
      }
      expect(used.size, split).toBeGreaterThan(2);
    }
  });

  it('the domain knob chooses among that domain\'s schemas of the split', async () => {
    for (const split of SPLITS) {
      for (const domain of DOMAIN_IDS) {
        for (const seed of seeds(5)) {
          const scenario = await scenarioOf(seed, { split }, { domain });
          expect(scenario.domain).toBe(domain);
          expect(familiesOf(plugin, split)).toContain(scenario.family);
        }
      }
    }
  });
});

describe('data-cleaning levels', () => {
  it('level 1 is the config defaults; later levels are bigger, denser or give fewer hints', () => {
    const [first, ...rest] = levelsOf(plugin);
    expect(first!.config).toEqual({});
    for (const level of rest) expect(Object.keys(level.config).length, level.name).toBeGreaterThan(0);
  });

  for (const level of LEVELS) {
    for (const split of ['train', 'test'] as SplitName[]) {
      it(`the reference solver scores >= 0.95 at level "${level}" on ${split}, within maxSteps`, async () => {
        for (const seed of seeds(8)) {
          const outcome = await runReferenceSolver(task, seed, undefined, { split, level });
          expect(outcome.rawScore, `seed ${seed}`).toBeGreaterThanOrEqual(0.95);
          expect(outcome.steps).toBeLessThan(task.metadata.maxSteps);
          expect(outcome.episode.stateView().truncated).toBe(false);
        }
      });
    }
  }

  it('submitting at once or doing nothing scores <= 0.35 at every level, and no better at harder levels', async () => {
    const idle: Record<string, () => Policy> = {
      'submit at once': () => () => ({ type: 'submit' }),
      'do nothing': () => () => null,
    };
    for (const [name, makePolicy] of Object.entries(idle)) {
      let previous = Infinity;
      for (const level of LEVELS) {
        const scores: number[] = [];
        for (const split of ['train', 'test'] as SplitName[]) {
          for (const seed of seeds(10)) scores.push((await runPolicy(task, seed, makePolicy(), { split, level })).rawScore);
        }
        expect(Math.max(...scores), `${name} ${level}`).toBeLessThanOrEqual(0.35);
        expect(mean(scores), `${name} ${level}`).toBeLessThanOrEqual(previous + 1e-9);
        previous = mean(scores);
      }
    }
  });

  it('every level gives the spec in prose only, and the generic attacker that reads none of it stays low on test', async () => {
    for (const level of LEVELS) {
      const data = (await runPolicy(task, 0, () => null, { level, split: 'test' })).episode.observation().data as DataCleaningData;
      for (const column of data.columns) {
        expect([column.pattern, column.allowed, column.synonyms, column.lookup, column.decimals, column.product, column.not_before], column.name).toEqual([null, null, null, null, null, null, null]);
        expect(column.rule.length).toBeGreaterThan(20);
      }
      const scores: number[] = [];
      for (const seed of seeds(12)) scores.push((await runPolicy(task, seed, hintOnlyPolicy(), { level, split: 'test' })).rawScore);
      expect(mean(scores), level).toBeLessThanOrEqual(0.25);
    }
  });

  it('the generic attacker is a real attacker: with the structured hints switched on it repairs a large part of the table', async () => {
    const scores: number[] = [];
    for (const seed of seeds(10)) scores.push((await runPolicy(task, seed, hintOnlyPolicy(), { config: { structured_hints: true, domain: 'orders' } })).rawScore);
    expect(Math.max(...scores)).toBeGreaterThan(0.2);
  });
});

describe('data-cleaning reward rules', () => {
  /** Invalid and repeated actions, one repair, then submit: a policy that earns some grade and some penalties. */
  const sloppy = (scenario: CleaningScenario): Policy => {
    const defect = scenario.defects[0]!;
    const actions = [
      { type: 'update_cell', row_id: 9999, column: defect.column, value: 'x' },
      { type: 'view', offset: 0, limit: 5 },
      { type: 'view', offset: 0, limit: 5 },
      { type: 'update_cell', row_id: defect.row_id, column: defect.column, value: defect.clean },
      { type: 'submit' },
    ];
    return (_o, i) => actions[i] ?? null;
  };

  it('the return equals the raw score minus penalties, dense and terminal, for the solver and a sloppy policy', async () => {
    for (const rewardMode of ['dense', 'terminal'] as const) {
      for (const level of [LEVELS[0]!, LEVELS.at(-1)!]) {
        for (const seed of seeds(4)) {
          const options = { level, split: 'test' as SplitName, rewardMode };
          const scenario = await scenarioOf(seed, { level, split: 'test' });
          for (const outcome of [await runReferenceSolver(task, seed, undefined, options), await runPolicy(task, seed, sloppy(scenario), options)]) {
            const totals = outcome.episode.rewardTotals();
            expect(totals.return).toBeCloseTo(outcome.rawScore + totals.invalid_action + totals.repeated_action, 6);
            expect(sum(outcome.rewards)).toBeCloseTo(totals.return, 6);
            if (rewardMode === 'terminal') expect(outcome.rewards.slice(0, -1).every((r) => r === 0)).toBe(true);
          }
          const sloppyTotals = (await runPolicy(task, seed, sloppy(scenario), options)).episode.rewardTotals();
          expect(sloppyTotals.invalid_action).toBeCloseTo(-0.05, 6);
          expect(sloppyTotals.repeated_action).toBeCloseTo(-0.02, 6);
        }
      }
    }
  });

  it('the correction budget holds: once spent, re-setting a cell is refused and changes nothing', async () => {
    for (const level of LEVELS) {
      const scenario = await scenarioOf(3, { level });
      const budget = scenario.correctionBudget;
      const [first, second] = scenario.defects;
      const tries = Array.from({ length: budget + 2 }, (_v, i) => ({ type: 'update_cell', row_id: first!.row_id, column: first!.column, value: `try ${i}` }));
      // Submitted at the end: the top level grades the table only then.
      const actions = [...tries, { type: 'update_cell', row_id: second!.row_id, column: second!.column, value: second!.clean }, { type: 'submit' }];
      const outcome = await runPolicy(task, 3, (_o, i) => actions[i] ?? null, { level });
      const observation = outcome.episode.observation();
      expect(observation.prompt, level).toContain(`this episode ${budget === 1 ? '1 correction is' : `${budget} corrections are`} allowed`);
      expect(observation.corrections_left).toBe(0);
      // Only the last try (over budget) was refused; the update of another cell afterwards still went through.
      expect(outcome.episode.rewardTotals().invalid_action, level).toBeCloseTo(-0.05, 6);
      // The refused try left the cell as the last allowed try set it.
      const look = { type: 'view', filter_column: 'row_id', filter_value: String(first!.row_id), limit: 40 };
      const refusedAt = [...tries, look];
      const replay = await runPolicy(task, 3, (_o, i) => refusedAt[i] ?? null, { level });
      const rows = (replay.episode.observation().data as DataCleaningData).view.rows;
      expect(rows.find((r) => r.row_id === first!.row_id)![first!.column], level).toBe(`try ${budget}`);
      const refusal = await runPolicy(task, 3, (_o, i) => tries[i] ?? null, { level });
      expect(refusal.episode.observation().last_action_error, level).toMatch(/corrections of this episode are used/);
      const repaired = outcome.breakdown.repaired_cells as number;
      const untouched = (await runPolicy(task, 3, () => ({ type: 'submit' }), { level })).breakdown.repaired_cells as number;
      expect(repaired - untouched).toBe(1);
    }
  });

  it('damaging a correct cell costs at least what repairing a defect gains, at the start and midway', async () => {
    const apply = (scenario: CleaningScenario, state: CleaningState, action: unknown) => transition(scenario, state, action as never).state;
    for (const level of LEVELS) {
      for (const seed of seeds(10)) {
        const scenario = await scenarioOf(seed, { level });
        const repairs = scenario.defects.map((d) => ({ type: 'update_cell', row_id: d.row_id, column: d.column, value: d.clean }));
        const defective = new Set(scenario.defects.map((d) => `${d.row_id}/${d.column}`));
        const correct = scenario.truth
          .filter((t) => t.keep)
          .flatMap((t) => scenario.columns.map((c) => ({ row_id: t.row_id, column: c.name })))
          .find((cell) => !defective.has(`${cell.row_id}/${cell.column}`))!;
        const damage = { type: 'update_cell', ...correct, value: '??' };
        let state = initialState(scenario);
        for (const stage of [0, Math.floor(repairs.length / 2)]) {
          for (const action of repairs.slice(0, stage)) state = apply(scenario, state, action);
          // The table's grade as it would be submitted (the top level pays nothing before submit).
          const now = gradeTable(scenario, state).score;
          const gain = gradeTable(scenario, apply(scenario, state, repairs[stage])).score - now;
          const cost = now - gradeTable(scenario, apply(scenario, state, damage)).score;
          expect(gain, `${level} seed ${seed} stage ${stage}`).toBeGreaterThan(0);
          expect(cost, `${level} seed ${seed} stage ${stage}`).toBeGreaterThanOrEqual(gain - 1e-9);
          state = initialState(scenario);
        }
      }
    }
  });
});

describe('data-cleaning expert level: no reward before submit, scoped ops, survivorship', () => {
  // The source-systems level below the pipeline level: its budget and scoped-transform mechanics.
  const TOP = 'expert';

  it('grades the table only at submit: every step before it pays 0 in dense mode, and the grade stays the untouched score', async () => {
    for (const seed of seeds(3)) {
      const scenario = await scenarioOf(seed, { level: TOP, split: 'test' });
      expect(scenario.gradedAtSubmit).toBe(true);
      const solution = plugin.solve(scenario) as unknown[];
      const outcome = await runReferenceSolver(task, seed, undefined, { level: TOP, split: 'test' });
      // The first step pays the untouched 0.1 (the framework's start grade), then nothing until the submit pays the rest.
      expect(outcome.rewards.slice(1, -1).every((r) => r === 0)).toBe(true);
      expect(outcome.rewards.at(-1)!).toBeGreaterThan(0.5);
      const unsubmitted = solution.slice(0, -1);
      const state = (await runPolicy(task, seed, (_o, i) => unsubmitted[i] ?? null, { level: TOP, split: 'test' })).episode;
      expect(state.observation().prompt).toContain('graded only when you submit');
      expect(gradeState(scenario, { ...initialState(scenario) }).score).toBeCloseTo(0.1, 9);
    }
  });

  it('has more defective cells and duplicates than steps, so the reference undoes habits with transforms scoped to one system', async () => {
    for (const split of ['train', 'test'] as const) {
      for (const seed of seeds(8)) {
        const scenario = await scenarioOf(seed, { level: TOP, split });
        const solution = plugin.solve(scenario) as { type: string; where_column?: string }[];
        const scoped = solution.filter((a) => a.type === 'transform_column');
        expect(scoped.length, `${split} seed ${seed}`).toBeGreaterThan(0);
        expect(scoped.every((a) => a.where_column === scenario.sources!.sourceColumn)).toBe(true);
        expect(solution.length, `${split} seed ${seed}`).toBeLessThanOrEqual(100);
        const needed = scenario.defects.length + scenario.duplicates.length;
        expect(needed + 3, `${split} seed ${seed}: one step per repair plus reading must not fit`).toBeGreaterThan(task.metadata.maxSteps * 0.7);
      }
    }
  });

  it('the action budget is the reference length plus the slack; spending it submits the table, and repairing cell by cell does not fit', async () => {
    let tooMany = 0;
    const runs = seeds(10);
    for (const seed of runs) {
      const scenario = await scenarioOf(seed, { level: TOP, split: 'test' });
      const solution = plugin.solve(scenario) as unknown[];
      expect(scenario.actionBudget).toBe(solution.length + 12);
      if (scenario.defects.length + scenario.duplicates.length + 3 > scenario.actionBudget!) tooMany += 1;
    }
    expect(tooMany).toBeGreaterThanOrEqual(8);
    const scenario = await scenarioOf(0, { level: TOP, split: 'test' });
    const outcome = await runPolicy(task, 0, () => ({ type: 'view', offset: 0, limit: 5 }), { level: TOP, split: 'test' });
    expect(outcome.steps).toBe(scenario.actionBudget);
    expect(outcome.episode.done).toBe(true);
    expect(outcome.rawScore).toBeCloseTo(0.1, 9);
    expect(outcome.episode.observation().feedback).toMatch(/action budget .* is spent/);
  });

  it('a scoped transform changes only the rows of that system, and the wrong system costs damage', async () => {
    const scenario = await scenarioOf(2, { level: TOP, split: 'test' });
    const habit = scenario.sources!.habits[0]!;
    const column = habit.columns[0]!;
    const undo = habitUndo(habit.habit, scenario.conventions.dateLayout);
    const other = scenario.sources!.systems.find((s) => !scenario.sources!.habits.some((h) => h.system === s))!;
    const start = { ...initialState(scenario), submitted: true };
    const right = transition(scenario, start, { type: 'transform_column', column, ...undo, where_column: scenario.sources!.sourceColumn, where_value: habit.system } as never).state;
    const wrong = transition(scenario, start, { type: 'transform_column', column, ...undo, where_column: scenario.sources!.sourceColumn, where_value: other } as never).state;
    const changedRows = right.rows.filter((r, i) => r.cells[column] !== start.rows[i]!.cells[column]);
    expect(changedRows.length).toBeGreaterThan(0);
    expect(changedRows.every((r) => r.cells[scenario.sources!.sourceColumn] === habit.system)).toBe(true);
    expect(gradeTable(scenario, right).score).toBeGreaterThan(gradeTable(scenario, start).score);
    expect(gradeTable(scenario, wrong).score).toBeLessThan(gradeTable(scenario, start).score);
  });

  it('survivorship: a kept row whose duplicate was updated later takes its values; one updated earlier keeps its own', async () => {
    let newer = 0;
    let older = 0;
    for (const seed of seeds(10)) {
      const scenario = await scenarioOf(seed, { level: TOP, split: 'train' });
      newer += scenario.defects.filter((d) => d.kind === 'survivorship').length;
      const keptWithCopies = new Set(scenario.duplicates.map((d) => d.keep_row_id));
      older += [...keptWithCopies].filter((id) => !scenario.defects.some((d) => d.row_id === id && d.kind === 'survivorship')).length;
    }
    expect(newer).toBeGreaterThan(10);
    expect(older).toBeGreaterThan(5);
  });
});
