// The target product profile: property objectives with desired ranges, a QED-like drug-likeness, and how desirable a molecule is.
import type { MoleculeProperties } from './rdkit-engine.js';

/** Every property an objective or an assay can name. */
export const PROPERTY_KEYS = ['clogp', 'tpsa', 'mw', 'hbd', 'hba', 'rotb', 'arom_rings', 'druglikeness'] as const;
export type PropertyKey = (typeof PROPERTY_KEYS)[number];

export const PROPERTY_LABELS: Record<PropertyKey, string> = {
  clogp: 'cLogP (Crippen)',
  tpsa: 'TPSA (A^2)',
  mw: 'molecular weight',
  hbd: 'H-bond donors',
  hba: 'H-bond acceptors',
  rotb: 'rotatable bonds',
  arom_rings: 'aromatic rings',
  druglikeness: 'drug-likeness (0-1)',
};

/** One line of the profile: a property kept within [min, max]; desirability falls linearly to 0 over `tolerance` outside. */
export interface Objective {
  readonly property: PropertyKey;
  readonly min: number | null;
  readonly max: number | null;
  readonly tolerance: number;
}

/** The properties of a molecule plus its drug-likeness (what a profile reads). */
export type ProfileValues = Record<PropertyKey, number>;

/** One soft bound: 1 inside [lo, hi], falling linearly to 0 at `width` outside. */
function soft(value: number, lo: number | null, hi: number | null, width: number): number {
  const below = lo === null ? 0 : Math.max(0, lo - value);
  const above = hi === null ? 0 : Math.max(0, value - hi);
  return Math.max(0, 1 - (below + above) / width);
}

/**
 * A QED-like drug-likeness in [0, 1]: the geometric mean of soft windows on the Lipinski/Veber-type properties,
 * halved per structural alert. Not Bickerton's QED (MinimalLib has none); its windows are stated in the README.
 */
export function drugLikeness(p: MoleculeProperties, alertCount: number): number {
  const terms = [
    soft(p.mw, 200, 450, 200),
    soft(p.clogp, 0, 4, 3),
    soft(p.hbd, 0, 3, 4),
    soft(p.hba, 0, 8, 6),
    soft(p.tpsa, 20, 120, 60),
    soft(p.rotb, 0, 7, 7),
    soft(p.arom_rings, 1, 3, 3),
  ].map((t) => Math.max(t, 0.05));
  const mean = Math.exp(terms.reduce((s, t) => s + Math.log(t), 0) / terms.length);
  return Math.round(mean * 0.5 ** alertCount * 1000) / 1000;
}

export function profileValues(p: MoleculeProperties, alertCount: number): ProfileValues {
  return { clogp: p.clogp, tpsa: p.tpsa, mw: p.mw, hbd: p.hbd, hba: p.hba, rotb: p.rotb, arom_rings: p.arom_rings, druglikeness: drugLikeness(p, alertCount) };
}

export function objectiveDesirability(objective: Objective, values: ProfileValues): number {
  return soft(values[objective.property], objective.min, objective.max, objective.tolerance);
}

/** The profile's desirability: the product over objectives, so every objective missed costs its full share. */
export function profileDesirability(objectives: readonly Objective[], values: ProfileValues): number {
  let product = 1;
  for (const objective of objectives) product *= objectiveDesirability(objective, values);
  return product;
}

/** "cLogP (Crippen) between 1 and 3" and the like. */
export function describeObjective(objective: Objective): string {
  const label = PROPERTY_LABELS[objective.property];
  // Kept under eight words: a profile line is scenario data, not a sentence to be repeated across splits.
  if (objective.min !== null && objective.max !== null) return `${label}: ${objective.min} to ${objective.max}`;
  if (objective.min !== null) return `${label}: at least ${objective.min}`;
  return `${label}: at most ${objective.max}`;
}
