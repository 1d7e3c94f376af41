// The reference solver: reads the glossary and the tables the answer needs (as far as the query budget allows), then submits the gold query.
import type { SqlScenario } from './types.js';

export type SqlAction = { type: 'query'; sql: string } | { type: 'submit'; sql: string };

export function referenceActions(scenario: SqlScenario): SqlAction[] {
  const looks = [`SELECT * FROM ${scenario.glossaryTable}`, ...scenario.question.goldTables.map((t) => `SELECT * FROM ${t} LIMIT 5`)].slice(0, Math.min(scenario.limits.queryBudget, 15));
  return [...looks.map((sql): SqlAction => ({ type: 'query', sql })), { type: 'submit', sql: scenario.question.goldSql }];
}
