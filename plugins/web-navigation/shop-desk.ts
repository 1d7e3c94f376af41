// The comparison-shopping desk (top level): three requests, many options, vendors' hidden charges, one action budget.
import type { Rng } from 'openenv-ts';
import { button } from './app-kit.js';
import type { AppDraft } from './app-draft.js';
import { addDays } from './calendar.js';
import type { WebConfig } from './config.js';
import { DESK_THEMES, type DeskTheme } from './desk-themes.js';
import { chargeLines, CONDITIONS, money, totalCents, type ChargeRule, type ChargeWords, type ShopOption, type Vendor } from './shop-pricing.js';
import { clockTime, qualifies, requestText, shortDate, weekdayOf, type ShopRequest } from './shop-requests.js';
import { headlinePlay, onePerVendorPlay, playCost, skilledPlay, topThreePlay, type Probe } from './shop-strategy.js';
import { distinct, FIRST_NAMES, LAST_NAMES, WORDS_B } from './vocabulary.js';
import type { FieldBlock, ListRow, PopupSpec } from './types.js';

export const DEPARTMENTS = ['Sales', 'Legal', 'Finance', 'Research', 'Support'] as const;

/** The action budget the goal states (the task's step limit). */
export const SHOP_BUDGET = 60;
/** Spare actions the skilled plan keeps under the budget. */
const SHOP_MARGIN = 4;
const VENDORS = 6;
const DAYS = 7;
/** The runner-up of every request costs at least this much more than the best (so "the cheapest" is one option). */
export const RUNNER_UP_GAP = 0.01;

export interface Colleague {
  readonly name: string;
  readonly dept: string;
  readonly emp: string;
}

/** What a shop scenario was built from (for tests; the agent never sees it, the reference solver does not read it). */
export interface ShopFacts {
  readonly options: readonly ShopOption[];
  readonly vendors: readonly Vendor[];
  readonly requests: readonly ShopRequest[];
  readonly people: readonly Colleague[];
  /** The best option per request, and every qualifying option's checkout total in cents. */
  readonly optima: readonly string[];
  readonly totals: readonly Readonly<Record<string, number>>[];
  readonly pageSize: number;
}

/**
 * Credit for booking an option whose total is `chosen` cents when the best qualifying one costs `best`: full only for
 * the best, a third for 1% more, a fifth for 2%, nothing from 6% on (so a plausible near miss earns little).
 */
export function choiceCredit(chosen: number, best: number): number {
  const excess = chosen / best - 1;
  if (excess <= 0) return 1;
  return 0.5 * Math.max(0, 1 - excess / 0.06) ** 2;
}

export const wordsOf = (theme: DeskTheme): ChargeWords => ({ fee: theme.fee, tagYes: theme.tagYes });

function makeVendors(theme: DeskTheme, rng: Rng, center: number): { vendors: Vendor[]; level: Map<string, number> } {
  const names = distinct(VENDORS, () => `${rng.pick(WORDS_B)} ${theme.site[0]!.toUpperCase()}${theme.site.slice(1)}`);
  const flat = (low: number, high: number) => Math.max(2, Math.round(center * rng.float(low, high)));
  // The share of a typical price a vendor's charges add: vendors that charge more list lower (as fee-heavy sellers do).
  const shares: number[] = [];
  const vendors = names.map((name) => {
    const rules: ChargeRule[] = [];
    let share = 0;
    if (rng.chance(0.85)) {
      const rule: ChargeRule = rng.chance(0.5) ? { when: 'always', kind: 'percent', value: rng.int(5, 18), sign: 1 } : { when: 'always', kind: 'flat', value: flat(0.05, 0.18), sign: 1 };
      rules.push(rule);
      share += rule.kind === 'percent' ? rule.value / 100 : rule.value / center;
    }
    for (const when of rng.sample(CONDITIONS, rng.weighted([1, 2], [1, 1]))) {
      const sign = rng.chance(0.6) ? 1 : -1;
      const rule: ChargeRule = sign > 0 && rng.chance(0.5) ? { when, kind: 'flat', value: flat(0.08, 0.22), sign } : { when, kind: 'percent', value: rng.int(8, sign > 0 ? 22 : 20), sign };
      rules.push(rule);
      share += 0.4 * sign * (rule.kind === 'percent' ? rule.value / 100 : rule.value / center);
    }
    shares.push(share);
    return { name, rules };
  });
  const mean = shares.reduce((a, b) => a + b, 0) / shares.length;
  const level = new Map(vendors.map((v, i) => [v.name, 1 + 0.9 * (mean - shares[i]!) + rng.float(-0.05, 0.05)]));
  return { vendors, level };
}

