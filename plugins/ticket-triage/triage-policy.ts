// The triage policy of one inbox: its seeded taxonomy, team names and rules, the text agents read, and the label rules.
import type { Rng } from 'openenv-ts';
import { CONCEPTS, FOLDABLE, type Concept } from './situations.js';
import { AREA_DETAILS } from './ticket-templates.js';
import {
  AREA_FUNCTIONS,
  AREA_NAMES,
  PRODUCT_AREAS,
  priorityLevel,
  priorityOfLevel,
  type AreaFunction,
  type Impact,
  type Priority,
  type ProductArea,
  type TeamFunction,
  type Tier,
} from './taxonomy.js';

/** Category codes a company may use for each concept; a seed picks one, so a label is never a fixed word. */
const CATEGORY_CODES: Readonly<Record<Concept, readonly string[]>> = {
  billing: ['billing', 'payments', 'invoicing', 'charges', 'finance'],
  refund: ['refunds', 'credits', 'refund_requests', 'money_back'],
  bug: ['bug', 'defect', 'product_bug', 'malfunction', 'software_fault'],
  performance: ['performance', 'slowness', 'latency', 'speed'],
  integration: ['integrations', 'connectors', 'third_party', 'sync_issues'],
  outage: ['outage', 'incident', 'service_down', 'downtime', 'major_incident'],
  access: ['account_access', 'login', 'sign_in', 'access', 'authentication'],
  security: ['security', 'infosec', 'security_report', 'secops_case', 'threat'],
  privacy: ['privacy', 'data_protection', 'gdpr', 'personal_data'],
  feature: ['feature_request', 'enhancement', 'product_idea', 'suggestion', 'wishlist'],
};

/** Team handles a company may use for each function. */
const TEAM_HANDLES: Readonly<Record<TeamFunction, readonly string[]>> = {
  billing: ['billing-ops', 'finance-desk', 'revenue-ops', 'payments-team'],
  identity: ['identity', 'iam-team', 'access-desk', 'auth-squad'],
  security: ['security', 'secops', 'trust-team', 'infosec-desk'],
  sre: ['sre', 'on-call', 'platform-ops', 'reliability'],
  product: ['product-mgmt', 'product-team', 'roadmap-desk'],
  web: ['web-team', 'frontend', 'dashboard-squad'],
  mobile: ['mobile-team', 'apps-squad', 'ios-android'],
  api: ['api-team', 'platform-api', 'dev-platform'],
  data: ['data-team', 'analytics-eng', 'insights-squad'],
  success: ['customer-success', 'account-mgmt', 'cs-desk'],
  partner: ['integrations-team', 'partner-eng', 'connectors-squad'],
  legal: ['legal-privacy', 'dpo-office', 'compliance'],
};

/** Codenames product squads may go by instead of a descriptive handle. */
const SQUAD_CODENAMES = ['squad-falcon', 'squad-orion', 'team-kestrel', 'team-juniper', 'squad-atlas', 'team-cobalt', 'squad-ember', 'team-harbor', 'squad-nova', 'team-quill'] as const;

/** What a category covers, as the policy lists it: short lines, one per kind of problem. */
const COVERS: Readonly<Record<Concept, readonly string[]>> = {
  billing: ['wrong, double or unexpected charges', 'invoice details (VAT, address, PO, currency)', 'suspension or holds over payments'],
  refund: ['refund and service-credit requests'],
  bug: ['one feature misbehaves, the rest works', 'cosmetic glitches in the interface'],
  performance: ['a whole product area is slow'],
  integration: ['third-party sync and connector trouble'],
  outage: ['a whole product area is unavailable'],
  access: ['login, password, 2FA or SSO trouble'],
  security: ['unauthorised access or account takeover', 'leaked credentials, phishing, vulnerabilities'],
  privacy: ['personal-data deletion, copies, retention'],
  feature: ['asks for something the product lacks'],
};

/** Who a concept's tickets go to when the policy gives it its own routing choice. */
export type OwnerChoice = TeamFunction | 'area';

export interface PolicyCategory {
  readonly code: string;
  readonly concept: Concept;
  /** The concepts this category covers: its own and any the policy folds into it. */
  readonly covers: readonly Concept[];
}

