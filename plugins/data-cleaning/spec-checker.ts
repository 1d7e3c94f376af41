// An independent spec checker: reads only what the observation shows and finds every cell and row that breaks the spec.
// Tests use it to prove each injected defect is detectable (and repairable) from the prose spec and the data alone:
// it reads the conventions, allowed values, synonyms and column links out of the rule sentences (the structured
// fields are null at every level), and deliberately shares no code with the generator or the column ops.
import type { DataCleaningData } from './schemas.js';

type ObservedRow = DataCleaningData['view']['rows'][number];
type WireColumn = DataCleaningData['columns'][number];

/** A column as the checker understands it after reading its rule. */
interface ObservedColumn extends WireColumn {
  readonly dateLayout: 'iso' | 'dotted';
  readonly dayFirst: boolean;
  readonly bareCents: boolean;
  readonly totalWrong: boolean;
}

/** The part of an observation the checker reads: the spec and the reference tables (rows filled in where opened). */
export interface ObservedSpec {
  readonly columns: readonly WireColumn[];
  readonly reference_tables: readonly { readonly name: string; readonly rows: readonly (readonly string[])[] | null }[];
  readonly duplicate_rule: string;
}

interface Understood {
  readonly columns: readonly ObservedColumn[];
  readonly reference_tables: ObservedSpec['reference_tables'];
  readonly identity: readonly [string, string] | null;
  /** The source-system column and the last-update column, where the spec has source systems and survivorship. */
  readonly source: string | null;
  readonly updated: string | null;
}

/** A habit the checker found in one system's rows, as the scoped op that undoes it. */
export interface HabitFinding {
  readonly system: string;
  readonly column: string;
  readonly op: 'swap_day_month' | 'swap_name_order' | 'divide_by_100';
  /** The transform_column parameters that undo it (the generic rewrite or scale op). */
  readonly transform: { readonly op: 'rewrite'; readonly from: string; readonly to: string } | { readonly op: 'scale'; readonly factor: number };
}

const CURRENCY_DIGITS: Record<string, number> = { USD: 2, EUR: 2, GBP: 2, JPY: 0, KWD: 3 };

