// The sql-analytics task: answer a business question with one SQL query against a generated SQLite database.
import { z } from 'zod';
import { Task, actionVariant, type Grade, type Rng, type ScenarioContext, type SplitName, type TaskPlugin, type TaskView, type Transition } from 'openenv-ts';
import { disposeDatabase, rebuildDatabase, runSql, type RunReply } from './database-pool.js';
import { rememberDatabaseKey } from './database-key.js';
import { INITIAL_STATE, type ResultPage, type SqlState, type Submission } from './episode-state.js';
import { buildObservation, observationSchema, type SqlObservation } from './observation.js';
import { referenceActions, type SqlAction } from './reference-solver.js';
import { explorationPotential, normaliseSql, repeatKeyOf } from './exploration-shaping.js';
import { FAMILIES } from './families.js';
import { LEVELS } from './levels.js';
import { compareResults, explainComparison } from './result-grader.js';
import { configSchema, generateScenario, type SqlConfig } from './scenario-generator.js';
import { scenarioAddressKey, sharedScenario } from './shared-scenarios.js';
import { checkReadOnlySql } from './sql-guard.js';
import type { SqlScenario } from './types.js';

const SQL_FIELD = z.string().max(20_000).describe('One SQLite SELECT (or WITH ... SELECT) statement');

const actionSchema = z.discriminatedUnion('type', [
  actionVariant('query', 'Run a read-only query to explore the data; shows the first rows and the row count.', { sql: SQL_FIELD }),
  actionVariant('submit', 'Submit the final query that answers the question; ends the episode and grades its result.', {
    sql: SQL_FIELD.describe('The final SQLite SELECT (or WITH ... SELECT) statement; its result is graded'),
  }),
]);

/** Text cells are cut beyond this (no gold answer has longer text, so grading is unaffected). */
const MAX_CELL_CHARS = 500;

function failureText(reply: Extract<RunReply, { ok: false }>): string {
  switch (reply.kind) {
    case 'refused':
      return `Refused: ${reply.error}.`;
    case 'timeout':
      return `Stopped: ${reply.error}. Add filters, or avoid unbounded recursion and cross joins.`;
    case 'too_large':
      return `Result too large: ${reply.error}. Aggregate or filter it.`;
    case 'crashed':
      return `Stopped: ${reply.error}.`;
    default:
      return `SQL error: ${reply.error}`;
  }
}

@Task({
  id: 'sql-analytics',
  title: 'SQL analytics: answer a business question with one query',
  difficulty: 'hard',
  maxSteps: 20, graderVersion: '1',
  description:
    'A generated enterprise data warehouse (one to six business areas: sales, billing, support, HR, logistics, marketing; ' +
    'up to about 36 tables with a data dictionary and glossary) in a real SQLite engine, and a business question as a stakeholder asks it. ' +
    'Traps such as status codes, soft deletes, currencies, duplicate customers, time zones, a fiscal calendar and type-2 history are ' +
    'documented only in the dictionary and the data. Explore with read-only queries, then submit one SELECT; graded by comparing its result set with the gold query\'s.',
})
export class SqlAnalyticsTask implements TaskPlugin<SqlConfig, SqlScenario, SqlState, SqlAction, SqlObservation> {
  readonly configSchema = configSchema;
  readonly actionSchema = actionSchema;
  readonly observationSchema = observationSchema;
  readonly levels = LEVELS;
  readonly families = FAMILIES;
  /** Every area has 11 families, so each gets some in validation too. */
  readonly splits: readonly SplitName[] = ['train', 'validation', 'test'];

  generate(rng: Rng, config: SqlConfig, context: ScenarioContext): SqlScenario {
    // Concurrent episodes of one address share one scenario object, and so one database in the pool.
    const address = scenarioAddressKey(rng, config, context);
    return sharedScenario(address, () => {
      const scenario = generateScenario(rng, config, context);
      rememberDatabaseKey(scenario.tables, address);
      return scenario;
    });
  }

  initialState(): SqlState {
    return INITIAL_STATE;
  }

  async transition(scenario: SqlScenario, state: SqlState, action: SqlAction): Promise<Transition<SqlState>> {
    const counted: SqlState = { ...state, actions: state.actions + 1 };
    if (state.submission) return { state: counted, error: 'The answer was already submitted.', done: true };
    const verdict = checkReadOnlySql(action.sql);
    if (action.type === 'submit') {
      if (!verdict.ok) return this.failedSubmission(counted, action.sql, 'refused', `Refused: ${verdict.reason}.`);
      return this.submit(scenario, counted, action.sql);
    }
    if (!verdict.ok) return { state: { ...counted, failedQueries: counted.failedQueries + 1 }, error: `Refused: ${verdict.reason}.` };

    const limits = scenario.limits;
    if (counted.queriesRun >= limits.queryBudget) {
      return { state: counted, error: `Query budget spent: this level allows ${limits.queryBudget} exploratory queries. Submit your answer.` };
    }
    const reply = await runSql(scenario, { sql: action.sql, maxRows: limits.maxRows, keepRows: limits.pageRows, overflow: 'stop', tables: true, maxCellChars: MAX_CELL_CHARS }, limits.timeoutMs);
    const normalised = normaliseSql(action.sql);
    // The framework charges the repeat (see repeatKey); the note says why the reward dropped.
    const repeat = counted.seenSql.includes(normalised);
    const seenSql = repeat ? counted.seenSql : [...counted.seenSql, normalised];
    if (!reply.ok) return { state: { ...counted, seenSql, failedQueries: counted.failedQueries + 1 }, error: failureText(reply) };

    const newTables = reply.tables.filter((t) => !counted.exploredTables.includes(t));
    const page: ResultPage = { sql: action.sql, columns: reply.columns, rows: reply.rows, row_count: reply.rowCount, row_count_capped: reply.capped };
    const next: SqlState = {
      ...counted,
      queriesRun: counted.queriesRun + 1,
      exploredTables: [...counted.exploredTables, ...newTables].sort(),
      seenSql,
      lastResult: page,
    };
    const rows = reply.capped ? `more than ${reply.rowCount} rows` : `${reply.rowCount} row${reply.rowCount === 1 ? '' : 's'}`;
    const feedback =
      `Query OK: ${rows}, ${reply.columns.length} column${reply.columns.length === 1 ? '' : 's'}` +
      (reply.rows.length < reply.rowCount ? ` (first ${reply.rows.length} shown under "Last query result")` : '') +
      (repeat ? '. This repeats an earlier query (up to whitespace) and is penalised as a repeat.' : '.');
    return { state: next, feedback };
  }

