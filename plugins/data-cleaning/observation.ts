// What the agent sees: the data-quality spec, the reference tables and one page of the table, as text and data.
import type { TaskView } from 'openenv-ts';
import type { DataCleaningData } from './schemas.js';
import { PIPELINE_OPS, SOURCE_OPS, TRANSFORM_OPS } from './schemas.js';
import { HABIT_GENERALITY_RULE, sourceSystemsRule, survivorshipRule } from './source-systems.js';
import type { CleaningScenario, CleaningState, TableRow } from './types.js';
import { SPACE_MARK, visibleSpaces } from './transitions.js';

export const GENERAL_RULES = [
  'No cell may be empty.',
  'Text never has leading or trailing spaces or double spaces.',
];

export function duplicateRule(scenario: CleaningScenario): string {
  const key = scenario.keyColumn;
  const sample = scenario.truth.find((t) => t.keep)?.cells[key] ?? '';
  const byKey = `Two rows of ${scenario.tableName} whose ${key} values are equal once each is repaired to this spec (${sample} and a repairable variant of it) are the same record (an exact or near duplicate)`;
  const keep = 'keep only the row with the lowest row_id (repair its cells if needed) and delete the others';
  const survivorship = scenario.sources ? ` ${survivorshipRule(scenario.sources, scenario.tableName)}` : '';
  if (scenario.identityColumns.length === 0) return `${byKey}: ${keep}.${survivorship}`;
  const [first, second] = scenario.identityColumns as [string, string];
  return (
    `${byKey}. A record of ${scenario.tableName} was also entered a second time under a new ${key}: two rows whose ${first} and ${second} are both equal once repaired are one record whatever their ${key} values, ` +
    `and the row with the lowest row_id holds its true ${key}. Rows of ${scenario.tableName} that share the ${first} but not the ${second} (or the other way round) are different records and both stay. ` +
    `Of the rows of one record, ${keep}.${survivorship}`
  );
}

/** The rows a view window selects: filter first, then offset and limit. */
export function rowsInView(state: CleaningState): { matching: TableRow[]; shown: TableRow[] } {
  const { offset, limit, filterColumn, filterValue } = state.view;
  let matching = state.rows.slice();
  if (filterColumn !== null && filterValue !== null) {
    const needle = filterValue.toLowerCase();
    matching = matching.filter((row) => {
      const cell = filterColumn === 'row_id' ? String(row.row_id) : row.cells[filterColumn] ?? null;
      if (needle === '') return cell === null || cell === '';
      return cell !== null && cell.toLowerCase().includes(needle);
    });
  }
  return { matching, shown: matching.slice(offset, offset + limit) };
}

function specText(scenario: CleaningScenario): string {
  const lines = ['Every column:', ...GENERAL_RULES.map((r) => `- ${r}`)];
  lines.push('Columns (row_id is the stable row identifier and never changes):');
  for (const column of scenario.columns) {
    const key = column.isKey ? ', identifies the record' : '';
    const example = column.example ? ` Example: ${JSON.stringify(column.example)}.` : '';
    lines.push(`- ${column.name} [${column.kind}${key}]: ${column.rule}${example}`);
  }
  if (scenario.sources) lines.push(`Source systems: ${sourceSystemsRule(scenario.sources)}${scenario.hiddenBatches.length ? ` ${HABIT_GENERALITY_RULE}` : ''}`);
  lines.push(`Duplicates: ${duplicateRule(scenario)}`);
  return lines.join('\n');
}

/** Whether a reference table's rows are in the observation now: always, or once opened when they are on request. */
function rowsShown(scenario: CleaningScenario, state: CleaningState, name: string): boolean {
  return !scenario.referencesOnRequest || state.openReference === name;
}

function referenceText(scenario: CleaningScenario, state: CleaningState): string {
  if (!scenario.references.length) return '(none)';
  return scenario.references
    .map((table) => {
      const span = `${table.rows.length} rows, from ${table.rows[0]!.join(' = ')} to ${table.rows.at(-1)!.join(' = ')}`;
      const head = `- ${table.name} [${table.columns.join(' = ')}]: ${table.description}, for ${scenario.tableName} (${span}).`;
      if (!rowsShown(scenario, state, table.name)) return `${head} Open it with view_reference to see its rows.`;
      return `${head} Rows: ${table.rows.map((r) => r.join(' = ')).join('; ')}`;
    })
    .join('\n');
}

/** The scoped transform and the ops that undo a system's habit, at levels with source systems. */
const SOURCE_ACTIONS_TEXT =
  '- Add "where_column":"<column>","where_value":"<exact cell text>" to a transform_column to change only the rows whose cell in where_column equals where_value exactly (e.g. one source system\'s rows). ' +
  `More ops, with parameters: ${SOURCE_OPS.join(', ')}. rewrite ("from":"<template>","to":"<template>") rewrites a cell that matches the template from as a whole into the template to: ` +
  '{name} stands for a run of characters other than spaces, dots, hyphens, slashes, commas, @ and colons, the rest is literal ("from":"{a}/{b}","to":"{b}/{a}" turns x/y into y/x). ' +
  'scale ("factor":<number>) multiplies a plain two-decimal amount by the factor, rounded to the cent.';

