// The business domains a table can come from: their columns, spec rules, reference tables and clean records.
import type { Rng } from 'openenv-ts';
import type { DomainId, ReferenceTable } from './types.js';
import { amount, category, currencyAmount, CURRENCY_DECIMALS, date, email, integer, lookup, personName, phone, postcode, recordCode, refCode, type ColumnDef } from './column-rules.js';
import { addDays, capitaliseWords, formatAmount, formatPhone, isoDate, randomDate } from './value-formats.js';

export { CURRENCY_DECIMALS };

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

const DEPARTMENTS = ['Sales', 'Finance', 'Engineering', 'Support', 'HR'];
const ROOM_TYPES = ['single', 'double', 'suite', 'family'];
const WAREHOUSES = ['north', 'south', 'east', 'west'];

/** The clean record of one entity: a value for every column the domain may show, by canonical name. */
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
  readonly columns: readonly ColumnDef[];
  readonly keyColumn: string;
  /**
   * Columns that identify a record besides its key, in order of preference: when a record was entered twice under
   * two keys (entity resolution), the rows agree on the first two of these the table shows, once repaired.
   */
  readonly identity: readonly string[];
  /** Reference tables for a chosen set of columns. */
  tables(rng: Rng, shown: ReadonlySet<string>): DomainTables;
  /** `count` clean records with distinct keys (and distinct identities). */
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

