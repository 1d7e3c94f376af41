// Splits an observation's structured data into entity blocks (elements of arrays of objects) and global facts.

/** One entity of an observation: an element of an array of objects in `data` (a ticket, a row, a column). */
export interface Block {
  /** Where its array sits in `data`, e.g. "tickets": blocks of one group have the same shape. */
  readonly group: string;
  readonly index: number;
  /** Its scalar leaves by dotted path inside the element, values as given (numbers stay numbers). */
  readonly fields: ReadonlyMap<string, unknown>;
}

/** What `data` holds besides its blocks: scalar leaves by dotted path, and objects (for key lookups). */
export interface ObservationParts {
  readonly blocks: readonly Block[];
  readonly globals: ReadonlyMap<string, unknown>;
  /** Objects outside the blocks by path, so a block's value can be looked up as a key (policy.area_owners[area]). */
  readonly tables: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** Scalar leaves of a value by dotted path; arrays of scalars are joined into one leaf so a list reads as a value. */
export function scalarLeaves(value: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (isScalar(value)) out.set(prefix, value);
  else if (Array.isArray(value)) {
    if (value.every(isScalar)) out.set(prefix, value.join(', '));
    else value.forEach((item, i) => scalarLeaves(item, `${prefix}[${i}]`, out));
  } else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) scalarLeaves(v, prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}

/** The blocks, global leaves and lookup tables of an observation's `data`. */
export function partsOf(data: unknown): ObservationParts {
  const blocks: Block[] = [];
  const globals = new Map<string, unknown>();
  const tables = new Map<string, Record<string, unknown>>();
  const walk = (value: unknown, path: string): void => {
    if (isScalar(value)) globals.set(path, value);
    else if (Array.isArray(value)) {
      if (value.length > 0 && value.every(isObject)) {
        value.forEach((item, index) => blocks.push({ group: path, index, fields: scalarLeaves(item) }));
      } else if (value.every(isScalar)) globals.set(path, value.join(', '));
      else value.forEach((item, i) => walk(item, `${path}[${i}]`));
    } else if (isObject(value)) {
      tables.set(path, value);
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    }
  };
  walk(data, '');
  return { blocks, globals, tables };
}

/** Lower-case words of a text, numbers and ids kept whole. */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]+(?:[-'.][\p{L}\p{N}_]+)*/gu) ?? [];
}

/** Word n-grams of sizes 1..n, as strings. */
export function ngrams(words: readonly string[], n: number): string[] {
  const out: string[] = [];
  for (let size = 1; size <= n; size++) {
    for (let i = 0; i + size <= words.length; i++) out.push(words.slice(i, i + size).join(' '));
  }
  return out;
}
