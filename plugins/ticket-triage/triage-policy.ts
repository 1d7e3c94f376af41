// The triage policy: its seeded variations, the text agents read, and the rules that turn ticket facts into labels.
import type { Rng } from 'openenv-ts';
import {
  AREA_NAMES,
  PRODUCT_AREAS,
  priorityLevel,
  priorityOfLevel,
  type Category,
  type Impact,
  type Priority,
  type ProductArea,
  type ProductTeam,
  type Team,
  type Tier,
} from './taxonomy.js';

/** The parts of the policy that change from seed to seed, so an agent has to read the policy it is given. */
export interface TriagePolicy {
  readonly version: string;
  /** A stated deadline this many hours (or fewer) after receipt raises the priority one level. */
  readonly deadline_threshold_hours: number;
  /** Free-tier tickets are never above this priority. */
  readonly free_tier_max_priority: 'P2' | 'P3';
  readonly area_owners: Readonly<Record<ProductArea, ProductTeam>>;
  /** Feature requests go to product management, or to the team owning the ticket's product area. */
  readonly feature_request_owner: 'product_mgmt' | 'area_owner';
}

/** What a ticket is really about: the generator writes the text from these, and the labels follow from them. */
export interface TicketFacts {
  readonly category: Category;
  readonly impact: Impact;
  readonly tier: Tier;
  readonly product_area: ProductArea;
  /** The customer's explicit deadline in hours after receipt, or null when they state none. */
  readonly deadline_hours: number | null;
}

export interface TriageLabel {
  readonly category: Category;
  readonly priority: Priority;
  readonly team: Team;
}

const DEFAULT_OWNERS: Record<ProductArea, ProductTeam> = {
  web_dashboard: 'web_team',
  mobile_app: 'mobile_team',
  public_api: 'api_team',
  integrations: 'api_team',
  reporting: 'data_team',
};

// Plausible reorganisations: each area may move to another team that could own it.
const OWNER_CHOICES: Record<ProductArea, readonly ProductTeam[]> = {
  web_dashboard: ['web_team'],
  mobile_app: ['mobile_team', 'web_team'],
  public_api: ['api_team'],
  integrations: ['api_team', 'web_team', 'data_team'],
  reporting: ['data_team', 'web_team', 'api_team'],
};

export const DEFAULT_POLICY: TriagePolicy = Object.freeze({
  version: 'TP-2024.1',
  deadline_threshold_hours: 24,
  free_tier_max_priority: 'P2',
  area_owners: Object.freeze({ ...DEFAULT_OWNERS }),
  feature_request_owner: 'product_mgmt',
});

/** The policy for one episode: the default one, or a seeded variation of it. */
export function drawPolicy(rng: Rng, vary: boolean): TriagePolicy {
  if (!vary) return DEFAULT_POLICY;
  const owners = {} as Record<ProductArea, ProductTeam>;
  for (const area of PRODUCT_AREAS) owners[area] = rng.pick(OWNER_CHOICES[area]);
  return {
    version: `TP-${rng.int(2021, 2025)}.${rng.int(1, 9)}`,
    deadline_threshold_hours: rng.pick([8, 12, 24, 48]),
    free_tier_max_priority: rng.pick(['P2', 'P3'] as const),
    area_owners: owners,
    feature_request_owner: rng.pick(['product_mgmt', 'area_owner'] as const),
  };
}

const FIXED_CATEGORY_TEAMS: Partial<Record<Category, Team>> = {
  security: 'security',
  outage: 'sre',
  account_access: 'identity',
  billing: 'billing_ops',
};

