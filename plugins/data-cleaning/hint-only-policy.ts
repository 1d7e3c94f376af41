// The audit's structured-hint attacker: reads no rule text, flags cells by structured checks and column shape, guesses repairs.
// It is the script issue 18 measured (0.609 with the documented ops, 0.886 with generic reformatting guesses on the
// old task), made generic: it uses every machine-readable field the observation has (pattern, allowed, synonyms,
// lookup, decimals, kind, example, reference tables) and the statistics of the table itself, never a rule sentence.
import type { Policy, WireObservation } from 'openenv-ts';
import { applyOp } from './column-ops.js';
import { MAX_VIEW_LIMIT, TRANSFORM_OPS, type DataCleaningData } from './schemas.js';

type Row = DataCleaningData['view']['rows'][number];
type Column = DataCleaningData['columns'][number];
type Table = Omit<DataCleaningData['reference_tables'][number], 'rows'> & { readonly rows: readonly (readonly string[])[] };

/** A value's shape: digits as 9, letters as a, other characters kept, so "2024-03-05" and "2023-11-30" share one. */
export function shapeOf(value: string): string {
  return value.replace(/\d/g, '9').replace(/\p{L}+/gu, 'a');
}

function squish(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

/** What the script infers about one column from structured fields and the column's own values. */
interface ColumnProfile {
  readonly column: Column;
  /** Shapes a good value has: the example's and any shape held by a fifth of the column (for free-text kinds, none). */
  readonly shapes: ReadonlySet<string>;
  /** Values common enough to be canonical (category-like columns: few distinct values). */
  readonly common: readonly string[];
  readonly categorical: boolean;
  /** A reference table and the column it is keyed by, from the structured `lookup` field or inferred from the values. */
  readonly lookup: { readonly table: Table; readonly via: string } | null;
}

const FREE_TEXT_KINDS = new Set(['person_name']);

function valuesOf(rows: readonly Row[], name: string): string[] {
  return rows.map((r) => r[name]).filter((v): v is string | number => v !== null && v !== undefined).map(String);
}

function counts(values: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const v of values) out.set(v, (out.get(v) ?? 0) + 1);
  return out;
}

/** The reference table whose second column holds most of this column's values, keyed by a column whose values are its first. */
function inferLookup(column: Column, rows: readonly Row[], data: Known): ColumnProfile['lookup'] {
  if (column.lookup) {
    const table = data.reference_tables.find((t) => t.name === column.lookup!.table);
    return table ? { table, via: column.lookup.via } : null;
  }
  const values = valuesOf(rows, column.name);
  if (!values.length) return null;
  for (const table of data.reference_tables) {
    if (table.columns.length < 2) continue;
    const seconds = new Set(table.rows.map((r) => r[1]));
    if (values.filter((v) => seconds.has(v)).length < 0.6 * values.length) continue;
    const firsts = new Set(table.rows.map((r) => r[0]));
    const via = data.columns.find((c) => c.name !== column.name && valuesOf(rows, c.name).filter((v) => firsts.has(v)).length >= 0.6 * rows.length);
    if (via) return { table, via: via.name };
  }
  return null;
}

function profile(column: Column, rows: readonly Row[], data: Known): ColumnProfile {
  const values = valuesOf(rows, column.name);
  const byValue = counts(values);
  const categorical = column.allowed !== null || (byValue.size <= Math.max(6, rows.length / 5) && column.kind !== 'integer');
  const common = column.allowed ?? [...byValue].filter(([, n]) => n >= Math.max(3, rows.length / 12)).map(([v]) => v);
  const shapes = new Set<string>();
  if (!FREE_TEXT_KINDS.has(column.kind)) {
    if (column.example) shapes.add(shapeOf(column.example));
    for (const [shape, n] of counts(values.map(shapeOf))) if (n >= 0.2 * values.length) shapes.add(shape);
  }
  return { column, shapes, common, categorical, lookup: column.kind === 'lookup' || categorical ? inferLookup(column, rows, data) : null };
}

/** Whether a value passes every structured check the script knows for its column. */
function passes(p: ColumnProfile, value: string): boolean {
  if (value !== squish(value)) return false;
  if (p.column.allowed) return p.column.allowed.includes(value);
  if (p.column.pattern !== null) return new RegExp(p.column.pattern).test(value);
  if (p.categorical && p.common.length) return p.common.includes(value);
  if (p.shapes.size) return p.shapes.has(shapeOf(value));
  return true;
}

/** Generic reformatting a script tries on any text that fails its checks: wrappers, labels, typos and separators. */
function genericRewrites(value: string, example: string): string[] {
  const out = new Set<string>();
  const s = squish(value);
  out.add(s);
  const angled = /<([^<>]+)>/.exec(s);
  if (angled) out.add(angled[1]!.trim());
  out.add(s.replace(/^(mailto|tel):\s*/i, ''));
  out.add(s.replace(/\s*\([a-z]+\)$/i, ''));
  out.add(s.replace(/\(at\)/gi, '@').replace(/\s+/g, ''));
  out.add(s.replace(/^00/, '+'));
  out.add(s.replace(/\s*(pcs|units)$/i, '').replace(/^x/i, ''));
  out.add(s.replace(/^(\d{5})-\d{4}$/, '$1'));
  if (/^\d{4}$/.test(s)) out.add(`0${s}`);
  if (/^\d+$/.test(s)) out.add(`${Math.floor(Number(s) / 100)}.${s.slice(-2).padStart(2, '0')}`);
  const comma = /^([\d.]+),(\d{2})$/.exec(s);
  if (comma) out.add(`${comma[1]!.replace(/\./g, '')}.${comma[2]}`);
  out.add(s.replace(/[oO](?=\d)|(?<=\d)[oO]/g, '0'));
  // Re-cut a code to the example's layout: the example's letters, then its digit groups with its separators.
  const code = /^([A-Za-z]+)([^A-Za-z0-9]?)(.*)$/.exec(example);
  if (code) {
    const prefix = code[1]!;
    const groups = example.slice(prefix.length).split(/[^0-9]+/).filter(Boolean).map((g) => g.length);
    const digits = s.toUpperCase().replace(/O/g, '0').replace(/[^0-9]/g, '');
    if (s.toUpperCase().startsWith(prefix.toUpperCase()) && groups.length && digits.length === groups.reduce((a, b) => a + b, 0)) {
      let at = 0;
      out.add(`${prefix}${code[2]}${groups.map((g) => digits.slice(at, (at += g))).join(code[2] || '-')}`);
    }
  }
  return [...out];
}

