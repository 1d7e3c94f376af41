// Where the plugin's heavy chemistry runs: in the RDKit worker pool, or on the server's thread when the pool has no workers.
//
// Heavy: a scenario's generation (tens to hundreds of RDKit evaluations) and the oracle's search (a few
// thousand estimates and about 25 exact evaluations). Cheap per-step work (one molecule's facts and
// depiction, a few ms) stays on the server's thread: a trip to a worker would put it in line behind the
// heavy jobs, and observe() and render() must answer synchronously anyway.
import { Rng, type ScenarioContext } from 'openenv-ts';
import { runInPool, currentChemistryPoolSettings } from './chemistry-pool.js';
import type { GenerateJob } from './chemistry-jobs.js';
import { oracleCacheKey, oracleOf, type OracleResult } from './oracle-search.js';
import { loadChemistry } from './rdkit-engine.js';
import { generateScenario } from './scenario-generator.js';
import type { LeadConfig } from './schemas.js';
import type { LeadScenario } from './types.js';

/** Generations in flight, by address: sessions resetting the same scenario at once (a GRPO group) share one job. */
const generating = new Map<string, Promise<LeadScenario>>();
/** Oracle results computed in workers, and searches in flight, by the oracle's own cache key. */
const oracles = new Map<string, OracleResult>();
const searching = new Map<string, Promise<OracleResult>>();
const ORACLE_CACHE_LIMIT = 4096;

function poolEnabled(): boolean {
  return currentChemistryPoolSettings().workers > 0;
}

/**
 * Whether the generator has not been drawn from: a worker can only rebuild a generator from its seed and label,
 * so one that has drawn (never the case for the framework's) is used here, in-process. Draws from a copy.
 */
function isFresh(rng: Rng): boolean {
  if (!(rng instanceof Rng)) return false;
  const copy = Object.assign(Object.create(Object.getPrototypeOf(rng) as object) as Rng, rng);
  const fresh = new Rng(rng.seed, rng.label);
  return copy.next() === fresh.next() && copy.next() === fresh.next();
}

/** The scenario `generateScenario(rng, config, context)` gives, computed in a worker when the pool has workers. */
export async function generateOffLoop(rng: Rng, config: LeadConfig, context: ScenarioContext): Promise<LeadScenario> {
  // The server's thread needs its own RDKit for every step (molecule facts, depictions): loaded meanwhile.
  const chemistryHere = loadChemistry();
  if (!poolEnabled() || !isFresh(rng)) return generateScenario(rng, config, context);
  const job: GenerateJob = { kind: 'generate', seed: rng.seed, label: rng.label, config, context: { ...context, families: [...context.families] } };
  const key = JSON.stringify(job);
  let pending = generating.get(key);
  if (!pending) {
    pending = runInPool(job).finally(() => generating.delete(key));
    generating.set(key, pending);
  }
  const [scenario] = await Promise.all([pending, chemistryHere]);
  return scenario;
}

/** The oracle's result for a scenario (what `oracleOf` gives), searched in a worker when the pool has workers. */
export function oracleOffLoop(scenario: LeadScenario): Promise<OracleResult> {
  if (!poolEnabled()) return Promise.resolve(oracleOf(scenario));
  const key = oracleCacheKey(scenario);
  const known = oracles.get(key);
  if (known) return Promise.resolve(known);
  let pending = searching.get(key);
  if (!pending) {
    pending = runInPool({ kind: 'oracle', scenario })
      .then((result) => {
        if (oracles.size >= ORACLE_CACHE_LIMIT) oracles.delete(oracles.keys().next().value!);
        oracles.set(key, result);
        return result;
      })
      .finally(() => searching.delete(key));
    searching.set(key, pending);
  }
  return pending;
}

/** Forgets the oracle results computed in workers (tests that compare fresh computations). */
export function forgetWorkerOracles(): void {
  oracles.clear();
}
