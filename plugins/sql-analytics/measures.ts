// Each business area's measure as SQL: a `base` CTE of (eid, fy, fq, fp, val, dim) with every present trap handled.
import type { SchemaNames } from './naming.js';
import { STATUS_MEANINGS } from './warehouse-data.js';
import type { Group, Trap, World } from './warehouse-model.js';

/** A way to break a measure down, and the output column that names its members. */
export interface Dimension {
  readonly key: string;
  /** Output column holding the member names. */
  readonly column: string;
  /** How a stakeholder names it ("product category"). */
  readonly noun: string;
  readonly plural: string;
}

/** What a business area measures: its value, its entity (the thing counted) and its dimensions. */
export interface Measure {
  readonly group: Group;
  /** Noun phrase of the value ("net sales"). */
  readonly noun: string;
  /** Output column of the value. */
  readonly column: string;
  /** The counted entity, singular and plural ("customer", "customers"), and its id column. */
  readonly entity: string;
  readonly entities: string;
  readonly entityColumn: string;
  readonly dimensions: readonly Dimension[];
}

const dim = (key: string, column: string, noun: string, plural: string): Dimension => ({ key, column, noun, plural });

export const MEASURES: Readonly<Record<Group, Measure>> = {
  sales: { group: 'sales', noun: 'net sales', column: 'net_sales', entity: 'customer', entities: 'customers', entityColumn: 'customer_id', dimensions: [dim('region', 'region_name', 'region', 'regions'), dim('category', 'category_name', 'product category', 'product categories'), dim('country', 'country', 'selling country', 'selling countries')] },
  billing: { group: 'billing', noun: 'billed revenue', column: 'billed_revenue', entity: 'customer', entities: 'customers', entityColumn: 'customer_id', dimensions: [dim('tier', 'plan_tier', 'plan tier', 'plan tiers'), dim('region', 'region_name', 'region', 'regions')] },
  support: { group: 'support', noun: 'resolution hours', column: 'resolution_hours', entity: 'customer', entities: 'customers', entityColumn: 'customer_id', dimensions: [dim('queue', 'queue_name', 'support queue', 'support queues'), dim('region', 'region_name', 'customer region', 'customer regions'), dim('country', 'country', 'desk country', 'desk countries')] },
  hr: { group: 'hr', noun: 'approved expenses', column: 'approved_expenses', entity: 'person', entities: 'people', entityColumn: 'person_id', dimensions: [dim('department', 'department_name', 'department', 'departments'), dim('expense_category', 'expense_category', 'expense category', 'expense categories')] },
  logistics: { group: 'logistics', noun: 'freight cost', column: 'freight_cost', entity: 'customer', entities: 'customers', entityColumn: 'customer_id', dimensions: [dim('carrier', 'carrier_name', 'carrier', 'carriers'), dim('country', 'country', 'warehouse country', 'warehouse countries'), dim('region', 'region_name', 'customer region', 'customer regions')] },
  marketing: { group: 'marketing', noun: 'media spend', column: 'media_spend', entity: 'campaign', entities: 'campaigns', entityColumn: 'campaign_id', dimensions: [dim('channel', 'channel_name', 'channel', 'channels'), dim('region', 'region_name', 'target region', 'target regions')] },
};

/**
 * Ways to fit a query to the visible rows instead of the documented rule (the informed-naive policy of tests and
 * measurements; never the gold query): each gives the visible instance's answer and may miss on another instance.
 */
export const FIT_ASPECTS = ['fiscal_dates', 'internal_ids', 'seen_statuses', 'reload_max_id', 'site_offsets', 'seen_nulls', 'live_before_latest'] as const;
export type FitAspect = (typeof FIT_ASPECTS)[number];

/** What the SQL builder knows: the names, the world, and which traps the query handles (all present ones for gold). */
export interface SqlContext {
  readonly names: SchemaNames;
  readonly world: World;
  readonly handled: ReadonlySet<Trap>;
  /** Visible-data shortcuts taken instead of documented rules (empty or absent for the gold query). */
  readonly fitted?: ReadonlySet<FitAspect>;
}

/** The rows of a logical table of the visible world (for fitted queries only). */
function visibleRows(world: World, table: string): readonly Record<string, unknown>[] {
  return world.tables.find((t) => t.key === table)?.rows ?? [];
}

