// The lead-optimization episode as data: the initial notebook and the effect of each action, with feedback saying what changed.
import type { Transition } from 'openenv-ts';
import { seededNormal } from './assay-noise.js';
import { assessFacts, assessSmiles } from './assessment.js';
import { buildSmiles, fits } from './edit-space.js';
import { fragmentNamed } from './fragment-library.js';
import { PROPERTY_LABELS, type PropertyKey } from './profile.js';
import { analyse } from './rdkit-engine.js';
import { scaffoldById } from './scaffold-library.js';
import { MAX_MOLECULES, type LeadAction } from './schemas.js';
import type { AssayRecord, LeadScenario, LeadState, MadeMolecule, Measure } from './types.js';

type Step = Transition<LeadState>;

function madeFrom(scenario: LeadScenario, id: string, smiles: string, origin: string, choices: MadeMolecule['choices']): MadeMolecule | { error: string } {
  const parsed = analyse(smiles);
  if (!parsed.ok) return { error: parsed.error };
  const a = assessFacts(scenario, parsed.facts);
  return { id, smiles: parsed.facts.canonical, origin, choices, values: a.values, alerts: a.facts.alerts, core_kept: a.coreKept, similarity: a.similarity };
}

export function initialState(scenario: LeadScenario): LeadState {
  const lead = madeFrom(scenario, 'M0', scenario.lead.smiles, 'lead', scenario.lead.choices);
  if ('error' in lead) throw new Error(`scenario lead is invalid: ${lead.error}`);
  return { molecules: [lead], current: 'M0', assays: [], submitted: null };
}

export function moleculeById(state: LeadState, id: string | undefined): MadeMolecule | undefined {
  return state.molecules.find((m) => m.id === (id ?? state.current));
}

const visibleOrMeasured = (scenario: LeadScenario, state: LeadState, molecule: MadeMolecule, key: PropertyKey): number | null => {
  if (scenario.properties_visible) return molecule.values[key];
  return state.assays.find((a) => a.molecule === molecule.id && a.measure === key)?.value ?? null;
};

/** "cLogP 2.31 -> 2.95 (+0.64)" for each visible property that changed; hidden ones are not named. */
function changes(scenario: LeadScenario, state: LeadState, before: MadeMolecule, after: MadeMolecule): string {
  const parts: string[] = [];
  if (scenario.properties_visible) {
    for (const key of Object.keys(PROPERTY_LABELS) as PropertyKey[]) {
      const a = visibleOrMeasured(scenario, state, before, key);
      const b = after.values[key];
      if (a === null || a === b) continue;
      const diff = Math.round((b - a) * 1000) / 1000;
      parts.push(`${PROPERTY_LABELS[key]} ${a} -> ${b} (${diff > 0 ? '+' : ''}${diff})`);
    }
  }
  parts.push(`similarity to the lead ${before.similarity} -> ${after.similarity}`);
  if (after.alerts.length > 0) parts.push(`STRUCTURAL ALERT: ${after.alerts.join(', ')}`);
  if (!after.core_kept) parts.push('the series core is NOT kept');
  return parts.join('; ');
}

function addMolecule(scenario: LeadScenario, state: LeadState, smiles: string, origin: string, choices: MadeMolecule['choices'], from: MadeMolecule): Step {
  if (state.molecules.length >= MAX_MOLECULES) return { state, error: `The notebook is full (${MAX_MOLECULES} molecules); assay or submit one of them.` };
  const id = `M${state.molecules.length}`;
  const made = madeFrom(scenario, id, smiles, origin, choices);
  if ('error' in made) return { state, error: `Invalid molecule: ${made.error}.` };
  const twin = state.molecules.find((m) => m.smiles === made.smiles);
  const next: LeadState = { ...state, molecules: [...state.molecules, made], current: id };
  const note = twin ? ` It is the same molecule as ${twin.id}.` : '';
  return { state: next, feedback: `${id} made (${origin}): ${made.smiles}. Changes from ${from.id}: ${changes(scenario, state, from, made)}.${note} ${id} is now current.` };
}

