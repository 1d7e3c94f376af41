// Source systems (top level): which system entered each row, the export habits some systems have, and survivorship.
// A habit is a systematic rewrite of one kind of value in every row a system sent. The spec says habits exist but
// never which system has which: it shows in the data (a date no layout reads, a total off by the same factor, a name
// its row's email contradicts) in some rows and is invisible in others, where the value looks right on its own.
import type { Rng } from 'openenv-ts';
import type { ColumnSpec, Conventions, HabitKind, SourceHabit, SourceSystems } from './types.js';
import { datePattern, formatAmount, parseAmountUnits, type DateLayout } from './value-formats.js';

const SYSTEM_NAMES = ['LEGACY-ERP', 'WEBSHOP', 'CALL-CENTRE', 'PARTNER-API', 'MOBILE-APP', 'BRANCH-POS', 'EDI-GATEWAY', 'CRM-IMPORT', 'BACK-OFFICE', 'FIELD-SALES'];
const SYSTEMS_PER_TABLE = 3;
/** How many systems have a habit: every applicable habit up to this, one per system. */
const HABITS_PER_TABLE = 2;

/** The name of a new column in the naming style of the table's key column (snake, camel, Pascal or upper snake). */
export function styledLike(keyColumn: string, words: readonly string[]): string {
  const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  if (keyColumn.includes('_') && keyColumn === keyColumn.toUpperCase()) return words.join('_').toUpperCase();
  if (keyColumn.includes('_')) return words.join('_');
  if (/^[A-Z]/.test(keyColumn)) return words.map(cap).join('');
  if (/[A-Z]/.test(keyColumn)) return words[0] + words.slice(1).map(cap).join('');
  return words.join('_');
}

/** The columns (shown names) a habit rewrites in this table; empty when the table has none for it. */
function habitColumns(habit: HabitKind, columns: readonly ColumnSpec[]): string[] {
  switch (habit) {
    case 'month_first_dates':
      return columns.filter((c) => c.kind === 'date').map((c) => c.name);
    case 'family_first_names':
      // Only where the row's email (given.family@...) shows which word is the given name.
      return columns.some((c) => c.kind === 'email') ? columns.filter((c) => c.kind === 'person_name').map((c) => c.name) : [];
    case 'price_in_cents':
      // The price factor of a product rule, where it is a plain two-decimal amount: every row then fails the product by x100.
      return columns
        .filter((c) => c.product)
        .map((c) => c.product!.price)
        .filter((price) => !columns.find((c) => c.name === price)?.decimals);
  }
}

/**
 * A clean cell as a system with this habit exports it, or null when the habit leaves it unchanged (a day equal to
 * its month, a name of one or three words unless `everyNameLength`).
 */
export function habitValue(habit: HabitKind, clean: string, layout: DateLayout, everyNameLength = false, nameJoin = ' '): string | null {
  switch (habit) {
    case 'month_first_dates': {
      const m = layout === 'iso' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(clean) : /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(clean);
      if (!m || m[2] === m[3] || (layout === 'dotted' && m[1] === m[2])) return null;
      return layout === 'iso' ? `${m[1]}-${m[3]}-${m[2]}` : `${m[2]}.${m[1]}.${m[3]}`;
    }
    case 'family_first_names': {
      // The given name is one word; at a pipeline level a family name of several words moves before it too.
      const words = clean.split(' ');
      if (words.length === 2 || (everyNameLength && words.length > 2)) return `${words.slice(1).join(' ')}${nameJoin}${words[0]}`;
      return null;
    }
    case 'price_in_cents': {
      const units = parseAmountUnits(clean, 2);
      return units === null ? null : formatAmount(units * 100);
    }
  }
}

/** The scoped transform that undoes a habit in one column: a template rewrite, or a scale by 1/100. */
export function habitUndo(habit: HabitKind, layout: DateLayout): { op: 'rewrite'; from: string; to: string } | { op: 'scale'; factor: number } {
  switch (habit) {
    case 'month_first_dates':
      return layout === 'iso' ? { op: 'rewrite', from: '{y}-{d}-{m}', to: '{y}-{m}-{d}' } : { op: 'rewrite', from: '{m}.{d}.{y}', to: '{d}.{m}.{y}' };
    case 'family_first_names':
      return { op: 'rewrite', from: '{family} {given}', to: '{given} {family}' };
    case 'price_in_cents':
      return { op: 'scale', factor: 0.01 };
  }
}