/** The parts of the policy that change from seed to seed. */
export interface TriagePolicy {
  readonly version: string;
  readonly categories: readonly PolicyCategory[];
  readonly teams: Readonly<Record<TeamFunction, string>>;
  readonly area_owners: Readonly<Record<ProductArea, AreaFunction>>;
  /** Owners of concepts whose routing varies by seed (the rest are fixed functions). */
  readonly owners: Readonly<Record<'refund' | 'performance' | 'integration' | 'privacy' | 'feature', OwnerChoice>>;
  readonly deadline_threshold_hours: number;
  readonly free_tier_max_priority: 'P2' | 'P3';
  /** Rules that only inboxes with account records use (null when the level has none). */
  readonly accounts: AccountRules | null;
  /** Category codes in precedence order, for tickets raising several problems (null when tickets raise one). */
  readonly precedence: readonly string[] | null;
  /** The escalation desk's extra rules (null below the top level). */
  readonly escalation?: EscalationRules | null;
}

export interface EscalationRules {
  /** Features sold separately: a problem with one the account did not buy is a licensing matter. */
  readonly add_ons: readonly string[];
  /** Categories (by their main concept) that key accounts also have routed to their team, besides billing-side. */
  readonly key_account_extra: readonly Concept[];
  /** Distinct account records the inbox lets the agent look up (null: no limit). */
  readonly lookup_budget: number | null;
}

export interface AccountRules {
  /** A ticket in the same category as one the account filed this many days before raises priority one level. */
  readonly repeat_window_days: number;
  /** Billing-side tickets (billing, refund concepts) of accounts flagged key_account go to this function. */
  readonly key_account_owner: TeamFunction;
}

/** What a ticket is really about, after its thread and its several problems are resolved. */
export interface TicketFacts {
  readonly concept: Concept;
  readonly impact: Impact;
  readonly tier: Tier;
  readonly product_area: ProductArea;
  /** The customer's latest explicit deadline in hours after receipt, or null when none stands. */
  readonly deadline_hours: number | null;
  /** From the account record (levels with lookups); false otherwise. */
  readonly priority_support: boolean;
  readonly repeat: boolean;
  readonly key_account: boolean;
  /** Escalation desk: the deciding problem is an add-on the account did not buy. */
  readonly licensing?: boolean;
  /** Escalation desk: the customer named an earlier ticket about this problem that is still open; its label as recorded. */
  readonly joins?: TriageLabel | null;
}

export interface TriageLabel {
  readonly category: string;
  readonly priority: Priority;
  readonly team: string;
}

export interface PolicyShape {
  /** Chance that each foldable concept is a category of its own. */
  readonly own_category_rate: number;
  readonly accounts: boolean;
  readonly multi_issue: boolean;
  readonly escalation?: boolean;
}

