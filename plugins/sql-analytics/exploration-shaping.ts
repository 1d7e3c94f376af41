// Shaping and repeat detection: a potential from facts the agent can see, and the key that spots repeated SQL.
import type { SqlState } from './episode-state.js';
import type { SqlScenario } from './types.js';
import type { SqlAction } from './reference-solver.js';

/**
 * Potential at full exploration. Small, and paid on the share of ALL tables read: a potential over the tables
 * the gold query reads would tell the agent which tables the answer needs (an answer oracle). The framework
 * pins it to 0 at the end, so it pays nothing overall and only nudges an agent to look before it submits.
 */
export const EXPLORATION_POTENTIAL = 0.05;

export function explorationPotential(scenario: SqlScenario, state: SqlState): number {
  if (scenario.tables.length === 0) return 0;
  return (EXPLORATION_POTENTIAL * state.exploredTables.length) / scenario.tables.length;
}

/** SQL up to whitespace and a trailing semicolon: respacing a query does not make it a new one. */
export function normaliseSql(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim().replace(/;\s*$/, '').trim();
}

/** Two actions are repeats when their type and normalised SQL agree (a query then the same submit is not). */
export function repeatKeyOf(action: SqlAction): string {
  if (action.type === 'submit' && action.answers) return `${action.type}:${action.answers.map(normaliseSql).join('\u0000')}`;
  return `${action.type}:${normaliseSql(action.sql ?? '')}`;
}