function literal(v: unknown): string {
  return typeof v === 'number' ? String(v) : `'${String(v)}'`;
}

/** The measure's base CTEs and the tables they read. */
export interface BaseSql {
  /** "src AS (...), base AS (...)" without the leading WITH. */
  readonly ctes: string;
  readonly tables: readonly string[];
  /** Tables read only to compute the value (a scalar lookup): a query that counts entities never opens them. */
  readonly valueOnlyTables: readonly string[];
}

interface Historized {
  readonly hist: string;
  readonly keyExpr: string;
  readonly lookup: string;
  readonly valueColumn: string;
}

class Assembly {
  readonly joins: string[] = [];
  readonly where: string[] = [];
  readonly tables = new Set<string>();
  constructor(readonly ctx: SqlContext, fromTable: string, readonly alias: string) {
    this.tables.add(fromTable);
    this.from = `${this.t(fromTable)} ${alias}`;
  }
  readonly from: string;

  t(key: string): string {
    return this.ctx.names.t(key);
  }

  c(alias: string, table: string, column: string): string {
    return `${alias}.${this.ctx.names.c(table, column)}`;
  }

  present(trap: Trap): boolean {
    return this.ctx.world.traps.has(trap);
  }

  handles(trap: Trap): boolean {
    return this.present(trap) && this.ctx.handled.has(trap);
  }

  fits(aspect: FitAspect): boolean {
    return this.ctx.fitted?.has(aspect) ?? false;
  }

  join(table: string, alias: string, on: string): void {
    if (this.joins.some((j) => j.includes(` ${alias} ON `))) return;
    this.tables.add(table);
    this.joins.push(`JOIN ${this.t(table)} ${alias} ON ${on}`);
  }

  /** Live rows only, when soft deletion is present and handled. */
  live(alias: string, table: string): void {
    if (!this.handles('soft_delete')) return;
    this.where.push(this.liveCondition(alias, table));
  }

  liveCondition(alias: string, table: string): string {
    const column = this.c(alias, table, 'deleted');
    return this.ctx.world.deletion === 'flag' ? `${column} = 0` : `${column} IS NULL`;
  }

  /**
   * Only the latest load of each source document, when reloads are present and handled. `liveRows`: the query
   * also keeps live rows of this table only (not so for the order behind a shipment).
   */
  latest(alias: string, table: string, liveRows = true): void {
    if (!this.handles('reloads')) return;
    const later = `${alias}_later`;
    // Fitted: "the reload got the higher row id", true of the visible rows, not a documented rule.
    const by = this.fits('reload_max_id') ? 'id' : 'load';
    // Fitted: deleted rows dropped before the latest load is chosen, so a re-sent deletion brings back the earlier load.
    const laterLive = this.fits('live_before_latest') && liveRows && this.handles('soft_delete') ? ` AND ${this.liveCondition(later, table)}` : '';
    this.where.push(`NOT EXISTS (SELECT 1 FROM ${this.t(table)} ${later} WHERE ${this.c(later, table, 'doc')} = ${this.c(alias, table, 'doc')} AND ${this.c(later, table, by)} > ${this.c(alias, table, by)}${laterLive})`);
  }

  /** Counted statuses: always filtered when statuses are words; with opaque codes only when the trap is handled. */
  counted(alias: string, table: string): void {
    if (this.present('status_codes') && !this.handles('status_codes')) return;
    const book = this.ctx.world.codes[table]!;
    const counted = STATUS_MEANINGS[table]!.counted.map((m) => book[m]!);
    if (this.fits('seen_statuses') && this.present('status_codes')) {
      // Fitted: leave out the not-counted codes the visible rows show (a code they never use slips through).
      const seen = new Set(visibleRows(this.ctx.world, table).map((row) => row.status));
      const excluded = Object.values(book).filter((code) => !counted.includes(code) && seen.has(code));
      if (excluded.length) this.where.push(`${this.c(alias, table, 'status')} NOT IN (${excluded.map(literal).join(', ')})`);
      return;
    }
    this.where.push(`${this.c(alias, table, 'status')} IN (${counted.map(literal).join(', ')})`);
  }

