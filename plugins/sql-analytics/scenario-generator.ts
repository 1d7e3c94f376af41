// Builds an episode's scenario from the seed: a warehouse of several business areas, one question and its gold SQL.
import { z } from 'zod';
import { OpenEnvError, type Rng, type ScenarioContext } from 'openenv-ts';
import { FAMILIES, parseFamily } from './families.js';
import { FIT_ASPECTS, MEASURES, measureBase, type FitAspect, type SqlContext } from './measures.js';
import { questionText } from './phrasing.js';
import { COUNT_ONLY_SHAPES, SHAPE_NEEDS, shapeSql, type Shape, type ShapeParams } from './question-shapes.js';
import { VISIBLE_MIX, VISIBLE_MIX_WITH_HIDDEN, generateWorld } from './warehouse-data.js';
import { DATA_END, DATA_START, GROUPS, TRAPS, type Group, type Trap } from './warehouse-model.js';
import { renderWarehouse } from './warehouse-schema.js';
import type { HiddenRecipe, Question, SqlScenario } from './types.js';

/** Rows a submitted query may return, and rows any query reads before it stops counting. */
export const MAX_RESULT_ROWS = 10_000;
/** The task's step limit: a query budget this large never binds (the default). */
export const UNLIMITED_QUERIES = 20;

/** Which traps each setting of the `traps` knob switches on. */
export const TRAP_SETS: Readonly<Record<'none' | 'documented' | 'all' | 'hidden', readonly Trap[]>> = {
  none: [],
  documented: ['status_codes', 'soft_delete', 'currency', 'null_semantics'],
  all: ['status_codes', 'soft_delete', 'currency', 'null_semantics', 'duplicates', 'timezone', 'fiscal', 'type2'],
  hidden: TRAPS,
};

/** Characters of a result shown per query when the knob is left at its default (no binding window). */
export const UNLIMITED_PAGE_CHARS = 100_000;

export const configSchema = z.strictObject({
  domain: z.enum(['any', ...GROUPS]).default('any').describe('Business area the question is about; "any" picks one of the split\'s areas from the seed'),
  family: z
    .enum(['any', ...FAMILIES] as [string, ...string[]])
    .default('any')
    .describe('Question family "area/shape" (e.g. "sales/dim-top3"); "any" picks one of the split\'s families. A pinned family must belong to the split played'),
  areas: z.number().int().min(1).max(6).default(1).describe('Business areas in the warehouse (the asked one plus others as distractors)'),
  traps: z
    .enum(['none', 'documented', 'all', 'hidden'])
    .default('none')
    .describe('Data traps: none; documented (status codes, soft deletes, currencies, NULL meanings); all (also duplicate customers, time zones, fiscal calendar, type-2 history); hidden (also reloaded documents, internal accounts and exchange rates published on irregular dates, some quoted inversely: traps no question or glossary term names)'),
  questions: z.number().int().min(1).max(5).default(1).describe('Questions per episode, each about another business area, answered together in one submit and graded as the mean'),
  page_chars: z
    .number()
    .int()
    .min(500)
    .max(UNLIMITED_PAGE_CHARS)
    .default(UNLIMITED_PAGE_CHARS)
    .describe('Characters of a query result shown (cells and rows are cut beyond it), so reading a long table takes several queries'),
  naming: z.enum(['plain', 'abbreviated', 'cryptic']).default('plain').describe('How table and column names are spelled'),
  register: z.enum(['explicit', 'business', 'stakeholder']).default('explicit').describe('How the question is asked: with its definitions, with business terms defined in the glossary, or as a stakeholder asks'),
  noise_tables: z.number().int().min(0).max(8).default(0).describe('Stale backup and staging copies of real tables'),
  row_scale: z.number().min(0.5).max(2).default(1).describe('Multiplies the number of generated rows'),
  query_timeout_ms: z.number().int().min(200).max(20_000).default(2000).describe('Wall-clock limit of one query; a slower query is stopped'),
  page_rows: z.number().int().min(5).max(50).default(20).describe('Rows of a query result shown to the agent'),
  sample_rows: z.number().int().min(0).max(3).default(3).describe('Sample rows per data table shown in the prompt (0 = none)'),
  hidden_instances: z
    .number()
    .int()
    .min(0)
    .max(4)
    .default(0)
    .describe('Hidden instances of the warehouse (same schema and documentation, other rows) every answer is also graded on; an answer earns its credit only if it is right on all of them'),
  query_budget: z
    .number()
    .int()
    .min(0)
    .max(UNLIMITED_QUERIES)
    .default(UNLIMITED_QUERIES)
    .describe(`Exploratory queries allowed before the submit (failed ones count); ${UNLIMITED_QUERIES} = only the step limit binds`),
});
export type SqlConfig = z.infer<typeof configSchema>;

