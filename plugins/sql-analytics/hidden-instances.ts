// The hidden instances an answer is also graded on: the same warehouse (schema, dictionary, glossary) with other rows.
//
// Spider's test-suite accuracy: a query is right when it is right on every database of the suite, not only on
// the one it was written against. A hidden instance is generated from the scenario's own documentation stream
// (status codes, account classes, deletion style, names: so its schema, dictionary and glossary are the visible
// ones, which `hiddenInstancesOf` checks) and another row stream with other shares of the documented edge cases
// (see DataMix). Instances are made only when an answer is graded, once per scenario object (the sessions
// playing one scenario share it, and its gold results), and their databases live in the worker pool like the
// visible one. Generation runs on the server thread but yields between instances, so other sessions' requests
// interleave.
import { Rng } from 'openenv-ts';
import { rememberDatabaseKey, knownDatabaseKey } from './database-key.js';
import { VISIBLE_MIX_WITH_HIDDEN, generateWorld, type DataMix } from './warehouse-data.js';
import { renderWarehouse } from './warehouse-schema.js';
import type { Group, Trap, World } from './warehouse-model.js';
import type { HiddenRecipe, SqlScenario, TableData } from './types.js';

/** One hidden instance: its tables (a database in the pool) and the gold results computed on it so far. */
export interface HiddenInstance {
  /** 1-based, as the feedback names it ("hidden 2"). */
  readonly index: number;
  readonly tables: readonly TableData[];
  /** Gold results per question index, computed once per instance. */
  readonly gold: Map<number, Promise<unknown>>;
}

const FISCAL_STARTS = [2, 4, 7, 10];

/**
 * The row shares of hidden instance `index`: drawn from the scenario's documentation stream, so every session
 * grades against the same instances. The first always moves the fiscal year's first month (the calendar table
 * is data; the glossary says to use it), and every instance uses the status meanings the visible rows withhold,
 * reloads several times with ids in no order, and deals site ids afresh.
 */
export function hiddenMix(recipe: HiddenRecipe, index: number): DataMix {
  const r = new Rng(recipe.data.seed, recipe.data.label).fork(`hidden/${index}/mix`);
  const others = FISCAL_STARTS.filter((m) => m !== recipe.fiscalStartMonth);
  const fiscalStartMonth = recipe.traps.includes('fiscal') ? (index === 1 ? r.pick(others) : r.pick(FISCAL_STARTS)) : undefined;
  return {
    instance: index,
    ...(fiscalStartMonth !== undefined ? { fiscalStartMonth } : {}),
    deleteFactor: r.pick([0.4, 1, 2, 3]),
    reloadShare: r.float(0.05, 0.22),
    nextLoadShare: r.float(0.3, 0.6),
    maxExtraLoads: r.int(2, 4),
    reloadDeletionShare: r.float(0.15, 0.35),
    shuffleReloadIds: true,
    internalShare: r.float(0.06, 0.25),
    testCampaignShare: r.float(0.05, 0.22),
    boundaryShare: r.float(0.1, 0.3),
    scale: r.float(0.8, 1.2),
    permuteSites: true,
    withholdStatuses: false,
    withholdNulls: false,
  };
}

/** The logical warehouse of instance `index` of a recipe: 0 = the visible one (as generated with the scenario), 1.. = hidden. */
export function instanceWorld(recipe: HiddenRecipe, index: number): World {
  return generateWorld(new Rng(recipe.data.seed, recipe.data.label), {
    traps: new Set(recipe.traps as Trap[]),
    groups: recipe.groups as Group[],
    scale: recipe.scale,
    mix: index === 0 ? VISIBLE_MIX_WITH_HIDDEN : hiddenMix(recipe, index),
  });
}

/** The tables of hidden instance `index` (1-based). */
export function buildHiddenTables(recipe: HiddenRecipe, index: number): TableData[] {
  return renderWarehouse(new Rng(recipe.schema.seed, recipe.schema.label), instanceWorld(recipe, index), recipe.naming, recipe.noiseTables).tables;
}

/** Why a hidden instance would not be a fair test of the visible one's documentation, or null when it is. */
export function documentationMismatch(visible: readonly TableData[], hidden: readonly TableData[], dictionaryTable: string, glossaryTable: string): string | null {
  const shape = (tables: readonly TableData[]) => JSON.stringify(tables.map((t) => [t.name, t.columns.map((c) => [c.name, c.type])]));
  if (shape(visible) !== shape(hidden)) return 'the schema differs';
  for (const name of [dictionaryTable, glossaryTable]) {
    const rows = (tables: readonly TableData[]) => JSON.stringify(tables.find((t) => t.name === name)?.rows ?? null);
    if (rows(visible) !== rows(hidden)) return `${name} differs`;
  }
  return null;
}

const made = new WeakMap<SqlScenario, Promise<HiddenInstance[]>>();
/** The instances once made, for dispose (which cannot wait). */
const settled = new WeakMap<SqlScenario, HiddenInstance[]>();

/** Lets other requests run before the next slice of work on the server thread. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

async function makeInstances(scenario: SqlScenario, recipe: HiddenRecipe): Promise<HiddenInstance[]> {
  const instances: HiddenInstance[] = [];
  const visibleKey = knownDatabaseKey(scenario.tables);
  for (let index = 1; index <= recipe.count; index++) {
    await yieldToEventLoop();
    const tables = buildHiddenTables(recipe, index);
    const mismatch = documentationMismatch(scenario.tables, tables, scenario.dictionaryTable, scenario.glossaryTable);
    if (mismatch) throw new Error(`hidden instance ${index} does not share the visible documentation: ${mismatch}`);
    // Keyed after the visible database's address, so the pool never digests thousands of rows to key it.
    if (visibleKey !== undefined) rememberDatabaseKey(tables, `${visibleKey}#hidden/${index}`);
    instances.push({ index, tables, gold: new Map() });
  }
  return instances;
}

/** The hidden instances made for the scenario so far (their databases go first when a worker needs memory). */
export function madeHiddenInstances(scenario: SqlScenario): readonly HiddenInstance[] {
  return settled.get(scenario) ?? [];
}

/** The scenario's hidden instances (none when its level grades on the visible database only), made once. */
export function hiddenInstancesOf(scenario: SqlScenario): Promise<HiddenInstance[]> {
  const recipe = scenario.hiddenRecipe;
  if (!recipe || recipe.count === 0) return Promise.resolve([]);
  let instances = made.get(scenario);
  if (!instances) {
    instances = makeInstances(scenario, recipe);
    // A failed build is not kept: the next grading tries again.
    instances.then((list) => settled.set(scenario, list), () => made.delete(scenario));
    made.set(scenario, instances);
  }
  return instances;
}
