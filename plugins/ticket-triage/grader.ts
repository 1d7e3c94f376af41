// Grades a triage state: per ticket, category 0.4 + team 0.3 + priority 0.3 (0.15 one level off), or 1 for an exact label at the desk; averaged (blended with the escalation credit at the top level).
import type { Grade } from 'openenv-ts';
import { normalCode } from './action-keys.js';
import { priorityLevel } from './taxonomy.js';
import type { TriageScenario, TriageState } from './types.js';
import { escalationCredit } from './impact-model.js';

export const WEIGHTS = Object.freeze({ category: 0.4, team: 0.3, priority: 0.3 });

interface TicketGrade {
  labelled: boolean;
  category: number;
  team: number;
  priority: number;
  score: number;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

export function gradeTriage(scenario: TriageScenario, state: TriageState): Grade {
  const perTicket: Record<string, TicketGrade> = {};
  let total = 0;
  const correct = { category: 0, team: 0, priority_exact: 0, priority_off_by_one: 0 };
  // Where the inbox is scored only once submitted, nothing before the submit says which labels were right.
  if (scenario.score_at_submit && !state.submitted) {
    const labelled = Object.keys(state.labels).length;
    return {
      score: 0,
      breakdown: { submitted: false, labelled, total_tickets: scenario.tickets.length, weights: WEIGHTS },
      explanation: `Not submitted yet: this inbox is scored when it is submitted (${labelled} of ${scenario.tickets.length} labelled).`,
    };
  }
  for (const { ticket, label: expected } of scenario.tickets) {
    const given = state.labels[ticket.id];
    if (!given) {
      perTicket[ticket.id] = { labelled: false, category: 0, team: 0, priority: 0, score: 0 };
      continue;
    }
    const category = normalCode(given.category) === normalCode(expected.category) ? WEIGHTS.category : 0;
    const team = normalCode(given.team) === normalCode(expected.team) ? WEIGHTS.team : 0;
    const gap = Math.abs(priorityLevel(given.priority) - priorityLevel(expected.priority));
    // The policy's priority steps depend on the category (outage start, security floor, feature requests), so a
    // priority is only judged on a ticket filed in the right category; otherwise a plan-based guess of P2/P3 would
    // collect most of the priority credit on every ticket without reading one.
    const priority = !category ? 0 : gap === 0 ? WEIGHTS.priority : gap === 1 && scenario.ticket_credit === 'fields' ? WEIGHTS.priority / 2 : 0;
    if (category) correct.category += 1;
    if (team) correct.team += 1;
    if (category && gap === 0) correct.priority_exact += 1;
    if (category && gap === 1 && scenario.ticket_credit === 'fields') correct.priority_off_by_one += 1;
    // At 'exact' credit a near label earns nothing: the ticket counts only when all three fields are right.
    const exact = category > 0 && team > 0 && gap === 0;
    const score = scenario.ticket_credit === 'exact' ? (exact ? 1 : 0) : round(category + team + priority);
    perTicket[ticket.id] = { labelled: true, category, team, priority, score };
    total += score;
  }
  const count = scenario.tickets.length;
  const labelled = Object.values(perTicket).filter((t) => t.labelled).length;
  const labelScore = count === 0 ? 0 : total / count;
  // At the end-of-shift escalation the labels carry only a share; the rest is the steep credit for the slots.
  const shift = scenario.escalation ? escalationCredit(scenario.escalation, state.escalated ?? []) : null;
  const blended = shift ? scenario.escalation!.label_weight * labelScore + (1 - scenario.escalation!.label_weight) * shift.credit : labelScore;
  const score = Math.min(1, Math.max(0, round(blended)));
  return {
    score,
    breakdown: {
      ...(shift
        ? { label_score: round(labelScore), escalation: { slots: scenario.escalation!.slots, chosen: (state.escalated ?? []).length, in_true_top: shift.hits, credit: round(shift.credit) } }
        : {}),
      tickets: perTicket,
      fields: {
        category_correct: correct.category,
        team_correct: correct.team,
        priority_exact: correct.priority_exact,
        priority_off_by_one: correct.priority_off_by_one,
      },
      labelled,
      total_tickets: count,
      weights: scenario.ticket_credit === 'exact' ? 'exact: 1 per ticket with the whole label right' : WEIGHTS,
    },
    explanation:
      (shift ? `Escalation: ${shift.hits} of ${scenario.escalation!.slots} slots hold a true top ticket. ` : '') +
      `${labelled} of ${count} tickets labelled; category right on ${correct.category}, team on ${correct.team}, ` +
      `priority exact on ${correct.priority_exact} and one level off on ${correct.priority_off_by_one}.`,
  };
}
