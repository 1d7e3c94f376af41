// The score bounds policy: raw grades in [0, 1] are reported inside a closed interval strictly within (0, 1).

export interface ScoreBounds {
  readonly min: number;
  readonly max: number;
}

/** [0.001, 0.999] survives 3-decimal printing: neither end prints as 0.000 or 1.000. */
export const DEFAULT_SCORE_BOUNDS: ScoreBounds = Object.freeze({ min: 0.001, max: 0.999 });

/** Why a pair of bounds is unusable, or null when it is fine. Printed scores use 3 decimals. */
export function scoreBoundsProblem(bounds: ScoreBounds): string | null {
  const { min, max } = bounds;
  if (!(Number.isFinite(min) && Number.isFinite(max))) return 'min and max must be finite numbers';
  if (!(min > 0 && max < 1)) return `bounds must lie strictly inside (0, 1), got [${min}, ${max}]`;
  if (!(min < max)) return `min must be below max, got [${min}, ${max}]`;
  if (min.toFixed(3) === '0.000') return `min ${min} prints as 0.000 with 3 decimals; use at least 0.0005`;
  if (max.toFixed(3) === '1.000') return `max ${max} prints as 1.000 with 3 decimals; use at most 0.9994`;
  return null;
}

/** Clamps a raw grade into the bounds. A non-finite raw grade is treated as 0 (the worst score). */
export function reportScore(raw: number, bounds: ScoreBounds = DEFAULT_SCORE_BOUNDS): number {
  const safe = Number.isFinite(raw) ? raw : 0;
  return Math.min(bounds.max, Math.max(bounds.min, safe));
}
