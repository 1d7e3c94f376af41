// What the agent sees: the schema with sample rows, the question and its output contract, and the last result.
import { z } from 'zod';
import type { SqlState } from './episode-state.js';
import { EXPLORATION_POTENTIAL } from './exploration-shaping.js';
import { UNLIMITED_PAGE_CHARS, UNLIMITED_QUERIES } from './scenario-generator.js';
import { schemaSql } from './schema-sql.js';
import type { SqlScenario, SqlValue } from './types.js';

const cellSchema = z.union([z.number(), z.string(), z.null()]);

export const observationSchema = z.object({
  domain: z.string().describe('Business domain of the database'),
  question: z.string().describe('The business question, as a stakeholder asks it (the first one when the episode asks several)'),
  questions: z
    .array(z.object({ number: z.number().int(), question: z.string(), output_columns: z.array(z.string()), ordered: z.boolean() }))
    .describe('Every question of the episode in order; a submit answers all of them (one query each, in this order)'),
  dictionary_table: z.string().describe('Table holding the data dictionary (table_name, column_name, description)'),
  glossary_table: z.string().describe('Table holding the business glossary (term, definition)'),
  output_columns: z.array(z.string()).describe('Column names the final query must return, in this order'),
  ordered: z.boolean().describe('Whether the row order is graded'),
  schema_sql: z.string().describe('CREATE TABLE statements of every table, with a comment per column'),
  tables: z
    .array(
      z.object({
        name: z.string(),
        row_count: z.number().int(),
        columns: z.array(z.object({ name: z.string(), type: z.string(), nullable: z.boolean(), references: z.string().nullable(), description: z.string() })),
        sample_rows: z.array(z.array(cellSchema)).describe('A few rows spread over the table (first, middle, last); none at levels without samples, nor for the dictionary and glossary'),
      }),
    )
    .describe('Tables with their columns, foreign keys and sample rows'),
  last_result: z
    .object({
      sql: z.string(),
      columns: z.array(z.string()),
      rows: z.array(z.array(cellSchema)).describe('The first rows of the result'),
      row_count: z.number().int().describe('Rows the query returned (up to the read limit)'),
      row_count_capped: z.boolean().describe('True when the query returned more rows than the read limit'),
      cut_to_window: z.boolean().describe('True when rows or long text were cut to the result window (limits.page_chars)'),
    })
    .nullable()
    .describe('Result of the latest successful query, or null'),
  explored_tables: z.array(z.string()).describe('Tables read by successful queries so far'),
  queries_run: z.number().int(),
  submitted: z.boolean(),
  limits: z.object({
    timeout_ms: z.number().int(),
    page_rows: z.number().int(),
    page_chars: z.number().int().describe('Characters of a query result shown at most; rows and long text beyond it are cut'),
    max_rows: z.number().int(),
    query_budget: z.number().int().describe('Exploratory queries allowed in the episode'),
    queries_left: z.number().int().describe('Exploratory queries still allowed; further ones are refused and penalised'),
  }),
});
export type SqlObservation = z.infer<typeof observationSchema>;

/** `count` rows spread evenly from the first to the last (3: first, middle, last). */
function sampleRows(rows: readonly (readonly SqlValue[])[], count: number): SqlValue[][] {
  if (rows.length <= count) return rows.map((r) => [...r]);
  if (count <= 0) return [];
  if (count === 1) return [[...rows[0]!]];
  return Array.from({ length: count }, (_, i) => [...rows[Math.round((i * (rows.length - 1)) / (count - 1))]!]);
}

function renderCell(value: SqlValue): string {
  if (value === null) return 'NULL';
  const text = typeof value === 'number' ? String(value) : value;
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** A plain-text table, the way a SQL console prints one. */
export function renderTable(columns: readonly string[], rows: readonly (readonly SqlValue[])[]): string {
  const cells = rows.map((r) => r.map(renderCell));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]?.length ?? 0)));
  const line = (values: readonly string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join(' | ').trimEnd();
  return [line(columns), widths.map((w) => '-'.repeat(w)).join('-+-'), ...cells.map(line)].join('\n');
}

