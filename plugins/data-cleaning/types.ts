// Plain-data types shared by the data-cleaning plugin's generator, transitions, observation and grader.
import type { FeedLayouts } from './feed-layouts.js';
import type { DataCleaningAction } from './schemas.js';

/** A cell holds text or nothing (an empty cell). Every value is kept as the text the agent sees. */
export type CellValue = string | null;

/** How a column's values must look; decides the spec text, the defects that can hit it and the repair. */
export type ColumnKind =
  | 'record_code' // the business key of the table, e.g. ORD-10423
  | 'person_name'
  | 'email'
  | 'phone'
  | 'date'
  | 'amount'
  | 'integer'
  | 'category'
  | 'postcode'
  | 'ref_code' // a code that points into a reference table, e.g. SKU-1042
  | 'lookup'; // a value copied from a reference table through another column

export interface ColumnSpec {
  readonly name: string;
  readonly kind: ColumnKind;
  /** The rule in words, as the spec states it. */
  readonly rule: string;
  /** A canonical example value. */
  readonly example: string;
  /** Regular expression (source) every canonical value of the column matches, when the column has one. */
  readonly pattern?: string;
  /** Exact allowed values of a category column. */
  readonly allowed?: readonly string[];
  /** Variant -> allowed value, for category columns (variants in lower case). */
  readonly synonyms?: Readonly<Record<string, string>>;
  /** A lookup column's source: the value is `table[via]` (first column -> second column). */
  readonly lookup?: { readonly table: string; readonly via: string };
  /** The column whose repaired value identifies a record (duplicate detection). */
  readonly isKey?: boolean;
  /**
   * An amount whose number of decimals depends on another column of the row (the currency's minor unit); without
   * it an amount always has two decimals.
   */
  readonly decimals?: { readonly column: string; readonly digits: Readonly<Record<string, number>> };
  /** A cross-column rule: this amount equals the product of an integer column and an amount column of the row. */
  readonly product?: { readonly count: string; readonly price: string };
  /** A cross-column rule: this date is on or after the date in `column` of the same row. */
  readonly notBefore?: string;
}

