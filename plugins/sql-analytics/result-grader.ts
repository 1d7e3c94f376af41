// The grader: compares the submitted query's result set with the gold query's, with partial credit.
//
// score = 1                                               when the result is exact (see `exact` below)
// score = min(0.95, K, 0.4*RS + 0.3*V + 0.1*O + 0.2*C*V)   otherwise, where
//   m: rows matched as whole tuples over the gold columns (multiset: a duplicate row matches only once);
//      G, S: numbers of gold and submitted rows; share(a, b) = a / b, or 1 when b = 0
//   P = share(m, S) row precision;  J = share(m, G + S - m) row Jaccard
//   RS = J * P  row score: Jaccard alone let "gold UNION ALL a guess" keep half the credit, so every row
//        that is not in the answer costs twice (once in J, once in P)
//   V: value score = mean over gold columns of Jc * Pc, where kc = values of that column found in the aligned
//      submitted column (multisets, cells compared as below, number-like text counts as its number),
//      Jc = share(kc, G + S - kc), Pc = share(kc, S); it keeps credit for right keys with wrong numbers
//      (e.g. wrong rounding), and a missing column scores 0 in it
//   O: order score = LIS of the matched gold rows' positions / G * P when the question asks for an order; else O = RS
//   C: column score = gold columns present by name (case-insensitive) / max(#gold columns, #submitted columns);
//      it counts only through V, so right names on wrong or no rows earn nothing
//   K = 0.6 when S > G (more rows than the answer: a hedge of several guesses can never score well), else 1
// Exact: every gold column present by name and no extra column, the same multiset of rows, and (ordered questions)
// the same row order. Cells are equal when both are NULL, equal strings, or numbers within 0.006 + 1e-9*|x|
// (unrounded vs. correctly rounded to 2 decimals passes; a different rounded value does not).
import type { ResultSet, SqlValue } from './types.js';

export interface Comparison {
  readonly score: number;
  readonly exact: boolean;
  readonly column_score: number;
  readonly row_jaccard: number;
  readonly row_precision: number;
  /** Jaccard times precision. */
  readonly row_score: number;
  readonly value_score: number;
  readonly order_score: number;
  readonly matched_rows: number;
  readonly gold_rows: number;
  readonly submitted_rows: number;
  /** The submission returned more rows than the answer, so partial credit was capped. */
  readonly extra_rows_capped: boolean;
  readonly missing_columns: string[];
  readonly extra_columns: string[];
  /** How columns were lined up for the row comparison. */
  readonly alignment: 'by_name' | 'by_position';
  readonly ordered: boolean;
}

/** Partial-credit weights and the cap for results with more rows than the answer (see the header). */
const WEIGHTS = { rows: 0.4, values: 0.3, order: 0.1, columns: 0.2 } as const;
const EXTRA_ROWS_CAP = 0.6;
const PARTIAL_CAP = 0.95;

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
  return withinTolerance(x, y);
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

function withinTolerance(x: number, y: number): boolean {
  return Math.abs(x - y) <= ABS_TOLERANCE + REL_TOLERANCE * Math.max(Math.abs(x), Math.abs(y));
}

/** a / b, or 1 for 0 / 0 (two empty sets agree completely). */
function share(a: number, b: number): number {
  return b === 0 ? 1 : a / b;
}

/**
 * Size of the largest matching between two multisets of cells: equal text or NULL, or numbers within
 * tolerance. Numbers are matched greedily over both sorted lists, which is optimal for a symmetric tolerance.
 */
function valueOverlap(gold: readonly SqlValue[], submitted: readonly (SqlValue | undefined)[]): number {
  const exact = new Map<string, number>();
  const goldNumbers: number[] = [];
  const submittedNumbers: number[] = [];
  for (const v of gold) {
    const n = v === null ? null : asNumber(v);
    if (n !== null) goldNumbers.push(n);
    else exact.set(JSON.stringify(v), (exact.get(JSON.stringify(v)) ?? 0) + 1);
  }
  let matched = 0;
  for (const v of submitted) {
    if (v === undefined) continue;
    const n = v === null ? null : asNumber(v);
    if (n !== null) {
      submittedNumbers.push(n);
      continue;
    }
    const left = exact.get(JSON.stringify(v)) ?? 0;
    if (left > 0) {
      matched++;
      exact.set(JSON.stringify(v), left - 1);
    }
  }
  goldNumbers.sort((a, b) => a - b);
  submittedNumbers.sort((a, b) => a - b);
  for (let i = 0, j = 0; i < goldNumbers.length && j < submittedNumbers.length; ) {
    const x = goldNumbers[i]!;
    const y = submittedNumbers[j]!;
    if (withinTolerance(x, y)) {
      matched++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return matched;
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
  const goldCount = gold.rows.length;
  const submittedCount = submitted.rows.length;
  const precision = share(matched, submittedCount);
  const jaccard = share(matched, goldCount + submittedCount - matched);
  const rowScore = jaccard * precision;
  let valueScore = 0;
  gold.columns.forEach((_, c) => {
    const k = valueOverlap(
      gold.rows.map((row) => row[c]!),
      submitted.rows.map((row) => (alignment[c]! >= 0 ? row[alignment[c]!] : undefined)),
    );
    valueScore += share(k, goldCount + submittedCount - k) * share(k, submittedCount);
  });
  valueScore /= Math.max(gold.columns.length, 1);
  const orderScore = ordered ? share(longestIncreasing(matchedGoldIndexes), goldCount) * precision : rowScore;

  const sameRows = matched === goldCount && matched === submittedCount;
  const inOrder = !ordered || matchedGoldIndexes.every((g, i) => g === i);
  const exact = named === gold.columns.length && submitted.columns.length === gold.columns.length && sameRows && inOrder;
  const extraRowsCapped = submittedCount > goldCount;
  const partial = WEIGHTS.rows * rowScore + WEIGHTS.values * valueScore + WEIGHTS.order * orderScore + WEIGHTS.columns * columnScore * valueScore;
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  return {
    score: exact ? 1 : round(Math.min(PARTIAL_CAP, extraRowsCapped ? EXTRA_ROWS_CAP : 1, partial)),
    exact,
    column_score: round(columnScore),
    row_jaccard: round(jaccard),
    row_precision: round(precision),
    row_score: round(rowScore),
    value_score: round(valueScore),
    order_score: round(orderScore),
    matched_rows: matched,
    gold_rows: goldCount,
    submitted_rows: submittedCount,
    extra_rows_capped: !exact && extraRowsCapped,
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
  if (c.extra_rows_capped) parts.push(`more rows than the answer has, so at most ${EXTRA_ROWS_CAP}`);
  if (c.ordered && c.matched_rows === c.gold_rows && c.matched_rows === c.submitted_rows && c.order_score < 1) parts.push('rows out of the requested order');
  return `Partial credit: ${parts.join('; ')}.`;
}
