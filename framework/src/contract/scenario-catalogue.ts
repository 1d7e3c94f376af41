// The scenario catalogue of a task: its levels, its splits (generator families dealt by a fixed hash) and addresses.
import { OpenEnvError } from './errors.js';
import { SPLIT_NAMES, type SplitName, type TaskLevel, type TaskPlugin } from './plugin-contract.js';

/** The level of a plugin that declares none: the config schema's defaults. */
export const DEFAULT_LEVEL: TaskLevel = Object.freeze({ name: 'default', description: 'The config schema defaults', config: {} });

/** Splits served when a plugin declares none. */
export const DEFAULT_SPLITS: readonly SplitName[] = ['train', 'test'];

/**
 * Scenarios per split and level. Index i of a split is seed i of that split's generator stream, so these are
 * honest counts of distinct addresses. Large held-out splits make finding one's own scenario by resetting
 * index after index cost about half a million resets on average (see docs/agent-boundary.md).
 */
export const CATALOGUE_SIZE: Readonly<Record<SplitName, number>> = Object.freeze({
  train: 10_000_000,
  validation: 1_000_000,
  test: 1_000_000,
});

/** Shares of each family group dealt to the held-out splits. */
const TEST_SHARE = 0.25;
const VALIDATION_SHARE = 0.15;

/** FNV-1a of a string: a fixed, platform-independent order for dealing families. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The group of a family id: the part before the last "/", or "" when there is none. */
export function familyGroup(id: string): string {
  const cut = id.lastIndexOf('/');
  return cut < 0 ? '' : id.slice(0, cut);
}

function groupsOf(families: readonly string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const id of families) {
    const group = familyGroup(id);
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group)!.push(id);
  }
  return groups;
}

/**
 * Deals families to splits: within each group, families are ordered by a hash of their id and the first
 * quarter (at least one) goes to test, the next 15% (at least one, in groups of three or more) to validation
 * when it is served, the rest to train. A pure function of the family list and the splits served.
 */
export function partitionFamilies(families: readonly string[], splits: readonly SplitName[]): Record<SplitName, string[]> {
  const dealt: Record<SplitName, string[]> = { train: [], validation: [], test: [] };
  for (const members of groupsOf(families).values()) {
    const ordered = [...members].sort((a, b) => fnv1a(a) - fnv1a(b) || (a < b ? -1 : 1));
    const n = ordered.length;
    const test = Math.max(1, Math.round(n * TEST_SHARE));
    const validation = splits.includes('validation') && n >= 3 ? Math.max(1, Math.round(n * VALIDATION_SHARE)) : 0;
    dealt.test.push(...ordered.slice(0, test));
    dealt.validation.push(...ordered.slice(test, test + validation));
    dealt.train.push(...ordered.slice(test + validation));
  }
  return dealt;
}

/** Every way a plugin's levels, splits and families break the contract (empty when fine). */
export function catalogueProblems(plugin: TaskPlugin): string[] {
  const problems: string[] = [];
  const levels = plugin.levels;
  if (levels !== undefined) {
    if (!Array.isArray(levels) || levels.length === 0) problems.push('levels must be a non-empty array when given');
    else {
      const seen = new Set<string>();
      levels.forEach((level, i) => {
        if (!level || typeof level.name !== 'string' || !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(level.name)) problems.push(`levels[${i}].name must be kebab-case`);
        else if (seen.has(level.name)) problems.push(`levels[${i}].name "${level.name}" is used twice`);
        else seen.add(level.name);
        if (!level || typeof level.description !== 'string' || level.description.trim() === '') problems.push(`levels[${i}].description must be a sentence`);
        const parsed = plugin.configSchema?.safeParse(level?.config ?? {});
        if (parsed && !parsed.success) {
          problems.push(`levels[${i}] ("${level?.name}") config does not fit the config schema: ${parsed.error.issues.map((x) => `${x.path.join('.') || '(root)'}: ${x.message}`).join('; ')}`);
        }
      });
    }
  }
  const splits = plugin.splits ?? DEFAULT_SPLITS;
  if (!Array.isArray(splits) || !splits.includes('train') || !splits.includes('test') || splits.some((s) => !SPLIT_NAMES.includes(s))) {
    problems.push(`splits must include "train" and "test" and name only ${SPLIT_NAMES.join(', ')}`);
  }
  const families = plugin.families;
  if (families !== undefined) {
    if (!Array.isArray(families) || families.some((f) => typeof f !== 'string' || f === '')) problems.push('families must be an array of non-empty strings');
    else {
      if (new Set(families).size !== families.length) problems.push('families contains a duplicate id');
      for (const [group, members] of groupsOf(families)) {
        if (members.length < 2) problems.push(`family group "${group || '(ungrouped)'}" has ${members.length} family; it needs at least 2 so train and test both get one`);
      }
    }
  }
  return problems;
}

