// The chemistry engine: RDKit MinimalLib (WebAssembly), loaded once per process, with a bounded cache of per-molecule facts.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { MainModule, Mol } from '@rdkit/rdkit';

const require = createRequire(import.meta.url);

/** The exact @rdkit/rdkit release this task was written against; scenarios carry it so it enters the digest. */
export const RDKIT_PACKAGE_VERSION = '2026.9.1';

/** Morgan fingerprint settings used for the hidden model and for similarity (ECFP4-like). */
const MORGAN = JSON.stringify({ radius: 2, nBits: 2048 });

/** The properties a target product profile can ask about. */
export interface MoleculeProperties {
  readonly clogp: number;
  readonly tpsa: number;
  readonly mw: number;
  readonly hbd: number;
  readonly hba: number;
  readonly rotb: number;
  readonly arom_rings: number;
  readonly heavy_atoms: number;
}

/** What RDKit says about one molecule: everything the task needs, computed once. */
export interface MoleculeFacts {
  readonly canonical: string;
  readonly properties: MoleculeProperties;
  /** Set bits of the Morgan fingerprint, ascending. */
  readonly bits: readonly number[];
  /** Names of the structural alerts it trips. */
  readonly alerts: readonly string[];
}

export type Parsed = { readonly ok: true; readonly facts: MoleculeFacts } | { readonly ok: false; readonly error: string };

/** Structural alerts (SMARTS): reactive or toxicophore groups a project refuses to take forward. */
export const ALERTS: ReadonlyArray<{ readonly name: string; readonly smarts: string }> = [
  { name: 'nitro group', smarts: '[$([NX3](=O)=O),$([NX3+](=O)[O-])]' },
  { name: 'aldehyde', smarts: '[CX3H1](=O)[#6]' },
  { name: 'thiol', smarts: '[SX2H1]' },
  { name: 'Michael acceptor (acrylamide/enone)', smarts: '[CH2]=[CH]C(=O)' },
  { name: 'hydrazine', smarts: '[NX3][NX3]' },
  { name: 'azo group', smarts: '[#6]N=N[#6]' },
  { name: 'acyl halide', smarts: 'C(=O)[Cl,Br,I,F]' },
  { name: 'peroxide', smarts: 'OO' },
];

/** Molecules larger than this are refused before any descriptor is computed. */
export const MAX_HEAVY_ATOMS = 80;

let loading: Promise<MainModule> | null = null;
let loaded: MainModule | null = null;
let queries: Array<{ name: string; query: Mol }> | null = null;
let compiling: Promise<WebAssembly.Module | null> | null = null;

/**
 * RDKit's WebAssembly (7 MB), compiled once per process: the server's own instance and every worker thread's
 * instantiate this module (milliseconds) instead of each compiling it again. Null when it cannot be compiled
 * here, and each instance then compiles its own.
 */
export function compiledChemistry(): Promise<WebAssembly.Module | null> {
  compiling ??= readFile(require.resolve('@rdkit/rdkit/RDKit_minimal.wasm'))
    .then((bytes) => WebAssembly.compile(bytes))
    .catch(() => null);
  return compiling;
}

/**
 * Loads RDKit once per process or worker thread (about a second); every later call returns the same module.
 * A worker passes the module its parent compiled.
 */
export function loadChemistry(compiled?: WebAssembly.Module | null): Promise<MainModule> {
  loading ??= (async () => {
    const wasm = compiled ?? (await compiledChemistry());
    const factory = require('@rdkit/rdkit') as (options?: unknown) => Promise<MainModule>;
    const options = wasm
      ? {
          instantiateWasm(imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance) => void) {
            void WebAssembly.instantiate(wasm, imports).then(done);
            return {};
          },
        }
      : undefined;
    const module = await factory(options);
    module.disable_logging();
    loaded = module;
    queries = ALERTS.map((a) => ({ name: a.name, query: module.get_qmol(a.smarts)! }));
    return module;
  })();
  return loading;
}

/** The loaded module, for synchronous callers that run only after a scenario was generated (which loads it). */
export function chemistry(): MainModule {
  if (!loaded) throw new Error('RDKit is not loaded yet: loadChemistry() must be awaited first (generate does)');
  return loaded;
}

