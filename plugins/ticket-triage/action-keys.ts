// What a triage action sets, for the framework's correction budget and repeat check.
import type { CorrectionPolicy } from 'openenv-ts';
import type { TriageConfig } from './config.js';
import type { TriageAction } from './schemas.js';

/** Ticket ids are matched case- and space-insensitively, so " tck-12 " and "TCK-12" are the same ticket. */
export function normalTicketId(id: string): string {
  return id.trim().toUpperCase();
}

/**
 * A classify sets one ticket's label. Without a budget the dense reward would reveal every right label by trial
 * (relabel until the reward goes up); the framework counts changes of a label and refuses them past the budget.
 */
export const triageCorrections: CorrectionPolicy<TriageConfig, TriageAction> = {
  key: (action) => (action.type === 'classify' ? `ticket ${normalTicketId(action.ticket_id)}` : null),
  value: (action) => (action.type === 'classify' ? `${action.category}/${action.priority}/${action.team}` : ''),
  budget: (config) => config.max_relabels,
};

/** Two classifies that differ only in the spelling of the ticket id are the same action. */
export function triageRepeatKey(action: TriageAction): string {
  if (action.type !== 'classify') return action.type;
  return `classify ${normalTicketId(action.ticket_id)} ${action.category}/${action.priority}/${action.team}`;
}