function edit(scenario: LeadScenario, state: LeadState, point: string, fragmentName: string): Step {
  const current = moleculeById(state, undefined)!;
  if (!current.choices) return { state, error: `${current.id} was proposed as SMILES, so it has no attachment points to edit; view a molecule made by edits (e.g. M0) first.` };
  const scaffold = scaffoldById(scenario.family);
  const where = scaffold.points.find((p) => p.name === point);
  if (!where) return { state, error: `This scaffold has no attachment point ${point}; it has ${scaffold.points.map((p) => p.name).join(', ')}.` };
  const fragment = fragmentNamed(fragmentName)!;
  const offered = scenario.offered[point] ?? [];
  if (!offered.includes(fragmentName)) {
    const why = fits(where, fragment) ? 'is not offered at' : 'cannot bond at';
    return { state, error: `${fragmentName} ${why} ${point} (${where.where}); offered there: ${offered.join(', ')}.` };
  }
  const was = current.choices[point] ?? 'H';
  if (was === fragmentName) return { state, error: `${current.id} already has ${fragmentName} at ${point}; nothing would change.` };
  const choices = { ...current.choices, [point]: fragmentName };
  return addMolecule(scenario, state, buildSmiles(scaffold, choices), `edit of ${current.id}: ${point} ${was} -> ${fragmentName}`, choices, current);
}

function propose(scenario: LeadScenario, state: LeadState, smiles: string): Step {
  const parsed = analyse(smiles.trim());
  if (!parsed.ok) return { state, error: `RDKit rejected the SMILES: ${parsed.error}. Nothing was made.` };
  return addMolecule(scenario, state, parsed.facts.canonical, 'proposed', null, moleculeById(state, undefined)!);
}

function assay(scenario: LeadScenario, state: LeadState, moleculeId: string, measure: Measure): Step {
  const molecule = moleculeById(state, moleculeId);
  if (!molecule) return { state, error: `No molecule ${moleculeId}; made so far: ${state.molecules.map((m) => m.id).join(', ')}.` };
  const done = state.assays.find((a) => a.measure === measure && state.molecules.find((m) => m.id === a.molecule)?.smiles === molecule.smiles);
  if (done) return { state, error: `${measure} of this molecule was already measured (${done.molecule}: ${done.value}); a repeat reads the same, so it is not run again.` };
  const left = scenario.assay_budget - state.assays.length;
  if (left <= 0) return { state, error: `The assay budget (${scenario.assay_budget}) is spent; submit a molecule.` };
  let value: number;
  if (measure === 'activity') {
    const truth = assessSmiles(scenario, molecule.smiles)!.activity;
    value = Math.round((truth + scenario.assay_noise * seededNormal(scenario.noise_key, molecule.smiles, measure)) * 100) / 100;
  } else {
    value = molecule.values[measure];
  }
  const record: AssayRecord = { molecule: molecule.id, measure, value };
  const label = measure === 'activity' ? 'pIC50' : PROPERTY_LABELS[measure];
  return {
    state: { ...state, assays: [...state.assays, record] },
    feedback: `Assay: ${label} of ${molecule.id} = ${value}. ${left - 1} of ${scenario.assay_budget} assays left.`,
  };
}

export function transition(scenario: LeadScenario, state: LeadState, action: LeadAction): Step {
  if (state.submitted) return { state, error: 'A molecule was already submitted.', done: true };
  switch (action.type) {
    case 'edit':
      return edit(scenario, state, action.point, action.fragment);
    case 'propose':
      return propose(scenario, state, action.smiles);
    case 'assay':
      return assay(scenario, state, action.molecule, action.measure);
    case 'view': {
      const molecule = moleculeById(state, action.molecule);
      if (!molecule) return { state, error: `No molecule ${action.molecule}; made so far: ${state.molecules.map((m) => m.id).join(', ')}.` };
      return { state: { ...state, current: molecule.id }, feedback: `${molecule.id} is now current: ${molecule.smiles} (${molecule.origin}).` };
    }
    case 'submit': {
      const molecule = moleculeById(state, action.molecule);
      if (!molecule) return { state, error: `No molecule ${action.molecule}; made so far: ${state.molecules.map((m) => m.id).join(', ')}.` };
      return { state: { ...state, submitted: molecule.id }, feedback: `${molecule.id} submitted as the candidate: ${molecule.smiles}.`, done: true };
    }
  }
}
