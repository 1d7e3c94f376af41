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
  const nums = text.split(/[-/]/);
  if (nums.length === 3 && nums.every((p) => /^\d+$/.test(p))) {
    const [a, b, c] = nums.map(Number) as [number, number, number];
    if (nums[0]!.length === 4) return realDay(a, b, c); // year first: Y-M-D or Y/M/D
    if (nums[2]!.length === 4 && text.includes('/')) return realDay(c, a, b); // year last: always M/D/Y
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

function repairAmount(raw: string): string | null {
  const compact = raw.replace(/\s/g, '');
  if (/^\d+$/.test(compact)) {
    // The legacy cents export.
    const centsText = compact.padStart(3, '0');
    return `${String(Number(centsText.slice(0, -2)))}.${centsText.slice(-2)}`;
  }
  const bare = compact.replace(/[$€£]/g, '');
  if (!/^\d{1,3}(,\d{3})*(\.\d{1,2})?$/.test(bare) && !/^\d+(\.\d{1,2})?$/.test(bare)) return null;
  const [whole, fraction = ''] = bare.replace(/,/g, '').split('.');
  if (fraction === '') return null;
  return `${String(Number(whole))}.${fraction.padEnd(2, '0')}`;
}

function repairPhone(raw: string): string | null {
  let digits = raw.replace(/[^0-9]/g, '');
  if (digits.length === 11 && digits[0] === '1') digits = digits.slice(1);
  if (digits.length !== 10) return null;
  return `+1-${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`;
}

function repairName(raw: string): string {
  let text = squish(raw);
  const comma = text.indexOf(',');
  if (comma >= 0) text = `${squish(text.slice(comma + 1))} ${squish(text.slice(0, comma))}`;
  return text
    .split(' ')
    .map((w) => w.slice(0, 1).toUpperCase() + w.slice(1).toLowerCase())
    .join(' ');
}

function repairEmail(raw: string, domains: readonly string[]): string | null {
  const text = raw.toLowerCase().split('(at)').join('@').replace(/\s/g, '');
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
    expected = table?.rows.find((r) => r[0] === key)?.[1] ?? null;
  } else if (value !== null) {
    const domains = data.reference_tables.find((t) => t.name === 'email_domains')?.rows.map((r) => r[0]!) ?? [];
    switch (column.kind) {
      case 'record_code':
      case 'ref_code':
        expected = squish(value).toUpperCase();
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
      case 'amount':
        expected = repairAmount(value);
        break;
      case 'integer':
        expected = squish(value);
        break;
      case 'category':
        expected = repairCategory(value, column);
        break;
      case 'postcode': {
        const text = squish(value);
        expected = /^\d{4}$/.test(text) ? `0${text}` : text;
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
