// Zod schemas of the data-cleaning task: difficulty config, agent actions and the structured observation.
import { z } from 'zod';
import { actionVariant } from 'openenv-ts';

export const MAX_VIEW_LIMIT = 40;
export const DEFAULT_VIEW_LIMIT = 20;

export const configSchema = z.strictObject({
  domain: z
    .enum(['any', 'customers', 'orders', 'invoices', 'employees', 'bookings', 'inventory'])
    .default('any')
    .describe('Business domain of the table; "any" lets the seed choose'),
  min_rows: z.number().int().min(10).max(60).default(20).describe('Fewest rows in the dirty table, duplicates included'),
  max_rows: z.number().int().min(10).max(60).default(40).describe('Most rows in the dirty table, duplicates included'),
  defect_rate: z
    .number()
    .min(0.02)
    .max(0.3)
    .default(0.1)
    .describe('Share of the data cells (row_id excluded) given a defect; at most 80 cell defects are injected'),
  min_duplicates: z.number().int().min(0).max(8).default(1).describe('Fewest duplicate rows (at most a quarter of the rows)'),
  max_duplicates: z.number().int().min(0).max(8).default(3).describe('Most duplicate rows (at most a quarter of the rows)'),
  near_duplicate_share: z
    .number()
    .min(0)
    .max(1)
    .default(0.85)
    .describe('Chance that a duplicate is a near copy (formatting differences) rather than an exact copy'),
  correction_budget: z
    .number()
    .int()
    .min(0)
    .max(20)
    .default(3)
    .describe('How many times an episode may set a cell it already set with update_cell to a different value (so the dense reward cannot be used to try values until one pays)'),
  structured_hints: z
    .boolean()
    .default(false)
    .describe("Whether the observation data gives each column's pattern, allowed values, synonyms and column links (lookup, decimals, product, not_before) as fields; when false only the prose rule states them"),
  cross_column_share: z
    .number()
    .min(0)
    .max(0.6)
    .default(0)
    .describe('Share of the defects that break a rule between columns (two dates typed into each other, a total that is not quantity x price) rather than one cell'),
  entity_resolution: z
    .boolean()
    .default(false)
    .describe('Some duplicates are the record entered again under a new key, found only by the identity columns the spec names; look-alike distinct records are mixed in'),
  references_on_request: z
    .boolean()
    .default(false)
    .describe('Reference tables are listed by name only and opened one at a time with view_reference, as another table of the database would be'),
  source_systems: z
    .boolean()
    .default(false)
    .describe(
      'Each row names the source system it came from and when it was last updated; some systems have export habits the spec does not list (dates month first, names family first, prices in cents) that hit every row of the system, ' +
        'shown by some rows and invisible in others; rows of one record that disagree keep the most recently updated value (survivorship)',
    ),
  action_slack: z
    .number()
    .int()
    .min(0)
    .max(100)
    .default(0)
    .describe('When above 0, the episode allows the reference solution\'s number of actions plus this many (views included), then submits the table as it stands; 0 leaves only maxSteps'),
  hidden_batches: z
    .number()
    .int()
    .min(0)
    .max(4)
    .default(0)
    .describe(
      'When above 0, the table is one batch of a feed: the column-level operations (transform_column, deduplicate) form a pipeline that is replayed at submit on this many other batches of the same feed, ' +
        'which weigh 1 - visible_weight of the grade; cell edits and row deletions fix the visible batch only',
    ),
  visible_weight: z.number().min(0).max(1).default(0.2).describe('Share of the grade the visible batch carries where hidden_batches > 0'),
  graded_at_submit: z
    .boolean()
    .default(false)
    .describe('The table is graded only when submitted: until then the grade (and so the dense reward) stays the untouched score, so no step tells a right change from a wrong one'),
});
export type DataCleaningConfig = z.infer<typeof configSchema>;

export const TRANSFORM_OPS = ['trim', 'lower', 'upper', 'title', 'normalize_date', 'normalize_phone', 'to_number'] as const;
/** Generic ops with parameters (a template rewrite, a scale factor), e.g. scoped with where_column/where_value. */
export const SOURCE_OPS = ['rewrite', 'scale'] as const;
/** Ops that read other columns or a reference table (pipeline levels): a value map, a lookup, a date order, arithmetic. */
export const PIPELINE_OPS = ['map', 'lookup', 'order_dates', 'product_of', 'quotient_of'] as const;
export const ALL_OPS = [...TRANSFORM_OPS, ...SOURCE_OPS, ...PIPELINE_OPS] as const;
export type TransformOp = (typeof ALL_OPS)[number];

