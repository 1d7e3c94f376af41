// The logical model of a generated enterprise warehouse: traps, logical tables and columns before naming.
import type { ColumnType, SqlValue } from './types.js';

/**
 * Data traps a level can switch on. Each is a fact the agent must learn from the dictionary, the glossary or the
 * rows themselves; the gold query handles every trap that is present. The last three are the top level's
 * unsignposted traps: no question or glossary term names them, one dictionary line and the rows show them
 * (`reloads`: a re-sent document loaded again, the latest load wins; `internal_accounts`: staff and QA test
 * customers left out of customer figures; `fx_asof`: exchange rates published on irregular dates, some quoted
 * the other way round, so each amount takes the latest rate on or before its business date).
 */
export const TRAPS = ['status_codes', 'soft_delete', 'currency', 'null_semantics', 'duplicates', 'timezone', 'fiscal', 'type2', 'reloads', 'internal_accounts', 'fx_asof'] as const;
export type Trap = (typeof TRAPS)[number];

/** The business areas a warehouse can hold; each is a family group with its own measure. */
export const GROUPS = ['sales', 'billing', 'support', 'hr', 'logistics', 'marketing'] as const;
export type Group = (typeof GROUPS)[number];

/** A column before naming: a stable key for the generator and the gold query, words for the naming style. */
export interface LogicalColumn {
  readonly key: string;
  readonly words: readonly string[];
  readonly type: ColumnType;
  readonly nullable?: boolean;
  readonly pk?: boolean;
  /** Foreign key: [table key, column key]. */
  readonly ref?: readonly [string, string];
  /** The data dictionary's text for the column (codes, units, what NULL means). */
  readonly doc: string;
  /** Gets an index (as foreign keys do): lookups by this column are frequent. */
  readonly indexed?: boolean;
}

export interface LogicalTable {
  readonly key: string;
  readonly words: readonly string[];
  /** The source system or subject area, used by cryptic naming styles as a prefix. */
  readonly area: string;
  /** The data dictionary's text for the table. */
  readonly doc: string;
  readonly columns: readonly LogicalColumn[];
  readonly rows: readonly Record<string, SqlValue>[];
}

/** A business term and its definition, as the glossary table holds it. */
export interface GlossaryEntry {
  readonly term: string;
  readonly definition: string;
}

/** A coded status: the code stored in the rows and what it means (the meaning is only in the dictionary). */
export type CodeBook = Readonly<Record<string, string | number>>;

/** The whole generated warehouse before naming. */
export interface World {
  readonly traps: ReadonlySet<Trap>;
  readonly groups: readonly Group[];
  /** First month (1-12) of the fiscal year; 1 when the fiscal trap is off (fiscal year = calendar year). */
  readonly fiscalStartMonth: number;
  /** How soft deletion is stored: a 0/1 flag or a deletion timestamp (NULL = live). */
  readonly deletion: 'flag' | 'timestamp';
  /** The customer account class that marks staff and QA test accounts (when `internal_accounts` is present). */
  readonly internalClass: string | null;
  /** The campaign type that marks internal test campaigns (when `internal_accounts` is present). */
  readonly testCampaignType: string | null;
  /** Per fact table, the not-counted status meaning a hidden-graded level's visible rows never show (null: none). */
  readonly withheldStatuses: Readonly<Record<string, string | null>>;
  /** The nullable amount column ("table.column") a hidden-graded level's visible rows show no NULL in. */
  readonly withheldNull: string | null;
  /** Status codes per fact table key: meaning -> stored code. */
  readonly codes: Readonly<Record<string, CodeBook>>;
  readonly tables: readonly LogicalTable[];
  readonly glossary: readonly GlossaryEntry[];
}

/** First and last local day of the data (inclusive), as ISO dates. */
export const DATA_START = '2022-01-01';
export const DATA_END = '2024-12-31';
