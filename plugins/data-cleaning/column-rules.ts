// The column specs of the spec: each column's rule in prose, built per scenario from its conventions, names and data.
// Rules quote this table's own column names and values, so no two tables state a rule in the same words, and the
// conventions (slashed dates, bare amounts, which side of a broken product is wrong) come from the scenario.
import { exitCodePhone, exitCodeText, mangledDomain, mangledDomainText, familyFirstName, familyFirstSeparator, groupedAmount, layoutsOf, legacyCode, trunkZeroPhone, type FeedLayouts } from './feed-layouts.js';
import type { ColumnKind, ColumnSpec, Conventions } from './types.js';
import { MONTH_ABBREVIATIONS, datePattern, parseIsoDate, pad, parseAmountUnits, writeDate } from './value-formats.js';

/** What a rule may quote: the conventions, the shown name of any column, and a clean value of any column. */
export interface RuleContext {
  readonly conventions: Conventions;
  /** The name a column has in this table (columns are named per schema). */
  shown(canonical: string): string;
  /** A clean value of a column, from this table's records. */
  sample(canonical: string): string;
  /** One clean record of this table (by canonical names, dates in ISO), for examples that need a consistent row. */
  row(): Readonly<Record<string, string>>;
  /** The table's name, so that a rule is stated about this table. */
  readonly table: string;
}

/** A column of a domain: its canonical name, kind and how its spec is built for one scenario. */
export interface ColumnDef {
  readonly name: string;
  readonly kind: ColumnKind;
  /** Canonical names of the columns a schema must show with this one (a lookup's key, an amount's currency). */
  readonly needs?: readonly string[];
  build(ctx: RuleContext): ColumnSpec;
}

const NO_SPACES = 'no leading, trailing or doubled spaces';

/** The ways a code is mistyped, quoting this column's example. */
function codeLayouts(example: string, name: string, layouts: FeedLayouts): string {
  const [prefix, ...groups] = example.split('-');
  const digits = groups.join('');
  const legacy = legacyCode(prefix!, digits, layouts);
  return (
    `${name} values typed in another layout must be rewritten to ${example}'s layout: lower case (${example.toLowerCase()}), ` +
    `a space, underscore or slash for the hyphen (${prefix}_${groups.join('_')}), no hyphen (${prefix}${digits}), a letter O typed for a zero digit, ` +
    `or the legacy export's ${legacy.startsWith(digits) ? 'number-first ' : ''}form (${legacy}).`
  );
}

export function recordCode(name: string, shape: string, pattern: string, extra = ''): ColumnDef {
  return {
    name,
    kind: 'record_code',
    build: (ctx) => {
      const example = ctx.sample(name);
      return {
        name: ctx.shown(name),
        kind: 'record_code',
        rule: `The record number ${ctx.shown(name)}, upper case, shaped ${shape} like ${example}; ${NO_SPACES}. ${codeLayouts(example, ctx.shown(name), layoutsOf(ctx.conventions))}${paddedExample(ctx, name, extra)}`,
        example,
        pattern,
        isKey: true,
      };
    },
  };
}

/** Fills {long} and {short} in a rule with one of this table's codes whose number has leading zeros (and without them). */
function paddedExample(ctx: RuleContext, name: string, text: string): string {
  if (!text.includes('{long}')) return text;
  let long = '0042';
  for (let i = 0; i < 12; i++) {
    const last = ctx.sample(name).split('-').at(-1)!;
    if (last.startsWith('0') && Number(last) > 0) {
      long = last;
      break;
    }
  }
  return text.replace('{long}', long).replace('{short}', String(Number(long)));
}

export function personName(name: string): ColumnDef {
  return {
    name,
    kind: 'person_name',
    build: (ctx) => {
      const example = ctx.sample(name);
      const [given, ...family] = example.split(' ');
      return {
        name: ctx.shown(name),
        kind: 'person_name',
        rule:
          `Given name, one space, family name, as registered: ${example}. Registered casing stays in ${ctx.shown(name)} (as in ${ctx.sample(name)}), even where it is not plain capitalisation: McDonald, O'Neil, DeShawn, van der Berg are right as they are. ` +
          `A ${ctx.shown(name)} entirely in lower or upper case (${example.toUpperCase()}) lost its casing: capitalise each word; names with special casing never lose it. ` +
          `A name written family first ${familyFirstSeparator(layoutsOf(ctx.conventions))} ("${familyFirstName(family.join(' '), given!, layoutsOf(ctx.conventions))}") must become given first; ${NO_SPACES}.`,
        example,
      };
    },
  };
}