function makeOptions(theme: DeskTheme, rng: Rng, count: number, vendors: readonly Vendor[], level: ReadonlyMap<string, number>, firstDate: string, center: number): ShopOption[] {
  const names = distinct(count, () => `${rng.pick(theme.prefixes)} ${rng.int(100, 989)}`);
  const dates = Array.from({ length: DAYS }, (_, i) => addDays(firstDate, i));
  const order = rng.shuffle(Array.from({ length: count }, (_, i) => vendors[i % vendors.length]!.name));
  return names.map((name, i) => {
    const date = rng.pick(dates);
    const vendor = order[i]!;
    return { id: `r${i + 1}`, name, vendor, date, weekday: weekdayOf(date), start: rng.int(5 * 12, 21 * 12) * 5, tag: rng.chance(0.5), price: Math.max(5, Math.round(center * level.get(vendor)! * rng.float(0.8, 1.22))) };
  });
}

function makeRequest(rng: Rng, person: Colleague, dates: readonly string[]): ShopRequest {
  const span = rng.weighted([2, 3, 4], [2, 2, 1]);
  const from = rng.int(0, dates.length - span);
  const kind = rng.weighted(['after', 'before', 'between', 'none'] as const, [3, 3, 2, 1]);
  const half = () => rng.pick([0, 30]);
  let after: number | null = null;
  let before: number | null = null;
  if (kind === 'after') after = rng.int(7, 13) * 60 + half();
  if (kind === 'before') before = rng.int(12, 19) * 60 + half();
  if (kind === 'between') {
    after = rng.int(6, 11) * 60 + half();
    before = after + rng.int(5, 9) * 60;
  }
  return { name: person.name, dept: person.dept, dates: dates.slice(from, from + span), after, before, tag: rng.chance(0.5) };
}

interface ShopPlan {
  options: ShopOption[];
  vendors: Vendor[];
  requests: ShopRequest[];
  people: Colleague[];
  optima: string[];
  totals: Record<string, number>[];
}

/** Row credit a list of choices earns (one per request), as the grader gives it. */
function creditOf(choices: readonly string[], totals: readonly Record<string, number>[], optima: readonly string[]): number {
  return choices.reduce((sum, id, i) => sum + (totals[i]![id] === undefined ? 0 : choiceCredit(totals[i]![id]!, totals[i]![optima[i]!]!)), 0);
}

/**
 * Draws vendors, options, people and requests until: every request has one clearly cheapest qualifying option; the
 * skilled plan finds all three within the budget less a margin; and the naive plans (cheapest listed price; the
 * three cheapest listed opened) and the shallow one (one probe per vendor) each miss.
 */
