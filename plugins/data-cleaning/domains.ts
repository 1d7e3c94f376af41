// The business domains a table can come from: their columns, spec rules, reference tables and clean records.
import type { Rng } from '../../framework/index.js';
import type { ColumnSpec, DomainId, ReferenceTable } from './types.js';
import { addDays, formatAmount, formatPhone, isoDate, randomDate } from './value-formats.js';

// Names are plain capitalised words so that "each word capitalised" decides a name's spelling exactly.
const FIRST_NAMES = [
  'Jane', 'John', 'Maria', 'Ahmed', 'Wei', 'Priya', 'Lucas', 'Emma', 'Noah', 'Olivia', 'Liam', 'Sofia', 'Mateo',
  'Aisha', 'Hannah', 'Omar', 'Grace', 'Ethan', 'Zara', 'Daniel', 'Leila', 'Samuel', 'Nora', 'Victor', 'Elena',
  'Kofi', 'Ines', 'Tomas', 'Yuki', 'Ravi', 'Clara', 'Felix', 'Amara', 'Jonas', 'Mila',
];
const LAST_NAMES = [
  'Smith', 'Garcia', 'Chen', 'Patel', 'Okafor', 'Novak', 'Silva', 'Kim', 'Johnson', 'Rossi', 'Dubois', 'Tanaka',
  'Larsen', 'Haddad', 'Kowalski', 'Nguyen', 'Brown', 'Lopez', 'Walker', 'Fischer', 'Adams', 'Moreau', 'Ivanova',
  'Mendes', 'Osei', 'Berg', 'Costa', 'Reyes', 'Hughes', 'Sato',
];
// Every domain's first label is unique, so a domain that lost its ending names exactly one known domain.
const EMAIL_DOMAINS = [
  'northwind.com', 'acme.io', 'globex.net', 'initech.org', 'umbrella.co', 'contoso.com', 'fabrikam.com',
  'gmail.com', 'outlook.com', 'yahoo.com', 'proton.me', 'fastmail.com',
];
const AREA_CODES = ['212', '312', '415', '617', '202', '303', '512', '206', '404', '305', '646', '718'];
const POSTCODES: readonly (readonly [string, string])[] = [
  ['02139', 'Cambridge'], ['10001', 'New York'], ['60601', 'Chicago'], ['94103', 'San Francisco'],
  ['73301', 'Austin'], ['98101', 'Seattle'], ['30301', 'Atlanta'], ['02108', 'Boston'], ['08540', 'Princeton'],
  ['33101', 'Miami'], ['80202', 'Denver'], ['06103', 'Hartford'], ['19103', 'Philadelphia'], ['07030', 'Hoboken'],
  ['01002', 'Amherst'], ['97201', 'Portland'],
];
const PRODUCTS: readonly (readonly [string, string, number])[] = [
  ['SKU-1042', 'Desk Lamp', 3999], ['SKU-1107', 'Wireless Mouse', 2499], ['SKU-1215', 'USB-C Hub', 4999],
  ['SKU-1333', 'Standing Desk', 38900], ['SKU-1408', 'Office Chair', 21950], ['SKU-1521', 'Monitor Arm', 8999],
  ['SKU-1637', 'Laptop Stand', 3450], ['SKU-1750', 'Noise-Cancelling Headphones', 17900],
  ['SKU-1862', 'Webcam HD', 6900], ['SKU-1974', 'Ergonomic Keyboard', 11900], ['SKU-2081', 'Cable Organizer', 1299],
  ['SKU-2196', '27-inch Monitor', 27900],
];
const VENDORS: readonly (readonly [string, string])[] = [
  ['V-101', 'Northwind Traders'], ['V-102', 'Acme Supplies'], ['V-103', 'Globex Logistics'],
  ['V-104', 'Initech Software'], ['V-105', 'Umbrella Facilities'], ['V-106', 'Stark Components'],
  ['V-107', 'Wayne Office Co'], ['V-108', 'Contoso Print'], ['V-109', 'Fabrikam Cleaning'], ['V-110', 'Tyrell Energy'],
];

const WHITESPACE_RULE = 'No leading or trailing spaces, no double spaces';

function recordCode(name: string, shape: string, pattern: string, example: string): ColumnSpec {
  return {
    name,
    kind: 'record_code',
    rule: `Upper-case record number of the form ${shape}; it identifies the record. ${WHITESPACE_RULE}.`,
    example,
    pattern,
    isKey: true,
  };
}

