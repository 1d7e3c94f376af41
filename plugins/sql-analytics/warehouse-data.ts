// Generates the rows of an enterprise warehouse: shared master data, one module per business area, and the traps.
import type { Rng } from 'openenv-ts';
import { cents, dayOf, dayOfIso, isoDate, isoDateTime, personName } from './data-helpers.js';
import { reloadColumns, withReloads, type ReloadOptions } from './reloads.js';
import { DATA_END, DATA_START, type CodeBook, type GlossaryEntry, type Group, type LogicalColumn, type LogicalTable, type Trap, type World } from './warehouse-model.js';
import type { SqlValue } from './types.js';

type Row = Record<string, SqlValue>;

const FIRST_DAY = dayOfIso(DATA_START);
const LAST_DAY = dayOfIso(DATA_END);

const REGIONS = ['North America', 'Latin America', 'Europe', 'Middle East & Africa', 'Asia Pacific'];
/** Sites: city, country, standard UTC offset in minutes (no daylight saving), local currency. */
const SITES: readonly [string, string, number, string][] = [
  ['Chicago', 'United States', -360, 'USD'], ['Sao Paulo', 'Brazil', -180, 'BRL'], ['Dublin', 'Ireland', 0, 'EUR'],
  ['Berlin', 'Germany', 60, 'EUR'], ['Dubai', 'United Arab Emirates', 240, 'AED'], ['Singapore', 'Singapore', 480, 'SGD'],
  ['Sydney', 'Australia', 600, 'AUD'], ['Toronto', 'Canada', -300, 'CAD'],
];
const USD_PER_UNIT: Record<string, number> = { USD: 1, BRL: 0.2, EUR: 1.08, AED: 0.2723, SGD: 0.74, AUD: 0.66, CAD: 0.74 };

/** The meanings of each fact table's status, in the order codes are dealt; `counted` are the ones a measure keeps. */
export const STATUS_MEANINGS: Readonly<Record<string, { meanings: readonly string[]; counted: readonly string[] }>> = {
  order: { meanings: ['placed', 'shipped', 'delivered', 'returned', 'cancelled'], counted: ['shipped', 'delivered'] },
  invoice: { meanings: ['draft', 'issued', 'paid', 'void'], counted: ['issued', 'paid'] },
  ticket: { meanings: ['new', 'in progress', 'resolved', 'closed', 'rejected as spam'], counted: ['resolved', 'closed'] },
  claim: { meanings: ['submitted', 'approved', 'rejected', 'paid'], counted: ['approved', 'paid'] },
  shipment: { meanings: ['booked', 'in transit', 'delivered', 'cancelled'], counted: ['booked', 'in transit', 'delivered'] },
  spend: { meanings: ['booked', 'reversed'], counted: ['booked'] },
};

export interface WorldOptions {
  readonly traps: ReadonlySet<Trap>;
  readonly groups: readonly Group[];
  readonly scale: number;
  /** How the rows are drawn: the visible instance (default) or a hidden instance graded alongside it. */
  readonly mix?: DataMix;
}

/**
 * How one instance of a warehouse draws its rows. Every instance of a scenario shares the documentation (status
 * codes, account classes, deletion style, names, dictionary, glossary), which comes from the scenario's seed;
 * a hidden instance draws its rows from another stream and with other shares of the documented edge cases, so
 * a query fitted to the visible rows (hard-coded ids, codes, dates, or only the cases the visible rows happen
 * to show) gives another answer there.
 */
export interface DataMix {
  /** 0 = the visible instance; 1.. = hidden instances (their row stream). */
  readonly instance: number;
  /** First month of the fiscal year (the fiscal calendar table's rows); undefined = the scenario's own. */
  readonly fiscalStartMonth?: number;
  /** Multiplies the share of soft-deleted rows. */
  readonly deleteFactor: number;
  /** Share of source documents loaded again, and the most extra loads one document gets. */
  readonly reloadShare: number;
  readonly nextLoadShare: number;
  readonly maxExtraLoads: number;
  /** Share of re-sent documents that re-send a deletion at the source (0: the instance shows no deleted latest load). */
  readonly reloadDeletionShare: number;
  /** Later loads get their row ids in shuffled order, so the highest id is not always the latest load. */
  readonly shuffleReloadIds: boolean;
  /** Share of customer-facing fact rows that belong to internal accounts (and of bookings to test campaigns). */
  readonly internalShare: number;
  /** Share of media bookings that belong to internal test campaigns. */
  readonly testCampaignShare: number;
  /** Share of events within two hours of a local month boundary. */
  readonly boundaryShare: number;
  /** Multiplies the number of rows. */
  readonly scale: number;
  /** Site ids are dealt in another order (a site's offset and country stay on its row). */
  readonly permuteSites: boolean;
  /**
   * The visible instance never shows the status meanings the scenario withholds (one not-counted meaning in
   * some fact tables); the dictionary still lists their codes, and hidden instances use them.
   */
  readonly withholdStatuses: boolean;
  /**
   * The visible instance shows no NULL in one documented nullable amount column (the scenario's choice); the
   * dictionary still says what NULL means there, and hidden instances have NULLs in it.
   */
  readonly withholdNulls: boolean;
}

/** The visible instance: the shares the generator always used. */
export const VISIBLE_MIX: DataMix = Object.freeze({
  instance: 0, deleteFactor: 1, reloadShare: 0.09, nextLoadShare: 0.25, maxExtraLoads: 2, reloadDeletionShare: 0.08, shuffleReloadIds: false, internalShare: 0.14, testCampaignShare: 0.12,
  boundaryShare: 0.15, scale: 1, permuteSites: false, withholdStatuses: false, withholdNulls: false,
});

/** The visible instance of a level graded on hidden instances too: it withholds some documented cases. */
export const VISIBLE_MIX_WITH_HIDDEN: DataMix = Object.freeze({ ...VISIBLE_MIX, withholdStatuses: true, withholdNulls: true, reloadDeletionShare: 0 });

/** The nullable amount columns ("table.column") whose NULL has a documented meaning. */
const NULLABLE_AMOUNTS = ['order_line.disc', 'invoice.credit', 'claim.approved', 'shipment.surcharge', 'spend.fee'];

/** Everything the modules share while generating. */
class Builder {
  readonly tables: LogicalTable[] = [];
  readonly glossary: GlossaryEntry[] = [];
  readonly codes: Record<string, CodeBook> = {};
  readonly deletion: 'flag' | 'timestamp';
  readonly fiscalStartMonth: number;
  readonly currencies: string[];
  customers: { key: number; master: number; region: number; internal: boolean }[] = [];
  orders: { id: number; doc: string | null; custKey: number; day: number; status: string; deleted: boolean }[] = [];
  /** The account class of staff and QA test customers, when internal accounts are a trap. */
  internalClass: string | null = null;
  /** The campaign type of internal test campaigns, when internal accounts are a trap. */
  testCampaignType: string | null = null;
  siteCount = 0;
  /** The stream the rows come from: the documentation's own stream for the visible instance, another for a hidden one. */
  readonly rows: Rng;
  readonly scale: number;
  /** Site ids by site index (101.. in order for the visible instance). */
  readonly siteIds: number[];
  /** Per fact table, the not-counted status meaning the visible instance never shows (documented all the same). */
  readonly withheld: Record<string, string | null> = {};
  /** The nullable amount column ("table.column") the visible instance shows no NULL in (see DataMix.withholdNulls). */
  readonly withheldNull: string | null;

  /** `rng` is the documentation's stream (same for every instance); `mix` says how this instance draws its rows. */
  constructor(readonly rng: Rng, readonly traps: ReadonlySet<Trap>, scale: number, readonly mix: DataMix) {
    this.deletion = rng.chance(0.5) ? 'flag' : 'timestamp';
    const fiscalStart = traps.has('fiscal') ? rng.pick([2, 4, 7, 10]) : 1;
    this.fiscalStartMonth = traps.has('fiscal') ? (mix.fiscalStartMonth ?? fiscalStart) : 1;
    this.currencies = traps.has('currency') ? Object.keys(USD_PER_UNIT) : ['USD'];
    this.rows = mix.instance === 0 ? rng : rng.fork(`hidden/${mix.instance}`);
    this.scale = scale * mix.scale;
    this.withheldNull = traps.has('null_semantics') ? rng.fork('withheld-null').pick(NULLABLE_AMOUNTS) : null;
    const ids = SITES.map((_, i) => 101 + i);
    this.siteIds = mix.permuteSites ? this.rows.fork('site-ids').shuffle(ids) : ids;
  }

  /**
   * The stored value of "none" (or "in full") in a nullable amount column: NULL when NULLs carry the meaning,
   * else the value itself; the visible instance of a hidden-graded level stores the value in its withheld column.
   */
  noneValue(column: string, value: number): number | null {
    if (!this.has('null_semantics')) return value;
    return this.mix.withholdNulls && this.withheldNull === column ? value : null;
  }

