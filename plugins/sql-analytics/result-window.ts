// The result window: how many characters of a query result the agent is shown, so a long table costs several queries.
import type { SqlValue } from './types.js';

/** Marks a text cell cut to the window. */
const CUT_MARK = '…';

function cellLength(value: SqlValue): number {
  return value === null ? 4 : String(value).length;
}

/**
 * The first rows of a result that fit in `pageChars` characters (cells counted as displayed, NULL as 4), the last
 * of them with its text cells cut so the total stays inside. A window this large never cuts (the default).
 * Packing a table into one huge cell (group_concat) therefore shows no more than reading it row by row.
 */
export function fitResultWindow(columns: readonly string[], rows: readonly (readonly SqlValue[])[], pageChars: number): { rows: SqlValue[][]; cut: boolean } {
  let left = pageChars - columns.reduce((sum, c) => sum + c.length, 0);
  const shown: SqlValue[][] = [];
  for (const row of rows) {
    const need = row.reduce<number>((sum, v) => sum + cellLength(v), 0);
    if (need <= left) {
      shown.push([...row]);
      left -= need;
      continue;
    }
    // The row does not fit whole: numbers and NULLs stay as they are, text shares what is left.
    const fixed = row.reduce<number>((sum, v) => sum + (typeof v === 'string' ? 0 : cellLength(v)), 0);
    const texts = row.filter((v) => typeof v === 'string').length;
    const each = texts === 0 ? 0 : Math.floor((left - fixed) / texts);
    if (shown.length === 0 || each >= 20) {
      shown.push(row.map((v) => (typeof v === 'string' && v.length > Math.max(each, 1) ? `${v.slice(0, Math.max(each - 1, 0))}${CUT_MARK}` : v)));
    }
    return { rows: shown, cut: true };
  }
  return { rows: shown, cut: false };
}
