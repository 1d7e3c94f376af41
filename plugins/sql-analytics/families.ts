// Generator families of sql-analytics: one per question template, grouped by business domain ("ecommerce/...").
import type { AnyDomain } from './domain-contract.js';
import { ecommerceDomain } from './domain-ecommerce.js';
import { hrDomain } from './domain-hr.js';
import { saasDomain } from './domain-saas.js';

export const DOMAINS: readonly AnyDomain[] = [ecommerceDomain, saasDomain, hrDomain];
export const TEMPLATE_IDS = DOMAINS.flatMap((d) => d.templates.map((t) => t.id)) as [string, ...string[]];

/**
 * The family of a template: "ecommerce.net_revenue_by_region" becomes "ecommerce/net-revenue-by-region". The
 * domain is the group, so the framework deals every domain's templates to every split: a test question is
 * always a template (wording and gold query shape) that no train scenario uses.
 */
export function familyOfTemplate(templateId: string): string {
  const cut = templateId.indexOf('.');
  return `${templateId.slice(0, cut)}/${templateId.slice(cut + 1).replace(/_/g, '-')}`;
}

/** Every family, in template order. Each domain has 5, enough for train, validation and test. */
export const FAMILIES: readonly string[] = TEMPLATE_IDS.map(familyOfTemplate);
