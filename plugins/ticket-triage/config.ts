// The difficulty knobs of ticket-triage; every field has a default so a plain reset works.
import { z } from 'zod';

export const MAX_INBOX = 10;

export const configSchema = z.strictObject({
  min_tickets: z.number().int().min(1).max(MAX_INBOX).default(5).describe('Fewest tickets in the inbox'),
  max_tickets: z.number().int().min(1).max(MAX_INBOX).default(8).describe('Most tickets in the inbox'),
  misleading_tone_rate: z
    .number()
    .min(0)
    .max(1)
    .default(0.35)
    .describe('Share of tickets whose tone points the wrong way (a calm outage, an angry cosmetic bug)'),
  distractor_rate: z
    .number()
    .min(0)
    .max(1)
    .default(0.35)
    .describe("Share of tickets with a sentence using another category's words (\"this is not an outage\")"),
  distractor_sentences: z
    .number()
    .int()
    .min(1)
    .max(2)
    .default(1)
    .describe('How many such sentences a ticket with distractors carries (two put another category\'s words on both sides of the problem)'),
  deadline_rate: z.number().min(0).max(1).default(0.35).describe('Share of tickets stating an explicit deadline'),
  duration_rate: z
    .number()
    .min(0)
    .max(1)
    .default(0.3)
    .describe('Share of tickets saying how long the problem has lasted (a number that is not a deadline)'),
  quoted_reply_rate: z.number().min(0).max(1).default(0.25).describe('Share of tickets carrying a quoted earlier support reply'),
  typo_rate: z.number().min(0).max(1).default(0.2).describe('Chance that each sentence around the problem statement has a typo'),
  pro_tier_share: z
    .number()
    .min(0)
    .max(1)
    .default(0.4)
    .describe(
      'Share of tickets from the pro tier, which no priority rule touches; the rest split evenly between free (capped) ' +
        'and enterprise (raised), so a lower share means more tickets where tier rules interact with deadlines and security',
    ),
  max_relabels: z
    .number()
    .int()
    .min(0)
    .max(30)
    .default(2)
    .describe(
      'How many times in one episode a labelled ticket may be given a different label (corrections); more are refused, ' +
        'so labels cannot be found by trial and error against the per-step reward',
    ),
  vary_policy: z
    .boolean()
    .default(true)
    .describe('Vary the policy by seed (deadline threshold, free-tier cap, area owners, feature-request owner)'),
});

export type TriageConfig = z.infer<typeof configSchema>;
