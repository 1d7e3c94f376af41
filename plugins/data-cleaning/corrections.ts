// The correction budget: update_cell can be undone and retried, so setting an already-set cell to another value is rationed.
import type { CorrectionPolicy } from 'openenv-ts';
import type { DataCleaningAction, DataCleaningConfig } from './schemas.js';

/**
 * With a dense reward, trying values in one cell until the reward turns positive would find every answer by
 * trial; the framework counts an update_cell that changes a cell an earlier update_cell set as a correction and
 * refuses it once `correction_budget` is spent. Transforms and deletes are not budgeted: a transform touches a
 * whole column, so it cannot probe one cell, and a delete cannot be undone.
 */
export const cellCorrections: CorrectionPolicy<DataCleaningConfig, DataCleaningAction> = {
  key: (action) => (action.type === 'update_cell' ? `row ${action.row_id}, column ${action.column}` : null),
  // The exact text: in this task "Jane  Doe" and "Jane Doe" are different values, so no respelling is harmless.
  value: (action) => (action.type === 'update_cell' ? action.value : ''),
  budget: (config) => config.correction_budget,
};