function plan(theme: DeskTheme, rng: Rng, count: number, pageSize: number, today: string): ShopPlan {
  const words = wordsOf(theme);
  for (let attempt = 0; ; attempt++) {
    if (attempt > 20000) throw new Error('shopping desk: no valid plan found');
    const center = Math.round(theme.price[0] + (theme.price[1] - theme.price[0]) * rng.float(0.25, 0.6));
    const firstDate = addDays(today, rng.int(10, 40));
    const { vendors, level } = makeVendors(theme, rng, center);
    const options = makeOptions(theme, rng, count, vendors, level, firstDate, center);
    const names = distinct(11, () => `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`);
    const emps = distinct(12, () => `E-${rng.int(1000, 9999)}`);
    const people: Colleague[] = names.map((name, i) => ({ name, dept: rng.pick(DEPARTMENTS), emp: emps[i]! }));
    const travellers = rng.sample(people, 3);
    const twin = rng.pick(travellers);
    // A namesake in another department: the request names the department, so the directory needs reading with care.
    const namesake: Colleague = { name: twin.name, dept: rng.pick(DEPARTMENTS.filter((d) => d !== twin.dept)), emp: emps[11]! };
    const dates = Array.from({ length: DAYS }, (_, i) => addDays(firstDate, i));
    // Each request leaves 6 to 14 qualifying options from at least three vendors (redrawn a few times if not).
    const fits = (r: ShopRequest) => {
      const f = options.filter((o) => qualifies(o, r));
      return f.length >= 6 && f.length <= 14 && new Set(f.map((o) => o.vendor)).size >= 3;
    };
    const drawn = travellers.map((t) => {
      for (let i = 0; i < 30; i++) {
        const request = makeRequest(rng, t, dates);
        if (fits(request)) return request;
      }
      return null;
    });
    if (drawn.some((r) => r === null)) continue;
    const requests = drawn as ShopRequest[];
    const vendorOf = new Map(vendors.map((v) => [v.name, v]));
    const fit = requests.map((r) => options.filter((o) => qualifies(o, r)));
    const totals = fit.map((f) => Object.fromEntries(f.map((o) => [o.id, totalCents(o, vendorOf.get(o.vendor)!)])));
    const ranked = totals.map((t) => Object.entries(t).sort((a, b) => a[1] - b[1]));
    if (ranked.some((r) => r[1]![1] < r[0]![1] * (1 + RUNNER_UP_GAP))) continue;
    const optima = ranked.map((r) => r[0]![0]);
    const probe: Probe = (id) => {
      const option = options.find((o) => o.id === id)!;
      return chargeLines(option, vendorOf.get(option.vendor)!, words);
    };
    const pageOf = (id: string) => Math.floor(options.findIndex((o) => o.id === id) / pageSize);
    const pages = Math.ceil(options.length / pageSize);
    const skilled = skilledPlay(options, requests, words, probe, pageOf, pages - 1);
    if (skilled.choices.some((id, i) => id !== optima[i])) continue;
    if (playCost(skilled.probes, skilled.choices, pageOf, pages) > SHOP_BUDGET - SHOP_MARGIN) continue;
    if (creditOf(headlinePlay(options, requests), totals, optima) > 1) continue;
    if (creditOf(topThreePlay(options, requests, probe).choices, totals, optima) > 1) continue;
    if (creditOf(onePerVendorPlay(options, requests, words, probe), totals, optima) > 2.01) continue;
    return { options, vendors, requests, people: rng.shuffle([...people, namesake]), optima, totals };
  }
}

function shopPopup(draft: AppDraft): PopupSpec {
  return {
    title: 'Unsent requests',
    text: 'Two booking requests from your last session were not sent. They are kept in your drafts.',
    page: draft.start,
    buttons: [button(draft.bids, 'Discard drafts', { do: 'destroy', what: 'Saved drafts' }), button(draft.bids, 'Keep for later', { do: 'dismiss' })],
  };
}

/** What the list and the goal say about prices, in general terms (never a vendor's rule). */
export function pricingNote(theme: DeskTheme): string {
  return (
    `Listed prices exclude each vendor's own charges (${theme.fee.toLowerCase()}s, surcharges and discounts, each a fixed amount or a percentage of the list price). Every vendor prices in its own consistent way, ` +
    `which may depend on the day of the week, the time of day and the ${theme.tagLabel.toLowerCase()}; each ${theme.noun}'s own page itemises its charges and the total at checkout.`
  );
}

