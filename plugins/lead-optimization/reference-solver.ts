// The reference solver: edits the lead to the oracle's best analogue one point at a time, assays its potency once, submits it.
import { oracleOf, type OracleResult } from './oracle-search.js';
import { scaffoldById } from './scaffold-library.js';
import type { LeadAction } from './schemas.js';
import type { LeadScenario } from './types.js';

/** The oracle's result may come from the worker pool (the served plugin); by default it is searched in-process. */
export function referenceActions(scenario: LeadScenario, oracle: OracleResult = oracleOf(scenario)): LeadAction[] {
  const best = oracle.best.choices;
  const actions: LeadAction[] = [];
  for (const point of scaffoldById(scenario.family).points) {
    const want = best[point.name] ?? 'H';
    if (want !== (scenario.lead.choices[point.name] ?? 'H')) actions.push({ type: 'edit', point: point.name as 'R1' | 'R2' | 'R3', fragment: want });
  }
  // Each edit makes one molecule (M1, M2, ...), so the last one is M<number of edits>.
  const final = `M${actions.length}`;
  actions.push({ type: 'assay', molecule: final, measure: 'activity' });
  actions.push({ type: 'submit', molecule: final });
  return actions;
}
