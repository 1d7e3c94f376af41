// The oracle: a search of the whole edit space with full access to the hidden model, run lazily once per scenario and cached.
import { estimatedActivity } from './activity-model.js';
import { assessSmiles, leadFacts, potencyCredit, type Assessment } from './assessment.js';
import { buildSmiles, combinations, estimate, scaffoldTable, type Choices } from './edit-space.js';
import { profileDesirability, profileValues } from './profile.js';
import { activityOf } from './activity-model.js';
import { scaffoldById } from './scaffold-library.js';
import type { LeadScenario } from './types.js';

/** Candidates ranked by the estimate that are then evaluated exactly with RDKit. */
const VERIFIED = 24;
/** Estimated similarity may be off by this much, so the estimate's window is widened by it. */
const WINDOW_SLACK = 0.06;

export interface OracleResult {
  readonly best: { readonly choices: Choices; readonly smiles: string; readonly objective: number; readonly activity: number; readonly desirability: number };
  readonly leadActivity: number;
  /** The most potent gate-passing molecule the search found (the potency scale's top). */
  readonly bestActivity: number;
}

const cache = new Map<string, OracleResult>();
const CACHE_LIMIT = 4096;

function cacheKey(scenario: LeadScenario): string {
  return JSON.stringify([scenario.family, scenario.lead.smiles, scenario.offered, scenario.objectives, scenario.similarity_window, scenario.model]);
}

function estimatedTanimoto(bits: Uint8Array, lead: readonly number[]): number {
  let count = 0;
  for (const b of bits) count += b;
  let common = 0;
  for (const b of lead) common += bits[b]!;
  return common / (count + lead.length - common);
}

/** The objective the oracle maximises and the grader normalises by: profile desirability times potency credit. */
export function objectiveOf(assessment: Assessment, leadActivity: number, bestActivity: number): number {
  return assessment.desirability * potencyCredit(assessment.activity, leadActivity, bestActivity);
}

export function oracleOf(scenario: LeadScenario): OracleResult {
  const key = cacheKey(scenario);
  const cached = cache.get(key);
  if (cached) return cached;
  const scaffold = scaffoldById(scenario.family);
  const table = scaffoldTable(scaffold);
  const lead = leadFacts(scenario);
  const leadActivity = activityOf(scenario.model, lead);
  const window = scenario.similarity_window;
  const points = scaffold.points.map((p) => p.name);
  const options = new Map(points.map((p) => [p, scenario.offered[p] ?? ['H']]));

  // Pass 1: estimate every combination; keep those the estimate says pass the gates.
  const candidates: Array<{ choices: Choices; activity: number; desirability: number }> = [];
  for (const choices of combinations(points, options)) {
    const e = estimate(table, choices);
    if (e.alertCount > 0) continue;
    const similarity = estimatedTanimoto(e.bits, lead.bits);
    if (similarity < window.min - WINDOW_SLACK || similarity > window.max + WINDOW_SLACK) continue;
    const desirability = profileDesirability(scenario.objectives, profileValues(e.properties, 0));
    candidates.push({ choices, activity: estimatedActivity(scenario.model, e), desirability });
  }
  const exact = (choices: Choices) => ({ choices, assessment: assessSmiles(scenario, buildSmiles(scaffold, choices)) });
  const passing = (list: Array<{ choices: Choices; assessment: Assessment | null }>) =>
    list.filter((c): c is { choices: Choices; assessment: Assessment } => c.assessment !== null && c.assessment.gateFailures.length === 0);

  // Pass 2: the potency scale's top, from the most potent estimates checked exactly.
  const byActivity = [...candidates].sort((a, b) => b.activity - a.activity).slice(0, VERIFIED);
  const potent = passing(byActivity.map((c) => exact(c.choices)));
  const bestActivity = Math.max(leadActivity + 0.5, ...potent.map((c) => c.assessment.activity));

  // Pass 3: the best objective, from the best estimates checked exactly.
  const estimatedObjective = (c: { activity: number; desirability: number }) => c.desirability * potencyCredit(c.activity, leadActivity, bestActivity);
  const byObjective = [...candidates].sort((a, b) => estimatedObjective(b) - estimatedObjective(a)).slice(0, VERIFIED);
  const scored = passing([...byObjective.map((c) => exact(c.choices)), ...potent]).map((c) => ({
    choices: c.choices,
    assessment: c.assessment,
    objective: objectiveOf(c.assessment, leadActivity, bestActivity),
  }));
  if (scored.length === 0) throw new Error(`oracle found no gate-passing analogue for ${scenario.family} lead ${scenario.lead.smiles}`);
  let top = scored.reduce((a, b) => (b.objective > a.objective ? b : a));
  // Pass 4: exact hill climbing, one point at a time, from the best so far (the estimate can miss a neighbour).
  for (let improved = true, sweeps = 0; improved && sweeps < 3; sweeps++) {
    improved = false;
    for (const point of points) {
      for (const name of options.get(point)!) {
        if (name === top.choices[point]) continue;
        const choices = { ...top.choices, [point]: name };
        const assessment = assessSmiles(scenario, buildSmiles(scaffold, choices));
        if (!assessment || assessment.gateFailures.length > 0) continue;
        const objective = objectiveOf(assessment, leadActivity, bestActivity);
        if (objective > top.objective + 1e-9) {
          top = { choices, assessment, objective };
          improved = true;
        }
      }
    }
  }
  const result: OracleResult = {
    best: { choices: top.choices, smiles: top.assessment.facts.canonical, objective: top.objective, activity: top.assessment.activity, desirability: top.assessment.desirability },
    leadActivity,
    bestActivity,
  };
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, result);
  return result;
}