function personName(name: string): ColumnSpec {
  return {
    name,
    kind: 'person_name',
    rule: `Given name then family name, each word capitalised (first letter upper case, the rest lower case), one space between. A name written "Family, Given" must be reordered to "Given Family". ${WHITESPACE_RULE}.`,
    example: 'Maria Silva',
  };
}

function email(name: string, isKey: boolean): ColumnSpec {
  return {
    name,
    kind: 'email',
    rule:
      'Lower case, no spaces anywhere, of the form local@domain where domain is one of the known email domains. ' +
      '"(at)" written instead of "@" must become "@". A domain written without its ending (e.g. "northwind") is the known domain that starts with it (e.g. "northwind.com").' +
      (isKey ? ' It identifies the record.' : ''),
    example: 'maria.silva@northwind.com',
    pattern: '^[a-z0-9.]+@[a-z0-9.-]+$',
    ...(isKey ? { isKey: true } : {}),
  };
}

function phone(name: string): ColumnSpec {
  return {
    name,
    kind: 'phone',
    rule: 'US number written +1-AAA-EEE-NNNN. Other layouts of the same ten digits (brackets, dots, spaces, no separators, with or without the leading 1) must be rewritten.',
    example: '+1-617-555-0142',
    pattern: '^\\+1-\\d{3}-\\d{3}-\\d{4}$',
  };
}

function date(name: string): ColumnSpec {
  return {
    name,
    kind: 'date',
    rule:
      'Date written YYYY-MM-DD. Other layouts occur and must be rewritten: YYYY/MM/DD, MM/DD/YYYY (slashes with the year last are always month/day/year), ' +
      'DD Mon YYYY, Mon DD, YYYY (English month abbreviations), YYYYMMDD, and YYYY-M-D without zero padding.',
    example: '2024-03-05',
    pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  };
}

function amount(name: string, unit: string): ColumnSpec {
  return {
    name,
    kind: 'amount',
    rule:
      `Amount in ${unit} written as a plain decimal with exactly two decimals: no currency sign, no thousands separator, no spaces (e.g. 1234.50). ` +
      'A bare whole number with no decimal point was exported in cents by the legacy system: divide it by 100 (123450 means 1234.50).',
    example: '1234.50',
    pattern: '^\\d+\\.\\d{2}$',
  };
}

function integer(name: string): ColumnSpec {
  return { name, kind: 'integer', rule: `Whole number, digits only. ${WHITESPACE_RULE}.`, example: '3', pattern: '^\\d+$' };
}

function category(name: string, allowed: string[], synonyms: Record<string, string>): ColumnSpec {
  const synonymText = Object.entries(synonyms).map(([from, to]) => `"${from}" means ${to}`).join(', ');
  return {
    name,
    kind: 'category',
    rule: `Exactly one of: ${allowed.join(', ')} (spelled and cased exactly so). Synonyms that occur: ${synonymText}; other casings of an allowed value are that value. ${WHITESPACE_RULE}.`,
    example: allowed[0]!,
    allowed,
    synonyms,
  };
}

function postcode(name: string): ColumnSpec {
  return {
    name,
    kind: 'postcode',
    rule: `Exactly five digits, one of the postcodes of the postcode table. A four-digit value lost its leading zero (2139 means 02139). ${WHITESPACE_RULE}.`,
    example: '02139',
    pattern: '^\\d{5}$',
  };
}

function refCode(name: string, table: string, shape: string, pattern: string, example: string): ColumnSpec {
  return {
    name,
    kind: 'ref_code',
    rule: `Upper-case code of the form ${shape} that appears in the ${table} table. ${WHITESPACE_RULE}.`,
    example,
    pattern,
  };
}

function lookup(name: string, table: string, via: string, valueName: string): ColumnSpec {
  return {
    name,
    kind: 'lookup',
    rule: `Must equal, exactly, the ${valueName} that the ${table} table gives for this row's ${via}; when empty, fill it from that table.`,
    example: '',
    lookup: { table, via },
  };
}

/** The clean record of one entity: a value for every column the domain may show. */
export type CleanRecord = Record<string, string>;

export interface DomainTables {
  readonly references: ReferenceTable[];
  readonly emailDomains: readonly string[];
  readonly postcodes: readonly (readonly [string, string])[];
  readonly products: readonly (readonly [string, string, number])[];
  readonly vendors: readonly (readonly [string, string])[];
}

