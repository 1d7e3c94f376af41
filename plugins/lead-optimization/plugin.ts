// The lead-optimization task: improve a drug lead under an assay budget, judged by RDKit and a hidden potency model.
import { Task, type Grade, type Rng, type ScenarioContext, type SplitName, type TaskPlugin, type TaskView, type Transition } from 'openenv-ts';
import { gradeWithOracle, gradeWithoutOracle } from './grader.js';
import { generateOffLoop, oracleOffLoop } from './heavy-chemistry.js';
import { hintOnlyPolicy } from './hint-only-policy.js';
import { LEVELS } from './levels.js';
import { observe } from './observation.js';
import { referenceActions } from './reference-solver.js';
import { SCAFFOLD_IDS } from './scaffold-library.js';
import { depiction } from './rdkit-engine.js';
import { actionSchema, configSchema, observationSchema, type LeadAction, type LeadConfig, type LeadObservation } from './schemas.js';
import { initialState, transition } from './transitions.js';
import type { LeadScenario, LeadState } from './types.js';

@Task({
  id: 'lead-optimization',
  title: 'Medicinal chemistry: optimise a drug lead under an assay budget',
  difficulty: 'hard',
  maxSteps: 50,
  graderVersion: '1',
  description:
    'A lead molecule of a seeded project, a scaffold to keep and a target product profile (cLogP, TPSA, weight, donors, acceptors, ' +
    'rotatable bonds, aromatic rings, drug-likeness, structural alerts). Make analogues by substituent edits or free SMILES (checked by RDKit), ' +
    'assay potency and properties within a budget to learn a hidden structure-activity relationship, and submit one candidate; ' +
    "graded against the best analogue an oracle with the hidden model finds.",
})
export class LeadOptimizationTask implements TaskPlugin<LeadConfig, LeadScenario, LeadState, LeadAction, LeadObservation> {
  readonly configSchema = configSchema;
  readonly actionSchema = actionSchema;
  readonly observationSchema = observationSchema;
  readonly levels = LEVELS;
  /** The scaffolds, "series/name": the framework deals each series' scaffolds to every split. */
  readonly families = SCAFFOLD_IDS;
  readonly splits: readonly SplitName[] = ['train', 'validation', 'test'];

  /** Generated in an RDKit worker thread (heavy-chemistry.ts): the server's event loop keeps serving other sessions. */
  generate(rng: Rng, config: LeadConfig, context: ScenarioContext): Promise<LeadScenario> {
    return generateOffLoop(rng, config, context);
  }

  initialState(scenario: LeadScenario): LeadState {
    return initialState(scenario);
  }

  transition(scenario: LeadScenario, state: LeadState, action: LeadAction): Transition<LeadState> {
    return transition(scenario, state, action);
  }

  observe(scenario: LeadScenario, state: LeadState): TaskView<LeadObservation> {
    return observe(scenario, state);
  }

  /** The play page's picture: the current molecule's depiction, which the agent also gets as depiction_svg. */
  render(_scenario: LeadScenario, state: LeadState): string {
    const current = state.molecules.find((m) => m.id === state.current) ?? state.molecules[0]!;
    return depiction(current.smiles);
  }

  /** Synchronous until a submitted molecule passes the gates; then the oracle's search runs in a worker (once per scenario). */
  grade(scenario: LeadScenario, state: LeadState): Grade | Promise<Grade> {
    return gradeWithoutOracle(scenario, state) ?? oracleOffLoop(scenario).then((oracle) => gradeWithOracle(scenario, state, oracle));
  }

  async solve(scenario: LeadScenario): Promise<LeadAction[]> {
    return referenceActions(scenario, await oracleOffLoop(scenario));
  }

  /** The audit's structured-hint policy: it fits the visible profile and never learns potency. */
  hintOnlyPolicy() {
    return hintOnlyPolicy();
  }
}
