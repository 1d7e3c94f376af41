// Strategies for the comparison-shopping desk, over the list and probed checkouts only: the skilled plan and naive ones.
import { CONDITIONS, holds, parseChargeLabel, type ChargeLine, type ChargeWords, type Condition, type ShopOption } from './shop-pricing.js';
import { qualifies, type ShopRequest } from './shop-requests.js';

/** Opens an option's own page and returns its itemised charges (what one probe reveals). */
export type Probe = (id: string) => readonly ChargeLine[];

/** What the probes have shown of one vendor's charge: its direction and the (price, cents) pairs seen. */
interface SeenCharge {
  readonly when: Condition;
  readonly sign: 1 | -1;
  readonly points: { price: number; cents: number }[];
}

interface VendorKnowledge {
  /** Conditions that held on some probed option (so a charge on them would have shown). */
  readonly covered: Set<Condition>;
  readonly charges: Map<string, SeenCharge>;
}

/** The readings of a charge's amounts: a whole percent of the list price, a flat whole-dollar amount, or both. */
function readings(charge: SeenCharge): { percent: number | null; flat: number | null } {
  const abs = charge.points.map((p) => Math.abs(p.cents));
  const first = charge.points[0]!;
  const percent = Math.abs(first.cents) % first.price === 0 ? Math.abs(first.cents) / first.price : null;
  const percentFits = percent !== null && charge.points.every((p) => Math.abs(p.cents) === p.price * percent);
  const flatFits = abs.every((a) => a === abs[0]) && abs[0]! % 100 === 0;
  return { percent: percentFits ? percent : null, flat: flatFits ? abs[0]! / 100 : null };
}

const ambiguous = (charge: SeenCharge) => {
  const r = readings(charge);
  return r.percent !== null && r.flat !== null;
};

export class PricingModel {
  private readonly vendors = new Map<string, VendorKnowledge>();
  readonly probed = new Map<string, readonly ChargeLine[]>();
  constructor(private readonly words: ChargeWords) {}

  private of(vendor: string): VendorKnowledge {
    let known = this.vendors.get(vendor);
    if (!known) this.vendors.set(vendor, (known = { covered: new Set(), charges: new Map() }));
    return known;
  }

  learn(option: ShopOption, lines: readonly ChargeLine[]): void {
    this.probed.set(option.id, lines);
    const known = this.of(option.vendor);
    for (const when of ['always', ...CONDITIONS] as const) if (holds(option, when)) known.covered.add(when);
    for (const line of lines) {
      const parsed = parseChargeLabel(line.label, this.words);
      if (!parsed) continue;
      const key = `${parsed.when}${parsed.sign}`;
      const charge = known.charges.get(key) ?? { ...parsed, points: [] };
      charge.points.push({ price: option.price, cents: line.cents });
      known.charges.set(key, charge);
    }
  }

  /** What still has to be learnt about a vendor to price these options: uncovered conditions and ambiguous charges. */
  gaps(vendor: string, options: readonly ShopOption[]): { conditions: Condition[]; unclear: SeenCharge[] } {
    const known = this.of(vendor);
    const mine = options.filter((o) => o.vendor === vendor);
    const conditions = (['always', ...CONDITIONS] as const).filter((when) => !known.covered.has(when) && mine.some((o) => holds(o, when)));
    // An unclear amount matters only when its condition holds on one of these options.
    return { conditions, unclear: [...known.charges.values()].filter((c) => ambiguous(c) && mine.some((o) => holds(o, c.when))) };
  }

  /** The predicted checkout total in cents: exact for a probed option, else the learnt charges applied. */
  predict(option: ShopOption): number {
    const seen = this.probed.get(option.id);
    if (seen) return option.price * 100 + seen.reduce((sum, line) => sum + line.cents, 0);
    let cents = option.price * 100;
    for (const charge of this.of(option.vendor).charges.values()) {
      if (!holds(option, charge.when)) continue;
      const r = readings(charge);
      const amount = r.percent !== null ? option.price * r.percent : (r.flat ?? 0) * 100;
      cents += charge.sign * amount;
    }
    return cents;
  }
}

/** How many of a vendor's gaps probing this option would close. */
function closes(option: ShopOption, gaps: ReturnType<PricingModel['gaps']>): number {
  const covers = gaps.conditions.filter((when) => holds(option, when)).length;
  const settles = gaps.unclear.filter((c) => holds(option, c.when) && c.points.every((p) => p.price !== option.price)).length;
  return covers + settles;
}

export interface ShopPlay {
  readonly probes: string[];
  readonly choices: string[];
  readonly model: PricingModel;
}