/** Sample rows as compact CSV (header first): a dozen tables of samples stay short. */
function renderCsv(columns: readonly string[], rows: readonly (readonly SqlValue[])[]): string {
  const cell = (v: SqlValue) => {
    const text = renderCell(v);
    return /[,"\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [columns.join(','), ...rows.map((r) => r.map(cell).join(','))].join('\n');
}

/**
 * What the prompt says about hidden instances: plainly that answers are graded on other instances too, what holds
 * in all of them (the documentation) and what may not (anything only the rows show), and that no correctness
 * signal comes before the submit.
 */
function hiddenInstancesBlock(scenario: SqlScenario): string[] {
  const count = scenario.hiddenRecipe?.count ?? 0;
  if (count === 0) return [];
  return [
    'GRADED ON OTHER INSTANCES',
    `- Each answer is also run on ${count} other instances of this warehouse that you cannot query: the same tables, columns, data dictionary and glossary, with other rows.`,
    '- What the dictionary and glossary state holds in every instance. What you only observe in these rows may not: particular ids, the codes of lookup and master rows, which documented codes or cases happen to occur (or not), the dates in the fiscal calendar, which rates exist and how each is quoted.',
    `- An answer earns its credit only where it is right on all ${count + 1} instances: its score is the lowest of its scores on the visible one and the ${count} hidden ones. Nothing tells you whether an answer is right before the submit.`,
    '',
  ];
}

export function buildObservation(scenario: SqlScenario, state: SqlState): { prompt: string; data: SqlObservation } {
  const q = scenario.question;
  const schema = schemaSql(scenario.tables);
  const queriesLeft = Math.max(0, scenario.limits.queryBudget - state.queriesRun);
  const isMeta = (name: string) => name === scenario.dictionaryTable || name === scenario.glossaryTable;
  const samplesOf = (t: SqlScenario['tables'][number]) => (isMeta(t.name) ? [] : sampleRows(t.rows, scenario.limits.sampleRows));
  const data: SqlObservation = {
    domain: scenario.domainTitle,
    question: q.text,
    questions: scenario.questions.map((x, i) => ({ number: i + 1, question: x.text, output_columns: [...x.columns], ordered: x.ordered })),
    dictionary_table: scenario.dictionaryTable,
    glossary_table: scenario.glossaryTable,
    output_columns: [...q.columns],
    ordered: q.ordered,
    schema_sql: schema,
    tables: scenario.tables.map((t) => ({
      name: t.name,
      row_count: t.rows.length,
      columns: t.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable, references: c.references ?? null, description: c.description })),
      sample_rows: samplesOf(t),
    })),
    last_result: state.lastResult
      ? {
          sql: state.lastResult.sql,
          columns: [...state.lastResult.columns],
          rows: state.lastResult.rows.map((r) => [...r]),
          row_count: state.lastResult.row_count,
          row_count_capped: state.lastResult.row_count_capped,
          cut_to_window: state.lastResult.cut_to_window,
        }
      : null,
    explored_tables: [...state.exploredTables],
    queries_run: state.queriesRun,
    submitted: state.submission !== null,
    limits: {
      timeout_ms: scenario.limits.timeoutMs,
      page_rows: scenario.limits.pageRows,
      page_chars: scenario.limits.pageChars,
      max_rows: scenario.limits.maxRows,
      query_budget: scenario.limits.queryBudget,
      queries_left: queriesLeft,
    },
  };

  const sampleCount = scenario.limits.sampleRows;
  const samples =
    sampleCount > 0
      ? `SAMPLE ROWS as CSV (${sampleCount === 3 ? 'first, middle and last row' : `${sampleCount} rows spread over each table`}; the dictionary and glossary are not sampled)\n` +
        scenario.tables.filter((t) => !isMeta(t.name)).map((t) => `${t.name} (${t.rows.length} rows):\n${renderCsv(t.columns.map((c) => c.name), samplesOf(t))}`).join('\n\n')
      : `TABLE SIZES (no sample rows at this level: query the tables to see their values)\n` + scenario.tables.map((t) => `${t.name}: ${t.rows.length} rows`).join('\n');
  const budget =
    scenario.limits.queryBudget >= UNLIMITED_QUERIES
      ? ''
      : ` At most ${scenario.limits.queryBudget} successful queries at this level; further queries are refused and penalised.`;
  const last = state.lastResult;
  const lastText = last
    ? `Last query result (${last.row_count_capped ? `more than ${last.row_count}` : last.row_count} rows${last.rows.length < last.row_count ? `, first ${last.rows.length} shown` : ''}${last.cut_to_window ? `, cut to the ${scenario.limits.pageChars}-character window` : ''}):\n` +
      `${renderTable(last.columns, last.rows)}`
    : 'No query run yet.';
  const many = scenario.questions.length > 1;
  const window = scenario.limits.pageChars < UNLIMITED_PAGE_CHARS ? ` and at most ${scenario.limits.pageChars} characters (longer text and further rows are cut)` : '';
  const questionBlock = many
    ? [
        `You are a data analyst. Answer the ${scenario.questions.length} business questions below, each with one SQLite query; all answers are submitted together at the end.`,
        `AREAS: ${scenario.areas.join(', ')}`,
        '',
        ...scenario.questions.flatMap((x, i) => [
          `QUESTION ${i + 1}\n${x.text}`,
          // Short on purpose: a sentence of 8+ words made of column names would repeat across splits.
          `Q${i + 1} columns: ${x.columns.join(', ')}. ${x.ordered ? 'Row order is graded.' : 'Row order is not graded.'}`,
          '',
        ]),
        'Each answer query must return exactly its listed columns, in the listed order, named as shown, and nothing else.',
        '',
      ]
    : [
        'You are a data analyst. Answer the business question below with one SQLite query.',
        `AREAS: ${scenario.areas.join(', ')}`,
        '',
        `QUESTION\n${q.text}`,
        '',
        `OUTPUT COLUMNS, in order: ${q.columns.join(', ')}`,
        q.ordered ? 'Row order is graded.' : 'Row order is not graded.',
        'Your final query must return exactly the output columns above, named as shown, and nothing else.',
        '',
      ];
  const submitLine = many
    ? `- {"type": "submit", "answers": ["SELECT ...", ...]}: submits ${scenario.questions.length} final queries, one per question in question order, and ends the episode. The score is the mean of the answers' grades, shown only after this submit.`
    : '- {"type": "submit", "sql": "SELECT ..."}: submits your final query and ends the episode.';
  const prompt = [
    ...questionBlock,
    // The answers' formats are part of the contract: without these an agent could only learn them from grades.
    'OUTPUT CONVENTIONS',
    '- A period column (month, fiscal_period, quarter, fiscal_quarter) holds the period number within its year: 1-12 for months, 1-4 for quarters; fiscal periods count from the first month of the fiscal year.',
    '- growth_pct is the percent change from the period before, so the first period of a year is compared with the last period of the year before; change_pct compares current_total with prior_total; share_pct is a percent of the year total.',
    '- Amounts, averages and percentages are rounded to 2 decimals.',
    '- Rankings put the largest first; ties go to the lower id (or the name first in alphabetical order).',
    '- A period or group with no qualifying rows has no row in the result (not a row of 0 or NULL); growth_pct then compares with the nearest earlier period that has rows.',
    '',
    ...hiddenInstancesBlock(scenario),
    `DATA DICTIONARY TABLE: ${scenario.dictionaryTable}`,
    `GLOSSARY TABLE: ${scenario.glossaryTable}`,
    'Definitions, codes, units and what NULL means are documented in those two tables (query them like any table), not in the schema below.',
    '',
    `SCHEMA (SQLite; dates are TEXT in ISO format, so they compare as strings)\n${schema}`,
    '',
    samples,
    '',
    'ACTIONS (send one JSON object per step)',
    '- {"type": "query", "sql": "SELECT ..."}: runs a read-only query and shows the first ' +
      `${scenario.limits.pageRows} rows${window} and the row count.${budget} Reading a table for the first time earns a small shaping reward ` +
      `(${EXPLORATION_POTENTIAL} in all once every table has been read, whichever the answer needs); it is taken back when the episode ends, so only your submission's grade counts.`,
    submitLine,
    `Rules: one SELECT or WITH statement per action (no writes, PRAGMA, ATTACH or bind parameters such as ? or :name: refused and penalised); a query is stopped after ${scenario.limits.timeoutMs} ms; ` +
      `a submitted query may return at most ${scenario.limits.maxRows} rows. SQL errors and repeated queries (the same SQL up to whitespace) cost a small penalty.`,
    'Grading: the result of your submitted query is compared with the correct result. Exact match (columns by name, rows, order when asked; numbers within 0.006) scores 1; ' +
      'otherwise partial credit for matching rows and values; rows that are not in the answer cost more than missing ones (returning more rows than the answer caps the score at 0.6).',
    '',
    `STATUS: queries run so far: ${state.queriesRun}${budget ? ` (${queriesLeft} left)` : ''}; tables explored: ${state.exploredTables.length ? state.exploredTables.join(', ') : 'none'}.`,
    lastText,
  ].join('\n');
  return { prompt, data };
}