/** Applies the policy to a ticket's facts. The policy text below states exactly these steps. */
export function deriveLabel(facts: TicketFacts, policy: TriagePolicy): TriageLabel {
  const { category, impact, tier, deadline_hours } = facts;
  let level = category === 'outage' ? 1 : impact === 'blocked' ? 2 : impact === 'degraded' ? 3 : 4;
  if (tier === 'enterprise') level = Math.max(1, level - 1);
  if (deadline_hours !== null && deadline_hours <= policy.deadline_threshold_hours) level = Math.max(1, level - 1);
  if (tier === 'free') level = Math.max(level, priorityLevel(policy.free_tier_max_priority));
  if (category === 'security') level = Math.min(level, 2);
  if (category === 'feature_request') level = 4;

  const areaOwner = policy.area_owners[facts.product_area];
  let team: Team;
  if (category === 'bug') team = areaOwner;
  else if (category === 'feature_request') team = policy.feature_request_owner === 'product_mgmt' ? 'product_mgmt' : areaOwner;
  else team = FIXED_CATEGORY_TEAMS[category]!;

  return { category, priority: priorityOfLevel(level), team };
}

/** The policy as the agent reads it. Every rule deriveLabel applies is stated here, in the same order. */
export function renderPolicy(policy: TriagePolicy, vendor: string): string {
  const owners = PRODUCT_AREAS.map((area) => `       ${AREA_NAMES[area]} -> ${policy.area_owners[area]}`).join('\n');
  const featureOwner =
    policy.feature_request_owner === 'product_mgmt'
      ? 'feature_request -> product_mgmt (whatever the product area)'
      : 'feature_request -> the team that owns the ticket\'s product area (table above)';
  const threshold = policy.deadline_threshold_hours;
  const cap = policy.free_tier_max_priority;
  const moreUrgent = cap === 'P2' ? 'P1' : 'P1 or P2';
  return [
    `${vendor} Support triage policy ${policy.version}`,
    '',
    '1. CATEGORY: pick exactly one, by the customer\'s actual problem (not the page they were on, not their tone).',
    '   Ignore quoted earlier messages (the lines after "On ... wrote:" that start with ">").',
    '   - security: suspected unauthorized access, leaked or stolen passwords or keys, phishing, or a vulnerability report.',
    '     Security wins over every other category (e.g. "someone else got into my account" is security, not account_access).',
    '   - outage: a whole product area is unavailable for the customer (it does not load at all, or every request fails).',
    '   - account_access: trouble logging in or managing a login (password, 2FA, SSO, locked account, login email).',
    '   - billing: charges, invoices, refunds, payments, plans, seat counts, suspension for non-payment.',
    '   - bug: one feature misbehaves while the rest of the product area works.',
    '   - feature_request: asks for something the product does not do today.',
    '',
    '2. IMPACT: judge it from the situation described, never from tone, capitals or words like "urgent"/"ASAP".',
    '   - blocked: the customer cannot do that work at all and has no workaround.',
    '   - degraded: it works partly, slowly, intermittently or with a workaround; or money was charged wrongly.',
    '   - minor: a cosmetic problem, a question, a change request, or a report with no effect on their work yet.',
    '',
    '3. PRIORITY: apply these steps in order (P1 is the highest; never above P1 or below P4).',
    '   a. Start: outage -> P1; otherwise blocked -> P2, degraded -> P3, minor -> P4.',
    '   b. Enterprise tier: one level higher (e.g. P3 -> P2).',
    `   c. Explicit deadline ${threshold} hours or sooner after the ticket was received: one level higher.`,
    '      A day counts as 24 hours. How long a problem has already lasted is not a deadline, and',
    '      "urgent", "ASAP", "now" or anger are not deadlines.',
    `   d. Free tier: never more urgent than ${cap} (a free-tier ${moreUrgent} becomes ${cap}).`,
    '   e. Security tickets: at least as urgent as P2 (a security P3 or P4 becomes P2), whatever the tier.',
    '   f. Feature requests: always P4.',
    '',
    '4. TEAM:',
    '   - security -> security; outage -> sre; account_access -> identity; billing -> billing_ops',
    '   - bug -> the team that owns the ticket\'s product area:',
    owners,
    `   - ${featureOwner}`,
  ].join('\n');
}
