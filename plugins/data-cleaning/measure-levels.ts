// Measures the data-cleaning levels: reference solver, submit-at-once and the hint-only script per level and split.
// Run: npx tsc -p tsconfig.json && node dist/plugins/data-cleaning/measure-levels.js [seeds] [splits, comma-separated]
import { levelsOf, registeredTaskOf, runPolicy, runReferenceSolver, type Policy, type SplitName } from 'openenv-ts';
import { hintOnlyPolicy } from './hint-only-policy.js';
import { DataCleaningTask } from './plugin.js';

const task = registeredTaskOf(DataCleaningTask);
const seeds = Number(process.argv[2] ?? 30);
const splits = (process.argv[3] ?? 'train,test').split(',') as SplitName[];

function stats(scores: number[]): string {
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  return `mean ${mean.toFixed(3)} min ${Math.min(...scores).toFixed(3)} max ${Math.max(...scores).toFixed(3)}`;
}

async function scoresOf(run: (seed: number) => Promise<{ rawScore: number }>): Promise<number[]> {
  const scores: number[] = [];
  for (let seed = 0; seed < seeds; seed++) scores.push((await run(seed)).rawScore);
  return scores;
}

const submit: () => Policy = () => () => ({ type: 'submit' });

for (const level of levelsOf(task.plugin).map((l) => l.name)) {
  for (const split of splits) {
    const options = { level, split };
    const reference = await scoresOf((seed) => runReferenceSolver(task, seed, undefined, options));
    const atOnce = await scoresOf((seed) => runPolicy(task, seed, submit(), options));
    const hints = await scoresOf((seed) => runPolicy(task, seed, hintOnlyPolicy(), options));
    console.log(`${level.padEnd(12)} ${split.padEnd(5)} reference ${stats(reference)} | submit-at-once ${stats(atOnce)} | hint-only ${stats(hints)}`);
  }
}
