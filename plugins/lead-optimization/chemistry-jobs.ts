// The heavy chemistry jobs as plain data and the one function that runs them, the same in a worker thread and in-process.
//
// A job is a pure function of its message: the worker pool can run it on any worker, run it again after a
// crash, and its result equals what the server's own thread would compute (the equality tests hold it to that).
// Only plain data crosses the thread boundary; a generator is rebuilt from its seed and label.
import type { ScenarioContext } from 'openenv-ts';
// Straight from the generator's module, not the framework's entry point: a worker thread loads only what it
// runs, and the entry point would bring the whole HTTP server into every worker.
import { Rng } from 'openenv-ts';
import { oracleOf, type OracleResult } from './oracle-search.js';
import { generateScenario } from './scenario-generator.js';
import type { LeadConfig } from './schemas.js';
import type { LeadScenario } from './types.js';

/** A scenario from a fresh generator `new Rng(seed, label)`: what the framework hands `generate`. */
export interface GenerateJob {
  readonly kind: 'generate';
  readonly seed: number;
  readonly label: string;
  readonly config: LeadConfig;
  readonly context: ScenarioContext;
}

/** The oracle's search of a scenario's edit space (what grading a submit and the reference solver need). */
export interface OracleJob {
  readonly kind: 'oracle';
  readonly scenario: LeadScenario;
}

export type ChemistryJob = GenerateJob | OracleJob;

/** What each kind of job gives back. */
export type ChemistryResult<J extends ChemistryJob> = J extends GenerateJob ? LeadScenario : OracleResult;

export async function runChemistryJob<J extends ChemistryJob>(job: J): Promise<ChemistryResult<J>> {
  switch (job.kind) {
    case 'generate':
      return (await generateScenario(new Rng(job.seed, job.label), job.config, job.context)) as ChemistryResult<J>;
    case 'oracle':
      return oracleOf(job.scenario) as ChemistryResult<J>;
    default:
      throw new Error(`unknown chemistry job kind ${JSON.stringify((job as { kind?: unknown }).kind)}`);
  }
}