/** Reads one column's rule: the facts the structured fields would give, and the table's conventions. */
function understand(column: WireColumn, all: readonly WireColumn[]): ObservedColumn {
  const rule = column.rule;
  const names = all.map((c) => c.name).sort((a, b) => b.length - a.length);
  const nameAt = (text: string) => names.find((n) => text.startsWith(n)) ?? null;
  let allowed = column.allowed;
  let synonyms = column.synonyms;
  if (column.kind === 'category') {
    const list = /holds exactly one of (.*?), spelled and cased so\./.exec(rule);
    allowed = list ? list[1]!.split(', ') : allowed;
    synonyms = Object.fromEntries([...rule.matchAll(/"([^"]+)" means ([^,;]+)/g)].map((m) => [m[1]!, m[2]!.trim()]));
  }
  let lookup = column.lookup;
  const looked = /the (\w+) table gives for the row's (.+?) \(/.exec(rule);
  if (column.kind === 'lookup' && looked) lookup = { table: looked[1]!, via: nameAt(looked[2]!) ?? looked[2]! };
  let decimals = column.decimals;
  const currency = / is in the row's (\S+), a plain number/.exec(rule);
  if (currency) decimals = { column: nameAt(currency[1]!) ?? currency[1]!, digits: CURRENCY_DIGITS };
  let product = column.product;
  const times = / equals (\S+) x (\S+) to the cent/.exec(rule);
  if (times) product = { count: nameAt(times[1]!) ?? times[1]!, price: nameAt(times[2]!) ?? times[2]! };
  let notBefore = column.not_before;
  const after = / is never before (\S+) \(/.exec(rule);
  if (after) notBefore = nameAt(after[1]!) ?? after[1]!;
  const dateLayout = rule.includes('is stored DD.MM.YYYY') ? 'dotted' : 'iso';
  let pattern = column.pattern;
  if (pattern === null) {
    if (column.kind === 'date') pattern = dateLayout === 'iso' ? '^\\d{4}-\\d{2}-\\d{2}$' : '^\\d{2}\\.\\d{2}\\.\\d{4}$';
    if (column.kind === 'integer') pattern = '^\\d+$';
    if (column.kind === 'postcode') pattern = '^\\d{5}$';
  }
  return {
    ...column,
    allowed,
    synonyms,
    lookup,
    decimals,
    product,
    not_before: notBefore,
    pattern,
    dateLayout,
    dayFirst: rule.includes('always day/month/year'),
    bareCents: rule.includes('exported in cents'),
    totalWrong: rule.includes('must be recomputed'),
  };
}

function understandSpec(data: ObservedSpec): Understood {
  const identity = /two rows whose (.+?) and (.+?) are both equal once repaired/.exec(data.duplicate_rule);
  const source = data.columns.find((c) => / names the system that sent the row/.test(c.rule))?.name ?? null;
  const updated = /the row with the latest (\S+) holds the current values/.exec(data.duplicate_rule)?.[1] ?? null;
  return {
    columns: data.columns.map((c) => understand(c, data.columns)),
    reference_tables: data.reference_tables,
    identity: identity ? [identity[1]!, identity[2]!] : null,
    source,
    updated,
  };
}

export interface CellFinding {
  readonly row_id: number;
  readonly column: string;
  readonly value: string | null;
  /** The value the spec requires, or null when the spec does not decide it. */
  readonly expected: string | null;
}

export interface DuplicateFinding {
  readonly row_id: number;
  readonly keep_row_id: number;
}

export interface SpecReport {
  /** Cells off the spec once the habits are undone (apply the habit ops first, then set these). */
  readonly cells: CellFinding[];
  readonly duplicates: DuplicateFinding[];
  readonly habits: HabitFinding[];
}

/** The day and month of a stored-layout date read the other way round, or null (not that layout, or no real day). */
function swappedDate(text: string, layout: 'iso' | 'dotted'): string | null {
  const m = layout === 'iso' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(text) : /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text);
  if (!m) return null;
  const result = layout === 'iso' ? realDay(+m[1]!, +m[3]!, +m[2]!) : realDay(+m[3]!, +m[1]!, +m[2]!);
  return result === null ? null : layout === 'iso' ? result : `${result.slice(8, 10)}.${result.slice(5, 7)}.${result.slice(0, 4)}`;
}

function storedDateIsReal(text: string, layout: 'iso' | 'dotted'): boolean {
  const m = layout === 'iso' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(text) : /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text);
  if (!m) return true; // another layout: a slip the column rule handles, not evidence of a habit
  return (layout === 'iso' ? realDay(+m[1]!, +m[2]!, +m[3]!) : realDay(+m[3]!, +m[2]!, +m[1]!)) !== null;
}

const letters = (text: string) => text.toLowerCase().replace(/[^a-z]/g, '');

/**
 * Finds each system's habit from the evidence its rows show: a stored-layout date that is no real day but is one
 * read month first; a two-word name whose row's email has the words the other way round; a product that holds
 * only with the price divided by 100. A habit is taken when some rows show it and no row of the system contradicts it.
 */
function findHabits(data: Understood, rows: readonly ObservedRow[]): HabitFinding[] {
  if (!data.source) return [];
  const text = (row: ObservedRow, column: string) => (row[column] === null || row[column] === undefined ? null : String(row[column]));
  const bySystem = new Map<string, ObservedRow[]>();
  for (const row of rows) {
    const system = text(row, data.source) ?? '';
    bySystem.set(system, [...(bySystem.get(system) ?? []), row]);
  }
  const found: HabitFinding[] = [];
  const dates = data.columns.filter((c) => c.kind === 'date');
  const email = data.columns.find((c) => c.kind === 'email');
  const names = data.columns.filter((c) => c.kind === 'person_name');
  for (const [system, systemRows] of bySystem) {
    const impossible = systemRows.some((row) => dates.some((c) => {
      const v = text(row, c.name);
      return v !== null && !storedDateIsReal(v, c.dateLayout) && swappedDate(v, c.dateLayout) !== null;
    }));
    if (impossible) {
      for (const c of dates) {
        const transform = c.dateLayout === 'iso' ? { op: 'rewrite' as const, from: '{year}-{b}-{a}', to: '{year}-{a}-{b}' } : { op: 'rewrite' as const, from: '{a}.{b}.{year}', to: '{b}.{a}.{year}' };
        found.push({ system, column: c.name, op: 'swap_day_month', transform });
      }
    }
    if (email) {
      for (const c of names) {
        let reversed = 0;
        let straight = 0;
        for (const row of systemRows) {
          const name = text(row, c.name);
          const mail = text(row, email.name);
          // A habit may also join the two names with another mark (Tanaka_Felix, Tanaka.Felix at the pipeline level).
          const words = name?.split(/[ _.]/) ?? [];
          if (!mail || words.length !== 2) continue;
          const local = letters(mail.split(/@|\(at\)/)[0]!.replace(/^.*</, '').replace(/^mailto:/i, ''));
          if (local === letters(words[1]!) + letters(words[0]!)) reversed += 1;
          else if (local === letters(words[0]!) + letters(words[1]!)) straight += 1;
        }
        if (reversed > 0 && straight === 0) found.push({ system, column: c.name, op: 'swap_name_order', transform: { op: 'rewrite', from: '{x} {y}', to: '{y} {x}' } });
      }
    }
    for (const total of data.columns.filter((c) => c.product)) {
      let hundredfold = 0;
      let plain = 0;
      for (const row of systemRows) {
        const count = Number(text(row, total.product!.count));
        const price = cents(text(row, total.product!.price));
        const sum = cents(text(row, total.name));
        if (!Number.isInteger(count) || price === null || sum === null) continue;
        if (count * price === 100 * sum) hundredfold += 1;
        else if (count * price === sum) plain += 1;
      }
      if (hundredfold > 0 && plain === 0) found.push({ system, column: total.product!.price, op: 'divide_by_100', transform: { op: 'scale', factor: 0.01 } });
    }
  }
  return found;
}