const columnName = z.string().min(1).max(64);

export const actionSchema = z.discriminatedUnion('type', [
  actionVariant('view', 'Show a page of the table (rows ordered by row_id), optionally only rows whose cell in one column matches. Changes no data.', {
    offset: z.number().int().min(0).max(1000).default(0).describe('How many matching rows to skip'),
    limit: z.number().int().min(1).max(MAX_VIEW_LIMIT).default(DEFAULT_VIEW_LIMIT).describe(`How many rows to show (1-${MAX_VIEW_LIMIT})`),
    filter_column: columnName.optional().describe('Only show rows whose cell in this column matches filter_value'),
    filter_value: z
      .string()
      .max(100)
      .optional()
      .describe('Case-insensitive substring the filter_column cell must contain; "" matches empty cells only'),
  }),
  actionVariant('view_reference', 'Open a reference table (at levels that list them by name only); the observation shows its rows until another is opened. Changes no data.', {
    table: z.string().min(1).max(64).describe('Name of the reference table'),
  }),
  actionVariant('update_cell', 'Set one cell to a new value.', {
    row_id: z.number().int().min(0).describe('row_id of the row to change'),
    column: columnName.describe('Column name (row_id itself cannot be changed)'),
    value: z.string().max(200).describe('The new cell text, exactly as it should be stored; "" empties the cell'),
  }),
  actionVariant('delete_row', 'Delete one row (for duplicates; a deleted row cannot be restored).', {
    row_id: z.number().int().min(0).describe('row_id of the row to delete'),
  }),
  actionVariant('transform_column', 'Apply one operation to every non-empty cell of a column, or only to the rows whose where_column cell equals where_value.', {
    column: columnName.describe('Column name (not row_id)'),
    op: z
      .enum(ALL_OPS)
      .describe(
        'trim: strip leading/trailing spaces and collapse inner runs of spaces; lower/upper: change case; title: capitalise each space-separated word and lower-case the rest; ' +
          'normalize_date: rewrite recognised date layouts as YYYY-MM-DD; normalize_phone: rewrite 10 digits (or 11 starting with 1) as +1-AAA-EEE-NNNN; ' +
          'to_number: drop currency signs, thousands separators and spaces and write two decimals (a bare whole number is left alone); ' +
          'rewrite: a cell that matches the template `from` as a whole is rewritten as the template `to` ({name} is a run of characters other than spaces, dots, hyphens, slashes, commas, @ and colons; the rest is literal); ' +
          'scale: a plain two-decimal amount times `factor`, rounded to the cent; ' +
          'map: a cell equal to a key of `values` becomes its value; lookup: the cell (empty ones too) becomes the second column of the `reference` table row whose first column equals the row\'s `key_column` cell; ' +
          'order_dates: where the date in column is before the date in `other_column`, the two cells are exchanged; product_of / quotient_of: the cell becomes columns[0] x columns[1] / columns[0] / columns[1] as a two-decimal amount. ' +
          'Cells an op cannot read are left unchanged.',
      ),
    from: z.string().min(1).max(100).nullable().optional().describe('rewrite only: the template a cell must match, e.g. "{a} {b}"'),
    to: z.string().max(100).nullable().optional().describe('rewrite only: the template it becomes, using the names of `from`, e.g. "{b} {a}"'),
    factor: z.number().positive().max(1000000).nullable().optional().describe('scale only: the factor (null or absent for other ops)'),
    values: z.record(z.string().max(100), z.string().max(100)).nullable().optional().describe('map only: exact cell text -> new text'),
    reference: z.string().max(64).nullable().optional().describe('lookup only: the reference table'),
    key_column: columnName.nullable().optional().describe('lookup only: the column of this table whose value is looked up'),
    other_column: columnName.nullable().optional().describe('order_dates only: the date column that must not be after this one'),
    columns: z.array(columnName).max(2).nullable().optional().describe('product_of / quotient_of only: the two operand columns'),
    where_column: columnName.nullable().optional().describe('Only rows whose cell in this column equals where_value (exactly) are changed (null or absent: every row)'),
    where_value: z.string().max(100).nullable().optional().describe('The exact cell value where_column must hold'),
  }),
  actionVariant(
    'deduplicate',
    'Delete every row whose cells in `by` all equal those of a row with a lower row_id (empty cells never match); with latest_column, the kept row first takes the values of the row of its group with the latest date there, except in keep_columns.',
    {
      by: z.array(columnName).min(1).max(4).describe('The columns that together identify a record'),
      latest_column: columnName.nullable().optional().describe('A date column: the group row with the latest date holds the current values (survivorship); null or absent: the kept row keeps its own'),
      keep_columns: z.array(columnName).max(8).nullable().optional().describe('Columns the kept row keeps as they are when it takes the latest values'),
    },
  ),
  actionVariant('submit', 'Finish: the table as it stands is graded and the episode ends.', {}),
]);
export type DataCleaningAction = z.infer<typeof actionSchema>;

