// The business domains a table can come from: their columns, spec rules, reference tables and clean records.
import type { Rng } from 'openenv-ts';
import type { ColumnSpec, DomainId, ReferenceTable } from './types.js';
import { addDays, capitaliseWords, formatAmount, formatPhone, isoDate, randomDate } from './value-formats.js';

// Real registers hold names whose correct casing is not "each word capitalised" (McDonald, van der Berg, DeShawn):
// a blind `title` on the column breaks them, so the spec says to keep registered casing.
const FIRST_NAMES = [
  'Jane', 'John', 'Maria', 'Ahmed', 'Wei', 'Priya', 'Lucas', 'Emma', 'Noah', 'Olivia', 'Liam', 'Sofia', 'Mateo',
  'Aisha', 'Hannah', 'Omar', 'Grace', 'Ethan', 'Zara', 'Daniel', 'Leila', 'Samuel', 'Nora', 'Victor', 'Elena',
  'Kofi', 'Ines', 'Tomas', 'Yuki', 'Ravi', 'Clara', 'Felix', 'Amara', 'Jonas', 'Mila', 'DeShawn', 'JoAnne',
  'LaToya', 'DeAndre',
];
const LAST_NAMES = [
  'Smith', 'Garcia', 'Chen', 'Patel', 'Okafor', 'Novak', 'Silva', 'Kim', 'Johnson', 'Rossi', 'Dubois', 'Tanaka',
  'Larsen', 'Haddad', 'Kowalski', 'Nguyen', 'Brown', 'Lopez', 'Walker', 'Fischer', 'Adams', 'Moreau', 'Ivanova',
  'Mendes', 'Osei', 'Berg', 'Costa', 'Reyes', 'Hughes', 'Sato', 'McDonald', "O'Neil", 'van der Berg', 'MacKenzie',
  'da Silva', 'LeBlanc', "D'Souza", 'de la Cruz', 'DiMarco', 'van Dijk',
];
// Every domain's first label is unique, so a domain that lost its ending names exactly one known domain.
const EMAIL_DOMAINS = [
  'northwind.com', 'acme.io', 'globex.net', 'initech.org', 'umbrella.co', 'contoso.com', 'fabrikam.com',
  'gmail.com', 'outlook.com', 'yahoo.com', 'proton.me', 'fastmail.com',
];
const AREA_CODES = ['212', '312', '415', '617', '202', '303', '512', '206', '404', '305', '646', '718'];
// International numbers as registered: country code and the digit count of each space-separated group. Some have
// ten digits in all, which a blind US normaliser rewrites into a wrong +1 number (+65 6123 4567 -> +1-656-123-4567).
const FOREIGN_PHONES: readonly (readonly [string, readonly number[]])[] = [
  ['44', [2, 4, 4]], ['49', [2, 4, 4]], ['61', [1, 4, 4]], ['33', [1, 2, 2, 2, 2]],
  ['65', [4, 4]], ['64', [1, 3, 4]], ['47', [4, 4]], ['45', [4, 4]],
];
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
const CODE_LAYOUTS =
  'Other layouts of the same code occur and must be rewritten: lower case, a space, underscore or slash instead of a hyphen, no hyphen at all, a letter O typed for a zero digit';

function recordCode(name: string, shape: string, pattern: string, example: string, extra = ''): ColumnSpec {
  return {
    name,
    kind: 'record_code',
    rule: `Upper-case record number of the form ${shape}; it identifies the record. ${CODE_LAYOUTS}${extra}. ${WHITESPACE_RULE}.`,
    example,
    pattern,
    isKey: true,
  };
}

function personName(name: string): ColumnSpec {
  return {
    name,
    kind: 'person_name',
    rule:
      'Given name then family name as registered, one space between. Registered casing is kept even where it is not simply capitalised (McDonald, O\'Neil, DeShawn, van der Berg are correct). ' +
      'A name written entirely in lower case or entirely in upper case lost its casing: capitalise each word (first letter upper case, the rest lower case); names with such special casing never lose it. ' +
      `A name written "Family, Given" must be reordered to "Given Family". ${WHITESPACE_RULE}.`,
    example: 'Maria Silva',
  };
}

