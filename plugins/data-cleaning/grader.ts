// The grader: repairs and duplicate removals (recall) against damage to correct data (precision), in [0, 1].
import type { Grade } from 'openenv-ts';
import { replayPipeline } from './transitions.js';
import type { CleaningScenario, CleaningState, TableRow } from './types.js';

/** The grade of an untouched table: leaving the data alone is better than damaging it, but not by much. */
export const UNTOUCHED_SCORE = 0.1;
/**
 * A damaged cell costs this many repairs: breaking correct data must cost at least what fixing a defect gains
 * (the prompt says so), or a policy that edits at random would break even.
 */
export const DAMAGE_WEIGHT = 2;

export interface GradeCounts {
  /** Cells of rows to keep whose dirty value differs from the truth. */
  readonly defectiveCells: number;
  readonly duplicateRows: number;
  readonly repairedCells: number;
  readonly removedDuplicates: number;
  /** Originally correct cells that are now wrong, counting every correct cell of a wrongly deleted row. */
  readonly damagedCells: number;
  readonly wronglyDeletedRows: number;
}

export function countRepairs(scenario: CleaningScenario, state: CleaningState): GradeCounts {
  const current = new Map<number, TableRow>(state.rows.map((r) => [r.row_id, r]));
  const dirty = new Map<number, TableRow>(scenario.dirty.map((r) => [r.row_id, r]));
  let defectiveCells = 0;
  let duplicateRows = 0;
  let repairedCells = 0;
  let removedDuplicates = 0;
  let damagedCells = 0;
  let wronglyDeletedRows = 0;
  for (const truth of scenario.truth) {
    const now = current.get(truth.row_id);
    if (!truth.keep) {
      duplicateRows += 1;
      if (!now) removedDuplicates += 1;
      continue;
    }
    if (!now) wronglyDeletedRows += 1;
    const was = dirty.get(truth.row_id)!;
    for (const column of scenario.columns) {
      const clean = truth.cells[column.name];
      const right = now !== undefined && (now.cells[column.name] ?? null) === clean;
      if ((was.cells[column.name] ?? null) !== clean) {
        defectiveCells += 1;
        if (right) repairedCells += 1;
      } else if (!right) {
        damagedCells += 1;
      }
    }
  }
  return { defectiveCells, duplicateRows, repairedCells, removedDuplicates, damagedCells, wronglyDeletedRows };
}

/**
 * score = clamp(0.1 + 0.9 * (TP - 2 * FP) / N, 0, 1), where N = defective cells + duplicate rows,
 * TP = repaired cells + removed duplicates, FP = damaged cells (every correct cell of a wrongly deleted row).
 * Linear in TP and FP, so each repair gains 0.9 / N and each damaged cell costs twice that wherever the episode
 * stands (until the score reaches 0): the price of damage does not shrink when little has been repaired yet.
 */
export function gradeState(scenario: CleaningScenario, state: CleaningState): Grade {
  if (scenario.gradedAtSubmit && !state.submitted) {
    // No step before submit may tell a right change from a wrong one: the grade (so the dense reward) stays flat.
    return {
      score: UNTOUCHED_SCORE,
      breakdown: { graded: 0 },
      explanation: 'This level grades the table when it is submitted; until then the grade stays the untouched score.',
    };
  }
  if (scenario.hiddenBatches.length) return gradeFeed(scenario, state);
  return gradeTable(scenario, state);
}

/**
 * A pipeline level's grade: the visible batch as it stands (cell edits included) weighs visibleWeight; each hidden
 * batch, after the replayed pipeline and graded like the visible one, shares the rest. Per-cell edits cannot reach a
 * hidden batch, so a table fixed only by hand earns at most the visible share.
 */
export function gradeFeed(scenario: CleaningScenario, state: CleaningState): Grade {
  const visible = gradeTable(scenario, state);
  const hidden = scenario.hiddenBatches.map((batch) => gradeTable({ ...scenario, ...batch, hiddenBatches: [] }, replayPipeline(scenario, batch, state.pipeline)).score);
  const hiddenMean = hidden.reduce((a, b) => a + b, 0) / hidden.length;
  const score = scenario.visibleWeight * visible.score + (1 - scenario.visibleWeight) * hiddenMean;
  return {
    score,
    breakdown: { ...visible.breakdown, visible_batch: visible.score, hidden_batches_mean: hiddenMean, ...Object.fromEntries(hidden.map((s, i) => [`hidden_batch_${i + 1}`, s])), pipeline_steps: state.pipeline.length },
    explanation:
      `Visible batch ${visible.score.toFixed(3)} (weight ${scenario.visibleWeight}): ${visible.explanation} ` +
      `Pipeline of ${state.pipeline.length} steps replayed on ${hidden.length} other batches: ${hidden.map((s) => s.toFixed(3)).join(', ')}.`,
  };
}

/** The grade of the table as it stands, submitted or not. */
export function gradeTable(scenario: CleaningScenario, state: CleaningState): Grade {
  const counts = countRepairs(scenario, state);
  const needed = counts.defectiveCells + counts.duplicateRows;
  const done = counts.repairedCells + counts.removedDuplicates;
  const damage = counts.damagedCells;
  const net = (done - DAMAGE_WEIGHT * damage) / Math.max(1, needed);
  const score = Math.min(1, Math.max(0, UNTOUCHED_SCORE + (1 - UNTOUCHED_SCORE) * net));
  const recall = needed === 0 ? 1 : done / needed;
  return {
    score,
    breakdown: {
      defective_cells: counts.defectiveCells,
      repaired_cells: counts.repairedCells,
      duplicate_rows: counts.duplicateRows,
      removed_duplicates: counts.removedDuplicates,
      damaged_cells: counts.damagedCells,
      wrongly_deleted_rows: counts.wronglyDeletedRows,
      recall,
      net_repairs: net,
    },
    explanation:
      `Repaired ${counts.repairedCells}/${counts.defectiveCells} defective cells and removed ${counts.removedDuplicates}/${counts.duplicateRows} duplicates; ` +
      `damaged ${counts.damagedCells} correct cells (${counts.wronglyDeletedRows} correct rows deleted).`,
  };
}