  /** The stream of one module's rows. */
  rowsOf(label: string): Rng {
    return this.rows.fork(label);
  }

  /** The stored code of a status meaning; in the visible instance a withheld meaning shows as another not-counted one. */
  statusOf(table: string, meaning: string): string | number {
    return this.codes[table]![this.shownMeaning(table, meaning)]!;
  }

  /** The meaning a drawn status is stored as in this instance (see statusOf). */
  shownMeaning(table: string, meaning: string): string {
    const withheld = this.withheld[table];
    if (!this.mix.withholdStatuses || withheld !== meaning) return meaning;
    // Another not-counted meaning, or (when the table has only one) a counted one the row had no business in: drop to the first.
    const { meanings, counted } = STATUS_MEANINGS[table]!;
    return meanings.find((m) => m !== withheld && !counted.includes(m)) ?? counted[0]!;
  }

  /** The codes a reload may switch a row to: every code but a withheld one in the visible instance. */
  reloadStatuses(table: string): (string | number)[] {
    const withheld = this.mix.withholdStatuses ? this.withheld[table] : null;
    return Object.entries(this.codes[table]!).filter(([m]) => m !== withheld).map(([, code]) => code);
  }

  has(trap: Trap): boolean {
    return this.traps.has(trap);
  }

  /**
   * The customer record behind a fact row. With internal accounts, staff and QA test accounts are busy (test
   * orders, staff purchases), so leaving them in visibly moves totals and rankings; otherwise a uniform pick.
   */
  pickCustomer(r: Rng): { key: number; master: number; region: number; internal: boolean } {
    if (!this.has('internal_accounts')) return r.pick(this.customers);
    const internal = r.chance(this.mix.internalShare);
    return r.pick(this.customers.filter((c) => c.internal === internal));
  }

  /** The document number and load columns (only when reloads are a trap). */
  reloadColumns(): LogicalColumn[] {
    return this.has('reloads') ? reloadColumns() : [];
  }

  /** Adds document numbers, load times and reloaded documents to a fact table's rows (ids assigned). */
  reloaded(table: string, rows: Row[], options: Omit<ReloadOptions, 'statuses' | 'deleted' | 'share' | 'nextLoadShare' | 'maxExtraLoads' | 'deletionShare' | 'shuffleIds'>): { rows: Row[]; reloadsOf: Map<number, number[]> } {
    if (!this.has('reloads')) return { rows, reloadsOf: new Map() };
    const deleted = this.has('soft_delete')
      ? (row: Row): Row => ({ deleted: this.deletion === 'flag' ? 1 : isoDateTime(dayOfIso(String(row.load)) + 1, 7200) })
      : undefined;
    const shares = { share: this.mix.reloadShare, nextLoadShare: this.mix.nextLoadShare, maxExtraLoads: this.mix.maxExtraLoads, deletionShare: this.mix.reloadDeletionShare, shuffleIds: this.mix.shuffleReloadIds };
    return withReloads(this.rowsOf(`reloads/${table}`), rows, { ...options, ...shares, statuses: this.reloadStatuses(table), ...(deleted ? { deleted } : {}) });
  }

  count(base: number): number {
    return Math.max(8, Math.round(base * this.scale));
  }

  add(table: LogicalTable): void {
    this.tables.push(table);
  }

  /** Codes for a fact table's statuses: words when status codes are not a trap, else opaque codes dealt at random. */
  statusCodes(table: string): CodeBook {
    const { meanings } = STATUS_MEANINGS[table]!;
    const r = this.rng.fork(`codes/${table}`);
    let codes: (string | number)[];
    if (!this.has('status_codes')) codes = meanings.map((m) => m.replace(/ /g, '_'));
    else {
      const style = r.int(0, 2);
      if (style === 0) codes = r.sample([10, 20, 30, 40, 50, 60, 70, 80, 90], meanings.length);
      else if (style === 1) codes = r.sample(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'K', 'M'], meanings.length);
      else codes = r.sample(['S01', 'S02', 'S03', 'S04', 'S05', 'S07', 'S09'], meanings.length);
    }
    const book = Object.fromEntries(meanings.map((m, i) => [m, codes[i]!]));
    this.codes[table] = book;
    // Half the fact tables withhold one not-counted meaning from the visible rows (a documentation choice, same in every instance).
    const notCounted = meanings.filter((m) => !STATUS_MEANINGS[table]!.counted.includes(m));
    const w = this.rng.fork(`withheld/${table}`);
    this.withheld[table] = this.has('status_codes') && w.chance(0.5) ? w.pick(notCounted) : null;
    return book;
  }

  statusColumn(table: string): LogicalColumn {
    const book = this.statusCodes(table);
    const listed = Object.entries(book).map(([meaning, code]) => `${code} = ${meaning}`).join(', ');
    const numeric = typeof Object.values(book)[0] === 'number';
    return { key: 'status', words: ['status', 'code'], type: numeric ? 'INTEGER' : 'TEXT', doc: `Status: ${listed}.` };
  }

  /** The soft-delete column (only when soft deletion is a trap). */
  deletionColumns(): LogicalColumn[] {
    if (!this.has('soft_delete')) return [];
    return this.deletion === 'flag'
      ? [{ key: 'deleted', words: ['deleted', 'flag'], type: 'INTEGER', doc: '1 = the row was deleted in the source system and is kept only for audit; 0 = live row.' }]
      : [{ key: 'deleted', words: ['deleted', 'time'], type: 'TEXT', nullable: true, doc: "When the row was deleted in the source system ('YYYY-MM-DD HH:MM:SS'); NULL = live row. Deleted rows are kept only for audit." }];
  }

  deletionValue(r: Rng, share: number, day: number): Row {
    if (!this.has('soft_delete')) return {};
    const deleted = r.chance(Math.min(0.5, share * this.mix.deleteFactor));
    if (this.deletion === 'flag') return { deleted: deleted ? 1 : 0 };
    return { deleted: deleted ? isoDateTime(Math.min(day + r.int(1, 30), LAST_DAY + 20), r.int(0, 86_399)) : null };
  }

  currencyColumn(): LogicalColumn[] {
    return this.has('currency') ? [{ key: 'ccy', words: ['currency', 'code'], type: 'TEXT', doc: 'ISO currency code of the amounts in this row.' }] : [];
  }

  /** Rounds an amount in USD to the row's currency; amounts are stored in the currency of the row. */
  money(r: Rng, usd: number, ccy: string): number {
    return cents(usd / (USD_PER_UNIT[ccy] ?? 1));
  }

  /** A local timestamp, stored in UTC when time zones are a trap (offset in minutes east of UTC). */
  stamp(day: number, second: number, offset: number): string {
    return this.has('timezone') ? isoDateTime(day, second - offset * 60) : isoDateTime(day, second);
  }

  /** A local event moment; one in eight lands within two hours of a month boundary, where UTC and local dates differ. */
  moment(r: Rng, offset: number): { day: number; second: number } {
    if (this.has('timezone') && r.chance(this.mix.boundaryShare)) {
      const month = r.int(0, 35);
      const first = dayOf(2022 + Math.floor(month / 12), (month % 12) + 1, 1);
      // East of UTC: just after local midnight is still the previous day in UTC; west of UTC: the late evening is the next day.
      if (offset > 0 && first > FIRST_DAY) return { day: first, second: r.int(60, Math.min(offset * 60 - 60, 7200)) };
      if (offset < 0 && first - 1 >= FIRST_DAY) return { day: first - 1, second: 86_399 - r.int(60, Math.min(-offset * 60 - 60, 7200)) };
    }
    return { day: r.int(FIRST_DAY, LAST_DAY), second: r.int(6 * 3600, 22 * 3600) };
  }
}

function lookupTable(key: string, words: string[], area: string, doc: string, codeWords: string[], nameWords: string[], names: readonly string[], codes: readonly string[]): LogicalTable {
  return {
    key, words, area, doc,
    columns: [
      { key: 'code', words: codeWords, type: 'TEXT', pk: true, doc: 'Code.' },
      { key: 'name', words: nameWords, type: 'TEXT', doc: 'Display name used in reports.' },
    ],
    rows: names.map((name, i) => ({ code: codes[i]!, name })),
  };
}

/** Short distinct codes such as 'R3' or 'K7', dealt at random so a code says nothing about its name. */
function codesFor(r: Rng, count: number, letter: string): string[] {
  return r.sample(Array.from({ length: 9 }, (_, i) => `${letter}${i + 1}`), count);
}

