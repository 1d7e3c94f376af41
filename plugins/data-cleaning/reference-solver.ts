// The reference solver: reads the defect record and undoes it exactly (delete duplicates, then restore cells).
import type { DataCleaningAction } from './schemas.js';
import type { CleaningScenario } from './types.js';

export function referenceActions(scenario: CleaningScenario): DataCleaningAction[] {
  const actions: DataCleaningAction[] = [];
  for (const duplicate of [...scenario.duplicates].sort((a, b) => a.row_id - b.row_id)) {
    actions.push({ type: 'delete_row', row_id: duplicate.row_id });
  }
  for (const defect of scenario.defects) {
    actions.push({ type: 'update_cell', row_id: defect.row_id, column: defect.column, value: defect.clean });
  }
  actions.push({ type: 'submit' });
  return actions;
}
