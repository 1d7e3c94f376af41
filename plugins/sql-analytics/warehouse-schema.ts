// Renders a generated warehouse as the SQL tables a scenario holds: named tables, stale copies, dictionary and glossary.
import type { Rng } from 'openenv-ts';
import { SchemaNames, type NamingStyle } from './naming.js';
import type { ColumnDef, TableData } from './types.js';
import type { LogicalTable, World } from './warehouse-model.js';

/** The dictionary and glossary are tables too, so reading them costs queries like any other exploration. */
const DICTIONARY: LogicalTable = {
  key: 'meta_dictionary', words: ['data', 'dictionary'], area: 'meta', doc: 'The data dictionary: one row per table (column name empty) and one per column.',
  columns: [
    { key: 'table', words: ['table', 'name'], type: 'TEXT', doc: 'Table described.' },
    { key: 'column', words: ['column', 'name'], type: 'TEXT', doc: "Column described; '' for the table itself." },
    { key: 'text', words: ['description'], type: 'TEXT', doc: 'What it holds: meaning, units, codes, what NULL means.' },
  ],
  rows: [],
};
const GLOSSARY: LogicalTable = {
  key: 'meta_glossary', words: ['business', 'glossary'], area: 'meta', doc: 'Business terms as reports use them.',
  columns: [
    { key: 'term', words: ['term'], type: 'TEXT', doc: 'Business term.' },
    { key: 'definition', words: ['definition'], type: 'TEXT', doc: 'How the term is computed.' },
  ],
  rows: [],
};

/** Stale copies of real tables, as every warehouse has: same columns, a subset of old rows, never to be reported on. */
function staleCopies(rng: Rng, world: World, count: number): LogicalTable[] {
  const candidates = world.tables.filter((t) => t.rows.length > 3);
  return rng.sample(candidates, Math.min(count, candidates.length)).map((t, i) => {
    const kind = rng.pick(['backup', 'staging'] as const);
    const keep = Math.min(80, Math.max(3, Math.round(t.rows.length * rng.float(0.3, 0.7))));
    return {
      key: `${t.key}__copy${i}`,
      words: kind === 'backup' ? [...t.words, 'backup'] : ['staging', ...t.words],
      area: t.area,
      doc: kind === 'backup' ? 'Backup copy taken before a migration in 2023; no longer maintained. Not for reporting.' : 'Staging area of a nightly load; partial and overwritten every night. Not for reporting.',
      columns: t.columns,
      rows: t.rows.slice(0, keep),
    };
  });
}

export interface RenderedWarehouse {
  readonly names: SchemaNames;
  readonly tables: TableData[];
  readonly dictionaryTable: string;
  readonly glossaryTable: string;
}

/** Short column label for the DDL comment: the dictionary holds the real description. */
function label(words: readonly string[]): string {
  return words.join(' ');
}

/** Names every table and column, adds stale copies, the dictionary and the glossary, and shuffles the table order. */
export function renderWarehouse(rng: Rng, world: World, style: NamingStyle, noiseTables: number): RenderedWarehouse {
  const copies = staleCopies(rng.fork('copies'), world, noiseTables);
  const logical = [...world.tables, ...copies, DICTIONARY, GLOSSARY];
  const names = new SchemaNames(logical, style, rng.fork('names'));
  const refName = (ref: readonly [string, string]) => `${names.t(ref[0])}.${names.c(ref[0], ref[1])}`;

  const dictionaryRows: Record<string, string>[] = [];
  for (const table of [...world.tables, ...copies]) {
    const tableName = names.t(table.key);
    dictionaryRows.push({ table: tableName, column: '', text: table.doc });
    for (const column of table.columns) {
      const link = column.ref ? ` References ${refName(column.ref)}.` : '';
      dictionaryRows.push({ table: tableName, column: names.c(table.key, column.key), text: `${column.doc}${link}` });
    }
  }
  const filled = new Map<string, readonly Record<string, unknown>[]>([
    [DICTIONARY.key, dictionaryRows],
    [GLOSSARY.key, world.glossary.map((g) => ({ term: g.term, definition: g.definition }))],
  ]);

  const tables: TableData[] = logical.map((table) => {
    const rows = (filled.get(table.key) ?? table.rows) as readonly Record<string, string | number | null>[];
    const columns: ColumnDef[] = table.columns.map((c) => ({
      name: names.c(table.key, c.key),
      type: c.type,
      nullable: c.nullable ?? false,
      ...(c.pk ? { primaryKey: true } : {}),
      ...(c.ref ? { references: refName(c.ref) } : {}),
      // Left empty: the schema carries names only, the dictionary table carries meanings.
      description: '',
    }));
    const indexes = table.columns.filter((c) => c.ref || c.indexed).map((c) => names.c(table.key, c.key));
    return {
      name: names.t(table.key),
      // Cryptic schemas say nothing beyond their names: what a table is must be read in the dictionary.
      description: style === 'cryptic' ? '' : label(table.words),
      columns,
      rows: rows.map((row) => table.columns.map((c) => row[c.key] ?? null)),
      ...(indexes.length ? { indexes } : {}),
    };
  });
  // The dictionary and glossary stay last; the rest are shuffled so position says nothing about a table's role.
  const meta = tables.slice(-2);
  return { names, tables: [...rng.fork('order').shuffle(tables.slice(0, -2)), ...meta], dictionaryTable: names.t(DICTIONARY.key), glossaryTable: names.t(GLOSSARY.key) };
}
