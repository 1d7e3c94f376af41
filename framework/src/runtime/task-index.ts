// The environment-wide scenario index of OpenEnv's Task API: every (task, level) of a split, interleaved.
import { OpenEnvError } from '../contract/errors.js';
import type { SplitName } from '../contract/plugin-contract.js';
import { CATALOGUE_SIZE, levelsOf, splitsOf } from '../contract/scenario-catalogue.js';
import type { RegisteredTask, TaskRegistry } from './task-registry.js';

/** One (task, level) block of a split. */
export interface IndexBlock {
  readonly task: RegisteredTask;
  readonly level: string;
  readonly levelNumber: number;
}

/** Where an environment-wide index points: a task, a level and the task's own index in the split. */
export interface IndexedScenario extends IndexBlock {
  readonly split: SplitName;
  /** The environment-wide index. */
  readonly index: number;
  /** The index within the task's split at that level (what reset takes together with `task`). */
  readonly taskIndex: number;
}

/**
 * OpenEnv's Task API numbers scenarios per environment, and we host several tasks with several levels. Index g
 * of a split is block g mod B at task index floor(g / B), B being the number of (task, level) blocks that serve
 * the split, so the first few indices of any split already mix every task and level.
 */
export class TaskIndex {
  private readonly blocks = new Map<SplitName, IndexBlock[]>();

  constructor(registry: TaskRegistry) {
    for (const task of registry.list()) {
      const levels = levelsOf(task.plugin);
      for (const split of splitsOf(task.plugin)) {
        if (!this.blocks.has(split)) this.blocks.set(split, []);
        levels.forEach((level, i) => this.blocks.get(split)!.push({ task, level: level.name, levelNumber: i + 1 }));
      }
    }
  }

  /** The splits some task serves, in train, validation, test order. */
  splits(): SplitName[] {
    return (['train', 'validation', 'test'] as const).filter((s) => this.blocks.has(s));
  }

  /** Scenarios in a split across every task and level: an honest count, whatever a listing shows. */
  count(split: SplitName): number {
    return (this.blocks.get(split)?.length ?? 0) * CATALOGUE_SIZE[split];
  }

  /** The split a name refers to, or a 400 naming the splits there are. */
  split(name: unknown): SplitName {
    const split = typeof name === 'string' ? (name.trim().toLowerCase() as SplitName) : null;
    if (split && this.blocks.has(split)) return split;
    throw new OpenEnvError('TASK_API_UNKNOWN_SPLIT', `Unknown split ${JSON.stringify(name)}; this environment has ${this.splits().join(', ')}`, { splits: this.splits() });
  }

  /** The scenario an environment-wide index points to, or a 400 giving the valid range. */
  at(split: SplitName, index: number): IndexedScenario {
    const blocks = this.blocks.get(split) ?? [];
    const count = this.count(split);
    if (!Number.isSafeInteger(index) || index < 0 || index >= count) {
      throw new OpenEnvError('TASK_API_BAD_INDEX', `index ${index} is out of range for split "${split}": use 0 to ${count - 1}`, { num_tasks: count });
    }
    const block = blocks[index % blocks.length]!;
    return { ...block, split, index, taskIndex: Math.floor(index / blocks.length) };
  }
}
