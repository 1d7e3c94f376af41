// The reference solver: looks at each table the answer needs once, then submits the gold query.
import type { SqlScenario } from './types.js';

export type SqlAction = { type: 'query'; sql: string } | { type: 'submit'; sql: string };

export function referenceActions(scenario: SqlScenario): SqlAction[] {
  return [
    ...scenario.question.goldTables.map((t): SqlAction => ({ type: 'query', sql: `SELECT * FROM ${t} LIMIT 5` })),
    { type: 'submit', sql: scenario.question.goldSql },
  ];
}
