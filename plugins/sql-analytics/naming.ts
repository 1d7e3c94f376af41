// Naming styles: turns logical table and column words into the names a scenario's schema shows.
import type { Rng } from 'openenv-ts';
import type { LogicalTable } from './warehouse-model.js';

/** How obscure the names are: whole words, a mix of words and abbreviations, or abbreviations with system prefixes. */
export type NamingStyle = 'plain' | 'abbreviated' | 'cryptic';

// Abbreviations real warehouses use for each word; a word without an entry is cut to its consonant skeleton.
const ABBREVIATIONS: Readonly<Record<string, readonly string[]>> = {
  customer: ['cust', 'cst', 'cus', 'kunde', 'acct'],
  cross: ['x'], reference: ['ref', 'xref', 'rf'], master: ['mstr', 'mst', 'gold', 'mdm'],
  region: ['rgn', 'reg', 'terr', 'geo'], history: ['hist', 'hst', 'scd', 'h'], site: ['ste', 'loc', 'plant', 'werk'],
  exchange: ['fx', 'xch', 'exch'], rate: ['rt', 'rte'], fiscal: ['fisc', 'fsc', 'fin', 'fy'], period: ['prd', 'per', 'pd'],
  product: ['prod', 'prd', 'mat', 'sku', 'item'], category: ['cat', 'ctg', 'grp', 'cls'], order: ['ord', 'so', 'ordr', 'vbak'],
  line: ['ln', 'itm', 'dtl', 'pos'], plan: ['pln', 'pkg', 'sku'], subscription: ['sub', 'subs', 'contr', 'agr'],
  invoice: ['inv', 'bill', 'invc', 'fkt'], queue: ['que', 'q', 'grp'], ticket: ['tkt', 'case', 'inc', 'tix'],
  department: ['dept', 'dpt', 'org', 'cc'], employee: ['emp', 'ee', 'wrkr', 'pers'], expense: ['exp', 'xpns', 'te'],
  claim: ['clm', 'rpt', 'req'], carrier: ['carr', 'crr', 'fwd'], shipment: ['shp', 'shpmt', 'dlv', 'lk'],
  channel: ['chnl', 'chn', 'med'], campaign: ['cmp', 'cmpgn', 'cpg'], spend: ['spnd', 'cost', 'sp'],
  key: ['key', 'k', 'sk', 'no'], id: ['id', 'nr', 'no', 'num'], code: ['cd', 'code', 'c'], name: ['nm', 'name', 'desc', 'txt'],
  date: ['dt', 'date', 'dat', 'day'], time: ['ts', 'tm', 'dttm', 'tstamp'], status: ['stat', 'sts', 'st', 'state'],
  deleted: ['del', 'dltd', 'rmv', 'void'], flag: ['flg', 'fl', 'ind', 'f'], currency: ['ccy', 'cur', 'curr', 'waers'],
  amount: ['amt', 'amnt', 'val', 'betrag'], quantity: ['qty', 'qnt', 'menge'], price: ['prc', 'pr', 'netpr'], unit: ['unit', 'u', 'ut'],
  discount: ['disc', 'dsc', 'rbt'], percent: ['pct', 'p', 'rt'], valid: ['vld', 'eff', 'v'], from: ['from', 'frm', 'start', 'beg'],
  to: ['to', 'end', 'thru', 'exp'], source: ['src', 'sys', 'orig'], system: ['sys', 'sy', 'syst'], offset: ['off', 'ofs', 'tz'],
  minutes: ['min', 'mins', 'mi'], country: ['cntry', 'ctry', 'land', 'nat'], tier: ['tier', 'lvl', 'band'], start: ['strt', 'beg', 'from'],
  end: ['end', 'stop', 'to'], credit: ['cr', 'crd', 'cred'], opened: ['open', 'opn', 'crt'], resolved: ['rslv', 'res', 'done'],
  person: ['pers', 'psn', 'ind', 'indv'], number: ['no', 'nr', 'num'], hire: ['hire', 'hr', 'join'], approved: ['appr', 'apv', 'ok'],
  shipped: ['shp', 'ship', 'gi'], cost: ['cost', 'cst', 'chg'], surcharge: ['surch', 'sur', 'xtra'], fee: ['fee', 'fe', 'comm'],
  year: ['yr', 'y', 'jahr'], quarter: ['qtr', 'q', 'qt'], month: ['mth', 'mo', 'mon'], sequence: ['seq', 'sq', 'pos'], email: ['eml', 'mail'],
  created: ['crt', 'cre', 'ins'], terminated: ['term', 'trm', 'exit'], region_code: ['rgn_cd'], text: ['txt', 'tx'],
  dictionary: ['dict', 'dd', 'meta'], glossary: ['gloss', 'terms', 'bg'], column: ['col', 'fld', 'attr'], table: ['tbl', 'tab', 'obj'],
  term: ['term', 'trm', 'kw'], definition: ['defn', 'def', 'meaning'], description: ['desc', 'dscr', 'note'], backup: ['bak', 'bkp', 'old'],
  staging: ['stg', 'stage', 'tmp'], warehouse: ['wh', 'whs', 'dc'], usd: ['usd'],
  document: ['doc', 'dok', 'belnr', 'src_doc'], load: ['load', 'ld', 'etl', 'ins'], effective: ['eff', 'valid', 'gueltig'],
  quote: ['quote', 'qt', 'quot'], type: ['typ', 'type', 'knd', 'art'], basis: ['basis', 'bas', 'typ'], account: ['acct', 'acc', 'kto'], class: ['class', 'cls', 'type', 'grp'],
};