function sharedTables(b: Builder, needs: { customers: boolean; sites: boolean }): void {
  const r = b.rowsOf('shared');
  const regionCodes = codesFor(r, REGIONS.length, 'R');
  b.add(lookupTable('region', ['region'], 'mdm', 'Sales regions.', ['region', 'code'], ['region', 'name'], REGIONS, regionCodes));
  if (needs.sites) {
    const sites = SITES;
    b.siteCount = sites.length;
    b.add({
      key: 'site', words: ['site'], area: 'org',
      doc: b.has('timezone') ? 'Company sites (stores, service desks, warehouses). Each site works in its local time zone; see the offset column.' : 'Company sites (stores, service desks, warehouses).',
      columns: [
        { key: 'id', words: ['site', 'id'], type: 'INTEGER', pk: true, doc: 'Site id.' },
        { key: 'name', words: ['site', 'name'], type: 'TEXT', doc: 'City of the site.' },
        { key: 'country', words: ['country'], type: 'TEXT', doc: 'Country of the site, as reports show it.' },
        ...(b.has('timezone') ? [{ key: 'offset', words: ['offset', 'minutes'], type: 'INTEGER' as const, doc: "Minutes east of UTC of the site's local time (standard time; the sites do not observe daylight saving)." }] : []),
      ],
      rows: sites.map(([city, country, offset], i) => ({ id: b.siteIds[i]!, name: city, country, ...(b.has('timezone') ? { offset } : {}) })),
    });
  }
  if (b.has('currency') && b.has('fx_asof')) exchangeRatesAsOf(b);
  else if (b.has('currency')) {
    const fx = b.rowsOf('fx');
    const rows: Row[] = [];
    for (const ccy of b.currencies) {
      let rate = USD_PER_UNIT[ccy]!;
      for (let m = 0; m < 36; m++) {
        if (ccy !== 'USD') rate = rate * (1 + fx.float(-0.03, 0.03));
        rows.push({ ccy, month: `${2022 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`, rate: ccy === 'USD' ? 1 : Math.round(rate * 10_000) / 10_000 });
      }
    }
    b.add({
      key: 'fx', words: ['exchange', 'rate'], area: 'fin', doc: 'Monthly average exchange rates, one row per currency and calendar month.',
      columns: [
        { key: 'ccy', words: ['currency', 'code'], type: 'TEXT', doc: 'ISO currency code.' },
        { key: 'month', words: ['rate', 'month'], type: 'TEXT', doc: "Calendar month 'YYYY-MM'." },
        { key: 'rate', words: ['usd', 'rate'], type: 'REAL', doc: 'US dollars per one unit of the currency (average of the month).' },
      ],
      rows,
    });
    b.glossary.push({ term: 'Reporting currency', definition: 'Every money figure is reported in US dollars: convert each amount with the exchange rate of its currency for the calendar month of the business date of the row (its local date).' });
  }
  if (b.has('fiscal')) {
    const s = b.fiscalStartMonth;
    const rows: Row[] = [];
    // Fiscal year N ends in calendar year N; periods from the one holding DATA_START to the one holding DATA_END.
    for (let fy = 2022; fy <= 2025; fy++) {
      for (let p = 1; p <= 12; p++) {
        const monthIndex = s - 1 + p - 1; // months after January of year fy - 1
        const year = fy - 1 + Math.floor(monthIndex / 12);
        const month = (monthIndex % 12) + 1;
        const start = dayOf(year, month, 1);
        const end = dayOf(year + (month === 12 ? 1 : 0), month === 12 ? 1 : month + 1, 1) - 1;
        if (end < FIRST_DAY - 400 || start > LAST_DAY + 200) continue;
        rows.push({ fy, fq: Math.ceil(p / 3), fp: p, start: isoDate(start), end: isoDate(end) });
      }
    }
    b.add({
      key: 'fiscal', words: ['fiscal', 'period'], area: 'fin', doc: 'The fiscal calendar: one row per fiscal month (period) with its first and last calendar day.',
      columns: [
        { key: 'fy', words: ['fiscal', 'year'], type: 'INTEGER', doc: 'Fiscal year; fiscal year N ends in calendar year N.' },
        { key: 'fq', words: ['fiscal', 'quarter'], type: 'INTEGER', doc: 'Fiscal quarter 1-4.' },
        { key: 'fp', words: ['fiscal', 'period'], type: 'INTEGER', doc: 'Fiscal period (month) 1-12 within the fiscal year.' },
        { key: 'start', words: ['period', 'start', 'date'], type: 'TEXT', doc: "First day 'YYYY-MM-DD' (inclusive)." },
        { key: 'end', words: ['period', 'end', 'date'], type: 'TEXT', doc: "Last day 'YYYY-MM-DD' (inclusive)." },
      ],
      rows,
    });
    b.glossary.push({ term: 'Fiscal year', definition: 'Years, quarters and months in reports are fiscal ones unless a calendar date is given: use the fiscal calendar table. A row belongs to the fiscal period holding its local business date.' });
  }
  if (needs.customers) customerTables(b, regionCodes);
}

/**
 * Exchange rates published on irregular dates (gaps of up to two and a half months) rather than one per month,
 * some quoted as units per US dollar: an amount takes the latest rate on or before its business date, read the
 * way its row is quoted. One currency switches its quotation once, so a rate read per currency is not enough.
 */
function exchangeRatesAsOf(b: Builder): void {
  const fx = b.rowsOf('fx');
  const foreign = b.currencies.filter((c) => c !== 'USD');
  const indirect = new Set(fx.sample(foreign, fx.int(2, 4)));
  const switcher = fx.pick(foreign);
  const switchDay = fx.int(FIRST_DAY + 200, LAST_DAY - 200);
  const rows: Row[] = [{ ccy: 'USD', eff: '2020-01-01', rate: 1, basis: 'D' }];
  for (const ccy of foreign) {
    let rate = USD_PER_UNIT[ccy]!;
    for (let day = FIRST_DAY - fx.int(5, 40); day <= LAST_DAY; day += fx.int(6, 75)) {
      rate = rate * (1 + fx.float(-0.04, 0.04));
      const inverted = indirect.has(ccy) !== (ccy === switcher && day >= switchDay);
      rows.push({ ccy, eff: isoDate(day), rate: inverted ? Math.round(10_000 / rate) / 10_000 : Math.round(rate * 10_000) / 10_000, basis: inverted ? 'I' : 'D' });
    }
  }
  b.add({
    key: 'fx', words: ['exchange', 'rate'], area: 'fin',
    doc: 'Exchange rates against the US dollar, one row each time a rate was published (not every month has one). A rate holds from its effective date until the next published rate of the currency.',
    columns: [
      { key: 'ccy', words: ['currency', 'code'], type: 'TEXT', indexed: true, doc: 'ISO currency code.' },
      { key: 'eff', words: ['effective', 'date'], type: 'TEXT', doc: "First day the rate applies 'YYYY-MM-DD'." },
      { key: 'rate', words: ['rate'], type: 'REAL', doc: 'The published rate, quoted as the basis column says.' },
      { key: 'basis', words: ['quote', 'basis'], type: 'TEXT', doc: "How the rate is quoted: 'D' = direct, US dollars per one unit of the currency; 'I' = indirect, units of the currency per US dollar." },
    ],
    rows,
  });
  b.glossary.push({ term: 'Reporting currency', definition: 'Every money figure is reported in US dollars: convert each amount at the exchange rate of its currency in effect on the business date of the row (its local date), i.e. the latest rate published on or before that date.' });
}