export function email(name: string, isKey: boolean): ColumnDef {
  return {
    name,
    kind: 'email',
    build: (ctx) => {
      const example = ctx.sample(name);
      const [local, domain] = example.split('@') as [string, string];
      return {
        name: ctx.shown(name),
        kind: 'email',
        rule:
          `A bare address in lower case with no spaces, local@domain, whose domain is in the email_domains table (${example}). ` +
          `In ${ctx.shown(name)}, "${local}(at)${domain}" means ${example}, and "${local}@${mangledDomain(domain, layoutsOf(ctx.conventions))}" (${mangledDomainText(layoutsOf(ctx.conventions))}) is the known domain that ${layoutsOf(ctx.conventions).emailDomain === 0 ? 'starts so' : 'it spells'}. ` +
          `A display form ("Name <${example}>", "<${example}>", "mailto:${example}") must be cut down to the bare address.` +
          (isKey ? ' It identifies the record.' : ''),
        example,
        pattern: '^[a-z0-9.]+@[a-z0-9.-]+$',
        ...(isKey ? { isKey: true } : {}),
      };
    },
  };
}

export function phone(name: string): ColumnDef {
  return {
    name,
    kind: 'phone',
    build: (ctx) => {
      const shown = ctx.shown(name);
      let us = '+1-617-555-0142';
      for (let i = 0; i < 8 && !/^\+1-/.test(us = ctx.sample(name)); i++);
      if (!/^\+1-/.test(us)) us = '+1-617-555-0142';
      const d = us.replace(/\D/g, '').slice(1);
      const [a, e, n] = [d.slice(0, 3), d.slice(3, 6), d.slice(6)];
      return {
        name: shown,
        kind: 'phone',
        rule:
          `A US number in ${shown} is written +1-AAA-EEE-NNNN (${us}): its ten digits in another layout ((${a}) ${e}-${n}, ${a}.${e}.${n}, ${d}, with or without a leading 1) must be rewritten, a letter O typed for a zero is a zero, ` +
          `and a "tel:" prefix or a trailing label such as "(mobile)" or "(office)" must go; the old switchboard export put a trunk 0 before the area code (${trunkZeroPhone(a, e, n, layoutsOf(ctx.conventions))}), which is dropped. ` +
          `A number in ${ctx.table}.${shown} from outside North America stays as registered, + and the country code and then space-separated groups (+44 20 7946 0958, +65 6123 4567); ` +
          (ctx.conventions.feedLayouts
            ? `only ${exitCodeText(ctx.conventions.feedLayouts)} typed for the + becomes + (${exitCodePhone('+44 20 7946 0958', ctx.conventions.feedLayouts)} is +44 20 7946 0958).`
            : 'only a leading 00 typed for the + becomes +.'),
        example: us,
        pattern: '^(\\+1-\\d{3}-\\d{3}-\\d{4}|\\+[2-9]\\d{0,2}( \\d{1,4}){2,5})$',
      };
    },
  };
}

/** How a slashed date with the year last reads in this table, with this table's own date as the example. */
export function slashedReading(ctx: RuleContext, example: string): string {
  const date = parseIsoDate(example)!;
  const written = ctx.conventions.slashedDates === 'month-first' ? `${pad(date.month, 2)}/${pad(date.day, 2)}/${date.year}` : `${pad(date.day, 2)}/${pad(date.month, 2)}/${date.year}`;
  const order = ctx.conventions.slashedDates === 'month-first' ? 'month/day/year (the US export)' : 'day/month/year (the European export)';
  return `A slashed date with the year last is always ${order} in this table: ${written} is ${writeDate(date, ctx.conventions.dateLayout)}, and a two-digit year at the end is 20YY.`;
}

