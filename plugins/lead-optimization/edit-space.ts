// The edit space of a scaffold: building molecules from substituent choices, and per-scaffold single-edit tables for fast estimates.
import { FRAGMENTS, fragmentNamed, HYDROGEN, type Fragment } from './fragment-library.js';
import { analyse, type MoleculeFacts, type MoleculeProperties } from './rdkit-engine.js';
import type { AttachmentPoint, Scaffold } from './scaffold-library.js';

/** Substituent name per attachment point, e.g. { R1: "OMe", R2: "H", R3: "Cl" }. */
export type Choices = Readonly<Record<string, string>>;

/** The SMILES of a scaffold with the given substituents (a missing point keeps a hydrogen). */
export function buildSmiles(scaffold: Scaffold, choices: Choices): string {
  return scaffold.template.replace(/\{(R\d)\}/g, (_m, point: string) => {
    const fragment = fragmentNamed(choices[point] ?? HYDROGEN);
    return fragment && fragment.smiles !== '' ? `(${fragment.smiles})` : '';
  });
}

/** The series core every analogue must keep: the scaffold with hydrogens at every attachment point. */
export function coreSmiles(scaffold: Scaffold): string {
  return buildSmiles(scaffold, {});
}

export function fits(point: AttachmentPoint, fragment: Fragment): boolean {
  return point.accepts.includes(fragment.attach);
}

/** What putting one fragment at one point (others hydrogen) does to the bare scaffold. */
export interface SingleEdit {
  readonly delta: Record<keyof MoleculeProperties, number>;
  /** Fingerprint bits the edit adds to / removes from the bare scaffold's. */
  readonly gained: readonly number[];
  readonly lost: readonly number[];
  readonly alerts: readonly string[];
}

export interface ScaffoldTable {
  readonly bare: MoleculeFacts;
  /** point -> fragment name -> effect; only fragments that fit the point and give a valid molecule. */
  readonly edits: ReadonlyMap<string, ReadonlyMap<string, SingleEdit>>;
}

const tables = new Map<string, ScaffoldTable>();

function mustAnalyse(smiles: string): MoleculeFacts {
  const parsed = analyse(smiles);
  if (!parsed.ok) throw new Error(`library molecule ${smiles} is invalid: ${parsed.error}`);
  return parsed.facts;
}

/** Built once per scaffold per process (about a hundred RDKit evaluations), then shared by every scenario. */
export function scaffoldTable(scaffold: Scaffold): ScaffoldTable {
  const cached = tables.get(scaffold.id);
  if (cached) return cached;
  const bare = mustAnalyse(coreSmiles(scaffold));
  const bareBits = new Set(bare.bits);
  const edits = new Map<string, Map<string, SingleEdit>>();
  for (const point of scaffold.points) {
    const byFragment = new Map<string, SingleEdit>();
    for (const fragment of FRAGMENTS) {
      if (!fits(point, fragment)) continue;
      const parsed = analyse(buildSmiles(scaffold, { [point.name]: fragment.name }));
      if (!parsed.ok) continue;
      const facts = parsed.facts;
      const own = new Set(facts.bits);
      const delta = Object.fromEntries(
        (Object.keys(bare.properties) as Array<keyof MoleculeProperties>).map((k) => [k, facts.properties[k] - bare.properties[k]]),
      ) as Record<keyof MoleculeProperties, number>;
      byFragment.set(fragment.name, {
        delta,
        gained: facts.bits.filter((b) => !bareBits.has(b)),
        lost: bare.bits.filter((b) => !own.has(b)),
        alerts: facts.alerts,
      });
    }
    edits.set(point.name, byFragment);
  }
  const table = { bare, edits };
  tables.set(scaffold.id, table);
  return table;
}

/** A quick estimate of a combination's facts from single-edit effects (exact for MW and ring counts, close for the rest). */
export interface Estimate {
  readonly properties: MoleculeProperties;
  readonly bits: Uint8Array;
  readonly alertCount: number;
}

export function estimate(table: ScaffoldTable, choices: Choices): Estimate {
  const properties = { ...table.bare.properties } as Record<keyof MoleculeProperties, number>;
  const bits = new Uint8Array(2048);
  for (const b of table.bare.bits) bits[b] = 1;
  let alertCount = 0;
  for (const [point, name] of Object.entries(choices)) {
    const edit = table.edits.get(point)?.get(name);
    if (!edit) continue;
    for (const k of Object.keys(properties) as Array<keyof MoleculeProperties>) properties[k] += edit.delta[k];
    for (const b of edit.lost) bits[b] = 0;
    alertCount += edit.alerts.length;
  }
  for (const [point, name] of Object.entries(choices)) {
    const edit = table.edits.get(point)?.get(name);
    if (edit) for (const b of edit.gained) bits[b] = 1;
  }
  return { properties, bits, alertCount };
}

/** Every combination of the given per-point options, as choices. */
export function* combinations(points: readonly string[], options: ReadonlyMap<string, readonly string[]>): Generator<Choices> {
  const index = points.map(() => 0);
  const lists = points.map((p) => options.get(p) ?? [HYDROGEN]);
  if (lists.some((l) => l.length === 0)) return;
  for (;;) {
    yield Object.fromEntries(points.map((p, i) => [p, lists[i]![index[i]!]!]));
    let k = points.length - 1;
    while (k >= 0 && ++index[k]! >= lists[k]!.length) index[k--] = 0;
    if (k < 0) return;
  }
}
