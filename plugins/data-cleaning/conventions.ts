// The source-system conventions a table follows: rule variants stated in prose and dealt to splits as families.
import type { Conventions } from './types.js';

const SLASHED: readonly Conventions['slashedDates'][] = ['month-first', 'day-first'];
const BARE: readonly Conventions['bareAmounts'][] = ['cents', 'whole'];
const ARITHMETIC: readonly Conventions['arithmetic'][] = ['total-wrong', 'price-wrong'];
const DATE_LAYOUTS: readonly Conventions['dateLayout'][] = ['iso', 'dotted'];

/** Every combination, id "conventions/<layout>.<slashed>.<bare>.<arithmetic>": the framework deals them like schemas. */
export const CONVENTIONS: readonly Conventions[] = DATE_LAYOUTS.flatMap((dateLayout) =>
  SLASHED.flatMap((slashedDates) =>
    BARE.flatMap((bareAmounts) =>
      ARITHMETIC.map((arithmetic) => ({ id: `conventions/${dateLayout}.${slashedDates}.${bareAmounts}.${arithmetic}`, dateLayout, slashedDates, bareAmounts, arithmetic })),
    ),
  ),
);

export const CONVENTION_IDS: readonly string[] = CONVENTIONS.map((c) => c.id);

export function conventionsById(id: string): Conventions {
  const found = CONVENTIONS.find((c) => c.id === id);
  if (!found) throw new Error(`Unknown conventions "${id}"; they are ${CONVENTION_IDS.join(', ')}`);
  return found;
}