/** The policy for one inbox, drawn from the seeded generator. */
export function drawPolicy(rng: Rng, shape: PolicyShape): TriagePolicy {
  const own = new Set<Concept>(CONCEPTS.filter((c) => FOLDABLE[c] === undefined || rng.chance(shape.own_category_rate)));
  // Listed in the company's own order, so a category's place in the list says nothing about what it covers.
  const categories: PolicyCategory[] = rng.shuffle(CONCEPTS.filter((c) => own.has(c))).map((concept) => ({
    code: rng.pick(CATEGORY_CODES[concept]),
    concept,
    covers: CONCEPTS.filter((c) => c === concept || (!own.has(c) && FOLDABLE[c] === concept)),
  }));
  const teams = {} as Record<TeamFunction, string>;
  for (const fn of Object.keys(TEAM_HANDLES) as TeamFunction[]) teams[fn] = rng.pick(TEAM_HANDLES[fn]);
  // Many companies name product squads by codename, so a handle need not say which area the squad owns.
  const codenames = rng.shuffle(SQUAD_CODENAMES);
  for (const fn of [...AREA_FUNCTIONS, 'partner'] as const) if (rng.chance(0.6)) teams[fn] = codenames.pop()!;
  const area_owners = {} as Record<ProductArea, AreaFunction>;
  const defaults: Record<ProductArea, AreaFunction> = { web_dashboard: 'web', mobile_app: 'mobile', public_api: 'api', integrations: 'api', reporting: 'data' };
  for (const area of PRODUCT_AREAS) area_owners[area] = rng.chance(0.5) ? rng.pick(AREA_FUNCTIONS) : defaults[area];
  const owners = {
    refund: rng.pick(['billing', 'success'] as const),
    performance: rng.pick(['sre', 'area'] as const),
    integration: rng.pick(['partner', 'area'] as const),
    privacy: rng.pick(['security', 'legal'] as const),
    feature: rng.pick(['product', 'area'] as const),
  };
  const accounts: AccountRules | null = shape.accounts
    ? { repeat_window_days: rng.pick([7, 14, 30]), key_account_owner: 'success' }
    : null;
  // Security and outages always come first; the rest of the order is the company's own.
  const codeOf = (concept: Concept) => categories.find((c) => c.covers.includes(concept))!.code;
  const rest = rng.shuffle(categories.filter((c) => c.concept !== 'security' && c.concept !== 'outage').map((c) => c.code));
  const precedence = shape.multi_issue ? [codeOf('security'), codeOf('outage'), ...rest] : null;
  return {
    version: `TP-${rng.int(2021, 2026)}.${rng.int(1, 12)}`,
    categories,
    teams,
    area_owners,
    owners,
    deadline_threshold_hours: rng.pick([8, 12, 24, 48]),
    free_tier_max_priority: rng.pick(['P2', 'P3'] as const),
    accounts,
    precedence,
    escalation: shape.escalation ? drawEscalation(rng.fork('escalation')) : null,
  };
}

/** The add-on list: five features of different product areas, in a seeded order (the budget is set per inbox). */
function drawEscalation(rng: Rng): EscalationRules {
  const areas = rng.sample(PRODUCT_AREAS, 5);
  const add_ons = areas.map((area) => rng.pick(AREA_DETAILS[area].features));
  // Key accounts have a success manager for more than billing; which kinds of ticket is the company's choice.
  const key_account_extra = rng.sample(['bug', 'performance', 'integration', 'access', 'feature'] as const, rng.int(2, 3));
  return { add_ons, key_account_extra, lookup_budget: null };
}

/** Concepts whose tickets follow the key-account exception: billing-side, plus the desk's own extra ones. */
export function keyAccountConcepts(policy: TriagePolicy): readonly Concept[] {
  return ['billing', 'refund', ...(policy.escalation?.key_account_extra ?? [])];
}

/** The category a concept files under in this policy. */
export function categoryOf(policy: TriagePolicy, concept: Concept): PolicyCategory {
  return policy.categories.find((c) => c.covers.includes(concept))!;
}

function ownerTeam(policy: TriagePolicy, choice: OwnerChoice, area: ProductArea): string {
  return policy.teams[choice === 'area' ? policy.area_owners[area] : choice];
}

/** Applies the policy to a ticket's facts. The policy text below states exactly these steps. */
export function deriveLabel(facts: TicketFacts, policy: TriagePolicy): TriageLabel {
  // An add-on the account did not buy is a licensing matter: filed as billing, impact minor.
  const licensing = Boolean(policy.escalation && facts.licensing);
  const category = categoryOf(policy, licensing ? 'billing' : facts.concept);
  const kind = category.concept;
  const impact = licensing ? 'minor' : facts.impact;
  let level = kind === 'outage' ? 1 : impact === 'blocked' ? 2 : impact === 'degraded' ? 3 : 4;
  if (facts.tier === 'enterprise') level -= 1;
  if (policy.accounts && facts.priority_support) level -= 1;
  if (policy.accounts && facts.repeat) level -= 1;
  if (facts.deadline_hours !== null && facts.deadline_hours <= policy.deadline_threshold_hours) level -= 1;
  level = Math.max(1, level);
  if (facts.tier === 'free') level = Math.max(level, priorityLevel(policy.free_tier_max_priority));
  if (kind === 'security') level = Math.min(level, 2);
  if (kind === 'feature') level = 4;

  let team: string;
  if (policy.accounts && facts.key_account && keyAccountConcepts(policy).includes(kind)) team = policy.teams[policy.accounts.key_account_owner];
  else if (kind === 'bug') team = ownerTeam(policy, 'area', facts.product_area);
  else if (kind === 'billing') team = policy.teams.billing;
  else if (kind === 'outage') team = policy.teams.sre;
  else if (kind === 'access') team = policy.teams.identity;
  else if (kind === 'security') team = policy.teams.security;
  else team = ownerTeam(policy, policy.owners[kind], facts.product_area);
  // Joining an open earlier ticket overrides the rest: its category and team, the more urgent priority.
  if (policy.escalation && facts.joins) {
    const urgent = Math.min(level, priorityLevel(facts.joins.priority));
    return { category: facts.joins.category, priority: priorityOfLevel(urgent), team: facts.joins.team };
  }
  return { category: category.code, priority: priorityOfLevel(level), team };
}

