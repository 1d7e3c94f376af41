// What a triage action sets, for the framework's correction budget and repeat check, and how ids and codes are matched.
import type { CorrectionPolicy } from 'openenv-ts';
import type { TriageConfig } from './config.js';
import type { TriageAction } from './schemas.js';

/** Ticket and account ids are matched case- and space-insensitively, so " tck-12 " and "TCK-12" are the same. */
export function normalTicketId(id: string): string {
  return id.trim().toUpperCase();
}

/** Category codes and team handles are matched case- and space-insensitively too. */
export function normalCode(code: string): string {
  return code.trim().toLowerCase();
}

/**
 * A classify sets one ticket's label. Without a budget the dense reward would reveal every right label by trial
 * (relabel until the reward goes up); the framework counts changes of a label and refuses them past the budget.
 */
export const triageCorrections: CorrectionPolicy<TriageConfig, TriageAction> = {
  key: (action) => (action.type === 'classify' ? `ticket ${normalTicketId(action.ticket_id)}` : null),
  value: (action) => (action.type === 'classify' ? `${normalCode(action.category)}/${action.priority}/${normalCode(action.team)}` : ''),
  budget: (config) => config.max_relabels,
};

/** Two actions that differ only in the spelling of an id or code are the same action. */
export function triageRepeatKey(action: TriageAction): string {
  if (action.type === 'lookup_account') return `lookup ${normalTicketId(action.account_id)}`;
  if (action.type === 'investigate') return `investigate ${normalTicketId(action.ticket_id)}`;
  if (action.type === 'escalate') return `escalate ${[...new Set(action.ticket_ids.map(normalTicketId))].sort().join(',')}`;
  if (action.type !== 'classify') return action.type;
  return `classify ${normalTicketId(action.ticket_id)} ${normalCode(action.category)}/${action.priority}/${normalCode(action.team)}`;
}