/** A cell as the habit op leaves it (the same arithmetic the op's description states, written independently). */
function undoHabit(op: HabitFinding['op'], value: string, column: ObservedColumn): string {
  switch (op) {
    case 'swap_day_month':
      return swappedDate(value, column.dateLayout) ?? value;
    case 'swap_name_order': {
      const words = value.split(' ');
      return words.length === 2 && words[0] && words[1] ? `${words[1]} ${words[0]}` : value;
    }
    case 'divide_by_100': {
      const c = cents(value);
      return c === null ? value : twoDecimals(Math.floor((c + 50) / 100));
    }
  }
}

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

function squish(text: string): string {
  return text.split(/\s+/).filter((part) => part.length > 0).join(' ');
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function realDay(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1) return null;
  const lengths = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= lengths[m - 1]! ? `${y}-${two(m)}-${two(d)}` : null;
}

/** A date in the column's stored layout, read from any layout the rule lists. */
function repairDate(raw: string, column: ObservedColumn): string | null {
  const iso = readAnyDate(raw, column.dayFirst);
  if (iso === null) return null;
  if (column.dateLayout === 'iso') return iso;
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

function readAnyDate(raw: string, dayFirst: boolean): string | null {
  const text = squish(raw);
  const stamp = /^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(:\d{2})?$/.exec(text);
  if (stamp) return readAnyDate(stamp[1]!, dayFirst); // the time of day is dropped
  const dotted = text.split('.');
  if (dotted.length === 3 && dotted.every((p) => /^\d+$/.test(p))) {
    const [a, b, c] = dotted.map(Number) as [number, number, number];
    if (dotted[0]!.length === 4) return realDay(a, b, c); // dots, year first: Y.M.D
    if (dotted[2]!.length === 4) return realDay(c, b, a); // dots, year last: D.M.Y
    return null;
  }
  const oracle = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(text);
  if (oracle) {
    const month = MONTHS[oracle[2]!.toLowerCase()];
    return month ? realDay(Number(oracle[3]), month, Number(oracle[1])) : null;
  }
  const nums = text.split(/[-/]/);
  if (nums.length === 3 && nums.every((p) => /^\d+$/.test(p))) {
    const [a, b, c] = nums.map(Number) as [number, number, number];
    if (nums[0]!.length === 4) return realDay(a, b, c); // year first: Y-M-D or Y/M/D
    // Year last: month first or day first, as the table's convention says; a two-digit year is 20YY.
    if (nums[2]!.length === 4 && text.includes('/')) return dayFirst ? realDay(c, b, a) : realDay(c, a, b);
    if (nums[2]!.length === 2 && text.includes('/')) return dayFirst ? realDay(2000 + c, b, a) : realDay(2000 + c, a, b);
    return null;
  }
  if (/^\d{8}$/.test(text)) return realDay(Number(text.slice(0, 4)), Number(text.slice(4, 6)), Number(text.slice(6)));
  const words = text.replace(',', '').split(' ');
  if (words.length === 3) {
    const [first, second, year] = words as [string, string, string];
    const monthFirst = MONTHS[first.slice(0, 3).toLowerCase()];
    const monthSecond = MONTHS[second.slice(0, 3).toLowerCase()];
    if (monthSecond && /^\d+$/.test(first)) return realDay(Number(year), monthSecond, Number(first));
    if (monthFirst && /^\d+$/.test(second)) return realDay(Number(year), monthFirst, Number(second));
  }
  return null;
}

/** An amount with `decimals` decimals; the legacy bare export and the decimal comma only occur with two. */
function repairAmount(raw: string, decimals: number, bareCents: boolean): string | null {
  const bare = raw.replace(/\s/g, '').replace(/[$€£¥]/g, '');
  if (decimals === 2) {
    if (/^\d+$/.test(bare)) {
      if (!bareCents) return `${String(Number(bare))}.00`;
      const centsText = bare.padStart(3, '0');
      return `${String(Number(centsText.slice(0, -2)))}.${centsText.slice(-2)}`;
    }
    const comma = /^(\d{1,3}(?:\.\d{3})+|\d+),(\d{2})$/.exec(bare);
    if (comma) return `${String(Number(comma[1]!.split('.').join('')))}.${comma[2]}`;
  }
  if (!/^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(bare)) return null;
  const [whole, fraction = ''] = bare.split(',').join('').split('.') as [string, string?];
  if (fraction.length > decimals || (decimals > 0 && fraction === '')) return null;
  return decimals === 0 ? String(Number(whole)) : `${String(Number(whole))}.${fraction.padEnd(decimals, '0')}`;
}

function repairPhone(raw: string): string | null {
  let text = squish(raw)
    .replace(/^tel:\s*/i, '')
    .replace(/\s*\((mobile|office)\)$/i, '');
  if (text.startsWith('00')) text = `+${text.slice(2)}`;
  if (/^\+[2-9]/.test(text)) return text; // international: kept as registered
  let digits = text.replace(/[oO]/g, '0').replace(/[^0-9]/g, '');
  if (digits.length === 11 && (digits[0] === '1' || digits[0] === '0')) digits = digits.slice(1); // a leading 1, or the switchboard's trunk 0
  if (digits.length !== 10) return null;
  return `+1-${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`;
}

function repairName(raw: string): string {
  let text = squish(raw);
  const comma = text.indexOf(',');
  if (comma >= 0) text = `${squish(text.slice(comma + 1))} ${squish(text.slice(0, comma))}`;
  // Registered mixed casing (McDonald, van der Berg) stays; only a name that lost all its casing is rewritten.
  if (text !== text.toLowerCase() && text !== text.toUpperCase()) return text;
  return text
    .split(' ')
    .map((w) => w.slice(0, 1).toUpperCase() + w.slice(1).toLowerCase())
    .join(' ');
}

/** A code shaped like the column's example (PREFIX-digits[-digits]) in any of the layouts the spec lists. */
function repairCode(raw: string, column: ObservedColumn): string | null {
  const shape = /^([A-Z]+)-([\d-]+)$/.exec(column.example);
  if (!shape) return squish(raw).toUpperCase();
  const prefix = shape[1]!;
  const lengths = shape[2]!.split('-').map((g) => g.length);
  let text = squish(raw).toUpperCase();
  const reversed = /^([\dO]+)-([A-Z]+)$/.exec(text);
  if (reversed && reversed[2] === prefix) text = `${prefix}${reversed[1]}`; // the legacy number-first form
  if (!text.startsWith(prefix)) return null;
  let groups = text.slice(prefix.length).replace(/O/g, '0').split(/[\s_/-]+/).filter((g) => g.length > 0);
  if (!groups.every((g) => /^\d+$/.test(g))) return null;
  const total = lengths.reduce((a, b) => a + b, 0);
  if (groups.length === 1 && lengths.length > 1 && groups[0]!.length === total) {
    let at = 0;
    groups = lengths.map((length) => groups[0]!.slice(at, (at += length)));
  }
  if (groups.length !== lengths.length) return null;
  const mayPad = column.rule.includes('lost its leading zeros');
  if (groups.some((g, i) => g.length > lengths[i]! || (!mayPad && g.length < lengths[i]!))) return null;
  return `${prefix}-${groups.map((g, i) => g.padStart(lengths[i]!, '0')).join('-')}`;
}

function repairEmail(raw: string, domains: readonly string[]): string | null {
  let address = raw.trim();
  const angled = /<([^<>]*)>/.exec(address);
  if (angled) address = angled[1]!;
  address = address.toLowerCase();
  if (address.startsWith('mailto:')) address = address.slice('mailto:'.length);
  const text = address.split('(at)').join('@').replace(/\s/g, '');
  const parts = text.split('@');
  if (parts.length !== 2 || !parts[0]) return null;
  let domain = parts[1]!;
  if (domains.length && !domains.includes(domain)) {
    const completions = domains.filter((d) => d.slice(0, d.indexOf('.')) === domain);
    if (completions.length !== 1) return null;
    domain = completions[0]!;
  }
  return `${parts[0]}@${domain}`;
}

function repairCategory(raw: string, column: ObservedColumn): string | null {
  const text = squish(raw);
  const allowed = column.allowed ?? [];
  const sameWord = allowed.find((a) => a.toLowerCase() === text.toLowerCase());
  if (sameWord) return sameWord;
  return column.synonyms?.[text.toLowerCase()] ?? null;
}

function matchesPattern(column: ObservedColumn, value: string | null): boolean {
  return value !== null && (column.pattern === null || new RegExp(column.pattern).test(value));
}

/** The value the spec requires for one cell, given the row's other cells; null when undecidable. */
function requiredValue(
  column: ObservedColumn,
  row: ObservedRow,
  data: Understood,
  memo: Map<string, string | null>,
): string | null {
  if (memo.has(column.name)) return memo.get(column.name)!;
  const raw = row[column.name];
  const value = raw === null || raw === undefined ? null : String(raw);
  let expected: string | null = null;
  if (column.name === data.source) {
    // The source system is right as it stands.
    expected = value;
  } else if (column.kind === 'lookup' && column.lookup) {
    const via = data.columns.find((c) => c.name === column.lookup!.via)!;
    const key = requiredValue(via, row, data, memo);
    const table = data.reference_tables.find((t) => t.name === column.lookup!.table);
    expected = table?.rows?.find((r) => r[0] === key)?.[1] ?? null;
  } else if (value !== null) {
    const domains = data.reference_tables.find((t) => t.name === 'email_domains')?.rows?.map((r) => r[0]!) ?? [];
    switch (column.kind) {
      case 'record_code':
      case 'ref_code':
        expected = repairCode(value, column);
        break;
      case 'person_name':
        expected = repairName(value);
        break;
      case 'email':
        expected = repairEmail(value, domains);
        break;
      case 'phone':
        expected = repairPhone(value);
        break;
      case 'date':
        expected = repairDate(value, column);
        break;
      case 'amount': {
        let decimals: number | null = 2;
        if (column.decimals) {
          const by = data.columns.find((c) => c.name === column.decimals!.column)!;
          const unit = requiredValue(by, row, data, memo);
          decimals = unit === null ? null : column.decimals.digits[unit] ?? null;
        }
        expected = decimals === null ? null : repairAmount(value, decimals, column.bareCents);
        break;
      }
      case 'integer': {
        const count = /^(?:x ?)?(\d+)(?: ?(?:pcs|units))?$/i.exec(squish(value));
        const word = NUMBER_WORDS.indexOf(squish(value).toLowerCase());
        expected = count ? count[1]! : word >= 0 ? String(word) : null;
        break;
      }
      case 'category':
        expected = repairCategory(value, column);
        break;
      case 'postcode': {
        const text = squish(value);
        expected = /^\d{4}$/.test(text) ? `0${text}` : /^\d{5}-\d{4}$/.test(text) ? text.slice(0, 5) : text;
        break;
      }
    }
    if (!matchesPattern(column, expected)) expected = null;
  }
  memo.set(column.name, expected);
  return expected;
}

/** Two amounts' product check: quantity x unit price in cents against the total in cents. */
function cents(text: string | null): number | null {
  const m = text === null ? null : /^(\d+)\.(\d{2})$/.exec(text);
  return m ? Number(m[1]) * 100 + Number(m[2]) : null;
}

function twoDecimals(units: number): string {
  return `${Math.floor(units / 100)}.${String(units % 100).padStart(2, '0')}`;
}

function dateKey(text: string | null, column: ObservedColumn): string | null {
  if (text === null) return null;
  if (column.dateLayout === 'iso') return text;
  const m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : null;
}

/** The row's required values: each cell repaired alone, then the rules between columns applied. */
function requiredRow(row: ObservedRow, data: Understood): Map<string, string | null> {
  const memo = new Map<string, string | null>();
  for (const column of data.columns) requiredValue(column, row, data, memo);
  for (const column of data.columns) {
    if (column.not_before) {
      const earlier = data.columns.find((c) => c.name === column.not_before)!;
      const later = dateKey(memo.get(column.name) ?? null, column);
      const first = dateKey(memo.get(earlier.name) ?? null, earlier);
      if (later !== null && first !== null && later < first) {
        const swapped = memo.get(column.name)!;
        memo.set(column.name, memo.get(earlier.name)!);
        memo.set(earlier.name, swapped);
      }
    }
    if (column.product) {
      const count = Number(memo.get(column.product.count));
      const price = cents(memo.get(column.product.price) ?? null);
      const total = cents(memo.get(column.name) ?? null);
      if (Number.isInteger(count) && count > 0 && price !== null && total !== null && price * count !== total) {
        if (column.totalWrong) memo.set(column.name, twoDecimals(price * count));
        else if (total % count === 0) memo.set(column.product.price, twoDecimals(total / count));
      }
    }
  }
  return memo;
}

/** Checks every row against the spec; `rows` must be the whole table (collect every page first). */
export function checkTable(spec: ObservedSpec, rows: readonly ObservedRow[]): SpecReport {
  const data = understandSpec(spec);
  const habits = findHabits(data, rows);
  // The table as it stands once every habit is undone in its system's rows: the cells are judged from there.
  const undone = rows.map((row) => {
    const next: ObservedRow = { ...row };
    for (const habit of habits) {
      const value = row[habit.column];
      if (String(row[data.source!]) !== habit.system || value === null || value === undefined) continue;
      next[habit.column] = undoHabit(habit.op, String(value), data.columns.find((c) => c.name === habit.column)!);
    }
    return next;
  });
  const cells: CellFinding[] = [];
  const keyColumn = data.columns.find((c) => c.is_key)!;
  const firstRowOfKey = new Map<string, number>();
  const firstRowOfIdentity = new Map<string, number>();
  const duplicates: DuplicateFinding[] = [];
  const required = new Map<number, Map<string, string | null>>();
  const sorted = [...undone].sort((a, b) => Number(a.row_id) - Number(b.row_id));
  // A system that writes day and month the other way round does so in every layout: its slashed dates read opposite.
  const flipped = new Map<string, Understood>();
  for (const habit of habits.filter((h) => h.op === 'swap_day_month')) {
    const base = flipped.get(habit.system) ?? data;
    flipped.set(habit.system, { ...base, columns: base.columns.map((c) => (c.name === habit.column ? { ...c, dayFirst: !c.dayFirst } : c)) });
  }
  const dataFor = (row: ObservedRow) => (data.source ? flipped.get(String(row[data.source])) : undefined) ?? data;
  for (const row of sorted) {
    const rowId = Number(row.row_id);
    const memo = requiredRow(row, dataFor(row));
    const key = memo.get(keyColumn.name) ?? null;
    const identity = data.identity ? JSON.stringify(data.identity.map((c) => memo.get(c) ?? null)) : null;
    const keeper = (key !== null ? firstRowOfKey.get(key) : undefined) ?? (identity !== null ? firstRowOfIdentity.get(identity) : undefined);
    if (keeper !== undefined) {
      duplicates.push({ row_id: rowId, keep_row_id: keeper });
      // Survivorship: the kept row takes the values of the most recently updated row of the record.
      const kept = required.get(keeper)!;
      const updated = data.updated ? data.columns.find((c) => c.name === data.updated)! : null;
      if (updated && (dateKey(memo.get(updated.name) ?? null, updated) ?? '') > (dateKey(kept.get(updated.name) ?? null, updated) ?? '')) {
        for (const column of data.columns) {
          if (column.is_key || column.name === data.source) continue;
          kept.set(column.name, memo.get(column.name) ?? null);
        }
      }
      continue;
    }
    required.set(rowId, memo);
    if (key !== null) firstRowOfKey.set(key, rowId);
    if (identity !== null) firstRowOfIdentity.set(identity, rowId);
  }
  const duplicateRows = new Set(duplicates.map((d) => d.row_id));
  for (const row of sorted) {
    const rowId = Number(row.row_id);
    if (duplicateRows.has(rowId)) continue;
    const memo = required.get(rowId)!;
    for (const column of data.columns) {
      const raw = row[column.name];
      const value = raw === null || raw === undefined ? null : String(raw);
      const expected = memo.get(column.name) ?? null;
      if (value !== expected) cells.push({ row_id: rowId, column: column.name, value, expected });
    }
  }
  return { cells, duplicates, habits };
}
