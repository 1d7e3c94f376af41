// The action and observation schemas of ticket-triage (zod; their descriptions become the JSON Schema agents read).
import { z } from 'zod';
import { actionVariant } from 'openenv-ts';
import { CATEGORIES, PRIORITIES, PRODUCT_AREAS, TEAMS, TIERS } from './taxonomy.js';

export const categorySchema = z.enum(CATEGORIES).describe('Ticket category, as defined in section 1 of the triage policy');
export const prioritySchema = z.enum(PRIORITIES).describe('Priority from section 3 of the triage policy; P1 is the highest');
export const teamSchema = z.enum(TEAMS).describe('Owning team from section 4 of the triage policy');

export const actionSchema = z.discriminatedUnion('type', [
  actionVariant('classify', 'Set the category, priority and team of one ticket. Classifying a labelled ticket differently is a correction; an inbox allows a few (corrections_left in the observation).', {
    ticket_id: z.string().min(1).max(40).describe('Id of a ticket in the inbox, e.g. "TCK-4821"'),
    category: categorySchema,
    priority: prioritySchema,
    team: teamSchema,
  }),
  actionVariant('submit', 'Finish triage and end the episode; unlabelled tickets score 0.', {}),
]);
export type TriageAction = z.infer<typeof actionSchema>;

const labelSchema = z.object({ category: categorySchema, priority: prioritySchema, team: teamSchema });

export const observationSchema = z.object({
  vendor: z.string().describe('The company whose support inbox this is'),
  policy_text: z.string().describe('The triage policy that decides every label'),
  policy: z
    .object({
      version: z.string(),
      deadline_threshold_hours: z.number().describe('Deadlines this many hours or sooner raise priority one level'),
      free_tier_max_priority: z.enum(['P2', 'P3']).describe('Free-tier tickets are never above this priority'),
      area_owners: z.record(z.enum(PRODUCT_AREAS), teamSchema).describe('Team owning each product area (for bugs)'),
      feature_request_owner: z.enum(['product_mgmt', 'area_owner']).describe('Where feature requests go'),
    })
    .describe('The seed-dependent parts of the policy, as data (the text says the same)'),
  tickets: z
    .array(
      z.object({
        id: z.string(),
        sender_name: z.string(),
        sender_email: z.string(),
        customer: z.string(),
        tier: z.enum(TIERS).describe('Customer plan'),
        product_area: z.enum(PRODUCT_AREAS).describe('Product area chosen by the customer when filing'),
        product_area_name: z.string(),
        subject: z.string(),
        body: z.string(),
        received_at: z.string().describe('Arrival time, "YYYY-MM-DD HH:MM UTC"'),
      }),
    )
    .describe('The inbox, oldest first'),
  labels: z.record(z.string(), labelSchema).describe('Current label of each ticket labelled so far, by ticket id'),
  unlabelled: z.array(z.string()).describe('Ids of tickets not labelled yet'),
  allowed: z
    .object({ categories: z.array(categorySchema), priorities: z.array(prioritySchema), teams: z.array(teamSchema) })
    .describe('Every value classify accepts'),
});
export type TriageData = z.infer<typeof observationSchema>;
