// The `reloads` trap: fact rows carry a source document number and a load time; a document re-sent by its source is loaded again, and the latest load wins.
import type { Rng } from 'openenv-ts';
import { cents, dayOfIso, isoDateTime } from './data-helpers.js';
import type { LogicalColumn } from './warehouse-model.js';
import type { SqlValue } from './types.js';

type Row = Record<string, SqlValue>;


/**
 * The two columns a fact table gains. Only the load column's dictionary line says how reloads work: no question
 * and no glossary term mentions them, so an analyst learns it from that line or from document numbers that repeat.
 */
export function reloadColumns(): LogicalColumn[] {
  return [
    { key: 'doc', words: ['document', 'number'], type: 'TEXT', indexed: true, doc: 'Document number in the source system.' },
    {
      key: 'load', words: ['load', 'time'], type: 'TEXT',
      doc: "When the warehouse loaded the row (UTC 'YYYY-MM-DD HH:MM:SS'). A source re-sends a document whenever it changes; the row with the latest load time of a document number replaces every earlier load of it.",
    },
  ];
}

export interface ReloadOptions {
  /** Prefix of the document numbers ('SO', 'INV'). */
  readonly prefix: string;
  /** The business day (day number) of a row: its first load follows it by one to three days. */
  readonly dayOf: (row: Row) => number;
  /** Status codes a reload may switch the row to. */
  readonly statuses: readonly SqlValue[];
  /** An amount a reload may correct. */
  readonly amountKey?: string;
  /** The soft-delete columns of a deleted row, when soft deletion is present (a source deletion is re-sent too). */
  readonly deleted?: (row: Row) => Row;
  /** Share of documents loaded a second time. */
  readonly share: number;
  /** Of the reloaded documents, the share loaded once more (and so on, up to the most extra loads). */
  readonly nextLoadShare: number;
  /** The most loads after the first one document gets. */
  readonly maxExtraLoads: number;
  /** Share of re-sent documents that are deletions at the source (the latest load is then a deleted row). */
  readonly deletionShare: number;
  /** Give the later loads their ids in shuffled order (the latest load is then not always the highest id). */
  readonly shuffleIds: boolean;
}

/** What a re-sent document changed: nothing, its status, its amount, or (rarely) it was deleted at the source. */
function changed(r: Rng, row: Row, options: ReloadOptions): Row {
  const roll = r.float(0, 1);
  const otherStatuses = options.statuses.filter((s) => s !== row.status);
  // A row whose table shows a single status here cannot change it: it is re-sent unchanged instead.
  const otherStatus = (): Row => (otherStatuses.length ? { ...row, status: r.pick(otherStatuses) } : { ...row });
  const deletedAtSource = (): Row => (options.deleted ? { ...row, ...options.deleted(row) } : otherStatus());
  if (roll < 0.3) return { ...row };
  if (roll < 0.62) return otherStatus();
  if (roll < 1 - options.deletionShare) {
    if (options.amountKey && typeof row[options.amountKey] === 'number') {
      return { ...row, [options.amountKey]: cents((row[options.amountKey] as number) * r.pick([0.5, 0.8, 0.9, 1.1, 1.25, 1.5])) };
    }
    // Without an amount to correct: a source deletion, unless this instance shows none.
    return options.deletionShare > 0 ? deletedAtSource() : otherStatus();
  }
  return deletedAtSource();
}

/**
 * Gives every row (ids already assigned, in `id`) a document number and a first load time, and appends the
 * reloads with new ids after the highest one. Returns the rows and, per reloaded id, the ids of its later loads.
 */
export function withReloads(r: Rng, rows: readonly Row[], options: ReloadOptions): { rows: Row[]; reloadsOf: Map<number, number[]> } {
  let serial = 10_000 + r.int(0, 80_000);
  const out: Row[] = [];
  const later: Row[] = [];
  const reloadsOf = new Map<number, number[]>();
  let nextId = Math.max(...rows.map((row) => Number(row.id))) + 1;
  for (const row of rows) {
    serial += r.int(1, 3);
    const first = { ...row, doc: `${options.prefix}-${serial}`, load: isoDateTime(options.dayOf(row) + r.int(1, 3), r.int(0, 86_399)) };
    out.push(first);
    if (!r.chance(options.share)) continue;
    let loads = 1;
    while (loads < options.maxExtraLoads && r.chance(options.nextLoadShare)) loads++;
    let previous: Row = first;
    for (let n = 0; n < loads; n++) {
      const next = { ...changed(r, previous, options), id: nextId, load: isoDateTime(dayOfIso(String(previous.load)) + r.int(1, 45), r.int(0, 86_399)) };
      reloadsOf.set(Number(row.id), [...(reloadsOf.get(Number(row.id)) ?? []), nextId]);
      nextId++;
      later.push(next);
      previous = next;
    }
  }
  if (options.shuffleIds && later.length > 1) {
    // Ids are assigned by the loader in no promised order: only the load time says which load is the latest.
    const ids = r.shuffle(later.map((row) => Number(row.id)));
    const renamed = new Map(later.map((row, i) => [Number(row.id), ids[i]!]));
    later.forEach((row) => (row.id = renamed.get(Number(row.id))!));
    for (const [first, ids2] of reloadsOf) reloadsOf.set(first, ids2.map((id) => renamed.get(id)!));
    later.sort((a, b) => Number(a.id) - Number(b.id));
  }
  return { rows: [...out, ...later], reloadsOf };
}
