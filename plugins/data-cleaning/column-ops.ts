// The column transforms an agent may apply: small, well-defined, and blind to which cells were already right.
import type { TransformOp } from './schemas.js';
import { MONTH_ABBREVIATIONS, formatAmount, formatPhone, isValidDate, isoDate, pad, type CalendarDate } from './value-formats.js';

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

/** The parameters of the parameterised ops (rewrite's templates, scale's factor). */
export interface OpParams {
  readonly from?: string;
  readonly to?: string;
  readonly factor?: number;
}

const PLACEHOLDER = /\{([A-Za-z]+)\}/g;

/** Why a rewrite's templates cannot be used, or null: `to` may only use names `from` defines, each defined once. */
export function templateProblem(from: string, to: string): string | null {
  const defined = [...from.matchAll(PLACEHOLDER)].map((m) => m[1]!);
  if (!defined.length) return 'The "from" template of rewrite needs at least one {name}.';
  if (new Set(defined).size !== defined.length) return 'Each {name} may occur once in the "from" template.';
  const unknown = [...to.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((n) => !defined.includes(n));
  return unknown.length ? `The "to" template uses {${unknown[0]}}, which "from" does not define.` : null;
}

/** A cell rewritten from one template to another, or null when it does not match `from` as a whole. */
export function rewriteByTemplate(value: string, from: string, to: string): string | null {
  const names: string[] = [];
  const source = from
    .split(PLACEHOLDER)
    .map((part, i) => (i % 2 === 1 ? (names.push(part), '([^\\s./\\-,@:]+)') : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  const match = new RegExp(`^${source}$`).exec(value);
  if (!match) return null;
  const captured = new Map(names.map((n, i) => [n, match[i + 1]!]));
  return to.replace(PLACEHOLDER, (_m, name: string) => captured.get(name) ?? '');
}

/** A two-decimal amount times a factor, rounded half up to the cent; null when the text is not such an amount. */
export function scaleAmount(text: string, factor: number): string | null {
  const m = /^(\d+)\.(\d{2})$/.exec(text);
  if (!m) return null;
  const cents = Number(m[1]) * 100 + Number(m[2]);
  return formatAmount(Math.round(cents * factor));
}

/** The value of one non-empty cell after an op; the cell itself when the op cannot read it. */
export function applyOp(op: TransformOp, value: string, params: OpParams = {}): string {
  switch (op) {
    case 'rewrite':
      return params.from !== undefined && params.to !== undefined ? rewriteByTemplate(value, params.from, params.to) ?? value : value;
    case 'scale':
      return params.factor !== undefined ? scaleAmount(value, params.factor) ?? value : value;
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
    default:
      // The row-level ops (pipeline-ops.ts) read more than one cell; the transition applies them itself.
      return value;
  }
}