function email(name: string, isKey: boolean): ColumnSpec {
  return {
    name,
    kind: 'email',
    rule:
      'Lower case, no spaces anywhere, of the form local@domain where domain is one of the known email domains. ' +
      '"(at)" written instead of "@" must become "@". A domain written without its ending (e.g. "northwind") is the known domain that starts with it (e.g. "northwind.com"). ' +
      'A display form ("Maria Silva <maria.silva@northwind.com>", "<maria.silva@northwind.com>" or "mailto:maria.silva@northwind.com") must be reduced to the bare address.' +
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
    rule:
      'A US number is written +1-AAA-EEE-NNNN: other layouts of its ten digits (brackets, dots, spaces, no separators, with or without the leading 1) must be rewritten, a letter O typed for a zero digit is a zero, ' +
      'and a "tel:" prefix or a label after the number ("(mobile)", "(office)") must be dropped. ' +
      'A number outside North America stays in international form exactly as registered: + and the country code, then space-separated groups (e.g. +44 20 7946 0958, +65 6123 4567); only a leading 00 written instead of the + must become +.',
    example: '+1-617-555-0142',
    pattern: '^(\\+1-\\d{3}-\\d{3}-\\d{4}|\\+[2-9]\\d{0,2}( \\d{1,4}){2,5})$',
  };
}

function date(name: string): ColumnSpec {
  return {
    name,
    kind: 'date',
    rule:
      'Date written YYYY-MM-DD. Other layouts occur and must be rewritten: YYYY/MM/DD, MM/DD/YYYY (slashes with the year last are always month/day/year), ' +
      'MM/DD/YY (a two-digit year is 20YY), DD.MM.YYYY and YYYY.MM.DD (dots: day.month.year, or year.month.day when the year comes first), ' +
      'DD Mon YYYY, Mon DD, YYYY, DD-Mon-YYYY (English month abbreviations), YYYYMMDD, ' +
      'YYYY-M-D without zero padding, and a date followed by a time of day (2024-03-05T14:30:00, 2024-03-05 14:30) whose time must be dropped.',
    example: '2024-03-05',
    pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  };
}

const LEGACY_AMOUNTS =
  'A bare whole number with no decimal point was exported in cents by the legacy system: divide it by 100 (123450 means 1234.50). ' +
  'A comma followed by exactly two final digits is the decimal comma of the EU office export (1.234,50 and 1234,50 mean 1234.50).';

function amount(name: string): ColumnSpec {
  return {
    name,
    kind: 'amount',
    rule: `Amount in dollars written as a plain decimal with exactly two decimals: no currency sign, no thousands separator, no spaces (e.g. 1234.50). ${LEGACY_AMOUNTS}`,
    example: '1234.50',
    pattern: '^\\d+\\.\\d{2}$',
  };
}

/** The number of decimals of each invoice currency (its ISO 4217 minor unit). */
export const CURRENCY_DECIMALS: Readonly<Record<string, number>> = { USD: 2, EUR: 2, GBP: 2, JPY: 0, KWD: 3 };

// A currency with no or three decimals makes a blind to_number wrong for correct cells (1234.500 -> 1234.50).
function currencyAmount(name: string, currencyColumn: string): ColumnSpec {
  return {
    name,
    kind: 'amount',
    rule:
      `Amount in the row's ${currencyColumn}, a plain number with exactly that currency's decimals: two for USD, EUR and GBP, none for JPY, three for KWD ` +
      `(e.g. 1234.50, 125000, 1234.500); no currency sign, no thousands separator, no spaces. Only for USD, EUR and GBP: ${LEGACY_AMOUNTS}`,
    example: '1234.50',
    pattern: '^\\d+(\\.\\d{2,3})?$',
    decimals: { column: currencyColumn, digits: CURRENCY_DECIMALS },
  };
}

