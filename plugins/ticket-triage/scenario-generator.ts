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
import { deskRecord, drawDeskAccount, drawNamedTicket, drawBackgroundTicket, FEATURE_SITUATIONS, ownCategory, pickFeature, recordTriggers, type DeskAccount, type NamedTicket } from './escalation.js';
import { toLocalDeadline, type LocalDeadline } from './local-time.js';
import { drawEscalation, renderEscalationSection } from './escalation-shift.js';

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
  const desk = config.escalation_rules;
  const drawn = drawPolicy(policyRng, {
    own_category_rate: config.own_category_rate,
    accounts: config.account_lookups || desk,
    multi_issue: config.multi_issue_rate > 0,
    escalation: desk,
  });
  // The desk's lookup budget depends on the inbox, so the policy's text is rendered once it is known (below).
  let policy: TriagePolicy = drawn;

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
  const deskAccounts: DeskAccount[] = [];
  // Earlier tickets get ids below the inbox's, as an older ticket would.
  const takenIds = { below: idNumber + 1, ids: new Set<string>() };
  const built: ScenarioTicket[] = [];
  // The feature each desk ticket names, so a colleague's report of the same problem names the same one.
  const featureOf = new Map<string, string>();
  // End-of-shift escalation: a fixed number of accounts filing several tickets each (their own stream, so the
  // desk without escalation is unchanged). The first ticket opens an account; later ones open the accounts still
  // missing just often enough to reach the target, and otherwise come from an account already in the inbox.
  const impactRng = rng.fork('impact');
  const accountTarget = desk && config.max_accounts > 0 ? impactRng.int(Math.min(config.min_accounts, config.max_accounts) || 1, config.max_accounts) : null;
  const accountFor = (a: Rng, index: number): DeskAccount | null => {
    const missing = accountTarget! - deskAccounts.length;
    if (deskAccounts.length === 0 || (missing > 0 && a.chance(missing / (count - index)))) return null;
    return a.pick(deskAccounts);
  };
  const tickets: ScenarioTicket[] = situations.map((situation, index) => {
    const t = rng.fork(`ticket-${index}`);
    // Every draw of the escalation desk comes from its own stream, so the lower levels' inboxes are unchanged.
    const e = t.fork('escalation');
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

    // At the desk, decided first: whether the ticket comes from an account already in the inbox, and whether it is a
    // colleague's report of the same problem as that account's earlier ticket here (then it names that ticket).
    const joinable = desk ? deskAccounts.filter((a) => a.tickets < 3) : [];
    const sharedWith = accountTarget !== null ? accountFor(t.fork('account'), index) : joinable.length > 0 && e.chance(config.shared_account_rate) ? e.pick(joinable) : null;
    const earlierInInbox = sharedWith ? built.filter((b) => b.ticket.account_id === sharedWith.account_id) : [];
    const twin = earlierInInbox.length > 0 && e.chance(config.colleague_report_rate) ? e.pick(earlierInInbox) : null;
    const twinSituation = twin ? SITUATIONS.find((x) => x.id === twin.truth.deciding)! : null;

    // Problems: the main one, and maybe a second whose category differs under this policy.
    const issues: Issue[] = [issueOf(twinSituation ?? situation)];
    if (!twin && policy.precedence && t.chance(config.multi_issue_rate)) {
      const code = categoryOf(policy, situation.concept).code;
      const second = t.pick(SITUATIONS.filter((s) => categoryOf(policy, s.concept).code !== code));
      issues.push(issueOf(second));
      if (t.chance(0.5)) issues.reverse();
    }
    const deciding = policy.precedence
      ? issues.reduce((best, i) => (policy.precedence!.indexOf(categoryOf(policy, i.situation.concept).code) < policy.precedence!.indexOf(categoryOf(policy, best.situation.concept).code) ? i : best))
      : issues[0]!;

    const rest = (1 - config.pro_tier_share) / 2;
    const drawnTier: Tier = t.weighted(TIERS, [rest, config.pro_tier_share, rest]);
    // At the desk some tickets come from an account that already has one in the inbox (its record serves both).
    const tier: Tier = sharedWith ? sharedWith.plan : drawnTier;
    const drawnArea = areaFor(t, issues.find((i) => i.situation.id === 'sync-failing')?.situation ?? deciding.situation);
    const area = twin ? twin.ticket.product_area : drawnArea;
    let deadline: number | null = t.chance(config.deadline_rate) ? t.pick(DEADLINE_HOURS) : null;
    const evolution: Evolution =
      !twin && issues.length === 1 && t.chance(config.thread_rate) ? drawEvolution(t, situation, deadline, SITUATIONS, allowed, policy) : { kind: 'none' };
    if (evolution.kind === 'retract') used.push(`sit-${evolution.decoy.situation.id}/${evolution.decoy.frame.id}`);
    if (evolution.kind === 'deadline-dropped') deadline = null;
    if (evolution.kind === 'deadline-added' && deadline === null) deadline = t.pick(DEADLINE_HOURS);
    // issues[0] is the drawn situation except for a colleague's report of the same problem (its twin's situation).
    const impact = deciding === issues[0] && issues.length === 1 ? finalImpact(issues[0]!.situation, evolution) : deciding.situation.impact;
    const serious = deciding.situation.concept === 'outage' || impact === 'blocked';
    const tone = drawTone(t, impact, serious, config.misleading_tone_rate);

    // The account record, at levels where plans and history live behind lookup_account.
    const drawnCustomer = customers[index % customers.length]!;
    const drawnAccountId = `ACC-${(accountNumber += inboxRng.int(7, 900))}`;
    const customer = sharedWith ? CUSTOMERS.find((c) => c.name === sharedWith.customer)! : drawnCustomer;
    const account_id = sharedWith ? sharedWith.account_id : drawnAccountId;
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

    // The escalation desk: the record (shared or new), the feature named, an earlier ticket named, local deadlines.
    const deskAccount = !desk ? null : sharedWith ?? drawDeskAccount(e, { account_id, customer: customer.name, plan: tier }, policy);
    if (deskAccount && sharedWith) sharedWith.tickets += 1;
    if (deskAccount && !sharedWith) deskAccounts.push(deskAccount);
    const namesFeature = issues.some((i) => FEATURE_SITUATIONS.has(i.situation.id)) || (evolution.kind === 'retract' && FEATURE_SITUATIONS.has(evolution.decoy.situation.id));
    const feature = deskAccount && namesFeature ? (twin ? featureOf.get(twin.ticket.id) : undefined) ?? pickFeature(e, area, policy, config.add_on_rate) : undefined;
    const namesAddOn = Boolean(feature && FEATURE_SITUATIONS.has(deciding.situation.id) && policy.escalation!.add_ons.includes(feature));
    const licensing = Boolean(deskAccount && namesAddOn && !deskAccount.add_ons.includes(feature!));

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
    if (feature) featureOf.set(`TCK-${idNumber}`, feature);
    const receivedMs = dayMs + minute * 60_000;
    let finalDeadline = deadline;
    let named: NamedTicket | null = null;
    let quotedRef: string | undefined;
    const references: Array<{ same: boolean; ref: string }> = [];
    const localDeadlines: { first?: LocalDeadline; final?: LocalDeadline } = {};
    if (deskAccount) {
      const own = ownCategory(policy, deciding.situation.concept, licensing);
      if (twin) {
        // A colleague's ticket earlier in this inbox, named as the same problem: it is open, so this one joins it.
        const earlier = twin;
        named = { same: true, in_inbox: true, entry: null, repeat: false, joins: earlier.label };
        references.push({ same: true, ref: earlier.ticket.id });
      } else if (issues.length === 1 && evolution.kind !== 'retract' && e.chance(config.reference_rate)) {
        named = drawNamedTicket(e, e.chance(0.6), own, receivedMs, deskAccount, policy, takenIds);
        deskAccount.history.push(named.entry!);
        references.push({ same: named.same, ref: named.entry!.ticket_id });
      }
      for (let k = e.int(0, 2); k > 0; k--) deskAccount.history.push(drawBackgroundTicket(e, receivedMs, deskAccount, policy, takenIds));
      // A quoted support reply may mention an earlier ticket; quoted lines are not the customer naming it.
      if (style.quoted_reply && named === null && deskAccount.history.length > 0 && e.chance(0.5)) quotedRef = e.pick(deskAccount.history).ticket_id;
      // A deadline the customer writes in the first message (and that still stands) may be a local clock time.
      const firstStands = evolution.kind === 'none' || evolution.kind === 'ease' || evolution.kind === 'worsen';
      const firstHours = evolution.kind === 'deadline-moved' || evolution.kind === 'deadline-dropped' ? evolution.first_hours : firstStands ? deadline : null;
      if (firstHours !== null && firstHours <= 144 && e.chance(config.local_deadline_rate)) {
        const local = toLocalDeadline(receivedMs, firstHours, deskAccount.offset);
        localDeadlines.first = local.deadline;
        if (firstStands) finalDeadline = local.hours;
      }
      if (evolution.kind === 'retract' && deadline !== null && deadline <= 144 && e.chance(config.local_deadline_rate)) {
        const local = toLocalDeadline(receivedMs, deadline, deskAccount.offset);
        localDeadlines.final = local.deadline;
        finalDeadline = local.hours;
      }
    }
    const sender = senders[index]!;
    const email = `${sender.first.toLowerCase()}.${sender.last.toLowerCase().replace(/[^a-z]/g, '')}@${customer.domain}`;
    const written = writeTicket(t, {
      feature,
      references,
      local_deadlines: localDeadlines,
      quoted_ref: quotedRef,
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

    if (config.account_lookups && !desk) {
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
    const facts: TicketFacts = deskAccount
      ? {
          concept: deciding.situation.concept,
          impact,
          tier,
          product_area: area,
          deadline_hours: finalDeadline,
          priority_support: false,
          repeat: named?.repeat ?? false,
          key_account: deskAccount.key_account,
          licensing,
          joins: named?.joins ?? null,
        }
      : {
          concept: deciding.situation.concept,
          impact,
          tier,
          product_area: area,
          deadline_hours: deadline,
          priority_support,
          repeat,
          key_account,
        };
    const finalLocal = evolution.kind === 'retract' ? localDeadlines.final : evolution.kind === 'none' || evolution.kind === 'ease' || evolution.kind === 'worsen' ? localDeadlines.first : undefined;
    const record_triggers = deskAccount
      ? recordTriggers({ facts, names_add_on: namesAddOn, names_same_ticket: Boolean(named?.same && !named.in_inbox), local_deadline: finalLocal ?? null, received_ms: receivedMs }, policy)
      : undefined;
    const result: ScenarioTicket = {
      ticket: {
        id: `TCK-${idNumber}`,
        sender_name: `${sender.first} ${sender.last}`,
        sender_email: email,
        customer: customer.name,
        account_id,
        tier: config.account_lookups && !desk ? null : tier,
        product_area: area,
        product_area_name: AREA_NAMES[area],
        subject: written.subject,
        body: written.body,
        received_at: `${received_date} ${clock(minute)} UTC`,
      },
      truth: { ...facts, tone, situations: issues.map((i) => i.situation.id), deciding: deciding.situation.id, evolution: evolution.kind, ...(record_triggers ? { record_triggers } : {}) },
      families: [...new Set(used)].sort(),
      label: deriveLabel(facts, policy),
    };
    built.push(result);
    return result;
  });

  const escalation = desk && config.escalation_slots > 0 ? drawEscalation(impactRng, tickets, config) : null;
  const shown = escalation ? tickets.map((t) => ({ ...t, ticket: { ...t.ticket, reported_users: escalation.reported[t.ticket.id]! } })) : tickets;
  let lookup_budget: number | null = null;
  if (desk) {
    // The budget is what a careful reader needs: one lookup per account with a ticket its record can change.
    const needed = new Set(tickets.filter((t) => (t.truth.record_triggers ?? []).length > 0).map((t) => t.ticket.account_id));
    lookup_budget = config.lookup_slack === null ? null : needed.size + config.lookup_slack;
    policy = { ...policy, escalation: { ...policy.escalation!, lookup_budget } };
    accounts.push(...deskAccounts.map(deskRecord));
  }
  return {
    vendor: vendor.name,
    policy,
    policy_text: renderPolicy(policy, vendor.name) + (escalation ? `\n\n${renderEscalationSection(escalation.truth)}` : ''),
    tickets: shown,
    ...(escalation ? { escalation: escalation.truth } : {}),
    accounts,
    lookup_budget,
    score_at_submit: config.score_at_submit,
    ticket_credit: config.ticket_credit,
    families: [...new Set(tickets.flatMap((t) => t.families))].sort(),
    max_relabels: config.max_relabels,
  };
}
