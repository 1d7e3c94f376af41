// The grade of a submitted molecule: hard gates, then profile desirability times potency credit against the oracle's best, plus budget efficiency.
import type { Grade } from 'openenv-ts';
import { assessSmiles, potencyCredit } from './assessment.js';
import { objectiveOf, oracleOf, type OracleResult } from './oracle-search.js';
import { objectiveDesirability } from './profile.js';
import type { LeadScenario, LeadState } from './types.js';

/** A molecule reaching this fraction of the oracle's best objective gets full quality credit. */
export const FULL_CREDIT_FRACTION = 0.9;
/** The share of the score paid for assays left unspent (scaled by quality, so it is never free). */
export const EFFICIENCY_SHARE = 0.05;

const r3 = (x: number) => Math.round(x * 1000) / 1000;

/** The grade, with the oracle searched in-process (tests, measurements; the served plugin asks the worker pool). */
export function gradeState(scenario: LeadScenario, state: LeadState): Grade {
  return gradeWithoutOracle(scenario, state) ?? gradeWithOracle(scenario, state, oracleOf(scenario));
}

function baseOf(scenario: LeadScenario, state: LeadState) {
  return { family: scenario.family, molecules_made: state.molecules.length, assays_used: state.assays.length, assay_budget: scenario.assay_budget };
}

/** The grade when it does not depend on the oracle (nothing submitted, or a gate failed); null when it does. */
export function gradeWithoutOracle(scenario: LeadScenario, state: LeadState): Grade | null {
  const base = baseOf(scenario, state);
  if (!state.submitted) return { score: 0, breakdown: { ...base, submitted: null }, explanation: 'No molecule submitted yet.' };
  const molecule = state.molecules.find((m) => m.id === state.submitted)!;
  const a = assessSmiles(scenario, molecule.smiles)!;
  if (a.gateFailures.length > 0) {
    const submitted = { submitted: molecule.id, smiles: molecule.smiles, similarity_to_lead: a.similarity };
    return { score: 0, breakdown: { ...base, ...submitted, gates_passed: false, gate_failures: a.gateFailures }, explanation: `Gate failed: ${a.gateFailures.join('; ')}.` };
  }
  return null;
}

/** The grade of a submitted molecule that passes every gate, against the oracle's result for the scenario. */
export function gradeWithOracle(scenario: LeadScenario, state: LeadState, oracle: OracleResult): Grade {
  const base = baseOf(scenario, state);
  const molecule = state.molecules.find((m) => m.id === state.submitted)!;
  const a = assessSmiles(scenario, molecule.smiles)!;
  const submitted = { submitted: molecule.id, smiles: molecule.smiles, similarity_to_lead: a.similarity };
  const potency = potencyCredit(a.activity, oracle.leadActivity, oracle.bestActivity);
  const objective = objectiveOf(a, oracle.leadActivity, oracle.bestActivity);
  const quality = Math.min(1, objective / (FULL_CREDIT_FRACTION * oracle.best.objective));
  const efficiency = Math.max(0, 1 - state.assays.length / scenario.assay_budget);
  const score = quality * (1 - EFFICIENCY_SHARE + EFFICIENCY_SHARE * efficiency);
  return {
    score: r3(score),
    breakdown: {
      ...base,
      ...submitted,
      gates_passed: true,
      activity: a.activity,
      lead_activity: oracle.leadActivity,
      best_activity: oracle.bestActivity,
      potency_credit: r3(potency),
      desirability: r3(a.desirability),
      objectives: Object.fromEntries(scenario.objectives.map((o) => [o.property, { value: a.values[o.property], desirability: r3(objectiveDesirability(o, a.values)) }])),
      objective: r3(objective),
      oracle_objective: r3(oracle.best.objective),
      oracle_smiles: oracle.best.smiles,
      quality: r3(quality),
      budget_efficiency: r3(efficiency),
    },
    explanation: `Potency ${a.activity} (lead ${oracle.leadActivity}, best found ${oracle.bestActivity}), profile desirability ${r3(a.desirability)}: ${r3(quality * 100)}% of ${FULL_CREDIT_FRACTION * 100}% of the oracle's best, ${state.assays.length} of ${scenario.assay_budget} assays used.`,
  };
}