  /** A nullable amount (`table`.`key` read as `column`) that means "none" (or "the other amount") when NULL. */
  orElse(table: string, key: string, column: string, fallback: string): string {
    if (!this.present('null_semantics') || !this.handles('null_semantics')) return column;
    // Fitted: COALESCE only where the visible rows show a NULL.
    if (this.fits('seen_nulls') && !visibleRows(this.ctx.world, table).some((row) => row[key] === null)) return column;
    return `COALESCE(${column}, ${fallback})`;
  }

  /** The golden customer id of a customer-record column (the record key itself when duplicates are absent or ignored). */
  customer(recordColumn: string): { eid: string; historyKey: string } {
    if (this.handles('internal_accounts') && this.fits('internal_ids')) {
      // Fitted: the record keys of the visible internal accounts, hard-coded.
      const keys = visibleRows(this.ctx.world, 'customer').filter((row) => row.class === this.ctx.world.internalClass).map((row) => literal(row.key));
      this.where.push(`${recordColumn} NOT IN (${keys.join(', ')})`);
    } else if (this.handles('internal_accounts')) {
      // Staff and QA test accounts are not customers: their rows leave every customer figure.
      const code = this.ctx.world.internalClass!;
      this.join('customer', 'cu', `${this.c('cu', 'customer', 'key')} = ${recordColumn}`);
      this.where.push(`${this.c('cu', 'customer', 'class')} <> '${code}'`);
    }
    if (!this.present('duplicates')) return { eid: recordColumn, historyKey: recordColumn };
    this.join('xref', 'xr', `${this.c('xr', 'xref', 'key')} = ${recordColumn}`);
    const master = this.c('xr', 'xref', 'master');
    return { eid: this.handles('duplicates') ? master : recordColumn, historyKey: master };
  }

  /** The region of a customer record: static on the record, or historized (joined later, at the business date). */
  customerRegion(recordColumn: string, historyKey: string): string | Historized {
    if (this.present('type2')) return { hist: 'region_hist', keyExpr: historyKey, lookup: 'region', valueColumn: 'region' };
    this.join('customer', 'cu', `${this.c('cu', 'customer', 'key')} = ${recordColumn}`);
    this.join('region', 'rg', `${this.c('rg', 'region', 'code')} = ${this.c('cu', 'customer', 'region')}`);
    return this.c('rg', 'region', 'name');
  }

  lookupName(table: string, alias: string, codeExpr: string): string {
    this.join(table, alias, `${this.c(alias, table, 'code')} = ${codeExpr}`);
    return this.c(alias, table, 'name');
  }
}

interface Source {
  readonly eid: string;
  readonly ldate: string;
  readonly ccy: string;
  readonly value: string;
  readonly dim: string | Historized | null;
}

function siteJoin(a: Assembly, alias: string, siteColumn: string): void {
  a.join('site', alias, `${a.c(alias, 'site', 'id')} = ${siteColumn}`);
}

/** Local date of a UTC timestamp at a site joined as `alias` (plain date when time zones are absent or ignored). */
function localOf(a: Assembly, ts: string, alias: string, siteColumn: string): string {
  if (a.handles('timezone') && a.fits('site_offsets')) {
    // Fitted: the visible site ids' offsets, hard-coded.
    const cases = visibleRows(a.ctx.world, 'site').map((row) => `WHEN ${literal(row.id)} THEN ${literal(row.offset)}`).join(' ');
    return `date(${ts}, (CASE ${siteColumn} ${cases} END) || ' minutes')`;
  }
  return a.handles('timezone') ? `date(${ts}, ${a.c(alias, 'site', 'offset')} || ' minutes')` : `date(${ts})`;
}

function sales(a: Assembly, dimKey: string | null): Source {
  const o = 'o';
  a.join('order', o, `${a.c(o, 'order', 'id')} = ${a.c('l', 'order_line', 'order')}`);
  a.counted(o, 'order');
  a.live(o, 'order');
  a.latest(o, 'order');
  const cust = a.c(o, 'order', 'cust');
  const { eid, historyKey } = a.customer(cust);
  if (a.handles('timezone') || dimKey === 'country') siteJoin(a, 'st', a.c(o, 'order', 'site'));
  const price = `${a.c('l', 'order_line', 'qty')} * ${a.c('l', 'order_line', 'price')} * (1 - ${a.orElse('order_line', 'disc', a.c('l', 'order_line', 'disc'), '0')})`;
  let d: string | Historized | null = null;
  if (dimKey === 'region') d = a.customerRegion(cust, historyKey);
  if (dimKey === 'category') {
    a.join('product', 'pr', `${a.c('pr', 'product', 'id')} = ${a.c('l', 'order_line', 'product')}`);
    d = a.lookupName('category', 'ct', a.c('pr', 'product', 'cat'));
  }
  if (dimKey === 'country') d = a.c('st', 'site', 'country');
  return { eid, ldate: localOf(a, a.c(o, 'order', 'ts'), 'st', a.c(o, 'order', 'site')), ccy: a.present('currency') ? a.c(o, 'order', 'ccy') : "'USD'", value: price, dim: d };
}

