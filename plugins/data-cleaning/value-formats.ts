// Canonical value formats of the spec (dates, amounts, phones) and the calendar arithmetic they need.
import type { Rng } from 'openenv-ts';

export const MONTH_ABBREVIATIONS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

export interface CalendarDate {
  readonly year: number;
  readonly month: number; // 1-12
  readonly day: number; // 1-31
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isValidDate(date: CalendarDate): boolean {
  return (
    Number.isInteger(date.year) && date.year >= 1900 && date.year <= 2100 &&
    Number.isInteger(date.month) && date.month >= 1 && date.month <= 12 &&
    Number.isInteger(date.day) && date.day >= 1 && date.day <= daysInMonth(date.year, date.month)
  );
}

export function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** The canonical YYYY-MM-DD form. */
export function isoDate(date: CalendarDate): string {
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** A uniformly drawn day between two years, both included. */
export function randomDate(rng: Rng, fromYear: number, toYear: number): CalendarDate {
  const year = rng.int(fromYear, toYear);
  const month = rng.int(1, 12);
  return { year, month, day: rng.int(1, daysInMonth(year, month)) };
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  let { year, month, day } = date;
  day += days;
  while (day > daysInMonth(year, month)) {
    day -= daysInMonth(year, month);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return { year, month, day };
}

/** Parses the canonical YYYY-MM-DD form only. */
export function parseIsoDate(text: string): CalendarDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return isValidDate(date) ? date : null;
}

/** Amounts are generated and compared as whole minor units (cents, fils), so no floating-point rounding touches them. */
export function formatAmount(units: number, decimals = 2): string {
  if (decimals === 0) return String(units);
  const scale = 10 ** decimals;
  return `${Math.floor(units / scale)}.${pad(units % scale, decimals)}`;
}

/** Parses the canonical amount form of a currency with `decimals` decimals into minor units. */
export function parseAmountUnits(text: string, decimals = 2): number | null {
  const match = decimals === 0 ? /^(\d+)$/.exec(text) : new RegExp(`^(\\d+)\\.(\\d{${decimals}})$`).exec(text);
  if (!match) return null;
  return Number(match[1]) * 10 ** decimals + (decimals === 0 ? 0 : Number(match[2]));
}

/** Inserts thousands separators into the whole part of a canonical amount. */
export function withThousandsSeparators(amount: string): string {
  const [whole, fraction] = amount.split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** Each word capitalised: first letter upper case, the rest lower case. */
export function capitaliseWords(text: string): string {
  return text
    .split(' ')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase())
    .join(' ');
}

/** The canonical phone layout +1-AAA-EEE-NNNN from ten digits. */
export function formatPhone(digits: string): string {
  return `+1-${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`;
}

/** The ten national digits of a canonical US phone number. */
export function phoneDigits(phone: string): string {
  return phone.replace(/\D/g, '').slice(1);
}

/** A US number in the canonical layout; anything else in a phone column is an international number. */
export function isUsPhone(phone: string): boolean {
  return /^\+1-\d{3}-\d{3}-\d{4}$/.test(phone);
}

/** The layouts a table may store its dates in (a convention of its source system). */
export type DateLayout = 'iso' | 'dotted';

/** A date in a stored layout: YYYY-MM-DD, or DD.MM.YYYY. */
export function writeDate(date: CalendarDate, layout: DateLayout): string {
  return layout === 'iso' ? isoDate(date) : `${pad(date.day, 2)}.${pad(date.month, 2)}.${pad(date.year, 4)}`;
}

/** Parses a date written exactly in a stored layout. */
export function readDateIn(text: string, layout: DateLayout): CalendarDate | null {
  if (layout === 'iso') return parseIsoDate(text);
  const match = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text);
  if (!match) return null;
  const date = { year: Number(match[3]), month: Number(match[2]), day: Number(match[1]) };
  return isValidDate(date) ? date : null;
}

/** The regular expression of a stored date layout. */
export function datePattern(layout: DateLayout): string {
  return layout === 'iso' ? '^\\d{4}-\\d{2}-\\d{2}$' : '^\\d{2}\\.\\d{2}\\.\\d{4}$';
}
