// Family ids of ticket-triage: one per deciding-sentence template, grouped by category and impact class.
import { CORE_TEMPLATES, type CoreKey, type CoreTemplate } from './core-templates.js';
import type { Category, Impact } from './taxonomy.js';

/** The class a template belongs to, kebab-case ("account_access:blocked" -> "account-access-blocked"). */
export function familyGroupOf(category: Category, impact: Impact): string {
  return `${category}-${impact}`.replace(/_/g, '-');
}

export function familyIdOf(category: Category, impact: Impact, template: CoreTemplate): string {
  return `${familyGroupOf(category, impact)}/${template.id}`;
}

/**
 * Every family, "class/template". Grouping by class makes the framework deal each class's templates to every
 * split, so a test inbox can hold every kind of ticket yet never a deciding sentence seen in training.
 */
export const TRIAGE_FAMILIES: readonly string[] = Object.freeze(
  (Object.entries(CORE_TEMPLATES) as [CoreKey, readonly CoreTemplate[]][]).flatMap(([key, templates]) => {
    const [category, impact] = key.split(':') as [Category, Impact];
    return templates.map((template) => familyIdOf(category, impact, template));
  }),
);

/** The templates of a class that a split may use; every one when `allowed` is empty (no split restriction). */
export function templatesFor(category: Category, impact: Impact, allowed: ReadonlySet<string>): readonly CoreTemplate[] {
  const all = CORE_TEMPLATES[`${category}:${impact}`] ?? [];
  if (all.length === 0) throw new Error(`no template for ${category}:${impact}`);
  if (allowed.size === 0) return all;
  const usable = all.filter((template) => allowed.has(familyIdOf(category, impact, template)));
  // The framework deals every class to every split, so an empty list means a caller passed a foreign family list.
  if (usable.length === 0) throw new Error(`no family of class ${familyGroupOf(category, impact)} is among the allowed families`);
  return usable;
}