function integer(name: string): ColumnSpec {
  return {
    name,
    kind: 'integer',
    rule: `Whole number, digits only: a unit after it ("3 pcs", "3 units") or an "x" before it ("x3") must be dropped. ${WHITESPACE_RULE}.`,
    example: '3',
    pattern: '^\\d+$',
  };
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
    rule: `Exactly five digits, one of the postcodes of the postcode table. A four-digit value lost its leading zero (2139 means 02139); a ZIP+4 value (02139-4307) must be cut to its first five digits. ${WHITESPACE_RULE}.`,
    example: '02139',
    pattern: '^\\d{5}$',
  };
}

function refCode(name: string, table: string, shape: string, pattern: string, example: string): ColumnSpec {
  return {
    name,
    kind: 'ref_code',
    rule: `Upper-case code of the form ${shape} that appears in the ${table} table. ${CODE_LAYOUTS}. ${WHITESPACE_RULE}.`,
    example,
    pattern,
  };
}

function lookup(name: string, table: string, via: string, valueName: string): ColumnSpec {
  return {
    name,
    kind: 'lookup',
    rule: `Must equal, exactly, the ${valueName} that the ${table} table gives for this row's ${via}: any other value (another casing, or the ${valueName} of another ${via}) is wrong; when empty, fill it from that table.`,
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
  /** Every column the domain's table schemas can show, in display order (see table-schemas.ts for the sets). */
  readonly columns: readonly ColumnSpec[];
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
  const slug = (word: string) => word.toLowerCase().replace(/[^a-z]/g, '');
  return `${slug(first)}.${slug(last)}${suffix > 1 ? suffix : ''}@${domain}`;
}

/** A US number, or with chance `foreignShare` an international one as registered. */
function randomPhone(rng: Rng, foreignShare: number): string {
  if (rng.chance(foreignShare)) {
    const [country, groups] = rng.pick(FOREIGN_PHONES);
    const digits = groups.map((length, i) =>
      Array.from({ length }, (_v, j) => String(i === 0 && j === 0 ? rng.int(2, 9) : rng.int(0, 9))).join(''),
    );
    return `+${country} ${digits.join(' ')}`;
  }
  return formatPhone(`${rng.pick(AREA_CODES)}${rng.int(200, 989)}${String(rng.int(0, 9999)).padStart(4, '0')}`);
}

/** A name whose every word is simply capitalised, so lost casing can be restored from the rule alone. */
export function isPlainName(name: string): boolean {
  return capitaliseWords(name) === name;
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
  columns: [
    personName('customer_name'),
    email('email', true),
    phone('phone'),
    date('signup_date'),
    category('tier', ['gold', 'silver', 'bronze', 'VIP'], { premium: 'gold', standard: 'silver', basic: 'bronze', 'key account': 'VIP' }),
    postcode('postcode'),
    lookup('city', 'postcodes', 'postcode', 'city'),
    amount('lifetime_value'),
    date('last_order_date'),
    category('preferred_channel', ['email', 'phone', 'post', 'SMS'], { 'e-mail': 'email', letter: 'post', text: 'SMS', telephone: 'phone' }),
  ],
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
      const signup = randomDate(rng, 2019, 2024);
      return {
        customer_name: person.name,
        email: person.email,
        phone: randomPhone(rng, 0.25),
        signup_date: isoDate(signup),
        last_order_date: isoDate(addDays(signup, rng.int(0, 400))),
        preferred_channel: rng.weighted(['email', 'phone', 'post', 'SMS'], [5, 2, 1, 2]),
        tier: rng.weighted(['gold', 'silver', 'bronze', 'VIP'], [2, 3, 4, 1]),
        postcode: place[0],
        city: place[1],
        lifetime_value: formatAmount(rng.int(2000, 499999)),
      };
    });
  },
};

