// The reference solver: looks up each ticket's account where the inbox needs it, labels every ticket by the policy, submits.
import type { TriageAction } from './schemas.js';
import type { TriageScenario } from './types.js';

export function solveTriage(scenario: TriageScenario): TriageAction[] {
  const actions: TriageAction[] = [];
  for (const { ticket, label } of scenario.tickets) {
    if (scenario.accounts.length > 0) actions.push({ type: 'lookup_account', account_id: ticket.account_id });
    actions.push({ type: 'classify', ticket_id: ticket.id, category: label.category, priority: label.priority, team: label.team });
  }
  actions.push({ type: 'submit' });
  return actions;
}