/** Builds the desk: home, the list, one page per option, People, the booking form and its confirmation. */
export function buildShop(family: string, rng: Rng, config: WebConfig, draft: AppDraft): void {
  const theme = DESK_THEMES[family]!;
  const bids = draft.bids;
  const words = wordsOf(theme);
  const { options, vendors, requests, people, optima, totals } = plan(theme, rng.fork('plan'), config.rows, config.page_size, draft.today);
  const vendorOf = new Map(vendors.map((v) => [v.name, v]));
  const listLink = () => ({ t: 'link' as const, bid: bids.next(), label: `All ${theme.plural}`, to: '/catalogue' });
  const homeLinks = [listLink(), { t: 'link' as const, bid: bids.next(), label: 'People', to: '/people' }];
  draft.pages['/'] = { title: theme.title, direct: true, blocks: [{ t: 'text', text: `Welcome to ${theme.title}. Bookings made here are final; the request closes after its last booking.` }, ...homeLinks] };

  const rows: ListRow[] = options.map((o) => ({ id: o.id, cells: [o.name, o.vendor, shortDate(o.date), clockTime(o.start), o.tag ? theme.tagYes : theme.tagNo, `$${o.price}`], action: { label: 'View', effect: { do: 'goto', to: `/item/${o.id}` } } }));
  draft.pages['/catalogue'] = {
    title: `All ${theme.plural}`,
    direct: true,
    blocks: [
      { t: 'text', text: `${theme.plural[0]!.toUpperCase()}${theme.plural.slice(1)} for ${theme.occasion}. ${pricingNote(theme)} "Cheapest" means the lowest total at checkout.` },
      { t: 'list', bid: bids.next(), key: 'catalogue', label: theme.title, columns: ['Name', 'Vendor', 'Date', theme.start, theme.tagLabel, 'Price'], rows, pageSize: config.page_size, sortable: true },
      { t: 'link', bid: bids.next(), label: 'Home', to: '/' },
    ],
  };

  for (const o of options) {
    const vendor = vendorOf.get(o.vendor)!;
    draft.pages[`/item/${o.id}`] = {
      title: `${o.name} · ${o.vendor}`,
      direct: false,
      blocks: [
        { t: 'text', text: `${shortDate(o.date)} · ${theme.start} ${clockTime(o.start)} · ${theme.tagLabel}: ${o.tag ? theme.tagYes : theme.tagNo}` },
        { t: 'text', text: `List price: ${money(o.price * 100)}` },
        ...chargeLines(o, vendor, words).map((line) => ({ t: 'text' as const, text: `${line.label}: ${money(line.cents)}` })),
        { t: 'text', text: `Total at checkout: ${money(totalCents(o, vendor))}` },
        button(bids, 'Book', { do: 'choose', item: o.id, next: '/book' }),
        button(bids, 'Hold for 24 hours', { do: 'nothing', message: 'Holds are not available on this desk.' }, { disabled: true }),
        listLink(),
      ],
    };
  }

  const peopleRows: ListRow[] = people.map((p, i) => ({ id: `p${i + 1}`, cells: [p.name, p.dept, p.emp] }));
  draft.pages['/people'] = { title: 'People', direct: true, blocks: [{ t: 'list', bid: bids.next(), key: 'people', label: 'People', columns: ['Name', 'Department', 'Employee no.'], rows: peopleRows, pageSize: people.length, searchable: true }, { t: 'link', bid: bids.next(), label: 'Home', to: '/' }] };

  const field = (key: string, label: string, extra: Partial<FieldBlock>): FieldBlock => ({ t: 'field', bid: bids.next(), key: `book.${key}`, label, input: 'text', ...extra });
  const traveller = field('traveller', 'Colleague', { required: true });
  const emp = field('emp', 'Employee no.', { required: true, pattern: 'E-\\d{4}', invalidMessage: 'Employee no.: use the form E-1234 (capital E, a dash, four digits).' });
  const confirm = button(bids, 'Confirm booking', { do: 'book', keys: [traveller.key, emp.key], next: '/booked' });
  draft.pages['/book'] = {
    title: 'Booking',
    direct: false,
    blocks: [{ t: 'cart', bid: bids.next(), names: Object.fromEntries(options.map((o) => [o.id, `${o.name} · ${o.vendor}`])) }, traveller, emp, ...rng.shuffle([confirm, button(bids, 'Save draft', { do: 'nothing', message: 'Draft saved; nothing was booked.' })])],
  };
  draft.pages['/booked'] = { title: 'Booking confirmed', direct: false, blocks: [{ t: 'text', text: 'The booking is confirmed and final.' }, listLink(), button(bids, 'Cancel this booking', { do: 'destroy', what: 'A confirmed booking' }), { t: 'link', bid: bids.next(), label: 'Home', to: '/' }] };

  requests.forEach((request, i) => {
    const person = people.find((p) => p.name === request.name && p.dept === request.dept)!;
    const best = options.find((o) => o.id === optima[i])!;
    draft.requirements.push({ kind: 'booked-best', traveller: person.name, item: best.id, totals: totals[i]!, key: emp.key, expected: person.emp, label: `${person.name}: ${best.name} (${money(totals[i]![best.id]!)}) with employee no. ${person.emp}` });
  });
  draft.travellerKey = traveller.key;
  draft.shop = { options, vendors, requests, people, optima, totals, pageSize: config.page_size };
  draft.site = theme.site;
  draft.start = '/';
  draft.popup = shopPopup(draft);
  draft.goal =
    `You buy for ${theme.occasion} on the company's "${theme.title}" site. Book exactly one ${theme.noun} for each of three colleagues: ` +
    `${requests.map((r, i) => requestText(r, i, theme)).join('; ')}. ` +
    `"Cheapest" means the lowest total at checkout. ${pricingNote(theme)} Only the cheapest qualifying ${theme.noun} counts as done right; a dearer one earns little. ` +
    `Enter each colleague's name and Employee no. (from People) on the booking form. Bookings are final and the request closes after the third; it is assessed only then (a request still open when the actions run out earns nothing), and you have at most ${SHOP_BUDGET} actions in all.`;
}