/** A small table given in the observation (postcodes -> cities, SKUs -> products, known email domains). */
export interface ReferenceTable {
  readonly name: string;
  readonly description: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export interface TableRow {
  readonly row_id: number;
  readonly cells: Readonly<Record<string, CellValue>>;
}

/** The ground truth of one row of the dirty table: its clean cells, or `keep: false` for a duplicate to delete. */
export interface TruthRow {
  readonly row_id: number;
  readonly keep: boolean;
  readonly cells: Readonly<Record<string, string>>;
}

/** One injected cell defect that survives into a row that must be kept. */
export interface DefectRecord {
  readonly row_id: number;
  readonly column: string;
  readonly kind: string;
  readonly dirty: CellValue;
  readonly clean: string;
}

/** One duplicate row: it must be deleted, `keep_row_id` is the row of the same record that stays. */
export interface DuplicateRecord {
  readonly row_id: number;
  readonly keep_row_id: number;
  readonly kind: 'exact' | 'near' | 'entity';
}

/**
 * The conventions of the source systems a table came from: rule variants the spec states in prose and the
 * framework deals to splits as families ("conventions/<name>"), so test tables follow conventions train never shows.
 */
export interface Conventions {
  readonly id: string;
  /** How a slashed date with the year last reads: month first (03/04/2024 is 4 March) or day first (3 April). */
  readonly slashedDates: 'month-first' | 'day-first';
  /** What a bare whole number in a two-decimal amount column means: cents (123450 is 1234.50) or whole units (1234 is 1234.00). */
  readonly bareAmounts: 'cents' | 'whole';
  /** How dates are stored: YYYY-MM-DD, or DD.MM.YYYY (the European ERP). */
  readonly dateLayout: 'iso' | 'dotted';
  /** Which column is wrong when quantity x unit price and the total disagree. */
  readonly arithmetic: 'total-wrong' | 'price-wrong';
  /** The feed's own layouts of the documented slips (pipeline level only; variant 0 of each below it). */
  readonly feedLayouts?: FeedLayouts;
}

export type DomainId = 'customers' | 'orders' | 'invoices' | 'employees' | 'bookings' | 'inventory';

export interface CleaningScenario {
  readonly domain: DomainId;
  /** The table schema used, a family id such as "orders/shipments" (tests check it belongs to the split). */
  readonly family: string;
  readonly tableName: string;
  /** One sentence on what the table holds, for the prompt. */
  readonly about: string;
  /** Every column except row_id, in display order. */
  readonly columns: readonly ColumnSpec[];
  readonly keyColumn: string;
  readonly references: readonly ReferenceTable[];
  /** The table as handed to the agent, ordered by row_id. */
  readonly dirty: readonly TableRow[];
  readonly truth: readonly TruthRow[];
  readonly defects: readonly DefectRecord[];
  readonly duplicates: readonly DuplicateRecord[];
  /** Corrections of update_cell values this episode allows (the framework enforces it; the prompt states it). */
  readonly correctionBudget: number;
  /** Whether the observation carries the machine-readable pattern, allowed values, synonyms and column links. */
  readonly structuredHints: boolean;
  readonly conventions: Conventions;
  /** Columns whose repaired values together identify a record when the key differs (entity resolution), or empty. */
  readonly identityColumns: readonly string[];
  /** Whether reference tables must be opened with view_reference (their rows are not in every observation). */
  readonly referencesOnRequest: boolean;
  /** The source systems of the rows, their unlisted export habits and the survivorship column, when the level has them. */
  readonly sources: SourceSystems | null;
  /** Whether the table is graded only once submitted (before that the grade is the untouched score: no reward oracle). */
  readonly gradedAtSubmit: boolean;
  /** Actions (views included) the episode allows before the table is submitted as it stands, or null (maxSteps only). */
  readonly actionBudget: number | null;
  /**
   * Other batches of the same feed (same spec, systems, habits and reference tables, other rows), never shown: the
   * agent's pipeline of column-level operations is replayed on each at submit. Empty below the pipeline level.
   */
  readonly hiddenBatches: readonly FeedBatch[];
  /** The visible batch's share of the grade where there are hidden batches (they share the rest equally). */
  readonly visibleWeight: number;
}

/** One batch of a feed: a dirty table and its ground truth (the visible batch is the scenario's own). */
export interface FeedBatch {
  readonly dirty: readonly TableRow[];
  readonly truth: readonly TruthRow[];
  readonly defects: readonly DefectRecord[];
  readonly duplicates: readonly DuplicateRecord[];
}

/** A column-level operation as the agent sent it: the steps of its pipeline, replayed on the hidden batches. */
export type PipelineStep = Extract<DataCleaningAction, { type: 'transform_column' | 'deduplicate' }>;

/** An export habit of one source system: a systematic rewrite of every value of some columns of its rows. */
export type HabitKind = 'month_first_dates' | 'family_first_names' | 'price_in_cents';

export interface SourceHabit {
  readonly system: string;
  readonly habit: HabitKind;
  /** The columns (shown names) whose values the habit rewrites in every row of the system. */
  readonly columns: readonly string[];
}

export interface SourceSystems {
  /** The column that names each row's source system (never defective). */
  readonly sourceColumn: string;
  /** The date column saying when the row was last changed; it decides which row's value survives a merge. */
  readonly updatedColumn: string;
  readonly systems: readonly string[];
  /** The habits, at most one per system; the spec never lists them, the data shows them. */
  readonly habits: readonly SourceHabit[];
}

export interface ViewWindow {
  readonly offset: number;
  readonly limit: number;
  readonly filterColumn: string | null;
  readonly filterValue: string | null;
}

export interface CleaningState {
  /** Rows still in the table, ordered by row_id. */
  readonly rows: readonly TableRow[];
  readonly deleted: readonly number[];
  readonly view: ViewWindow;
  /** How many cell values the agent has changed so far (updates and transforms). */
  readonly cellChanges: number;
  /** The reference table opened with view_reference, when the level keeps them behind an action. */
  readonly openReference: string | null;
  /** Whether the table was submitted (the grade counts the table only then, where the level grades at submit). */
  readonly submitted: boolean;
  /** Actions taken so far (every action the transition saw), for the action budget. */
  readonly actions: number;
  /** The column-level operations applied so far, in order (the pipeline replayed on hidden batches). */
  readonly pipeline: readonly PipelineStep[];
}
