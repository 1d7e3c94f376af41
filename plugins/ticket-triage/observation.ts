// Renders what the agent sees: instructions, the policy, the inbox, looked-up accounts and the labels so far.
import type { TaskView } from 'openenv-ts';
import { allowedValues } from './triage-policy.js';
import type { TriageData } from './schemas.js';
import { PRIORITIES } from './taxonomy.js';
import type { AccountRecord, Ticket, TriageScenario, TriageState } from './types.js';

export function renderTicket(ticket: Ticket): string {
  const plan = ticket.tier ? `Tier: ${ticket.tier}` : `Account: ${ticket.account_id}`;
  return [
    `=== ${ticket.id} | received ${ticket.received_at}`,
    `From: ${ticket.sender_name} <${ticket.sender_email}> (${ticket.customer})`,
    `${plan} | Product area: ${ticket.product_area_name}`,
    `Subject: ${ticket.subject}`,
    '',
    ticket.body,
  ].join('\n');
}

/** One account record in a few short lines. */
export function renderAccount(record: AccountRecord): string {
  const flags = record.flags.length > 0 ? record.flags.join(', ') : 'none';
  const history = record.recent_tickets.length > 0 ? record.recent_tickets.map((t) => `    ${t.date} ${t.ticket_id} ${t.category}`) : ['    (none)'];
  return [`  ${record.account_id} (${record.customer})`, `    plan: ${record.plan}`, `    support: ${record.support}`, `    flags: ${flags}`, '    earlier tickets:', ...history].join('\n');
}

export function observeTriage(scenario: TriageScenario, state: TriageState): TaskView<TriageData> {
  const tickets = scenario.tickets.map((t) => t.ticket);
  const unlabelled = tickets.filter((t) => !state.labels[t.id]).map((t) => t.id);
  const lookups = scenario.accounts.length > 0;
  const records = state.looked_up.map((id) => scenario.accounts.find((a) => a.account_id === id)!).filter(Boolean);
  const allowed = allowedValues(scenario.policy);
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
    ...(lookups ? [`ACCOUNT RECORDS LOOKED UP (${records.length}):`, ...(records.length > 0 ? records.map(renderAccount) : ['  (none yet)']), ''] : []),
    `LABELS SO FAR (${tickets.length - unlabelled.length} of ${tickets.length}):`,
    ...labelLines,
    '',
    'ACTIONS (one JSON object per step):',
    '  {"type": "classify", "ticket_id": "<id>", "category": "<code>", "priority": "P1|P2|P3|P4", "team": "<handle>"}',
    scenario.max_relabels === 0
      ? '     a labelled ticket cannot be relabelled differently in this inbox (no corrections): label each one once, with care'
      : `     classifying a labelled ticket differently is a correction: ${scenario.max_relabels} per inbox (corrections_left says how many remain); more are refused`,
    ...(lookups ? ['  {"type": "lookup_account", "account_id": "<ACC-id from a ticket>"}   shows that account\'s record (plan, support, flags, earlier tickets)'] : []),
    '  {"type": "submit"}   ends the episode; unlabelled tickets score 0',
    `category codes: ${allowed.categories.join(', ')}`,
    `team handles: ${allowed.teams.join(', ')}`,
    'Scoring per ticket: category 0.4, team 0.3, priority 0.3 (half when one level off; only counted when the category is right); the mean over the inbox.',
  ].join('\n');
  return {
    prompt,
    data: {
      vendor: scenario.vendor,
      policy_text: scenario.policy_text,
      tickets: tickets.map((t) => ({ ...t })),
      accounts: records.map((r) => ({ ...r, flags: [...r.flags], recent_tickets: r.recent_tickets.map((x) => ({ ...x })) })),
      account_lookups: lookups,
      labels: { ...state.labels },
      unlabelled,
      allowed: { categories: allowed.categories, priorities: [...PRIORITIES], teams: allowed.teams },
    },
  };
}
