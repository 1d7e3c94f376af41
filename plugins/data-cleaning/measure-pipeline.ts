// Measures the pipeline level: the reference pipeline's grade per batch and the defects it leaves in hidden batches, by kind.
// Run: npx tsc -p tsconfig.json && node dist/plugins/data-cleaning/measure-pipeline.js [seeds] [split]
import { registeredTaskOf, scenarioFor, type SplitName } from 'openenv-ts';
import { gradeState, gradeTable } from './grader.js';
import { broadPipeline, sampleFittedPipeline } from './informed-naive.js';
import { pipelineActions } from './reference-solver.js';
import { DataCleaningTask } from './plugin.js';
import { referencePipeline } from './reference-pipeline.js';
import { initialState, replayPipeline, transition } from './transitions.js';
import type { CleaningScenario, PipelineStep } from './types.js';

const task = registeredTaskOf(DataCleaningTask);
const seeds = Number(process.argv[2] ?? 10);
const split = (process.argv[3] ?? 'test') as SplitName;

const missed = new Map<string, number>();
for (let seed = 0; seed < seeds; seed++) {
  const scenario = (await scenarioFor(task, seed, {}, { split, level: 'pipeline' })) as unknown as CleaningScenario;
  const pipeline = referencePipeline(scenario);
  const scores: string[] = [];
  for (const batch of [{ dirty: scenario.dirty, truth: scenario.truth, defects: scenario.defects, duplicates: scenario.duplicates }, ...scenario.hiddenBatches]) {
    const state = replayPipeline(scenario, batch, pipeline);
    const grade = gradeTable({ ...scenario, ...batch, hiddenBatches: [] }, state);
    scores.push(`${grade.score.toFixed(3)}(d${grade.breakdown.damaged_cells})`);
    for (const truth of batch.truth) {
      const row = state.rows.find((r) => r.row_id === truth.row_id);
      if (!truth.keep) {
        if (row) missed.set('duplicate-kept', (missed.get('duplicate-kept') ?? 0) + 1);
        continue;
      }
      if (!row) { missed.set('row-wrongly-deleted', (missed.get('row-wrongly-deleted') ?? 0) + 1); continue; }
      for (const column of scenario.columns) {
        const now = row.cells[column.name] ?? null;
        if (now === truth.cells[column.name]) continue;
        const defect = batch.defects.find((d) => d.row_id === truth.row_id && d.column === column.name);
        const label = defect ? `${column.kind}:${defect.kind}` : `DAMAGE ${column.kind}`;
        missed.set(label, (missed.get(label) ?? 0) + 1);
        if (process.env.VERBOSE) console.log(`  seed ${seed} row ${truth.row_id} ${column.name} ${label}: ${JSON.stringify(now)} want ${JSON.stringify(truth.cells[column.name])}`);
      }
    }
  }
  console.log(`seed ${seed} ${scenario.family} ${scenario.conventions.id} habits ${scenario.sources?.habits.map((h) => h.habit).join('+')}: visible/hidden ${scores.join(' ')}`);
}
console.log([...missed.entries()].sort((a, b) => b[1] - a[1]));

// The informed-naive policies: perfect cell edits on the visible batch, with no pipeline, the sample-fitted one, or the broad one.
const policies: [string, (s: CleaningScenario) => PipelineStep[]][] = [['reference', referencePipeline], ['hand-only', () => []], ['sample-fitted', sampleFittedPipeline], ['broad', broadPipeline]];
for (const [name, pipelineOf] of policies) {
  const scores: number[] = [];
  const hiddenScores: number[] = [];
  for (let seed = 0; seed < seeds; seed++) {
    const scenario = (await scenarioFor(task, seed, {}, { split, level: 'pipeline' })) as unknown as CleaningScenario;
    let state = initialState(scenario);
    for (const action of pipelineActions(scenario, pipelineOf(scenario))) state = transition(scenario, state, action).state;
    const grade = gradeState(scenario, state);
    scores.push(grade.score);
    hiddenScores.push(Number(grade.breakdown.hidden_batches_mean));
  }
  const mean = (xs: number[]) => (xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(3);
  console.log(`${name.padEnd(14)} mean ${mean(scores)} (hidden batches ${mean(hiddenScores)}) min ${Math.min(...scores).toFixed(3)} max ${Math.max(...scores).toFixed(3)}`);
}