export function date(name: string, notBefore?: { column: string; words: string }): ColumnDef {
  return {
    name,
    kind: 'date',
    ...(notBefore ? { needs: [notBefore.column] } : {}),
    build: (ctx) => {
      const iso = ctx.sample(name);
      const d = parseIsoDate(iso)!;
      const layout = ctx.conventions.dateLayout;
      const example = writeDate(d, layout);
      const mon = MONTH_ABBREVIATIONS[d.month - 1]!;
      const row = ctx.row();
      const pair = (column: string) => writeDate(parseIsoDate(row[column]!)!, layout);
      const order = notBefore
        ? ` ${ctx.shown(name)} is never before ${ctx.shown(notBefore.column)} (${notBefore.words}: ${pair(name)} after ${pair(notBefore.column)}); a row where it is had the two dates typed into each other's column, so they must be swapped back.`
        : '';
      const stored = layout === 'iso' ? 'YYYY-MM-DD' : 'DD.MM.YYYY (day, month, year with dots)';
      const other = layout === 'iso' ? `${pad(d.day, 2)}.${pad(d.month, 2)}.${d.year} (dots with the year last are day.month.year)` : `${iso} (year-month-day)`;
      return {
        name: ctx.shown(name),
        kind: 'date',
        rule:
          `${ctx.shown(name)} is stored ${stored}, like ${example}. Other layouts must be rewritten: ${d.year}/${pad(d.month, 2)}/${pad(d.day, 2)}, ${other}, ` +
          `${d.year}.${pad(d.month, 2)}.${pad(d.day, 2)}, ${d.day} ${mon} ${d.year}, ${mon} ${d.day}, ${d.year}, ${pad(d.day, 2)}-${mon}-${d.year}, ${d.year}${pad(d.month, 2)}${pad(d.day, 2)}, ` +
          `${d.year}-${d.month}-${d.day} without zero padding, and a date with a time of day (${iso}T14:30:00 or ${iso} 14:30) whose time must be dropped. ${slashedReading(ctx, iso)}${order}`,
        example,
        pattern: datePattern(layout),
        ...(notBefore ? { notBefore: ctx.shown(notBefore.column) } : {}),
      };
    },
  };
}

export function bareAmountReading(ctx: RuleContext, example: string): string {
  const units = parseAmountUnits(example, 2) ?? 123450;
  return ctx.conventions.bareAmounts === 'cents'
    ? `A bare whole number with no decimal point was exported in cents by the legacy system: divide it by 100 (${units} means ${example}).`
    : `A bare whole number with no decimal point lost its ".00" in the spreadsheet export: it is whole units (${Math.floor(units / 100)} means ${Math.floor(units / 100)}.00), never cents.`;
}

/** The decimal comma rule, quoting one of this table's amounts. */
function decimalComma(example: string, layouts: FeedLayouts): string {
  const [whole, cents] = example.split('.') as [string, string];
  const dotted = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const grouped = groupedAmount(whole, cents, layouts);
  const office = ['the French office also puts a space between thousands', "the Swiss office also puts an apostrophe between thousands", 'the French office also puts a space between thousands but keeps the decimal point'][layouts.thousands]!;
  return (
    `A comma followed by exactly two final digits is the decimal comma of the EU office export (${dotted},${cents} and ${whole},${cents} mean ${example}); ` +
    `${office} (${grouped} means ${example}).`
  );
}

export function amount(name: string, product?: { count: string; price: string }): ColumnDef {
  return {
    name,
    kind: 'amount',
    ...(product ? { needs: [product.count, product.price] } : {}),
    build: (ctx) => {
      const example = ctx.sample(name);
      let arithmetic = '';
      if (product) {
        const total = ctx.shown(name);
        const count = ctx.shown(product.count);
        const price = ctx.shown(product.price);
        const row = ctx.row();
        arithmetic =
          ` ${total} equals ${count} x ${price} to the cent (${row[product.count]} x ${row[product.price]} = ${row[name]}); ` +
          (ctx.conventions.arithmetic === 'total-wrong'
            ? `where a row disagrees, ${count} and ${price} are right and ${total} must be recomputed.`
            : `where a row disagrees, ${total} and ${count} are right (the total was billed) and ${price} must be set to ${total} / ${count}.`);
      }
      return {
        name: ctx.shown(name),
        kind: 'amount',
        rule:
          `${ctx.shown(name)} is an amount in dollars, a plain decimal with exactly two decimals like ${example}: no currency sign, no thousands separator, no spaces. ` +
          `${bareAmountReading(ctx, example)} ${decimalComma(example, layoutsOf(ctx.conventions))}${arithmetic}`,
        example,
        pattern: '^\\d+\\.\\d{2}$',
        ...(product ? { product: { count: ctx.shown(product.count), price: ctx.shown(product.price) } } : {}),
      };
    },
  };
}

/** The number of decimals of each invoice currency (its ISO 4217 minor unit). */
export const CURRENCY_DECIMALS: Readonly<Record<string, number>> = { USD: 2, EUR: 2, GBP: 2, JPY: 0, KWD: 3 };

