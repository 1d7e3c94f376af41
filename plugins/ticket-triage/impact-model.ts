// The end-of-shift escalation decision: reported vs measured users per ticket, business impact, the probe budget and the skilled plan.
import type { Rng } from 'openenv-ts';
import type { Impact, Tier } from './taxonomy.js';

/** How much one affected user weighs, by the plan in the ticket header (documented in the policy). */
export const PLAN_WEIGHT: Readonly<Record<Tier, number>> = Object.freeze({ free: 1, pro: 1.5, enterprise: 2 });
/** How much one affected user weighs, by the ticket's impact under section 2 of the policy (documented). */
export const SEVERITY_WEIGHT: Readonly<Record<Impact, number>> = Object.freeze({ blocked: 1, degraded: 0.6, minor: 0.3 });
/** Customers' counts are off by at most this factor either way (the policy says so; each account's own factor stays hidden). */
export const REPORTING_RANGE = 8;

/** The hidden side of the decision, kept beside the scenario and never shown before it ends. */
export interface EscalationTruth {
  readonly slots: number;
  /** Distinct tickets `investigate` may measure in this inbox. */
  readonly investigate_budget: number;
  /** Share of the score that the labels carry; the escalation choice carries the rest. */
  readonly label_weight: number;
  /** Exponent on the share of slots filled with a true top ticket (steep credit). */
  readonly credit_power: number;
  /** Per account: measured users = reported users x this factor, rounded (the hidden reporting habit). */
  readonly reporting_factor: Readonly<Record<string, number>>;
  /** Per ticket: users the telemetry measures. */
  readonly measured_users: Readonly<Record<string, number>>;
  /** Per ticket: measured users x plan weight x severity weight. */
  readonly business_impact: Readonly<Record<string, number>>;
  /** The `slots` tickets of highest business impact. */
  readonly top: readonly string[];
}

/** What the agent can see of a ticket for this decision: its reported count, plan, account, and the impact the policy gives it. */
export interface VisibleImpact {
  readonly ticket_id: string;
  readonly account_id: string;
  readonly reported_users: number;
  readonly tier: Tier;
  /** The ticket's impact under section 2 (after the licensing rule), as the labels use it. */
  readonly impact: Impact;
}

export function weightOf(t: VisibleImpact): number {
  return PLAN_WEIGHT[t.tier] * SEVERITY_WEIGHT[t.impact];
}

/** A customer's count as people give it: exact when small, then to the nearest 5, 10 or 50. */
export function roundLikeACustomer(x: number): number {
  if (x < 12) return Math.max(1, Math.round(x));
  if (x < 50) return Math.round(x / 5) * 5;
  if (x < 200) return Math.round(x / 10) * 10;
  return Math.round(x / 50) * 50;
}

/**
 * The accounts' reporting factors over [1/8, 8], two decimals: stratified on a log scale (each account its own
 * stretch of the range, in shuffled order), so every inbox has habitual over- and understaters.
 */
export function drawReportingFactors(rng: Rng, accounts: readonly string[]): Record<string, number> {
  const order = rng.shuffle(accounts.map((_, i) => i));
  const out: Record<string, number> = {};
  accounts.forEach((a, k) => {
    const u = (order[k]! + rng.float(0.1, 0.9)) / accounts.length;
    const half = Math.log2(REPORTING_RANGE);
    out[a] = Math.round(2 ** (-half + 2 * half * u) * 100) / 100;
  });
  return out;
}

/** A ticket's real number of affected users before the customer reports it: log-uniform over 5..150. */
export function drawRealUsers(rng: Rng): number {
  return Math.exp(rng.float(Math.log(5), Math.log(150)));
}

export function measuredUsers(reported: number, factor: number): number {
  return Math.max(1, Math.round(reported * factor));
}

/** Ticket ids ordered by a score, highest first; ties by id so every order is stable. */
export function rankBy(ids: readonly string[], score: (id: string) => number): string[] {
  return [...ids].sort((a, b) => score(b) - score(a) || a.localeCompare(b));
}

/**
 * Accounts a probe can matter for: an account is left out only when even its best ticket, at the most a count can
 * be understated, stays below `slots` tickets taken at the most they can be overstated. Everything here is
 * visible; this is the reasoning the budget rewards, and the budget is its size.
 */
export function accountsThatMatter(tickets: readonly VisibleImpact[], slots: number): string[] {
  const low = (t: VisibleImpact) => Math.max(1, t.reported_users / REPORTING_RANGE - 0.5) * weightOf(t);
  const high = (t: VisibleImpact) => (t.reported_users * REPORTING_RANGE + 0.5) * weightOf(t);
  const lows = tickets.map(low).sort((a, b) => b - a);
  const bar = lows[Math.min(slots, lows.length) - 1] ?? 0;
  const accounts = [...new Set(tickets.map((t) => t.account_id))];
  return accounts.filter((a) => tickets.some((t) => t.account_id === a && high(t) >= bar));
}

/**
 * The skilled plan: for each account that can matter, measure the ticket with the largest reported count (the
 * least rounding error), take the account's factor from it, scale its other tickets, and escalate the top
 * `slots`. `probe` returns the measured users of one ticket; nothing else hidden is read.
 */
export function skilledPlan(
  tickets: readonly VisibleImpact[],
  slots: number,
  probe: (ticketId: string) => number,
): { probes: string[]; escalate: string[] } {
  const accounts = accountsThatMatter(tickets, slots);
  const probes: string[] = [];
  const factor = new Map<string, number>();
  const measured = new Map<string, number>();
  for (const account of accounts) {
    const own = tickets.filter((t) => t.account_id === account);
    const best = own.reduce((a, b) => (b.reported_users > a.reported_users ? b : a));
    const users = probe(best.ticket_id);
    probes.push(best.ticket_id);
    measured.set(best.ticket_id, users);
    factor.set(account, users / best.reported_users);
  }
  const candidates = tickets.filter((t) => factor.has(t.account_id));
  const estimate = (id: string) => {
    const t = candidates.find((c) => c.ticket_id === id)!;
    return (measured.get(id) ?? t.reported_users * factor.get(t.account_id)!) * weightOf(t);
  };
  return { probes, escalate: rankBy(candidates.map((c) => c.ticket_id), estimate).slice(0, slots) };
}

/** Share of the slots filled with true top tickets, raised to the credit power (a near miss earns little). */
export function escalationCredit(truth: EscalationTruth, chosen: readonly string[]): { hits: number; credit: number } {
  const top = new Set(truth.top);
  const hits = [...new Set(chosen)].filter((id) => top.has(id)).length;
  return { hits, credit: (hits / truth.slots) ** truth.credit_power };
}