/** A small insertion-ordered LRU: per-molecule facts are reused across sessions, searches and grading. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly capacity: number) {}
  get(key: string): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value!);
  }
}

const factsCache = new Lru<Parsed>(50_000);
const svgCache = new Lru<string>(2_000);
const coreCache = new Lru<boolean>(50_000);

/** Why RDKit refused a SMILES, in its own words without timestamps, or a generic reason. */
function parseError(module: MainModule, smiles: string): string {
  const log = module.set_log_capture('rdApp.*');
  try {
    const retry = module.get_mol(smiles);
    retry?.delete();
    const lines = (log?.get_buffer() ?? '')
      .split('\n')
      .map((line) => line.replace(/^\[[0-9:]+\]\s*/, '').trim())
      .filter((line) => line.length > 0 && !/^SMILES Parse Error: (check for mistakes|Failed parsing)/.test(line) && !/^[~^ ]+$/.test(line));
    const unique = [...new Set(lines)].slice(0, 2).join('; ');
    return unique || 'RDKit could not parse or sanitise it';
  } finally {
    log?.delete();
    module.disable_logging();
  }
}

function round(value: number, places: number): number {
  const f = 10 ** places;
  return Math.round(value * f) / f;
}

/** Parses, sanitises and describes a SMILES; invalid input gives a chemistry error, never an exception. */
export function analyse(smiles: string): Parsed {
  const cached = factsCache.get(smiles);
  if (cached) return cached;
  const module = chemistry();
  const mol = smiles.trim() === '' ? null : module.get_mol(smiles);
  let result: Parsed;
  if (!mol || !mol.is_valid()) {
    mol?.delete();
    result = { ok: false, error: smiles.trim() === '' ? 'empty SMILES' : parseError(module, smiles) };
  } else if (mol.get_num_atoms() > MAX_HEAVY_ATOMS) {
    // Far beyond any drug; very large molecules also crash the WebAssembly fingerprint code.
    const atoms = mol.get_num_atoms();
    mol.delete();
    result = { ok: false, error: `${atoms} heavy atoms is more than the ${MAX_HEAVY_ATOMS} this project accepts` };
  } else {
    try {
      const d = JSON.parse(mol.get_descriptors()) as Record<string, number>;
      const fp = mol.get_morgan_fp(MORGAN);
      const bits: number[] = [];
      for (let i = 0; i < fp.length; i++) if (fp.charCodeAt(i) === 49) bits.push(i);
      const alerts = queries!.filter((q) => mol.get_substruct_match(q.query) !== '{}').map((q) => q.name);
      result = {
        ok: true,
        facts: {
          canonical: mol.get_smiles(),
          properties: {
            clogp: round(d.CrippenClogP!, 2),
            tpsa: round(d.tpsa!, 1),
            mw: round(d.amw!, 1),
            hbd: d.NumHBD!,
            hba: d.NumHBA!,
            rotb: d.NumRotatableBonds!,
            arom_rings: d.NumAromaticRings!,
            heavy_atoms: d.NumHeavyAtoms!,
          },
          bits,
          alerts,
        },
      };
    } finally {
      mol.delete();
    }
  }
  factsCache.set(smiles, result);
  return result;
}

/** Whether a molecule contains the series core (a molecule-as-query match: atoms and bonds, hydrogens ignored). */
export function containsCore(smiles: string, coreSmiles: string): boolean {
  const key = `${coreSmiles}\u0000${smiles}`;
  const cached = coreCache.get(key);
  if (cached !== undefined) return cached;
  const module = chemistry();
  const mol = module.get_mol(smiles);
  const core = module.get_mol(coreSmiles);
  try {
    const kept = !!mol && !!core && mol.get_substruct_match(core) !== '{}';
    coreCache.set(key, kept);
    return kept;
  } finally {
    mol?.delete();
    core?.delete();
  }
}

/** A 2D depiction as an SVG document (cached: the page and the observation ask for the same few molecules). */
export function depiction(smiles: string): string {
  const cached = svgCache.get(smiles);
  if (cached) return cached;
  const mol = chemistry().get_mol(smiles);
  if (!mol) return '';
  try {
    const svg = mol.get_svg(360, 240);
    svgCache.set(smiles, svg);
    return svg;
  } finally {
    mol.delete();
  }
}

/** Tanimoto similarity of two sorted bit lists. */
export function tanimoto(a: readonly number[], b: readonly number[]): number {
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      common++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  const union = a.length + b.length - common;
  return union === 0 ? 1 : common / union;
}
