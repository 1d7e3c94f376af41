// Plugin-specific trivial policies the audit's generic panel cannot express: the lead, random edits, a fixed "ideal" drug, another seed's best.
import type { Policy } from 'openenv-ts';
import type { LeadObservation } from './schemas.js';

/** A drug-like molecule with textbook properties, proposed whatever the project (it keeps no series core). */
export const IDEAL_SMILES = 'CC(C)Nc1nccc(-c2ccc(F)cc2)n1';

export const submitLead = (): Policy => () => ({ type: 'submit', molecule: 'M0' });

export const proposeFixed =
  (smiles: string): Policy =>
  (_observation, step) =>
    step === 0 ? { type: 'propose', smiles } : step === 1 ? { type: 'submit' } : null;

/** Random offered edits from the current molecule (a seeded walk), then submits the last one made. */
export function randomEdits(seed: number, edits: number): Policy {
  let state = (seed * 2654435761) >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  return (observation, step) => {
    const data = observation.data as LeadObservation;
    if (step >= edits) return { type: 'submit' };
    const point = data.attachment_points[Math.floor(next() * data.attachment_points.length)]!;
    return { type: 'edit', point: point.name, fragment: point.offered[Math.floor(next() * point.offered.length)]! };
  };
}
