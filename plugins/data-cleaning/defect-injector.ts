// The defects that really occur in exported business tables, each a seeded rewrite of a clean cell.
import type { Rng } from '../../framework/index.js';
import type { CleanRecord } from './domains.js';
import type { CellValue, ColumnSpec } from './types.js';
import { MONTH_ABBREVIATIONS, parseAmountCents, parseIsoDate, pad, phoneDigits, withThousandsSeparators } from './value-formats.js';

export interface InjectedDefect {
  readonly kind: string;
  readonly value: CellValue;
}

type Variant = (rng: Rng, clean: string, record: CleanRecord) => CellValue | null;

/** A whitespace slip: a trailing or leading space, or a doubled inner space. */
const whitespace: Variant = (rng, clean) => {
  const options = [`${clean} `, ` ${clean}`, `${clean}  `];
  if (clean.includes(' ')) options.push(clean.replace(' ', '  '));
  return rng.pick(options);
};

const lowerCase: Variant = (_rng, clean) => clean.toLowerCase();
const upperCase: Variant = (_rng, clean) => clean.toUpperCase();
const capitalised: Variant = (_rng, clean) => clean.charAt(0).toUpperCase() + clean.slice(1).toLowerCase();

function anyCase(...variants: Variant[]): Variant {
  return (rng, clean, record) => rng.pick(variants)(rng, clean, record);
}

const nameOrder: Variant = (_rng, clean) => {
  const words = clean.split(' ');
  if (words.length !== 2) return null;
  return `${words[1]}, ${words[0]}`;
};

const emailCase: Variant = (rng, clean) =>
  rng.chance(0.5)
    ? clean.toUpperCase()
    : clean.replace(/(^|[.@])([a-z])/g, (_m, sep: string, letter: string) => sep + letter.toUpperCase());

const emailSpaces: Variant = (rng, clean) => {
  const at = clean.indexOf('@');
  return rng.pick([` ${clean}`, `${clean.slice(0, at)} @${clean.slice(at + 1)}`, `${clean.slice(0, at)}@ ${clean.slice(at + 1)}`, clean.replace('.', ' .')]);
};

const emailAt: Variant = (_rng, clean) => clean.replace('@', '(at)');

const emailDomainEnding: Variant = (_rng, clean) => {
  const at = clean.indexOf('@');
  const domain = clean.slice(at + 1);
  return `${clean.slice(0, at + 1)}${domain.slice(0, domain.indexOf('.'))}`;
};

const phoneLayout: Variant = (rng, clean) => {
  const d = phoneDigits(clean);
  const [a, e, n] = [d.slice(0, 3), d.slice(3, 6), d.slice(6)];
  return rng.pick([`(${a}) ${e}-${n}`, `${a}.${e}.${n}`, `${a}${e}${n}`, `+1 ${a} ${e} ${n}`, `1-${a}-${e}-${n}`, `${a}-${e}-${n}`, `+1${a}${e}${n}`]);
};

const dateLayout: Variant = (rng, clean) => {
  const date = parseIsoDate(clean);
  if (!date) return null;
  const { year, month, day } = date;
  const mon = MONTH_ABBREVIATIONS[month - 1]!;
  const layouts = [
    `${year}/${pad(month, 2)}/${pad(day, 2)}`,
    `${pad(month, 2)}/${pad(day, 2)}/${year}`,
    `${day} ${mon} ${year}`,
    `${mon} ${day}, ${year}`,
    `${year}${pad(month, 2)}${pad(day, 2)}`,
  ];
  if (month < 10 || day < 10) layouts.push(`${year}-${month}-${day}`);
  return rng.pick(layouts);
};

const currencySign: Variant = (rng, clean, record) => {
  const sign = record.currency === 'EUR' ? '€' : record.currency === 'GBP' ? '£' : '$';
  const body = (parseAmountCents(clean) ?? 0) >= 100000 && rng.chance(0.5) ? withThousandsSeparators(clean) : clean;
  return rng.chance(0.8) ? `${sign}${body}` : `${body} ${sign}`;
};

