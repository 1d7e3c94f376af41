// The substituent library shipped with the task: named fragments written as SMILES that bond through their first atom.

/** How a fragment bonds: through a carbon (fits any attachment point) or through a heteroatom (aromatic carbons only). */
export type AttachAtom = 'carbon' | 'hetero';

export interface Fragment {
  /** The name an agent types in an edit, e.g. "OMe". */
  readonly name: string;
  /** SMILES of the substituent, bonded to the scaffold through its first atom; ring labels use %8x so they never clash with the scaffold's. */
  readonly smiles: string;
  readonly attach: AttachAtom;
  /** Plain words for the prompt. */
  readonly label: string;
}

/** "H" removes a substituent: the attachment point keeps a hydrogen. */
export const HYDROGEN = 'H';

export const FRAGMENTS: readonly Fragment[] = [
  { name: 'H', smiles: '', attach: 'carbon', label: 'hydrogen (removes the substituent)' },
  { name: 'F', smiles: 'F', attach: 'hetero', label: 'fluoro' },
  { name: 'Cl', smiles: 'Cl', attach: 'hetero', label: 'chloro' },
  { name: 'Br', smiles: 'Br', attach: 'hetero', label: 'bromo' },
  { name: 'Me', smiles: 'C', attach: 'carbon', label: 'methyl' },
  { name: 'Et', smiles: 'CC', attach: 'carbon', label: 'ethyl' },
  { name: 'iPr', smiles: 'C(C)C', attach: 'carbon', label: 'isopropyl' },
  { name: 'tBu', smiles: 'C(C)(C)C', attach: 'carbon', label: 'tert-butyl' },
  { name: 'cPr', smiles: 'C%81CC%81', attach: 'carbon', label: 'cyclopropyl' },
  { name: 'CF3', smiles: 'C(F)(F)F', attach: 'carbon', label: 'trifluoromethyl' },
  { name: 'CH2OH', smiles: 'CO', attach: 'carbon', label: 'hydroxymethyl' },
  { name: 'CH2NMe2', smiles: 'CN(C)C', attach: 'carbon', label: 'dimethylaminomethyl' },
  { name: 'CN', smiles: 'C#N', attach: 'carbon', label: 'cyano' },
  { name: 'CONH2', smiles: 'C(N)=O', attach: 'carbon', label: 'carboxamide' },
  { name: 'CONHMe', smiles: 'C(=O)NC', attach: 'carbon', label: 'N-methyl carboxamide' },
  { name: 'COOH', smiles: 'C(=O)O', attach: 'carbon', label: 'carboxylic acid' },
  { name: 'COMe', smiles: 'C(C)=O', attach: 'carbon', label: 'acetyl' },
  { name: 'Ph', smiles: 'c%81ccccc%81', attach: 'carbon', label: 'phenyl' },
  { name: '4-F-Ph', smiles: 'c%81ccc(F)cc%81', attach: 'carbon', label: '4-fluorophenyl' },
  { name: '3-pyridyl', smiles: 'c%81cccnc%81', attach: 'carbon', label: '3-pyridyl' },
  { name: '2-thienyl', smiles: 'c%81cccs%81', attach: 'carbon', label: '2-thienyl' },
  { name: 'CH2-morpholine', smiles: 'CN%81CCOCC%81', attach: 'carbon', label: 'morpholinomethyl' },
  { name: 'OH', smiles: 'O', attach: 'hetero', label: 'hydroxy' },
  { name: 'OMe', smiles: 'OC', attach: 'hetero', label: 'methoxy' },
  { name: 'OEt', smiles: 'OCC', attach: 'hetero', label: 'ethoxy' },
  { name: 'OCF3', smiles: 'OC(F)(F)F', attach: 'hetero', label: 'trifluoromethoxy' },
  { name: 'OPh', smiles: 'Oc%81ccccc%81', attach: 'hetero', label: 'phenoxy' },
  { name: 'NH2', smiles: 'N', attach: 'hetero', label: 'amino' },
  { name: 'NHMe', smiles: 'NC', attach: 'hetero', label: 'methylamino' },
  { name: 'NMe2', smiles: 'N(C)C', attach: 'hetero', label: 'dimethylamino' },
  { name: 'NHAc', smiles: 'NC(C)=O', attach: 'hetero', label: 'acetamido' },
  { name: 'morpholino', smiles: 'N%81CCOCC%81', attach: 'hetero', label: 'morpholin-4-yl' },
  { name: 'N-Me-piperazinyl', smiles: 'N%81CCN(C)CC%81', attach: 'hetero', label: '4-methylpiperazin-1-yl' },
  { name: 'pyrrolidinyl', smiles: 'N%81CCCC%81', attach: 'hetero', label: 'pyrrolidin-1-yl' },
  { name: 'SMe', smiles: 'SC', attach: 'hetero', label: 'methylthio' },
  { name: 'SO2Me', smiles: 'S(C)(=O)=O', attach: 'hetero', label: 'methylsulfonyl' },
  { name: 'SO2NH2', smiles: 'S(N)(=O)=O', attach: 'hetero', label: 'sulfamoyl' },
  // Fragments that trip a structural alert: tempting when the hidden model happens to like them, never submittable.
  { name: 'NO2', smiles: '[N+](=O)[O-]', attach: 'hetero', label: 'nitro (structural alert)' },
  { name: 'CHO', smiles: 'C=O', attach: 'carbon', label: 'formyl (structural alert)' },
  { name: 'SH', smiles: 'S', attach: 'hetero', label: 'thiol (structural alert)' },
  { name: 'acrylamide', smiles: 'NC(=O)C=C', attach: 'hetero', label: 'acrylamido (structural alert)' },
  { name: 'NHNH2', smiles: 'NN', attach: 'hetero', label: 'hydrazinyl (structural alert)' },
];

export const FRAGMENT_NAMES = FRAGMENTS.map((f) => f.name) as [string, ...string[]];

const BY_NAME = new Map(FRAGMENTS.map((f) => [f.name, f]));

export function fragmentNamed(name: string): Fragment | undefined {
  return BY_NAME.get(name);
}