const CRYPTIC_PREFIXES = ['t_', 'dw_', 'z', 'x_', 'src_', 'ods_', 'edw_'];

function skeleton(word: string): string {
  const cut = word[0] + word.slice(1).replace(/[aeiou]/g, '');
  return cut.slice(0, 4);
}

function wordName(word: string, style: NamingStyle, rng: Rng): string {
  if (style === 'plain') return word;
  const options = ABBREVIATIONS[word] ?? [skeleton(word)];
  if (style === 'abbreviated') return rng.chance(0.35) ? word : rng.pick(options);
  return rng.pick(options);
}

/** Names of every table and column of a scenario, chosen once per scenario and unique where SQL needs them to be. */
export class SchemaNames {
  private readonly tableNames = new Map<string, string>();
  private readonly columnNames = new Map<string, Map<string, string>>();

  constructor(tables: readonly LogicalTable[], readonly style: NamingStyle, rng: Rng) {
    const upper = style === 'cryptic' && rng.chance(0.5);
    const areaPrefix = style === 'cryptic' ? new Map<string, string>() : null;
    const usedTables = new Set<string>();
    for (const table of tables) {
      let prefix = '';
      if (areaPrefix) {
        if (!areaPrefix.has(table.area)) areaPrefix.set(table.area, `${rng.pick(CRYPTIC_PREFIXES)}${table.area.slice(0, rng.int(2, 3))}_`);
        prefix = areaPrefix.get(table.area)!;
      }
      const base = prefix + table.words.map((w) => wordName(w, style, rng)).join('_');
      this.tableNames.set(table.key, unique(upper ? base.toUpperCase() : base, usedTables));
      const usedColumns = new Set<string>();
      const columns = new Map<string, string>();
      for (const column of table.columns) {
        const name = column.words.map((w) => wordName(w, style, rng)).join('_');
        columns.set(column.key, unique(upper ? name.toUpperCase() : name, usedColumns));
      }
      this.columnNames.set(table.key, columns);
    }
  }

  /** The table's name. */
  t(tableKey: string): string {
    const name = this.tableNames.get(tableKey);
    if (!name) throw new Error(`no table "${tableKey}" in this warehouse`);
    return name;
  }

  /** The column's name in its table. */
  c(tableKey: string, columnKey: string): string {
    const name = this.columnNames.get(tableKey)?.get(columnKey);
    if (!name) throw new Error(`no column "${columnKey}" in table "${tableKey}"`);
    return name;
  }

  has(tableKey: string): boolean {
    return this.tableNames.has(tableKey);
  }
}

/** A name not taken yet (case-insensitive, as SQLite compares identifiers), with a digit appended when needed. */
function unique(name: string, used: Set<string>): string {
  let candidate = name;
  for (let i = 2; used.has(candidate.toLowerCase()) || RESERVED.has(candidate.toLowerCase()); i++) candidate = `${name}${i}`;
  used.add(candidate.toLowerCase());
  return candidate;
}

// SQL keywords a generated name must not be (they would need quoting in every query).
const RESERVED = new Set(['order', 'to', 'from', 'end', 'key', 'case', 'group', 'table', 'column', 'desc', 'start', 'no', 'q', 'cast', 'index', 'select', 'where', 'values', 'set', 'default', 'check', 'in', 'is', 'as', 'on', 'by', 'all', 'and', 'or', 'not', 'primary', 'references', 'exists', 'having', 'limit', 'offset', 'union', 'into', 'add', 'do', 'if', 'of', 'row', 'rows', 'range', 'over', 'filter', 'action', 'abort', 'plan', 'query', 'temp', 'view', 'when', 'then', 'else', 'with']);