/** Where the scenario sits: the split (for messages) and the families it may draw from (empty: all). */
export type GenerationContext = Pick<ScenarioContext, 'split' | 'families'>;

const TITLES: Readonly<Record<Group, string>> = { sales: 'sales', billing: 'subscription billing', support: 'customer support', hr: 'HR and expenses', logistics: 'logistics', marketing: 'marketing' };

/** Fiscal years whose every day lies inside the data, for a fiscal year starting in month `start`. */
function completeYears(start: number): number[] {
  const years: number[] = [];
  for (let fy = 2022; fy <= 2025; fy++) {
    const first = start === 1 ? `${fy}-01-01` : `${fy - 1}-${String(start).padStart(2, '0')}-01`;
    const lastMonth = start === 1 ? 12 : start - 1;
    const last = `${fy}-${String(lastMonth).padStart(2, '0')}-28`;
    if (first >= DATA_START && last <= DATA_END) years.push(fy);
  }
  return years;
}

/** Years a shape can ask about: complete, with the prior year, prior month or next quarter in the data when it needs them. */
function yearsFor(shape: Shape, start: number): number[] {
  const needs = SHAPE_NEEDS[shape];
  const complete = completeYears(start);
  return complete.filter((y) => {
    if (needs.priorYear && !complete.includes(y - 1)) return false;
    if (needs.priorMonth && start === 1 && y === 2022) return false;
    if (needs.nextQuarter && start === 1 && y === 2024) return false;
    return true;
  });
}

function refuse(message: string, loc: string, input: unknown): never {
  throw new OpenEnvError('INVALID_REQUEST', message, { errors: [{ type: 'family_not_in_split', loc: ['body', 'config', loc], msg: message, input }] });
}

/**
 * The scenario of a seed. Only families of `context.families` are asked, so a held-out split's question shapes
 * per area never appear in another split; table and column names are drawn per scenario.
 */
