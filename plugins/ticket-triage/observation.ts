// Renders what the agent sees: instructions, the policy, the inbox, looked-up accounts and the labels so far.
import type { TaskView } from 'openenv-ts';
import { allowedValues } from './triage-policy.js';
import type { TriageData } from './schemas.js';
import { PRIORITIES } from './taxonomy.js';
import type { AccountRecord, Ticket, TriageScenario, TriageState } from './types.js';

/** A ticket's header and body; `withAccount` (the escalation desk) shows the plan and the account id both. */
export function renderTicket(ticket: Ticket, withAccount = false): string {
  const plan = ticket.tier && withAccount ? `Tier: ${ticket.tier} | Account: ${ticket.account_id}` : ticket.tier ? `Tier: ${ticket.tier}` : `Account: ${ticket.account_id}`;
  return [
    `=== ${ticket.id} | received ${ticket.received_at}`,
    `From: ${ticket.sender_name} <${ticket.sender_email}> (${ticket.customer})`,
    `${plan} | Product area: ${ticket.product_area_name}${ticket.reported_users !== undefined ? ` | Users affected (reported): ${ticket.reported_users}` : ''}`,
    `Subject: ${ticket.subject}`,
    '',
    ticket.body,
  ].join('\n');
}

/** One account record in a few short lines. */
export function renderAccount(record: AccountRecord): string {
  const flags = record.flags.length > 0 ? record.flags.join(', ') : 'none';
  if (record.time_zone !== undefined) return renderDeskAccount(record, flags);
  const history = record.recent_tickets.length > 0 ? record.recent_tickets.map((t) => `    ${t.date} ${t.ticket_id} ${t.category}`) : ['    (none)'];
  return [`  ${record.account_id} (${record.customer})`, `    plan: ${record.plan}`, `    support: ${record.support}`, `    flags: ${flags}`, '    earlier tickets:', ...history].join('\n');
}

/** The escalation desk's record: zone, add-ons, and earlier tickets with their exact local time, status, team and priority. */
function renderDeskAccount(record: AccountRecord, flags: string): string {
  const history =
    record.recent_tickets.length > 0
      ? record.recent_tickets.map((t) => `    ${t.received} ${t.ticket_id} ${t.category} | ${t.status} | team ${t.team} | ${t.priority}`)
      : ['    (none)'];
  const addOns = record.add_ons && record.add_ons.length > 0 ? record.add_ons.join('; ') : 'none';
  return [
    `  ${record.account_id} (${record.customer})`,
    `    plan: ${record.plan}`,
    `    flags: ${flags}`,
    `    time zone: ${record.time_zone}`,
    `    add-ons: ${addOns}`,
    '    earlier tickets (received, id, category | status | team | priority):',
    ...history,
  ].join('\n');
}

