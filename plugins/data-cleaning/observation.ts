// What the agent sees: the data-quality spec, the reference tables and one page of the table, as text and data.
import type { TaskView } from 'openenv-ts';
import type { DataCleaningData } from './schemas.js';
import { TRANSFORM_OPS } from './schemas.js';
import type { CleaningScenario, CleaningState, TableRow } from './types.js';

export const GENERAL_RULES = [
  'No cell may be empty.',
  'Text never has leading or trailing spaces or double spaces.',
];

export function duplicateRule(scenario: CleaningScenario): string {
  return (
    `Two rows whose ${scenario.keyColumn} values are equal once each is repaired to this spec are the same record ` +
    '(an exact or near duplicate): keep only the row with the lowest row_id (repair its cells if needed) and delete the others.'
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
  lines.push(`Duplicates: ${duplicateRule(scenario)}`);
  return lines.join('\n');
}

function referenceText(scenario: CleaningScenario): string {
  return scenario.references
    .map((table) => {
      const rows = table.rows.map((r) => r.join(' = ')).join('; ');
      return `- ${table.name} [${table.columns.join(' = ')}]: ${table.description}. Rows: ${rows}`;
    })
    .join('\n');
}

const ACTIONS_TEXT = [
  'Send exactly one JSON action per step:',
  '- {"type":"view","offset":0,"limit":20} shows rows of the table (limit 1-40). Add "filter_column":"<column>","filter_value":"<text>" to list only rows whose cell contains that text (case-insensitive; "" lists empty cells).',
  '- {"type":"update_cell","row_id":12,"column":"<column>","value":"<new text>"} sets one cell.',
  '- {"type":"delete_row","row_id":7} deletes a row (use it for duplicates only).',
  `- {"type":"transform_column","column":"<column>","op":"<op>"} applies an op to every non-empty cell of a column; ops: ${TRANSFORM_OPS.join(', ')}. ` +
    'trim strips outer spaces and collapses inner runs; lower/upper change case; title capitalises each space-separated word; normalize_date rewrites recognised date layouts as YYYY-MM-DD; ' +
    'normalize_phone rewrites 10 digits (or 11 starting with 1) as +1-AAA-EEE-NNNN; to_number drops currency signs, thousands separators and spaces and writes two decimals (a bare whole number is left alone). ' +
    'An op changes every cell it can read, right or wrong, so check a column before transforming it.',
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
  const body = rows.map((row) => JSON.stringify([row.row_id, ...scenario.columns.map((c) => row.cells[c.name] ?? null)]));
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
    referenceText(scenario),
    '',
    '## Actions',
    ACTIONS_TEXT,
    correctionsText(scenario.correctionBudget),
    '',
    `## Table: ${range} (${state.rows.length} rows in the table; each row is a JSON array in the header's column order, null = empty cell)`,
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
      lookup: c.lookup ? { ...c.lookup } : null,
      decimals: c.decimals ? { column: c.decimals.column, digits: { ...c.decimals.digits } } : null,
      is_key: c.isKey ?? false,
    })),
    general_rules: [...GENERAL_RULES],
    duplicate_rule: duplicateRule(scenario),
    reference_tables: scenario.references.map((t) => ({ name: t.name, description: t.description, columns: [...t.columns], rows: t.rows.map((r) => [...r]) })),
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
  };
  return { prompt, data };
}
