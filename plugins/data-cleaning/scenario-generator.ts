// Seeded scenario generator: a clean table, injected defects and duplicates, the ground truth and the defect record.
import type { Rng } from 'openenv-ts';
import type { DataCleaningConfig } from './schemas.js';
import type { ColumnDef, RuleContext } from './column-rules.js';
import { CONVENTIONS, CONVENTION_IDS, conventionsById } from './conventions.js';
import { DOMAINS, type CleanRecord, type DomainDefinition } from './domains.js';
import { GENERIC_KINDS, NON_PIPELINE_KINDS, PIPELINE_KINDS, SHALLOW_KINDS, injectDefect } from './defect-injector.js';
import { SCHEMA_IDS, schemaById, type TableSchema } from './table-schemas.js';
import type { CellValue, CleaningScenario, ColumnSpec, Conventions, DefectRecord, DuplicateRecord, TableRow, TruthRow } from './types.js';
import { addDays, formatAmount, pad, parseAmountUnits, parseIsoDate, randomDate, readDateIn, writeDate } from './value-formats.js';
import { habitValue, planSources, type SourcePlan } from './source-systems.js';
import { drawFeedLayouts, habitJoin, layoutsOf } from './feed-layouts.js';
import { referenceActions } from './reference-solver.js';

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
/** Chance that a drawn defect of a kind a script repairs blindly (GENERIC_KINDS) is kept; otherwise the slot is skipped. */
const GENERIC_KEEP = 0.2;
/** Column kinds whose value a record changes between two entries (survivorship decides which one is current). */
const VOLATILE_KINDS = ['phone', 'email', 'category'];
/** Chance that the second entry of a record is the newer one (else the first entry was updated after it). */
const COPY_NEWER = 0.6;
/**
 * Share of the pipeline slip kinds a batch of a feed does not show (its own draw, so batches differ in their mix):
 * the visible sample shows fewer kinds than a typical batch, so the spec, not the sample, is the list of cases.
 */
const SAMPLE_DROPPED_KINDS = 0.6;
const BATCH_DROPPED_KINDS = 0.3;
/** Share of a day/month-swapping system's ambiguous dates that come slashed in its own order (not undone by the op). */
const SLASHED_HABIT_SHARE = 0.3;

interface DraftRow {
  readonly clean: CleanRecord;
  readonly cells: Record<string, CellValue>;
  /** Which defect produced each cell that differs from the clean record. */
  readonly kinds: Record<string, string>;
  /** The index of the record this row shows (rows of one record are duplicates). */
  readonly record: number;
  readonly duplicate: 'exact' | 'near' | 'entity' | null;
}

/**
 * The schema of this scenario, drawn only from the split's families (all schemas when none are given, e.g. a
 * direct call): a test-split table never has a schema that train scenarios show. `domain` narrows the draw.
 */
function chooseSchema(rng: Rng, config: DataCleaningConfig, families: readonly string[]): TableSchema {
  const dealt = families.filter((f) => SCHEMA_IDS.includes(f));
  const pool = (dealt.length ? dealt : SCHEMA_IDS).map(schemaById);
  const fitting = config.domain === 'any' ? pool : pool.filter((s) => s.domain === config.domain);
  if (!fitting.length) throw new Error(`No table schema of domain "${config.domain}" among ${pool.map((s) => s.id).join(', ')}`);
  return rng.pick(fitting);
}

function chooseConventions(rng: Rng, families: readonly string[]): Conventions {
  const dealt = families.filter((f) => CONVENTION_IDS.includes(f));
  return dealt.length ? conventionsById(rng.pick(dealt)) : rng.pick(CONVENTIONS);
}

/** Canonical columns tied to `name` both ways through `needs` (a lookup and its key, a product and its factors). */
function tiedTo(name: string, defs: readonly ColumnDef[]): Set<string> {
  const tied = new Set([name]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const def of defs) {
      for (const need of def.needs ?? []) {
        if (tied.has(def.name) !== tied.has(need)) {
          tied.add(def.name);
          tied.add(need);
          grew = true;
        }
      }
    }
  }
  return tied;
}

/** A record's identity in the shown identity columns. */
function identityOf(record: CleanRecord, identity: readonly string[]): string {
  return JSON.stringify(identity.map((c) => record[c]));
}