  private failedSubmission(state: SqlState, sql: string, status: 'refused' | 'failed', error: string): Transition<SqlState> {
    const submission: Submission = { sql, status, error, comparison: null, explanation: null, preview: null };
    return { state: { ...state, submission }, error: `${error} The episode is over with score 0.`, done: true };
  }

  /**
   * The gold query's result, from a connection no agent statement can have changed: the worker re-checks every
   * locked setting before each query. Should it still fail, it is retried once on a freshly built database.
   */
  private async goldResult(scenario: SqlScenario): Promise<RunReply> {
    const limits = scenario.limits;
    // The gold query is fast by construction; a generous limit keeps a loaded machine from failing it.
    const request = { sql: scenario.question.goldSql, maxRows: limits.maxRows, keepRows: limits.maxRows, overflow: 'error', tables: false, maxCellChars: MAX_CELL_CHARS } as const;
    const timeoutMs = Math.max(limits.timeoutMs, 10_000);
    const first = await runSql(scenario, request, timeoutMs);
    if (first.ok) return first;
    rebuildDatabase(scenario);
    return runSql(scenario, request, timeoutMs);
  }

  private async submit(scenario: SqlScenario, state: SqlState, sql: string): Promise<Transition<SqlState>> {
    const limits = scenario.limits;
    const q = scenario.question;
    // Gold first: the agent's final statement then cannot have touched the connection the gold ran on.
    const gold = await this.goldResult(scenario);
    if (!gold.ok) {
      // A plugin fault, not the agent's: the episode ends without a grade the agent could be blamed for.
      const error = `Internal grading error (not caused by your query): the reference query of template ${q.templateId} failed: ${gold.kind}: ${gold.error}.`;
      const submission: Submission = { sql, status: 'grader_error', error, comparison: null, explanation: null, preview: null };
      return { state: { ...state, submission }, feedback: `${error} The episode is over and must be discarded.`, done: true };
    }
    const submitted = await runSql(scenario, { sql, maxRows: limits.maxRows, keepRows: limits.maxRows, overflow: 'error', tables: false, maxCellChars: MAX_CELL_CHARS }, limits.timeoutMs);
    if (!submitted.ok) return this.failedSubmission(state, sql, submitted.kind === 'refused' ? 'refused' : 'failed', failureText(submitted));
    const comparison = compareResults(gold, submitted, q.ordered);
    const explanation = explainComparison(comparison);
    const submission: Submission = {
      sql,
      status: 'graded',
      error: null,
      comparison,
      explanation,
      preview: { sql, columns: submitted.columns, rows: submitted.rows.slice(0, limits.pageRows), row_count: submitted.rowCount, row_count_capped: false },
    };
    return {
      state: { ...state, submission, lastResult: submission.preview },
      feedback: `Submitted. Score ${comparison.score.toFixed(3)}. ${explanation}`,
      done: true,
    };
  }

  observe(scenario: SqlScenario, state: SqlState): TaskView<SqlObservation> {
    return buildObservation(scenario, state);
  }

  grade(scenario: SqlScenario, state: SqlState): Grade {
    const base = { template: scenario.question.templateId, family: scenario.family, queries_run: state.queriesRun, failed_queries: state.failedQueries, explored_tables: state.exploredTables };
    const sub = state.submission;
    if (sub?.status === 'grader_error') {
      // Score 0 only because a grade must be a number; plugin_error marks the episode for discarding.
      return { score: 0, breakdown: { ...base, submitted: true, submission_status: sub.status, plugin_error: true, submission_error: sub.error }, explanation: sub.error ?? undefined };
    }
    if (!sub || !sub.comparison) {
      return {
        score: 0,
        breakdown: { ...base, submitted: sub !== null, submission_status: sub?.status ?? null, submission_error: sub?.error ?? null },
        explanation: sub ? `The submitted query was ${sub.status}: ${sub.error}` : 'No answer submitted yet.',
      };
    }
    return { score: sub.comparison.score, breakdown: { ...base, submitted: true, submission_status: 'graded', ...sub.comparison }, explanation: sub.explanation ?? undefined };
  }

  /** Shaping from what the agent can see only: the share of all tables it has read. */
  potential(scenario: SqlScenario, state: SqlState): number {
    return explorationPotential(scenario, state);
  }

  repeatKey(action: SqlAction): string {
    return repeatKeyOf(action);
  }

  solve(scenario: SqlScenario): SqlAction[] {
    return referenceActions(scenario);
  }

  dispose(scenario: SqlScenario): void {
    disposeDatabase(scenario);
  }
}