function billing(a: Assembly, dimKey: string | null): Source {
  a.counted('i', 'invoice');
  a.live('i', 'invoice');
  a.latest('i', 'invoice');
  a.join('subscription', 'sb', `${a.c('sb', 'subscription', 'id')} = ${a.c('i', 'invoice', 'sub')}`);
  const cust = a.c('sb', 'subscription', 'cust');
  const { eid, historyKey } = a.customer(cust);
  let d: string | Historized | null = null;
  if (dimKey === 'tier') {
    a.join('plan', 'pl', `${a.c('pl', 'plan', 'code')} = ${a.c('sb', 'subscription', 'plan')}`);
    d = a.c('pl', 'plan', 'tier');
  }
  if (dimKey === 'region') d = a.customerRegion(cust, historyKey);
  const value = `${a.c('i', 'invoice', 'amount')} - ${a.orElse('invoice', 'credit', a.c('i', 'invoice', 'credit'), '0')}`;
  return { eid, ldate: a.c('i', 'invoice', 'date'), ccy: a.present('currency') ? a.c('i', 'invoice', 'ccy') : "'USD'", value, dim: d };
}

function support(a: Assembly, dimKey: string | null): Source {
  a.counted('tk', 'ticket');
  a.live('tk', 'ticket');
  a.latest('tk', 'ticket');
  a.where.push(`${a.c('tk', 'ticket', 'resolved')} IS NOT NULL`);
  const cust = a.c('tk', 'ticket', 'cust');
  const { eid, historyKey } = a.customer(cust);
  if (a.handles('timezone') || dimKey === 'country') siteJoin(a, 'st', a.c('tk', 'ticket', 'site'));
  let d: string | Historized | null = null;
  if (dimKey === 'queue') d = a.lookupName('queue', 'qu', a.c('tk', 'ticket', 'queue'));
  if (dimKey === 'region') d = a.customerRegion(cust, historyKey);
  if (dimKey === 'country') d = a.c('st', 'site', 'country');
  const value = `(julianday(${a.c('tk', 'ticket', 'resolved')}) - julianday(${a.c('tk', 'ticket', 'opened')})) * 24`;
  return { eid, ldate: localOf(a, a.c('tk', 'ticket', 'opened'), 'st', a.c('tk', 'ticket', 'site')), ccy: "'USD'", value, dim: d };
}

function hr(a: Assembly, dimKey: string | null): Source {
  a.counted('cl', 'claim');
  a.live('cl', 'claim');
  a.latest('cl', 'claim');
  const emp = a.c('cl', 'claim', 'emp');
  let eid = emp;
  if (a.present('duplicates')) {
    a.join('employee', 'em', `${a.c('em', 'employee', 'emp')} = ${emp}`);
    if (a.handles('duplicates')) eid = a.c('em', 'employee', 'person');
  }
  let d: string | Historized | null = null;
  if (dimKey === 'department') {
    if (a.present('type2')) d = { hist: 'dept_hist', keyExpr: emp, lookup: 'dept', valueColumn: 'dept' };
    else {
      a.join('employee', 'em', `${a.c('em', 'employee', 'emp')} = ${emp}`);
      d = a.lookupName('dept', 'dp', a.c('em', 'employee', 'dept'));
    }
  }
  if (dimKey === 'expense_category') d = a.lookupName('exp_cat', 'ec', a.c('cl', 'claim', 'cat'));
  const value = a.orElse('claim', 'approved', a.c('cl', 'claim', 'approved'), a.c('cl', 'claim', 'amount'));
  return { eid, ldate: a.c('cl', 'claim', 'date'), ccy: a.present('currency') ? a.c('cl', 'claim', 'ccy') : "'USD'", value, dim: d };
}

