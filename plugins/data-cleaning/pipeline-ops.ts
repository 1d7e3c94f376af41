// Row-level pipeline ops (map, lookup, order_dates, product_of, quotient_of) and deduplicate: general rules that read the row or a reference table.
import type { ReferenceTable, TableRow } from './types.js';
import { formatAmount, readDateIn, type CalendarDate } from './value-formats.js';

/** The parameters a row-level op reads (absent where the op does not use them). */
export interface RowOpParams {
  readonly values?: Readonly<Record<string, string>> | null;
  readonly reference?: string | null;
  readonly key_column?: string | null;
  readonly other_column?: string | null;
  readonly columns?: readonly string[] | null;
}

/** Why a row-level op's parameters cannot be used, or null. */
export function rowOpProblem(op: string, params: RowOpParams, references: readonly ReferenceTable[]): string | null {
  switch (op) {
    case 'map':
      return params.values ? null : 'map needs "values": an object from exact cell text to new text.';
    case 'lookup':
      if (!params.reference || !params.key_column) return 'lookup needs "reference" (a reference table) and "key_column" (the column of this table looked up).';
      return references.some((t) => t.name === params.reference) ? null : `Unknown reference table "${params.reference}"; they are ${references.map((t) => t.name).join(', ') || 'none'}.`;
    case 'order_dates':
      return params.other_column ? null : 'order_dates needs "other_column": the date column that must not be after this one.';
    case 'product_of':
    case 'quotient_of':
      return params.columns?.length === 2 ? null : `${op} needs "columns": the two operand columns.`;
    default:
      return null;
  }
}

/** A date in either stored layout (ISO or dotted), as a sortable number, or null. */
function dateOrdinal(text: string | null): number | null {
  if (text === null) return null;
  const date: CalendarDate | null = readDateIn(text, 'iso') ?? readDateIn(text, 'dotted');
  return date ? date.year * 10000 + date.month * 100 + date.day : null;
}

/** A plain non-negative decimal number ("12", "12.5", "12.50") in hundredths, or null. */
function hundredths(text: string | null): number | null {
  if (text === null) return null;
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : null;
}

/**
 * The cells of one row an op changes (column -> new value), possibly none. Unlike the single-cell ops, lookup also
 * fills an empty cell and order_dates changes two cells.
 */
export function applyRowOp(op: string, column: string, row: TableRow, params: RowOpParams, references: readonly ReferenceTable[]): Record<string, string> {
  const value = row.cells[column] ?? null;
  switch (op) {
    case 'map': {
      if (value === null || !params.values || !Object.prototype.hasOwnProperty.call(params.values, value)) return {};
      return { [column]: params.values[value]! };
    }
    case 'lookup': {
      const table = references.find((t) => t.name === params.reference);
      const key = row.cells[params.key_column ?? ''] ?? null;
      const found = table?.rows.find((r) => r[0] === key);
      return found ? { [column]: found[1]! } : {};
    }
    case 'order_dates': {
      const other = params.other_column!;
      const here = dateOrdinal(value);
      const there = dateOrdinal(row.cells[other] ?? null);
      if (here === null || there === null || here >= there) return {};
      return { [column]: row.cells[other]!, [other]: value! };
    }
    case 'product_of':
    case 'quotient_of': {
      const [a, b] = (params.columns ?? []).map((c) => hundredths(row.cells[c] ?? null));
      if (a == null || b == null) return {};
      if (op === 'product_of') return { [column]: formatAmount(Math.round((a * b) / 100)) };
      return b === 0 ? {} : { [column]: formatAmount(Math.round((a * 100) / b)) };
    }
    default:
      return {};
  }
}

export interface DeduplicateParams {
  readonly by: readonly string[];
  readonly latest_column?: string | null;
  readonly keep_columns?: readonly string[] | null;
}

/**
 * Groups rows equal in every `by` column (an empty cell never matches), keeps the lowest row_id of each group and
 * deletes the rest; with latest_column the kept row first takes the cells of the group's row with the latest date
 * there (ties: the lowest row_id), except in keep_columns.
 */
export function deduplicate(rows: readonly TableRow[], params: DeduplicateParams): { rows: TableRow[]; deleted: number[]; changedCells: number } {
  const groups = new Map<string, TableRow[]>();
  const order = [...rows].sort((x, y) => x.row_id - y.row_id);
  for (const row of order) {
    const parts = params.by.map((c) => row.cells[c] ?? null);
    if (parts.some((p) => p === null)) continue;
    const key = JSON.stringify(parts);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const replaced = new Map<number, TableRow>();
  const deleted: number[] = [];
  let changedCells = 0;
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const [kept, ...rest] = group as [TableRow, ...TableRow[]];
    deleted.push(...rest.map((r) => r.row_id));
    if (!params.latest_column) continue;
    const when = (r: TableRow) => dateOrdinal(r.cells[params.latest_column!] ?? null) ?? -1;
    const latest = group.reduce((best, r) => (when(r) > when(best) ? r : best));
    if (latest === kept) continue;
    const cells = { ...kept.cells };
    for (const [column, cell] of Object.entries(latest.cells)) {
      if (params.keep_columns?.includes(column) || cells[column] === cell) continue;
      cells[column] = cell;
      changedCells += 1;
    }
    replaced.set(kept.row_id, { row_id: kept.row_id, cells });
  }
  const gone = new Set(deleted);
  return { rows: rows.filter((r) => !gone.has(r.row_id)).map((r) => replaced.get(r.row_id) ?? r), deleted: deleted.sort((a, b) => a - b), changedCells };
}
