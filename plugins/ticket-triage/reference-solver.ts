// The reference solver: looks up the accounts the inbox needs (at the desk only those whose record can change a label), labels every ticket, submits.
import type { TriageAction } from './schemas.js';
import type { TriageScenario } from './types.js';

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
  actions.push({ type: 'submit' });
  return actions;
}
