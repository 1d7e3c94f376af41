// The reference solver: delete the duplicates, undo each system's habit with one scoped op, then set every cell still off the truth.
import type { DataCleaningAction } from './schemas.js';
import { habitUndo } from './source-systems.js';
import { referencePipeline } from './reference-pipeline.js';
import { initialState, transition } from './transitions.js';
import type { CleaningScenario, PipelineStep } from './types.js';

export function referenceActions(scenario: CleaningScenario): DataCleaningAction[] {
  if (scenario.hiddenBatches.length) return pipelineActions(scenario);
  const actions: DataCleaningAction[] = [];
  for (const duplicate of [...scenario.duplicates].sort((a, b) => a.row_id - b.row_id)) {
    actions.push({ type: 'delete_row', row_id: duplicate.row_id });
  }
  if (!scenario.sources) {
    for (const defect of scenario.defects) {
      actions.push({ type: 'update_cell', row_id: defect.row_id, column: defect.column, value: defect.clean });
    }
    actions.push({ type: 'submit' });
    return actions;
  }
  // A habit hits more cells than the steps allow one by one: one transform scoped to the system undoes it.
  const { sourceColumn, habits } = scenario.sources;
  for (const habit of habits) {
    for (const column of habit.columns) {
      actions.push({ type: 'transform_column', column, ...habitUndo(habit.habit, scenario.conventions.dateLayout), where_column: sourceColumn, where_value: habit.system });
    }
  }
  let state = initialState(scenario);
  for (const action of actions) state = transition(scenario, state, action).state;
  for (const truth of scenario.truth) {
    if (!truth.keep) continue;
    const row = state.rows.find((r) => r.row_id === truth.row_id)!;
    for (const column of scenario.columns) {
      const value = truth.cells[column.name]!;
      if ((row.cells[column.name] ?? null) !== value) actions.push({ type: 'update_cell', row_id: truth.row_id, column: column.name, value });
    }
  }
  actions.push({ type: 'submit' });
  return actions;
}

/**
 * A pipeline level: the reference pipeline (written from the spec and the habits, replayed on the hidden batches),
 * then whatever the visible batch still needs, by hand (those edits reach the visible batch only).
 */
export function pipelineActions(scenario: CleaningScenario, pipeline: readonly PipelineStep[] = referencePipeline(scenario)): DataCleaningAction[] {
  const actions: DataCleaningAction[] = [...pipeline];
  let state = initialState(scenario);
  for (const action of actions) state = transition(scenario, state, action).state;
  for (const truth of scenario.truth) {
    const row = state.rows.find((r) => r.row_id === truth.row_id);
    if (!truth.keep) {
      if (row) actions.push({ type: 'delete_row', row_id: truth.row_id });
      continue;
    }
    if (!row) continue;
    for (const column of scenario.columns) {
      const value = truth.cells[column.name]!;
      if ((row.cells[column.name] ?? null) !== value) actions.push({ type: 'update_cell', row_id: truth.row_id, column: column.name, value });
    }
  }
  actions.push({ type: 'submit' });
  return actions;
}