function customerTables(b: Builder, regionCodes: readonly string[]): void {
  const r = b.rowsOf('customers');
  const masters = b.count(110);
  const records: { key: number; master: number; name: string; email: string; system: string; created: string; region: number }[] = [];
  const histories: Row[] = [];
  const masterIds = r.sample(Array.from({ length: masters * 3 }, (_, i) => 7001 + i), masters);
  for (let i = 0; i < masters; i++) {
    const [first, last] = personName(r);
    const master = masterIds[i]!;
    const region = r.weighted([0, 1, 2, 3, 4], [3, 2, 3, 1, 2]);
    const created = r.int(FIRST_DAY - 700, LAST_DAY - 200);
    const systems = b.has('duplicates') && r.chance(0.3) ? ['CRM', 'ERP'] : [r.pick(['CRM', 'ERP'])];
    for (const system of systems) {
      records.push({ key: 0, master, name: `${first} ${last}`, email: `${first}.${last}.${master % 97}@example.com`.toLowerCase(), system, created: isoDate(created + r.int(0, 60)), region });
    }
    let currentRegion = region;
    if (b.has('type2')) {
      const moves = r.chance(0.45) ? [r.int(FIRST_DAY + 60, LAST_DAY - 60)] : [];
      let from = '2015-01-01';
      for (const move of moves) {
        const next = (currentRegion + r.int(1, 4)) % 5;
        histories.push({ key: master, region: regionCodes[currentRegion]!, from, to: isoDate(move) });
        from = isoDate(move);
        currentRegion = next;
      }
      histories.push({ key: master, region: regionCodes[currentRegion]!, from, to: null });
    }
  }
  const order = r.shuffle(records.map((_, i) => i));
  order.forEach((recordIndex, i) => (records[recordIndex]!.key = 1 + i));
  records.sort((a, b2) => a.key - b2.key);
  const accounts = accountClasses(b, masterIds);
  b.customers = records.map((c) => ({ key: c.key, master: c.master, region: c.region, internal: accounts?.internal.has(c.master) ?? false }));
  if (accounts) {
    // Staff and QA test accounts look like what they are: an analyst scanning the customer rows can tell.
    const internalMasters = [...accounts.internal];
    for (const c of records) {
      const n = internalMasters.indexOf(c.master);
      if (n < 0) continue;
      const label = n % 2 === 0 ? `QA Test Account ${n + 1}` : `Staff Purchases ${n + 1}`;
      c.name = label;
      c.email = `${n % 2 === 0 ? 'qa' : 'staff'}.${n + 1}@internal.invalid`;
    }
  }
  const dup = b.has('duplicates');
  const t2 = b.has('type2');
  b.add({
    key: 'customer', words: ['customer'], area: 'crm',
    doc: dup ? 'Customer records as loaded from the CRM and ERP source systems. The same customer can have one record in each system; see the cross-reference table.' : 'One row per customer.',
    columns: [
      { key: 'key', words: ['customer', dup ? 'key' : 'id'], type: 'INTEGER', pk: true, doc: dup ? 'Record key (one per source record, not per customer).' : 'Customer id.' },
      { key: 'name', words: ['customer', 'name'], type: 'TEXT', doc: 'Full name; not unique.' },
      { key: 'email', words: ['email'], type: 'TEXT', doc: 'Contact email.' },
      ...(dup ? [{ key: 'system', words: ['source', 'system'], type: 'TEXT' as const, doc: "Source system of the record: 'CRM' or 'ERP'." }] : []),
      { key: 'created', words: ['created', 'date'], type: 'TEXT', doc: "Date the record was created 'YYYY-MM-DD'." },
      ...(t2 ? [] : [{ key: 'region', words: ['region', 'code'], type: 'TEXT' as const, ref: ['region', 'code'] as const, doc: 'Sales region of the customer.' }]),
      ...(accounts ? [accounts.column] : []),
    ],
    rows: records.map((c) => ({ key: c.key, name: c.name, email: c.email, ...(dup ? { system: c.system } : {}), created: c.created, ...(t2 ? {} : { region: regionCodes[c.region]! }), ...(accounts ? { class: accounts.classOf(c.master) } : {}) })),
  });
  if (dup) {
    b.add({
      key: 'xref', words: ['customer', 'master', 'cross', 'reference'], area: 'mdm',
      doc: 'Master-data matching: maps every source customer record to the golden (master) customer it belongs to.',
      columns: [
        { key: 'key', words: ['customer', 'key'], type: 'INTEGER', pk: true, ref: ['customer', 'key'], doc: 'Source record key.' },
        { key: 'master', words: ['master', 'id'], type: 'INTEGER', doc: 'Golden customer id; this is the customer id used in every report.' },
      ],
      rows: records.map((c) => ({ key: c.key, master: c.master })),
    });
    b.glossary.push({ term: 'Customer', definition: 'A customer is a golden (master) customer of the master-data cross-reference, not a source record: the same customer may exist in both the CRM and the ERP. Customer ids in reports are golden ids, and counts of customers count golden ids.' });
  }
  if (t2) {
    b.add({
      key: 'region_hist', words: ['customer', 'region', 'history'], area: 'mdm',
      doc: 'Which sales region each customer belonged to over time (slowly changing dimension, type 2).',
      columns: [
        { key: 'key', words: dup ? ['master', 'id'] : ['customer', 'id'], type: 'INTEGER', ...(dup ? {} : { ref: ['customer', 'key'] as const }), doc: dup ? 'Golden customer id.' : 'Customer id.' },
        { key: 'region', words: ['region', 'code'], type: 'TEXT', ref: ['region', 'code'], doc: 'Region assigned in this interval.' },
        { key: 'from', words: ['valid', 'from'], type: 'TEXT', doc: "First day of validity 'YYYY-MM-DD' (inclusive)." },
        { key: 'to', words: ['valid', 'to'], type: 'TEXT', nullable: true, doc: "Day the next assignment starts 'YYYY-MM-DD' (exclusive); NULL = still current." },
      ],
      rows: histories,
    });
    b.glossary.push({ term: 'Regional attribution', definition: 'Results by region use the region the customer was assigned to on the local business date of each row, not the current region.' });
  }
}

/**
 * Account classes of the customer master when internal accounts are a trap: codes dealt per scenario, about one
 * golden customer in sixteen internal (staff purchases, QA tests). The class column's dictionary line says which
 * code marks them and that customer figures leave them out.
 */
function accountClasses(b: Builder, masterIds: readonly number[]): { internal: Set<number>; classOf(master: number): string; column: LogicalColumn } | null {
  if (!b.has('internal_accounts')) return null;
  const docs = b.rng.fork('accounts');
  // The codes are documentation (same in every instance); which customers are internal is data.
  const r = b.mix.instance === 0 ? docs : b.rowsOf('accounts');
  const [standard, key, internalCode] = docs.pick([['S', 'K', 'X'], ['STD', 'KEY', 'INT'], ['B2C', 'B2B', 'EMP'], ['01', '02', '09'], ['R', 'P', 'Z']]).map(String) as [string, string, string];
  const internal = new Set(r.sample([...masterIds], Math.max(4, Math.round(masterIds.length / 16))));
  const keyAccounts = new Set(r.sample(masterIds.filter((m) => !internal.has(m)), Math.round(masterIds.length * 0.25)));
  b.internalClass = internalCode;
  // No glossary term: the rule is this one dictionary line of the customer records, a table a golden-id query
  // through the cross-reference never needs to read, and the accounts' names and emails give them away.
  return {
    internal,
    classOf: (master) => (internal.has(master) ? internalCode : keyAccounts.has(master) ? key : standard),
    column: {
      key: 'class', words: ['account', 'class'], type: 'TEXT',
      doc: `Account class: ${standard} = standard, ${key} = key account, ${internalCode} = internal (staff purchases and QA test accounts: not customers, so every customer figure leaves out their orders, invoices, tickets and shipments).`,
    },
  };
}

/**
 * Campaign types when internal accounts are a trap: a few campaigns are internal tests of the booking pipeline,
 * whose bookings are not media spend. Only the type column's dictionary line says so (and the campaigns' names).
 */
function campaignTypes(b: Builder, ids: readonly number[]): { test: Set<number>; typeOf(id: number): string; column: LogicalColumn } | null {
  if (!b.has('internal_accounts')) return null;
  const docs = b.rng.fork('campaign-types');
  const r = b.mix.instance === 0 ? docs : b.rowsOf('campaign-types');
  const [brand, performance, test] = docs.pick([['BR', 'PF', 'TS'], ['1', '2', '9'], ['B', 'P', 'X'], ['BRD', 'PRF', 'TST']]) as [string, string, string];
  const tests = new Set(r.sample([...ids], Math.max(3, Math.round(ids.length / 10))));
  b.testCampaignType = test;
  return {
    test: tests,
    typeOf: (id) => (tests.has(id) ? test : r.fork(String(id)).chance(0.5) ? brand : performance),
    column: {
      key: 'type', words: ['campaign', 'type'], type: 'TEXT',
      doc: `Campaign type: ${brand} = brand, ${performance} = performance, ${test} = internal test (QA of the booking pipeline: its bookings are not media spend and are never reported).`,
    },
  };
}