/**
 * The policy as the agent reads it; every rule deriveLabel applies is stated, in the same order. Lines carrying a
 * seed's values are kept short (a value per line), so the long sentences are the same in every inbox.
 */
export function renderPolicy(policy: TriagePolicy, vendor: string): string {
  const out: string[] = [];
  const codeOfKind = (kind: Concept) => policy.categories.find((c) => c.concept === kind)?.code;
  out.push(`${vendor} Support triage policy ${policy.version}`, '');
  out.push('1. CATEGORY: enter the code of exactly one category below, chosen by the customer\'s actual problem (not the page they were on, not their tone, not the subject line).');
  out.push('   Ignore quoted earlier messages (lines starting with ">").');
  for (const category of policy.categories) {
    out.push(`   ${category.code}:`);
    for (const concept of category.covers) for (const line of COVERS[concept]) out.push(`     - ${line}`);
  }
  out.push('   Someone else getting into an account is a security matter, never a login problem.');
  if (policy.precedence) {
    out.push('   A ticket raising several problems gets one label: that of the problem whose category comes first in this order.');
    policy.precedence.forEach((code, i) => out.push(`     ${i + 1}) ${code}`));
    out.push('   Impact, deadline and team then follow that problem; the other problems are left for later.');
  }
  out.push('   In a thread, the latest customer message decides: a later message can retract, ease, worsen or re-date what an earlier one said.');
  out.push('');
  out.push('2. IMPACT: judge it from the situation described, never from tone, capitals or words like "urgent"/"ASAP".');
  out.push('   - blocked: the customer cannot do that work at all and has no workaround.');
  out.push('   - degraded: it works partly, slowly, intermittently or with a workaround; or money was charged wrongly.');
  out.push('   - minor: a cosmetic problem, a question, a change request, or a report with no effect on their work yet.');
  out.push('');
  out.push('3. PRIORITY: apply these steps in order (P1 is the highest; never above P1 or below P4).');
  out.push('   a. Start: tickets in the outage category start at P1; otherwise blocked -> P2, degraded -> P3, minor -> P4.');
  out.push(`      (outage category: ${codeOfKind('outage')})`);
  if (policy.accounts && policy.escalation) {
    out.push('   b. Plan: the Tier in the ticket header, never what the customer claims. Enterprise: one level higher.');
    out.push('      Repeat: the customer names an earlier ticket (by its id) as the same problem, and the account record shows that ticket closed, filed in this ticket\'s category and received less than the window below before this ticket: one level higher.');
    out.push(`      repeat window: ${policy.accounts.repeat_window_days} days`);
    out.push('      The window counts exact hours (a day is 24 hours); record times are in the account\'s own zone and show its offset.');
  } else if (policy.accounts) {
    out.push('   b. Plan and support level come from the account record (use lookup_account), never from what the customer claims.');
    out.push('      Enterprise plan: one level higher. Priority support: one level higher.');
    out.push('      Repeat: the account filed a ticket in the same category within the window below before this ticket was received: one level higher.');
    out.push(`      repeat window: ${policy.accounts.repeat_window_days} days`);
  } else {
    out.push('   b. Enterprise tier: one level higher (e.g. P3 -> P2).');
  }
  out.push('   c. An explicit deadline the customer states, at most the threshold below after the ticket was received (its first message): one level higher.');
  out.push(`      threshold: ${policy.deadline_threshold_hours} hours`);
  out.push('      A day counts as 24 hours. How long a problem has already lasted is not a deadline, and "urgent", "ASAP", "now" or anger are not deadlines.');
  if (policy.escalation) {
    out.push('      A deadline given as a clock time ("by 17:00 tomorrow, our time") is in the account\'s time zone (its record); "today", "tomorrow" and weekdays are the customer\'s own calendar.');
    out.push('      Record time zones are whole or half hours from UTC-10:00 to UTC+12:00.');
  }
  out.push('   d. Free tier: never more urgent than the cap below (a more urgent free-tier ticket gets the cap).');
  out.push(`      free-tier cap: ${policy.free_tier_max_priority}`);
  out.push('   e. The security category: never less urgent than P2, whatever the tier.');
  out.push(`      (security category: ${codeOfKind('security')})`);
  out.push('   f. The feature-request category: always P4.');
  out.push(`      (feature-request category: ${codeOfKind('feature')})`);
  out.push('');
  out.push('4. TEAM: enter the team handle exactly as written here.');
  if (policy.accounts) {
    out.push('   Exception first: tickets in the categories below from accounts flagged key_account go to the team below.');
    const keyCodes = [...new Set(keyAccountConcepts(policy).filter((c) => policy.categories.some((p) => p.concept === c)).map((c) => categoryOf(policy, c).code))];
    out.push(`      categories: ${keyCodes.join(', ')}`);
    out.push(`      team: ${policy.teams[policy.accounts.key_account_owner]}`);
  }
  for (const category of policy.categories) {
    const kind = category.concept;
    const fixed: Partial<Record<Concept, TeamFunction>> = { billing: 'billing', outage: 'sre', access: 'identity', security: 'security' };
    const choice: OwnerChoice = kind === 'bug' ? 'area' : fixed[kind] ?? policy.owners[kind as keyof TriagePolicy['owners']];
    out.push(choice === 'area' ? `   ${category.code} -> owner of the product area` : `   ${category.code} -> ${policy.teams[choice]}`);
  }
  out.push('   Product area owners:');
  for (const area of PRODUCT_AREAS) out.push(`     ${AREA_NAMES[area]} -> ${policy.teams[policy.area_owners[area]]}`);
  if (policy.escalation) renderEscalation(policy, policy.escalation, out);
  return out.join('\n');
}

