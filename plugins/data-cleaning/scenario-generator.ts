// Seeded scenario generator: a clean table, injected defects and duplicates, the ground truth and the defect record.
import type { Rng } from 'openenv-ts';
import type { DataCleaningConfig } from './schemas.js';
import { DOMAINS, type CleanRecord } from './domains.js';
import { injectDefect } from './defect-injector.js';
import { SCHEMA_IDS, schemaById, type TableSchema } from './table-schemas.js';
import type { CellValue, CleaningScenario, ColumnSpec, DefectRecord, DuplicateRecord, TableRow, TruthRow } from './types.js';

/** Hard caps that keep the reference solver well inside maxSteps whatever the config says. */
export const MAX_CELL_DEFECTS = 80;
export const MAX_DUPLICATES = 8;
/** A near duplicate differs from its record in at most this many cells. */
const MAX_NEAR_VARIATIONS = 3;
/**
 * No column takes more than this share of the cell defects, so that no single column transform repairs a large
 * part of the table: one right op is progress, not a shortcut to a good score.
 */
const MAX_COLUMN_SHARE = 0.25;

interface DraftRow {
  readonly clean: CleanRecord;
  readonly cells: Record<string, CellValue>;
  /** Which defect produced each cell that differs from the clean record. */
  readonly kinds: Record<string, string>;
  /** The index of the record this row shows (rows of one record are duplicates). */
  readonly record: number;
  readonly duplicate: 'exact' | 'near' | null;
}

/**
 * The schema of this scenario, drawn only from the split's families (all schemas when none are given, e.g. a
 * direct call): a test-split table never has a schema that train scenarios show. `domain` narrows the draw.
 */
function chooseSchema(rng: Rng, config: DataCleaningConfig, families: readonly string[]): TableSchema {
  const pool = (families.length ? families : SCHEMA_IDS).map(schemaById);
  const fitting = config.domain === 'any' ? pool : pool.filter((s) => s.domain === config.domain);
  if (!fitting.length) throw new Error(`No table schema of domain "${config.domain}" among ${pool.map((s) => s.id).join(', ')}`);
  return rng.pick(fitting);
}

/** Lookup columns show an example from this table's own reference data. */
function withExamples(columns: ColumnSpec[], references: CleaningScenario['references']): ColumnSpec[] {
  return columns.map((column) => {
    if (!column.lookup) return column;
    const table = references.find((t) => t.name === column.lookup!.table);
    return { ...column, example: table?.rows[0]?.[1] ?? '' };
  });
}

