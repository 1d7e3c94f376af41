// Judges one molecule against a scenario: the hard gates, the profile's desirability and the true (hidden) activity.
import { activityOf } from './activity-model.js';
import { profileDesirability, profileValues, type ProfileValues } from './profile.js';
import { analyse, containsCore, tanimoto, type MoleculeFacts } from './rdkit-engine.js';
import type { LeadScenario } from './types.js';

export interface Assessment {
  readonly facts: MoleculeFacts;
  readonly values: ProfileValues;
  readonly similarity: number;
  readonly coreKept: boolean;
  /** Why the molecule cannot be taken forward (empty when every gate passes). */
  readonly gateFailures: readonly string[];
  readonly desirability: number;
  readonly activity: number;
}

/** The lead's facts; a scenario's lead is always valid (the generator checked it). */
export function leadFacts(scenario: LeadScenario): MoleculeFacts {
  const parsed = analyse(scenario.lead.smiles);
  if (!parsed.ok) throw new Error(`scenario lead is invalid: ${parsed.error}`);
  return parsed.facts;
}

export function similarityToLead(scenario: LeadScenario, facts: MoleculeFacts): number {
  return Math.round(tanimoto(facts.bits, leadFacts(scenario).bits) * 1000) / 1000;
}

export function assessFacts(scenario: LeadScenario, facts: MoleculeFacts): Assessment {
  const values = profileValues(facts.properties, facts.alerts.length);
  const similarity = similarityToLead(scenario, facts);
  const coreKept = containsCore(facts.canonical, scenario.core);
  const window = scenario.similarity_window;
  const gateFailures: string[] = [];
  if (!coreKept) gateFailures.push('the series core is not kept');
  if (facts.alerts.length > 0) gateFailures.push(`structural alert: ${facts.alerts.join(', ')}`);
  if (similarity < window.min) gateFailures.push(`similarity to the lead ${similarity} is below ${window.min}`);
  if (similarity > window.max) gateFailures.push(`similarity to the lead ${similarity} is above ${window.max} (too close to the lead)`);
  return {
    facts,
    values,
    similarity,
    coreKept,
    gateFailures,
    desirability: profileDesirability(scenario.objectives, values),
    activity: activityOf(scenario.model, facts),
  };
}

export function assessSmiles(scenario: LeadScenario, smiles: string): Assessment | null {
  const parsed = analyse(smiles);
  return parsed.ok ? assessFacts(scenario, parsed.facts) : null;
}

/** The potency scale spans at least this many log units, so a project whose best gain is small is not a lottery. */
export const MIN_POTENCY_SPAN = 1;

/**
 * Potency credit in [0, 1]: the square of the share of the achievable pIC50 gain (0 at the lead's activity, 1 at
 * the most potent gate-passing molecule of the edit space). Squared so a typical analogue, which gains a little
 * by chance, earns little: the credit is for finding the potent corner of the space.
 */
export function potencyCredit(activity: number, leadActivity: number, bestActivity: number): number {
  const span = Math.max(bestActivity - leadActivity, MIN_POTENCY_SPAN);
  const share = Math.min(1, Math.max(0, (activity - leadActivity) / span));
  return share * share;
}
