// Measures sql-analytics per level and split: reference and trivial policies, and test questions seen in train.
// Run: npm run build && node dist/plugins/sql-analytics/measure-levels.js [seeds=20] [trainScenarios=200]
import { registeredTaskOf, runPolicy, runReferenceSolver, scenarioFor, type Policy } from 'openenv-ts';
import { LEVELS } from './levels.js';
import { SqlAnalyticsTask } from './plugin.js';
import type { SqlScenario } from './types.js';

const task = registeredTaskOf(SqlAnalyticsTask);
const seeds = Number(process.argv[2] ?? 20);
const trainScenarios = Number(process.argv[3] ?? 200);
const stats = (xs: number[]) => `mean ${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(3)} min ${Math.min(...xs).toFixed(3)} max ${Math.max(...xs).toFixed(3)}`;

/** Policies that know nothing of the answer: stop at once, submit a constant, dump a table, only explore. */
const TRIVIAL: Record<string, (scenario: SqlScenario) => Policy> = {
  do_nothing: () => () => null,
  submit_select_one: () => () => ({ type: 'submit', sql: 'SELECT 1' }),
  submit_first_table: (s) => () => ({ type: 'submit', sql: `SELECT * FROM ${s.tables[0]!.name}` }),
  explore_only: (s) => (_obs, i) => (i < s.tables.length ? { type: 'query', sql: `SELECT * FROM ${s.tables[i]!.name} LIMIT 5` } : null),
};

for (const level of LEVELS) {
  for (const split of ['train', 'test'] as const) {
    const scores: number[] = [];
    for (let seed = 0; seed < seeds; seed++) scores.push((await runReferenceSolver(task, seed, undefined, { split, level: level.name })).rawScore);
    console.log(`reference  ${level.name.padEnd(10)} ${split.padEnd(5)} ${stats(scores)}`);
  }
  for (const [name, make] of Object.entries(TRIVIAL)) {
    const scores: number[] = [];
    for (let seed = 0; seed < seeds; seed++) {
      const scenario = (await scenarioFor(task, seed, undefined, { split: 'test', level: level.name })) as SqlScenario;
      const outcome = await runPolicy(task, seed, make(scenario), { split: 'test', level: level.name });
      outcome.episode.dispose();
      scores.push(outcome.rawScore);
    }
    console.log(`trivial    ${level.name.padEnd(10)} test  ${name.padEnd(18)} ${stats(scores)}`);
  }
  if (!level.config.hidden_instances) continue;
  // Informed naive: the gold answers fitted to the visible rows (hard-coded ids, dates, offsets, seen codes and NULLs).
  const fitted: number[] = [];
  for (let seed = 0; seed < seeds; seed++) {
    const scenario = (await scenarioFor(task, seed, undefined, { split: 'test', level: level.name })) as SqlScenario;
    const answers = scenario.questions.map((q) => q.fittedSql.all!);
    const outcome = await runPolicy(task, seed, (_obs, i) => (i === 0 ? { type: 'submit', answers } : null), { split: 'test', level: level.name });
    outcome.episode.dispose();
    fitted.push(outcome.rawScore);
  }
  console.log(`naive      ${level.name.padEnd(10)} test  ${'fitted_to_visible'.padEnd(18)} ${stats(fitted)}`);
}

const trainTexts = new Set<string>();
for (let seed = 0; seed < trainScenarios; seed++) trainTexts.add(((await scenarioFor(task, seed, undefined, { split: 'train' })) as SqlScenario).question.text);
let seen = 0;
const testCount = 200;
for (let seed = 0; seed < testCount; seed++) if (trainTexts.has(((await scenarioFor(task, seed, undefined, { split: 'test' })) as SqlScenario).question.text)) seen += 1;
console.log(`test questions verbatim among ${trainScenarios} train scenarios: ${seen} of ${testCount} (${((100 * seen) / testCount).toFixed(1)}%)`);
process.exit(0);