export interface SourcePlan {
  readonly systems: SourceSystems;
  readonly sourceColumn: ColumnSpec;
  readonly updatedColumn: ColumnSpec;
}

/** Draws the table's systems and their habits, and builds the two columns the level adds (source and last update). */
export function planSources(rng: Rng, columns: readonly ColumnSpec[], keyColumn: string, tableName: string, conventions: Conventions, updatedExample: string): SourcePlan {
  const layout = conventions.dateLayout;
  const slashed = conventions.slashedDates === 'month-first' ? 'month/day/year (the US export)' : 'day/month/year (the European export)';
  const systems = rng.sample(SYSTEM_NAMES, SYSTEMS_PER_TABLE);
  const sourceName = styledLike(keyColumn, ['source', 'system']);
  const updatedName = styledLike(keyColumn, ['last', 'updated']);
  const updatedColumn: ColumnSpec = {
    name: updatedName,
    kind: 'date',
    rule:
      `${updatedName} is the day the row was last changed in ${tableName}; it is stored ${layout === 'iso' ? 'YYYY-MM-DD' : 'DD.MM.YYYY'} like every date of the table (${updatedExample}). ` +
      `A slashed date with the year last is always ${slashed} in this table, as in the other date columns. ` +
      'It is never wrong except where its system wrote it otherwise; it decides which row of a record holds the current values (see Duplicates).',
    example: updatedExample,
    pattern: datePattern(layout),
  };
  const withUpdated = [...columns, updatedColumn];
  const applicable = rng.shuffle((['month_first_dates', 'family_first_names', 'price_in_cents'] as const).filter((h) => habitColumns(h, withUpdated).length > 0));
  const habitSystems = rng.shuffle(systems);
  const habits: SourceHabit[] = applicable.slice(0, HABITS_PER_TABLE).map((habit, i) => ({ system: habitSystems[i]!, habit, columns: habitColumns(habit, withUpdated) }));
  const sourceColumn: ColumnSpec = {
    name: sourceName,
    kind: 'category',
    rule: `${sourceName} names the system that sent the row to ${tableName}: one of ${systems.join(', ')}. It is right as it stands and never changes, also in a merged record.`,
    example: systems[0]!,
  };
  return { systems: { sourceColumn: sourceName, updatedColumn: updatedName, systems, habits }, sourceColumn, updatedColumn };
}

/** The spec paragraph on source systems: that habits exist and how they are repaired, never which system has which. */
export function sourceSystemsRule(systems: SourceSystems): string {
  return (
    `Rows come from ${systems.systems.length} systems (${systems.sourceColumn}). A system may export with a habit of its own that the column rules do not list: ` +
    'one kind of value rewritten the same way (another order of its parts, another unit) in every row the system sent. ' +
    "A habit shows in some of the system's rows, where the value breaks a rule of this spec or disagrees with the rest of its row, and is invisible in others, where the value looks right on its own; " +
    "it holds for all of that system's rows all the same, so those are repaired too, and the rows of the other systems are left alone. " +
    'The reading rules above (slashed dates, bare amounts, which side of a broken product is wrong) are for single slips, not for a habit.'
  );
}

/** The duplicate-rule sentence on survivorship: which row's values a merged record keeps. */
export function survivorshipRule(systems: SourceSystems, tableName: string): string {
  const updated = systems.updatedColumn;
  return (
    `Rows of one record of ${tableName} can also disagree once repaired, because the record changed between the two entries (a new phone number, another email, another category): ` +
    `the row with the latest ${updated} holds the current values, so the kept row takes that row's values in the columns where they disagree, and its ${updated}; its ${systems.sourceColumn} stays its own.`
  );
}

/** The pipeline level's addition to the source-systems paragraph: a habit knows no exceptions by length or layout. */
export const HABIT_GENERALITY_RULE =
  'A habit rewrites every value of its kind in the same way whatever its length or layout: a name of three or four words as one of two, a slashed date as a dashed or dotted one.';
