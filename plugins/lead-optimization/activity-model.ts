// The hidden activity model: a seeded, sparse function of the molecule standing for potency (pIC50), learned only by assaying.
import type { Rng } from 'openenv-ts';
import type { Estimate, ScaffoldTable } from './edit-space.js';
import type { MoleculeFacts, MoleculeProperties } from './rdkit-engine.js';

/**
 * pIC50 = intercept + sum of weights of the fingerprint bits present + sum of pair weights when both bits are present
 * + lipophilicity * (cLogP - 2.5) - polarity * max(0, TPSA - 90) / 10. Bits are Morgan (radius 2, 2048) bits that
 * substituents of this scaffold create, so each term stands for a local interaction with the (imaginary) target.
 */
export interface ActivityModel {
  readonly intercept: number;
  readonly bits: ReadonlyArray<readonly [bit: number, weight: number]>;
  readonly pairs: ReadonlyArray<readonly [bitA: number, bitB: number, weight: number]>;
  readonly lipophilicity: number;
  readonly polarity: number;
}

function linearPart(model: ActivityModel, has: (bit: number) => boolean, p: MoleculeProperties): number {
  let value = model.intercept + model.lipophilicity * (p.clogp - 2.5) - (model.polarity * Math.max(0, p.tpsa - 90)) / 10;
  for (const [bit, weight] of model.bits) if (has(bit)) value += weight;
  for (const [a, b, weight] of model.pairs) if (has(a) && has(b)) value += weight;
  return value;
}

/** The true activity of a molecule (noise-free; assays add seeded noise). */
export function activityOf(model: ActivityModel, facts: MoleculeFacts): number {
  const set = new Set(facts.bits);
  return Math.round(linearPart(model, (b) => set.has(b), facts.properties) * 1000) / 1000;
}

/** The same model on an estimate (used only to rank candidates before exact evaluation). */
export function estimatedActivity(model: ActivityModel, estimate: Estimate): number {
  return linearPart(model, (b) => estimate.bits[b] === 1, estimate.properties);
}

/**
 * Draws a model for a scenario: weighted bits that specific substituents create at specific points, a few
 * pairwise interactions between points, a lipophilicity pull (which can fight the profile's cLogP window) and a
 * polarity penalty. `lure` gives one alert-carrying substituent a strong positive term, so the most potent
 * molecule is sometimes one that cannot be submitted.
 */
export function drawActivityModel(
  rng: Rng,
  table: ScaffoldTable,
  offered: ReadonlyMap<string, readonly string[]>,
  options: { lipophilicity: number; alertFragments: ReadonlySet<string> },
): ActivityModel {
  const points = [...offered.keys()];
  const used = new Set<number>(table.bare.bits);
  const specificBit = (point: string, fragment: string): number | null => {
    const edit = table.edits.get(point)?.get(fragment);
    if (!edit) return null;
    const others = new Set<number>();
    for (const [name, e] of table.edits.get(point)!) if (name !== fragment) for (const b of e.gained) others.add(b);
    const specific = edit.gained.filter((b) => !used.has(b) && !others.has(b));
    const pool = specific.length > 0 ? specific : edit.gained.filter((b) => !used.has(b));
    if (pool.length === 0) return null;
    const bit = rng.pick(pool);
    used.add(bit);
    return bit;
  };
  const bits: Array<readonly [number, number]> = [];
  const bitPoint = new Map<number, string>();
  const termCount = rng.int(7, 10);
  for (let attempt = 0; bits.length < termCount && attempt < 200; attempt++) {
    const point = rng.pick(points);
    const choices = offered.get(point)!.filter((f) => f !== 'H' && !options.alertFragments.has(f));
    if (choices.length === 0) continue;
    const bit = specificBit(point, rng.pick(choices));
    if (bit === null) continue;
    const weight = rng.chance(0.7) ? rng.float(0.35, 1.1) : -rng.float(0.25, 0.8);
    bits.push([bit, Math.round(weight * 100) / 100]);
    bitPoint.set(bit, point);
  }
  const lurePoint = rng.pick(points);
  const lures = offered.get(lurePoint)!.filter((f) => options.alertFragments.has(f));
  if (lures.length > 0) {
    const bit = specificBit(lurePoint, rng.pick(lures));
    if (bit !== null) bits.push([bit, Math.round(rng.float(1.4, 2.0) * 100) / 100]);
  }
  const pairs: Array<readonly [number, number, number]> = [];
  const positive = bits.filter(([b, w]) => w > 0 && bitPoint.has(b));
  for (let attempt = 0; pairs.length < 3 && attempt < 50 && positive.length > 1; attempt++) {
    const [a] = rng.pick(positive);
    const [b] = rng.pick(positive);
    if (bitPoint.get(a) === bitPoint.get(b) || pairs.some(([x, y]) => (x === a && y === b) || (x === b && y === a))) continue;
    const weight = rng.chance(0.65) ? rng.float(0.4, 0.9) : -rng.float(0.4, 0.9);
    pairs.push([a, b, Math.round(weight * 100) / 100]);
  }
  return {
    intercept: 5,
    bits,
    pairs,
    lipophilicity: Math.round(options.lipophilicity * rng.float(0.8, 1.2) * 100) / 100,
    polarity: Math.round(rng.float(0.1, 0.3) * 100) / 100,
  };
}

/** The same model shifted so the lead reads `leadActivity` (a lead series starts at modest, realistic potency). */
export function anchoredAt(model: ActivityModel, currentLead: number, leadActivity: number): ActivityModel {
  return { ...model, intercept: Math.round((model.intercept + leadActivity - currentLead) * 100) / 100 };
}
