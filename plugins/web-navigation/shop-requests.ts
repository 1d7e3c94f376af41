// A colleague's request at the comparison-shopping desk: which options qualify, and how the goal words it.
import type { ShopOption } from './shop-pricing.js';

export interface ShopRequest {
  readonly name: string;
  readonly dept: string;
  /** The dates that qualify ("YYYY-MM-DD"). */
  readonly dates: readonly string[];
  /** The start must be strictly after `after` and strictly before `before` (minutes after midnight), when set. */
  readonly after: number | null;
  readonly before: number | null;
  /** The desk's yes/no property is required. */
  readonly tag: boolean;
}

/** Whether an option meets a request's stated constraints (all of them are visible in the list). */
export function qualifies(option: ShopOption, request: ShopRequest): boolean {
  if (!request.dates.includes(option.date)) return false;
  if (request.after !== null && !(option.start > request.after)) return false;
  if (request.before !== null && !(option.start < request.before)) return false;
  return !request.tag || option.tag;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function weekdayOf(date: string): string {
  return WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]!;
}

/** "Tue 10 Mar", as the list shows a date. */
export function shortDate(date: string): string {
  return `${weekdayOf(date)} ${Number(date.slice(8))} ${MONTHS[Number(date.slice(5, 7)) - 1]!.slice(0, 3)}`;
}

/** "Tue 10 March", as a request writes a date. */
export function spokenDate(date: string): string {
  return `${weekdayOf(date)} ${Number(date.slice(8))} ${MONTHS[Number(date.slice(5, 7)) - 1]}`;
}

/** "6pm", "9:30am". */
export function spokenTime(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h % 12 === 0 ? 12 : h % 12}${m === 0 ? '' : `:${String(m).padStart(2, '0')}`}${h < 12 ? 'am' : 'pm'}`;
}

/** "07:05". */
export function clockTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export interface RequestWords {
  readonly noun: string;
  readonly tagAsk: string;
  readonly startVerb: string;
}

const orList = (items: readonly string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`);

/** "(1) for Mira Varga (Finance): the cheapest nonstop flight on Tue 10 March or Wed 11 March that leaves after 10am". */
export function requestText(request: ShopRequest, index: number, words: RequestWords): string {
  const tag = request.tag ? ` ${words.tagAsk}` : '';
  let time = '';
  if (request.after !== null && request.before !== null) time = ` that ${words.startVerb} after ${spokenTime(request.after)} and before ${spokenTime(request.before)}`;
  else if (request.after !== null) time = ` that ${words.startVerb} after ${spokenTime(request.after)}`;
  else if (request.before !== null) time = ` that ${words.startVerb} before ${spokenTime(request.before)}`;
  return `(${index + 1}) for ${request.name} (${request.dept}): the cheapest${tag} ${words.noun} on ${orList(request.dates.map(spokenDate))}${time}`;
}