export function observeTriage(scenario: TriageScenario, state: TriageState): TaskView<TriageData> {
  const tickets = scenario.tickets.map((t) => t.ticket);
  const unlabelled = tickets.filter((t) => !state.labels[t.id]).map((t) => t.id);
  const lookups = scenario.accounts.length > 0;
  const desk = scenario.policy.escalation != null;
  const lookups_left = scenario.lookup_budget === null ? null : scenario.lookup_budget - state.looked_up.length;
  const records = state.looked_up.map((id) => scenario.accounts.find((a) => a.account_id === id)!).filter(Boolean);
  const allowed = allowedValues(scenario.policy);
  const shift = scenario.escalation;
  const investigated = state.investigated ?? [];
  const escalated = state.escalated ?? [];
  const investigationsLeft = shift ? shift.investigate_budget - investigated.length : 0;
  const shiftLines = shift
    ? [
        `TELEMETRY (${investigated.length} measured; ${investigationsLeft} more investigations allowed):`,
        ...(investigated.length > 0 ? investigated.map((id) => `  ${id}: ${shift.measured_users[id]} users actually affected`) : ['  (none yet)']),
        `ESCALATED (${escalated.length} of ${shift.slots} slots): ${escalated.length > 0 ? escalated.join(', ') : '(none yet)'}`,
        '',
      ]
    : [];
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
    tickets.map((t) => renderTicket(t, desk)).join('\n\n'),
    '',
    ...(lookups ? [`ACCOUNT RECORDS LOOKED UP (${records.length}${lookups_left === null ? '' : `; ${lookups_left} more lookups allowed`}):`, ...(records.length > 0 ? records.map(renderAccount) : ['  (none yet)']), ''] : []),
    ...shiftLines,
    `LABELS SO FAR (${tickets.length - unlabelled.length} of ${tickets.length}):`,
    ...labelLines,
    '',
    'ACTIONS (one JSON object per step):',
    '  {"type": "classify", "ticket_id": "<id>", "category": "<code>", "priority": "P1|P2|P3|P4", "team": "<handle>"}',
    scenario.max_relabels === 0
      ? '     a labelled ticket cannot be relabelled differently in this inbox (no corrections): label each one once, with care'
      : `     classifying a labelled ticket differently is a correction: ${scenario.max_relabels} per inbox (corrections_left says how many remain); more are refused`,
    ...(lookups
      ? [
          desk
            ? `  {"type": "lookup_account", "account_id": "<ACC-id from a ticket>"}   shows that account's record (flags, add-ons, time zone, earlier tickets); ${lookups_left === null ? 'no limit' : `${lookups_left} more accounts may be looked up`}`
            : '  {"type": "lookup_account", "account_id": "<ACC-id from a ticket>"}   shows that account\'s record (plan, support, flags, earlier tickets)',
        ]
      : []),
    ...(shift
      ? [
          `  {"type": "investigate", "ticket_id": "<id>"}   telemetry: the users one ticket's problem really affects; ${investigationsLeft} more tickets may be measured`,
          `  {"type": "escalate", "ticket_ids": ["<id>", ...]}   the tickets engineering takes tonight (at most ${shift.slots}); a later escalate replaces the list`,
        ]
      : []),
    ...(scenario.score_at_submit ? ['     this inbox is scored only when submitted: no reward before the submit says whether a label is right'] : []),
    '  {"type": "submit"}   ends the episode; unlabelled tickets score 0',
    `category codes: ${allowed.categories.join(', ')}`,
    `team handles: ${allowed.teams.join(', ')}`,
    shift
      ? `Scoring: labels ${Math.round(shift.label_weight * 100)}% (per ticket 1 when category, priority and team are all right, otherwise 0; the mean over the inbox), escalation ${Math.round((1 - shift.label_weight) * 100)}% (section 6 of the policy).`
      : scenario.ticket_credit === 'fields'
      ? 'Scoring per ticket: category 0.4, team 0.3, priority 0.3 (half when one level off; only counted when the category is right); the mean over the inbox.'
      : 'Scoring per ticket: 1 when category, priority and team are all right, otherwise 0; the mean over the inbox.',
  ].join('\n');
  return {
    prompt,
    data: {
      vendor: scenario.vendor,
      policy_text: scenario.policy_text,
      tickets: tickets.map((t) => ({ ...t })),
      accounts: records.map(({ add_ons, ...r }) => ({ ...r, flags: [...r.flags], recent_tickets: r.recent_tickets.map((x) => ({ ...x })), ...(add_ons ? { add_ons: [...add_ons] } : {}) })),
      account_lookups: lookups,
      lookups_left,
      escalation: shift
        ? {
            slots: shift.slots,
            investigations_left: investigationsLeft,
            measured_users: Object.fromEntries(investigated.map((id) => [id, shift.measured_users[id]!])),
            escalated: [...escalated],
          }
        : null,
      labels: { ...state.labels },
      unlabelled,
      allowed: { categories: allowed.categories, priorities: [...PRIORITIES], teams: allowed.teams },
    },
  };
}
