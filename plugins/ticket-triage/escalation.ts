// The escalation desk (top level): shared account records, add-on features, named earlier tickets, and which records can change a label.
import type { Rng } from 'openenv-ts';
import { allOffsets, localDeadlineHours, localStamp, TIME_ZONE_OFFSETS, formatOffset, type LocalDeadline } from './local-time.js';
import { categoryOf, deriveLabel, type TicketFacts, type TriageLabel, type TriagePolicy } from './triage-policy.js';
import type { Situation } from './situations.js';
import { PRIORITIES, type ProductArea, type Tier } from './taxonomy.js';
import { AREA_DETAILS } from './ticket-templates.js';
import type { AccountRecord, EarlierTicket } from './types.js';

const HOUR_MS = 3_600_000;

/** Situations whose text names one feature ({feature}): a fault in that feature, so the add-on rule can apply. */
export const FEATURE_SITUATIONS: ReadonlySet<string> = new Set(['feature-broken', 'feature-flaky', 'sync-failing', 'cosmetic']);

/** An account of the escalation desk while its inbox is being built; several tickets may share one. */
export interface DeskAccount {
  readonly account_id: string;
  readonly customer: string;
  readonly plan: Tier;
  readonly key_account: boolean;
  readonly offset: number;
  readonly add_ons: readonly string[];
  /** Earlier tickets, with their instant for sorting. */
  readonly history: Array<EarlierTicket & { readonly at_ms: number }>;
  tickets: number;
}

/** A fresh account: plan from the ticket's draw, a flag, a zone and the add-ons it bought. */
export function drawDeskAccount(e: Rng, base: { account_id: string; customer: string; plan: Tier }, policy: TriagePolicy): DeskAccount {
  const add_ons = policy.escalation!.add_ons.filter(() => e.chance(0.4));
  return { ...base, key_account: e.chance(0.5), offset: e.pick(TIME_ZONE_OFFSETS), add_ons, history: [], tickets: 1 };
}

/** The feature a ticket's problems name: the area's add-on with the given chance, otherwise another feature of the area. */
export function pickFeature(e: Rng, area: ProductArea, policy: TriagePolicy, addOnRate: number): string {
  const features = AREA_DETAILS[area].features;
  const addOn = features.find((f) => policy.escalation!.add_ons.includes(f));
  const others = features.filter((f) => f !== addOn);
  return addOn && e.chance(addOnRate) ? addOn : e.pick(others);
}

/** What the customer says about an earlier ticket, and that ticket as the record shows it. */
export interface NamedTicket {
  readonly same: boolean;
  /** The named ticket is an earlier one of this inbox (open by definition; no record needed). */
  readonly in_inbox?: boolean;
  readonly entry: (EarlierTicket & { readonly at_ms: number }) | null;
  /** The facts it adds to this ticket: a repeat (one level higher) or joining the open ticket. */
  readonly repeat: boolean;
  readonly joins: TriageLabel | null;
}

/**
 * An earlier ticket the customer names. "Same problem": open (the ticket joins it) or closed, in this ticket's
 * category or not, inside the repeat window or just outside it (often within hours of its edge, so reading dates
 * instead of times gets it wrong). "Another matter": a ticket of another category that changes nothing.
 */
export function drawNamedTicket(e: Rng, same: boolean, ownCategory: string, receivedMs: number, account: DeskAccount, policy: TriagePolicy, takenIds: IdPool): NamedTicket {
  const codes = policy.categories.map((c) => c.code);
  const otherCodes = codes.filter((c) => c !== ownCategory);
  const windowHours = policy.accounts!.repeat_window_days * 24;
  const ticket_id = freshId(e, takenIds);
  const teams = [...new Set(Object.values(policy.teams))];
  const entryAt = (hoursBefore: number) => receivedMs - hoursBefore * HOUR_MS;
  const make = (at_ms: number, category: string, status: 'open' | 'closed', team: string, priority: (typeof PRIORITIES)[number]) => ({
    date: localStamp(at_ms, account.offset).slice(0, 10),
    ticket_id,
    category,
    received: localStamp(at_ms, account.offset),
    status,
    team,
    priority,
    at_ms,
  });
  if (!same) {
    const at = entryAt(e.int(24, windowHours + 400));
    const entry = make(at, e.pick(otherCodes), e.chance(0.3) ? 'open' : 'closed', e.pick(teams), e.pick(PRIORITIES));
    return { same, entry, repeat: false, joins: null };
  }
  if (e.chance(0.4)) {
    const category = e.chance(0.5) ? ownCategory : e.pick(otherCodes);
    const entry = make(entryAt(e.int(3, windowHours + 200)), category, 'open', e.pick(teams), e.pick(PRIORITIES));
    return { same, entry, repeat: false, joins: { category: entry.category, team: entry.team, priority: entry.priority } };
  }
  const category = e.chance(0.75) ? ownCategory : e.pick(otherCodes);
  const inside = e.chance(0.5);
  const nearEdge = e.chance(0.65);
  const hoursBefore = inside
    ? nearEdge ? windowHours - e.int(1, 20) : e.int(24, windowHours - 24)
    : nearEdge ? windowHours + e.int(1, 20) : windowHours + e.int(24, 300);
  const entry = make(entryAt(hoursBefore), category, 'closed', e.pick(teams), e.pick(PRIORITIES));
  return { same, entry, repeat: inside && category === ownCategory, joins: null };
}

