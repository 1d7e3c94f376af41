// The defects that really occur in exported business tables, each a seeded rewrite of a clean cell.
import type { Rng } from 'openenv-ts';
import { isPlainName, type CleanRecord } from './domains.js';
import { exitCodePhone, familyFirstName, groupedAmount, layoutsOf, legacyCode, mangledDomain, trunkZeroPhone } from './feed-layouts.js';
import type { CellValue, ColumnSpec, Conventions, ReferenceTable } from './types.js';
import {
  MONTH_ABBREVIATIONS,
  capitaliseWords,
  isUsPhone,
  pad,
  parseAmountUnits,
  isoDate,
  readDateIn,
  phoneDigits,
  withThousandsSeparators,
} from './value-formats.js';

export interface InjectedDefect {
  readonly kind: string;
  readonly value: CellValue;
}

/** What a defect may read besides the clean cell: the whole clean record and the table's reference data. */
export interface DefectContext {
  readonly record: CleanRecord;
  readonly references: readonly ReferenceTable[];
  readonly conventions: Conventions;
}

type Variant = (rng: Rng, clean: string, column: ColumnSpec, context: DefectContext) => CellValue | null;

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
  return (rng, clean, column, context) => rng.pick(variants)(rng, clean, column, context);
}

// Only plainly capitalised names lose their casing: "VAN DER BERG" could not be restored from the spec.
const nameCase: Variant = (rng, clean, column, context) =>
  isPlainName(clean) ? anyCase(lowerCase, upperCase)(rng, clean, column, context) : null;

