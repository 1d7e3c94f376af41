// The fixed vocabulary of ticket triage: priorities, customer tiers, product areas, impacts and team functions.

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

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

/** What a team does; each seed's policy names its teams differently (see TEAM_HANDLES). */
export const FUNCTIONS = ['billing', 'identity', 'security', 'sre', 'product', 'web', 'mobile', 'api', 'data', 'success', 'partner', 'legal'] as const;
export type TeamFunction = (typeof FUNCTIONS)[number];

/** The functions that can own a product area (bugs, and more when the policy says so). */
export const AREA_FUNCTIONS = ['web', 'mobile', 'api', 'data'] as const satisfies readonly TeamFunction[];
export type AreaFunction = (typeof AREA_FUNCTIONS)[number];

/** Priority as a number (P1 = 1) for raising, lowering and comparing. */
export function priorityLevel(priority: Priority): number {
  return PRIORITIES.indexOf(priority) + 1;
}

export function priorityOfLevel(level: number): Priority {
  return PRIORITIES[Math.min(4, Math.max(1, level)) - 1]!;
}
