// The difficulty knobs of ticket-triage; every field has a default so a plain reset works.
import { z } from 'zod';

export const MAX_INBOX = 20;

const rate = (fallback: number, what: string) => z.number().min(0).max(1).default(fallback).describe(what);

export const configSchema = z.strictObject({
  min_tickets: z.number().int().min(1).max(MAX_INBOX).default(5).describe('Fewest tickets in the inbox'),
  max_tickets: z.number().int().min(1).max(MAX_INBOX).default(8).describe('Most tickets in the inbox'),
  misleading_tone_rate: rate(0.35, 'Share of tickets whose tone points the wrong way (a calm outage, an angry cosmetic bug)'),
  distractor_rate: rate(0.35, "Share of tickets with a sentence using another category's words (\"this is not an outage\")"),
  distractor_sentences: z.number().int().min(1).max(2).default(1).describe('How many such sentences a ticket with distractors carries'),
  deadline_rate: rate(0.35, 'Share of tickets stating an explicit deadline'),
  duration_rate: rate(0.3, 'Share of tickets with a number that is not a deadline (how long it lasted, team size)'),
  quoted_reply_rate: rate(0.25, 'Share of tickets carrying a quoted earlier support reply'),
  typo_rate: rate(0.15, 'Chance that each sentence (the deciding ones included) has a typo'),
  pro_tier_share: rate(0.4, 'Share of tickets from the pro plan, which no priority rule touches; the rest split between free and enterprise'),
  own_category_rate: rate(0.5, 'Chance that each foldable kind of problem (refunds, performance, integrations, privacy) is a category of its own'),
  thread_rate: rate(0, 'Share of tickets that are threads whose later messages retract, ease, worsen or re-date the first'),
  multi_issue_rate: rate(0, 'Share of tickets raising two problems, labelled by the policy\'s precedence order'),
  account_lookups: z.boolean().default(false).describe('Plan, support level, flags and earlier tickets live in account records the agent must look up'),
  tier_claim_rate: rate(0, 'Share of tickets where the customer claims a plan in the text (the record decides; with lookups it may differ)'),
  escalation_rules: z
    .boolean()
    .default(false)
    .describe(
      'The escalation desk: plans on the tickets, records hold flags, add-ons, time zone and earlier tickets with status; rules for add-on licensing, named earlier tickets (repeat or join an open one) and local-time deadlines',
    ),
  lookup_slack: z
    .number()
    .int()
    .min(0)
    .max(30)
    .nullable()
    .default(null)
    .describe('With escalation rules: lookups allowed beyond the accounts whose record can change a label (null: no limit)'),
  shared_account_rate: rate(0, 'With escalation rules: share of tickets filed by an account that already has a ticket in the inbox'),
  reference_rate: rate(0, 'With escalation rules: share of single-problem tickets that name an earlier ticket of the account'),
  local_deadline_rate: rate(0, 'With escalation rules: share of deadlines written as a local clock time ("by 17:00 tomorrow, our time")'),
  add_on_rate: rate(0, 'With escalation rules: chance that a ticket naming a feature names one of the policy\'s add-ons'),
  colleague_report_rate: rate(0.6, 'With escalation rules: chance that a ticket from an account already in the inbox is a colleague\'s report of the same problem (it joins that ticket)'),
  min_accounts: z.number().int().min(0).max(MAX_INBOX).default(0).describe('With escalation rules: fewest distinct accounts in the inbox (0 with max_accounts 0: accounts follow shared_account_rate)'),
  max_accounts: z.number().int().min(0).max(MAX_INBOX).default(0).describe('With escalation rules: most distinct accounts in the inbox (0: accounts follow shared_account_rate)'),
  escalation_slots: z
    .number()
    .int()
    .min(0)
    .max(6)
    .default(0)
    .describe('End-of-shift escalation: engineering slots to fill with the tickets of highest business impact (0: no escalation decision); an inbox draws this many or one more'),
  label_weight: rate(0.25, 'With escalation slots: share of the score the labels carry (the escalation choice carries the rest)'),
  escalation_credit_power: z.number().min(1).max(4).default(2).describe('With escalation slots: exponent on the share of slots filled with a true top ticket'),
  score_at_submit: z.boolean().default(false).describe('The inbox is scored only when submitted (no per-label reward before the end)'),
  ticket_credit: z
    .enum(['fields', 'exact'])
    .default('fields')
    .describe('fields: category 0.4, team 0.3, priority 0.3 (half one level off); exact: a ticket scores 1 only when its whole label is right'),
  max_relabels: z
    .number()
    .int()
    .min(0)
    .max(30)
    .default(2)
    .describe('How many times in one episode a labelled ticket may be given a different label (corrections); more are refused'),
  vary_policy: z.boolean().default(true).describe('Vary the policy by seed (kept for compatibility: policies always vary now)'),
});

export type TriageConfig = z.infer<typeof configSchema>;
