// The oracle: a search of the whole edit space with full access to the hidden model, run lazily once per scenario and cached.
import { estimatedActivity } from './activity-model.js';
import { assessSmiles, leadFacts, MIN_POTENCY_SPAN, potencyCredit, type Assessment } from './assessment.js';
import { buildSmiles, combinations, estimate, scaffoldTable, type Choices } from './edit-space.js';
import { profileDesirability, profileValues } from './profile.js';
import { activityOf } from './activity-model.js';
import { scaffoldById } from './scaffold-library.js';
import type { LeadScenario } from './types.js';

/** Candidates ranked by the estimate that are then evaluated exactly with RDKit. */
const VERIFIED = 6;
/** Neighbours of the best (one point changed) that the final exact hill-climbing step evaluates, best estimates first. */
const NEIGHBOURS = 6;
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

/** What the search depends on: equal keys, equal results. */
export function oracleCacheKey(scenario: LeadScenario): string {
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

/** The oracle's result, searched once per scenario per process (or worker thread) and cached. */
export function oracleOf(scenario: LeadScenario): OracleResult {
  const key = oracleCacheKey(scenario);
  const cached = cache.get(key);
  if (cached) return cached;
  const result = searchOracle(scenario);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, result);
  return result;
}

/** The search itself, uncached: a pure function of the scenario. */
export function searchOracle(scenario: LeadScenario): OracleResult {
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

  // Pass 2: the most potent and the best-looking estimates, and the profile's target, checked exactly.
  const byActivity = [...candidates].sort((x, y) => y.activity - x.activity).slice(0, VERIFIED);
  const pool = new Map<string, { choices: Choices; assessment: Assessment }>();
  const check = (choices: Choices) => {
    const smiles = buildSmiles(scaffold, choices);
    if (pool.has(smiles)) return;
    const assessment = assessSmiles(scenario, smiles);
    if (assessment && assessment.gateFailures.length === 0) pool.set(smiles, { choices, assessment });
  };
  for (const c of byActivity) check(c.choices);
  check(scenario.target);
  // The potency scale's top: the most potent gate-passing molecule checked exactly (raised again below if a later check beats it).
  let bestActivity = Math.max(leadActivity + MIN_POTENCY_SPAN, ...[...pool.values()].map((c) => c.assessment.activity));
  const estimatedObjective = (c: { activity: number; desirability: number }) => c.desirability * potencyCredit(c.activity, leadActivity, bestActivity);
  for (const c of [...candidates].sort((x, y) => estimatedObjective(y) - estimatedObjective(x)).slice(0, VERIFIED)) check(c.choices);
  const topOf = () => {
    bestActivity = Math.max(bestActivity, ...[...pool.values()].map((c) => c.assessment.activity));
    return [...pool.values()]
      .map((c) => ({ ...c, objective: objectiveOf(c.assessment, leadActivity, bestActivity) }))
      .reduce((x, y) => (y.objective > x.objective ? y : x));
  };
  if (pool.size === 0) throw new Error(`oracle found no gate-passing analogue for ${scenario.family} lead ${scenario.lead.smiles}`);
  let top = topOf();

  // Pass 3: one exact step of hill climbing from the best so far, over its most promising neighbours by estimate.
  const neighbours: Array<{ choices: Choices; estimated: number }> = [];
  for (const point of points) {
    for (const name of options.get(point)!) {
      if (name === top.choices[point]) continue;
      const choices = { ...top.choices, [point]: name };
      const e = estimate(table, choices);
      if (e.alertCount > 0) continue;
      const desirability = profileDesirability(scenario.objectives, profileValues(e.properties, 0));
      neighbours.push({ choices, estimated: estimatedObjective({ activity: estimatedActivity(scenario.model, e), desirability }) });
    }
  }
  neighbours.sort((x, y) => y.estimated - x.estimated);
  for (const { choices } of neighbours.slice(0, NEIGHBOURS)) check(choices);
  top = topOf();
  return {
    best: { choices: top.choices, smiles: top.assessment.facts.canonical, objective: top.objective, activity: top.assessment.activity, desirability: top.assessment.desirability },
    leadActivity,
    bestActivity,
  };
}
