// The reference solver: reads the glossary and the tables the answers need (as far as the query budget allows), then submits the gold queries.
import type { SqlScenario } from './types.js';

export type SqlAction = { type: 'query'; sql: string } | { type: 'submit'; sql?: string; answers?: string[] };

export function referenceActions(scenario: SqlScenario): SqlAction[] {
  const goldTables = [...new Set(scenario.questions.flatMap((q) => q.goldTables))];
  const looks = [`SELECT * FROM ${scenario.glossaryTable}`, ...goldTables.map((t) => `SELECT * FROM ${t} LIMIT 5`)].slice(0, Math.min(scenario.limits.queryBudget, 15));
  const submit: SqlAction = scenario.questions.length === 1 ? { type: 'submit', sql: scenario.question.goldSql } : { type: 'submit', answers: scenario.questions.map((q) => q.goldSql) };
  return [...looks.map((sql): SqlAction => ({ type: 'query', sql })), submit];
}
