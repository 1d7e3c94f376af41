// Shared types of the sql-analytics task: table definitions, generated data, questions and query results.

/** A value as SQLite returns it to JavaScript (blobs are shown as text by the worker). */
export type SqlValue = number | string | null;

export type ColumnType = 'INTEGER' | 'REAL' | 'TEXT';

export interface ColumnDef {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
  readonly primaryKey?: boolean;
  /** Foreign key target as "table.column". */
  readonly references?: string;
  /** What the column means, shown to the agent (units, formats, what NULL means). */
  readonly description: string;
}

/** One generated table: its definition and its rows, in column order. */
export interface TableData {
  readonly name: string;
  readonly description: string;
  readonly columns: readonly ColumnDef[];
  readonly rows: readonly (readonly SqlValue[])[];
  /** Extra indexes on these columns (foreign keys), as a real schema would have. */
  readonly indexes?: readonly string[];
}

/** A business question with its exact output contract and the gold query that answers it. */
export interface Question {
  /** The family id ("area/shape"). */
  readonly templateId: string;
  readonly text: string;
  /** Output column names, in order. */
  readonly columns: readonly string[];
  /** Whether the question asks for a row order (then the grader compares the order too). */
  readonly ordered: boolean;
  readonly goldSql: string;
  /** Tables the gold query reads: the reference solver looks at them; never used for rewards (an answer oracle). */
  readonly goldTables: readonly string[];
  /** The gold query with one trap ignored, per present trap (hidden; tests and measurements only). */
  readonly naiveSql: Readonly<Record<string, string>>;
  /**
   * The gold query fitted to the visible rows (hard-coded ids, dates, offsets, seen codes), per shortcut and
   * 'all' together, when the level grades hidden instances (hidden; tests and measurements only).
   */
  readonly fittedSql: Readonly<Record<string, string>>;
}

/**
 * How to generate a scenario's hidden instances again: the same documentation stream and schema stream, the same
 * areas and traps. Hidden from the agent (the observation never shows it).
 */
export interface HiddenRecipe {
  readonly count: number;
  readonly data: { readonly seed: number; readonly label: string };
  readonly schema: { readonly seed: number; readonly label: string };
  readonly groups: readonly string[];
  readonly traps: readonly string[];
  readonly scale: number;
  readonly naming: 'plain' | 'abbreviated' | 'cryptic';
  readonly noiseTables: number;
  /** The visible instance's first fiscal month (one hidden instance always has another). */
  readonly fiscalStartMonth: number;
}

/** Everything one episode needs: the database content and the question. Pure data. */
export interface SqlScenario {
  /** The business area the question is about (the family's group). */
  readonly domain: string;
  readonly domainTitle: string;
  /** The business areas the warehouse holds, as short ids. */
  readonly areas: readonly string[];
  /** The generator family of the question ("area/shape"); splits never share one. */
  readonly family: string;
  /** Data traps present in this warehouse (see warehouse-model.ts); never shown to the agent. */
  readonly traps: readonly string[];
  /** The first question's gold query with one trap ignored, per present trap: tests check each trap changes the answer. Hidden. */
  readonly naiveSql: Readonly<Record<string, string>>;
  /** Hidden instances every answer is also graded on (null: graded on the visible database only). */
  readonly hiddenRecipe: HiddenRecipe | null;
  /** Names of the data dictionary and business glossary tables (shown in the prompt). */
  readonly dictionaryTable: string;
  readonly glossaryTable: string;
  readonly tables: readonly TableData[];
  /** The first (at most levels the only) question. */
  readonly question: Question;
  /** Every question of the episode, answered together by one submit (the first is `question`). */
  readonly questions: readonly Question[];
  readonly limits: QueryLimits;
}

export interface QueryLimits {
  /** Wall-clock limit of one query (the worker running it is terminated when exceeded). */
  readonly timeoutMs: number;
  /** Rows shown to the agent per query. */
  readonly pageRows: number;
  /** Characters of a result shown to the agent per query (cells and then rows are cut beyond it). */
  readonly pageChars: number;
  /** Rows read at most; a submitted query returning more is an error. */
  readonly maxRows: number;
  /** Sample rows per table shown in the prompt. */
  readonly sampleRows: number;
  /** Exploratory queries allowed (failed and refused ones count); further queries are refused. */
  readonly queryBudget: number;
}

/** The full result of a query: column names and rows. */
export interface ResultSet {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly SqlValue[])[];
}