const cell = z.union([z.string(), z.number(), z.null()]);

export const observationSchema = z.object({
  table: z.string().describe('Name of the table'),
  about: z.string().describe('What the table holds'),
  columns: z
    .array(
      z.object({
        name: z.string(),
        kind: z.string().describe('Kind of values: record_code, person_name, email, phone, date, amount, integer, category, postcode, ref_code, lookup'),
        rule: z.string().describe('The data-quality rule for this column, in words'),
        example: z.string().describe('A value that meets the rule'),
        pattern: z.string().nullable().describe('Regular expression every correct value matches, when there is one (null at levels that give only the prose rule)'),
        allowed: z.array(z.string()).nullable().describe('Allowed values of a category column (null at levels that give only the prose rule)'),
        synonyms: z
          .record(z.string(), z.string())
          .nullable()
          .describe('Variant (lower case) -> allowed value, for a category column (null at levels that give only the prose rule)'),
        lookup: z.object({ table: z.string(), via: z.string() }).nullable().describe('A lookup column equals table[value of column `via`] (null when not given)'),
        decimals: z
          .object({ column: z.string(), digits: z.record(z.string(), z.number().int()) })
          .nullable()
          .describe("An amount's number of decimals by the value of another column of the row (e.g. currency -> minor unit); null when not given"),
        product: z
          .object({ count: z.string(), price: z.string() })
          .nullable()
          .describe('This amount equals column count x column price of the row (null when not given)'),
        not_before: z.string().nullable().describe('This date is never before the date in that column of the row (null when not given)'),
        is_key: z.boolean().describe('The repaired value of this column identifies a record'),
      }),
    )
    .describe('The column schema (row_id excluded)'),
  general_rules: z.array(z.string()).describe('Rules that hold for every column'),
  duplicate_rule: z.string().describe('How duplicates are decided and which row stays'),
  reference_tables: z
    .array(
      z.object({
        name: z.string(),
        description: z.string(),
        columns: z.array(z.string()),
        row_count: z.number().int(),
        rows: z.array(z.array(z.string())).nullable().describe('Its rows, or null until it is opened with view_reference'),
      }),
    )
    .describe('Reference data the spec points to'),
  view: z
    .object({
      offset: z.number().int(),
      limit: z.number().int(),
      filter_column: z.string().nullable(),
      filter_value: z.string().nullable(),
      matching_rows: z.number().int().describe('Rows that match the filter (all rows when there is none)'),
      rows: z.array(z.record(z.string(), cell)).describe('The rows shown: row_id plus every column; null is an empty cell'),
    })
    .describe('The current page of the table'),
  row_count: z.number().int().describe('Rows in the table now'),
  deleted_row_ids: z.array(z.number().int()).describe('Rows deleted so far'),
  cell_changes: z.number().int().describe('Cell values changed so far'),
  graded_at_submit: z.boolean().describe('Whether the table is graded only when submitted (no step before it says whether a change was right)'),
  actions_left: z.number().int().nullable().describe('Actions left before the table is submitted as it stands (null where only max_steps limits the episode)'),
  hidden_batches: z.number().int().describe('Other batches of the same feed the pipeline is replayed on at submit (0 below the pipeline level)'),
  pipeline_steps: z.number().int().describe('Column-level steps (transform_column, deduplicate) recorded in the pipeline so far'),
});
export type DataCleaningData = z.infer<typeof observationSchema>;
