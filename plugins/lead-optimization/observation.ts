// What the agent sees: the project brief, the profile, the notebook of molecules made and assays run, and a depiction.
import type { TaskView } from 'openenv-ts';
import { fragmentNamed } from './fragment-library.js';
import { describeObjective, PROPERTY_KEYS, PROPERTY_LABELS, type PropertyKey } from './profile.js';
import { ALERTS, depiction } from './rdkit-engine.js';
import { scaffoldById } from './scaffold-library.js';
import type { LeadObservation } from './schemas.js';
import type { LeadScenario, LeadState, MadeMolecule } from './types.js';

const SHORT: Record<PropertyKey, string> = { clogp: 'cLogP', tpsa: 'TPSA', mw: 'MW', hbd: 'HBD', hba: 'HBA', rotb: 'RotB', arom_rings: 'AroRings', druglikeness: 'DL' };

function shownProperties(scenario: LeadScenario, state: LeadState, molecule: MadeMolecule): Record<PropertyKey, number | null> {
  const smilesOf = (id: string) => state.molecules.find((m) => m.id === id)?.smiles;
  const measured = (key: PropertyKey) => state.assays.find((a) => a.measure === key && smilesOf(a.molecule) === molecule.smiles)?.value ?? null;
  return Object.fromEntries(PROPERTY_KEYS.map((key) => [key, scenario.properties_visible ? molecule.values[key] : measured(key)])) as Record<PropertyKey, number | null>;
}

function measuredActivity(state: LeadState, molecule: MadeMolecule): number | null {
  const smilesOf = (id: string) => state.molecules.find((m) => m.id === id)?.smiles;
  return state.assays.find((a) => a.measure === 'activity' && smilesOf(a.molecule) === molecule.smiles)?.value ?? null;
}

function notebookLine(scenario: LeadScenario, state: LeadState, m: MadeMolecule): string {
  const props = shownProperties(scenario, state, m);
  const shown = PROPERTY_KEYS.map((k) => `${SHORT[k]} ${props[k] ?? '?'}`).join(', ');
  const subs = m.choices ? Object.entries(m.choices).map(([p, f]) => `${p}=${f}`).join(' ') : 'free SMILES';
  const activity = measuredActivity(state, m);
  const flags = [m.alerts.length > 0 ? `ALERT ${m.alerts.join('/')}` : '', m.core_kept ? '' : 'CORE LOST'].filter(Boolean).join(' ');
  return `${m.id}${m.id === state.current ? ' (current)' : ''} [${subs}] ${m.smiles} | similarity ${m.similarity} | ${shown} | pIC50 ${activity ?? 'not assayed'}${flags ? ` | ${flags}` : ''}`;
}

export function observe(scenario: LeadScenario, state: LeadState): TaskView<LeadObservation> {
  const scaffold = scaffoldById(scenario.family);
  const current = state.molecules.find((m) => m.id === state.current)!;
  const left = scenario.assay_budget - state.assays.length;
  const offeredNames = [...new Set(Object.values(scenario.offered).flat())];
  const library = offeredNames.map((n) => fragmentNamed(n)!).map((f) => ({ name: f.name, smiles: f.smiles, label: f.label }));
  const window = scenario.similarity_window;
  const prompt = [
    `${scenario.project}: optimise the ${scaffold.title} lead series under an assay budget.`,
    `The lead is M0 = ${scenario.lead.smiles}; every submitted molecule must contain the series core ${scenario.core}.`,
    '',
    'Target product profile (the submitted molecule is judged on all of it):',
    '- potency as high as you can get it (pIC50 from the activity assay; the structure-activity relationship is hidden and learnt only by assaying; readings carry reproducible noise)',
    ...scenario.objectives.map((o) => `- ${describeObjective(o)} (tolerance ${o.tolerance})`),
    'Each property objective scores 1 inside its range and falls linearly to 0 at its tolerance outside it.',
    `Hard gates (score 0 if broken): core kept; no structural alert (${ALERTS.map((a) => a.name).join(', ')}); Tanimoto similarity to the lead between ${window.min} and ${window.max}.`,
    scenario.properties_visible
      ? 'Computed properties are shown for every molecule you make.'
      : 'Properties are hidden: a property of a molecule is known only after you assay it.',
    `Assays left: ${left} of ${scenario.assay_budget} (each assay measures one property or the activity of one molecule; unused assays earn a small bonus).`,
    '',
    'Attachment points and the substituents offered there:',
    ...scaffold.points.map((p) => `- ${p.name} (${p.where}), now ${current.choices?.[p.name] ?? 'n/a'}: ${scenario.offered[p.name]!.join(', ')}`),
    `Substituent SMILES: ${library.filter((f) => f.smiles !== '').map((f) => `${f.name} ${f.smiles}`).join('; ')}.`,
    '',
    `Notebook (${state.molecules.length} molecules; properties: ${PROPERTY_KEYS.map((k) => `${SHORT[k]} = ${PROPERTY_LABELS[k]}`).join(', ')}):`,
    ...state.molecules.map((m) => notebookLine(scenario, state, m)),
    '',
    'Actions: {"type":"edit","point":"R1","fragment":"OMe"} changes the current molecule at one point; {"type":"propose","smiles":"..."} makes any molecule; {"type":"assay","molecule":"M2","measure":"activity"} (or clogp, tpsa, mw, hbd, hba, rotb, arom_rings, druglikeness); {"type":"view","molecule":"M2"} makes M2 current; {"type":"submit","molecule":"M2"} ends the episode.',
  ].join('\n');
  const data: LeadObservation = {
    project: scenario.project,
    rdkit_version: scenario.rdkit_version,
    core_smiles: scenario.core,
    attachment_points: scaffold.points.map((p) => ({ name: p.name, where: p.where, offered: [...scenario.offered[p.name]!] })),
    fragment_library: library,
    objectives: scenario.objectives.map((o) => ({ ...o, text: describeObjective(o) })),
    structural_alerts: ALERTS.map((a) => ({ ...a })),
    similarity_window: { ...window },
    properties_visible: scenario.properties_visible,
    assay_budget: scenario.assay_budget,
    assays_left: left,
    current: state.current,
    molecules: state.molecules.map((m) => ({
      id: m.id,
      smiles: m.smiles,
      origin: m.origin,
      substituents: m.choices ? { ...m.choices } : null,
      similarity_to_lead: m.similarity,
      core_kept: m.core_kept,
      alerts: [...m.alerts],
      properties: shownProperties(scenario, state, m),
      measured_activity: measuredActivity(state, m),
    })),
    assays: state.assays.map((a) => ({ ...a })),
    depiction_svg: depiction(current.smiles),
    submitted: state.submitted,
  };
  return { prompt, data };
}