function salesTables(b: Builder): void {
  const r = b.rowsOf('sales');
  const catNames = ['Electronics', 'Home & Kitchen', 'Garden', 'Toys', 'Books', 'Sports'];
  const catCodes = codesFor(r, catNames.length, 'C');
  b.add(lookupTable('category', ['product', 'category'], 'sd', 'Product categories.', ['category', 'code'], ['category', 'name'], catNames, catCodes));
  const products: { id: number; cat: number; price: number }[] = [];
  const nouns = ['Lamp', 'Kettle', 'Speaker', 'Planter', 'Puzzle', 'Atlas', 'Racket', 'Blender', 'Drone', 'Hammock', 'Kite', 'Helmet'];
  for (let i = 0; i < 30; i++) products.push({ id: 201 + i, cat: i < 12 ? i % 6 : r.int(0, 5), price: cents(r.float(6, 240)) });
  b.add({
    key: 'product', words: ['product'], area: 'sd', doc: 'Sellable products.',
    columns: [
      { key: 'id', words: ['product', 'id'], type: 'INTEGER', pk: true, doc: 'Product id.' },
      { key: 'name', words: ['product', 'name'], type: 'TEXT', doc: 'Product name.' },
      { key: 'cat', words: ['category', 'code'], type: 'TEXT', ref: ['category', 'code'], doc: 'Product category.' },
    ],
    rows: products.map((p, i) => ({ id: p.id, name: `${['Classic', 'Eco', 'Pro', 'Mini', 'Smart'][i % 5]} ${nouns[i % nouns.length]} ${i + 1}`, cat: catCodes[p.cat]! })),
  });
  const status = b.statusColumn('order');
  const codes = b.codes.order!;
  const orders: Row[] = [];
  const lines: Row[] = [];
  const count = b.count(300);
  const drafts = Array.from({ length: count }, () => {
    const site = r.int(0, SITES.length - 1);
    const { day, second } = b.moment(r, SITES[site]![2]);
    return { site, day, second, key: r.next() };
  }).sort((x, y) => x.day - y.day || x.second - y.second || x.key - y.key);
  drafts.forEach((d, i) => {
    const id = 50_001 + i;
    const customer = b.pickCustomer(r);
    const meaning = b.shownMeaning('order', r.weighted(['placed', 'shipped', 'delivered', 'returned', 'cancelled'], [4, 10, 70, 7, 9]));
    const ccy = b.has('currency') ? SITES[d.site]![3] : 'USD';
    const deletion = b.deletionValue(r, 0.05, d.day);
    b.orders.push({ id, doc: null, custKey: customer.key, day: d.day, status: meaning, deleted: deletion.deleted != null && deletion.deleted !== 0 });
    orders.push({ id, cust: customer.key, site: b.siteIds[d.site]!, ts: b.stamp(d.day, d.second, SITES[d.site]![2]), ...(b.has('currency') ? { ccy } : {}), status: b.statusOf('order', meaning), ...deletion });
    const picked = r.sample(products, r.weighted([1, 2, 3], [45, 35, 20]));
    picked.forEach((p, n) => {
      const discount = r.chance(0.55) ? b.noneValue('order_line.disc', 0) : r.pick([0.05, 0.1, 0.15, 0.2]);
      lines.push({ order: id, seq: n + 1, product: p.id, qty: r.weighted([1, 2, 3, 4], [55, 25, 12, 8]), price: b.money(r, p.price * r.pick([1, 1, 0.9, 1.05]), ccy), disc: discount });
    });
  });
  // A reloaded order brings its lines again under its new id (a re-sent order is a whole document).
  const reload = b.reloaded('order', orders, { prefix: 'SO', dayOf: (row) => dayOfIso(String(row.ts)) });
  for (const [first, later] of reload.reloadsOf) {
    const own = lines.filter((l) => l.order === first);
    for (const id of later) lines.push(...own.map((l) => ({ ...l, order: id })));
  }
  const docOf = new Map(reload.rows.map((row) => [Number(row.id), row.doc === undefined ? null : String(row.doc)]));
  for (const o of b.orders) o.doc = docOf.get(o.id) ?? null;
  b.add({
    key: 'order', words: ['sales', 'order'], area: 'sd', doc: b.has('timezone') ? 'Sales order headers. Order times are stored in UTC.' : 'Sales order headers. Order times are local times of the selling site.',
    columns: [
      { key: 'id', words: ['order', 'id'], type: 'INTEGER', pk: true, doc: 'Order id.' },
      { key: 'cust', words: ['customer', b.has('duplicates') ? 'key' : 'id'], type: 'INTEGER', ref: ['customer', 'key'], doc: 'Customer record that placed the order.' },
      { key: 'site', words: ['site', 'id'], type: 'INTEGER', ref: ['site', 'id'], doc: 'Selling site.' },
      { key: 'ts', words: ['order', 'time'], type: 'TEXT', doc: b.has('timezone') ? "Order time in UTC 'YYYY-MM-DD HH:MM:SS'. The business date of an order is its local date at the selling site." : "Order time 'YYYY-MM-DD HH:MM:SS' (local time of the site)." },
      ...b.currencyColumn(),
      status,
      ...b.deletionColumns(),
      ...b.reloadColumns(),
    ],
    rows: reload.rows,
  });
  b.add({
    key: 'order_line', words: ['order', 'line'], area: 'sd', doc: 'Order lines: one row per product on an order.',
    columns: [
      { key: 'order', words: ['order', 'id'], type: 'INTEGER', ref: ['order', 'id'], doc: 'Order.' },
      { key: 'seq', words: ['line', 'number'], type: 'INTEGER', doc: 'Line number within the order.' },
      { key: 'product', words: ['product', 'id'], type: 'INTEGER', ref: ['product', 'id'], doc: 'Product.' },
      { key: 'qty', words: ['quantity'], type: 'INTEGER', doc: 'Units ordered.' },
      { key: 'price', words: ['unit', 'price'], type: 'REAL', doc: b.has('currency') ? "Price per unit in the order's currency, before discount." : 'Price per unit in US dollars, before discount.' },
      { key: 'disc', words: ['discount', 'percent'], type: 'REAL', nullable: b.has('null_semantics'), doc: b.has('null_semantics') ? 'Discount as a fraction of the line value (0.1 = 10%); NULL = no discount.' : 'Discount as a fraction of the line value (0.1 = 10%).' },
    ],
    rows: lines,
  });
  b.glossary.push({
    term: 'Net sales',
    definition: 'The value of order lines (quantity times unit price, less the line discount) of orders that were shipped or delivered; placed, returned and cancelled orders do not count' + (b.has('soft_delete') ? ', nor do deleted orders' : '') + '. An order is dated by its local order date' + (b.has('timezone') ? ' at the selling site' : '') + '.',
  });
}

function billingTables(b: Builder): void {
  const r = b.rowsOf('billing');
  const tiers = ['Starter', 'Growth', 'Scale', 'Enterprise'];
  const plans = Array.from({ length: 7 }, (_, i) => ({ code: `PL${String(11 + i * 7)}`, tier: i < 4 ? i : r.int(0, 3), price: [49, 199, 690, 2400][i < 4 ? i : 0]! }));
  plans.forEach((p) => (p.price = [49, 199, 690, 2400][p.tier]! * r.float(0.8, 1.3)));
  b.add({
    key: 'plan', words: ['subscription', 'plan'], area: 'bil', doc: 'Price plans.',
    columns: [
      { key: 'code', words: ['plan', 'code'], type: 'TEXT', pk: true, doc: 'Plan code.' },
      { key: 'name', words: ['plan', 'name'], type: 'TEXT', doc: 'Plan name.' },
      { key: 'tier', words: ['plan', 'tier'], type: 'TEXT', doc: 'Tier the plan is sold and reported under.' },
    ],
    rows: plans.map((p, i) => ({ code: p.code, name: `${tiers[p.tier]} ${['Monthly', 'Annual', 'Plus', 'Edu', 'Legacy', 'Promo', 'Partner'][i]}`, tier: tiers[p.tier]! })),
  });
  const subs: Row[] = [];
  const invoices: Row[] = [];
  const codes = b.statusCodes('invoice');
  const listed = Object.entries(codes).map(([meaning, code]) => `${code} = ${meaning}`).join(', ');
  const numeric = typeof Object.values(codes)[0] === 'number';
  const subCount = b.count(90);
  for (let i = 0; i < subCount; i++) {
    const id = 3001 + i;
    const customer = b.pickCustomer(r);
    const plan = r.pick(plans);
    const start = r.int(FIRST_DAY - 200, LAST_DAY - 60);
    const end = r.chance(0.55) ? null : Math.min(start + r.int(90, 700), LAST_DAY + 100);
    subs.push({ id, cust: customer.key, plan: plan.code, start: isoDate(start), end: end === null ? null : isoDate(end) });
    const ccy = r.pick(b.currencies);
    const last = Math.min(end ?? LAST_DAY, LAST_DAY);
    for (let day = Math.max(start, FIRST_DAY) + r.int(0, 20); day <= last && invoices.length < b.count(330); day += r.int(60, 130)) {
      const meaning = r.weighted(['draft', 'issued', 'paid', 'void'], [5, 22, 63, 10]);
      const amount = b.money(r, plan.price * r.float(0.9, 1.1), ccy);
      const credit = r.chance(0.8) ? b.noneValue('invoice.credit', 0) : cents(amount * r.float(0.05, 0.3));
      invoices.push({ id: 0, sub: id, date: isoDate(day), amount, credit, ...(b.has('currency') ? { ccy } : {}), status: b.statusOf('invoice', meaning), ...b.deletionValue(r, 0.04, day) });
    }
  }
  invoices.sort((x, y) => (String(x.date) < String(y.date) ? -1 : String(x.date) > String(y.date) ? 1 : Number(x.sub) - Number(y.sub)));
  invoices.forEach((inv, i) => (inv.id = 900_001 + i));
  b.add({
    key: 'subscription', words: ['subscription'], area: 'bil', doc: 'Customer subscriptions to a plan.',
    columns: [
      { key: 'id', words: ['subscription', 'id'], type: 'INTEGER', pk: true, doc: 'Subscription id.' },
      { key: 'cust', words: ['customer', b.has('duplicates') ? 'key' : 'id'], type: 'INTEGER', ref: ['customer', 'key'], doc: 'Customer record.' },
      { key: 'plan', words: ['plan', 'code'], type: 'TEXT', ref: ['plan', 'code'], doc: 'Plan.' },
      { key: 'start', words: ['start', 'date'], type: 'TEXT', doc: "First day 'YYYY-MM-DD'." },
      { key: 'end', words: ['end', 'date'], type: 'TEXT', nullable: true, doc: "Last day 'YYYY-MM-DD'; NULL = open-ended (still running)." },
    ],
    rows: subs,
  });
  b.add({
    key: 'invoice', words: ['invoice'], area: 'bil', doc: 'Invoices raised on subscriptions, dated by their local invoice date.',
    columns: [
      { key: 'id', words: ['invoice', 'id'], type: 'INTEGER', pk: true, doc: 'Invoice id.' },
      { key: 'sub', words: ['subscription', 'id'], type: 'INTEGER', ref: ['subscription', 'id'], doc: 'Subscription billed.' },
      { key: 'date', words: ['invoice', 'date'], type: 'TEXT', doc: "Invoice date 'YYYY-MM-DD' (already a local business date)." },
      { key: 'amount', words: ['amount'], type: 'REAL', doc: b.has('currency') ? "Invoiced amount in the invoice's currency." : 'Invoiced amount in US dollars.' },
      { key: 'credit', words: ['credit', 'amount'], type: 'REAL', nullable: b.has('null_semantics'), doc: b.has('null_semantics') ? 'Credit note against the invoice, same currency; NULL = no credit.' : 'Credit note against the invoice, same currency (0 = none).' },
      ...b.currencyColumn(),
      { key: 'status', words: ['status', 'code'], type: numeric ? 'INTEGER' : 'TEXT', doc: `Status: ${listed}.` },
      ...b.deletionColumns(),
      ...b.reloadColumns(),
    ],
    rows: b.reloaded('invoice', invoices, { prefix: 'INV', dayOf: (row) => dayOfIso(String(row.date)), amountKey: 'amount' }).rows,
  });
  b.glossary.push({ term: 'Billed revenue', definition: 'Invoice amount less its credit note, for invoices that were issued or paid (drafts and void invoices do not count' + (b.has('soft_delete') ? '; nor do deleted invoices' : '') + '), dated by the invoice date. Attributed to the customer of the subscription.' });
}

