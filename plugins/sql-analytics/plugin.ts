// The sql-analytics task: answer a business question with one SQL query against a generated SQLite database.
import { z } from 'zod';
import { Task, actionVariant, type Grade, type Rng, type ScenarioContext, type SplitName, type TaskPlugin, type TaskView, type Transition } from 'openenv-ts';
import { disposeDatabase, rebuildDatabase, runSql, type DatabaseSource, type RunReply } from './database-pool.js';
import { hiddenInstancesOf, madeHiddenInstances, type HiddenInstance } from './hidden-instances.js';
import { rememberDatabaseKey } from './database-key.js';
import { INITIAL_STATE, type AnswerResult, type InstanceGrade, type ResultPage, type SqlState, type Submission } from './episode-state.js';
import { buildObservation, observationSchema, type SqlObservation } from './observation.js';
import { referenceActions, type SqlAction } from './reference-solver.js';
import { explorationPotential, normaliseSql, repeatKeyOf } from './exploration-shaping.js';
import { FAMILIES } from './families.js';
import { LEVELS } from './levels.js';
import { compareResults, explainComparison } from './result-grader.js';
import { configSchema, generateScenario, type SqlConfig } from './scenario-generator.js';
import { scenarioAddressKey, sharedScenario } from './shared-scenarios.js';
import { checkReadOnlySql } from './sql-guard.js';
import { fitResultWindow } from './result-window.js';
import type { Question, SqlScenario } from './types.js';

const SQL_FIELD = z.string().max(20_000).describe('One SQLite SELECT (or WITH ... SELECT) statement');

const actionSchema = z.discriminatedUnion('type', [
  actionVariant('query', 'Run a read-only query to explore the data; shows the first rows and the row count.', { sql: SQL_FIELD }),
  actionVariant('submit', 'Submit the final answer and end the episode: `sql` when the episode asks one question, `answers` (one query per question, in question order) when it asks several.', {
    sql: SQL_FIELD.describe('The final SQLite SELECT (or WITH ... SELECT) statement of a one-question episode; its result is graded').optional(),
    answers: z.array(SQL_FIELD).min(1).max(5).describe('One final SELECT per question, in question order (episodes with several questions)').optional(),
  }),
]);

/** Text cells are cut beyond this (no gold answer has longer text, so grading is unaffected). */
const MAX_CELL_CHARS = 500;

/** Mean of the answers' credits (an answer that was refused or failed scores 0), rounded like a comparison. */
function meanScore(results: readonly AnswerResult[]): number {
  const total = results.reduce((sum, r) => sum + r.credit, 0);
  return Math.round((total / Math.max(results.length, 1)) * 1e6) / 1e6;
}

/** The queries a submit answers with, one per question, or why the submit is refused (the episode goes on). */
function submittedAnswers(scenario: SqlScenario, action: Extract<SqlAction, { type: 'submit' }>): string[] | string {
  const count = scenario.questions.length;
  if (action.sql !== undefined && action.answers !== undefined) return 'Give either "sql" or "answers", not both.';
  const answers = action.answers ?? (action.sql !== undefined ? [action.sql] : []);
  if (answers.length === 0) return count === 1 ? 'A submit needs "sql": your final query.' : `A submit needs "answers": ${count} queries, one per question, in question order.`;
  if (answers.length !== count) {
    return `This episode asks ${count} question${count === 1 ? '' : 's'}: submit ${count === 1 ? '"sql" (or "answers" with one query)' : `"answers" with ${count} queries, one per question, in question order`}; you gave ${answers.length}. Nothing was graded.`;
  }
  return answers;
}

/** An answer's grade as the submit's feedback tells it: per instance when hidden instances were graded. */
function answerFeedback(r: AnswerResult): string {
  const visible = r.comparison!;
  if (!r.hidden) return `${visible.score.toFixed(3)} (${r.explanation})`;
  const scores = [`visible ${visible.score.toFixed(3)}`, ...r.hidden.map((g) => `hidden ${g.instance} ${g.score.toFixed(3)}`)].join(', ');
  const misses = [...(visible.exact ? [] : [`visible: ${r.explanation}`]), ...r.hidden.filter((g) => g.score < 1).map((g) => `hidden ${g.instance}: ${g.note}`)];
  return `${r.credit.toFixed(3)}, the lowest of ${r.hidden.length + 1} instances (${scores})${misses.length ? `. ${misses.join(' ')}` : ''}`;
}