function logistics(a: Assembly, dimKey: string | null): Source {
  a.counted('sh', 'shipment');
  a.live('sh', 'shipment');
  a.latest('sh', 'shipment');
  // With reloads a shipment names its order by document number, which every load of the order carries.
  a.join('order', 'o', `${a.c('o', 'order', a.present('reloads') ? 'doc' : 'id')} = ${a.c('sh', 'shipment', 'order')}`);
  a.latest('o', 'order', false);
  const cust = a.c('o', 'order', 'cust');
  const { eid, historyKey } = a.customer(cust);
  if (a.handles('timezone') || dimKey === 'country') siteJoin(a, 'wh', a.c('sh', 'shipment', 'site'));
  let d: string | Historized | null = null;
  if (dimKey === 'carrier') d = a.lookupName('carrier', 'ca', a.c('sh', 'shipment', 'carrier'));
  if (dimKey === 'country') d = a.c('wh', 'site', 'country');
  if (dimKey === 'region') d = a.customerRegion(cust, historyKey);
  const value = `${a.c('sh', 'shipment', 'cost')} + ${a.orElse('shipment', 'surcharge', a.c('sh', 'shipment', 'surcharge'), '0')}`;
  return { eid, ldate: localOf(a, a.c('sh', 'shipment', 'ts'), 'wh', a.c('sh', 'shipment', 'site')), ccy: a.present('currency') ? a.c('sh', 'shipment', 'ccy') : "'USD'", value, dim: d };
}

function marketing(a: Assembly, dimKey: string | null): Source {
  a.counted('sp', 'spend');
  a.live('sp', 'spend');
  a.latest('sp', 'spend');
  const campaign = a.c('sp', 'spend', 'campaign');
  let d: string | Historized | null = null;
  if (dimKey !== null || a.handles('internal_accounts')) a.join('campaign', 'cm', `${a.c('cm', 'campaign', 'id')} = ${campaign}`);
  // Internal test campaigns' bookings are not media spend.
  if (a.handles('internal_accounts') && a.fits('internal_ids')) {
    const ids = visibleRows(a.ctx.world, 'campaign').filter((row) => row.type === a.ctx.world.testCampaignType).map((row) => literal(row.id));
    a.where.push(`${campaign} NOT IN (${ids.join(', ')})`);
  } else if (a.handles('internal_accounts')) a.where.push(`${a.c('cm', 'campaign', 'type')} <> '${a.ctx.world.testCampaignType!}'`);
  if (dimKey === 'channel') d = a.lookupName('channel', 'ch', a.c('cm', 'campaign', 'channel'));
  if (dimKey === 'region') d = a.lookupName('region', 'rg', a.c('cm', 'campaign', 'region'));
  const value = `${a.c('sp', 'spend', 'amount')} + ${a.orElse('spend', 'fee', a.c('sp', 'spend', 'fee'), '0')}`;
  return { eid: campaign, ldate: a.c('sp', 'spend', 'date'), ccy: a.present('currency') ? a.c('sp', 'spend', 'ccy') : "'USD'", value, dim: d };
}

const SOURCES: Readonly<Record<Group, { table: string; alias: string; build(a: Assembly, dimKey: string | null): Source }>> = {
  sales: { table: 'order_line', alias: 'l', build: sales },
  billing: { table: 'invoice', alias: 'i', build: billing },
  support: { table: 'ticket', alias: 'tk', build: support },
  hr: { table: 'claim', alias: 'cl', build: hr },
  logistics: { table: 'shipment', alias: 'sh', build: logistics },
  marketing: { table: 'spend', alias: 'sp', build: marketing },
};

/**
 * The measure of a group as two CTEs: `src` reads the fact rows (statuses, deletions, NULL meanings, local dates,
 * golden ids) and `base` adds the currency conversion, the fiscal period and a historized dimension at the row's date.
 */