function supportTables(b: Builder): void {
  const r = b.rowsOf('support');
  const queueNames = ['Billing Desk', 'Technical L1', 'Technical L2', 'Onboarding', 'Account Care'];
  const queueCodes = codesFor(r, queueNames.length, 'Q');
  b.add(lookupTable('queue', ['ticket', 'queue'], 'svc', 'Support queues.', ['queue', 'code'], ['queue', 'name'], queueNames, queueCodes));
  const codes = b.statusCodes('ticket');
  const listed = Object.entries(codes).map(([meaning, code]) => `${code} = ${meaning}`).join(', ');
  const numeric = typeof Object.values(codes)[0] === 'number';
  const tickets: Row[] = [];
  const drafts = Array.from({ length: b.count(300) }, () => {
    const site = r.int(0, SITES.length - 1);
    return { site, ...b.moment(r, SITES[site]![2]), key: r.next() };
  }).sort((x, y) => x.day - y.day || x.second - y.second || x.key - y.key);
  drafts.forEach((d, i) => {
    const offset = SITES[d.site]![2];
    const meaning = r.weighted(['new', 'in progress', 'resolved', 'closed', 'rejected as spam'], [5, 8, 45, 36, 6]);
    const done = meaning === 'resolved' || meaning === 'closed' || (meaning === 'rejected as spam' && r.chance(0.7));
    const seconds = d.second + Math.round(r.float(0.3, 96) * 3600);
    tickets.push({
      id: 70_001 + i, cust: b.pickCustomer(r).key, site: b.siteIds[d.site]!, queue: r.pick(queueCodes),
      opened: b.stamp(d.day, d.second, offset), resolved: done ? b.stamp(d.day, seconds, offset) : null, status: b.statusOf('ticket', meaning), ...b.deletionValue(r, 0.05, d.day),
    });
  });
  b.add({
    key: 'ticket', words: ['support', 'ticket'], area: 'svc', doc: 'Support tickets raised by customers, handled at a service-desk site.',
    columns: [
      { key: 'id', words: ['ticket', 'id'], type: 'INTEGER', pk: true, doc: 'Ticket id.' },
      { key: 'cust', words: ['customer', b.has('duplicates') ? 'key' : 'id'], type: 'INTEGER', ref: ['customer', 'key'], doc: 'Customer record that raised it.' },
      { key: 'site', words: ['site', 'id'], type: 'INTEGER', ref: ['site', 'id'], doc: 'Service desk.' },
      { key: 'queue', words: ['queue', 'code'], type: 'TEXT', ref: ['queue', 'code'], doc: 'Queue.' },
      { key: 'opened', words: ['opened', 'time'], type: 'TEXT', doc: b.has('timezone') ? "Opening time in UTC 'YYYY-MM-DD HH:MM:SS'; the business date is the local date at the desk." : "Opening time 'YYYY-MM-DD HH:MM:SS' (local time of the desk)." },
      { key: 'resolved', words: ['resolved', 'time'], type: 'TEXT', nullable: true, doc: 'Resolution time, same clock as the opening time; NULL = not resolved yet.' },
      { key: 'status', words: ['status', 'code'], type: numeric ? 'INTEGER' : 'TEXT', doc: `Status: ${listed}.` },
      ...b.deletionColumns(),
      ...b.reloadColumns(),
    ],
    rows: b.reloaded('ticket', tickets, { prefix: 'CASE', dayOf: (row) => dayOfIso(String(row.opened)) }).rows,
  });
  b.glossary.push({ term: 'Resolution hours', definition: 'Hours from opening to resolution of tickets in status resolved or closed (tickets rejected as spam and unresolved ones do not count' + (b.has('soft_delete') ? '; nor do deleted tickets' : '') + '). A ticket is dated by its local opening date' + (b.has('timezone') ? ' at the service desk' : '') + '.' });
}

