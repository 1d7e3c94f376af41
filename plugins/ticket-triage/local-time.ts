// Account time zones and local clock times: deadlines written "by 17:00 tomorrow, our time" and record timestamps with offsets.

/** The offsets (hours from UTC) an account record may carry; the policy states the range, whole or half hours. */
export const TIME_ZONE_OFFSETS = [-8, -7, -6, -5, -4, -3, 0, 1, 2, 3, 4, 5.5, 7, 8, 9, 10, 12] as const;
/** The range the policy announces; an agent that has not looked a record up must allow for all of it. */
export const OFFSET_RANGE = { min: -10, max: 12, step: 0.5 } as const;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** "UTC+05:30" for 5.5, "UTC-08:00" for -8, "UTC+00:00" for 0. */
export function formatOffset(offset: number): string {
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hours = Math.floor(abs);
  const minutes = Math.round((abs - hours) * 60);
  return `UTC${sign}${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

function hhmm(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/** "YYYY-MM-DD HH:MM (UTC+09:00)": an instant as the account's own clock shows it. */
export function localStamp(utcMs: number, offset: number): string {
  const local = utcMs + offset * HOUR_MS;
  return `${new Date(local).toISOString().slice(0, 10)} ${hhmm(local)} (${formatOffset(offset)})`;
}

/** A deadline as the customer writes it: a local clock time and a day word relative to their own date of writing. */
export interface LocalDeadline {
  readonly clock: string;
  /** "today", "tomorrow" or "on <Weekday>" (the next such day after today, 2-6 days ahead). */
  readonly when: string;
}

/** The instant a local deadline means for a ticket received at `receivedMs` (UTC) from a zone `offset` hours from UTC. */
export function localDeadlineInstant(deadline: LocalDeadline, receivedMs: number, offset: number): number {
  const localReceived = receivedMs + offset * HOUR_MS;
  const localMidnight = Math.floor(localReceived / DAY_MS) * DAY_MS;
  let days: number;
  if (deadline.when === 'today') days = 0;
  else if (deadline.when === 'tomorrow') days = 1;
  else {
    const weekday = WEEKDAYS.indexOf(deadline.when.replace(/^on /, '') as (typeof WEEKDAYS)[number]);
    const today = new Date(localMidnight).getUTCDay();
    days = (weekday - today + 7) % 7 || 7;
  }
  const [h, m] = deadline.clock.split(':').map(Number) as [number, number];
  return localMidnight + days * DAY_MS + (h * 60 + m) * 60_000 - offset * HOUR_MS;
}

/** Hours from receipt to a local deadline, for a given offset. */
export function localDeadlineHours(deadline: LocalDeadline, receivedMs: number, offset: number): number {
  return (localDeadlineInstant(deadline, receivedMs, offset) - receivedMs) / HOUR_MS;
}

/**
 * Writes a deadline about `hours` after receipt as the customer's local clock time, rounded to the half hour.
 * Returns the words and the exact hours they mean in that zone (what the policy's threshold is compared with).
 */
export function toLocalDeadline(receivedMs: number, hours: number, offset: number): { deadline: LocalDeadline; hours: number } {
  const half = 30 * 60_000;
  const target = Math.round((receivedMs + hours * HOUR_MS) / half) * half;
  const local = target + offset * HOUR_MS;
  const receivedDay = Math.floor((receivedMs + offset * HOUR_MS) / DAY_MS);
  const days = Math.floor(local / DAY_MS) - receivedDay;
  const when = days === 0 ? 'today' : days === 1 ? 'tomorrow' : `on ${WEEKDAYS[new Date(local).getUTCDay()]}`;
  const deadline = { clock: hhmm(local), when };
  return { deadline, hours: localDeadlineHours(deadline, receivedMs, offset) };
}

/** Every offset the policy allows (its announced range in half hours). */
export function allOffsets(): number[] {
  const out: number[] = [];
  for (let o = OFFSET_RANGE.min; o <= OFFSET_RANGE.max; o += OFFSET_RANGE.step) out.push(o);
  return out;
}

/**
 * Whether the account's zone can decide the deadline step: over the announced range of offsets, the deadline
 * falls on both sides of the threshold. If not, the step is the same whatever the record says (no lookup needed).
 */
export function zoneDecidesDeadline(deadline: LocalDeadline, receivedMs: number, threshold: number): boolean {
  const within = allOffsets().map((o) => localDeadlineHours(deadline, receivedMs, o) <= threshold);
  return within.some(Boolean) && within.some((w) => !w);
}