/** Draws `count` distinct people with distinct names and emails. */
function people(rng: Rng, count: number, domains: readonly string[]): { name: string; email: string }[] {
  const used = new Set<string>();
  const names = new Set<string>();
  const result: { name: string; email: string }[] = [];
  for (let attempt = 0; result.length < count; attempt++) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    // Distinct names, so two records never share an identity; past many tries a repeat is allowed (tiny tables only).
    if (names.has(`${first} ${last}`) && attempt < 2000) continue;
    names.add(`${first} ${last}`);
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

/** A price in cents: a third of them whole dollars, as price lists often are. */
function price(rng: Rng, low: number, high: number): number {
  const cents = rng.int(low, high);
  return rng.chance(0.5) ? cents - (cents % 100) + 100 : cents;
}

function postcodeTable(rng: Rng, name: string): { rows: (readonly [string, string])[]; table: ReferenceTable } {
  const rows = rng.sample(POSTCODES, 8).sort((a, b) => a[0].localeCompare(b[0]));
  return { rows, table: { name, description: 'the city of each postcode', columns: ['postcode', 'city'], rows: rows.map((p) => [...p]) } };
}

function productTable(rng: Rng): { rows: (readonly [string, string, number])[]; table: ReferenceTable } {
  const rows = rng.sample(PRODUCTS, 8).sort((a, b) => a[0].localeCompare(b[0]));
  return { rows, table: { name: 'products', description: 'the product name of each SKU', columns: ['product_sku', 'product_name'], rows: rows.map((p) => [p[0], p[1]]) } };
}

const customers: DomainDefinition = {
  id: 'customers',
  columns: [
    recordCode('customer_id', 'CUS-NNNNN (five digits)', '^CUS-\\d{5}$'),
    personName('customer_name'),
    email('email', false),
    phone('phone'),
    date('signup_date'),
    category('tier', ['gold', 'silver', 'bronze', 'VIP'], { premium: 'gold', standard: 'silver', basic: 'bronze', 'key account': 'VIP' }),
    postcode('postcode', 'postcodes'),
    lookup('city', 'postcodes', 'postcode', 'city'),
    amount('lifetime_value'),
    date('last_order_date', { column: 'signup_date', words: 'nobody orders before signing up' }),
    category('preferred_channel', ['email', 'phone', 'post', 'SMS'], { 'e-mail': 'email', letter: 'post', text: 'SMS', telephone: 'phone' }),
  ],
  keyColumn: 'customer_id',
  identity: ['customer_name', 'email', 'phone'],
  tables(rng, shown) {
    const { table, domains } = emailDomainTable(rng.fork('email-domains'));
    const postcodes = postcodeTable(rng.fork('postcodes'), 'postcodes');
    const references = shown.has('email') ? [table] : [];
    if (shown.has('postcode')) references.push(postcodes.table);
    return { references, emailDomains: domains, postcodes: postcodes.rows, products: [], vendors: [] };
  },
  records(rng, count, tables) {
    const ids = distinctInts(rng.fork('numbers'), count, 10000, 99999);
    return people(rng.fork('people'), count, tables.emailDomains).map((person, i) => {
      const place = rng.pick(tables.postcodes);
      const signup = randomDate(rng, 2019, 2024);
      return {
        customer_id: `CUS-${ids[i]}`,
        customer_name: person.name,
        email: person.email,
        phone: randomPhone(rng, 0.35),
        signup_date: isoDate(signup),
        last_order_date: isoDate(addDays(signup, rng.int(0, 400))),
        preferred_channel: rng.weighted(['email', 'phone', 'post', 'SMS'], [5, 2, 1, 2]),
        tier: rng.weighted(['gold', 'silver', 'bronze', 'VIP'], [2, 3, 4, 1]),
        postcode: place[0],
        city: place[1],
        lifetime_value: formatAmount(price(rng, 2000, 499999)),
      };
    });
  },
};

const orders: DomainDefinition = {
  id: 'orders',
  columns: [
    recordCode('order_no', 'ORD-NNNNN (five digits)', '^ORD-\\d{5}$'),
    email('customer_email', false),
    date('order_date'),
    date('ship_date', { column: 'order_date', words: 'an order ships after it is placed' }),
    refCode('product_sku', 'products', 'SKU-NNNN', '^SKU-\\d{4}$'),
    lookup('product_name', 'products', 'product_sku', 'product name'),
    integer('quantity'),
    amount('unit_price'),
    amount('amount', { count: 'quantity', price: 'unit_price' }),
    category('status', ['pending', 'shipped', 'delivered', 'cancelled'], {
      canceled: 'cancelled', dispatched: 'shipped', sent: 'shipped', received: 'delivered', awaiting: 'pending',
    }),
    category('channel', ['web', 'store', 'phone', 'EDI'], { online: 'web', 'in-store': 'store', telephone: 'phone', 'partner feed': 'EDI' }),
    category('payment_method', ['card', 'cash', 'transfer', 'PayPal'], { 'credit card': 'card', 'bank transfer': 'transfer', wire: 'transfer', 'pay pal': 'PayPal' }),
  ],
  keyColumn: 'order_no',
  identity: ['customer_email', 'order_date', 'product_sku'],
  tables(rng, shown) {
    const { table, domains } = emailDomainTable(rng.fork('email-domains'));
    const products = productTable(rng.fork('products'));
    const references = shown.has('customer_email') ? [table] : [];
    if (shown.has('product_sku')) references.push(products.table);
    return { references, emailDomains: domains, postcodes: [], products: products.rows, vendors: [] };
  },
  records(rng, count, tables) {
    const buyers = people(rng.fork('people'), count, tables.emailDomains);
    return distinctInts(rng.fork('numbers'), count, 10000, 99999).map((number, i) => {
      const product = rng.pick(tables.products);
      const quantity = rng.weighted([1, 2, 3, 4, 5, 8, 10], [6, 4, 3, 2, 2, 1, 1]);
      const ordered = randomDate(rng, 2023, 2024);
      return {
        order_no: `ORD-${number}`,
        customer_email: buyers[i]!.email,
        order_date: isoDate(ordered),
        ship_date: isoDate(addDays(ordered, rng.int(1, 9))),
        payment_method: rng.weighted(['card', 'cash', 'transfer', 'PayPal'], [5, 1, 2, 2]),
        product_sku: product[0],
        product_name: product[1],
        quantity: String(quantity),
        unit_price: formatAmount(product[2]),
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
    recordCode('invoice_no', 'INV-2024-NNNN (four digits)', '^INV-2024-\\d{4}$', ' A number that lost its leading zeros (INV-2024-{short}) is padded back (INV-2024-{long}).'),
    refCode('vendor_id', 'vendors', 'V-NNN', '^V-\\d{3}$'),
    lookup('vendor_name', 'vendors', 'vendor_id', 'vendor name'),
    phone('contact_phone'),
    date('issue_date'),
    date('due_date', { column: 'issue_date', words: 'an invoice falls due after it is issued' }),
    currencyAmount('amount', 'currency'),
    category('currency', ['USD', 'EUR', 'GBP', 'JPY', 'KWD'], { dollar: 'USD', euro: 'EUR', pound: 'GBP', yen: 'JPY', dinar: 'KWD' }),
    category('status', ['paid', 'unpaid', 'overdue'], { settled: 'paid', open: 'unpaid', late: 'overdue' }),
  ],
  keyColumn: 'invoice_no',
  identity: ['vendor_id', 'issue_date', 'amount'],
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
      const amountUnits = currency === 'JPY' ? rng.int(10000, 3000000) : currency === 'KWD' ? rng.int(30000, 8000000) : price(rng, 10000, 2500000);
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

const employees: DomainDefinition = {
  id: 'employees',
  columns: [
    recordCode('employee_id', 'EMP-NNNN (four digits)', '^EMP-\\d{4}$'),
    personName('full_name'),
    email('work_email', false),
    phone('desk_phone'),
    date('hire_date'),
    date('review_date', { column: 'hire_date', words: 'nobody is reviewed before being hired' }),
    category('department', DEPARTMENTS, { sales: 'Sales', accounting: 'Finance', engineering: 'Engineering', 'customer care': 'Support', people: 'HR', 'r&d': 'Engineering' }),
    amount('monthly_salary'),
    postcode('office_postcode', 'offices'),
    lookup('office_city', 'offices', 'office_postcode', 'city'),
  ],
  keyColumn: 'employee_id',
  identity: ['full_name', 'work_email', 'desk_phone'],
  tables(rng, shown) {
    const { table, domains } = emailDomainTable(rng.fork('email-domains'));
    const offices = postcodeTable(rng.fork('postcodes'), 'offices');
    const references = shown.has('work_email') ? [table] : [];
    if (shown.has('office_postcode')) references.push(offices.table);
    return { references, emailDomains: domains, postcodes: offices.rows, products: [], vendors: [] };
  },
  records(rng, count, tables) {
    const ids = distinctInts(rng.fork('numbers'), count, 1000, 9999);
    return people(rng.fork('people'), count, tables.emailDomains).map((person, i) => {
      const office = rng.pick(tables.postcodes);
      const hired = randomDate(rng, 2012, 2024);
      return {
        employee_id: `EMP-${ids[i]}`,
        full_name: person.name,
        work_email: person.email,
        desk_phone: randomPhone(rng, 0.15),
        hire_date: isoDate(hired),
        review_date: isoDate(addDays(hired, rng.int(90, 700))),
        department: rng.pick(DEPARTMENTS),
        monthly_salary: formatAmount(price(rng, 300000, 1500000)),
        office_postcode: office[0],
        office_city: office[1],
      };
    });
  },
};

const bookings: DomainDefinition = {
  id: 'bookings',
  columns: [
    recordCode('booking_ref', 'BKG-NNNNNN (six digits)', '^BKG-\\d{6}$'),
    personName('guest_name'),
    email('guest_email', false),
    phone('guest_phone'),
    date('check_in'),
    date('check_out', { column: 'check_in', words: 'a guest leaves after arriving' }),
    integer('nights'),
    amount('nightly_rate'),
    amount('total_charge', { count: 'nights', price: 'nightly_rate' }),
    category('room_type', ROOM_TYPES, { 'single room': 'single', twin: 'double', 'double room': 'double', apartment: 'suite', 'family room': 'family' }),
    category('booked_via', ['web', 'phone', 'agent', 'walk-in'], { online: 'web', telephone: 'phone', 'travel agent': 'agent', 'at desk': 'walk-in' }),
  ],
  keyColumn: 'booking_ref',
  identity: ['guest_name', 'guest_email', 'check_in'],
  tables(rng, shown) {
    const { table, domains } = emailDomainTable(rng.fork('email-domains'));
    return { references: shown.has('guest_email') ? [table] : [], emailDomains: domains, postcodes: [], products: [], vendors: [] };
  },
  records(rng, count, tables) {
    const refs = distinctInts(rng.fork('numbers'), count, 100000, 999999);
    return people(rng.fork('people'), count, tables.emailDomains).map((person, i) => {
      const arrival = randomDate(rng, 2024, 2025);
      const nights = rng.weighted([1, 2, 3, 4, 5, 7], [4, 4, 3, 2, 1, 1]);
      const rate = price(rng, 6000, 45000);
      return {
        booking_ref: `BKG-${refs[i]}`,
        guest_name: person.name,
        guest_email: person.email,
        guest_phone: randomPhone(rng, 0.3),
        check_in: isoDate(arrival),
        check_out: isoDate(addDays(arrival, nights)),
        nights: String(nights),
        nightly_rate: formatAmount(rate),
        total_charge: formatAmount(rate * nights),
        room_type: rng.pick(ROOM_TYPES),
        booked_via: rng.weighted(['web', 'phone', 'agent', 'walk-in'], [5, 2, 2, 1]),
      };
    });
  },
};

const inventory: DomainDefinition = {
  id: 'inventory',
  columns: [
    recordCode('stock_id', 'STK-NNNNN (five digits)', '^STK-\\d{5}$'),
    refCode('item_sku', 'products', 'SKU-NNNN', '^SKU-\\d{4}$'),
    lookup('item_name', 'products', 'item_sku', 'product name'),
    category('warehouse', WAREHOUSES, { northern: 'north', southern: 'south', eastern: 'east', western: 'west', 'n depot': 'north' }),
    integer('on_hand'),
    amount('unit_cost'),
    amount('stock_value', { count: 'on_hand', price: 'unit_cost' }),
    date('received_date'),
    date('counted_date', { column: 'received_date', words: 'stock is counted after it arrives' }),
    phone('supplier_phone'),
  ],
  keyColumn: 'stock_id',
  identity: ['item_sku', 'received_date', 'warehouse'],
  tables(rng) {
    const products = productTable(rng.fork('products'));
    return { references: [products.table], emailDomains: [], postcodes: [], products: products.rows, vendors: [] };
  },
  records(rng, count, tables) {
    const ids = distinctInts(rng.fork('numbers'), count, 10000, 99999);
    return ids.map((id) => {
      const product = rng.pick(tables.products);
      const received = randomDate(rng, 2023, 2024);
      const onHand = rng.int(1, 60);
      const cost = price(rng, 300, Math.max(400, Math.floor(product[2] * 0.6)));
      return {
        stock_id: `STK-${id}`,
        item_sku: product[0],
        item_name: product[1],
        warehouse: rng.pick(WAREHOUSES),
        on_hand: String(onHand),
        unit_cost: formatAmount(cost),
        stock_value: formatAmount(cost * onHand),
        received_date: isoDate(received),
        counted_date: isoDate(addDays(received, rng.int(1, 120))),
        supplier_phone: randomPhone(rng, 0.3),
      };
    });
  },
};

export const DOMAINS: Readonly<Record<DomainId, DomainDefinition>> = { customers, orders, invoices, employees, bookings, inventory };
export const DOMAIN_IDS: readonly DomainId[] = ['customers', 'orders', 'invoices', 'employees', 'bookings', 'inventory'];
