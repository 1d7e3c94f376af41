// The pure transition of the data-cleaning task: applies one action to the table and says what happened.
import type { Transition } from 'openenv-ts';
import { applyOp, templateProblem } from './column-ops.js';
import { applyRowOp, deduplicate, rowOpProblem } from './pipeline-ops.js';
import type { DataCleaningAction } from './schemas.js';
import { DEFAULT_VIEW_LIMIT, PIPELINE_OPS } from './schemas.js';
import type { CellValue, CleaningScenario, CleaningState, FeedBatch, PipelineStep, TableRow } from './types.js';

export function initialState(scenario: CleaningScenario): CleaningState {
  return {
    rows: scenario.dirty,
    deleted: [],
    view: { offset: 0, limit: DEFAULT_VIEW_LIMIT, filterColumn: null, filterValue: null },
    cellChanges: 0,
    openReference: null,
    submitted: false,
    actions: 0,
    pipeline: [],
  };
}

/**
 * A hidden batch of the feed after the pipeline: the batch's own table, then every recorded column-level step in
 * order (steps refused on this batch change nothing). Cell edits and row deletions are not part of a pipeline.
 */
export function replayPipeline(scenario: CleaningScenario, batch: FeedBatch, pipeline: readonly PipelineStep[]): CleaningState {
  const batchScenario: CleaningScenario = { ...scenario, ...batch, actionBudget: null };
  let state = initialState(batchScenario);
  for (const step of pipeline) state = applyAction(batchScenario, state, step).state;
  return state;
}

/** The levels below the pipeline level keep their own action set: the row-level ops and deduplicate are refused there. */
const PIPELINE_ONLY = `The ops ${PIPELINE_OPS.join(', ')} and the deduplicate action exist at the pipeline level only (a level whose table is one batch of a feed).`;