/** A repair for a failing cell: a synonym, another casing of a common value, a lookup, or an op / rewrite that passes. */
function guess(p: ColumnProfile, value: string | null, row: Row, fixed: ReadonlyMap<string, string>): string | null {
  if (p.lookup) {
    const key = fixed.get(p.lookup.via) ?? (row[p.lookup.via] === null || row[p.lookup.via] === undefined ? null : String(row[p.lookup.via]));
    const hit = key === null ? undefined : p.lookup.table.rows.find((r) => r[0] === key);
    if (hit) return hit[1]!;
  }
  if (value === null) return null;
  const s = squish(value);
  if (p.categorical && p.common.length) {
    const same = p.common.find((a) => a.toLowerCase() === s.toLowerCase());
    if (same) return same;
    const synonym = p.column.synonyms?.[s.toLowerCase()];
    if (synonym) return synonym;
  }
  const candidates: string[] = [];
  for (const first of TRANSFORM_OPS) {
    const once = applyOp(first, value);
    candidates.push(once);
    for (const second of TRANSFORM_OPS) candidates.push(applyOp(second, once));
  }
  for (const rewritten of genericRewrites(value, p.column.example)) {
    candidates.push(rewritten, rewritten.toLowerCase(), rewritten.toUpperCase());
    for (const op of TRANSFORM_OPS) candidates.push(applyOp(op, rewritten));
  }
  return candidates.find((c) => c !== value && passes(p, c)) ?? null;
}

/** A cell's text reduced for fuzzy matching of records: lower case, letters and digits only. */
function fuzzy(value: unknown): string {
  return value === null || value === undefined ? '' : String(value).toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The observation's data with every reference table's rows filled in from what the script has opened. */
type Known = Omit<DataCleaningData, 'reference_tables'> & { readonly reference_tables: readonly Table[] };

function plan(data: Known, rows: readonly Row[]): unknown[] {
  const profiles = data.columns.map((c) => profile(c, rows, data));
  const key = data.columns.find((c) => c.is_key);
  const keptKeys = new Set<string>();
  const kept: Row[] = [];
  const deletes: unknown[] = [];
  const updates: unknown[] = [];
  for (const row of [...rows].sort((a, b) => Number(a.row_id) - Number(b.row_id))) {
    const fixed = new Map<string, string>();
    for (const p of profiles) {
      const raw = row[p.column.name];
      const value = raw === null || raw === undefined ? null : String(raw);
      if (value !== null && passes(p, value)) continue;
      const repaired = guess(p, value, row, fixed);
      if (repaired !== null) fixed.set(p.column.name, repaired);
    }
    // Duplicates: the same repaired key, or (generic entity resolution) most cells equal to a kept row's once reduced.
    const keyValue = key ? fixed.get(key.name) ?? String(row[key.name] ?? '') : null;
    const near = kept.some((other) => {
      const same = data.columns.filter((c) => fuzzy(fixed.get(c.name) ?? row[c.name]) === fuzzy(other[c.name])).length;
      return same >= Math.ceil(0.7 * data.columns.length);
    });
    if ((keyValue !== null && keptKeys.has(keyValue)) || near) {
      deletes.push({ type: 'delete_row', row_id: Number(row.row_id) });
      continue;
    }
    if (keyValue !== null) keptKeys.add(keyValue);
    kept.push({ ...row, ...Object.fromEntries(fixed) });
    for (const [column, value] of fixed) updates.push({ type: 'update_cell', row_id: Number(row.row_id), column, value });
  }
  return [...deletes, ...updates, { type: 'submit' }];
}

/** Opens every reference table, pages through the whole table with view, then plays its plan; a fresh policy per episode. */
export function hintOnlyPolicy(): Policy {
  const rows: Row[] = [];
  const opened = new Map<string, string[][]>();
  let planned: unknown[] | null = null;
  let reading = 0;
  let pages = 0;
  return (observation: WireObservation, step: number) => {
    const data = observation.data as DataCleaningData;
    for (const table of data.reference_tables) if (table.rows) opened.set(table.name, table.rows);
    if (planned === null) {
      const closed = data.reference_tables.find((t) => !opened.has(t.name));
      if (closed) {
        reading += 1;
        return { type: 'view_reference', table: closed.name };
      }
      if (pages > 0) rows.push(...data.view.rows);
      if (pages === 0 || rows.length < data.row_count) {
        pages += 1;
        reading += 1;
        return { type: 'view', offset: (pages - 1) * MAX_VIEW_LIMIT, limit: MAX_VIEW_LIMIT };
      }
      const known: Known = { ...data, reference_tables: data.reference_tables.map((t) => ({ ...t, rows: opened.get(t.name) ?? [] })) };
      planned = plan(known, rows);
    }
    return planned[step - reading] ?? null;
  };
}
