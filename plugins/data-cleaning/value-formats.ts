// Canonical value formats of the spec (dates, amounts, phones) and the calendar arithmetic they need.
import type { Rng } from '../../framework/index.js';

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

/** Amounts are generated and compared as whole cents, so no floating-point rounding touches them. */
export function formatAmount(cents: number): string {
  return `${Math.floor(cents / 100)}.${pad(cents % 100, 2)}`;
}

/** Parses the canonical amount form (digits, a point, two digits) into cents. */
export function parseAmountCents(text: string): number | null {
  const match = /^(\d+)\.(\d{2})$/.exec(text);
  return match ? Number(match[1]) * 100 + Number(match[2]) : null;
}

/** Inserts thousands separators into the whole part of a canonical amount. */
export function withThousandsSeparators(amount: string): string {
  const [whole, fraction] = amount.split('.');
  return `${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`;
}

/** The canonical phone layout +1-AAA-EEE-NNNN from ten digits. */
export function formatPhone(digits: string): string {
  return `+1-${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`;
}

/** The ten national digits of a canonical phone number. */
export function phoneDigits(phone: string): string {
  return phone.replace(/\D/g, '').slice(1);
}
