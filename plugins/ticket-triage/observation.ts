// Renders what the agent sees: instructions, the policy, the inbox and the labels so far, as text and as data.
import type { TaskView } from 'openenv-ts';
import type { TriageData } from './schemas.js';
import { CATEGORIES, PRIORITIES, TEAMS } from './taxonomy.js';
import type { Ticket, TriageScenario, TriageState } from './types.js';

export function renderTicket(ticket: Ticket): string {
  return [
    `=== ${ticket.id} | received ${ticket.received_at}`,
    `From: ${ticket.sender_name} <${ticket.sender_email}> (${ticket.customer})`,
    `Tier: ${ticket.tier} | Product area: ${ticket.product_area_name}`,
    `Subject: ${ticket.subject}`,
    '',
    ticket.body,
  ].join('\n');
}

export function observeTriage(scenario: TriageScenario, state: TriageState): TaskView<TriageData> {
  const tickets = scenario.tickets.map((t) => t.ticket);
  const unlabelled = tickets.filter((t) => !state.labels[t.id]).map((t) => t.id);
  const labelLines = tickets.map((t) => {
    const label = state.labels[t.id];
    return `  ${t.id}: ${label ? `${label.category} / ${label.priority} / ${label.team}` : '(not labelled)'}`;
  });
  const prompt = [
    `You are triaging the ${scenario.vendor} customer-support inbox. Give every ticket a category, a priority`,
    'and an owning team exactly as the triage policy below says, then submit. Read each ticket carefully:',
    'tone, subject lines and single words can mislead; the policy decides from what actually happened.',
    '',
    scenario.policy_text,
    '',
    `INBOX (${tickets.length} tickets, oldest first)`,
    '',
    tickets.map(renderTicket).join('\n\n'),
    '',
    `LABELS SO FAR (${tickets.length - unlabelled.length} of ${tickets.length}):`,
    ...labelLines,
    '',
    'ACTIONS (one JSON object per step):',
    '  {"type": "classify", "ticket_id": "<id>", "category": "<category>", "priority": "P1|P2|P3|P4", "team": "<team>"}',
    scenario.max_relabels === 0
      ? '     a labelled ticket cannot be relabelled differently in this inbox (no corrections): label each one once, with care'
      : `     classifying a labelled ticket differently is a correction: ${scenario.max_relabels} per inbox (corrections_left says how many remain); more are refused`,
    '  {"type": "submit"}   ends the episode; unlabelled tickets score 0',
    `categories: ${CATEGORIES.join(', ')}`,
    `teams: ${TEAMS.join(', ')}`,
    'Scoring per ticket: category 0.4, team 0.3, priority 0.3 (half when one level off); the mean over the inbox.',
  ].join('\n');
  return {
    prompt,
    data: {
      vendor: scenario.vendor,
      policy_text: scenario.policy_text,
      policy: {
        version: scenario.policy.version,
        deadline_threshold_hours: scenario.policy.deadline_threshold_hours,
        free_tier_max_priority: scenario.policy.free_tier_max_priority,
        area_owners: { ...scenario.policy.area_owners },
        feature_request_owner: scenario.policy.feature_request_owner,
      },
      tickets: tickets.map((t) => ({ ...t })),
      labels: { ...state.labels },
      unlabelled,
      allowed: { categories: [...CATEGORIES], priorities: [...PRIORITIES], teams: [...TEAMS] },
    },
  };
}
