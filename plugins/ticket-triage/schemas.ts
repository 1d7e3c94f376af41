// The action and observation schemas of ticket-triage (zod; their descriptions become the JSON Schema agents read).
import { z } from 'zod';
import { actionVariant } from 'openenv-ts';
import { PRIORITIES, PRODUCT_AREAS, TIERS } from './taxonomy.js';

export const prioritySchema = z.enum(PRIORITIES).describe('Priority from section 3 of the triage policy; P1 is the highest');
const categorySchema = z.string().min(1).max(40).describe('A category code from section 1 of this inbox\'s policy (each company has its own codes), e.g. "payments"');
const teamSchema = z.string().min(1).max(40).describe('A team handle from section 4 of this inbox\'s policy (each company names its own teams), e.g. "billing-ops"');

export const actionSchema = z.discriminatedUnion('type', [
  actionVariant('classify', 'Set the category, priority and team of one ticket. Classifying a labelled ticket differently is a correction; an inbox allows a few (corrections_left in the observation).', {
    ticket_id: z.string().min(1).max(40).describe('Id of a ticket in the inbox, e.g. "TCK-4821"'),
    category: categorySchema,
    priority: prioritySchema,
    team: teamSchema,
  }),
  actionVariant('lookup_account', 'Show a customer account record: plan, support level, flags and earlier tickets (inboxes whose tickets carry no plan).', {
    account_id: z.string().min(1).max(40).describe('The account id on a ticket, e.g. "ACC-48213"'),
  }),
  actionVariant('investigate', 'End-of-shift escalation (top level): measure with telemetry how many users one ticket\'s problem really affects; limited per inbox (investigations_left).', {
    ticket_id: z.string().min(1).max(40).describe('Id of a ticket in the inbox, e.g. "TCK-4821"'),
  }),
  actionVariant('escalate', 'End-of-shift escalation (top level): choose the tickets engineering takes tonight (at most the number of slots); a later escalate replaces the list.', {
    ticket_ids: z.array(z.string().min(1).max(40)).max(6).describe('Ids of tickets in the inbox, e.g. ["TCK-4821", "TCK-4830", "TCK-4852"]'),
  }),
  actionVariant('submit', 'Finish triage and end the episode; unlabelled tickets score 0.', {}),
]);
export type TriageAction = z.infer<typeof actionSchema>;

const labelSchema = z.object({ category: z.string(), priority: prioritySchema, team: z.string() });

const accountSchema = z.object({
  account_id: z.string(),
  customer: z.string(),
  plan: z.enum(TIERS),
  support: z.enum(['standard', 'priority']),
  flags: z.array(z.string()),
  recent_tickets: z
    .array(
      z.object({
        date: z.string(),
        ticket_id: z.string(),
        category: z.string(),
        received: z.string().optional().describe('Escalation desk: "YYYY-MM-DD HH:MM (UTC+hh:mm)" in the account\'s zone'),
        status: z.enum(['open', 'closed']).optional(),
        team: z.string().optional(),
        priority: prioritySchema.optional(),
      }),
    )
    .describe('Earlier tickets of the account, newest first'),
  time_zone: z.string().optional().describe('Escalation desk: the account\'s zone, "UTC+05:30"'),
  add_ons: z.array(z.string()).optional().describe('Escalation desk: add-on features the account bought'),
});

export const observationSchema = z.object({
  vendor: z.string().describe('The company whose support inbox this is'),
  policy_text: z.string().describe('The triage policy that decides every label (its codes, teams and rules are this inbox\'s own)'),
  tickets: z
    .array(
      z.object({
        id: z.string(),
        sender_name: z.string(),
        sender_email: z.string(),
        customer: z.string(),
        account_id: z.string().describe('The customer account, for lookup_account'),
        tier: z.enum(TIERS).nullable().describe('Customer plan; null when it is only in the account record'),
        product_area: z.enum(PRODUCT_AREAS).describe('Product area chosen by the customer when filing'),
        product_area_name: z.string(),
        subject: z.string(),
        body: z.string().describe('The first message, then any later messages of the thread'),
        received_at: z.string().describe('Arrival time of the first message, "YYYY-MM-DD HH:MM UTC"'),
        reported_users: z.number().int().optional().describe('End-of-shift escalation: affected users as the customer reported them (not reliable)'),
      }),
    )
    .describe('The inbox, oldest first'),
  accounts: z.array(accountSchema).describe('Account records looked up so far'),
  account_lookups: z.boolean().describe('Whether account records can be looked up (lookup_account)'),
  lookups_left: z.number().int().nullable().describe('Accounts that may still be looked up in this inbox (null: no limit)'),
  escalation: z
    .object({
      slots: z.number().int(),
      investigations_left: z.number().int(),
      measured_users: z.record(z.string(), z.number().int()).describe('Telemetry so far: users actually affected, by ticket id'),
      escalated: z.array(z.string()).describe('Tickets chosen for escalation so far'),
    })
    .nullable()
    .describe('End-of-shift escalation (top level; null below it)'),
  labels: z.record(z.string(), labelSchema).describe('Current label of each ticket labelled so far, by ticket id'),
  unlabelled: z.array(z.string()).describe('Ids of tickets not labelled yet'),
  allowed: z
    .object({ categories: z.array(z.string()), priorities: z.array(prioritySchema), teams: z.array(z.string()) })
    .describe('Every value classify accepts in this inbox'),
});
export type TriageData = z.infer<typeof observationSchema>;
