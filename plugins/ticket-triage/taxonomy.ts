// The fixed vocabulary of ticket triage: categories, priorities, teams, customer tiers and product areas.

export const CATEGORIES = ['billing', 'bug', 'outage', 'account_access', 'feature_request', 'security'] as const;
export type Category = (typeof CATEGORIES)[number];

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const TEAMS = [
  'billing_ops',
  'identity',
  'security',
  'sre',
  'product_mgmt',
  'web_team',
  'mobile_team',
  'api_team',
  'data_team',
] as const;
export type Team = (typeof TEAMS)[number];

/** The teams that own product areas (bugs, and feature requests when the policy says so). */
export const PRODUCT_TEAMS = ['web_team', 'mobile_team', 'api_team', 'data_team'] as const satisfies readonly Team[];
export type ProductTeam = (typeof PRODUCT_TEAMS)[number];

export const TIERS = ['free', 'pro', 'enterprise'] as const;
export type Tier = (typeof TIERS)[number];

/** How badly the described problem hits the customer's work; the policy defines each level in words. */
export const IMPACTS = ['blocked', 'degraded', 'minor'] as const;
export type Impact = (typeof IMPACTS)[number];

export const PRODUCT_AREAS = ['web_dashboard', 'mobile_app', 'public_api', 'integrations', 'reporting'] as const;
export type ProductArea = (typeof PRODUCT_AREAS)[number];

/** How each area is written in ticket headers and in the policy. */
export const AREA_NAMES: Record<ProductArea, string> = {
  web_dashboard: 'Web dashboard',
  mobile_app: 'Mobile app',
  public_api: 'Public API',
  integrations: 'Integrations',
  reporting: 'Reports & analytics',
};

/** Priority as a number (P1 = 1) for raising, lowering and comparing. */
export function priorityLevel(priority: Priority): number {
  return PRIORITIES.indexOf(priority) + 1;
}

export function priorityOfLevel(level: number): Priority {
  return PRIORITIES[Math.min(4, Math.max(1, level)) - 1]!;
}
