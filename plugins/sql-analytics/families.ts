// Generator families of sql-analytics: one per (business area, question shape), grouped by business area.
import { SHAPES, type Shape } from './question-shapes.js';
import { GROUPS, type Group } from './warehouse-model.js';

/** "sales/dim-top3": the area is the group, so the framework deals every area's shapes to every split. */
export function familyId(group: Group, shape: Shape): string {
  return `${group}/${shape}`;
}

export function parseFamily(id: string): { group: Group; shape: Shape } | null {
  const [group, shape] = id.split('/');
  if (!GROUPS.includes(group as Group) || !SHAPES.includes(shape as Shape)) return null;
  return { group: group as Group, shape: shape as Shape };
}

/** Every family: 6 areas x 11 shapes = 66; each area deals 3 to test, 2 to validation and 6 to train. */
export const FAMILIES: readonly string[] = GROUPS.flatMap((g) => SHAPES.map((s) => familyId(g, s)));