function hrTables(b: Builder): void {
  const r = b.rowsOf('hr');
  const deptNames = ['Finance', 'Engineering', 'Sales', 'Operations', 'People', 'Legal'];
  const deptCodes = codesFor(r, deptNames.length, 'D');
  b.add(lookupTable('dept', ['department'], 'hcm', 'Departments.', ['department', 'code'], ['department', 'name'], deptNames, deptCodes));
  const catNames = ['Travel', 'Meals', 'Software', 'Training', 'Equipment'];
  const catCodes = codesFor(r, catNames.length, 'E');
  b.add(lookupTable('exp_cat', ['expense', 'category'], 'hcm', 'Expense categories.', ['category', 'code'], ['category', 'name'], catNames, catCodes));
  const dup = b.has('duplicates');
  const t2 = b.has('type2');
  const employees: Row[] = [];
  const history: Row[] = [];
  const people = b.count(60);
  const personIds = r.sample(Array.from({ length: people * 4 }, (_, i) => 40_001 + i), people);
  const empIds = r.shuffle(Array.from({ length: people * 2 }, (_, i) => 1001 + i));
  const workers: { emp: number; person: number; from: number; to: number | null }[] = [];
  for (let i = 0; i < people; i++) {
    const [first, last] = personName(r);
    const stints = dup && r.chance(0.25) ? 2 : 1;
    let hire = r.int(FIRST_DAY - 900, LAST_DAY - 300);
    for (let s = 0; s < stints; s++) {
      const emp = empIds.pop()!;
      const term = s < stints - 1 ? hire + r.int(120, 400) : r.chance(0.15) ? Math.min(hire + r.int(200, 900), LAST_DAY - 10) : null;
      let dept = r.int(0, deptNames.length - 1);
      employees.push({ emp, ...(dup ? { person: personIds[i]! } : {}), name: `${first} ${last}`, hire: isoDate(hire), term: term === null ? null : isoDate(term), ...(t2 ? {} : { dept: deptCodes[dept]! }) });
      if (t2) {
        let from = isoDate(hire);
        if (r.chance(0.4) && Math.max(hire + 30, FIRST_DAY) < LAST_DAY - 30) {
          const move = r.int(Math.max(hire + 30, FIRST_DAY), LAST_DAY - 30);
          if (move > hire + 30 && (term === null || move < term)) {
            history.push({ emp, dept: deptCodes[dept]!, from, to: isoDate(move) });
            from = isoDate(move);
            dept = (dept + r.int(1, 5)) % deptNames.length;
          }
        }
        history.push({ emp, dept: deptCodes[dept]!, from, to: null });
      }
      workers.push({ emp, person: dup ? personIds[i]! : emp, from: hire, to: term });
      if (term !== null) hire = term + r.int(60, 200);
    }
  }
  employees.sort((x, y) => Number(x.emp) - Number(y.emp));
  b.add({
    key: 'employee', words: ['employee'], area: 'hcm', doc: dup ? 'Employment records: a person rehired after leaving gets a new employee id (same person number).' : 'Employees.',
    columns: [
      { key: 'emp', words: ['employee', 'id'], type: 'INTEGER', pk: true, doc: 'Employee id (one per employment).' },
      ...(dup ? [{ key: 'person', words: ['person', 'number'], type: 'INTEGER' as const, doc: 'Person number: the same for every employment of one person; the id people are reported by.' }] : []),
      { key: 'name', words: ['employee', 'name'], type: 'TEXT', doc: 'Full name; not unique.' },
      { key: 'hire', words: ['hire', 'date'], type: 'TEXT', doc: "Hire date 'YYYY-MM-DD'." },
      { key: 'term', words: ['terminated', 'date'], type: 'TEXT', nullable: true, doc: "Last day employed 'YYYY-MM-DD'; NULL = still employed." },
      ...(t2 ? [] : [{ key: 'dept', words: ['department', 'code'], type: 'TEXT' as const, ref: ['dept', 'code'] as const, doc: 'Department.' }]),
    ],
    rows: employees,
  });
  if (t2) {
    b.add({
      key: 'dept_hist', words: ['employee', 'department', 'history'], area: 'hcm', doc: 'Department assignments over time (slowly changing dimension, type 2).',
      columns: [
        { key: 'emp', words: ['employee', 'id'], type: 'INTEGER', ref: ['employee', 'emp'], doc: 'Employee id.' },
        { key: 'dept', words: ['department', 'code'], type: 'TEXT', ref: ['dept', 'code'], doc: 'Department in this interval.' },
        { key: 'from', words: ['valid', 'from'], type: 'TEXT', doc: "First day 'YYYY-MM-DD' (inclusive)." },
        { key: 'to', words: ['valid', 'to'], type: 'TEXT', nullable: true, doc: "Day the next assignment starts 'YYYY-MM-DD' (exclusive); NULL = current." },
      ],
      rows: history,
    });
  }
  const codes = b.statusCodes('claim');
  const listed = Object.entries(codes).map(([meaning, code]) => `${code} = ${meaning}`).join(', ');
  const numeric = typeof Object.values(codes)[0] === 'number';
  const claims: Row[] = [];
  for (let i = 0; i < b.count(300); i++) {
    const w = r.pick(workers);
    const lo = Math.max(w.from, FIRST_DAY);
    const hi = Math.min(w.to ?? LAST_DAY, LAST_DAY);
    if (hi < lo) continue;
    const day = r.int(lo, hi);
    const ccy = r.pick(b.currencies);
    const amount = b.money(r, r.float(15, 900), ccy);
    const meaning = r.weighted(['submitted', 'approved', 'rejected', 'paid'], [8, 25, 10, 57]);
    const approved = r.chance(0.7) ? b.noneValue('claim.approved', amount) : cents(amount * r.float(0.4, 0.95));
    claims.push({ id: 0, emp: w.emp, date: isoDate(day), cat: r.pick(catCodes), amount, approved, ...(b.has('currency') ? { ccy } : {}), status: b.statusOf('claim', meaning), ...b.deletionValue(r, 0.05, day) });
  }
  claims.sort((x, y) => (String(x.date) < String(y.date) ? -1 : String(x.date) > String(y.date) ? 1 : Number(x.emp) - Number(y.emp)));
  claims.forEach((c, i) => (c.id = 600_001 + i));
  b.add({
    key: 'claim', words: ['expense', 'claim'], area: 'hcm', doc: 'Employee expense claims, dated by their local claim date.',
    columns: [
      { key: 'id', words: ['claim', 'id'], type: 'INTEGER', pk: true, doc: 'Claim id.' },
      { key: 'emp', words: ['employee', 'id'], type: 'INTEGER', ref: ['employee', 'emp'], doc: 'Employee (employment) who claimed.' },
      { key: 'date', words: ['claim', 'date'], type: 'TEXT', doc: "Claim date 'YYYY-MM-DD'." },
      { key: 'cat', words: ['category', 'code'], type: 'TEXT', ref: ['exp_cat', 'code'], doc: 'Expense category.' },
      { key: 'amount', words: ['amount'], type: 'REAL', doc: 'Amount claimed.' },
      { key: 'approved', words: ['approved', 'amount'], type: 'REAL', nullable: b.has('null_semantics'), doc: b.has('null_semantics') ? 'Amount approved; NULL = approved in full (the claimed amount).' : 'Amount approved.' },
      ...b.currencyColumn(),
      { key: 'status', words: ['status', 'code'], type: numeric ? 'INTEGER' : 'TEXT', doc: `Status: ${listed}.` },
      ...b.deletionColumns(),
      ...b.reloadColumns(),
    ],
    rows: b.reloaded('claim', claims, { prefix: 'EXP', dayOf: (row) => dayOfIso(String(row.date)), amountKey: 'amount' }).rows,
  });
  b.glossary.push({ term: 'Approved expenses', definition: 'The approved amount of expense claims in status approved or paid (submitted and rejected claims do not count' + (b.has('soft_delete') ? '; nor do deleted claims' : '') + '), dated by the claim date.' + (dup ? ' People are counted and reported by person number, not employee id.' : '') + (t2 ? ' By department means the department of the employee on the claim date.' : '') });
}

function logisticsTables(b: Builder): void {
  const r = b.rowsOf('logistics');
  const carrierNames = ['Northwind Freight', 'BlueLine Express', 'Cargo Hub', 'Swift Parcel', 'Oceanic Lines'];
  const carrierCodes = codesFor(r, carrierNames.length, 'K');
  b.add(lookupTable('carrier', ['carrier'], 'le', 'Freight carriers.', ['carrier', 'code'], ['carrier', 'name'], carrierNames, carrierCodes));
  const codes = b.statusCodes('shipment');
  const listed = Object.entries(codes).map(([meaning, code]) => `${code} = ${meaning}`).join(', ');
  const numeric = typeof Object.values(codes)[0] === 'number';
  const shipments: Row[] = [];
  const eligible = b.orders.filter((o) => o.status !== 'placed' && o.status !== 'cancelled');
  for (const order of r.sample(eligible, Math.min(eligible.length, b.count(260)))) {
    const legs = r.chance(0.1) ? 2 : 1;
    for (let l = 0; l < legs; l++) {
      const site = r.int(0, SITES.length - 1);
      const offset = SITES[site]![2];
      const moment = b.moment(r, offset);
      const day = Math.min(Math.max(order.day + r.int(0, 4), moment.day), LAST_DAY);
      const ccy = b.has('currency') ? SITES[site]![3] : 'USD';
      const meaning = r.weighted(['booked', 'in transit', 'delivered', 'cancelled'], [6, 8, 76, 10]);
      const surcharge = r.chance(0.7) ? b.noneValue('shipment.surcharge', 0) : b.money(r, r.float(5, 60), ccy);
      shipments.push({ id: 0, order: b.has('reloads') ? order.doc : order.id, site: b.siteIds[site]!, ts: b.stamp(day, moment.second, offset), carrier: r.pick(carrierCodes), cost: b.money(r, r.float(12, 300), ccy), surcharge, ...(b.has('currency') ? { ccy } : {}), status: b.statusOf('shipment', meaning), ...b.deletionValue(r, 0.05, day) });
    }
  }
  shipments.sort((x, y) => (String(x.ts) < String(y.ts) ? -1 : String(x.ts) > String(y.ts) ? 1 : Number(x.order) - Number(y.order)));
  shipments.forEach((s, i) => (s.id = 80_001 + i));
  b.add({
    key: 'shipment', words: ['shipment'], area: 'le', doc: 'Outbound shipments (legs) of sales orders from a warehouse site.',
    columns: [
      { key: 'id', words: ['shipment', 'id'], type: 'INTEGER', pk: true, doc: 'Shipment id.' },
      b.has('reloads')
        ? { key: 'order', words: ['order', 'number'], type: 'TEXT', ref: ['order', 'doc'], doc: 'Document number of the sales order shipped.' }
        : { key: 'order', words: ['order', 'id'], type: 'INTEGER', ref: ['order', 'id'], doc: 'Sales order shipped.' },
      { key: 'site', words: ['warehouse', 'site', 'id'], type: 'INTEGER', ref: ['site', 'id'], doc: 'Shipping warehouse (a site).' },
      { key: 'ts', words: ['shipped', 'time'], type: 'TEXT', doc: b.has('timezone') ? "Time shipped in UTC 'YYYY-MM-DD HH:MM:SS'; the business date is the local date at the warehouse." : "Time shipped 'YYYY-MM-DD HH:MM:SS' (local time of the warehouse)." },
      { key: 'carrier', words: ['carrier', 'code'], type: 'TEXT', ref: ['carrier', 'code'], doc: 'Carrier.' },
      { key: 'cost', words: ['freight', 'cost'], type: 'REAL', doc: 'Freight charged by the carrier.' },
      { key: 'surcharge', words: ['surcharge', 'amount'], type: 'REAL', nullable: b.has('null_semantics'), doc: b.has('null_semantics') ? 'Fuel surcharge on top of the freight; NULL = none.' : 'Fuel surcharge on top of the freight.' },
      ...b.currencyColumn(),
      { key: 'status', words: ['status', 'code'], type: numeric ? 'INTEGER' : 'TEXT', doc: `Status: ${listed}.` },
      ...b.deletionColumns(),
      ...b.reloadColumns(),
    ],
    rows: b.reloaded('shipment', shipments, { prefix: 'DLV', dayOf: (row) => dayOfIso(String(row.ts)), amountKey: 'cost' }).rows,
  });
  b.glossary.push({ term: 'Freight cost', definition: 'Freight plus surcharge of shipments that were not cancelled' + (b.has('soft_delete') ? ' (deleted shipments do not count)' : '') + ', dated by the local ship date' + (b.has('timezone') ? ' at the warehouse' : '') + ' and attributed to the customer of the order.' });
}