/** Section 5 of the escalation desk's policy: what records hold, the lookup budget, and the two exceptions. */
function renderEscalation(policy: TriagePolicy, rules: EscalationRules, out: string[]): void {
  out.push('');
  out.push('5. ACCOUNT RECORDS AND EXCEPTIONS: these come after sections 1-4 and override them where they apply.');
  out.push('   lookup_account shows a record: flags, add-ons bought, time zone, and earlier tickets with time, category, status, team and priority.');
  out.push('   Each account is looked up once and its record serves all of its tickets; an inbox allows only the lookups below, so look up what can change a label.');
  if (rules.lookup_budget !== null) out.push(`     lookups allowed: ${rules.lookup_budget}`);
  out.push('   a. Add-ons are sold separately. When the deciding problem is a fault (an error, a glitch, sync or connector trouble) in one of the add-ons below and the account\'s record does not list it, it is a licensing matter: the licensing category below, impact minor; then sections 3 and 4 as usual.');
  out.push(`     licensing category: ${categoryOf(policy, 'billing').code}`);
  for (const feature of rules.add_ons) out.push(`     - ${feature}`);
  out.push('   b. Open earlier ticket: when the customer names an earlier ticket (by its id) as the same problem and the record shows it open, this ticket joins it: enter that ticket\'s category and team as the record shows them, and the more urgent of its recorded priority and the priority from section 3.');
  out.push('      A ticket of this inbox that is named this way is open; what counts for it is the label this policy gives it, not a record.');
}

/** Every code and handle the policy lets an agent enter. */
export function allowedValues(policy: TriagePolicy): { categories: string[]; teams: string[] } {
  return { categories: policy.categories.map((c) => c.code), teams: [...new Set(Object.values(policy.teams))].sort() };
}