/** A task's levels (the declared ones, or the single default level). */
export function levelsOf(plugin: TaskPlugin): readonly TaskLevel[] {
  return plugin.levels && plugin.levels.length > 0 ? (plugin.levels as readonly TaskLevel[]) : [DEFAULT_LEVEL];
}

export function splitsOf(plugin: TaskPlugin): readonly SplitName[] {
  return SPLIT_NAMES.filter((s) => (plugin.splits ?? DEFAULT_SPLITS).includes(s));
}

const partitions = new WeakMap<TaskPlugin, Record<SplitName, string[]>>();

/** The families a split of this plugin may draw from (empty when it declares none). */
export function familiesOf(plugin: TaskPlugin, split: SplitName): readonly string[] {
  if (!plugin.families || plugin.families.length === 0) return [];
  let partition = partitions.get(plugin);
  if (!partition) {
    partition = partitionFamilies(plugin.families, splitsOf(plugin));
    partitions.set(plugin, partition);
  }
  return partition[split];
}

/** A level chosen by a reset: the level and its 1-based number. */
export interface ChosenLevel {
  readonly level: TaskLevel;
  readonly number: number;
}

/** Resolves `level` (a name or a 1-based number; default the first) or throws a 422 naming the levels there are. */
export function chooseLevel(taskId: string, plugin: TaskPlugin, requested: string | number | null | undefined): ChosenLevel {
  const levels = levelsOf(plugin);
  if (requested === undefined || requested === null) return { level: levels[0]!, number: 1 };
  const index = typeof requested === 'number' ? requested - 1 : levels.findIndex((l) => l.name === requested.trim().toLowerCase());
  if (index >= 0 && index < levels.length && Number.isInteger(index)) return { level: levels[index]!, number: index + 1 };
  const known = levels.map((l, i) => `${i + 1} "${l.name}"`).join(', ');
  const message = `Task "${taskId}" has no level ${JSON.stringify(requested)}; its levels are ${known}`;
  throw new OpenEnvError('INVALID_REQUEST', message, {
    errors: [{ type: 'unknown_level', loc: ['body', 'level'], msg: message, input: requested }],
    levels: levels.map((l) => l.name),
  });
}

/** Resolves a split name or throws a 422 naming the splits the task serves. */
export function chooseSplit(taskId: string, plugin: TaskPlugin, requested: string | null | undefined): SplitName {
  const splits = splitsOf(plugin);
  if (requested === undefined || requested === null) return 'train';
  const name = requested.trim().toLowerCase() as SplitName;
  if (splits.includes(name)) return name;
  const message = `Task "${taskId}" has no split "${requested}"; its splits are ${splits.join(', ')}`;
  throw new OpenEnvError('INVALID_REQUEST', message, {
    errors: [{ type: 'unknown_split', loc: ['body', 'split'], msg: message, input: requested }],
    splits,
  });
}

/** Checks an index against a split's size, or throws a 422 (400 on the Task API) giving the valid range. */
export function checkIndex(split: SplitName, index: number, loc: (string | number)[] = ['body', 'index']): number {
  const count = CATALOGUE_SIZE[split];
  if (Number.isSafeInteger(index) && index >= 0 && index < count) return index;
  const message = `index ${index} is out of range for split "${split}": use 0 to ${count - 1}`;
  throw new OpenEnvError('INVALID_REQUEST', message, {
    errors: [{ type: 'index_out_of_range', loc, msg: message, input: index }],
    num_tasks: count,
  });
}
