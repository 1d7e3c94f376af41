// The difficulty levels of ticket-triage, easiest first: presets of the config knobs.
import type { TaskLevel } from 'openenv-ts';
import type { TriageConfig } from './config.js';

/**
 * Level 1 is the config defaults (the task as it has always been played). Each later level reads more tickets
 * through more misleading material with fewer corrections; the policy and the deciding sentences stay the same
 * kind of reasoning, so the reference solver's labels are still right by construction.
 */
export const TRIAGE_LEVELS: readonly TaskLevel<TriageConfig>[] = Object.freeze([
  {
    name: 'standard',
    description: 'An inbox of 5-8 tickets with some misleading tone, distractors and deadlines; two corrections.',
    config: {},
  },
  {
    name: 'noisy',
    description: 'Larger inboxes where most tickets carry misleading tone, distractors or deadlines; one correction.',
    config: {
      min_tickets: 6,
      max_tickets: 9,
      misleading_tone_rate: 0.6,
      distractor_rate: 0.6,
      deadline_rate: 0.5,
      duration_rate: 0.5,
      quoted_reply_rate: 0.4,
      typo_rate: 0.35,
      pro_tier_share: 0.25,
      max_relabels: 1,
    },
  },
  {
    name: 'crowded',
    description: 'Eight to ten tickets, two distractor sentences each, tier rules on most tickets; one correction.',
    config: {
      min_tickets: 8,
      max_tickets: 10,
      misleading_tone_rate: 0.8,
      distractor_rate: 0.8,
      distractor_sentences: 2,
      deadline_rate: 0.6,
      duration_rate: 0.6,
      quoted_reply_rate: 0.6,
      typo_rate: 0.5,
      pro_tier_share: 0.15,
      max_relabels: 1,
    },
  },
  {
    name: 'adversarial',
    description: 'Ten tickets, every one with misleading tone and two distractors, almost no pro tier; no corrections.',
    config: {
      min_tickets: 10,
      max_tickets: 10,
      misleading_tone_rate: 1,
      distractor_rate: 1,
      distractor_sentences: 2,
      deadline_rate: 0.7,
      duration_rate: 0.8,
      quoted_reply_rate: 0.8,
      typo_rate: 0.6,
      pro_tier_share: 0.05,
      max_relabels: 0,
    },
  },
]);