// A currency with no or three decimals makes a blind to_number wrong for correct cells (1234.500 -> 1234.50).
export function currencyAmount(name: string, currencyColumn: string): ColumnDef {
  return {
    name,
    kind: 'amount',
    needs: [currencyColumn],
    build: (ctx) => {
      const example = ctx.sample(name);
      const currency = ctx.shown(currencyColumn);
      return {
        name: ctx.shown(name),
        kind: 'amount',
        rule:
          `${ctx.shown(name)} is in the row's ${currency}, a plain number with exactly that currency's decimals: two for USD, EUR and GBP, none for JPY, three for KWD ` +
          `(1234.50, 125000, 1234.500); no currency sign, no thousands separator, no spaces. In ${ctx.table}, only for USD, EUR and GBP: ${bareAmountReading(ctx, twoDecimalSample(ctx, name, currencyColumn))} ${decimalComma(twoDecimalSample(ctx, name, currencyColumn), layoutsOf(ctx.conventions))}`,
        example,
        pattern: '^\\d+(\\.\\d{2,3})?$',
        decimals: { column: currency, digits: CURRENCY_DECIMALS },
      };
    },
  };
}

/** An amount of this table in a two-decimal currency, for the examples of the legacy layouts. */
function twoDecimalSample(ctx: RuleContext, name: string, currencyColumn: string): string {
  for (let i = 0; i < 12; i++) {
    const row = ctx.row();
    if (CURRENCY_DECIMALS[row[currencyColumn] ?? ''] === 2) return row[name]!;
  }
  return '1234.50';
}

export function integer(name: string): ColumnDef {
  return {
    name,
    kind: 'integer',
    build: (ctx) => {
      const example = ctx.sample(name);
      return {
        name: ctx.shown(name),
        kind: 'integer',
        rule: `${ctx.shown(name)} is a whole number in digits only (${example}): a unit after it ("${example} pcs", "${example} units") or an "x" before it ("x${example}") must be dropped, and a number typed as an English word (seven) is written in digits (7); ${NO_SPACES}.`,
        example,
        pattern: '^\\d+$',
      };
    },
  };
}

export function category(name: string, allowed: readonly string[], synonyms: Readonly<Record<string, string>>): ColumnDef {
  return {
    name,
    kind: 'category',
    build: (ctx) => {
      const synonymText = Object.entries(synonyms).map(([from, to]) => `"${from}" means ${to}`).join(', ');
      return {
        name: ctx.shown(name),
        kind: 'category',
        rule: `In ${ctx.table}, ${ctx.shown(name)} holds exactly one of ${allowed.join(', ')}, spelled and cased so. Other words for them occur in ${ctx.table}.${ctx.shown(name)}: ${synonymText}; another casing of an allowed value is that value; ${NO_SPACES}.`,
        example: allowed[0]!,
        allowed: [...allowed],
        synonyms: { ...synonyms },
      };
    },
  };
}

export function postcode(name: string, table: string): ColumnDef {
  return {
    name,
    kind: 'postcode',
    build: (ctx) => {
      const example = ctx.sample(name);
      return {
        name: ctx.shown(name),
        kind: 'postcode',
        rule: `${ctx.shown(name)} has exactly five digits and is one of the postcodes of the ${table} table. ${example.slice(1)} lost its leading zero if the table has ${example}; a ZIP+4 value (${example}-4307) must be cut to its first five digits; ${NO_SPACES}.`,
        example,
        pattern: '^\\d{5}$',
      };
    },
  };
}

export function refCode(name: string, table: string, shape: string, pattern: string): ColumnDef {
  return {
    name,
    kind: 'ref_code',
    build: (ctx) => {
      const example = ctx.sample(name);
      return {
        name: ctx.shown(name),
        kind: 'ref_code',
        rule: `${ctx.shown(name)} of ${ctx.table} is an upper-case code shaped ${shape} that appears in the ${table} table, like ${example}; ${NO_SPACES}. ${codeLayouts(example, `${ctx.table}.${ctx.shown(name)}`, layoutsOf(ctx.conventions))}`,
        example,
        pattern,
      };
    },
  };
}

export function lookup(name: string, table: string, via: string, valueName: string): ColumnDef {
  return {
    name,
    kind: 'lookup',
    needs: [via],
    build: (ctx) => {
      const shownVia = ctx.shown(via);
      return {
        name: ctx.shown(name),
        kind: 'lookup',
        rule:
          `${ctx.shown(name)} must equal, exactly, the ${valueName} the ${table} table gives for the row's ${shownVia} (${ctx.sample(via)} gives ${ctx.sample(name)}): ` +
          `another casing, or the ${valueName} of another ${shownVia}, is wrong, and an empty ${ctx.shown(name)} is filled from that table.`,
        example: ctx.sample(name),
        lookup: { table, via: shownVia },
      };
    },
  };
}
