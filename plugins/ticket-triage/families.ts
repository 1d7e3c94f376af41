// Family ids of ticket-triage: every grammar frame, the deciding ones per situation and the noise ones per role.
import { NOISE, NOISE_FAMILIES, type NoiseFrame } from './noise-frames.js';
import { SITUATION_FAMILIES, type Frame, type Situation } from './situations.js';

/**
 * Every family, "group/frame". The framework deals each group's frames to the splits, so a test inbox can raise
 * every kind of problem and carry every kind of noise, yet in frames no train inbox uses.
 */
export const TRIAGE_FAMILIES: readonly string[] = Object.freeze([...SITUATION_FAMILIES, ...NOISE_FAMILIES]);

/** The frames of a situation a split may use; every one when `allowed` is empty (no split restriction). */
export function framesFor(situation: Situation, allowed: ReadonlySet<string>): readonly Frame[] {
  if (allowed.size === 0) return situation.frames;
  const usable = situation.frames.filter((f) => allowed.has(`sit-${situation.id}/${f.id}`));
  if (usable.length === 0) throw new Error(`no frame of situation ${situation.id} is among the allowed families`);
  return usable;
}

/** The noise frames of a role a split may use. */
export function noiseFor(role: string, allowed: ReadonlySet<string>): readonly NoiseFrame[] {
  const all = NOISE[role] ?? [];
  if (all.length === 0) throw new Error(`no noise role ${role}`);
  if (allowed.size === 0) return all;
  const usable = all.filter((f) => allowed.has(`noise-${role}/${f.id}`));
  if (usable.length === 0) throw new Error(`no frame of noise role ${role} is among the allowed families`);
  return usable;
}