function marketingTables(b: Builder): void {
  const r = b.rowsOf('marketing');
  const channelNames = ['Paid Search', 'Paid Social', 'Display', 'Email', 'Events'];
  const channelCodes = codesFor(r, channelNames.length, 'M');
  b.add(lookupTable('channel', ['media', 'channel'], 'mkt', 'Marketing channels.', ['channel', 'code'], ['channel', 'name'], channelNames, channelCodes));
  const regionCodes = b.tables.find((t) => t.key === 'region')!.rows.map((row) => String(row.code));
  // Campaigns launch all through the data span (some before it) and spend for up to a year, so every quarter has
  // spenders and first-time spenders.
  const campaigns = Array.from({ length: b.count(36) }, (_, i) => ({ id: 501 + i, channel: r.pick(channelCodes), region: r.pick(regionCodes), start: FIRST_DAY - 240 + Math.floor(((LAST_DAY - 90 - FIRST_DAY + 240) * i) / b.count(36)) }));
  const types = campaignTypes(b, campaigns.map((c) => c.id));
  b.add({
    key: 'campaign', words: ['campaign'], area: 'mkt', doc: 'Marketing campaigns.',
    columns: [
      { key: 'id', words: ['campaign', 'id'], type: 'INTEGER', pk: true, doc: 'Campaign id.' },
      { key: 'name', words: ['campaign', 'name'], type: 'TEXT', doc: 'Campaign name.' },
      { key: 'channel', words: ['channel', 'code'], type: 'TEXT', ref: ['channel', 'code'], doc: 'Channel.' },
      { key: 'region', words: ['region', 'code'], type: 'TEXT', ref: ['region', 'code'], doc: 'Target region.' },
      ...(types ? [types.column] : []),
    ],
    rows: campaigns.map((c, i) => ({
      id: c.id,
      name: types?.test.has(c.id) ? `QA pipeline test ${i + 1}` : `${['Spring', 'Summer', 'Autumn', 'Winter', 'Launch', 'Always-on'][i % 6]} push ${i + 1}`,
      channel: c.channel,
      region: c.region,
      ...(types ? { type: types.typeOf(c.id) } : {}),
    })),
  });
  const codes = b.statusCodes('spend');
  const listed = Object.entries(codes).map(([meaning, code]) => `${code} = ${meaning}`).join(', ');
  const numeric = typeof Object.values(codes)[0] === 'number';
  const spend: Row[] = [];
  for (let i = 0; i < b.count(300); i++) {
    // Test campaigns book often (pipeline checks), so leaving them in moves totals and rankings.
    const campaign = types && r.chance(b.mix.testCampaignShare) ? r.pick(campaigns.filter((c) => types.test.has(c.id))) : r.pick(types ? campaigns.filter((c) => !types.test.has(c.id)) : campaigns);
    const end = Math.min(LAST_DAY, campaign.start + 360);
    const day = r.int(Math.max(FIRST_DAY, campaign.start), end);
    const ccy = r.pick(b.currencies);
    const fee = r.chance(0.65) ? b.noneValue('spend.fee', 0) : b.money(r, r.float(20, 400), ccy);
    spend.push({ id: 0, campaign: campaign.id, date: isoDate(day), amount: b.money(r, r.float(100, 5000), ccy), fee, ...(b.has('currency') ? { ccy } : {}), status: b.statusOf('spend', r.weighted(['booked', 'reversed'], [90, 10])), ...b.deletionValue(r, 0.05, day) });
  }
  spend.sort((x, y) => (String(x.date) < String(y.date) ? -1 : String(x.date) > String(y.date) ? 1 : Number(x.campaign) - Number(y.campaign)));
  spend.forEach((s, i) => (s.id = 300_001 + i));
  b.add({
    key: 'spend', words: ['media', 'spend'], area: 'mkt', doc: 'Media spend bookings per campaign, dated by their local booking date.',
    columns: [
      { key: 'id', words: ['spend', 'id'], type: 'INTEGER', pk: true, doc: 'Booking id.' },
      { key: 'campaign', words: ['campaign', 'id'], type: 'INTEGER', ref: ['campaign', 'id'], doc: 'Campaign.' },
      { key: 'date', words: ['spend', 'date'], type: 'TEXT', doc: "Booking date 'YYYY-MM-DD'." },
      { key: 'amount', words: ['amount'], type: 'REAL', doc: 'Media cost.' },
      { key: 'fee', words: ['agency', 'fee'], type: 'REAL', nullable: b.has('null_semantics'), doc: b.has('null_semantics') ? 'Agency fee on top of the media cost; NULL = no fee.' : 'Agency fee on top of the media cost.' },
      ...b.currencyColumn(),
      { key: 'status', words: ['status', 'code'], type: numeric ? 'INTEGER' : 'TEXT', doc: `Status: ${listed}.` },
      ...b.deletionColumns(),
      ...b.reloadColumns(),
    ],
    rows: b.reloaded('spend', spend, { prefix: 'MB', dayOf: (row) => dayOfIso(String(row.date)), amountKey: 'amount' }).rows,
  });
  b.glossary.push({ term: 'Media spend', definition: 'Media cost plus agency fee of booked spend rows (reversed bookings do not count' + (b.has('soft_delete') ? '; nor do deleted rows' : '') + '), dated by the booking date. Campaign results by region use the campaign\'s target region.' });
}

/** Generates the warehouse of the given business areas with the given traps. */
export function generateWorld(rng: Rng, options: WorldOptions): World {
  const groups = new Set(options.groups);
  // Shipments belong to sales orders, so logistics brings the sales area along.
  if (groups.has('logistics')) groups.add('sales');
  const b = new Builder(rng, options.traps, options.scale, options.mix ?? VISIBLE_MIX);
  const needsCustomers = ['sales', 'billing', 'support', 'logistics'].some((g) => groups.has(g as Group));
  const needsSites = ['sales', 'support', 'logistics'].some((g) => groups.has(g as Group));
  sharedTables(b, { customers: needsCustomers, sites: needsSites });
  if (groups.has('sales')) salesTables(b);
  if (groups.has('billing')) billingTables(b);
  if (groups.has('support')) supportTables(b);
  if (groups.has('hr')) hrTables(b);
  if (groups.has('logistics')) logisticsTables(b);
  if (groups.has('marketing')) marketingTables(b);
  if (b.has('soft_delete')) b.glossary.push({ term: 'Deleted rows', definition: 'Rows deleted in a source system stay in the warehouse for audit and are marked in their deletion column; reports never include them.' });
  if (b.has('timezone')) b.glossary.push({ term: 'Business date', definition: 'Timestamps are stored in UTC. The business date of an event is its local calendar date at the site where it happened (add the site offset in minutes).' });
  return { traps: options.traps, groups: [...groups], fiscalStartMonth: b.fiscalStartMonth, deletion: b.deletion, internalClass: b.internalClass, testCampaignType: b.testCampaignType, withheldStatuses: b.withheld, withheldNull: b.withheldNull, codes: b.codes, tables: b.tables, glossary: b.glossary };
}
