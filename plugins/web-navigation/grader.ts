// Grades the application state: credit per required field or sub-goal, minus penalties for destructive side effects.
import type { Grade } from 'openenv-ts';
import { choiceCredit } from './shop-desk.js';
import type { Requirement, WebScenario, WebState } from './types.js';

/** Each destroyed record (a deleted account, a cleared cart) costs this much. */
export const DESTROY_PENALTY = 0.3;
/** Each item ordered that the goal did not ask for costs this much (submitting wrong data). */
export const UNWANTED_ITEM_PENALTY = 0.15;

/** Values compare without case, surrounding space or repeated inner spaces. */
export function sameValue(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
  return norm(a) === norm(b);
}

/** An answer matches when it contains the expected value as a whole word sequence (a sentence around it is fine). */
export function answerMatches(answer: string, expected: string): boolean {
  const norm = (s: string) => ` ${s.toLowerCase().replace(/[^a-z0-9.$-]+/g, ' ').replace(/\.(?=\s|$)/g, ' ').trim()} `;
  const words = norm(answer);
  // An answer listing many candidates would win by enumeration, so a long answer earns nothing.
  if (answer.length > 80) return false;
  return words.includes(norm(expected));
}

/**
 * A form submitted with a field the goal did not mention changed is wrong data: none of its fields earn credit.
 * (A policy that blindly fills, ticks and picks everything cannot win that way.)
 */
function spoiledForms(scenario: WebScenario, state: WebState): Map<string, string[]> {
  const spoiled = new Map<string, string[]>();
  for (const u of scenario.untouched) {
    const record = state.committed[u.form];
    if (record === undefined || sameValue(record[u.key] ?? '', u.initial)) continue;
    spoiled.set(u.form, [...(spoiled.get(u.form) ?? []), u.label]);
  }
  return spoiled;
}

/** A desk's bookings by traveller: the first booking made for each name (later ones are extra). */
function firstBookings(scenario: WebScenario, state: WebState): Map<string, WebState['bookings'][number]> {
  const first = new Map<string, WebState['bookings'][number]>();
  const key = scenario.travellerKey;
  if (key === undefined) return first;
  for (const booking of state.bookings) {
    const name = (booking.values[key] ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
    if (!first.has(name)) first.set(name, booking);
  }
  return first;
}

/** Bookings that are not the first for one of the goal's travellers: each is wrong data (a booking nobody asked for). */
function extraBookings(scenario: WebScenario, state: WebState): number {
  const travellers = new Set(scenario.requirements.flatMap((r) => (r.kind === 'booked-item' || r.kind === 'booked-best' ? [r.traveller.toLowerCase()] : [])));
  let wanted = 0;
  for (const name of firstBookings(scenario, state).keys()) if (travellers.has(name)) wanted++;
  return state.bookings.length - wanted;
}

/** The share of a requirement met, from 0 to 1 (only a shopping choice earns a part). */
function met(requirement: Requirement, state: WebState, spoiled: ReadonlyMap<string, string[]>, bookings: ReadonlyMap<string, WebState['bookings'][number]>): number {
  return requirement.kind === 'booked-best' ? shoppingCredit(requirement, state, bookings) : Number(metFully(requirement, state, spoiled, bookings));
}

/**
 * A booked option earns its steep price credit; the right Employee no. on the booking keeps the last fifth of it.
 * Nothing counts before the request closes (its last booking), so no reward tells whether an early booking was right.
 */
function shoppingCredit(requirement: Extract<Requirement, { kind: 'booked-best' }>, state: WebState, bookings: ReadonlyMap<string, WebState['bookings'][number]>): number {
  if (!state.finished) return 0;
  const booking = bookings.get(requirement.traveller.toLowerCase());
  const chosen = booking === undefined ? undefined : requirement.totals[booking.item];
  if (booking === undefined || chosen === undefined) return 0;
  const price = choiceCredit(chosen, requirement.totals[requirement.item]!);
  return price * (0.8 + 0.2 * Number(sameValue(booking.values[requirement.key] ?? '', requirement.expected)));
}

function metFully(requirement: Exclude<Requirement, { kind: 'booked-best' }>, state: WebState, spoiled: ReadonlyMap<string, string[]>, bookings: ReadonlyMap<string, WebState['bookings'][number]>): boolean {
  switch (requirement.kind) {
    case 'booked-item':
      return bookings.get(requirement.traveller.toLowerCase())?.item === requirement.item;
    case 'booked-field': {
      const booking = bookings.get(requirement.traveller.toLowerCase());
      return booking !== undefined && sameValue(booking.values[requirement.key] ?? '', requirement.expected);
    }
    case 'field': {
      const record = state.committed[requirement.form];
      return record !== undefined && !spoiled.has(requirement.form) && sameValue(record[requirement.key] ?? '', requirement.expected);
    }
    case 'completed':
      return state.committed[requirement.form] !== undefined;
    case 'ordered':
      return state.ordered.includes(requirement.item);
    case 'answer':
      return state.answer !== null && answerMatches(state.answer, requirement.expected);
  }
}

/** Requirements weigh 1 unless they say otherwise (a desk's chosen row weighs more than one form field). */
function weightOf(requirement: Requirement): number {
  return 'weight' in requirement && requirement.weight !== undefined ? requirement.weight : 1;
}

export function gradeWeb(scenario: WebScenario, state: WebState): Grade {
  const spoiled = spoiledForms(scenario, state);
  const bookings = firstBookings(scenario, state);
  const checks = scenario.requirements.map((r) => {
    const credit = Number(met(r, state, spoiled, bookings).toFixed(4));
    // Pass/fail requirements report met; a shopping choice also reports its part credit.
    return { label: r.label, met: credit === 1, weight: weightOf(r), ...(r.kind === 'booked-best' ? { credit } : {}) };
  });
  const weights = checks.reduce((sum, c) => sum + c.weight, 0);
  const earned = checks.reduce((sum, c) => sum + (('credit' in c ? c.credit : undefined) ?? Number(c.met)) * c.weight, 0) / Math.max(1, weights);
  const extra = extraBookings(scenario, state);
  const unwanted = state.ordered.filter((item) => scenario.unwantedItems.includes(item) || !scenario.requirements.some((r) => r.kind === 'ordered' && r.item === item));
  const penalty = state.destroyed.length * DESTROY_PENALTY + (unwanted.length + extra) * UNWANTED_ITEM_PENALTY;
  const score = Math.max(0, Math.min(1, earned - penalty));
  return {
    score,
    breakdown: {
      requirements: checks,
      earned: Number(earned.toFixed(4)),
      destroyed: [...state.destroyed],
      unwanted_items_ordered: unwanted,
      extra_bookings: extra,
      forms_with_unasked_changes: Object.fromEntries(spoiled),
      penalty: Number(penalty.toFixed(4)),
      finished: state.finished,
    },
    explanation: `${checks.filter((c) => c.met).length} of ${checks.length} requirements met` + (penalty > 0 ? `, penalty ${penalty.toFixed(2)} for side effects` : ''),
  };
}
