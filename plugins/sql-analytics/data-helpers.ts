// Date arithmetic, money rounding and name pools shared by the domain generators (all pure, no clock).
import type { Rng } from 'openenv-ts';

const DAY_MS = 86_400_000;

/** Day number (days since 1970-01-01, UTC) of a calendar date. */
export function dayOf(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
}

/** Day number of an ISO date 'YYYY-MM-DD' (the time part, if any, is ignored). */
export function dayOfIso(iso: string): number {
  return dayOf(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
}

// Generators format thousands of dates per scenario; formatting each day once keeps a reset cheap.
const isoDateCache = new Map<number, string>();

/** 'YYYY-MM-DD' of a day number. */
export function isoDate(day: number): string {
  let text = isoDateCache.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (isoDateCache.size < 100_000) isoDateCache.set(day, text);
  }
  return text;
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** 'YYYY-MM-DD HH:MM:SS' of a day number and a second of that day (seconds may overflow into other days). */
export function isoDateTime(day: number, second: number): string {
  const whole = Math.floor(second);
  const d = day + Math.floor(whole / 86_400);
  const s = ((whole % 86_400) + 86_400) % 86_400;
  return `${isoDate(d)} ${two(Math.floor(s / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
}

/** 'YYYY-MM' of a year and month, months may overflow (month 13 is January of the next year). */
export function monthKey(year: number, month: number): string {
  const y = year + Math.floor((month - 1) / 12);
  const m = ((((month - 1) % 12) + 12) % 12) + 1;
  return `${y}-${String(m).padStart(2, '0')}`;
}

/** Bounds of quarter `q` (1-4) of `year` as 'YYYY-MM-DD': its first day and the first day after it (exclusive). */
export function quarterRange(year: number, q: number): { start: string; end: string } {
  return { start: `${monthKey(year, q * 3 - 2)}-01`, end: `${monthKey(year, q * 3 + 1)}-01` };
}

/** Day number of the first day of the month after 'YYYY-MM'. */
export function nextMonthStart(key: string): number {
  const [y, m] = key.split('-').map(Number) as [number, number];
  return dayOfIso(`${monthKey(y, m + 1)}-01`);
}

/** The same day of the month `count` months later, clamped to the 28th so every month has it. */
export function addMonths(day: number, count: number): number {
  const iso = isoDate(day);
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 1 + count;
  const d = Math.min(Number(iso.slice(8, 10)), 28);
  return dayOf(y + Math.floor(m / 12), (m % 12) + 1, d);
}

export const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/** Rounds to cents, the way money is stored. */
export function cents(x: number): number {
  return Math.round(x * 100) / 100;
}

// Small pools on purpose: a few hundred people drawn from them share names, as real customers do.
export const FIRST_NAMES = [
  'Maria', 'James', 'Wei', 'Aisha', 'Carlos', 'Olga', 'John', 'Priya', 'Ahmed', 'Sofia', 'Liam', 'Yuki',
  'Fatima', 'Noah', 'Elena', 'David', 'Chen', 'Amara', 'Lucas', 'Ines', 'Omar', 'Hana', 'Mateo', 'Grace',
];
export const LAST_NAMES = [
  'Garcia', 'Smith', 'Wang', 'Khan', 'Silva', 'Ivanova', 'Brown', 'Patel', 'Hassan', 'Rossi', 'Murphy',
  'Tanaka', 'Ali', 'Johnson', 'Novak', 'Lee', 'Okafor', 'Martin', 'Costa', 'Nguyen',
];

export function personName(rng: Rng): [string, string] {
  return [rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES)];
}

/** Rows of objects to rows of values in the given column order. */
export function toRows<T extends object>(items: readonly T[], columns: readonly (keyof T & string)[]): (string | number | null)[][] {
  return items.map((item) => columns.map((c) => (item[c] as unknown as string | number | null) ?? null));
}
