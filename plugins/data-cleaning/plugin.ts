// The data-cleaning task: repair a messy business table to a written data-quality spec without damaging good data.
import { Task, type Grade, type Rng, type ScenarioContext, type SplitName, type TaskPlugin, type TaskView, type Transition } from 'openenv-ts';
import { cellCorrections } from './corrections.js';
import { gradeState } from './grader.js';
import { LEVELS } from './levels.js';
import { observe } from './observation.js';
import { hintOnlyPolicy } from './hint-only-policy.js';
import { referenceActions } from './reference-solver.js';
import { generateScenario } from './scenario-generator.js';
import {
  actionSchema,
  configSchema,
  observationSchema,
  type DataCleaningAction,
  type DataCleaningConfig,
  type DataCleaningData,
} from './schemas.js';
import { SCHEMA_IDS } from './table-schemas.js';
import { CONVENTION_IDS } from './conventions.js';
import { initialState, transition } from './transitions.js';
import type { CleaningScenario, CleaningState } from './types.js';

@Task({
  id: 'data-cleaning',
  title: 'Clean a business table to a data-quality spec',
  difficulty: 'medium',
  maxSteps: 120, graderVersion: '1',
  description:
    'Repair a messy business table (customers, orders, invoices, staff, bookings or stock) until it meets a data-quality spec written in prose: ' +
    'mixed date, phone and amount layouts read by the source conventions the spec states, broken emails and codes, category synonyms, stray spaces, ' +
    'reference-table lookups, totals that are not quantity x price, dates typed into each other, and duplicates, some entered again under a new key; ' +
    'change no correct data, then submit. ' +
    'Graded by precision and recall of the repairs against the ground truth.',
})
export class DataCleaningTask implements TaskPlugin<DataCleaningConfig, CleaningScenario, CleaningState, DataCleaningAction, DataCleaningData> {
  readonly configSchema = configSchema;
  readonly actionSchema = actionSchema;
  readonly observationSchema = observationSchema;
  readonly levels = LEVELS;
  /**
   * The table schemas ("domain/name") and the source conventions ("conventions/<variant>"): the framework deals
   * each group to splits, so a test table has a schema and a convention set that train never shows.
   */
  readonly families = [...SCHEMA_IDS, ...CONVENTION_IDS];
  readonly splits: readonly SplitName[] = ['train', 'validation', 'test'];
  readonly corrections = cellCorrections;

  generate(rng: Rng, config: DataCleaningConfig, context: ScenarioContext): CleaningScenario {
    return generateScenario(rng, config, context.families);
  }

  initialState(scenario: CleaningScenario): CleaningState {
    return initialState(scenario);
  }

  transition(scenario: CleaningScenario, state: CleaningState, action: DataCleaningAction): Transition<CleaningState> {
    return transition(scenario, state, action);
  }

  observe(scenario: CleaningScenario, state: CleaningState): TaskView<DataCleaningData> {
    return observe(scenario, state);
  }

  grade(scenario: CleaningScenario, state: CleaningState): Grade {
    return gradeState(scenario, state);
  }

  solve(scenario: CleaningScenario): DataCleaningAction[] {
    return referenceActions(scenario);
  }

  /** The audit's structured-hint policy: it trusts only pattern, allowed and synonyms, never the prose rules. */
  hintOnlyPolicy() {
    return hintOnlyPolicy();
  }
}
