// The difficulty levels of the data-cleaning task, easiest first: presets of the config knobs.
import type { TaskLevel } from 'openenv-ts';
import type { DataCleaningConfig } from './schemas.js';

// Defects are capped at 80 cells and duplicates at 8 (scenario-generator.ts), so even the hardest level leaves an
// agent that reads the table (two views of 40 rows) room inside maxSteps for one update per defect.
export const LEVELS: readonly TaskLevel<DataCleaningConfig>[] = [
  {
    name: 'basic',
    description: 'A table of 20-40 rows, one cell in ten defective and 2-4 duplicates by key; each cell is repaired from its column rule in prose; three corrections allowed (the config defaults).',
    config: {},
  },
  {
    name: 'cross-column',
    description: 'Larger tables (30-45 rows), one cell in seven defective, a third of the defects breaking a rule between columns (dates typed into each other, a total that is not quantity x price); two corrections allowed.',
    config: { min_rows: 30, max_rows: 45, defect_rate: 0.15, min_duplicates: 3, max_duplicates: 5, near_duplicate_share: 0.85, cross_column_share: 0.35, correction_budget: 2 },
  },
  {
    name: 'entities',
    description: 'Tables of 40-55 rows, one cell in five defective; records entered twice under a new key must be matched by their identity columns, among look-alike distinct records; reference tables are opened with view_reference.',
    config: {
      min_rows: 40,
      max_rows: 55,
      defect_rate: 0.2,
      min_duplicates: 4,
      max_duplicates: 6,
      near_duplicate_share: 1,
      cross_column_share: 0.35,
      entity_resolution: true,
      references_on_request: true,
      correction_budget: 2,
    },
  },
  {
    name: 'expert',
    description:
      'Tables of 50-60 rows from three source systems, two of which have an export habit the spec does not name (dates month first, names family first, prices in cents) that hits every row they sent and shows only in some; ' +
      'more defective cells than steps, so habits are undone with transforms scoped to a system; duplicates merged by the latest update (survivorship); ' +
      'records re-entered under new keys among look-alikes, reference tables on request, one correction, and graded only at submit (no reward before it).',
    config: {
      min_rows: 50,
      max_rows: 60,
      defect_rate: 0.14,
      min_duplicates: 6,
      max_duplicates: 8,
      near_duplicate_share: 1,
      cross_column_share: 0.45,
      entity_resolution: true,
      references_on_request: true,
      correction_budget: 1,
      source_systems: true,
      graded_at_submit: true,
      action_slack: 12,
    },
  },
  {
    name: 'pipeline',
    description:
      'One batch of a feed from three source systems with unnamed export habits, graded mostly on other batches: the column-level operations (transform_column, deduplicate) form a pipeline that is replayed at submit on 3 hidden batches of the same feed ' +
      '(same spec, systems, habits and reference tables, other rows, the documented cases in other proportions); cell edits fix the visible batch only, which weighs 0.2 of the grade; graded only at submit.',
    config: {
      min_rows: 40,
      max_rows: 50,
      defect_rate: 0.14,
      min_duplicates: 4,
      max_duplicates: 6,
      near_duplicate_share: 1,
      cross_column_share: 0.35,
      entity_resolution: true,
      references_on_request: true,
      correction_budget: 1,
      source_systems: true,
      graded_at_submit: true,
      hidden_batches: 3,
      visible_weight: 0.2,
    },
  },
];