/** Records with distinct identities: a collision would make two true records look like one entity. */
function distinctRecords(domain: DomainDefinition, rng: Rng, count: number, tables: ReturnType<DomainDefinition['tables']>, identity: readonly string[]): CleanRecord[] {
  const drawn = domain.records(rng, 2 * count + 8, tables);
  const seen = new Set<string>();
  const kept: CleanRecord[] = [];
  for (const record of drawn) {
    const id = identity.length ? identityOf(record, identity) : record[domain.keyColumn]!;
    if (seen.has(id)) continue;
    seen.add(id);
    kept.push(record);
    if (kept.length === count) break;
  }
  return kept;
}

/** The cross-column defect of one row, if its columns allow one: two dates swapped, or a product that does not add up. */
function rowDefect(rng: Rng, columns: readonly ColumnSpec[], clean: CleanRecord, conventions: Conventions): Record<string, { value: string; kind: string }> | null {
  const options: (() => Record<string, { value: string; kind: string }> | null)[] = [];
  for (const column of columns) {
    if (column.notBefore) {
      const later = column.name;
      const earlier = column.notBefore;
      if (clean[later] !== clean[earlier]) options.push(() => ({ [later]: { value: clean[earlier]!, kind: 'dates_swapped' }, [earlier]: { value: clean[later]!, kind: 'dates_swapped' } }));
    }
    if (column.product) {
      const { count, price } = column.product;
      const quantity = Number(clean[count]);
      const unit = parseAmountUnits(clean[price]!, 2)!;
      if (conventions.arithmetic === 'total-wrong') {
        // A total keyed from an earlier line or with a slipped digit: a well-formed amount that does not add up.
        const wrong = rng.pick([unit * (quantity + 1), unit * Math.max(1, quantity - 1) + 100 * rng.int(1, 9), Math.round(unit * quantity * 1.1)]);
        if (wrong !== unit * quantity) options.push(() => ({ [column.name]: { value: formatAmount(wrong), kind: 'product_mismatch' } }));
      } else {
        const wrong = rng.pick([unit + 100 * rng.int(1, 9), Math.round(unit * 0.9), unit * 10]);
        if (wrong !== unit && wrong > 0) options.push(() => ({ [price]: { value: formatAmount(wrong), kind: 'product_mismatch' } }));
      }
    }
  }
  return options.length ? rng.pick(options)() : null;
}

/**
 * The scenario, with its action budget where the level sets one: what the reference solver needs plus
 * `action_slack` for reading the table (so a good strategy fits and fixing every cell one by one does not).
 */
export function generateScenario(rng: Rng, config: DataCleaningConfig, families: readonly string[] = []): CleaningScenario {
  const visible = generateTable(rng, config, families, rng);
  // A pipeline level's other batches: the same feed (schema, conventions, systems and habits, reference tables, all
  // drawn from the shared forks of `rng`) with rows, slips and duplicates of their own.
  const hiddenBatches = Array.from({ length: config.hidden_batches }, (_v, i) => {
    const batch = generateTable(rng.fork(`batch-${i + 1}`), config, families, rng);
    if (batch.columns.map((c) => c.name).join() !== visible.columns.map((c) => c.name).join()) throw new Error('a hidden batch has other columns than the visible one');
    return { dirty: batch.dirty, truth: batch.truth, defects: batch.defects, duplicates: batch.duplicates };
  });
  const scenario = { ...visible, hiddenBatches, visibleWeight: config.visible_weight };
  if (config.action_slack <= 0) return scenario;
  return { ...scenario, actionBudget: referenceActions(scenario).length + config.action_slack };
}

/**
 * One batch. `shared` gives what every batch of a feed has in common (schema, conventions, table sizes, reference
 * tables, source systems and habits); `rng` the rest. They are the same generator for the visible batch.
 */
