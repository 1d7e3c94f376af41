// The informed-naive policies of the pipeline level: an agent that cleans the visible batch perfectly and writes only the rules its sample shows.
import { referencePipeline } from './reference-pipeline.js';
import { initialState, transition } from './transitions.js';
import type { CleaningScenario, PipelineStep } from './types.js';

/**
 * The reference pipeline cut down to what the visible batch motivates: a step is kept only if it changes a cell of
 * the sample (in order), and a value map keeps only the values the sample holds. It under-generalises: kinds of
 * slip, synonyms, template shapes and domains the sample does not show stay unrepaired in other batches.
 */
export function sampleFittedPipeline(scenario: CleaningScenario): PipelineStep[] {
  let state = initialState({ ...scenario, actionBudget: null });
  const kept: PipelineStep[] = [];
  for (const step of referencePipeline(scenario)) {
    let fitted: PipelineStep = step;
    if (step.type === 'transform_column' && step.op === 'map' && step.values) {
      const seen = new Set(state.rows.map((r) => r.cells[step.column]));
      fitted = { ...step, values: Object.fromEntries(Object.entries(step.values).filter(([from]) => seen.has(from))) };
    }
    const next = transition({ ...scenario, actionBudget: null }, state, fitted).state;
    const changed = next.cellChanges !== state.cellChanges || next.deleted.length !== state.deleted.length;
    if (changed) kept.push(fitted);
    state = next;
  }
  return kept;
}

/** The sample-fitted pipeline with each habit undone in every row, not only its system's (the obvious broad rule). */
export function broadPipeline(scenario: CleaningScenario): PipelineStep[] {
  return sampleFittedPipeline(scenario).map((step) => (step.type === 'transform_column' && step.where_column ? { ...step, where_column: null, where_value: null } : step));
}
