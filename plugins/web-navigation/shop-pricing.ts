// How the comparison-shopping desk prices an option: each vendor's hidden charges on top of the listed price.

/** A visible property of an option that a vendor's charge may depend on. */
export type Condition = 'always' | 'weekend' | 'early' | 'evening' | 'tag';
export const CONDITIONS: readonly Exclude<Condition, 'always'>[] = ['weekend', 'early', 'evening', 'tag'];

/** Starts before this minute of the day are "early"; from this one on, "evening". */
export const EARLY_BEFORE = 9 * 60;
export const EVENING_FROM = 17 * 60;

/** One charge of a vendor's pricing: a percentage of the listed price or a flat amount, added or taken off. */
export interface ChargeRule {
  readonly when: Condition;
  readonly kind: 'percent' | 'flat';
  /** Whole percent, or whole dollars. */
  readonly value: number;
  readonly sign: 1 | -1;
}

export interface Vendor {
  readonly name: string;
  readonly rules: readonly ChargeRule[];
}

/** What the list shows of an option (everything but its charges). */
export interface ShopOption {
  readonly id: string;
  readonly name: string;
  readonly vendor: string;
  /** "YYYY-MM-DD" and its weekday. */
  readonly date: string;
  readonly weekday: string;
  /** Minutes after midnight. */
  readonly start: number;
  readonly tag: boolean;
  /** Whole dollars. */
  readonly price: number;
}

/** One itemised line of an option's checkout: a charge's label and its signed amount in cents. */
export interface ChargeLine {
  readonly label: string;
  readonly cents: number;
}

/** The words a desk uses in charge labels (its fee's name, its yes/no property). */
export interface ChargeWords {
  readonly fee: string;
  readonly tagYes: string;
}

export function holds(option: ShopOption, when: Condition): boolean {
  switch (when) {
    case 'always':
      return true;
    case 'weekend':
      return option.weekday === 'Sat' || option.weekday === 'Sun';
    case 'early':
      return option.start < EARLY_BEFORE;
    case 'evening':
      return option.start >= EVENING_FROM;
    case 'tag':
      return option.tag;
  }
}

const capital = (s: string) => `${s[0]!.toUpperCase()}${s.slice(1)}`;

/** The checkout label of a charge: it names its condition (never its rate or whether it is a percentage). */
export function chargeLabel(when: Condition, sign: 1 | -1, words: ChargeWords): string {
  const kind = sign > 0 ? 'surcharge' : 'discount';
  switch (when) {
    case 'always':
      return sign > 0 ? words.fee : `${words.fee} rebate`;
    case 'weekend':
      return `Weekend ${kind}`;
    case 'early':
      return `Early (before 9am) ${kind}`;
    case 'evening':
      return `Evening (from 5pm) ${kind}`;
    case 'tag':
      return `${capital(words.tagYes)} ${kind}`;
  }
}

/** Which condition and direction a checkout label stands for (the inverse of chargeLabel), or null. */
export function parseChargeLabel(label: string, words: ChargeWords): { when: Condition; sign: 1 | -1 } | null {
  for (const when of ['always', ...CONDITIONS] as const) {
    for (const sign of [1, -1] as const) if (chargeLabel(when, sign, words) === label) return { when, sign };
  }
  return null;
}

export function ruleCents(rule: ChargeRule, price: number): number {
  return rule.sign * (rule.kind === 'percent' ? price * rule.value : rule.value * 100);
}

/** The itemised charges of an option under its vendor's rules, in rule order. */
export function chargeLines(option: ShopOption, vendor: Vendor, words: ChargeWords): ChargeLine[] {
  return vendor.rules.filter((rule) => holds(option, rule.when)).map((rule) => ({ label: chargeLabel(rule.when, rule.sign, words), cents: ruleCents(rule, option.price) }));
}

/** The checkout total in cents. */
export function totalCents(option: ShopOption, vendor: Vendor): number {
  return option.price * 100 + vendor.rules.filter((rule) => holds(option, rule.when)).reduce((sum, rule) => sum + ruleCents(rule, option.price), 0);
}

/** "$12.48", "-$3.00". */
export function money(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}$${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "$12.48" or "-$3.00" back to cents. */
export function centsOf(text: string): number {
  const match = /^(-?)\$(\d+)\.(\d\d)$/.exec(text.trim());
  if (!match) throw new Error(`not an amount: ${text}`);
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 100 + Number(match[3]));
}