function generateTable(rng: Rng, config: DataCleaningConfig, families: readonly string[], shared: Rng): Omit<CleaningScenario, 'hiddenBatches' | 'visibleWeight'> {
  const structure = shared.fork('structure');
  // At a pipeline level every slip is of a kind a general column-level rule repairs (the spec names each), and each
  // batch of the feed shows only some of those kinds: a batch's mix is not the feed's, so a pipeline fitted to the
  // kinds one batch happens to show misses the rest.
  const dropped = Math.round(PIPELINE_KINDS.length * (shared === rng ? SAMPLE_DROPPED_KINDS : BATCH_DROPPED_KINDS));
  const excluded = config.hidden_batches > 0 ? [...NON_PIPELINE_KINDS, ...rng.fork('kind-mix').sample(PIPELINE_KINDS, dropped)] : [];
  const schema = chooseSchema(structure, config, families);
  const dealtConventions = chooseConventions(structure.fork('conventions'), families);
  // A feed (pipeline level) also has its own layouts of the documented slips, stated in its spec.
  const conventions: Conventions = config.hidden_batches > 0 ? { ...dealtConventions, feedLayouts: drawFeedLayouts(shared.fork('feed-layouts')) } : dealtConventions;
  const domain = DOMAINS[schema.domain];

  const low = Math.min(config.min_rows, config.max_rows);
  const high = Math.max(config.min_rows, config.max_rows);
  const totalRows = structure.int(low, high);
  const dupLow = Math.min(config.min_duplicates, config.max_duplicates);
  const dupHigh = Math.max(config.min_duplicates, config.max_duplicates);
  const duplicateCount = Math.min(structure.int(dupLow, dupHigh), MAX_DUPLICATES, Math.floor(totalRows / 4));

  const defs = domain.columns.filter((c) => schema.columns.includes(c.name));
  const identityCanonical = domain.identity.filter((c) => schema.columns.includes(c)).slice(0, 2);
  const entityResolution = config.entity_resolution && identityCanonical.length === 2;
  // Decoys are distinct records that share all but their key and one identity column with another record.
  const decoyCount = entityResolution ? Math.max(1, Math.round(duplicateCount / 2)) : 0;
  const recordCount = totalRows - duplicateCount - decoyCount;

  const tables = domain.tables(shared.fork('tables'), new Set(defs.map((c) => c.name)));
  // Extra records lend their keys and values: to the decoys, and new keys to records entered a second time.
  const canonical = distinctRecords(domain, rng.fork('records'), recordCount + decoyCount + duplicateCount, tables, entityResolution ? identityCanonical : []);
  const spareKeys = canonical.splice(recordCount + decoyCount).map((r) => r[domain.keyColumn]!);
  const fresh = canonical.splice(recordCount);
  const decoyRng = rng.fork('decoys');
  const tiedSecond = entityResolution ? tiedTo(identityCanonical[1]!, defs) : new Set<string>();
  const decoys = fresh.map((other) => {
    const source = decoyRng.pick(canonical.slice(0, recordCount));
    // The source's record, but another key and another value (with what is tied to it) in the second identity column.
    const record: CleanRecord = { ...source, [domain.keyColumn]: other[domain.keyColumn]! };
    for (const column of tiedSecond) record[column] = other[column]!;
    return record;
  });
  // A decoy whose identity another record (or an earlier decoy) already has would be the same record by the spec's rule.
  const decoyIdentities = new Set(canonical.map((r) => identityOf(r, identityCanonical)));
  const records = [
    ...canonical,
    ...decoys.filter((d) => {
      const identity = identityOf(d, identityCanonical);
      if (decoyIdentities.has(identity)) return false;
      decoyIdentities.add(identity);
      return true;
    }),
  ];

  const sampleRng = rng.fork('samples');
  const ctx: RuleContext = {
    conventions,
    table: schema.tableName,
    shown: (name) => schema.names[name] ?? name,
    sample: (name) => records[sampleRng.int(0, records.length - 1)]![name] ?? '',
    row: () => records[sampleRng.int(0, records.length - 1)]!,
  };
  const columns = defs.map((def) => def.build(ctx));
  const byCanonical = new Map(defs.map((def, i) => [def.name, columns[i]!]));
  // Records are drawn with ISO dates; the table stores them in its convention's layout.
  const stored = (def: ColumnDef, value: string) => (def.kind === 'date' ? writeDate(parseIsoDate(value)!, conventions.dateLayout) : value);
  const toShown = (record: CleanRecord): CleanRecord => Object.fromEntries(defs.map((def) => [byCanonical.get(def.name)!.name, stored(def, record[def.name]!)]));
  const keyColumn = ctx.shown(domain.keyColumn);
  const identityColumns = entityResolution ? identityCanonical.map(ctx.shown) : [];

  // Cell defects on the rows of the records: cross-column ones first (they take two cells or a checked one).
  const drafts: DraftRow[] = records.map((record, index) => {
    const clean = toShown(record);
    return { clean, cells: { ...clean }, kinds: {}, record: index, duplicate: null };
  });
  // Source systems (top level): two more columns, every row's system and last update, and the systems' habits.
  let plan: SourcePlan | null = null;
  if (config.source_systems) {
    const planRng = shared.fork('sources');
    // One generator for the plan and the rows where the batch is the feed's own (the levels without hidden batches).
    const sourceRng = shared === rng ? planRng : rng.fork('sources');
    const dateOf = () => writeDate(randomDate(sourceRng, 2023, 2024), conventions.dateLayout);
    plan = planSources(planRng, columns, keyColumn, schema.tableName, conventions, writeDate(randomDate(planRng, 2023, 2024), conventions.dateLayout));
    columns.push(plan.sourceColumn, plan.updatedColumn);
    for (const draft of drafts) {
      const values = { [plan.sourceColumn.name]: sourceRng.pick(plan.systems.systems), [plan.updatedColumn.name]: dateOf() };
      Object.assign(draft.clean, values);
      Object.assign(draft.cells, values);
    }
  }
  const systemOf = (draft: DraftRow) => (plan ? draft.clean[plan.sourceColumn.name]! : '');
  /** Whether a cell is the system's to rewrite (its habit) or never defective (source, last update): no slip lands there. */
  const reserved = (draft: DraftRow, column: string) =>
    plan !== null &&
    (column === plan.sourceColumn.name || column === plan.updatedColumn.name || plan.systems.habits.some((h) => h.system === systemOf(draft) && h.columns.includes(column)));
  const hasHabit = (draft: DraftRow) => plan !== null && plan.systems.habits.some((h) => h.system === systemOf(draft));
  const defectRng = rng.fork('defects');
  const wanted = Math.min(MAX_CELL_DEFECTS, Math.max(1, Math.round(config.defect_rate * records.length * columns.length)));
  const perColumnCap = Math.max(1, Math.floor(MAX_COLUMN_SHARE * wanted));
  const perColumn = new Map(columns.map((c) => [c.name, 0]));
  let injected = 0;
  if (config.cross_column_share > 0) {
    const crossRng = rng.fork('cross-column');
    const crossWanted = Math.round(config.cross_column_share * wanted);
    for (const draft of crossRng.shuffle(drafts.slice())) {
      if (injected >= crossWanted) break;
      // A habit's rows show the habit, not a slip on top of it (a swapped date pair would read two ways).
      if (hasHabit(draft)) continue;
      const defect = rowDefect(crossRng, columns, draft.clean, conventions);
      if (!defect) continue;
      for (const [column, { value, kind }] of Object.entries(defect)) {
        draft.cells[column] = value;
        draft.kinds[column] = kind;
        perColumn.set(column, perColumn.get(column)! + 1);
        injected += 1;
      }
    }
  }
  const slots = defectRng.shuffle(drafts.flatMap((_d, row) => columns.map((_c, col) => [row, col] as const)));
  // Near copies always vary the key (below), so the key column keeps room for them under its cap.
  const cellCap = (column: ColumnSpec) => (column.isKey ? Math.max(0, perColumnCap - duplicateCount) : perColumnCap);
  for (const [row, col] of slots) {
    if (injected >= wanted) break;
    const draft = drafts[row]!;
    const column = columns[col]!;
    if (perColumn.get(column.name)! >= cellCap(column) || draft.kinds[column.name] || reserved(draft, column.name)) continue;
    const defect = injectDefect(defectRng, column, draft.clean[column.name]!, { record: draft.clean, references: tables.references, conventions }, excluded);
    if (!defect || (GENERIC_KINDS.includes(defect.kind) && !defectRng.chance(GENERIC_KEEP))) continue;
    draft.cells[column.name] = defect.value;
    draft.kinds[column.name] = defect.kind;
    perColumn.set(column.name, perColumn.get(column.name)! + 1);
    injected += 1;
  }

  // Duplicates: an exact copy of a row as exported, a near copy with a few slips, or (entity resolution) the record
  // entered again under a new key, recognisable only by its identity columns.
  const dupRng = rng.fork('duplicates');
  const survivorRng = rng.fork('survivorship');
  // Columns a rule ties to another (lookups and their keys, products and their factors, currencies, date pairs).
  const linked = new Set<string>(
    columns.flatMap((c) => [
      ...(c.lookup ? [c.name, c.lookup.via] : []),
      ...(c.product ? [c.name, c.product.count, c.product.price] : []),
      ...(c.decimals ? [c.name, c.decimals.column] : []),
      ...(c.notBefore ? [c.name, c.notBefore] : []),
    ]),
  );
  const originals = drafts.filter((d) => !decoys.includes(records[d.record]!));
  const duplicated = dupRng.sample(originals, Math.min(duplicateCount, originals.length));
  const unusedKeys = spareKeys.filter((k) => !records.some((r) => r[domain.keyColumn] === k));
  const copies: DraftRow[] = duplicated.map((original, i) => {
    if (!dupRng.chance(config.near_duplicate_share)) {
      return { ...original, cells: { ...original.cells }, kinds: { ...original.kinds }, duplicate: 'exact' };
    }
    // With source systems the second entry came through a system of its own, and the record may have changed in
    // between: one volatile column holds another value, and the two entries' last updates say which is current.
    const clean: CleanRecord = plan ? { ...original.clean } : original.clean;
    const fixed = new Set<string>();
    if (plan) {
      const { sourceColumn, updatedColumn } = plan.systems;
      clean[sourceColumn] = survivorRng.pick(plan.systems.systems);
      const older = randomDate(survivorRng, 2023, 2024);
      const newer = addDays(older, survivorRng.int(5, 200));
      const copyNewer = survivorRng.chance(COPY_NEWER);
      const [originalDate, copyDate] = (copyNewer ? [older, newer] : [newer, older]).map((d) => writeDate(d, conventions.dateLayout));
      original.clean[updatedColumn] = originalDate!;
      original.cells[updatedColumn] = originalDate!;
      clean[updatedColumn] = copyDate!;
      const volatile = columns.filter((c) => VOLATILE_KINDS.includes(c.kind) && !c.isKey && !identityColumns.includes(c.name) && !linked.has(c.name) && c.name !== sourceColumn);
      if (volatile.length) {
        const column = survivorRng.pick(volatile);
        const others = column.allowed ? [...column.allowed] : drafts.map((d) => d.clean[column.name]!);
        const changed = others.filter((v) => v !== original.clean[column.name]);
        if (changed.length) {
          clean[column.name] = survivorRng.pick(changed);
          fixed.add(column.name);
        }
      }
      fixed.add(sourceColumn).add(updatedColumn);
      for (const habit of plan.systems.habits) if (habit.system === clean[sourceColumn]) habit.columns.forEach((c) => fixed.add(c));
    }
    const cells: Record<string, CellValue> = { ...clean };
    const kinds: Record<string, string> = {};
    const key = columns.find((c) => c.isKey)!;
    const entity = entityResolution && i % 2 === 0;
    if (entity) {
      // A second key: one no other row has (a decoy's unused key or a shuffled one).
      const other = unusedKeys.pop() ?? null;
      if (other) cells[key.name] = other;
    }
    const open = columns.filter((c) => perColumn.get(c.name)! < perColumnCap && c !== key && !fixed.has(c.name));
    const count = Math.min(open.length, dupRng.int(2, MAX_NEAR_VARIATIONS));
    // A record entered again through another system carries its key in that system's layout (not merely another
    // case or stray spaces), so matching keys needs the spec's repairs, not just trimming and lower-casing.
    const varied = entity ? dupRng.sample(open, count) : [key, ...dupRng.sample(open, count - 1)];
    for (const column of varied) {
      const context = { record: original.clean, references: tables.references, conventions };
      // The key of a near copy is in another system's layout, most often the legacy number-first one.
      const keyExcluded = dupRng.chance(0.6) ? ['case', 'whitespace', 'code_layout'] : ['case', 'whitespace'];
      const defect = injectDefect(dupRng, column, original.clean[column.name]!, context, [...(column === key ? keyExcluded : SHALLOW_KINDS), ...excluded]);
      if (!defect) continue;
      cells[column.name] = defect.value;
      kinds[column.name] = defect.kind;
      perColumn.set(column.name, perColumn.get(column.name)! + 1);
    }
    const differs = columns.some((c) => cells[c.name] !== original.cells[c.name]);
    const kind = entity && cells[key.name] !== original.clean[key.name] ? 'entity' : differs ? 'near' : 'exact';
    return { clean, cells, kinds, record: original.record, duplicate: kind };
  });

  // Each system with a habit rewrites its columns in every row it sent (slips were kept off those cells). A system
  // that writes day and month the other way round does so in every layout: some of its dates come slashed, in its
  // own order, which is the opposite of the order the table's convention gives slashed dates.
  /** A stored date slashed in the habit system's order (the opposite of the table's), where both readings are days. */
  const systemSlashed = (stored: string): string | null => {
    const date = readDateIn(stored, conventions.dateLayout)!;
    if (date.day > 12 || date.day === date.month) return null;
    const [first, second] = conventions.slashedDates === 'day-first' ? [date.month, date.day] : [date.day, date.month];
    return `${pad(first, 2)}/${pad(second, 2)}/${date.year}`;
  };
  if (plan) {
    const layoutRng = rng.fork('habit-layouts');
    for (const draft of [...drafts, ...copies]) {
      for (const habit of plan.systems.habits) {
        if (habit.system !== systemOf(draft)) continue;
        for (const column of habit.columns) {
          if (draft.kinds[column] || draft.cells[column] !== draft.clean[column]) continue;
          const value = habitValue(habit.habit, draft.clean[column]!, conventions.dateLayout, config.hidden_batches > 0, habitJoin(layoutsOf(conventions)));
          if (value === null || value === draft.clean[column]) continue;
          const slashed = habit.habit === 'month_first_dates' && draft.duplicate === null && layoutRng.chance(SLASHED_HABIT_SHARE) ? systemSlashed(draft.clean[column]!) : null;
          draft.cells[column] = slashed ?? value;
          draft.kinds[column] = slashed ? 'habit_slashed_date' : `habit_${habit.habit}`;
        }
      }
    }
  }

  // Row order is shuffled, so a copy may come first: the spec keeps the lowest row_id of a record.
  const ordered = rng.fork('order').shuffle([...drafts, ...copies]);
  // A record entered again under a new key comes after the row that has its real key: which key is right is
  // decided by the order of entry, so the first row of the record always holds it.
  for (let i = 0; i < ordered.length; i++) {
    const copy = ordered[i]!;
    if (copy.duplicate !== 'entity') continue;
    const original = ordered.findIndex((d) => d.record === copy.record && d.duplicate !== 'entity');
    if (original > i) [ordered[i], ordered[original]] = [ordered[original]!, ordered[i]!];
  }
  const dirty: TableRow[] = ordered.map((draft, index) => ({ row_id: index + 1, cells: { ...draft.cells } }));
  const keeperOf = new Map<number, number>();
  ordered.forEach((draft, index) => {
    if (!keeperOf.has(draft.record)) keeperOf.set(draft.record, index + 1);
  });

  const truth: TruthRow[] = [];
  const defects: DefectRecord[] = [];
  const duplicates: DuplicateRecord[] = [];
  // Survivorship: the kept row of a record takes the values of its most recently updated row (its system stays its own).
  const current = (draft: DraftRow): CleanRecord => {
    if (!plan) return draft.clean;
    const { sourceColumn, updatedColumn } = plan.systems;
    const when = (d: DraftRow) => {
      const date = readDateIn(d.clean[updatedColumn]!, conventions.dateLayout)!;
      return date.year * 10000 + date.month * 100 + date.day;
    };
    const newest = ordered.filter((d) => d.record === draft.record).reduce((best, d) => (when(d) > when(best) ? d : best));
    return { ...newest.clean, [keyColumn]: draft.clean[keyColumn]!, [sourceColumn]: draft.clean[sourceColumn]! };
  };
  ordered.forEach((draft, index) => {
    const rowId = index + 1;
    const keepRowId = keeperOf.get(draft.record)!;
    const record = keepRowId === rowId ? current(draft) : draft.clean;
    const clean = Object.fromEntries(columns.map((c) => [c.name, record[c.name]!]));
    if (keepRowId !== rowId) {
      const keeper = ordered[keepRowId - 1]!;
      const same = columns.every((c) => keeper.cells[c.name] === draft.cells[c.name]);
      const kind = draft.duplicate === 'entity' || keeper.duplicate === 'entity' ? 'entity' : same ? 'exact' : 'near';
      truth.push({ row_id: rowId, keep: false, cells: clean });
      duplicates.push({ row_id: rowId, keep_row_id: keepRowId, kind });
      return;
    }
    truth.push({ row_id: rowId, keep: true, cells: clean });
    for (const column of columns) {
      const value = draft.cells[column.name] ?? null;
      if (value === clean[column.name]) continue;
      const kind = draft.kinds[column.name] ?? (plan && record !== draft.clean && record[column.name] !== draft.clean[column.name] ? 'survivorship' : undefined);
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
    keyColumn,
    references: tables.references,
    dirty,
    truth,
    defects,
    duplicates,
    correctionBudget: config.correction_budget,
    structuredHints: config.structured_hints,
    conventions,
    identityColumns,
    sources: plan ? plan.systems : null,
    gradedAtSubmit: config.graded_at_submit,
    actionBudget: null,
    referencesOnRequest: config.references_on_request,
  };
}