const thousandsSeparator: Variant = (_rng, clean) => ((parseAmountCents(clean) ?? 0) >= 100000 ? withThousandsSeparators(clean) : null);

const cents: Variant = (_rng, clean) => String(parseAmountCents(clean));

const missingDecimal: Variant = (_rng, clean) => (clean.endsWith('0') ? clean.slice(0, -1) : null);

const leadingZeroLost: Variant = (_rng, clean) => (clean.startsWith('0') ? clean.slice(1) : null);

/** Which defects can hit a column, with relative weights. */
function defectMenu(column: ColumnSpec): { kind: string; weight: number; make: Variant }[] {
  switch (column.kind) {
    case 'record_code':
      return [{ kind: 'case', weight: 2, make: lowerCase }, { kind: 'whitespace', weight: 2, make: whitespace }];
    case 'person_name':
      return [
        { kind: 'case', weight: 3, make: anyCase(lowerCase, upperCase) },
        { kind: 'name_order', weight: 2, make: nameOrder },
        { kind: 'whitespace', weight: 2, make: whitespace },
      ];
    case 'email':
      return [
        { kind: 'case', weight: 2, make: emailCase },
        { kind: 'email_spaces', weight: 2, make: emailSpaces },
        { kind: 'email_at', weight: 1, make: emailAt },
        { kind: 'email_domain_ending', weight: 1, make: emailDomainEnding },
      ];
    case 'phone':
      return [{ kind: 'phone_format', weight: 1, make: phoneLayout }];
    case 'date':
      return [{ kind: 'date_format', weight: 1, make: dateLayout }];
    case 'amount':
      return [
        { kind: 'thousands_separator', weight: 2, make: thousandsSeparator },
        { kind: 'currency_sign', weight: 2, make: currencySign },
        { kind: 'cents', weight: 2, make: cents },
        { kind: 'missing_decimal', weight: 1, make: missingDecimal },
        { kind: 'whitespace', weight: 1, make: whitespace },
      ];
    case 'integer':
      return [{ kind: 'whitespace', weight: 1, make: whitespace }];
    case 'category': {
      const upperAllowed = column.allowed?.every((v) => v === v.toUpperCase()) ?? false;
      return [
        { kind: 'case', weight: 2, make: upperAllowed ? anyCase(lowerCase, capitalised) : anyCase(upperCase, capitalised) },
        {
          kind: 'synonym',
          weight: 2,
          make: (rng, clean) => {
            const options = Object.entries(column.synonyms ?? {}).filter(([, to]) => to === clean).map(([from]) => from);
            return options.length ? rng.pick(options) : null;
          },
        },
        { kind: 'whitespace', weight: 1, make: whitespace },
      ];
    }
    case 'postcode':
      return [{ kind: 'leading_zero_lost', weight: 3, make: leadingZeroLost }, { kind: 'whitespace', weight: 1, make: whitespace }];
    case 'ref_code':
      return [{ kind: 'case', weight: 1, make: lowerCase }, { kind: 'whitespace', weight: 1, make: whitespace }];
    case 'lookup':
      return [
        { kind: 'missing', weight: 3, make: () => null },
        { kind: 'case', weight: 1, make: anyCase(lowerCase, upperCase) },
        { kind: 'whitespace', weight: 1, make: whitespace },
      ];
  }
}

/**
 * Rewrites one clean cell with a defect that fits its column, or returns null when no defect applies to this
 * value (e.g. no leading zero to lose). The result always differs from the clean value.
 */
export function injectDefect(rng: Rng, column: ColumnSpec, clean: string, record: CleanRecord): InjectedDefect | null {
  const menu = defectMenu(column);
  const order: typeof menu = [];
  const remaining = menu.slice();
  while (remaining.length) {
    const chosen = rng.weighted(remaining, remaining.map((m) => m.weight));
    order.push(chosen);
    remaining.splice(remaining.indexOf(chosen), 1);
  }
  for (const option of order) {
    const value = option.kind === 'missing' ? null : option.make(rng, clean, record);
    if (option.kind !== 'missing' && (value === null || value === clean)) continue;
    return { kind: option.kind, value };
  }
  return null;
}