const nameOrder: Variant = (_rng, clean, _column, { conventions }) => {
  const words = clean.split(' ');
  if (words.length < 2) return null;
  return familyFirstName(words.slice(1).join(' '), words[0]!, layoutsOf(conventions));
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

const emailDomainEnding: Variant = (_rng, clean, _column, { conventions }) => {
  const at = clean.indexOf('@');
  return `${clean.slice(0, at + 1)}${mangledDomain(clean.slice(at + 1), layoutsOf(conventions))}`;
};

/** The address as a mail client copies it: with a display name, in angle brackets, or as a mailto link. */
const emailWrapped: Variant = (rng, clean) => {
  const display = capitaliseWords(clean.slice(0, clean.indexOf('@')).replace(/\d+/g, '').split('.').join(' '));
  return rng.pick([`${display} <${clean}>`, `<${clean}>`, `mailto:${clean}`]);
};

function usLayout(rng: Rng, clean: string): string {
  const d = phoneDigits(clean);
  const [a, e, n] = [d.slice(0, 3), d.slice(3, 6), d.slice(6)];
  return rng.pick([`(${a}) ${e}-${n}`, `${a}.${e}.${n}`, `${a}${e}${n}`, `+1 ${a} ${e} ${n}`, `1-${a}-${e}-${n}`, `${a}-${e}-${n}`, `+1${a}${e}${n}`]);
}

const phoneLayout: Variant = (rng, clean) => (isUsPhone(clean) ? usLayout(rng, clean) : null);

/** A number copied from a web page or a contact card: a tel: link or a trailing label. */
const phoneLabel: Variant = (rng, clean) => {
  if (!isUsPhone(clean)) return null;
  const number = rng.chance(0.5) ? clean : usLayout(rng, clean);
  return rng.pick([`tel:${number}`, `${number} (mobile)`, `${number} (office)`]);
};

/** One zero digit typed as the letter O; `from` skips a fixed prefix (the +1 of a phone, the letters of a code). */
function letterO(rng: Rng, text: string, from: number): string | null {
  const zeros = [...text].map((ch, i) => (ch === '0' && i >= from ? i : -1)).filter((i) => i >= 0);
  if (!zeros.length) return null;
  const at = rng.pick(zeros);
  return `${text.slice(0, at)}O${text.slice(at + 1)}`;
}

const phoneLetterO: Variant = (rng, clean) => (isUsPhone(clean) ? letterO(rng, clean, 3) : null);

/** A US number as the old switchboard export wrote it: a trunk 0 before the area code ("0617 555 0142"). */
const trunkZero: Variant = (_rng, clean, _column, { conventions }) => {
  if (!isUsPhone(clean)) return null;
  const d = phoneDigits(clean);
  return trunkZeroPhone(d.slice(0, 3), d.slice(3, 6), d.slice(6), layoutsOf(conventions));
};

const internationalPrefix: Variant = (_rng, clean, _column, { conventions }) => (isUsPhone(clean) ? null : exitCodePhone(clean, layoutsOf(conventions)));

const dateLayout: Variant = (rng, clean, _column, { conventions }) => {
  const date = readDateIn(clean, conventions.dateLayout);
  if (!date) return null;
  const iso = isoDate(date);
  const { year, month, day } = date;
  const mon = MONTH_ABBREVIATIONS[month - 1]!;
  const time = `${pad(rng.int(7, 19), 2)}:${pad(rng.int(0, 59), 2)}`;
  const [first, second] = conventions.slashedDates === 'month-first' ? [month, day] : [day, month];
  const slashed = [`${pad(first, 2)}/${pad(second, 2)}/${year}`, `${pad(first, 2)}/${pad(second, 2)}/${String(year).slice(2)}`];
  // A slashed date whose day is 12 or less reads both ways: only the table's convention (in the prose) decides it,
  // so those are the slashed dates the sources send most.
  if (day <= 12 && day !== month && rng.chance(0.8)) return rng.pick(slashed);
  // Half the time a layout the normalize_date op does not read (it takes slashes as month first and knows no dots).
  const unread = [
    conventions.dateLayout === 'iso' ? `${pad(day, 2)}.${pad(month, 2)}.${year}` : iso,
    `${year}.${pad(month, 2)}.${pad(day, 2)}`,
    `${pad(day, 2)}-${mon}-${year}`,
    slashed[1]!,
  ];
  if (rng.chance(0.5)) return rng.pick(unread);
  const layouts = [
    `${year}/${pad(month, 2)}/${pad(day, 2)}`,
    ...slashed,
    `${day} ${mon} ${year}`,
    `${mon} ${day}, ${year}`,
    `${year}${pad(month, 2)}${pad(day, 2)}`,
    // The other stored layout: dotted where the table stores ISO dates, ISO where it stores dotted ones.
    conventions.dateLayout === 'iso' ? `${pad(day, 2)}.${pad(month, 2)}.${year}` : iso,
    `${year}.${pad(month, 2)}.${pad(day, 2)}`,
    `${pad(day, 2)}-${mon}-${year}`,
    rng.chance(0.5) ? `${iso}T${time}:00` : `${iso} ${time}`,
  ];
  if (month < 10 || day < 10) layouts.push(`${year}-${month}-${day}`);
  return rng.pick(layouts);
};

/** How many decimals this row's amount has: the currency's minor unit, or two. */
function amountDecimals(column: ColumnSpec, record: CleanRecord): number {
  return column.decimals ? column.decimals.digits[record[column.decimals.column] ?? ''] ?? 2 : 2;
}

const SIGNS: Readonly<Record<string, string>> = { USD: '$', EUR: '€', GBP: '£', JPY: '¥' };

const currencySign: Variant = (rng, clean, column, { record }) => {
  const sign = SIGNS[record.currency ?? 'USD'];
  if (!sign) return null;
  const decimals = amountDecimals(column, record);
  const body = (parseAmountUnits(clean, decimals) ?? 0) >= 1000 * 10 ** decimals && rng.chance(0.5) ? withThousandsSeparators(clean) : clean;
  return rng.chance(0.8) ? `${sign}${body}` : `${body} ${sign}`;
};

const thousandsSeparator: Variant = (_rng, clean, column, { record }) => {
  const decimals = amountDecimals(column, record);
  return (parseAmountUnits(clean, decimals) ?? 0) >= 1000 * 10 ** decimals ? withThousandsSeparators(clean) : null;
};

/** A two-decimal amount exported without its decimal point: in cents, or (whole units only) without its ".00". */
const bareAmount: Variant = (_rng, clean, column, { record, conventions }) => {
  if (amountDecimals(column, record) !== 2) return null;
  if (conventions.bareAmounts === 'cents') return String(parseAmountUnits(clean, 2));
  return clean.endsWith('.00') ? clean.slice(0, -3) : null;
};

const missingDecimal: Variant = (_rng, clean, column, { record }) =>
  amountDecimals(column, record) === 2 && clean.endsWith('0') ? clean.slice(0, -1) : null;

const decimalComma: Variant = (rng, clean, column, { record }) => {
  if (amountDecimals(column, record) !== 2) return null;
  const [whole, fraction] = clean.split('.') as [string, string];
  const options = [`${whole},${fraction}`];
  if (whole.length > 3) options.push(`${whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${fraction}`);
  return rng.pick(options);
};

/** The French office's layout: a space between thousands and a decimal comma ("12 345,50"). */
const frenchAmount: Variant = (_rng, clean, column, { record, conventions }) => {
  if (amountDecimals(column, record) !== 2) return null;
  const [whole, fraction] = clean.split('.') as [string, string];
  return whole.length > 3 ? groupedAmount(whole, fraction, layoutsOf(conventions)) : null;
};

const unitSuffix: Variant = (rng, clean) => rng.pick([`${clean} pcs`, `${clean} units`, `x${clean}`]);

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

/** A count typed as an English word ("three"), as a person entering it by hand writes small numbers. */
const numberWord: Variant = (_rng, clean) => NUMBER_WORDS[Number(clean)] ?? null;

const leadingZeroLost: Variant = (_rng, clean) => (clean.startsWith('0') ? clean.slice(1) : null);

const zipPlusFour: Variant = (rng, clean) => `${clean}-${pad(rng.int(1, 9999), 4)}`;

/** Another layout of a code such as ORD-10423, INV-2024-0042 or SKU-1042. */
const codeLayout: Variant = (rng, clean) => {
  const match = /^([A-Z]+)-(.+)$/.exec(clean);
  if (!match) return null;
  const [, prefix, number] = match as unknown as [string, string, string];
  const options: string[] = [' ', '_', '/', ''].map((sep) => `${prefix}${sep}${number.replace(/-/g, sep)}`);
  const typo = letterO(rng, clean, prefix.length);
  if (typo) options.push(typo);
  const groups = number.split('-');
  const last = groups.at(-1)!;
  if (last.length > 1 && last.startsWith('0')) options.push(`${prefix}-${[...groups.slice(0, -1), String(Number(last))].join('-')}`);
  return rng.pick(options);
};

/** The legacy export's layout of a code: its number first, then the prefix ("10423-ORD" for ORD-10423); the spec names it. */
const codeReversed: Variant = (_rng, clean, _column, { conventions }) => {
  const match = /^([A-Z]+)-(.+)$/.exec(clean);
  return match ? legacyCode(match[1]!, match[2]!.replace(/-/g, ''), layoutsOf(conventions)) : null;
};

/** A lookup value copied from the wrong reference row (stale after its key changed). */
const staleLookup: Variant = (rng, clean, column, { references }) => {
  const table = references.find((t) => t.name === column.lookup?.table);
  const others = [...new Set(table?.rows.map((r) => r[1]!) ?? [])].filter((v) => v !== clean);
  return others.length ? rng.pick(others) : null;
};

const categoryCase: Variant = (rng, clean, column, context) =>
  (clean === clean.toUpperCase() ? anyCase(lowerCase, capitalised) : anyCase(upperCase, capitalised))(rng, clean, column, context);

const synonym: Variant = (rng, clean, column) => {
  const options = Object.entries(column.synonyms ?? {}).filter(([, to]) => to === clean).map(([from]) => from);
  return options.length ? rng.pick(options) : null;
};

/**
 * Which defects can hit a column, with relative weights. Defects that a column op repairs on its own (stray
 * spaces, plain case, the layouts normalize_date/normalize_phone/to_number read) are kept to a minority: most
 * real defects need the row, the spec or a reference table.
 */
function defectMenu(column: ColumnSpec): { kind: string; weight: number; make: Variant }[] {
  switch (column.kind) {
    case 'record_code':
    case 'ref_code':
      return [
        { kind: 'case', weight: 0.3, make: lowerCase },
        { kind: 'whitespace', weight: 0.3, make: whitespace },
        { kind: 'code_layout', weight: 0.3, make: codeLayout },
        { kind: 'code_reversed', weight: 1.5, make: codeReversed },
      ];
    case 'person_name':
      return [
        { kind: 'case', weight: 2, make: nameCase },
        { kind: 'name_order', weight: 3, make: nameOrder },
        { kind: 'whitespace', weight: 0.3, make: whitespace },
      ];
    case 'email':
      return [
        { kind: 'case', weight: 0.3, make: emailCase },
        { kind: 'email_spaces', weight: 0.3, make: emailSpaces },
        { kind: 'email_at', weight: 0.3, make: emailAt },
        { kind: 'email_domain_ending', weight: 2, make: emailDomainEnding },
        { kind: 'email_wrapped', weight: 0.3, make: emailWrapped },
      ];
    case 'phone':
      return [
        { kind: 'phone_format', weight: 0.3, make: phoneLayout },
        { kind: 'phone_letter_o', weight: 0.3, make: phoneLetterO },
        { kind: 'phone_label', weight: 0.3, make: phoneLabel },
        { kind: 'international_prefix', weight: 3, make: internationalPrefix },
        { kind: 'trunk_zero', weight: 3, make: trunkZero },
      ];
    case 'date':
      return [{ kind: 'date_format', weight: 1, make: dateLayout }];
    case 'amount':
      return [
        { kind: 'thousands_separator', weight: 0.3, make: thousandsSeparator },
        { kind: 'currency_sign', weight: 0.3, make: currencySign },
        { kind: 'bare_amount', weight: 1.5, make: bareAmount },
        { kind: 'french_amount', weight: 1.5, make: frenchAmount },
        { kind: 'missing_decimal', weight: 0.3, make: missingDecimal },
        { kind: 'decimal_comma', weight: 0.3, make: decimalComma },
        { kind: 'whitespace', weight: 0.3, make: whitespace },
      ];
    case 'integer':
      return [
        { kind: 'whitespace', weight: 0.3, make: whitespace },
        { kind: 'unit_suffix', weight: 0.5, make: unitSuffix },
        { kind: 'number_word', weight: 3, make: numberWord },
      ];
    case 'category':
      return [
        { kind: 'case', weight: 0.3, make: categoryCase },
        { kind: 'synonym', weight: 5, make: synonym },
        { kind: 'whitespace', weight: 0.3, make: whitespace },
      ];
    case 'postcode':
      return [
        { kind: 'leading_zero_lost', weight: 1, make: leadingZeroLost },
        { kind: 'zip_plus_four', weight: 1, make: zipPlusFour },
        { kind: 'whitespace', weight: 0.3, make: whitespace },
      ];
    case 'lookup':
      return [
        { kind: 'missing', weight: 1, make: () => null },
        { kind: 'stale', weight: 5, make: staleLookup },
        { kind: 'case', weight: 0.3, make: anyCase(lowerCase, upperCase) },
        { kind: 'whitespace', weight: 0.3, make: whitespace },
      ];
  }
}

/**
 * Slips that vanish once a cell is reduced to its letters and digits (case, spaces, separators, signs): a near copy
 * varies its cells by other defects, so that telling it from a distinct record needs the spec's repairs.
 */
export const SHALLOW_KINDS = ['case', 'whitespace', 'email_spaces', 'phone_format', 'currency_sign', 'thousands_separator', 'code_layout', 'decimal_comma', 'unit_suffix', 'email_wrapped', 'phone_label'];

/**
 * Defects a script fixes without reading the spec (column ops, generic rewrites, filling a lookup from its table):
 * the generator keeps them to a small share, since they measure nothing a script cannot do.
 */
export const GENERIC_KINDS = [...SHALLOW_KINDS, 'missing_decimal', 'phone_letter_o', 'email_at', 'leading_zero_lost', 'zip_plus_four', 'missing'];

/**
 * The slips of a pipeline level: each has one general column-level repair the spec implies (a template rewrite, a
 * value map, a lookup), so a pipeline written from the spec repairs them in batches it never saw.
 */
export const PIPELINE_KINDS = ['code_reversed', 'name_order', 'synonym', 'number_word', 'stale', 'missing', 'email_domain_ending', 'trunk_zero', 'international_prefix', 'french_amount'];

/** Every other slip kind of the menu, excluded at a pipeline level. */
export const NON_PIPELINE_KINDS = [
  ...new Set(
    (['record_code', 'person_name', 'email', 'phone', 'date', 'amount', 'integer', 'category', 'postcode', 'lookup'] as const)
      .flatMap((kind) => defectMenu({ name: '', kind, rule: '', example: '' }).map((m) => m.kind))
      .filter((kind) => !PIPELINE_KINDS.includes(kind)),
  ),
];

/**
 * Rewrites one clean cell with a defect that fits its column (other than `excludeKinds`), or returns null when no
 * defect applies to this value (e.g. no leading zero to lose). The result always differs from the clean value.
 */
export function injectDefect(
  rng: Rng,
  column: ColumnSpec,
  clean: string,
  context: DefectContext,
  excludeKinds: readonly string[] = [],
): InjectedDefect | null {
  const menu = defectMenu(column).filter((m) => !excludeKinds.includes(m.kind));
  const order: typeof menu = [];
  const remaining = menu.slice();
  while (remaining.length) {
    const chosen = rng.weighted(remaining, remaining.map((m) => m.weight));
    order.push(chosen);
    remaining.splice(remaining.indexOf(chosen), 1);
  }
  for (const option of order) {
    const value = option.kind === 'missing' ? null : option.make(rng, clean, column, context);
    if (option.kind !== 'missing' && (value === null || value === clean)) continue;
    return { kind: option.kind, value };
  }
  return null;
}