export interface DomainDefinition {
  readonly id: DomainId;
  readonly tableName: string;
  readonly about: string;
  /** Every column the domain can show, in display order. */
  readonly columns: readonly ColumnSpec[];
  /** Columns every table of this domain shows. */
  readonly required: readonly string[];
  /** Groups of columns added together (a lookup column always comes with the column it reads). */
  readonly optional: readonly (readonly string[])[];
  readonly keyColumn: string;
  /** Reference tables for a chosen set of columns. */
  tables(rng: Rng, shown: ReadonlySet<string>): DomainTables;
  /** `count` clean records with distinct keys. */
  records(rng: Rng, count: number, tables: DomainTables): CleanRecord[];
}

function emailDomainTable(rng: Rng): { table: ReferenceTable; domains: string[] } {
  const domains = rng.sample(EMAIL_DOMAINS, 7).sort();
  return {
    domains,
    table: { name: 'email_domains', description: 'the known email domains, the only domains an email may use', columns: ['domain'], rows: domains.map((d) => [d]) },
  };
}

function personEmail(first: string, last: string, domain: string, suffix: number): string {
  return `${first.toLowerCase()}.${last.toLowerCase()}${suffix > 1 ? suffix : ''}@${domain}`;
}

function randomPhone(rng: Rng): string {
  return formatPhone(`${rng.pick(AREA_CODES)}${rng.int(200, 989)}${String(rng.int(0, 9999)).padStart(4, '0')}`);
}

/** Draws `count` distinct people with distinct emails. */
function people(rng: Rng, count: number, domains: readonly string[]): { name: string; email: string }[] {
  const used = new Set<string>();
  const result: { name: string; email: string }[] = [];
  while (result.length < count) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const domain = rng.pick(domains);
    let suffix = 1;
    while (used.has(personEmail(first, last, domain, suffix))) suffix += 1;
    const address = personEmail(first, last, domain, suffix);
    used.add(address);
    result.push({ name: `${first} ${last}`, email: address });
  }
  return result;
}

/** Distinct random integers in [min, max], in random order. */
function distinctInts(rng: Rng, count: number, min: number, max: number): number[] {
  const seen = new Set<number>();
  while (seen.size < count) seen.add(rng.int(min, max));
  return [...seen];
}

const customers: DomainDefinition = {
  id: 'customers',
  tableName: 'customers',
  about: 'Customer master records of a retail company, one row per customer account.',
  columns: [
    personName('customer_name'),
    email('email', true),
    phone('phone'),
    date('signup_date'),
    category('tier', ['gold', 'silver', 'bronze'], { premium: 'gold', standard: 'silver', basic: 'bronze' }),
    postcode('postcode'),
    lookup('city', 'postcodes', 'postcode', 'city'),
    amount('lifetime_value', 'dollars'),
  ],
  required: ['customer_name', 'email', 'phone', 'signup_date', 'tier'],
  optional: [['postcode', 'city'], ['lifetime_value']],
  keyColumn: 'email',
  tables(rng, shown) {
    const { table, domains } = emailDomainTable(rng.fork('email-domains'));
    const postcodes = rng.fork('postcodes').sample(POSTCODES, 8).sort((a, b) => a[0].localeCompare(b[0]));
    const references = [table];
    if (shown.has('postcode')) {
      references.push({ name: 'postcodes', description: 'the city of each postcode', columns: ['postcode', 'city'], rows: postcodes.map((p) => [...p]) });
    }
    return { references, emailDomains: domains, postcodes, products: [], vendors: [] };
  },
  records(rng, count, tables) {
    return people(rng.fork('people'), count, tables.emailDomains).map((person) => {
      const place = rng.pick(tables.postcodes);
      return {
        customer_name: person.name,
        email: person.email,
        phone: randomPhone(rng),
        signup_date: isoDate(randomDate(rng, 2019, 2024)),
        tier: rng.weighted(['gold', 'silver', 'bronze'], [1, 2, 3]),
        postcode: place[0],
        city: place[1],
        lifetime_value: formatAmount(rng.int(2000, 499999)),
      };
    });
  },
};

