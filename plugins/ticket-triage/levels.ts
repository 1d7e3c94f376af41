// The difficulty levels of ticket-triage, easiest first: presets of the config knobs.
import type { TaskLevel } from 'openenv-ts';
import type { TriageConfig } from './config.js';

/**
 * Level 1 is the config defaults: one message per ticket, the plan on the ticket, the reasoning of the original
 * task (category, impact, a few priority steps, a team table) under a policy whose codes, teams and rules are the
 * inbox's own. Later levels add threads, several problems per ticket, account records behind a lookup action,
 * an exception and claims that contradict the records.
 */
export const TRIAGE_LEVELS: readonly TaskLevel<TriageConfig>[] = Object.freeze([
  {
    name: 'standard',
    description: 'An inbox of 5-8 single-message tickets under the inbox\'s own policy; two corrections.',
    config: {},
  },
  {
    name: 'threads',
    description: 'Six to nine tickets; half are threads whose later messages retract, ease, worsen or re-date the first; one correction.',
    config: {
      min_tickets: 6,
      max_tickets: 9,
      misleading_tone_rate: 0.5,
      distractor_rate: 0.5,
      deadline_rate: 0.45,
      duration_rate: 0.45,
      quoted_reply_rate: 0.35,
      typo_rate: 0.25,
      pro_tier_share: 0.25,
      thread_rate: 0.5,
      max_relabels: 1,
    },
  },
  {
    name: 'accounts',
    description: 'Seven to nine tickets; plans, support levels, key accounts and earlier tickets only in account records (lookup_account); tickets with two problems; one correction.',
    config: {
      min_tickets: 7,
      max_tickets: 9,
      misleading_tone_rate: 0.6,
      distractor_rate: 0.6,
      deadline_rate: 0.5,
      duration_rate: 0.5,
      quoted_reply_rate: 0.4,
      typo_rate: 0.3,
      pro_tier_share: 0.2,
      thread_rate: 0.4,
      multi_issue_rate: 0.4,
      account_lookups: true,
      tier_claim_rate: 0.2,
      max_relabels: 1,
    },
  },
  {
    name: 'adversarial',
    description:
      'The escalation desk at the end of the shift: sixteen to eighteen tickets from five to seven accounts, labelled under the desk\'s rules (records behind a lookup budget, add-on licensing, named earlier tickets, local-time deadlines), and three or four engineering slots to fill with the tickets of highest business impact, where customers\' own counts of affected users are unreliable and telemetry (investigate) is budgeted; scored only at submit, no corrections.',
    config: {
      min_tickets: 16,
      max_tickets: 18,
      min_accounts: 5,
      max_accounts: 7,
      colleague_report_rate: 0,
      escalation_slots: 3,
      label_weight: 0.25,
      escalation_credit_power: 3,
      misleading_tone_rate: 0.7,
      distractor_rate: 0.7,
      distractor_sentences: 2,
      deadline_rate: 0.6,
      duration_rate: 0.5,
      quoted_reply_rate: 0.4,
      typo_rate: 0.3,
      pro_tier_share: 0.3,
      own_category_rate: 0.6,
      thread_rate: 0.4,
      multi_issue_rate: 0.4,
      account_lookups: true,
      tier_claim_rate: 0.3,
      escalation_rules: true,
      lookup_slack: 0,
      shared_account_rate: 0.4,
      reference_rate: 0.55,
      local_deadline_rate: 0.6,
      add_on_rate: 0.6,
      score_at_submit: true,
      ticket_credit: 'exact',
      max_relabels: 0,
    },
  },
]);
