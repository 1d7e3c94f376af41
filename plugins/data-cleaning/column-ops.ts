// The column transforms an agent may apply: small, well-defined, and blind to which cells were already right.
import type { TransformOp } from './schemas.js';
import { MONTH_ABBREVIATIONS, formatAmount, formatPhone, isValidDate, isoDate, pad, writeDate, type CalendarDate, type DateLayout } from './value-formats.js';

function monthNumber(name: string): number | null {
  const index = MONTH_ABBREVIATIONS.findIndex((m) => m.toLowerCase() === name.slice(0, 3).toLowerCase());
  return index < 0 ? null : index + 1;
}

/** Reads the date layouts the spec names; null when the text is none of them or not a real day. */
export function readDate(text: string): CalendarDate | null {
  const s = text.trim();
  let m: RegExpExecArray | null;
  let date: CalendarDate | null = null;
  if ((m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(s))) date = { year: +m[1]!, month: +m[2]!, day: +m[3]! };
  else if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s))) date = { year: +m[3]!, month: +m[1]!, day: +m[2]! };
  else if ((m = /^(\d{4})(\d{2})(\d{2})$/.exec(s))) date = { year: +m[1]!, month: +m[2]!, day: +m[3]! };
  else if ((m = /^(\d{1,2}) ([A-Za-z]{3,9}) (\d{4})$/.exec(s))) {
    const month = monthNumber(m[2]!);
    if (month) date = { year: +m[3]!, month, day: +m[1]! };
  } else if ((m = /^([A-Za-z]{3,9}) (\d{1,2}),? (\d{4})$/.exec(s))) {
    const month = monthNumber(m[1]!);
    if (month) date = { year: +m[3]!, month, day: +m[2]! };
  }
  return date && isValidDate(date) ? date : null;
}

function titleWord(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

/** Two-decimal text of a plain decimal such as "1234.5" or "1234.505" (rounded half up), via integers. */
function twoDecimals(whole: string, fraction: string): string {
  const digits = (fraction + '000').slice(0, 3);
  let cents = Number(whole) * 100 + Number(digits.slice(0, 2));
  if (Number(digits[2]) >= 5) cents += 1;
  return `${Math.floor(cents / 100)}.${pad(cents % 100, 2)}`;
}

/**
 * A date in the stored layout with its day and month exchanged ("03.25.2024" -> "25.03.2024" in a dotted table), or
 * null when the text is not three numbers in that layout or the exchanged date is not a real day.
 */
export function swapDayMonth(text: string, layout: DateLayout): string | null {
  const m = layout === 'iso' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(text) : /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text);
  if (!m) return null;
  const [year, first, second] = layout === 'iso' ? [+m[1]!, +m[2]!, +m[3]!] : [+m[3]!, +m[2]!, +m[1]!];
  // first is the month field, second the day field of the stored layout; the swap reads them the other way round.
  const swapped = { year, month: second, day: first };
  return isValidDate(swapped) ? writeDate(swapped, layout) : null;
}

/** A two-decimal amount divided by 100, rounded half up to the cent; null when the text is not such an amount. */
export function divideBy100(text: string): string | null {
  const m = /^(\d+)\.(\d{2})$/.exec(text);
  if (!m) return null;
  const cents = Number(m[1]) * 100 + Number(m[2]);
  return formatAmount(Math.floor((cents + 50) / 100));
}

/** The value of one non-empty cell after an op; the cell itself when the op cannot read it. */
export function applyOp(op: TransformOp, value: string, layout: DateLayout = 'iso'): string {
  switch (op) {
    case 'swap_day_month':
      return swapDayMonth(value, layout) ?? value;
    case 'swap_name_order': {
      const words = value.split(' ');
      return words.length === 2 && words.every((w) => w.length > 0) ? `${words[1]} ${words[0]}` : value;
    }
    case 'divide_by_100':
      return divideBy100(value) ?? value;
    case 'trim':
      return value.trim().replace(/\s+/g, ' ');
    case 'lower':
      return value.toLowerCase();
    case 'upper':
      return value.toUpperCase();
    case 'title':
      return value.split(' ').map(titleWord).join(' ');
    case 'normalize_date': {
      const date = readDate(value);
      return date ? isoDate(date) : value;
    }
    case 'normalize_phone': {
      if (!/^[\d\s().+-]+$/.test(value)) return value;
      let digits = value.replace(/\D/g, '');
      if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
      return digits.length === 10 ? formatPhone(digits) : value;
    }
    case 'to_number': {
      const stripped = value.replace(/[$€£,\s]/g, '');
      const match = /^(\d+)\.(\d+)$/.exec(stripped);
      return match ? twoDecimals(match[1]!, match[2]!) : value;
    }
  }
}