/** The pipeline level: what is replayed on the feed's other batches, what is not, and how the batches weigh. */
export function feedText(scenario: CleaningScenario): string {
  const hidden = scenario.hiddenBatches.length;
  const each = ((1 - scenario.visibleWeight) / hidden).toFixed(3).replace(/0+$/, '');
  return (
    `This table is one batch of a feed: tomorrow's batches come from the same source systems. Your pipeline is graded on them. ` +
    `Every transform_column and deduplicate you send that is not refused is a step of your pipeline; at submit the pipeline is replayed, in the order you sent it, on ${hidden} other batches of the same feed ` +
    '(the same spec, columns, source systems and their habits, and reference tables; other rows, duplicates and slips, in which the cases this spec names occur in other proportions, including cases this batch does not happen to show). ' +
    'update_cell and delete_row fix this batch only: they are not replayed. ' +
    `The grade is ${scenario.visibleWeight} x this batch's grade (as it stands at submit) + ${each} x the grade of each other batch after your pipeline, each batch graded by the Grading rule under Actions. ` +
    'So write each rule for every value the spec says can occur, not only the values this batch shows, and make sure no rule changes a value that is already right.'
  );
}

/** The row-level ops and deduplicate, at the pipeline level. */
const PIPELINE_ACTIONS_TEXT =
  `- More transform_column ops that read the row or a reference table: ${PIPELINE_OPS.join(', ')}. ` +
  'map ("values":{"<exact cell text>":"<new text>",...}) replaces a cell equal to a key. ' +
  'lookup ("reference":"<reference table>","key_column":"<column>") sets the cell, also an empty one, to the second column of the reference row whose first column equals the row\'s key_column cell (no such row: unchanged). ' +
  'order_dates ("other_column":"<date column>") exchanges the two cells of a row where the date in column is before the date in other_column (both read as stored, YYYY-MM-DD or DD.MM.YYYY). ' +
  'product_of ("columns":["<a>","<b>"]) sets the cell to a x b, quotient_of ("columns":["<a>","<b>"]) to a / b, as a two-decimal amount rounded to the cent, where both operands are plain numbers. ' +
  'All of them take where_column/where_value too.\n' +
  '- {"type":"deduplicate","by":["<column>",...],"latest_column":"<date column>","keep_columns":["<column>",...]} deletes every row whose cells in all by columns equal those of a row with a lower row_id (an empty cell never matches); ' +
  'with latest_column, the kept row of each group first takes the values of the group\'s row with the latest date in latest_column (read as stored), except in keep_columns. It is a pipeline step too.';

/** What the level's grading tells before the end: nothing, where the table is graded at submit. */
const SUBMIT_GRADING_TEXT =
  'At this level the table is graded only when you submit: until then every step pays 0 and no feedback says whether a change was right. ' +
  'The step limit (max_steps) counts every action, views included; submit before it, or the table is graded as untouched (0.1).';

/** The action budget in words, where the scenario has one. */
function budgetText(budget: number, left: number): string {
  return (
    `Action budget: this episode allows ${budget} actions in all, views and refused actions included (${left} left, actions_left in the data); ` +
    'the action that spends the last one is applied and then the table is submitted as it stands, so plan reads and repairs to fit.'
  );
}

const ACTIONS_TEXT = [
  'Send exactly one JSON action per step:',
  '- {"type":"view","offset":0,"limit":20} shows rows of the table (limit 1-40). Add "filter_column":"<column>","filter_value":"<text>" to list only rows whose cell contains that text (case-insensitive; "" lists empty cells).',
  '- {"type":"view_reference","table":"<name>"} shows the rows of a reference table (needed where the reference tables are listed by name only).',
  '- {"type":"update_cell","row_id":12,"column":"<column>","value":"<new text>"} sets one cell.',
  '- {"type":"delete_row","row_id":7} deletes a row (use it for duplicates only).',
  `- {"type":"transform_column","column":"<column>","op":"<op>"} applies an op to every non-empty cell of a column; ops: ${TRANSFORM_OPS.join(', ')}. ` +
    'trim strips outer spaces and collapses inner runs; lower/upper change case; title capitalises each space-separated word; normalize_date rewrites recognised date layouts as YYYY-MM-DD; ' +
    'normalize_phone rewrites 10 digits (or 11 starting with 1) as +1-AAA-EEE-NNNN; to_number drops currency signs, thousands separators and spaces and writes two decimals (a bare whole number is left alone). ' +
    'An op changes every cell it can read, right or wrong, so check a column before transforming it; its feedback lists each change as old -> new.',
  '- {"type":"submit"} ends the episode; the table is graded as it stands.',
  'Grading: an untouched table scores 0.1. You gain for every defective cell set to its correct value and every duplicate row deleted; ' +
    'every correct cell you change costs twice what a repair gains, and deleting a row that is not a duplicate costs that for each of its cells.',
].join('\n');

