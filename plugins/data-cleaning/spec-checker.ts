// An independent spec checker: reads only what the observation shows and finds every cell and row that breaks the spec.
// Tests use it to prove each injected defect is detectable (and repairable) from the spec and the data alone; it
// deliberately shares no code with the generator or the column ops.
import type { DataCleaningData } from './schemas.js';

type ObservedRow = DataCleaningData['view']['rows'][number];
type ObservedColumn = DataCleaningData['columns'][number];

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
  readonly cells: CellFinding[];
  readonly duplicates: DuplicateFinding[];
}

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

function repairDate(raw: string): string | null {
  const text = squish(raw);
  const stamp = /^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(:\d{2})?$/.exec(text);
  if (stamp) return repairDate(stamp[1]!); // the time of day is dropped
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
    if (nums[2]!.length === 4 && text.includes('/')) return realDay(c, a, b); // year last: always M/D/Y
    if (nums[2]!.length === 2 && text.includes('/')) return realDay(2000 + c, a, b); // M/D/YY is 20YY
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

/** An amount with `decimals` decimals; the legacy cents export and the decimal comma only occur with two. */
function repairAmount(raw: string, decimals: number): string | null {
  const bare = raw.replace(/\s/g, '').replace(/[$€£¥]/g, '');
  if (decimals === 2) {
    if (/^\d+$/.test(bare)) {
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
  if (digits.length === 11 && digits[0] === '1') digits = digits.slice(1);
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
  const text = squish(raw).toUpperCase();
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
  data: Pick<DataCleaningData, 'columns' | 'reference_tables'>,
  memo: Map<string, string | null>,
): string | null {
  if (memo.has(column.name)) return memo.get(column.name)!;
  const raw = row[column.name];
  const value = raw === null || raw === undefined ? null : String(raw);
  let expected: string | null = null;
  if (column.kind === 'lookup' && column.lookup) {
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
        expected = repairDate(value);
        break;
      case 'amount': {
        let decimals: number | null = 2;
        if (column.decimals) {
          const by = data.columns.find((c) => c.name === column.decimals!.column)!;
          const unit = requiredValue(by, row, data, memo);
          decimals = unit === null ? null : column.decimals.digits[unit] ?? null;
        }
        expected = decimals === null ? null : repairAmount(value, decimals);
        break;
      }
      case 'integer': {
        const count = /^(?:x ?)?(\d+)(?: ?(?:pcs|units))?$/i.exec(squish(value));
        expected = count ? count[1]! : null;
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

/** Checks every row against the spec; `rows` must be the whole table (collect every page first). */
export function checkTable(data: Pick<DataCleaningData, 'columns' | 'reference_tables'>, rows: readonly ObservedRow[]): SpecReport {
  const cells: CellFinding[] = [];
  const keyColumn = data.columns.find((c) => c.is_key)!;
  const firstRowOfKey = new Map<string, number>();
  const duplicates: DuplicateFinding[] = [];
  const sorted = [...rows].sort((a, b) => Number(a.row_id) - Number(b.row_id));
  for (const row of sorted) {
    const rowId = Number(row.row_id);
    const memo = new Map<string, string | null>();
    const key = requiredValue(keyColumn, row, data, memo);
    if (key !== null && firstRowOfKey.has(key)) {
      duplicates.push({ row_id: rowId, keep_row_id: firstRowOfKey.get(key)! });
      continue;
    }
    if (key !== null) firstRowOfKey.set(key, rowId);
    for (const column of data.columns) {
      const raw = row[column.name];
      const value = raw === null || raw === undefined ? null : String(raw);
      const expected = requiredValue(column, row, data, memo);
      if (value !== expected) cells.push({ row_id: rowId, column: column.name, value, expected });
    }
  }
  return { cells, duplicates };
}
