// Difficulty levels of sql-analytics, easiest first: presets of the config knobs (level 1 is today's task).
import type { TaskLevel } from 'openenv-ts';
import type { SqlConfig } from './scenario-generator.js';

export const LEVELS: readonly TaskLevel<SqlConfig>[] = [
  {
    name: 'standard',
    description: 'A few thousand rows, three sample rows per table, 20 result rows shown per query, queries limited only by the step limit.',
    config: {},
  },
  {
    name: 'more-data',
    description: 'Twice the rows, 10 result rows shown per query and at most 10 exploratory queries.',
    config: { row_scale: 2, page_rows: 10, query_budget: 10 },
  },
  {
    name: 'no-samples',
    description: 'No sample rows in the prompt, so value formats must be learnt by querying, within 6 exploratory queries over 2.5 times the rows.',
    config: { row_scale: 2.5, page_rows: 10, sample_rows: 0, query_budget: 6 },
  },
  {
    name: 'expert',
    description: 'Three times the rows, no sample rows, 5 result rows shown per query and at most 3 exploratory queries before the submit.',
    config: { row_scale: 3, page_rows: 5, sample_rows: 0, query_budget: 3 },
  },
];
