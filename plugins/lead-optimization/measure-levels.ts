// Measures the lead-optimization levels: the reference solver and the trivial chemists per level on the test split.
// Run: npx tsc -p tsconfig.json && node dist/plugins/lead-optimization/measure-levels.js [seeds]
import { levelsOf, registeredTaskOf, runPolicy, runReferenceSolver, scenarioFor, type Policy } from 'openenv-ts';
import { IDEAL_SMILES, proposeFixed, randomEdits, submitLead } from './baseline-policies.js';
import { hintOnlyPolicy } from './hint-only-policy.js';
import { oracleOf } from './oracle-search.js';
import { LeadOptimizationTask } from './plugin.js';
import type { LeadScenario } from './types.js';

const task = registeredTaskOf(LeadOptimizationTask);
const seeds = Number(process.argv[2] ?? 10);

function stats(scores: number[]): string {
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  return `${mean.toFixed(3)}/${Math.max(...scores).toFixed(3)}`;
}

for (const level of levelsOf(task.plugin).map((l) => l.name)) {
  const options = { level, split: 'test' as const };
  const rows: Record<string, number[]> = { reference: [], lead: [], random3: [], random12: [], ideal: [], other_best: [], hints: [] };
  const started = Date.now();
  for (let seed = 0; seed < seeds; seed++) {
    const play = async (name: string, policy: Policy) => rows[name]!.push((await runPolicy(task, seed, policy, options)).rawScore);
    rows.reference!.push((await runReferenceSolver(task, seed, undefined, options)).rawScore);
    await play('lead', submitLead());
    await play('random3', randomEdits(seed, 3));
    await play('random12', randomEdits(seed + 1000, 12));
    await play('ideal', proposeFixed(IDEAL_SMILES));
    const other = (await scenarioFor(task, seed + 500, undefined, options)) as LeadScenario;
    await play('other_best', proposeFixed(oracleOf(other).best.smiles));
    await play('hints', hintOnlyPolicy());
  }
  const took = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`${level.padEnd(18)} ${Object.entries(rows).map(([k, v]) => `${k} ${stats(v)}`).join(' | ')} (${took}s)`);
}
