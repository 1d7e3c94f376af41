// Seeded measurement noise: a normal deviate keyed by scenario, molecule and measure, so a repeat gives the same reading.

/** FNV-1a, 32 bit. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A standard normal deviate from two hashed uniforms (Box-Muller). */
export function seededNormal(key: number, molecule: string, measure: string): number {
  const u1 = (hash(`${key}|${molecule}|${measure}|a`) + 1) / 4294967297;
  const u2 = (hash(`${key}|${molecule}|${measure}|b`) + 1) / 4294967297;
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