/** The state after a successful column-level step, with the step added to the pipeline. */
function withStep(state: CleaningState, step: PipelineStep): CleaningState {
  return { ...state, pipeline: [...state.pipeline, step] };
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_v, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** Checks a column name for an action; returns an error text, or null when the column can be used. */
export function columnProblem(scenario: CleaningScenario, column: string, allowRowId: boolean): string | null {
  if (column === 'row_id') return allowRowId ? null : 'row_id is the stable row identifier and cannot be changed';
  const names = scenario.columns.map((c) => c.name);
  if (names.includes(column)) return null;
  const closest = names.reduce((best, name) => (editDistance(column, name) < editDistance(column, best) ? name : best));
  const hint = editDistance(column, closest) <= Math.max(2, Math.floor(closest.length / 3)) ? ` Did you mean "${closest}"?` : '';
  return `Unknown column "${column}"; the columns are ${names.join(', ')}.${hint}`;
}

function rowProblem(scenario: CleaningScenario, state: CleaningState, rowId: number): string {
  if (state.deleted.includes(rowId)) return `Row ${rowId} was already deleted.`;
  return `Unknown row_id ${rowId}; the table's row_ids run from 1 to ${scenario.dirty.length}.`;
}

/** How a cell is quoted in feedback: JSON, with stray spaces made visible (see visibleSpaces). */
export function showCell(value: CellValue): string {
  return value === null ? '(empty)' : JSON.stringify(visibleSpaces(value));
}

/** The mark shown for a leading, trailing or doubled space (U+2423 OPEN BOX); the stored cell holds a plain space. */
export const SPACE_MARK = '\u2423';

/**
 * A cell as the prompt shows it: every leading or trailing space and every space of a run of two or more is shown
 * as SPACE_MARK, so a whitespace defect is seen, not guessed from the width of a JSON string.
 */
export function visibleSpaces(value: string): string {
  return value
    .replace(/^ +| +$/g, (run) => SPACE_MARK.repeat(run.length))
    .replace(/ {2,}/g, (run) => SPACE_MARK.repeat(run.length));
}

function replaceRow(rows: readonly TableRow[], next: TableRow): TableRow[] {
  return rows.map((row) => (row.row_id === next.row_id ? next : row));
}

/** Changes listed one by one in a transform's feedback; more are counted, so a column op's effect can be checked. */
const LISTED_CHANGES = 25;

function listChanges(changes: readonly { row_id: number; before: string; after: string }[]): string {
  const shown = changes.slice(0, LISTED_CHANGES).map((c) => `row ${c.row_id}: ${showCell(c.before)} -> ${showCell(c.after)}`);
  const more = changes.length > LISTED_CHANGES ? `; and ${changes.length - LISTED_CHANGES} more` : '';
  return shown.length ? `: ${shown.join('; ')}${more}` : '';
}

/**
 * One action. Where the scenario has an action budget, every action spends one (views too, refused ones too); the
 * action that spends the last one is applied and the table is then submitted as it stands.
 */
export function transition(scenario: CleaningScenario, state: CleaningState, action: DataCleaningAction): Transition<CleaningState> {
  if (scenario.actionBudget === null) return applyAction(scenario, state, action);
  const counted = { ...state, actions: state.actions + 1 };
  const result = applyAction(scenario, counted, action);
  if (result.done || counted.actions < scenario.actionBudget) return result;
  const note = `The action budget (${scenario.actionBudget}) is spent: the table was submitted as it stands.`;
  return { ...result, state: { ...result.state, submitted: true }, done: true, feedback: [result.feedback, note].filter(Boolean).join(' ') };
}

function applyAction(scenario: CleaningScenario, state: CleaningState, action: DataCleaningAction): Transition<CleaningState> {
  switch (action.type) {
    case 'view': {
      const hasColumn = action.filter_column !== undefined;
      const hasValue = action.filter_value !== undefined;
      if (hasColumn !== hasValue) return { state, error: 'A filter needs both filter_column and filter_value (or neither).' };
      if (hasColumn) {
        const problem = columnProblem(scenario, action.filter_column!, true);
        if (problem) return { state, error: problem };
      }
      const view = {
        offset: action.offset,
        limit: action.limit,
        filterColumn: action.filter_column ?? null,
        filterValue: action.filter_value ?? null,
      };
      return { state: { ...state, view }, feedback: 'View updated; the table page below shows it.' };
    }
    case 'view_reference': {
      const table = scenario.references.find((t) => t.name === action.table);
      if (!table) return { state, error: `Unknown reference table "${action.table}"; the reference tables are ${scenario.references.map((t) => t.name).join(', ') || 'none'}.` };
      return { state: { ...state, openReference: table.name }, feedback: `Reference table ${table.name} opened (${table.rows.length} rows); the observation shows it.` };
    }
    case 'update_cell': {
      const problem = columnProblem(scenario, action.column, false);
      if (problem) return { state, error: problem };
      const row = state.rows.find((r) => r.row_id === action.row_id);
      if (!row) return { state, error: rowProblem(scenario, state, action.row_id) };
      const before = row.cells[action.column] ?? null;
      const after: CellValue = action.value === '' ? null : action.value;
      if (before === after) {
        return { state, feedback: `Row ${row.row_id}, ${action.column} already holds ${showCell(before)}; nothing changed.` };
      }
      const next: TableRow = { row_id: row.row_id, cells: { ...row.cells, [action.column]: after } };
      return {
        state: { ...state, rows: replaceRow(state.rows, next), cellChanges: state.cellChanges + 1 },
        feedback: `Row ${row.row_id}, ${action.column}: ${showCell(before)} -> ${showCell(after)}.`,
      };
    }
    case 'delete_row': {
      const row = state.rows.find((r) => r.row_id === action.row_id);
      if (!row) return { state, error: rowProblem(scenario, state, action.row_id) };
      const rows = state.rows.filter((r) => r.row_id !== action.row_id);
      return {
        state: { ...state, rows, deleted: [...state.deleted, action.row_id].sort((a, b) => a - b) },
        feedback: `Row ${action.row_id} deleted; ${rows.length} rows remain.`,
      };
    }
    case 'transform_column': {
      const problem = columnProblem(scenario, action.column, false);
      if (problem) return { state, error: problem };
      // null and absent are the same: no scope, no template, no factor.
      const scoped = action.where_column != null;
      if (scoped !== (action.where_value != null)) return { state, error: 'A scoped transform needs both where_column and where_value (or neither).' };
      if (scoped) {
        const whereProblem = columnProblem(scenario, action.where_column!, true);
        if (whereProblem) return { state, error: whereProblem };
      }
      if (action.op === 'rewrite') {
        if (action.from == null || action.to == null) return { state, error: 'rewrite needs the templates "from" and "to".' };
        const templates = templateProblem(action.from, action.to);
        if (templates) return { state, error: templates };
      }
      if (action.op === 'scale' && action.factor == null) return { state, error: 'scale needs a "factor".' };
      const rowLevel = (PIPELINE_OPS as readonly string[]).includes(action.op);
      if (rowLevel && !scenario.hiddenBatches.length) return { state, error: PIPELINE_ONLY };
      if (rowLevel) {
        const paramProblem = rowOpProblem(action.op, action, scenario.references);
        if (paramProblem) return { state, error: paramProblem };
        for (const named of [action.key_column, action.other_column, ...(action.columns ?? [])]) {
          const namedProblem = named == null ? null : columnProblem(scenario, named, false);
          if (namedProblem) return { state, error: namedProblem };
        }
      }
      const inScope = (row: TableRow) =>
        !scoped || (action.where_column === 'row_id' ? String(row.row_id) : row.cells[action.where_column!] ?? '') === action.where_value;
      const changed: { row_id: number; before: string; after: string }[] = [];
      const rows = state.rows.map((row) => {
        const value = row.cells[action.column] ?? null;
        if (rowLevel) {
          if (!inScope(row)) return row;
          const updates = Object.entries(applyRowOp(action.op, action.column, row, action, scenario.references)).filter(([c, v]) => (row.cells[c] ?? null) !== v);
          if (!updates.length) return row;
          for (const [c, v] of updates) if (c === action.column) changed.push({ row_id: row.row_id, before: row.cells[c] ?? '', after: v });
          return { row_id: row.row_id, cells: { ...row.cells, ...Object.fromEntries(updates) } };
        }
        if (value === null || !inScope(row)) return row;
        const next = applyOp(action.op, value, { from: action.from ?? undefined, to: action.to ?? undefined, factor: action.factor ?? undefined });
        if (next === value) return row;
        changed.push({ row_id: row.row_id, before: value, after: next });
        return { row_id: row.row_id, cells: { ...row.cells, [action.column]: next } };
      });
      const scope = scoped ? ` (rows where ${action.where_column} is ${JSON.stringify(action.where_value)})` : '';
      const step = action.op === 'order_dates' ? ` (and ${action.other_column} of the same rows)` : '';
      return {
        state: withStep({ ...state, rows, cellChanges: state.cellChanges + changed.length * (action.op === 'order_dates' ? 2 : 1) }, action),
        feedback: `${action.op} on ${action.column}${scope}${step} changed ${changed.length} of ${state.rows.length} cells${listChanges(changed)}.`,
      };
    }
    case 'deduplicate': {
      if (!scenario.hiddenBatches.length) return { state, error: PIPELINE_ONLY };
      for (const named of [...action.by, ...(action.latest_column != null ? [action.latest_column] : []), ...(action.keep_columns ?? [])]) {
        const problem = columnProblem(scenario, named, false);
        if (problem) return { state, error: problem };
      }
      const result = deduplicate(state.rows, action);
      const survivors = result.changedCells ? `; kept rows took ${result.changedCells} newer values` : '';
      return {
        state: withStep({ ...state, rows: result.rows, deleted: [...state.deleted, ...result.deleted].sort((a, b) => a - b), cellChanges: state.cellChanges + result.changedCells }, action),
        feedback: `deduplicate by ${action.by.join(', ')} deleted ${result.deleted.length} rows${result.deleted.length ? ` (${result.deleted.join(', ')})` : ''}${survivors}; ${result.rows.length} rows remain.`,
      };
    }
    case 'submit':
      return { state: { ...state, submitted: true }, done: true, feedback: `Submitted with ${state.rows.length} rows.` };
  }
}
