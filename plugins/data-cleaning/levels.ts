// The difficulty levels of the data-cleaning task, easiest first: presets of the config knobs.
import type { TaskLevel } from 'openenv-ts';
import type { DataCleaningConfig } from './schemas.js';

// Defects are capped at 80 cells and duplicates at 8 (scenario-generator.ts), so even the hardest level leaves an
// agent that reads the table (two views of 40 rows) room inside maxSteps for one update per defect.
export const LEVELS: readonly TaskLevel<DataCleaningConfig>[] = [
  {
    name: 'basic',
    description: 'A table of 20-40 rows with one cell in ten defective and 2-4 duplicates; three corrections allowed (the config defaults).',
    config: {},
  },
  {
    name: 'busy',
    description: 'Larger tables (35-50 rows), one cell in seven defective and 3-6 duplicates, most of them near copies.',
    config: { min_rows: 35, max_rows: 50, defect_rate: 0.15, min_duplicates: 3, max_duplicates: 6, near_duplicate_share: 0.85 },
  },
  {
    name: 'dense',
    description: 'Tables of 45-60 rows with one cell in five defective and 5-8 duplicates, all near copies; two corrections allowed.',
    config: { min_rows: 45, max_rows: 60, defect_rate: 0.2, min_duplicates: 5, max_duplicates: 8, near_duplicate_share: 1, correction_budget: 2 },
  },
  {
    name: 'prose-only',
    description: 'Tables of 50-60 rows with one cell in four defective and 6-8 near duplicates; no structured pattern, allowed or synonym fields, so the written rules must be read; one correction allowed.',
    config: {
      min_rows: 50,
      max_rows: 60,
      defect_rate: 0.25,
      min_duplicates: 6,
      max_duplicates: 8,
      near_duplicate_share: 1,
      correction_budget: 1,
      structured_hints: false,
    },
  },
];
