// The per-episode state of the sql-analytics task (plain data; every transition returns a new object).
import type { Comparison } from './result-grader.js';
import type { SqlValue } from './types.js';

/** The visible part of a query result. */
export interface ResultPage {
  readonly sql: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly SqlValue[])[];
  readonly row_count: number;
  /** The query returned more rows than the read limit; row_count is that limit. */
  readonly row_count_capped: boolean;
  /** Cells or rows were cut to the level's result window (characters shown per query). */
  readonly cut_to_window: boolean;
}

/** How one answer fared on one hidden instance of the warehouse. */
export interface InstanceGrade {
  /** 1-based hidden instance number. */
  readonly instance: number;
  readonly status: 'graded' | 'refused' | 'failed';
  readonly score: number;
  /** The comparison's explanation, or why the query failed there. */
  readonly note: string;
}

/** One question's submitted query and how it was judged. */
export interface AnswerResult {
  /** The answer's credit: the visible score, or with hidden instances the lowest score over all instances. */
  readonly credit: number;
  /** Grades on the hidden instances (null when the level grades on the visible database only, or the answer failed there). */
  readonly hidden: readonly InstanceGrade[] | null;
  readonly sql: string;
  /** grader_error: the gold query failed (a plugin fault; the agent's query was not run or judged). */
  readonly status: 'graded' | 'refused' | 'failed' | 'grader_error';
  readonly error: string | null;
  readonly comparison: Comparison | null;
  readonly explanation: string | null;
  readonly preview: ResultPage | null;
}

/** The final submit: one answer per question, in question order. */
export interface Submission {
  readonly answers: readonly AnswerResult[];
}

export interface SqlState {
  /** Actions taken, including refused ones. */
  readonly actions: number;
  readonly queriesRun: number;
  /**
   * Queries that failed or were refused. The framework keeps the state from before an action that returns an
   * error, so in a served episode this stays 0 (failures show as invalid-action penalties instead).
   */
  readonly failedQueries: number;
  /** Tables read by successful queries so far (the shaping potential counts them). */
  readonly exploredTables: readonly string[];
  /** Whitespace-normalised SQL of earlier queries, to say in the feedback that a query is a repeat. */
  readonly seenSql: readonly string[];
  readonly lastResult: ResultPage | null;
  readonly submission: Submission | null;
}

export const INITIAL_STATE: SqlState = Object.freeze({
  actions: 0,
  queriesRun: 0,
  failedQueries: 0,
  exploredTables: [],
  seenSql: [],
  lastResult: null,
  submission: null,
});

