// The reference solver: classifies every ticket with the label the policy gives it, then submits.
import type { TriageAction } from './schemas.js';
import type { TriageScenario } from './types.js';

export function solveTriage(scenario: TriageScenario): TriageAction[] {
  const actions: TriageAction[] = scenario.tickets.map(({ ticket, label }) => ({
    type: 'classify',
    ticket_id: ticket.id,
    category: label.category,
    priority: label.priority,
    team: label.team,
  }));
  actions.push({ type: 'submit' });
  return actions;
}
