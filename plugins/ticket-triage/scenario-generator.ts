// Builds a seeded inbox: the policy, then each ticket's facts, its text, and the label the policy gives it.
import type { Rng } from 'openenv-ts';
import type { TriageConfig } from './config.js';
import { CATEGORY_IMPACTS } from './core-templates.js';
import { familyIdOf, templatesFor } from './families.js';
import { CUSTOMERS, DEADLINE_DAY_CHOICES, DEADLINE_HOUR_CHOICES, FIRST_NAMES, LAST_NAMES, VENDORS } from './ticket-templates.js';
import { clock, writeTicket, type TicketStyle } from './ticket-writer.js';
import { deriveLabel, drawPolicy, renderPolicy, type TicketFacts } from './triage-policy.js';
import { AREA_NAMES, CATEGORIES, PRODUCT_AREAS, TIERS, type Category, type Impact } from './taxonomy.js';
import type { ScenarioTicket, Tone, TriageScenario } from './types.js';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Categories for the inbox: whole shuffled rounds of all six, so no category dominates an inbox and a
 * policy that gives every ticket the same label cannot score well.
 */
function drawCategories(rng: Rng, count: number): Category[] {
  const out: Category[] = [];
  while (out.length < count) out.push(...rng.shuffle(CATEGORIES));
  return out.slice(0, count);
}

/** A calm voice on a serious problem or an angry one on a small problem, at the configured rate. */
function drawTone(rng: Rng, category: Category, impact: Impact, misleadingRate: number): { tone: Tone; misleading: boolean } {
  const serious = category === 'outage' || impact === 'blocked';
  if (rng.chance(misleadingRate)) {
    if (serious) return { tone: 'calm', misleading: true };
    if (impact === 'minor') return { tone: 'angry', misleading: true };
    return { tone: rng.pick(['angry', 'calm'] as const), misleading: true };
  }
  if (rng.chance(0.3)) return { tone: serious ? 'angry' : impact === 'minor' ? 'calm' : 'neutral', misleading: false };
  return { tone: 'neutral', misleading: false };
}

/**
 * An inbox drawn from the seeded generator. `families` are the deciding-sentence templates this split may use
 * (empty: all of them); everything else in the wording is shared between splits.
 */
export function generateScenario(rng: Rng, config: TriageConfig, families: readonly string[] = []): TriageScenario {
  const allowed = new Set(families);
  const policyRng = rng.fork('policy');
  const inboxRng = rng.fork('inbox');
  const vendor = policyRng.pick(VENDORS);
  const policy = drawPolicy(policyRng, config.vary_policy);

  const low = Math.min(config.min_tickets, config.max_tickets);
  const high = Math.max(config.min_tickets, config.max_tickets);
  const count = inboxRng.int(low, high);
  const categories = drawCategories(inboxRng, count);

  // The inbox is one morning's arrivals, in the order received.
  const year = inboxRng.int(2023, 2025);
  const month = inboxRng.int(1, 12);
  const day = inboxRng.int(2, DAYS_IN_MONTH[month - 1]!);
  const earlierDate = isoDate(year, month, day - 1);
  let minute = inboxRng.int(6 * 60, 9 * 60);
  let idNumber = inboxRng.int(1000, 8999);
  const senders = inboxRng.sample(
    FIRST_NAMES.flatMap((first) => LAST_NAMES.map((last) => ({ first, last }))),
    count,
  );

  const tickets: ScenarioTicket[] = categories.map((category, index) => {
    const t = rng.fork(`ticket-${index}`);
    const impact = t.pick(CATEGORY_IMPACTS[category]);
    const template = t.pick(templatesFor(category, impact, allowed));
    const rest = (1 - config.pro_tier_share) / 2;
    const tier = t.weighted(TIERS, [rest, config.pro_tier_share, rest]);
    const productArea = t.pick(PRODUCT_AREAS);
    const deadlineHours = t.chance(config.deadline_rate)
      ? t.pick([...DEADLINE_HOUR_CHOICES, ...DEADLINE_DAY_CHOICES.map((d) => d * 24)])
      : null;
    const facts: TicketFacts = { category, impact, tier, product_area: productArea, deadline_hours: deadlineHours };
    const { tone, misleading } = drawTone(t, category, impact, config.misleading_tone_rate);
    const style: TicketStyle = {
      tone,
      distractors: t.chance(config.distractor_rate) ? config.distractor_sentences : 0,
      duration: t.chance(config.duration_rate),
      quoted_reply: t.chance(config.quoted_reply_rate),
      typo_rate: config.typo_rate,
    };

    minute = Math.min(minute + inboxRng.int(3, 55), 23 * 60 + 59);
    idNumber += inboxRng.int(1, 40);
    const customer = t.pick(CUSTOMERS);
    const sender = senders[index]!;
    const email = `${sender.first.toLowerCase()}.${sender.last.toLowerCase().replace(/[^a-z]/g, '')}@${customer.domain}`;
    const written = writeTicket(t, {
      facts,
      template,
      style,
      vendor,
      sender: { ...sender, email, customer: customer.name },
      received_minute: minute,
      earlier_date: earlierDate,
    });

    return {
      ticket: {
        id: `TCK-${idNumber}`,
        sender_name: `${sender.first} ${sender.last}`,
        sender_email: email,
        customer: customer.name,
        tier,
        product_area: productArea,
        product_area_name: AREA_NAMES[productArea],
        subject: written.subject,
        body: written.body,
        received_at: `${isoDate(year, month, day)} ${clock(minute)} UTC`,
      },
      truth: { ...facts, tone, misleading_tone: misleading },
      family: familyIdOf(category, impact, template),
      evidence: written.evidence,
      label: deriveLabel(facts, policy),
    };
  });

  return {
    vendor: vendor.name,
    policy,
    policy_text: renderPolicy(policy, vendor.name),
    tickets,
    families: [...new Set(tickets.map((t) => t.family))].sort(),
    max_relabels: config.max_relabels,
  };
}
