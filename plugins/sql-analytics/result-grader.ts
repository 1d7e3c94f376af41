// The grader: compares the submitted query's result set with the gold query's, with partial credit.
//
// score = 1                                   when the result is exact (see `exact` below)
// score = min(0.95, 0.2*C + 0.7*J + 0.1*O)    otherwise
//   C: column score = gold columns present by name (case-insensitive) / max(#gold columns, #submitted columns)
//   J: row Jaccard = matched / (#gold rows + #submitted rows - matched), rows compared as whole tuples over the
//      gold columns (multiset: a duplicate row matches only once)
//   O: order score, when the question asks for an order = longest in-order run of matched gold rows (LIS) / #gold rows;
//      when it does not, O = J
// Exact: every gold column present by name and no extra column, the same multiset of rows, and (ordered questions)
// the same row order. Cells are equal when both are NULL, equal strings, or numbers within 0.006 + 1e-9*|x|
// (unrounded vs. correctly rounded to 2 decimals passes; a different rounded value does not).
import type { ResultSet, SqlValue } from './types.js';

export interface Comparison {
  readonly score: number;
  readonly exact: boolean;
  readonly column_score: number;
  readonly row_jaccard: number;
  readonly order_score: number;
  readonly matched_rows: number;
  readonly gold_rows: number;
  readonly submitted_rows: number;
  readonly missing_columns: string[];
  readonly extra_columns: string[];
  /** How columns were lined up for the row comparison. */
  readonly alignment: 'by_name' | 'by_position';
  readonly ordered: boolean;
}

const ABS_TOLERANCE = 0.006;
const REL_TOLERANCE = 1e-9;

function asNumber(value: SqlValue): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(value.trim())) return Number(value);
  return null;
}

export function cellsEqual(a: SqlValue | undefined, b: SqlValue | undefined): boolean {
  if (a === undefined || b === undefined) return false; // a gold column the submission lacks never matches
  if (a === null || b === null) return a === b;
  if (typeof a === 'string' && typeof b === 'string') return a === b;
  const x = asNumber(a);
  const y = asNumber(b);
  if (x === null || y === null) return false;
  return Math.abs(x - y) <= ABS_TOLERANCE + REL_TOLERANCE * Math.max(Math.abs(x), Math.abs(y));
}

/** Length of the longest strictly increasing subsequence (patience sorting). */
function longestIncreasing(values: readonly number[]): number {
  const tails: number[] = [];
  for (const v of values) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tails[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    tails[lo] = v;
  }
  return tails.length;
}

/** Bucket key of a row: its text and NULL cells (numbers are compared with tolerance, so they stay out). */
function bucketKey(row: readonly (SqlValue | undefined)[]): string {
  return JSON.stringify(row.map((v) => (v === undefined ? '\u0000missing' : v === null ? null : asNumber(v) === null ? v : '#')));
}

export function compareResults(gold: ResultSet, submitted: ResultSet, ordered: boolean): Comparison {
  const norm = (name: string) => name.trim().toLowerCase();
  const submittedIndex = new Map<string, number>();
  submitted.columns.forEach((c, i) => {
    if (!submittedIndex.has(norm(c))) submittedIndex.set(norm(c), i);
  });
  const byName = gold.columns.map((c) => submittedIndex.get(norm(c)) ?? -1);
  const named = byName.filter((i) => i >= 0).length;
  const goldNames = new Set(gold.columns.map(norm));
  const missing = gold.columns.filter((_, i) => byName[i] === -1);
  const extra = submitted.columns.filter((c) => !goldNames.has(norm(c)));
  const columnScore = named / Math.max(gold.columns.length, submitted.columns.length, 1);

  // Right values under other names still earn row credit when the shape matches exactly.
  const byPosition = named < gold.columns.length && submitted.columns.length === gold.columns.length;
  const alignment = byPosition ? gold.columns.map((_, i) => i) : byName;
  const project = (row: readonly SqlValue[]) => alignment.map((i) => (i >= 0 ? row[i] : undefined));

  const buckets = new Map<string, number[]>();
  gold.rows.forEach((row, i) => {
    const key = bucketKey(row);
    buckets.set(key, [...(buckets.get(key) ?? []), i]);
  });
  const used = new Array<boolean>(gold.rows.length).fill(false);
  const matchedGoldIndexes: number[] = [];
  for (const row of submitted.rows) {
    const candidate = project(row);
    const pool = buckets.get(bucketKey(candidate));
    if (!pool) continue;
    const hit = pool.find((g) => !used[g] && gold.rows[g]!.every((v, c) => cellsEqual(v, candidate[c])));
    if (hit === undefined) continue;
    used[hit] = true;
    matchedGoldIndexes.push(hit);
  }
  const matched = matchedGoldIndexes.length;
  const union = gold.rows.length + submitted.rows.length - matched;
  const jaccard = union === 0 ? 1 : matched / union;
  const orderScore = ordered ? (gold.rows.length === 0 ? jaccard : longestIncreasing(matchedGoldIndexes) / gold.rows.length) : jaccard;

  const sameRows = matched === gold.rows.length && matched === submitted.rows.length;
  const inOrder = !ordered || matchedGoldIndexes.every((g, i) => g === i);
  const exact = named === gold.columns.length && submitted.columns.length === gold.columns.length && sameRows && inOrder;
  const partial = 0.2 * columnScore + 0.7 * jaccard + 0.1 * orderScore;
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  return {
    score: exact ? 1 : round(Math.min(0.95, partial)),
    exact,
    column_score: round(columnScore),
    row_jaccard: round(jaccard),
    order_score: round(orderScore),
    matched_rows: matched,
    gold_rows: gold.rows.length,
    submitted_rows: submitted.rows.length,
    missing_columns: missing,
    extra_columns: extra,
    alignment: byPosition ? 'by_position' : 'by_name',
    ordered,
  };
}

/** One sentence for the agent and the breakdown. */
export function explainComparison(c: Comparison): string {
  if (c.exact) return 'Exact match: same columns, same rows' + (c.ordered ? ', same order.' : '.');
  const parts = [`${c.matched_rows} of ${c.gold_rows} expected rows matched (${c.submitted_rows} returned)`];
  if (c.missing_columns.length) parts.push(`missing columns: ${c.missing_columns.join(', ')}`);
  if (c.extra_columns.length) parts.push(`unexpected columns: ${c.extra_columns.join(', ')}`);
  if (c.ordered && c.matched_rows === c.gold_rows && c.order_score < 1) parts.push('rows out of the requested order');
  return `Partial credit: ${parts.join('; ')}.`;
}
