// The scaffold library: lead series as SMILES templates with named attachment points; each scaffold is a generator family.
import type { AttachAtom } from './fragment-library.js';

export interface AttachmentPoint {
  /** "R1", "R2", ...: the name an edit uses. */
  readonly name: string;
  /** Where it sits, in words. */
  readonly where: string;
  /** Which fragments fit: an aromatic carbon takes any, a nitrogen or aliphatic carbon only carbon-bonded ones. */
  readonly accepts: readonly AttachAtom[];
}

export interface Scaffold {
  /** "series/name": the series is the family group, so every split gets scaffolds of every series. */
  readonly id: string;
  readonly title: string;
  /** SMILES with {R1}.. placeholders right after the atom that carries the substituent. */
  readonly template: string;
  readonly points: readonly AttachmentPoint[];
}

const ANY: readonly AttachAtom[] = ['carbon', 'hetero'];
const CARBON_ONLY: readonly AttachAtom[] = ['carbon'];

const aryl = (name: string, where: string): AttachmentPoint => ({ name, where, accepts: ANY });
const carbonOnly = (name: string, where: string): AttachmentPoint => ({ name, where, accepts: CARBON_ONLY });

export const SCAFFOLDS: readonly Scaffold[] = [
  // Benzanilide-like amides
  { id: 'amide/benzanilide', title: 'N-phenylbenzamide', template: 'O=C(Nc1ccc{R3}cc1)c1ccc{R1}c{R2}c1', points: [aryl('R1', 'para position of the benzoyl ring'), aryl('R2', 'meta position of the benzoyl ring'), aryl('R3', 'para position of the aniline ring')] },
  { id: 'amide/nicotinamide', title: 'N-phenylnicotinamide', template: 'O=C(Nc1cc{R3}ccc1)c1cc{R1}cnc1{R2}', points: [aryl('R1', '5-position of the pyridine'), aryl('R2', '2-position of the pyridine'), aryl('R3', 'meta position of the aniline ring')] },
  { id: 'amide/thiophene-carboxamide', title: 'N-benzylthiophene-2-carboxamide', template: 'O=C(NCc1ccc{R3}cc1)c1cc{R1}c{R2}s1', points: [aryl('R1', '4-position of the thiophene'), aryl('R2', '5-position of the thiophene'), aryl('R3', 'para position of the benzyl ring')] },
  { id: 'amide/piperidine-carboxamide', title: 'N-aryl piperidine-4-carboxamide', template: 'O=C(Nc1ccc{R2}c{R3}c1)C1CCN{R1}CC1', points: [carbonOnly('R1', 'piperidine nitrogen'), aryl('R2', 'para position of the aniline ring'), aryl('R3', 'meta position of the aniline ring')] },
  // Kinase-like aminoheteroaryl hinge binders
  { id: 'hinge/anilinopyrimidine', title: '2-anilinopyrimidine', template: 'c1c{R1}nc(Nc2ccc{R3}cc2)nc1{R2}', points: [aryl('R1', '5-position of the pyrimidine'), aryl('R2', '4-position of the pyrimidine'), aryl('R3', 'para position of the aniline ring')] },
  { id: 'hinge/aminoquinazoline', title: '4-anilinoquinazoline', template: 'c1{R1}cc2c(cc1{R2})ncnc2Nc1ccc{R3}cc1', points: [aryl('R1', '6-position of the quinazoline'), aryl('R2', '7-position of the quinazoline'), aryl('R3', 'para position of the aniline ring')] },
  { id: 'hinge/aminopyrazole', title: '3-amino-1H-pyrazole with an aryl ring', template: 'c1cc{R3}ccc1-c1cc(NC(=O)c2cc{R1}cc{R2}c2)n[nH]1', points: [aryl('R1', 'meta position of the benzoyl ring'), aryl('R2', 'other meta position of the benzoyl ring'), aryl('R3', 'para position of the phenyl ring on the pyrazole')] },
  { id: 'hinge/pyrrolopyrimidine', title: '7H-pyrrolo[2,3-d]pyrimidine', template: 'c1c{R1}c2c(N{R3})ncnc2n1C{R2}', points: [aryl('R1', '5-position of the pyrrole ring'), carbonOnly('R2', 'carbon on the pyrrole nitrogen'), carbonOnly('R3', 'the 4-amino nitrogen')] },
  // Aryl sulfonamides
  { id: 'sulfonamide/benzenesulfonanilide', title: 'N-phenylbenzenesulfonamide', template: 'O=S(=O)(Nc1ccc{R3}cc1)c1ccc{R1}c{R2}c1', points: [aryl('R1', 'para position of the sulfonyl ring'), aryl('R2', 'meta position of the sulfonyl ring'), aryl('R3', 'para position of the aniline ring')] },
  { id: 'sulfonamide/pyridyl-sulfonamide', title: 'N-(pyridin-3-yl)benzenesulfonamide', template: 'O=S(=O)(Nc1cnc{R3}cc1)c1cc{R1}cc{R2}c1', points: [aryl('R1', 'meta position of the sulfonyl ring'), aryl('R2', 'other meta position of the sulfonyl ring'), aryl('R3', '6-position of the pyridine')] },
  { id: 'sulfonamide/benzylsulfonamide', title: 'N-benzyl arylsulfonamide', template: 'O=S(=O)(N{R3}Cc1ccc{R2}cc1)c1ccc{R1}cc1', points: [aryl('R1', 'para position of the sulfonyl ring'), aryl('R2', 'para position of the benzyl ring'), carbonOnly('R3', 'the sulfonamide nitrogen')] },
  // Biaryl ethers and ureas
  { id: 'urea/diarylurea', title: 'N,N\'-diarylurea', template: 'O=C(Nc1ccc{R1}c{R2}c1)Nc1ccc{R3}cc1', points: [aryl('R1', 'para position of the first aryl ring'), aryl('R2', 'meta position of the first aryl ring'), aryl('R3', 'para position of the second aryl ring')] },
  { id: 'urea/benzimidazolyl-urea', title: 'N-(benzimidazol-2-yl)urea', template: 'O=C(NC{R3})Nc1nc2cc{R1}c{R2}cc2[nH]1', points: [aryl('R1', '5-position of the benzimidazole'), aryl('R2', '6-position of the benzimidazole'), carbonOnly('R3', 'carbon on the urea nitrogen')] },
  { id: 'urea/pyridyl-urea', title: 'N-aryl-N\'-pyridylurea', template: 'O=C(Nc1ccc{R3}nc1)Nc1cc{R1}cc{R2}c1', points: [aryl('R1', 'meta position of the phenyl ring'), aryl('R2', 'other meta position of the phenyl ring'), aryl('R3', '6-position of the pyridine')] },
];

export const SCAFFOLD_IDS: readonly string[] = SCAFFOLDS.map((s) => s.id);

const BY_ID = new Map(SCAFFOLDS.map((s) => [s.id, s]));

export function scaffoldById(id: string): Scaffold {
  const scaffold = BY_ID.get(id);
  if (!scaffold) throw new Error(`unknown scaffold ${id}`);
  return scaffold;
}
