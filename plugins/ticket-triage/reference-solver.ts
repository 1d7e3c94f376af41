// The reference solver: looks up the accounts the inbox needs (at the desk only those whose record can change a label), labels every ticket, at the top level measures and escalates, submits.
import type { TriageAction } from './schemas.js';
import type { TriageScenario } from './types.js';
import { skilledPlan } from './impact-model.js';
import { visibleImpacts } from './escalation-shift.js';

export function solveTriage(scenario: TriageScenario): TriageAction[] {
  const actions: TriageAction[] = [];
  const looked = new Set<string>();
  for (const { ticket, label, truth } of scenario.tickets) {
    // At the escalation desk a record is worth a lookup only where the ticket's text says it can change the label.
    const needed = scenario.accounts.length > 0 && (truth.record_triggers === undefined || truth.record_triggers.length > 0);
    if (needed && !looked.has(ticket.account_id)) {
      looked.add(ticket.account_id);
      actions.push({ type: 'lookup_account', account_id: ticket.account_id });
    }
    actions.push({ type: 'classify', ticket_id: ticket.id, category: label.category, priority: label.priority, team: label.team });
  }
  // The escalation uses only what the agent sees (reported counts, plans, each ticket's impact as its label uses
  // it) and the telemetry of its own investigate actions: one per account that can matter, extrapolated.
  if (scenario.escalation) {
    const truth = scenario.escalation;
    const reported = Object.fromEntries(scenario.tickets.map((t) => [t.ticket.id, t.ticket.reported_users!]));
    const plan = skilledPlan(visibleImpacts(scenario.tickets, reported), truth.slots, (id) => truth.measured_users[id]!);
    for (const id of plan.probes) actions.push({ type: 'investigate', ticket_id: id });
    actions.push({ type: 'escalate', ticket_ids: plan.escalate });
  }
  actions.push({ type: 'submit' });
  return actions;
}
