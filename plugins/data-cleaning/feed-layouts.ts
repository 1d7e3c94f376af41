// A feed's own layouts of the documented slips (pipeline level): how its legacy export writes a code, a family-first name, a trunk 0, an exit code and grouped thousands.
// Variant 0 of each is the layout of the levels below; a feed draws one variant of each and its spec states it.
import type { Rng } from 'openenv-ts';
import type { Conventions } from './types.js';

export interface FeedLayouts {
  /** The legacy code layout: 10423-ORD, 10423/ORD or ORD#10423. */
  readonly code: number;
  /** A name written family first: "Brown, LaToya", "Brown; LaToya" or "Brown / LaToya". */
  readonly familyFirst: number;
  /** The switchboard's trunk 0: 0617 555 0142, 0617-555-0142 or (0617) 555 0142. */
  readonly trunk: number;
  /** The exit code typed for the +: 0044 20 ... or 011 44 20 ... */
  readonly exitCode: number;
  /** Grouped thousands of the office export: 12 345,50, 12'345.50 or 12 345.50. */
  readonly thousands: number;
  /** A mangled email domain: its ending lost (@acme), a comma for its dot (@acme,io) or a hyphen for it (@acme-io). */
  readonly emailDomain: number;
  /** How a family-first habit joins the family and the given name: "Tanaka Felix", "Tanaka_Felix" or "Tanaka.Felix". */
  readonly habitJoin: number;
}

const COUNTS: Readonly<Record<keyof FeedLayouts, number>> = { code: 3, familyFirst: 3, trunk: 3, exitCode: 2, thousands: 3, emailDomain: 3, habitJoin: 3 };

/** One variant of each layout, from the feed's shared generator. */
export function drawFeedLayouts(rng: Rng): FeedLayouts {
  const pick = (key: keyof FeedLayouts) => rng.int(0, COUNTS[key] - 1);
  return { code: pick('code'), familyFirst: pick('familyFirst'), trunk: pick('trunk'), exitCode: pick('exitCode'), thousands: pick('thousands'), emailDomain: pick('emailDomain'), habitJoin: pick('habitJoin') };
}

/** The layouts a table's slips follow: its feed's, or variant 0 of each below the pipeline level. */
export function layoutsOf(conventions: Conventions): FeedLayouts {
  return conventions.feedLayouts ?? { code: 0, familyFirst: 0, trunk: 0, exitCode: 0, thousands: 0, emailDomain: 0, habitJoin: 0 };
}

export function legacyCode(prefix: string, digits: string, layouts: FeedLayouts): string {
  return [`${digits}-${prefix}`, `${digits}/${prefix}`, `${prefix}#${digits}`][layouts.code]!;
}

export function familyFirstName(family: string, given: string, layouts: FeedLayouts): string {
  return [`${family}, ${given}`, `${family}; ${given}`, `${family} / ${given}`][layouts.familyFirst]!;
}

/** The words of familyFirstName's separator, for the rule ("with a comma"). */
export function familyFirstSeparator(layouts: FeedLayouts): string {
  return ['with a comma', 'with a semicolon', 'with a slash'][layouts.familyFirst]!;
}

export function trunkZeroPhone(area: string, exchange: string, number: string, layouts: FeedLayouts): string {
  return [`0${area} ${exchange} ${number}`, `0${area}-${exchange}-${number}`, `(0${area}) ${exchange} ${number}`][layouts.trunk]!;
}

/** An international number ("+44 20 7946 0958") with the exit code typed for its +. */
export function exitCodePhone(registered: string, layouts: FeedLayouts): string {
  return [`00${registered.slice(1)}`, `011 ${registered.slice(1)}`][layouts.exitCode]!;
}

/** The exit code's words for the rule. */
export function exitCodeText(layouts: FeedLayouts): string {
  return ['a leading 00', 'a leading 011 and a space'][layouts.exitCode]!;
}

/** A two-decimal amount with grouped thousands in the feed's office layout ("12 345,50"). */
export function groupedAmount(whole: string, cents: string, layouts: FeedLayouts): string {
  const { group, decimal } = thousandsMarks(layouts);
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, group)}${decimal}${cents}`;
}

/** The thousands separator and decimal mark of the feed's grouped amounts. */
export function thousandsMarks(layouts: FeedLayouts): { group: string; decimal: string } {
  return [{ group: ' ', decimal: ',' }, { group: "'", decimal: '.' }, { group: ' ', decimal: '.' }][layouts.thousands]!;
}

/** A known email domain as the feed's slip mangles it ("acme.io" -> "acme"). */
export function mangledDomain(domain: string, layouts: FeedLayouts): string {
  const dot = domain.indexOf('.');
  return [domain.slice(0, dot), `${domain.slice(0, dot)},${domain.slice(dot + 1)}`, `${domain.slice(0, dot)}-${domain.slice(dot + 1)}`][layouts.emailDomain]!;
}

/** The rule's words for the mangled domain. */
export function mangledDomainText(layouts: FeedLayouts): string {
  return ['the domain without its ending', 'a comma typed for the dot of the domain', 'a hyphen typed for the dot of the domain'][layouts.emailDomain]!;
}

/** The separator a family-first habit puts between the family and the given name. */
export function habitJoin(layouts: FeedLayouts): string {
  return [' ', '_', '.'][layouts.habitJoin]!;
}
