// The reference pipeline of a feed: one general column-level rule per repair the spec names, written from the spec and the systems' habits only.
import type { DataCleaningAction } from './schemas.js';
import { exitCodePhone, familyFirstName, habitJoin, mangledDomain, thousandsMarks, layoutsOf, legacyCode, trunkZeroPhone, type FeedLayouts } from './feed-layouts.js';
import { habitUndo } from './source-systems.js';
import type { CleaningScenario, ColumnSpec, PipelineStep } from './types.js';

type Transform = Extract<DataCleaningAction, { type: 'transform_column' }>;

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

function rewrite(column: string, from: string, to: string): Transform {
  return { type: 'transform_column', column, op: 'rewrite', from, to };
}

/** "{a}" "{b}" ... names for n placeholders. */
function names(n: number, first = 0): string[] {
  return Array.from({ length: n }, (_v, i) => `{${String.fromCharCode(97 + first + i)}}`);
}

/** The legacy number-first layout of a code back to its prefix-first one, from the column's example (ORD-10423, INV-2024-0042). */
function codeSteps(column: ColumnSpec, layouts: FeedLayouts): Transform[] {
  const [prefix, ...groups] = column.example.split('-');
  if (!prefix || !groups.length) return [];
  // Groups before the last are constant in a shape such as INV-2024-NNNN: they stay literal in the template.
  const fixed = groups.slice(0, -1);
  return [rewrite(column.name, legacyCode(prefix, `${fixed.join('')}{n}`, layouts), [prefix, ...fixed, '{n}'].join('-'))];
}

/** "Family, Given" (the family name of one to three words) to "Given Family". */
function nameSteps(column: ColumnSpec, layouts: FeedLayouts): Transform[] {
  return [1, 2, 3].map((n) => {
    const family = names(n, 1).join(' ');
    return rewrite(column.name, familyFirstName(family, '{a}', layouts), `{a} ${family}`);
  });
}

/** An address whose domain lost its ending, for each known domain and local parts of one to three dot-separated words. */
function emailSteps(column: ColumnSpec, scenario: CleaningScenario, layouts: FeedLayouts): Transform[] {
  const domains = scenario.references.find((t) => t.name === 'email_domains')?.rows.map((r) => r[0]!) ?? [];
  const steps: Transform[] = [];
  for (const domain of domains) {
    for (const n of [1, 2, 3]) {
      const local = names(n).join('.');
      steps.push({ ...rewrite(column.name, `${local}@${mangledDomain(domain, layouts)}`, `${local}@${domain}`) });
    }
  }
  return steps;
}

/** A 00 international prefix to +, then a US number with a trunk 0 to +1-AAA-EEE-NNNN (in that order: 0044 ... must not read as a trunk 0). */
function phoneSteps(column: ColumnSpec, layouts: FeedLayouts): Transform[] {
  const international = [1, 2, 3, 4, 5].map((groups) => {
    const registered = `+${names(groups + 1).join(' ')}`;
    return rewrite(column.name, exitCodePhone(registered, layouts), registered);
  });
  return [...international, rewrite(column.name, trunkZeroPhone('{a}', '{b}', '{c}', layouts), '+1-{a}-{b}-{c}')];
}

/** The French layout (space thousands, decimal comma) to a plain two-decimal amount. */
function amountSteps(column: ColumnSpec, layouts: FeedLayouts): Transform[] {
  // Millions first: with an apostrophe (allowed inside a {name}) the one-separator template would also match them.
  return [2, 1].map((separators) => {
    const parts = names(separators + 1);
    const { group, decimal } = thousandsMarks(layouts);
    return rewrite(column.name, `${parts.join(group)}${decimal}{z}`, `${parts.join('')}.{z}`);
  });
}

/**
 * The pipeline: habits undone in their system's rows first (the other rules read canonical values), then each
 * column's documented repairs, then the rules between columns (they read repaired operands), then duplicates by
 * key and by identity with survivorship (they compare repaired values).
 */
export function referencePipeline(scenario: CleaningScenario): PipelineStep[] {
  const steps: PipelineStep[] = [];
  const layout = scenario.conventions.dateLayout;
  const layouts = layoutsOf(scenario.conventions);
  if (scenario.sources) {
    const { sourceColumn, habits } = scenario.sources;
    for (const habit of habits) {
      for (const column of habit.columns) {
        const scope = { where_column: sourceColumn, where_value: habit.system };
        if (habit.habit === 'family_first_names') {
          // Given name last, after a family name of one to three words: each length has its template.
          for (const n of [1, 2, 3]) {
            const family = names(n, 1).join(' ');
            steps.push({ type: 'transform_column', column, op: 'rewrite', from: `${family}${habitJoin(layouts)}{a}`, to: `{a} ${family}`, ...scope });
          }
          continue;
        }
        steps.push({ type: 'transform_column', column, ...habitUndo(habit.habit, layout), ...scope });
        if (habit.habit === 'month_first_dates') {
          // The system also writes slashed dates in its own order, the opposite of the table's slashed convention.
          const from = scenario.conventions.slashedDates === 'month-first' ? '{d}/{m}/{y}' : '{m}/{d}/{y}';
          steps.push({ type: 'transform_column', column, op: 'rewrite', from, to: layout === 'iso' ? '{y}-{m}-{d}' : '{d}.{m}.{y}', ...scope });
        }
      }
    }
  }
  for (const column of scenario.columns) {
    switch (column.kind) {
      case 'record_code':
      case 'ref_code':
        steps.push(...codeSteps(column, layouts));
        break;
      case 'person_name':
        steps.push(...nameSteps(column, layouts));
        break;
      case 'email':
        steps.push(...emailSteps(column, scenario, layouts));
        break;
      case 'phone':
        steps.push(...phoneSteps(column, layouts));
        break;
      case 'amount':
        steps.push(...amountSteps(column, layouts));
        break;
      case 'integer':
        steps.push({ type: 'transform_column', column: column.name, op: 'map', values: Object.fromEntries(NUMBER_WORDS.map((w, i) => [w, String(i)])) });
        break;
      case 'category':
        if (column.synonyms && Object.keys(column.synonyms).length) steps.push({ type: 'transform_column', column: column.name, op: 'map', values: { ...column.synonyms } });
        break;
      case 'lookup':
        if (column.lookup) steps.push({ type: 'transform_column', column: column.name, op: 'lookup', reference: column.lookup.table, key_column: column.lookup.via });
        break;
      default:
        break;
    }
  }
  for (const column of scenario.columns) {
    if (column.notBefore) steps.push({ type: 'transform_column', column: column.name, op: 'order_dates', other_column: column.notBefore });
    if (column.product) {
      const { count, price } = column.product;
      steps.push(
        scenario.conventions.arithmetic === 'total-wrong'
          ? { type: 'transform_column', column: column.name, op: 'product_of', columns: [count, price] }
          : { type: 'transform_column', column: price, op: 'quotient_of', columns: [column.name, count] },
      );
    }
  }
  const latest = scenario.sources ? { latest_column: scenario.sources.updatedColumn, keep_columns: [scenario.keyColumn, scenario.sources.sourceColumn] } : {};
  steps.push({ type: 'deduplicate', by: [scenario.keyColumn], ...latest });
  if (scenario.identityColumns.length) steps.push({ type: 'deduplicate', by: [...scenario.identityColumns], ...latest });
  return steps;
}