/**
 * The skilled plan: probe, per vendor, options chosen to show every charge that could apply to a qualifying option
 * (each condition seen holding at least once, each amount pinned as percent or flat), nearest list page first; then
 * price every qualifying option from the learnt rules and pick the cheapest per request.
 */
export function skilledPlay(options: readonly ShopOption[], requests: readonly ShopRequest[], words: ChargeWords, probe: Probe, pageOf: (id: string) => number, startPage: number): ShopPlay {
  const model = new PricingModel(words);
  const relevant = options.filter((o) => requests.some((r) => qualifies(o, r)));
  const vendors = [...new Set(relevant.map((o) => o.vendor))];
  const probes: string[] = [];
  let page = startPage;
  for (;;) {
    let best: { option: ShopOption; score: number[] } | null = null;
    for (const vendor of vendors) {
      const gaps = model.gaps(vendor, relevant);
      if (gaps.conditions.length === 0 && gaps.unclear.length === 0) continue;
      for (const option of options) {
        if (option.vendor !== vendor || model.probed.has(option.id)) continue;
        const gain = closes(option, gaps);
        if (gain === 0) continue;
        // More gaps closed first, then the nearest page, then a qualifying option (its total becomes exact), then the cheaper.
        const score = [gain, -Math.abs(pageOf(option.id) - page), relevant.includes(option) ? 1 : 0, -option.price];
        if (!best || compare(score, best.score) > 0) best = { option, score };
      }
    }
    if (!best) break;
    model.learn(best.option, probe(best.option.id));
    probes.push(best.option.id);
    page = pageOf(best.option.id);
  }
  return { probes, choices: requests.map((r) => cheapestBy(options, r, (o) => model.predict(o))), model };
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** The qualifying option with the lowest cost by `cost` (the cheaper list price, then list order, on a tie). */
export function cheapestBy(options: readonly ShopOption[], request: ShopRequest, cost: (o: ShopOption) => number): string {
  const ok = options.filter((o) => qualifies(o, request));
  ok.sort((a, b) => cost(a) - cost(b) || a.price - b.price);
  return ok[0]!.id;
}

/** Naive: book the cheapest listed price. */
export function headlinePlay(options: readonly ShopOption[], requests: readonly ShopRequest[]): string[] {
  return requests.map((r) => cheapestBy(options, r, (o) => o.price));
}

/**
 * Informed naive: open the three cheapest listed qualifying options of each request, then book for each request the
 * cheapest total seen among the opened options that qualify for it.
 */
export function topThreePlay(options: readonly ShopOption[], requests: readonly ShopRequest[], probe: Probe): { probes: string[]; choices: string[] } {
  const probes: string[] = [];
  const totals = new Map<string, number>();
  for (const r of requests) {
    for (const o of options.filter((x) => qualifies(x, r)).sort((a, b) => a.price - b.price).slice(0, 3)) {
      if (totals.has(o.id)) continue;
      probes.push(o.id);
      totals.set(o.id, o.price * 100 + probe(o.id).reduce((sum, line) => sum + line.cents, 0));
    }
  }
  const choices = requests.map((r) => cheapestBy(options.filter((o) => totals.has(o.id)), r, (o) => totals.get(o.id)!));
  return { probes, choices };
}

/** Shallow: one probe per vendor (its cheapest qualifying option), whose charges are then applied to the vendor's others. */
export function onePerVendorPlay(options: readonly ShopOption[], requests: readonly ShopRequest[], words: ChargeWords, probe: Probe): string[] {
  const model = new PricingModel(words);
  const relevant = options.filter((o) => requests.some((r) => qualifies(o, r)));
  for (const vendor of new Set(relevant.map((o) => o.vendor))) {
    const cheapest = relevant.filter((o) => o.vendor === vendor).sort((a, b) => a.price - b.price)[0]!;
    model.learn(cheapest, probe(cheapest.id));
  }
  return requests.map((r) => cheapestBy(options, r, (o) => model.predict(o)));
}

/** Actions used by a play: pop-up, People, the list read page by page, two per probe, then the bookings, paging as it goes. */
export function playCost(probes: readonly string[], choices: readonly string[], pageOf: (id: string) => number, pages: number): number {
  let cost = 1 + 1 + 1 + (pages - 1);
  let page = pages - 1;
  for (const id of probes) {
    cost += Math.abs(pageOf(id) - page) + 2;
    page = pageOf(id);
  }
  choices.forEach((id, i) => {
    // Page to the row, View, Book, the two fields, Confirm; back to the list between bookings.
    cost += Math.abs(pageOf(id) - page) + 5 + (i < choices.length - 1 ? 1 : 0);
    page = pageOf(id);
  });
  return cost;
}