export function generateScenario(rng: Rng, config: DataCleaningConfig, families: readonly string[] = []): CleaningScenario {
  const structure = rng.fork('structure');
  const schema = chooseSchema(structure, config, families);
  const domain = DOMAINS[schema.domain];

  const low = Math.min(config.min_rows, config.max_rows);
  const high = Math.max(config.min_rows, config.max_rows);
  const totalRows = structure.int(low, high);
  const dupLow = Math.min(config.min_duplicates, config.max_duplicates);
  const dupHigh = Math.max(config.min_duplicates, config.max_duplicates);
  const duplicateCount = Math.min(structure.int(dupLow, dupHigh), MAX_DUPLICATES, Math.floor(totalRows / 4));
  const recordCount = totalRows - duplicateCount;

  const baseColumns = domain.columns.filter((c) => schema.columns.includes(c.name));
  const tables = domain.tables(rng.fork('tables'), new Set(baseColumns.map((c) => c.name)));
  const columns = withExamples(baseColumns, tables.references);
  const records = domain.records(rng.fork('records'), recordCount, tables);

  // Cell defects on the rows of the records.
  const drafts: DraftRow[] = records.map((clean, record) => ({
    clean,
    cells: Object.fromEntries(columns.map((c) => [c.name, clean[c.name]!])),
    kinds: {},
    record,
    duplicate: null,
  }));
  const defectRng = rng.fork('defects');
  const wanted = Math.min(MAX_CELL_DEFECTS, Math.max(1, Math.round(config.defect_rate * recordCount * columns.length)));
  const slots = defectRng.shuffle(drafts.flatMap((_d, row) => columns.map((_c, col) => [row, col] as const)));
  const perColumnCap = Math.max(1, Math.floor(MAX_COLUMN_SHARE * wanted));
  const perColumn = columns.map(() => 0);
  // Near copies always vary the key (below), so the key column keeps room for them under its cap.
  const cellCap = columns.map((c) => (c.isKey ? Math.max(0, perColumnCap - duplicateCount) : perColumnCap));
  let injected = 0;
  for (const [row, col] of slots) {
    if (injected >= wanted) break;
    if (perColumn[col]! >= cellCap[col]!) continue;
    const draft = drafts[row]!;
    const column = columns[col]!;
    const defect = injectDefect(defectRng, column, draft.clean[column.name]!, { record: draft.clean, references: tables.references });
    if (!defect) continue;
    draft.cells[column.name] = defect.value;
    draft.kinds[column.name] = defect.kind;
    perColumn[col]! += 1;
    injected += 1;
  }

  // Duplicates: an exact copy of a row as exported, or a near copy of the record with a few formatting slips.
  const dupRng = rng.fork('duplicates');
  const duplicated = dupRng.sample(drafts, duplicateCount);
  const copies: DraftRow[] = duplicated.map((original) => {
    if (!dupRng.chance(config.near_duplicate_share)) {
      return { ...original, cells: { ...original.cells }, kinds: { ...original.kinds }, duplicate: 'exact' };
    }
    const cells: Record<string, CellValue> = Object.fromEntries(columns.map((c) => [c.name, original.clean[c.name]!]));
    const kinds: Record<string, string> = {};
    // A near copy may come first and stay, so its slips count towards the column caps too.
    const open = columns.filter((_c, col) => perColumn[col]! < perColumnCap);
    const pool = open.length ? open : columns;
    const count = Math.min(pool.length, dupRng.int(1, MAX_NEAR_VARIATIONS));
    // A record entered again through another system carries its key in that system's layout (not merely another
    // case or stray spaces), so matching keys needs the spec's repairs, not just trimming and lower-casing.
    const key = pool.find((c) => c.isKey);
    const varied = key ? [key, ...dupRng.sample(pool.filter((c) => c !== key), count - 1)] : dupRng.sample(pool, count);
    for (const column of varied) {
      const context = { record: original.clean, references: tables.references };
      const defect = injectDefect(dupRng, column, original.clean[column.name]!, context, column === key ? ['case', 'whitespace'] : []);
      if (!defect) continue;
      cells[column.name] = defect.value;
      kinds[column.name] = defect.kind;
      perColumn[columns.indexOf(column)]! += 1;
    }
    const differs = columns.some((c) => cells[c.name] !== original.cells[c.name]);
    return { clean: original.clean, cells, kinds, record: original.record, duplicate: differs ? 'near' : 'exact' };
  });

  // Row order is shuffled, so a copy may come first: the spec keeps the lowest row_id of a record.
  const ordered = rng.fork('order').shuffle([...drafts, ...copies]);
  const dirty: TableRow[] = ordered.map((draft, index) => ({ row_id: index + 1, cells: { ...draft.cells } }));
  const keeperOf = new Map<number, number>();
  ordered.forEach((draft, index) => {
    if (!keeperOf.has(draft.record)) keeperOf.set(draft.record, index + 1);
  });

  const truth: TruthRow[] = [];
  const defects: DefectRecord[] = [];
  const duplicates: DuplicateRecord[] = [];
  ordered.forEach((draft, index) => {
    const rowId = index + 1;
    const keepRowId = keeperOf.get(draft.record)!;
    const clean = Object.fromEntries(columns.map((c) => [c.name, draft.clean[c.name]!]));
    if (keepRowId !== rowId) {
      const keeper = ordered[keepRowId - 1]!;
      const same = columns.every((c) => keeper.cells[c.name] === draft.cells[c.name]);
      truth.push({ row_id: rowId, keep: false, cells: clean });
      duplicates.push({ row_id: rowId, keep_row_id: keepRowId, kind: same ? 'exact' : 'near' });
      return;
    }
    truth.push({ row_id: rowId, keep: true, cells: clean });
    for (const column of columns) {
      const value = draft.cells[column.name] ?? null;
      if (value === clean[column.name]) continue;
      const kind = draft.kinds[column.name];
      if (!kind) throw new Error(`cell (${rowId}, ${column.name}) differs from the clean record but no defect was recorded`);
      defects.push({ row_id: rowId, column: column.name, kind, dirty: value, clean: clean[column.name]! });
    }
  });

  return {
    domain: domain.id,
    family: schema.id,
    tableName: schema.tableName,
    about: schema.about,
    columns,
    keyColumn: domain.keyColumn,
    references: tables.references,
    dirty,
    truth,
    defects,
    duplicates,
    correctionBudget: config.correction_budget,
    structuredHints: config.structured_hints,
  };
}
