// Draws the end-of-shift escalation of an inbox (slots, reported and measured users, the probe budget) and writes its policy section.
import type { Rng } from 'openenv-ts';
import type { TriageConfig } from './config.js';
import {
  accountsThatMatter,
  drawRealUsers,
  drawReportingFactors,
  measuredUsers,
  PLAN_WEIGHT,
  rankBy,
  REPORTING_RANGE,
  roundLikeACustomer,
  SEVERITY_WEIGHT,
  skilledPlan,
  weightOf,
  type EscalationTruth,
  type VisibleImpact,
} from './impact-model.js';
import type { ScenarioTicket } from './types.js';

/** The true top must stand clear of the next ticket by this ratio, so no rounding in a count decides a slot. */
const TOP_GAP = 1.15;
const ATTEMPTS = 400;

/** What the agent can see of each ticket for the decision, given the reported counts. */
export function visibleImpacts(tickets: readonly ScenarioTicket[], reported: Readonly<Record<string, number>>): VisibleImpact[] {
  return tickets.map(({ ticket, truth }) => ({
    ticket_id: ticket.id,
    account_id: ticket.account_id,
    reported_users: reported[ticket.id]!,
    tier: truth.tier,
    // The impact the labels use: an unbought add-on makes the ticket a minor licensing matter (rule 5a).
    impact: truth.licensing ? 'minor' : truth.impact,
  }));
}

/**
 * Each account gets a hidden reporting factor (the same for all its tickets) and each ticket a real number of
 * users; the customer reports real / factor, rounded as people do, and telemetry measures reported x factor.
 * Draws are repeated (from the same seeded stream) until the true top stands clear of the next ticket, the
 * skilled plan (which sees only what the agent sees plus its own probes) finds exactly that top, and at least half
 * of the top looks unremarkable by its reported count.
 */
export function drawEscalation(rng: Rng, tickets: readonly ScenarioTicket[], config: TriageConfig): { truth: EscalationTruth; reported: Record<string, number> } {
  const slots = config.escalation_slots + rng.int(0, 1);
  const accounts = [...new Set(tickets.map((t) => t.ticket.account_id))];
  let fallback: { truth: EscalationTruth; reported: Record<string, number> } | null = null;
  let last: { truth: EscalationTruth; reported: Record<string, number> } | null = null;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const reporting_factor = drawReportingFactors(rng, accounts);
    const reported: Record<string, number> = {};
    const measured_users: Record<string, number> = {};
    for (const { ticket } of tickets) {
      const factor = reporting_factor[ticket.account_id]!;
      reported[ticket.id] = roundLikeACustomer(drawRealUsers(rng) / factor);
      measured_users[ticket.id] = measuredUsers(reported[ticket.id]!, factor);
    }
    const visible = visibleImpacts(tickets, reported);
    const business_impact: Record<string, number> = {};
    for (const v of visible) business_impact[v.ticket_id] = Math.round(measured_users[v.ticket_id]! * weightOf(v) * 100) / 100;
    const ranked = rankBy(Object.keys(business_impact), (id) => business_impact[id]!);
    const top = ranked.slice(0, slots);
    const truth: EscalationTruth = {
      slots,
      investigate_budget: accountsThatMatter(visible, slots).length,
      label_weight: config.label_weight,
      credit_power: config.escalation_credit_power,
      reporting_factor,
      measured_users,
      business_impact,
      top,
    };
    last = { truth, reported };
    const clear = business_impact[ranked[slots - 1]!]! >= TOP_GAP * business_impact[ranked[slots]!]!;
    const plan = skilledPlan(visible, slots, (id) => measured_users[id]!);
    const found = plan.escalate.length === slots && plan.escalate.every((id) => top.includes(id));
    // Hidden gems: at least half of the true top ranks below the first (budget + slots) tickets by reported impact,
    // so neither the biggest-looking tickets nor measuring them and taking the next in line fills the slots.
    const looks = rankBy(Object.keys(business_impact), (id) => reported[id]! * weightOf(visible.find((v) => v.ticket_id === id)!));
    const hidden = top.filter((id) => looks.indexOf(id) >= truth.investigate_budget + slots).length;
    const gems = hidden >= Math.ceil(slots / 2);
    if (clear && found && gems) return last;
    // Rarely no draw has enough hidden gems; the first draw the skilled plan solves cleanly is kept instead.
    if (clear && found && !fallback) fallback = last;
  }
  return fallback ?? last!;
}

/** Section 6 of the policy: the decision, the formula, what is and is not reliable, the budget and the scoring. */
export function renderEscalationSection(truth: EscalationTruth): string {
  const plans = Object.entries(PLAN_WEIGHT).map(([plan, w]) => `${plan} ${w}`).join(', ');
  const severities = Object.entries(SEVERITY_WEIGHT).map(([impact, w]) => `${impact} ${w}`).join(', ');
  const labelShare = Math.round(truth.label_weight * 100);
  return [
    '6. END OF SHIFT: ENGINEERING ESCALATION. Engineering can take only as many tickets tonight as the slots below; choose the ones with the highest business impact.',
    `     escalation slots: ${truth.slots}`,
    '   Business impact = users actually affected x plan weight x impact weight.',
    `     plan weight (Tier in the header): ${plans}`,
    `     impact weight (section 2, after rule 5a): ${severities}`,
    '   "Users affected (reported)" in a ticket header is the customer\'s own count, and it is not reliable: some customers habitually overstate and others understate how many of their people are hit.',
    `   A reported count can be anywhere from 1/${REPORTING_RANGE} of the real number to ${REPORTING_RANGE} times it.`,
    '   Telemetry is reliable: investigate measures the users actually affected by one ticket\'s problem. Investigations are limited:',
    `     investigations allowed: ${truth.investigate_budget}`,
    '   Escalate with one action listing the chosen ticket ids (at most the number of slots; a later escalate replaces the list).',
    `   Scoring: labels carry ${labelShare}% of the score (a ticket counts only with its whole label right); the escalation carries ${100 - labelShare}%:`,
    `   the share of slots filled with tickets that truly are among the ${truth.slots} of highest business impact, raised to the power ${truth.credit_power}.`,
    '   Nothing is scored before the submit.',
  ].join('\n');
}