export function generateScenario(rng: Rng, config: SqlConfig, context: GenerationContext = { split: 'train', families: [] }): SqlScenario {
  const allowed = (id: string) => context.families.length === 0 || context.families.includes(id);
  if (config.family !== 'any' && !allowed(config.family)) {
    refuse(`family "${config.family}" is not used by the ${context.split} split; its families are ${context.families.join(', ')}`, 'family', config.family);
  }
  if (config.family !== 'any' && config.domain !== 'any' && !config.family.startsWith(`${config.domain}/`)) {
    refuse(`family "${config.family}" belongs to another area than "${config.domain}"`, 'family', config.family);
  }
  const candidates = FAMILIES.filter((f) => allowed(f) && (config.domain === 'any' || f.startsWith(`${config.domain}/`)));
  const family = config.family !== 'any' ? config.family : rng.fork('family').pick(candidates);
  const { group } = parseFamily(family)!;

  const others = rng.fork('areas').shuffle(GROUPS.filter((g) => g !== group)).slice(0, config.areas - 1);
  const traps = new Set<Trap>(TRAP_SETS[config.traps]);
  const dataRng = rng.fork('data');
  const schemaRng = rng.fork('schema');
  // Graded on hidden instances too, the visible rows withhold some documented cases (hidden instances show them).
  const mix = config.hidden_instances > 0 ? VISIBLE_MIX_WITH_HIDDEN : VISIBLE_MIX;
  const world = generateWorld(dataRng, { traps, groups: [group, ...others], scale: config.row_scale, mix });
  const rendered = renderWarehouse(schemaRng, world, config.naming, config.noise_tables);
  // Everything a hidden instance needs to be generated again, later and only when an answer is graded.
  const hiddenRecipe: HiddenRecipe | null =
    config.hidden_instances > 0
      ? {
          count: config.hidden_instances,
          data: { seed: dataRng.seed, label: dataRng.label },
          schema: { seed: schemaRng.seed, label: schemaRng.label },
          groups: [group, ...others],
          traps: [...traps],
          scale: config.row_scale,
          naming: config.naming,
          noiseTables: config.noise_tables,
          fiscalStartMonth: world.fiscalStartMonth,
        }
      : null;

  // Further questions ask other areas of the same warehouse, from the split's families only.
  const families = [family];
  const picker = rng.fork('more-questions');
  for (let i = 1; i < config.questions; i++) {
    const used = new Set(families.map((f) => parseFamily(f)!.group));
    const pool = FAMILIES.filter((f) => allowed(f) && world.groups.includes(parseFamily(f)!.group) && !used.has(parseFamily(f)!.group));
    if (pool.length === 0) break;
    families.push(picker.pick(pool));
  }
  const asked = families.map((f, i) => askQuestion(rng.fork(i === 0 ? 'question' : `question/${i}`), f, world, rendered, config, traps));
  const answer = asked[0]!;

  return {
    domain: group,
    domainTitle: `enterprise data warehouse (${world.groups.map((g) => TITLES[g]).join(', ')})`,
    areas: [...world.groups],
    family,
    tables: rendered.tables,
    question: answer.question,
    questions: asked.map((a) => a.question),
    traps: [...traps],
    naiveSql: answer.naiveSql,
    hiddenRecipe,
    dictionaryTable: rendered.dictionaryTable,
    glossaryTable: rendered.glossaryTable,
    limits: {
      timeoutMs: config.query_timeout_ms,
      pageRows: config.page_rows,
      maxRows: MAX_RESULT_ROWS,
      sampleRows: config.sample_rows,
      queryBudget: config.query_budget,
      pageChars: config.page_chars,
    },
  };
}

/** One question of a family about the warehouse: its parameters, text, gold query and the gold with each trap ignored. */
function askQuestion(
  q: Rng,
  family: string,
  world: ReturnType<typeof generateWorld>,
  rendered: ReturnType<typeof renderWarehouse>,
  config: SqlConfig,
  traps: ReadonlySet<Trap>,
): { question: Question; naiveSql: Partial<Record<Trap, string>> } {
  const { group, shape } = parseFamily(family)!;
  const measure = MEASURES[group];
  const years = yearsFor(shape, world.fiscalStartMonth);
  const params: ShapeParams = {
    year: q.pick(years),
    quarter: q.int(1, 4),
    dimension: SHAPE_NEEDS[shape].dimension ? q.pick(measure.dimensions) : null,
    fiscal: traps.has('fiscal'),
  };
  const gold = (handled: ReadonlySet<Trap>, fitted: ReadonlySet<FitAspect> = new Set()) => {
    const ctx: SqlContext = { names: rendered.names, world, handled, fitted };
    const base = measureBase(ctx, group, params.dimension?.key ?? null);
    const tables = COUNT_ONLY_SHAPES.has(shape) ? base.tables.filter((t) => !base.valueOnlyTables.includes(t)) : base.tables;
    return { ...shapeSql(shape, measure, params, base.ctes), tables };
  };
  const answer = gold(traps);
  // The same question answered with one trap ignored: tests check that each trap changes the answer.
  const naiveSql: Partial<Record<Trap, string>> = {};
  for (const trap of traps) naiveSql[trap] = gold(new Set([...traps].filter((t) => t !== trap))).sql;
  // The same question fitted to the visible rows, one shortcut at a time and all together ('all').
  const fittedSql: Record<string, string> = {};
  if (config.hidden_instances > 0) {
    for (const aspect of FIT_ASPECTS) fittedSql[aspect] = gold(traps, new Set([aspect])).sql;
    fittedSql.all = gold(traps, new Set(FIT_ASPECTS)).sql;
  }
  return {
    question: {
      templateId: family,
      text: questionText(q.fork('text'), shape, measure, params, config.register),
      columns: answer.columns,
      ordered: answer.ordered,
      goldSql: answer.sql,
      goldTables: answer.tables.map((t) => rendered.names.t(t)),
      naiveSql,
      fittedSql,
    },
    naiveSql,
  };
}