/** An earlier ticket nobody names: background in the record (it changes nothing at this desk). */
export function drawBackgroundTicket(e: Rng, receivedMs: number, account: DeskAccount, policy: TriagePolicy, takenIds: IdPool): EarlierTicket & { at_ms: number } {
  const at_ms = receivedMs - e.int(20, policy.accounts!.repeat_window_days * 24 + 500) * HOUR_MS;
  return {
    date: localStamp(at_ms, account.offset).slice(0, 10),
    ticket_id: freshId(e, takenIds),
    category: e.pick(policy.categories).code,
    received: localStamp(at_ms, account.offset),
    status: e.chance(0.25) ? 'open' : 'closed',
    team: e.pick([...new Set(Object.values(policy.teams))]),
    priority: e.pick(PRIORITIES),
    at_ms,
  };
}

/** Ids already given to earlier tickets of this inbox, all below the inbox's own ids. */
export interface IdPool {
  readonly below: number;
  readonly ids: Set<string>;
}

function freshId(e: Rng, pool: IdPool): string {
  for (;;) {
    const id = `TCK-${e.int(Math.max(100, pool.below - 4000), pool.below - 1)}`;
    if (!pool.ids.has(id)) {
      pool.ids.add(id);
      return id;
    }
  }
}

/** The record lookup_account shows for a desk account: newest earlier ticket first. */
export function deskRecord(account: DeskAccount): AccountRecord {
  return {
    account_id: account.account_id,
    customer: account.customer,
    plan: account.plan,
    support: 'standard',
    flags: account.key_account ? ['key_account'] : [],
    time_zone: formatOffset(account.offset),
    add_ons: [...account.add_ons],
    recent_tickets: [...account.history]
      .sort((a, b) => b.at_ms - a.at_ms)
      .map(({ at_ms: _at, ...entry }) => entry),
  };
}

/** What the agent can read off a ticket without its record, and what the record would add. */
export interface Observable {
  /** Facts as the text and header give them; record-held ones at a neutral value. */
  readonly facts: TicketFacts;
  /** The deciding problem names an add-on. */
  readonly names_add_on: boolean;
  /** The customer names an earlier ticket as the same problem. */
  readonly names_same_ticket: boolean;
  /** The final deadline as a local clock time, if it is one. */
  readonly local_deadline: LocalDeadline | null;
  readonly received_ms: number;
}

/**
 * Why a ticket's record can change its label (empty: it cannot). A named "same problem" ticket always can (open or
 * closed, category, time); otherwise every combination of the record's flag, add-ons and every zone of the
 * announced range is tried. This is what a careful reader can work out before spending a lookup.
 */
export function recordTriggers(observable: Observable, policy: TriagePolicy): string[] {
  const triggers: string[] = [];
  if (observable.names_same_ticket) triggers.push('named-ticket');
  const base = observable.facts;
  const labels = (variants: TicketFacts[]) => new Set(variants.map((f) => JSON.stringify(deriveLabel(f, policy))));
  const neutral = { ...base, key_account: false, licensing: false, repeat: false, joins: null };
  const hoursOptions = observable.local_deadline
    ? [...new Set(allOffsets().map((o) => localDeadlineHours(observable.local_deadline!, observable.received_ms, o)))]
    : [base.deadline_hours];
  if (labels([neutral, { ...neutral, key_account: true }]).size > 1) triggers.push('key-account');
  if (observable.names_add_on && labels([neutral, { ...neutral, licensing: true }, { ...neutral, licensing: true, key_account: true }]).size > 1) triggers.push('add-on');
  if (observable.local_deadline && labels(hoursOptions.map((h) => ({ ...neutral, deadline_hours: h }))).size > 1) triggers.push('time-zone');
  return triggers;
}

/** The category a ticket files under at the desk before a record is read (licensing aside). */
export function ownCategory(policy: TriagePolicy, concept: Situation['concept'], licensing: boolean): string {
  return categoryOf(policy, licensing ? 'billing' : concept).code;
}