const orders: DomainDefinition = {
  id: 'orders',
  tableName: 'orders',
  about: 'Sales orders exported from an online shop, one row per order.',
  columns: [
    recordCode('order_no', 'ORD-NNNNN (five digits)', '^ORD-\\d{5}$', 'ORD-10423'),
    email('customer_email', false),
    date('order_date'),
    refCode('product_sku', 'products', 'SKU-NNNN', '^SKU-\\d{4}$', 'SKU-1042'),
    lookup('product_name', 'products', 'product_sku', 'product name'),
    integer('quantity'),
    amount('amount', 'dollars'),
    category('status', ['pending', 'shipped', 'delivered', 'cancelled'], {
      canceled: 'cancelled', dispatched: 'shipped', sent: 'shipped', received: 'delivered', awaiting: 'pending',
    }),
    category('channel', ['web', 'store', 'phone'], { online: 'web', 'in-store': 'store', telephone: 'phone' }),
  ],
  required: ['order_no', 'customer_email', 'order_date', 'amount', 'status'],
  optional: [['product_sku', 'product_name'], ['quantity'], ['channel']],
  keyColumn: 'order_no',
  tables(rng, shown) {
    const { table, domains } = emailDomainTable(rng.fork('email-domains'));
    const products = rng.fork('products').sample(PRODUCTS, 8).sort((a, b) => a[0].localeCompare(b[0]));
    const references = [table];
    if (shown.has('product_sku')) {
      references.push({ name: 'products', description: 'the product name of each SKU', columns: ['product_sku', 'product_name'], rows: products.map((p) => [p[0], p[1]]) });
    }
    return { references, emailDomains: domains, postcodes: [], products, vendors: [] };
  },
  records(rng, count, tables) {
    const buyers = people(rng.fork('people'), Math.max(4, Math.ceil(count * 0.7)), tables.emailDomains);
    return distinctInts(rng.fork('numbers'), count, 10000, 99999).map((number) => {
      const product = rng.pick(tables.products);
      const quantity = rng.weighted([1, 2, 3, 4, 5, 8, 10], [6, 4, 3, 2, 2, 1, 1]);
      return {
        order_no: `ORD-${number}`,
        customer_email: rng.pick(buyers).email,
        order_date: isoDate(randomDate(rng, 2023, 2024)),
        product_sku: product[0],
        product_name: product[1],
        quantity: String(quantity),
        amount: formatAmount(product[2] * quantity),
        status: rng.weighted(['pending', 'shipped', 'delivered', 'cancelled'], [2, 3, 5, 1]),
        channel: rng.weighted(['web', 'store', 'phone'], [5, 3, 1]),
      };
    });
  },
};

const invoices: DomainDefinition = {
  id: 'invoices',
  tableName: 'invoices',
  about: 'Supplier invoices received by an accounts-payable team, one row per invoice.',
  columns: [
    recordCode('invoice_no', 'INV-2024-NNNN (four digits)', '^INV-2024-\\d{4}$', 'INV-2024-0042'),
    refCode('vendor_id', 'vendors', 'V-NNN', '^V-\\d{3}$', 'V-104'),
    lookup('vendor_name', 'vendors', 'vendor_id', 'vendor name'),
    phone('contact_phone'),
    date('issue_date'),
    date('due_date'),
    amount('amount', 'the invoice currency (not cents)'),
    category('currency', ['USD', 'EUR', 'GBP'], { dollar: 'USD', euro: 'EUR', pound: 'GBP' }),
    category('status', ['paid', 'unpaid', 'overdue'], { settled: 'paid', open: 'unpaid', late: 'overdue' }),
  ],
  required: ['invoice_no', 'vendor_id', 'vendor_name', 'issue_date', 'amount'],
  optional: [['status'], ['currency'], ['contact_phone'], ['due_date']],
  keyColumn: 'invoice_no',
  tables(rng) {
    const vendors = rng.fork('vendors').sample(VENDORS, 7).sort((a, b) => a[0].localeCompare(b[0]));
    return {
      references: [{ name: 'vendors', description: 'the vendor name of each vendor id', columns: ['vendor_id', 'vendor_name'], rows: vendors.map((v) => [...v]) }],
      emailDomains: [],
      postcodes: [],
      products: [],
      vendors,
    };
  },
  records(rng, count, tables) {
    const phones = new Map(tables.vendors.map((v) => [v[0], randomPhone(rng)]));
    return distinctInts(rng.fork('numbers'), count, 1, 9999).map((number) => {
      const vendor = rng.pick(tables.vendors);
      const issued = randomDate(rng, 2024, 2024);
      return {
        invoice_no: `INV-2024-${String(number).padStart(4, '0')}`,
        vendor_id: vendor[0],
        vendor_name: vendor[1],
        contact_phone: phones.get(vendor[0])!,
        issue_date: isoDate(issued),
        due_date: isoDate(addDays(issued, rng.pick([14, 30, 45, 60]))),
        amount: formatAmount(rng.int(10000, 2500000)),
        currency: rng.weighted(['USD', 'EUR', 'GBP'], [5, 3, 2]),
        status: rng.weighted(['paid', 'unpaid', 'overdue'], [4, 3, 1]),
      };
    });
  },
};

export const DOMAINS: Readonly<Record<DomainId, DomainDefinition>> = { customers, orders, invoices };
export const DOMAIN_IDS: readonly DomainId[] = ['customers', 'orders', 'invoices'];
