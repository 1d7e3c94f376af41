// A shallow baseline agent: trusts only the structured pattern/allowed/synonyms hints and the documented column ops.
// It measures how much of the task a script solves without reading the prose rules (see the README's levels).
import type { Policy, WireObservation } from 'openenv-ts';
import { applyOp } from './column-ops.js';
import { MAX_VIEW_LIMIT, TRANSFORM_OPS, type DataCleaningData } from './schemas.js';

type Row = DataCleaningData['view']['rows'][number];
type Column = DataCleaningData['columns'][number];

/** Whether a value passes the column's structured hints (a column without hints passes everything). */
function passes(column: Column, value: string): boolean {
  if (column.allowed) return column.allowed.includes(value);
  return column.pattern === null || new RegExp(column.pattern).test(value);
}

/** A value that passes the hints, from the synonyms, another casing of an allowed value, or one or two ops; else null. */
function guess(column: Column, value: string): string | null {
  const squished = value.trim().replace(/\s+/g, ' ');
  if (column.allowed) {
    const same = column.allowed.find((a) => a.toLowerCase() === squished.toLowerCase());
    return same ?? column.synonyms?.[squished.toLowerCase()] ?? null;
  }
  for (const first of TRANSFORM_OPS) {
    const once = applyOp(first, value);
    if (once !== value && passes(column, once)) return once;
    for (const second of TRANSFORM_OPS) {
      const twice = applyOp(second, once);
      if (twice !== value && passes(column, twice)) return twice;
    }
  }
  return null;
}

function plan(data: DataCleaningData, rows: readonly Row[]): unknown[] {
  const key = data.columns.find((c) => c.is_key);
  const seen = new Set<string>();
  const deletes: unknown[] = [];
  const updates: unknown[] = [];
  for (const row of [...rows].sort((a, b) => Number(a.row_id) - Number(b.row_id))) {
    const fixed = new Map<string, string>();
    for (const column of data.columns) {
      const raw = row[column.name];
      if (raw === null || raw === undefined) continue;
      const value = String(raw);
      if (passes(column, value)) continue;
      const repaired = guess(column, value);
      if (repaired !== null) fixed.set(column.name, repaired);
    }
    if (key) {
      const keyValue = fixed.get(key.name) ?? String(row[key.name] ?? '');
      if (seen.has(keyValue)) {
        deletes.push({ type: 'delete_row', row_id: Number(row.row_id) });
        continue;
      }
      seen.add(keyValue);
    }
    for (const [column, value] of fixed) updates.push({ type: 'update_cell', row_id: Number(row.row_id), column, value });
  }
  return [...deletes, ...updates, { type: 'submit' }];
}

/** Pages through the whole table with view, then plays its plan; a fresh policy per episode. */
export function hintOnlyPolicy(): Policy {
  const rows: Row[] = [];
  let planned: unknown[] | null = null;
  let pages = 0;
  return (observation: WireObservation, step: number) => {
    const data = observation.data as DataCleaningData;
    if (planned === null) {
      if (step > 0) rows.push(...data.view.rows);
      if (step === 0 || rows.length < data.row_count) {
        pages += 1;
        return { type: 'view', offset: (pages - 1) * MAX_VIEW_LIMIT, limit: MAX_VIEW_LIMIT };
      }
      planned = plan(data, rows);
    }
    return planned[step - pages] ?? null;
  };
}
