// Builds a seeded inbox: the policy, then each ticket's facts, its account record, its text and its label.
import type { Rng } from 'openenv-ts';
import type { TriageConfig } from './config.js';
import { framesFor, noiseFor } from './families.js';
import { categoryOf, deriveLabel, drawPolicy, renderPolicy, type TicketFacts, type TriagePolicy } from './triage-policy.js';
import { SITUATIONS, type Situation } from './situations.js';
import { AREA_NAMES, PRODUCT_AREAS, TIERS, type Impact, type ProductArea, type Tier } from './taxonomy.js';
import { CUSTOMERS, FIRST_NAMES, LAST_NAMES, VENDORS } from './ticket-templates.js';
import { clock, writeTicket, type Evolution, type Issue, type TicketStyle } from './ticket-writer.js';
import type { AccountRecord, ScenarioTicket, Tone, TriageScenario } from './types.js';
import type { Register } from './phrase-grammar.js';

const DEADLINE_HOURS = [2, 3, 4, 5, 6, 10, 16, 20, 30, 36, 40, 24, 48, 72, 120] as const;
const DAY_MS = 86_400_000;

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Situations for the inbox: whole shuffled rounds, so no kind of problem dominates an inbox. */
function drawSituations(rng: Rng, count: number): Situation[] {
  const out: Situation[] = [];
  while (out.length < count) out.push(...rng.shuffle(SITUATIONS));
  return out.slice(0, count);
}

function drawTone(rng: Rng, impact: Impact, serious: boolean, misleadingRate: number): Tone {
  if (rng.chance(misleadingRate)) return serious ? 'calm' : impact === 'minor' ? 'angry' : rng.pick(['angry', 'calm'] as const);
  if (rng.chance(0.3)) return serious ? 'angry' : impact === 'minor' ? 'calm' : 'neutral';
  return 'neutral';
}

/** The area a situation's ticket is filed under: sync problems are always about an integration. */
function areaFor(rng: Rng, situation: Situation): ProductArea {
  return situation.id === 'sync-failing' ? 'integrations' : rng.pick(PRODUCT_AREAS);
}

/** The impact after the thread: a workaround eases blocked to degraded, a follow-up can worsen degraded to blocked. */
function finalImpact(situation: Situation, evolution: Evolution): Impact {
  if (evolution.kind === 'ease') return 'degraded';
  if (evolution.kind === 'worsen') return 'blocked';
  return situation.impact;
}

function drawEvolution(rng: Rng, situation: Situation, deadline: number | null, others: readonly Situation[], allowed: ReadonlySet<string>, policy: TriagePolicy): Evolution {
  const kinds: Evolution['kind'][] = ['retract'];
  if (situation.canEase) kinds.push('ease', 'ease');
  if (situation.canWorsen) kinds.push('worsen', 'worsen');
  if (deadline !== null) kinds.push('deadline-moved', 'deadline-added');
  else kinds.push('deadline-dropped');
  const kind = rng.pick(kinds);
  if (kind === 'retract') {
    const code = categoryOf(policy, situation.concept).code;
    const decoy = rng.pick(others.filter((s) => categoryOf(policy, s.concept).code !== code));
    return { kind, decoy: { situation: decoy, frame: rng.pick(framesFor(decoy, allowed)) } };
  }
  if (kind === 'deadline-moved') return { kind, first_hours: rng.pick(DEADLINE_HOURS.filter((h) => h !== deadline)) };
  if (kind === 'deadline-dropped') return { kind, first_hours: rng.pick(DEADLINE_HOURS) };
  return { kind } as Evolution;
}

/**
 * An inbox drawn from the seeded generator. `families` are the grammar frames this split may use (empty: all).
 */