export function measureBase(ctx: SqlContext, group: Group, dimKey: string | null): BaseSql {
  const spec = SOURCES[group];
  const a = new Assembly(ctx, spec.table, spec.alias);
  const source = spec.build(a, dimKey);
  const historized = source.dim !== null && typeof source.dim === 'object' ? source.dim : null;
  const srcColumns = [`${source.eid} AS eid`, `${source.ldate} AS ldate`, `${source.ccy} AS ccy`, `${source.value} AS v`];
  if (historized) srcColumns.push(`${historized.keyExpr} AS hkey`);
  else srcColumns.push(`${source.dim ?? 'NULL'} AS dim`);
  const src = `src AS (\n  SELECT ${srcColumns.join(', ')}\n  FROM ${a.from}${a.joins.map((j) => `\n  ${j}`).join('')}${a.where.length ? `\n  WHERE ${a.where.join('\n    AND ')}` : ''}\n)`;

  const n = ctx.names;
  const joins: string[] = [];
  const tables = new Set(a.tables);
  let val = 's.v';
  const valueOnly: string[] = [];
  if (a.present('currency') && a.handles('currency') && a.present('fx_asof')) {
    valueOnly.push('fx');
    // The rate in effect on the business date: the latest one published on or before it, read as it is quoted.
    tables.add('fx');
    const fx = (alias: string, col: string) => `${alias}.${n.c('fx', col)}`;
    // A scalar lookup per row (the rate table is indexed by currency): a join on MAX(effective date) is far slower.
    const rate = a.handles('fx_asof') ? `CASE WHEN ${fx('r', 'basis')} = 'I' THEN 1.0 / ${fx('r', 'rate')} ELSE ${fx('r', 'rate')} END` : fx('r', 'rate');
    val = `s.v * (SELECT ${rate} FROM ${n.t('fx')} r WHERE ${fx('r', 'ccy')} = s.ccy AND ${fx('r', 'eff')} <= s.ldate ORDER BY ${fx('r', 'eff')} DESC LIMIT 1)`;
  } else if (a.present('currency') && a.handles('currency')) {
    tables.add('fx');
    joins.push(`JOIN ${n.t('fx')} r ON r.${n.c('fx', 'ccy')} = s.ccy AND r.${n.c('fx', 'month')} = substr(s.ldate, 1, 7)`);
    val = `s.v * r.${n.c('fx', 'rate')}`;
  }
  let period = "CAST(substr(s.ldate, 1, 4) AS INTEGER) AS fy, (CAST(substr(s.ldate, 6, 2) AS INTEGER) + 2) / 3 AS fq, CAST(substr(s.ldate, 6, 2) AS INTEGER) AS fp";
  if (a.present('fiscal') && a.handles('fiscal') && a.fits('fiscal_dates')) {
    // Fitted: the visible fiscal calendar's first month, hard-coded as date arithmetic.
    const start = ctx.world.fiscalStartMonth;
    const month = 'CAST(substr(s.ldate, 6, 2) AS INTEGER)';
    const fp = `((${month} - ${start} + 12) % 12 + 1)`;
    period = `CAST(substr(s.ldate, 1, 4) AS INTEGER) + (${month} >= ${start}) AS fy, (${fp} + 2) / 3 AS fq, ${fp} AS fp`;
  } else if (a.present('fiscal') && a.handles('fiscal')) {
    tables.add('fiscal');
    joins.push(`JOIN ${n.t('fiscal')} f ON s.ldate BETWEEN f.${n.c('fiscal', 'start')} AND f.${n.c('fiscal', 'end')}`);
    period = `f.${n.c('fiscal', 'fy')} AS fy, f.${n.c('fiscal', 'fq')} AS fq, f.${n.c('fiscal', 'fp')} AS fp`;
  }
  let dimExpr = 's.dim';
  if (historized) {
    tables.add(historized.hist);
    tables.add(historized.lookup);
    const h = (col: string) => `h.${n.c(historized.hist, col)}`;
    const during = a.handles('type2') ? `s.ldate >= ${h('from')} AND (${h('to')} IS NULL OR s.ldate < ${h('to')})` : `${h('to')} IS NULL`;
    joins.push(`JOIN ${n.t(historized.hist)} h ON ${h(historized.hist === 'region_hist' ? 'key' : 'emp')} = s.hkey AND ${during}`);
    joins.push(`JOIN ${n.t(historized.lookup)} g ON g.${n.c(historized.lookup, 'code')} = ${h(historized.valueColumn)}`);
    dimExpr = `g.${n.c(historized.lookup, 'name')}`;
  }
  const base = `base AS (\n  SELECT s.eid, ${period}, ${val} AS val, ${dimExpr} AS dim\n  FROM src s${joins.map((j) => `\n  ${j}`).join('')}\n)`;
  return { ctes: `${src},\n${base}`, tables: [...tables].sort(), valueOnlyTables: valueOnly };
}
