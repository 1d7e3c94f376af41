// One scenario object per address while anyone plays it: concurrent episodes of the same seed share its rows.
//
// A GRPO group plays one prompt many times at once. Generation is pure, so every episode of an address would
// hold an equal copy of thousands of rows; handing out the live one instead saves the generation time and the
// memory, and the database pool serves all of them from one database. Entries are weak: once no episode holds
// a scenario it can be collected, and its address is generated afresh next time.
import type { Rng, ScenarioContext } from 'openenv-ts';

const live = new Map<string, WeakRef<object>>();
const forget = new FinalizationRegistry<string>((key) => {
  const ref = live.get(key);
  if (ref && ref.deref() === undefined) live.delete(key);
});

/**
 * What fully determines a generated scenario: the generator's seed stream (the framework seeds it from the
 * task, split and index), the config (the level's preset with the reset's overrides) and the split's families.
 * Read before generation draws from the stream.
 */
export function scenarioAddressKey(rng: Rng, config: unknown, context: Pick<ScenarioContext, 'split' | 'families'>): string {
  return JSON.stringify([rng.label, rng.seed, context.split, context.families, config]);
}

/** The live scenario of this address, or a new one from `make` (which must be the pure generator of that address). */
export function sharedScenario<T extends object>(addressKey: string, make: () => T): T {
  const existing = live.get(addressKey)?.deref();
  if (existing) return existing as T;
  const made = make();
  live.set(addressKey, new WeakRef(made));
  forget.register(made, addressKey);
  return made;
}

/** Addresses currently shared (for tests and diagnostics). */
export function sharedScenarioCount(): number {
  return live.size;
}