const orders: DomainDefinition = {
  id: 'orders',
  columns: [
    recordCode('order_no', 'ORD-NNNNN (five digits)', '^ORD-\\d{5}$', 'ORD-10423'),
    email('customer_email', false),
    date('order_date'),
    date('ship_date'),
    refCode('product_sku', 'products', 'SKU-NNNN', '^SKU-\\d{4}$', 'SKU-1042'),
    lookup('product_name', 'products', 'product_sku', 'product name'),
    integer('quantity'),
    amount('amount'),
    category('status', ['pending', 'shipped', 'delivered', 'cancelled'], {
      canceled: 'cancelled', dispatched: 'shipped', sent: 'shipped', received: 'delivered', awaiting: 'pending',
    }),
    category('channel', ['web', 'store', 'phone', 'EDI'], { online: 'web', 'in-store': 'store', telephone: 'phone', 'partner feed': 'EDI' }),
    category('payment_method', ['card', 'cash', 'transfer', 'PayPal'], { 'credit card': 'card', 'bank transfer': 'transfer', wire: 'transfer', 'pay pal': 'PayPal' }),
  ],
  keyColumn: 'order_no',
  tables(rng, shown) {
    const { table, domains } = emailDomainTable(rng.fork('email-domains'));
    const products = rng.fork('products').sample(PRODUCTS, 8).sort((a, b) => a[0].localeCompare(b[0]));
    // A table without an email column has no use for the list of email domains.
    const references = shown.has('customer_email') ? [table] : [];
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
      const ordered = randomDate(rng, 2023, 2024);
      return {
        order_no: `ORD-${number}`,
        customer_email: rng.pick(buyers).email,
        order_date: isoDate(ordered),
        ship_date: isoDate(addDays(ordered, rng.int(1, 9))),
        payment_method: rng.weighted(['card', 'cash', 'transfer', 'PayPal'], [5, 1, 2, 2]),
        product_sku: product[0],
        product_name: product[1],
        quantity: String(quantity),
        amount: formatAmount(product[2] * quantity),
        status: rng.weighted(['pending', 'shipped', 'delivered', 'cancelled'], [2, 3, 5, 1]),
        channel: rng.weighted(['web', 'store', 'phone', 'EDI'], [5, 3, 1, 2]),
      };
    });
  },
};

const invoices: DomainDefinition = {
  id: 'invoices',
  columns: [
    recordCode('invoice_no', 'INV-2024-NNNN (four digits)', '^INV-2024-\\d{4}$', 'INV-2024-0042', ', and a number that lost its leading zeros (INV-2024-42 means INV-2024-0042)'),
    refCode('vendor_id', 'vendors', 'V-NNN', '^V-\\d{3}$', 'V-104'),
    lookup('vendor_name', 'vendors', 'vendor_id', 'vendor name'),
    phone('contact_phone'),
    date('issue_date'),
    date('due_date'),
    currencyAmount('amount', 'currency'),
    category('currency', ['USD', 'EUR', 'GBP', 'JPY', 'KWD'], { dollar: 'USD', euro: 'EUR', pound: 'GBP', yen: 'JPY', dinar: 'KWD' }),
    category('status', ['paid', 'unpaid', 'overdue'], { settled: 'paid', open: 'unpaid', late: 'overdue' }),
  ],
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
    // Suppliers are international more often than retail customers.
    const phones = new Map(tables.vendors.map((v) => [v[0], randomPhone(rng, 0.4)]));
    return distinctInts(rng.fork('numbers'), count, 1, 9999).map((number) => {
      const vendor = rng.pick(tables.vendors);
      const issued = randomDate(rng, 2024, 2024);
      const currency = rng.weighted(['USD', 'EUR', 'GBP', 'JPY', 'KWD'], [4, 3, 2, 2, 2]);
      const amountUnits = currency === 'JPY' ? rng.int(10000, 3000000) : currency === 'KWD' ? rng.int(30000, 8000000) : rng.int(10000, 2500000);
      return {
        invoice_no: `INV-2024-${String(number).padStart(4, '0')}`,
        vendor_id: vendor[0],
        vendor_name: vendor[1],
        contact_phone: phones.get(vendor[0])!,
        issue_date: isoDate(issued),
        due_date: isoDate(addDays(issued, rng.pick([14, 30, 45, 60]))),
        amount: formatAmount(amountUnits, CURRENCY_DECIMALS[currency]),
        currency,
        status: rng.weighted(['paid', 'unpaid', 'overdue'], [4, 3, 1]),
      };
    });
  },
};

export const DOMAINS: Readonly<Record<DomainId, DomainDefinition>> = { customers, orders, invoices };
export const DOMAIN_IDS: readonly DomainId[] = ['customers', 'orders', 'invoices'];
