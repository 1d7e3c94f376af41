// The reference solver: looks at the tables the answer needs (as far as the query budget allows), then submits the gold query.
import type { SqlScenario } from './types.js';

export type SqlAction = { type: 'query'; sql: string } | { type: 'submit'; sql: string };

export function referenceActions(scenario: SqlScenario): SqlAction[] {
  const looks = scenario.question.goldTables.slice(0, scenario.limits.queryBudget);
  return [...looks.map((t): SqlAction => ({ type: 'query', sql: `SELECT * FROM ${t} LIMIT 5` })), { type: 'submit', sql: scenario.question.goldSql }];
}