export function generateScenario(rng: Rng, config: TriageConfig, families: readonly string[] = []): TriageScenario {
  const allowed = new Set(families);
  const policyRng = rng.fork('policy');
  const inboxRng = rng.fork('inbox');
  const vendor = policyRng.pick(VENDORS);
  const policy = drawPolicy(policyRng, {
    own_category_rate: config.own_category_rate,
    accounts: config.account_lookups,
    multi_issue: config.multi_issue_rate > 0,
  });

  const low = Math.min(config.min_tickets, config.max_tickets);
  const high = Math.max(config.min_tickets, config.max_tickets);
  const count = inboxRng.int(low, high);
  const situations = drawSituations(inboxRng, count);
  const dayMs = Date.UTC(inboxRng.int(2023, 2025), inboxRng.int(0, 11), inboxRng.int(2, 28));
  const received_date = isoDate(dayMs);
  const earlier_date = isoDate(dayMs - DAY_MS);
  let minute = inboxRng.int(6 * 60, 9 * 60);
  let idNumber = inboxRng.int(1000, 8999);
  let accountNumber = inboxRng.int(10000, 89999);
  const senders = inboxRng.sample(FIRST_NAMES.flatMap((first) => LAST_NAMES.map((last) => ({ first, last }))), count);
  const customers = inboxRng.sample(CUSTOMERS, Math.min(count, CUSTOMERS.length));

  const accounts: AccountRecord[] = [];
  const tickets: ScenarioTicket[] = situations.map((situation, index) => {
    const t = rng.fork(`ticket-${index}`);
    const used: string[] = [];
    const issueOf = (s: Situation): Issue => {
      const frame = t.pick(framesFor(s, allowed));
      used.push(`sit-${s.id}/${frame.id}`);
      return { situation: s, frame };
    };
    const noise = (role: string) => {
      const frames = noiseFor(role, allowed);
      for (const f of frames) used.push(`noise-${role}/${f.id}`);
      return frames;
    };

    // Problems: the main one, and maybe a second whose category differs under this policy.
    const issues: Issue[] = [issueOf(situation)];
    if (policy.precedence && t.chance(config.multi_issue_rate)) {
      const code = categoryOf(policy, situation.concept).code;
      const second = t.pick(SITUATIONS.filter((s) => categoryOf(policy, s.concept).code !== code));
      issues.push(issueOf(second));
      if (t.chance(0.5)) issues.reverse();
    }
    const deciding = policy.precedence
      ? issues.reduce((best, i) => (policy.precedence!.indexOf(categoryOf(policy, i.situation.concept).code) < policy.precedence!.indexOf(categoryOf(policy, best.situation.concept).code) ? i : best))
      : issues[0]!;

    const rest = (1 - config.pro_tier_share) / 2;
    const tier: Tier = t.weighted(TIERS, [rest, config.pro_tier_share, rest]);
    const area = areaFor(t, issues.find((i) => i.situation.id === 'sync-failing')?.situation ?? deciding.situation);
    let deadline: number | null = t.chance(config.deadline_rate) ? t.pick(DEADLINE_HOURS) : null;
    const evolution: Evolution =
      issues.length === 1 && t.chance(config.thread_rate) ? drawEvolution(t, situation, deadline, SITUATIONS, allowed, policy) : { kind: 'none' };
    if (evolution.kind === 'retract') used.push(`sit-${evolution.decoy.situation.id}/${evolution.decoy.frame.id}`);
    if (evolution.kind === 'deadline-dropped') deadline = null;
    if (evolution.kind === 'deadline-added' && deadline === null) deadline = t.pick(DEADLINE_HOURS);
    const impact = deciding === issues[0] && issues.length === 1 ? finalImpact(situation, evolution) : deciding.situation.impact;
    const serious = deciding.situation.concept === 'outage' || impact === 'blocked';
    const tone = drawTone(t, impact, serious, config.misleading_tone_rate);

    // The account record, at levels where plans and history live behind lookup_account.
    const customer = customers[index % customers.length]!;
    const account_id = `ACC-${(accountNumber += inboxRng.int(7, 900))}`;
    const priority_support = config.account_lookups && t.chance(0.3);
    const key_account = config.account_lookups && t.chance(0.35);
    const repeatWanted = config.account_lookups && t.chance(0.35);
    const code = categoryOf(policy, deciding.situation.concept).code;
    const others = policy.categories.map((c) => c.code).filter((c) => c !== code);
    const history: Array<{ daysBefore: number; category: string }> = [];
    let repeat = false;
    if (policy.accounts) {
      const window = policy.accounts.repeat_window_days;
      if (repeatWanted) (history.push({ daysBefore: t.int(1, window - 1), category: code }), (repeat = true));
      else if (t.chance(0.5)) history.push({ daysBefore: t.int(window + 1, window + 40), category: code });
      if (t.chance(0.6)) history.push({ daysBefore: t.int(1, window + 20), category: t.pick(others) });
    }
    const claimed: Tier | null = t.chance(config.tier_claim_rate)
      ? config.account_lookups ? t.pick(TIERS.filter((x) => x !== tier && x !== 'free')) : tier === 'free' ? null : tier
      : null;

    const style: TicketStyle = {
      tone,
      register: t.pick(['formal', 'casual', 'terse'] as Register[]),
      distractors: t.chance(config.distractor_rate) ? config.distractor_sentences : 0,
      duration: t.chance(config.duration_rate),
      quoted_reply: t.chance(config.quoted_reply_rate),
      typo_rate: config.typo_rate,
      claimed_tier: claimed,
    };
    minute = Math.min(minute + inboxRng.int(3, 55), 23 * 60 + 59);
    idNumber += inboxRng.int(1, 40);
    const sender = senders[index]!;
    const email = `${sender.first.toLowerCase()}.${sender.last.toLowerCase().replace(/[^a-z]/g, '')}@${customer.domain}`;
    const written = writeTicket(t, {
      issues,
      evolution,
      deadline_hours: deadline,
      product_area: area,
      style,
      vendor,
      sender: { ...sender, email, customer: customer.name },
      received_minute: minute,
      received_date,
      earlier_date,
      noise,
    });

    if (config.account_lookups) {
      accounts.push({
        account_id,
        customer: customer.name,
        plan: tier,
        support: priority_support ? 'priority' : 'standard',
        flags: key_account ? ['key_account'] : [],
        recent_tickets: history
          .sort((a, b) => a.daysBefore - b.daysBefore)
          .map((h) => ({ date: isoDate(dayMs - h.daysBefore * DAY_MS), ticket_id: `TCK-${t.int(1000, 9999)}`, category: h.category })),
      });
    }
    const facts: TicketFacts = {
      concept: deciding.situation.concept,
      impact,
      tier,
      product_area: area,
      deadline_hours: deadline,
      priority_support,
      repeat,
      key_account,
    };
    return {
      ticket: {
        id: `TCK-${idNumber}`,
        sender_name: `${sender.first} ${sender.last}`,
        sender_email: email,
        customer: customer.name,
        account_id,
        tier: config.account_lookups ? null : tier,
        product_area: area,
        product_area_name: AREA_NAMES[area],
        subject: written.subject,
        body: written.body,
        received_at: `${received_date} ${clock(minute)} UTC`,
      },
      truth: { ...facts, tone, situations: issues.map((i) => i.situation.id), deciding: deciding.situation.id, evolution: evolution.kind },
      families: [...new Set(used)].sort(),
      label: deriveLabel(facts, policy),
    };
  });

  return {
    vendor: vendor.name,
    policy,
    policy_text: renderPolicy(policy, vendor.name),
    tickets,
    accounts,
    families: [...new Set(tickets.flatMap((t) => t.families))].sort(),
    max_relabels: config.max_relabels,
  };
}
