// Tests of the pipeline level: the pipeline is replayed on hidden batches, cell edits are not, every case is documented, and nothing leaks before submit.
import { describe, expect, it } from 'vitest';
import { registeredTaskOf, runPolicy, runReferenceSolver, scenarioFor } from 'openenv-ts';
import { gradeState } from './grader.js';
import { broadPipeline, sampleFittedPipeline } from './informed-naive.js';
import { observe } from './observation.js';
import { DataCleaningTask } from './plugin.js';
import { referencePipeline } from './reference-pipeline.js';
import { pipelineActions } from './reference-solver.js';
import { HABIT_GENERALITY_RULE } from './source-systems.js';
import { checkTable } from './spec-checker.js';
import { initialState, transition } from './transitions.js';
import type { CleaningScenario, PipelineStep } from './types.js';

const task = registeredTaskOf(DataCleaningTask);
const LEVEL = 'pipeline';
const TEST_SEEDS = Array.from({ length: 10 }, (_v, i) => i);

async function scenarioOf(seed: number, split = 'test'): Promise<CleaningScenario> {
  return (await scenarioFor(task, seed, {}, { split, level: LEVEL })) as CleaningScenario;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The final grade of a policy that sends a pipeline, then fixes what the visible batch still needs by hand, then submits. */
function gradeWith(scenario: CleaningScenario, pipeline: readonly PipelineStep[]) {
  let state = initialState(scenario);
  for (const action of pipelineActions(scenario, pipeline)) state = transition(scenario, state, action).state;
  return gradeState(scenario, state);
}

/** The phrase of a column's rule (or the spec) that documents each slip kind of the pipeline level. */
const DOCUMENTED_BY: Record<string, (dirty: string | null) => RegExp> = {
  code_reversed: () => /legacy export's (number-first )?form/,
  name_order: () => /family first with a (comma|semicolon|slash)/,
  synonym: (dirty) => new RegExp(`"${dirty!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" means`),
  number_word: () => /typed as an English word/,
  stale: () => /of another .* is wrong/,
  missing: () => /an empty .* is filled from that table/,
  email_domain_ending: () => /the domain without its ending|typed for the dot of the domain/,
  trunk_zero: () => /trunk 0 before the area code/,
  international_prefix: () => /leading (00|011 and a space) typed for the \+ becomes \+/,
  french_amount: () => /office also puts (a space|an apostrophe) between thousands/,
};

describe('data-cleaning pipeline level', () => {
  it('the reference (its pipeline written from the spec and the habits, then hand edits on the visible batch) scores >= 0.95 on each of 10 test seeds, on every batch', async () => {
    const scores: number[] = [];
    for (const seed of TEST_SEEDS) {
      const outcome = await runReferenceSolver(task, seed, undefined, { split: 'test', level: LEVEL });
      expect(outcome.rawScore, `seed ${seed}`).toBeGreaterThanOrEqual(0.95);
      for (const [name, value] of Object.entries(outcome.breakdown)) if (name.startsWith('hidden_batch_')) expect(value as number, `seed ${seed} ${name}`).toBeGreaterThanOrEqual(0.95);
      scores.push(outcome.rawScore);
    }
    expect(mean(scores)).toBeGreaterThanOrEqual(0.95);
  });

  it("the reference pipeline reads no truth: it is the same from a scenario stripped of the visible batch's truth and the hidden batches", async () => {
    for (const seed of TEST_SEEDS.slice(0, 4)) {
      const scenario = await scenarioOf(seed);
      const stripped: CleaningScenario = { ...scenario, truth: [], defects: [], duplicates: [], hiddenBatches: [] };
      expect(referencePipeline(stripped)).toEqual(referencePipeline(scenario));
    }
  });

  it('hidden batches share the feed (columns, systems, habits, references) but not the rows, and their slip mix differs from the sample', async () => {
    for (const seed of TEST_SEEDS.slice(0, 4)) {
      const scenario = await scenarioOf(seed);
      expect(scenario.hiddenBatches).toHaveLength(3);
      const visibleKeys = new Set(scenario.dirty.map((r) => r.cells[scenario.keyColumn]));
      const kinds = (defects: CleaningScenario['defects']) => new Set(defects.map((d) => d.kind).filter((k) => !k.startsWith('habit_') && k !== 'survivorship'));
      const sampleKinds = kinds(scenario.defects);
      let unseenKinds = 0;
      for (const batch of scenario.hiddenBatches) {
        expect(batch.dirty.filter((r) => visibleKeys.has(r.cells[scenario.keyColumn])).length, `seed ${seed}`).toBeLessThan(batch.dirty.length / 4);
        const systems = new Set(batch.dirty.map((r) => r.cells[scenario.sources!.sourceColumn]));
        expect([...systems].sort()).toEqual([...scenario.sources!.systems].sort());
        unseenKinds += [...kinds(batch.defects)].filter((k) => !sampleKinds.has(k)).length;
      }
      expect(unseenKinds, `seed ${seed}: hidden batches show slip kinds the sample does not`).toBeGreaterThan(0);
    }
  });

  it('every slip kind a hidden batch exercises is documented in its column rule, and the prompt says the pipeline is replayed and cell edits are not', async () => {
    for (const seed of TEST_SEEDS) {
      const scenario = await scenarioOf(seed);
      const prompt = observe(scenario, initialState(scenario)).prompt;
      expect(prompt).toContain('the pipeline is replayed, in the order you sent it, on 3 other batches of the same feed');
      expect(prompt).toContain('update_cell and delete_row fix this batch only: they are not replayed');
      expect(prompt).toContain(HABIT_GENERALITY_RULE);
      for (const batch of scenario.hiddenBatches) {
        for (const defect of batch.defects) {
          if (defect.kind.startsWith('habit_') || ['survivorship', 'dates_swapped', 'product_mismatch'].includes(defect.kind)) continue;
          const documented = DOCUMENTED_BY[defect.kind];
          expect(documented, `seed ${seed}: undocumented kind ${defect.kind}`).toBeDefined();
          const rule = scenario.columns.find((c) => c.name === defect.column)!.rule;
          expect(rule, `seed ${seed} ${defect.column} ${defect.kind}`).toMatch(documented!(defect.dirty));
        }
      }
    }
  });

  it("every habit shows in the visible sample: the observation-only checker finds each habit's system, and no habit in another system", async () => {
    for (const seed of TEST_SEEDS) {
      const scenario = await scenarioOf(seed);
      const data = observe(scenario, initialState(scenario)).data;
      const spec = { columns: data.columns, duplicate_rule: data.duplicate_rule, reference_tables: scenario.references.map((t) => ({ name: t.name, rows: t.rows })) };
      const found = checkTable(spec, scenario.dirty.map((r) => ({ row_id: r.row_id, ...r.cells })));
      const sources = scenario.sources!;
      for (const habit of sources.habits) {
        expect(found.habits.some((h) => h.system === habit.system && habit.columns.includes(h.column)), `seed ${seed}: ${habit.system} ${habit.habit}`).toBe(true);
      }
      for (const finding of found.habits) {
        expect(sources.habits.some((h) => h.system === finding.system && h.columns.includes(finding.column)), `seed ${seed}: ${finding.system}/${finding.column}`).toBe(true);
      }
    }
  });

  it('informed-naive policies stay <= 0.45 mean over 10 test seeds: the visible batch cleaned perfectly by hand, alone or with habits undone in every row', async () => {
    const handOnly: number[] = [];
    const broad: number[] = [];
    const fitted: number[] = [];
    const reference: number[] = [];
    for (const seed of TEST_SEEDS) {
      const scenario = await scenarioOf(seed);
      const hand = gradeWith(scenario, []);
      // Hand edits are not replayed: every hidden batch stays untouched.
      for (const [name, value] of Object.entries(hand.breakdown)) if (name.startsWith('hidden_batch_')) expect(value).toBeCloseTo(0.1, 9);
      expect(hand.breakdown.visible_batch).toBeCloseTo(1, 9);
      handOnly.push(hand.score);
      broad.push(gradeWith(scenario, broadPipeline(scenario)).score);
      fitted.push(gradeWith(scenario, sampleFittedPipeline(scenario)).score);
      reference.push(gradeWith(scenario, referencePipeline(scenario)).score);
    }
    expect(mean(handOnly)).toBeLessThanOrEqual(0.45);
    expect(mean(broad)).toBeLessThanOrEqual(0.45);
    // The pipeline fitted to the cases the sample shows (right rules, scoped habits) loses what the sample lacks.
    expect(mean(fitted)).toBeLessThan(mean(reference) - 0.15);
  });

  it('no grade before submit: dense rewards are 0 until submit, and the observation shows no row of a hidden batch', async () => {
    const scenario = await scenarioOf(0);
    const steps = [...referencePipeline(scenario).slice(0, 6), { type: 'view', offset: 0, limit: 40 }];
    const outcome = await runPolicy(task, 0, (_o, i) => steps[i] ?? null, { split: 'test', level: LEVEL, rewardMode: 'dense' });
    const rewards = outcome.rewards;
    expect(rewards.length).toBe(steps.length);
    // The first step pays the untouched 0.1 (the framework's baseline); nothing after it until submit.
    expect(rewards.slice(1).every((r) => r === 0)).toBe(true);
    const visibleKeys = new Set(scenario.dirty.map((r) => r.cells[scenario.keyColumn]));
    const hiddenOnly = scenario.hiddenBatches.flatMap((b) => b.dirty.map((r) => r.cells[scenario.keyColumn]!)).filter((k) => !visibleKeys.has(k));
    const prompt = outcome.episode.observation().prompt;
    expect(hiddenOnly.length).toBeGreaterThan(10);
    expect(hiddenOnly.filter((k) => prompt.includes(k))).toEqual([]);
  });

  it('pipeline steps: refused ones are not recorded; deduplicate with survivorship and the row ops act on the hidden batches as on the visible one', async () => {
    const scenario = await scenarioOf(1);
    let state = initialState(scenario);
    state = transition(scenario, state, { type: 'transform_column', column: scenario.keyColumn, op: 'lookup', reference: 'nope', key_column: scenario.keyColumn }).state;
    expect(state.pipeline).toHaveLength(0);
    state = transition(scenario, state, { type: 'update_cell', row_id: 1, column: scenario.keyColumn, value: 'X' }).state;
    expect(state.pipeline).toHaveLength(0);
    state = transition(scenario, state, { type: 'deduplicate', by: [scenario.keyColumn] }).state;
    expect(state.pipeline).toHaveLength(1);
    // Below the pipeline level the action set is as it was: the row-level ops and deduplicate are refused.
    const lower = (await scenarioFor(task, 1, {}, { split: 'test', level: 'expert' })) as CleaningScenario;
    expect(transition(lower, initialState(lower), { type: 'deduplicate', by: [lower.keyColumn] }).error).toMatch(/pipeline level only/);
    expect(transition(lower, initialState(lower), { type: 'transform_column', column: lower.keyColumn, op: 'map', values: { a: 'b' } }).error).toMatch(/pipeline level only/);
    // The reference's deduplicate steps alone (after its repairs) remove every duplicate of every hidden batch and no other row.
    const grade = gradeWith(scenario, referencePipeline(scenario));
    expect(grade.score).toBeCloseTo(1, 9);
  });
});
