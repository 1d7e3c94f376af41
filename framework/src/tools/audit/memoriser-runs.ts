// Trains the cross-seed memoriser on a task's train-split reference solutions and plays it on any split.
import { Episode } from '../../runtime/episode.js';
import type { RegisteredTask } from '../../runtime/task-registry.js';
import { runPolicy, runReferenceSolver, type PolicyOutcome } from '../../runtime/policy-runs.js';
import { CrossSeedMemoriser, type Demonstration } from './memoriser.js';

/** Where to train or play: a level (name or number) of the task, default its first. */
export interface MemoriserAddress {
  readonly level?: string | number;
}

/** Reference solutions of train-split seeds 0..count-1: each episode's first observation and the solver's actions. */
export async function trainingDemonstrations(task: RegisteredTask, count: number, address: MemoriserAddress = {}): Promise<Demonstration[]> {
  const demos: Demonstration[] = [];
  for (let seed = 0; seed < count; seed++) {
    const start = await Episode.start(task, { split: 'train', level: address.level, seed });
    const observation = start.observation();
    start.dispose();
    const outcome = await runReferenceSolver(task, seed, undefined, { split: 'train', level: address.level });
    demos.push({ observation, actions: [...outcome.episode.actions] });
  }
  return demos;
}

/** Plays the memoriser's plan for one scenario: the plan is made from the first observation, then replayed blind. */
export async function playMemoriser(
  task: RegisteredTask,
  memoriser: CrossSeedMemoriser,
  address: MemoriserAddress & { readonly split: string; readonly index: number },
): Promise<PolicyOutcome> {
  let plan: unknown[] | null = null;
  // Its own counter, not the step index: a schema-refused action is no step, and must not be replayed forever.
  let next = 0;
  return runPolicy(task, address.index, (observation) => {
    plan ??= memoriser.plan(observation);
    return plan[next++] ?? null;
  }, { split: address.split, level: address.level, index: address.index });
}