/** The per-instance scores of an answer for the grade's breakdown (nothing when no hidden instance was graded). */
function instanceBreakdown(r: AnswerResult): Record<string, unknown> {
  if (!r.hidden) return {};
  return { visible_score: r.comparison?.score ?? 0, hidden_scores: r.hidden.map((g) => g.score) };
}

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
    if (action.type === 'submit') {
      // A submit with no query at all ends the episode with score 0, as an empty answer would.
      if (action.sql === undefined && action.answers === undefined) return this.submit(scenario, counted, scenario.questions.map(() => ''));
      const answers = submittedAnswers(scenario, action);
      if (typeof answers === 'string') return { state: counted, error: answers };
      return this.submit(scenario, counted, answers);
    }
    const verdict = checkReadOnlySql(action.sql);
    if (!verdict.ok) return { state: { ...counted, failedQueries: counted.failedQueries + 1 }, error: `Refused: ${verdict.reason}.` };

    const limits = scenario.limits;
    if (counted.queriesRun >= limits.queryBudget) {
      return { state: counted, error: `Query budget spent: this level allows ${limits.queryBudget} exploratory queries. Submit your answer.` };
    }
    const raw = await runSql(scenario, { sql: action.sql, maxRows: limits.maxRows, keepRows: limits.pageRows, overflow: 'stop', tables: true, maxCellChars: MAX_CELL_CHARS }, limits.timeoutMs);
    const reply = raw.ok ? { ...raw, rows: fitResultWindow(raw.columns, raw.rows, limits.pageChars) } : raw;
    const normalised = normaliseSql(action.sql);
    // The framework charges the repeat (see repeatKey); the note says why the reward dropped.
    const repeat = counted.seenSql.includes(normalised);
    const seenSql = repeat ? counted.seenSql : [...counted.seenSql, normalised];
    if (!reply.ok) return { state: { ...counted, seenSql, failedQueries: counted.failedQueries + 1 }, error: failureText(reply) };

    const newTables = reply.tables.filter((t) => !counted.exploredTables.includes(t));
    const page: ResultPage = { sql: action.sql, columns: reply.columns, rows: reply.rows.rows, row_count: reply.rowCount, row_count_capped: reply.capped, cut_to_window: reply.rows.cut };
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
      (reply.rows.rows.length < reply.rowCount ? ` (first ${reply.rows.rows.length} shown under "Last query result")` : '') +
      (reply.rows.cut ? `; long text cut to the ${limits.pageChars}-character result window` : '') +
      (repeat ? '. This repeats an earlier query (up to whitespace) and is penalised as a repeat.' : '.');
    return { state: next, feedback };
  }

  /**
   * The gold query's result, from a connection no agent statement can have changed: the worker re-checks every
   * locked setting before each query. Should it still fail, it is retried once on a freshly built database.
   */
  private async goldResult(scenario: SqlScenario, question: Question, source: DatabaseSource = scenario): Promise<RunReply> {
    const limits = scenario.limits;
    // The gold query is fast by construction; a generous limit keeps a loaded machine from failing it.
    const request = { sql: question.goldSql, maxRows: limits.maxRows, keepRows: limits.maxRows, overflow: 'error', tables: false, maxCellChars: MAX_CELL_CHARS } as const;
    const timeoutMs = Math.max(limits.timeoutMs, 10_000);
    const first = await runSql(source, request, timeoutMs);
    if (first.ok) return first;
    rebuildDatabase(source);
    return runSql(source, request, timeoutMs);
  }

  /** The gold result on a hidden instance, computed once per instance and question (sessions of one scenario share it). */
  private hiddenGold(scenario: SqlScenario, instance: HiddenInstance, questionIndex: number): Promise<RunReply> {
    let gold = instance.gold.get(questionIndex) as Promise<RunReply> | undefined;
    if (!gold) {
      gold = this.goldResult(scenario, scenario.questions[questionIndex]!, instance);
      // Only a good result is kept: a failure is retried by the next grading.
      void gold.then((reply) => (reply.ok ? undefined : instance.gold.delete(questionIndex)), () => instance.gold.delete(questionIndex));
      instance.gold.set(questionIndex, gold);
    }
    return gold;
  }

  /** Runs an answer on one hidden instance and grades it against that instance's gold result. */
  private async judgeHidden(scenario: SqlScenario, instance: HiddenInstance, questionIndex: number, sql: string): Promise<InstanceGrade | string> {
    const question = scenario.questions[questionIndex]!;
    const gold = await this.hiddenGold(scenario, instance, questionIndex);
    if (!gold.ok) return `Internal grading error (not caused by your query): the reference query of template ${question.templateId} failed on hidden instance ${instance.index}: ${gold.kind}: ${gold.error}.`;
    const limits = scenario.limits;
    const submitted = await runSql(instance, { sql, maxRows: limits.maxRows, keepRows: limits.maxRows, overflow: 'error', tables: false, maxCellChars: MAX_CELL_CHARS }, limits.timeoutMs);
    if (!submitted.ok) return { instance: instance.index, status: submitted.kind === 'refused' ? 'refused' : 'failed', score: 0, note: failureText(submitted) };
    const comparison = compareResults(gold, submitted, question.ordered);
    return { instance: instance.index, status: 'graded', score: comparison.score, note: explainComparison(comparison) };
  }

  /**
   * Judges one answer: on the visible database against its question's gold result, then (when the level has
   * hidden instances and the answer ran) on each hidden instance; its credit is the lowest score of them all.
   */
  private async judge(scenario: SqlScenario, questionIndex: number, sql: string, instances: readonly HiddenInstance[]): Promise<AnswerResult> {
    const visible = await this.judgeVisible(scenario, scenario.questions[questionIndex]!, sql);
    if (visible.status !== 'graded' || instances.length === 0) return visible;
    const graded = await Promise.all(instances.map((instance) => this.judgeHidden(scenario, instance, questionIndex, sql)));
    const fault = graded.find((g): g is string => typeof g === 'string');
    if (fault !== undefined) return { ...visible, status: 'grader_error', error: fault, credit: 0, hidden: null };
    const hidden = graded as InstanceGrade[];
    const credit = Math.min(visible.credit, ...hidden.map((g) => g.score));
    return { ...visible, credit, hidden };
  }

  /** Runs and judges one answer against its question's gold result on the visible database. */
  private async judgeVisible(scenario: SqlScenario, question: Question, sql: string): Promise<AnswerResult> {
    const limits = scenario.limits;
    const none = { credit: 0, hidden: null };
    const verdict = checkReadOnlySql(sql);
    if (!verdict.ok) return { ...none, sql, status: 'refused', error: `Refused: ${verdict.reason}.`, comparison: null, explanation: null, preview: null };
    // Gold first: the agent's final statement then cannot have touched the connection the gold ran on.
    const gold = await this.goldResult(scenario, question);
    if (!gold.ok) {
      // A plugin fault, not the agent's: the episode ends without a grade the agent could be blamed for.
      const error = `Internal grading error (not caused by your query): the reference query of template ${question.templateId} failed: ${gold.kind}: ${gold.error}.`;
      return { ...none, sql, status: 'grader_error', error, comparison: null, explanation: null, preview: null };
    }
    const submitted = await runSql(scenario, { sql, maxRows: limits.maxRows, keepRows: limits.maxRows, overflow: 'error', tables: false, maxCellChars: MAX_CELL_CHARS }, limits.timeoutMs);
    if (!submitted.ok) return { ...none, sql, status: submitted.kind === 'refused' ? 'refused' : 'failed', error: failureText(submitted), comparison: null, explanation: null, preview: null };
    const comparison = compareResults(gold, submitted, question.ordered);
    const preview: ResultPage = { sql, columns: submitted.columns, rows: submitted.rows.slice(0, limits.pageRows), row_count: submitted.rowCount, row_count_capped: false, cut_to_window: false };
    return { credit: comparison.score, hidden: null, sql, status: 'graded', error: null, comparison, explanation: explainComparison(comparison), preview };
  }

  private async submit(scenario: SqlScenario, state: SqlState, answers: readonly string[]): Promise<Transition<SqlState>> {
    let instances: HiddenInstance[];
    try {
      instances = await hiddenInstancesOf(scenario);
    } catch (err) {
      // A plugin fault, not the agent's: the episode ends without a grade the agent could be blamed for.
      const error = `Internal grading error (not caused by your queries): the hidden instances could not be built: ${err instanceof Error ? err.message : String(err)}.`;
      const results = answers.map((sql): AnswerResult => ({ credit: 0, hidden: null, sql, status: 'grader_error', error, comparison: null, explanation: null, preview: null }));
      return { state: { ...state, submission: { answers: results } }, feedback: `${error} The episode is over and must be discarded.`, done: true };
    }
    // The questions are judged together: their queries interleave in the worker pool.
    const results = await Promise.all(scenario.questions.map((_, i) => this.judge(scenario, i, answers[i]!, instances)));
    const submission: Submission = { answers: results };
    const faulty = results.find((r) => r.status === 'grader_error');
    const next: SqlState = { ...state, submission, lastResult: results.length === 1 ? (results[0]!.preview ?? state.lastResult) : state.lastResult };
    if (faulty) return { state: next, feedback: `${faulty.error} The episode is over and must be discarded.`, done: true };
    const score = meanScore(results);
    if (results.length === 1) {
      const only = results[0]!;
      if (only.status !== 'graded') return { state: next, error: `${only.error} The episode is over with score 0.`, done: true };
      return { state: next, feedback: `Submitted. Score ${score.toFixed(3)}. ${answerFeedback(only)}`, done: true };
    }
    const parts = results.map((r, i) => `Q${i + 1}: ${r.status === 'graded' ? answerFeedback(r) : `0 (${r.error})`}`);
    return { state: next, feedback: `Submitted. Score ${score.toFixed(3)}, the mean of ${results.length} answers. ${parts.join(' ')}`, done: true };
  }

  observe(scenario: SqlScenario, state: SqlState): TaskView<SqlObservation> {
    return buildObservation(scenario, state);
  }

  grade(scenario: SqlScenario, state: SqlState): Grade {
    const base = { template: scenario.question.templateId, family: scenario.family, queries_run: state.queriesRun, failed_queries: state.failedQueries, explored_tables: state.exploredTables };
    const sub = state.submission;
    if (!sub) return { score: 0, breakdown: { ...base, submitted: false, submission_status: null, submission_error: null }, explanation: 'No answer submitted yet.' };
    const faulty = sub.answers.find((r) => r.status === 'grader_error');
    if (faulty) {
      // Score 0 only because a grade must be a number; plugin_error marks the episode for discarding.
      return { score: 0, breakdown: { ...base, submitted: true, submission_status: faulty.status, plugin_error: true, submission_error: faulty.error }, explanation: faulty.error ?? undefined };
    }
    const score = meanScore(sub.answers);
    if (sub.answers.length === 1) {
      const only = sub.answers[0]!;
      if (!only.comparison) {
        return { score: 0, breakdown: { ...base, submitted: true, submission_status: only.status, submission_error: only.error }, explanation: `The submitted query was ${only.status}: ${only.error}` };
      }
      return { score, breakdown: { ...base, submitted: true, submission_status: 'graded', ...only.comparison, score: only.credit, ...instanceBreakdown(only) }, explanation: answerFeedback(only) };
    }
    const answers = sub.answers.map((r, i) => ({
      question: i + 1,
      template: scenario.questions[i]!.templateId,
      score: r.credit,
      ...instanceBreakdown(r),
      submission_status: r.status,
      submission_error: r.error,
      ...(r.comparison ? { exact: r.comparison.exact, matched_rows: r.comparison.matched_rows, gold_rows: r.comparison.gold_rows, submitted_rows: r.comparison.submitted_rows } : {}),
    }));
    return {
      score,
      breakdown: { ...base, submitted: true, submission_status: 'graded', questions: sub.answers.length, answers },
      explanation: `Mean of ${sub.answers.length} answers: ${answers.map((a) => a.score.toFixed(3)).join(', ')}.`,
    };
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
    for (const instance of madeHiddenInstances(scenario)) disposeDatabase(instance);
  }
}