/** The correction budget in words; the framework enforces it and reports `corrections_left` in every observation. */
function correctionsText(budget: number): string {
  const allowance = budget === 0 ? 'no corrections are allowed' : budget === 1 ? '1 correction is allowed' : `${budget} corrections are allowed`;
  return (
    'Corrections: update_cell on a cell you already set with update_cell, to a different value, is a correction; ' +
    `this episode ${allowance} (corrections_left in the observation counts down), after that such an update is refused and penalised. Get each cell right the first time.`
  );
}

function renderRows(scenario: CleaningScenario, rows: readonly TableRow[]): string {
  const header = ['row_id', ...scenario.columns.map((c) => c.name)].join(' | ');
  const body = rows.map((row) => JSON.stringify([row.row_id, ...scenario.columns.map((c) => (row.cells[c.name] === null || row.cells[c.name] === undefined ? null : visibleSpaces(row.cells[c.name]!)))]));
  return [header, ...body].join('\n');
}

export function observe(scenario: CleaningScenario, state: CleaningState): TaskView<DataCleaningData> {
  const { matching, shown } = rowsInView(state);
  const { offset, limit, filterColumn, filterValue } = state.view;
  const filterText = filterColumn !== null ? `, filter ${filterColumn} contains ${JSON.stringify(filterValue)}` : '';
  const range = shown.length
    ? `rows ${offset + 1}-${offset + shown.length} of ${matching.length}${filterText}`
    : `no rows at offset ${offset} of ${matching.length}${filterText}`;
  const prompt = [
    `You are a data analyst cleaning the "${scenario.tableName}" table. ${scenario.about}`,
    'Repair the table until every cell meets the data-quality spec and every duplicate row is deleted, without changing cells that are already right; then submit.',
    '',
    '## Data-quality spec',
    specText(scenario),
    '',
    '## Reference tables',
    referenceText(scenario, state),
    '',
    '## Actions',
    ACTIONS_TEXT,
    ...(scenario.sources ? [SOURCE_ACTIONS_TEXT] : []),
    ...(scenario.hiddenBatches.length ? [PIPELINE_ACTIONS_TEXT, '', '## The feed', feedText(scenario)] : []),
    ...(scenario.gradedAtSubmit ? [SUBMIT_GRADING_TEXT] : []),
    ...(scenario.actionBudget !== null ? [budgetText(scenario.actionBudget, scenario.actionBudget - state.actions)] : []),
    correctionsText(scenario.correctionBudget),
    '',
    `## Table ${scenario.tableName}: ${range} (${state.rows.length} rows in the table)`,
    `Each row is a JSON array in the header's column order, null is an empty cell. ` +
      `A leading, trailing or doubled space is shown as ${SPACE_MARK}, one mark per space, while the stored cell holds plain spaces: write plain spaces in update_cell, never ${SPACE_MARK}.`,
    renderRows(scenario, shown),
    '',
    `Deleted rows: ${state.deleted.length ? state.deleted.join(', ') : 'none'}. Cell values changed so far: ${state.cellChanges}.`,
  ].join('\n');

  const hints = scenario.structuredHints;
  const data: DataCleaningData = {
    table: scenario.tableName,
    about: scenario.about,
    columns: scenario.columns.map((c) => ({
      name: c.name,
      kind: c.kind,
      rule: c.rule,
      example: c.example,
      // Without structured hints only the prose rule states these (the hardest level), so it must be read.
      pattern: hints ? (c.pattern ?? null) : null,
      allowed: hints && c.allowed ? [...c.allowed] : null,
      synonyms: hints && c.synonyms ? { ...c.synonyms } : null,
      lookup: hints && c.lookup ? { ...c.lookup } : null,
      decimals: hints && c.decimals ? { column: c.decimals.column, digits: { ...c.decimals.digits } } : null,
      product: hints && c.product ? { ...c.product } : null,
      not_before: hints && c.notBefore ? c.notBefore : null,
      is_key: c.isKey ?? false,
    })),
    general_rules: [...GENERAL_RULES],
    duplicate_rule: duplicateRule(scenario),
    reference_tables: scenario.references.map((t) => ({
      name: t.name,
      description: t.description,
      columns: [...t.columns],
      row_count: t.rows.length,
      rows: rowsShown(scenario, state, t.name) ? t.rows.map((r) => [...r]) : null,
    })),
    view: {
      offset,
      limit,
      filter_column: filterColumn,
      filter_value: filterValue,
      matching_rows: matching.length,
      rows: shown.map((row) => ({ row_id: row.row_id, ...row.cells })),
    },
    row_count: state.rows.length,
    deleted_row_ids: [...state.deleted],
    cell_changes: state.cellChanges,
    graded_at_submit: scenario.gradedAtSubmit,
    actions_left: scenario.actionBudget === null ? null : scenario.actionBudget - state.actions,
    hidden_batches: scenario.hiddenBatches.length,
    pipeline_steps: state.pipeline.length,
  };
  return { prompt, data };
}
