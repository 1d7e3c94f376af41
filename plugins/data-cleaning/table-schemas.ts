// The table schemas a scenario can use: the plugin's generator families "domain/name", each a table, its columns and their names.
import type { DomainId } from './types.js';

export interface TableSchema {
  /** Family id "domain/name": the framework deals schemas to splits within each domain. */
  readonly id: string;
  readonly domain: DomainId;
  readonly tableName: string;
  /** One sentence on what the table holds, for the prompt. */
  readonly about: string;
  /**
   * The columns shown, by canonical name (display order comes from the domain). Always the domain's key column,
   * and every column a shown column needs (a lookup's key, an amount's currency, a product's factors, a date's
   * earlier date): the domain's `needs`, checked by the tests.
   */
  readonly columns: readonly string[];
  /** The name each column has in this table, by canonical name (procedurally varied, see `namesFor`). */
  readonly names: Readonly<Record<string, string>>;
}

/** Other words a source system uses for each canonical column; a schema picks one per column. */
const ALIASES: Readonly<Record<string, readonly string[][]>> = {
  customer_id: [['customer', 'id'], ['cust', 'no'], ['account', 'id'], ['client', 'ref']],
  customer_name: [['customer', 'name'], ['full', 'name'], ['client', 'name'], ['name']],
  email: [['email'], ['email', 'address'], ['contact', 'email'], ['mail']],
  phone: [['phone'], ['phone', 'number'], ['mobile'], ['contact', 'phone']],
  signup_date: [['signup', 'date'], ['joined', 'on'], ['registered'], ['member', 'since']],
  tier: [['tier'], ['loyalty', 'tier'], ['segment'], ['level']],
  postcode: [['postcode'], ['zip'], ['zip', 'code'], ['postal', 'code']],
  city: [['city'], ['town'], ['city', 'name'], ['locality']],
  lifetime_value: [['lifetime', 'value'], ['total', 'spend'], ['ltv'], ['spend', 'to', 'date']],
  last_order_date: [['last', 'order', 'date'], ['last', 'purchase'], ['latest', 'order'], ['last', 'active']],
  preferred_channel: [['preferred', 'channel'], ['contact', 'by'], ['channel'], ['opt', 'in', 'channel']],
  order_no: [['order', 'no'], ['order', 'id'], ['order', 'ref'], ['order', 'number']],
  customer_email: [['customer', 'email'], ['buyer', 'email'], ['email'], ['billing', 'email']],
  order_date: [['order', 'date'], ['ordered', 'on'], ['placed'], ['purchase', 'date']],
  ship_date: [['ship', 'date'], ['shipped', 'on'], ['dispatch', 'date'], ['sent']],
  product_sku: [['product', 'sku'], ['sku'], ['item', 'code'], ['article']],
  product_name: [['product', 'name'], ['product'], ['item', 'name'], ['description']],
  quantity: [['quantity'], ['qty'], ['units'], ['pieces']],
  unit_price: [['unit', 'price'], ['price', 'each'], ['item', 'price'], ['price']],
  amount: [['amount'], ['total'], ['line', 'total'], ['value']],
  status: [['status'], ['state'], ['order', 'status'], ['stage']],
  channel: [['channel'], ['sales', 'channel'], ['source'], ['via']],
  payment_method: [['payment', 'method'], ['paid', 'by'], ['payment'], ['tender']],
  invoice_no: [['invoice', 'no'], ['invoice', 'id'], ['bill', 'no'], ['document']],
  vendor_id: [['vendor', 'id'], ['supplier', 'id'], ['vendor'], ['creditor']],
  vendor_name: [['vendor', 'name'], ['supplier'], ['supplier', 'name'], ['payee']],
  contact_phone: [['contact', 'phone'], ['ap', 'phone'], ['supplier', 'phone'], ['phone']],
  issue_date: [['issue', 'date'], ['issued'], ['invoice', 'date'], ['billed', 'on']],
  due_date: [['due', 'date'], ['due'], ['pay', 'by'], ['due', 'on']],
  currency: [['currency'], ['ccy'], ['currency', 'code'], ['cur']],
  employee_id: [['employee', 'id'], ['staff', 'no'], ['emp', 'no'], ['personnel', 'id']],
  full_name: [['full', 'name'], ['employee'], ['name'], ['staff', 'name']],
  work_email: [['work', 'email'], ['email'], ['corporate', 'email'], ['mail']],
  desk_phone: [['desk', 'phone'], ['extension', 'line'], ['office', 'phone'], ['phone']],
  hire_date: [['hire', 'date'], ['start', 'date'], ['joined'], ['hired', 'on']],
  review_date: [['review', 'date'], ['last', 'review'], ['appraisal'], ['reviewed', 'on']],
  department: [['department'], ['dept'], ['team'], ['unit']],
  monthly_salary: [['monthly', 'salary'], ['salary'], ['gross', 'pay'], ['pay']],
  office_postcode: [['office', 'postcode'], ['office', 'zip'], ['site', 'zip'], ['work', 'postcode']],
  office_city: [['office', 'city'], ['site'], ['location'], ['work', 'city']],
  booking_ref: [['booking', 'ref'], ['reservation', 'no'], ['confirmation'], ['booking', 'id']],
  guest_name: [['guest', 'name'], ['guest'], ['lead', 'guest'], ['name']],
  guest_email: [['guest', 'email'], ['email'], ['contact', 'email'], ['booker', 'email']],
  guest_phone: [['guest', 'phone'], ['phone'], ['mobile'], ['contact', 'number']],
  check_in: [['check', 'in'], ['arrival'], ['arrives'], ['from', 'date']],
  check_out: [['check', 'out'], ['departure'], ['departs'], ['to', 'date']],
  nights: [['nights'], ['stay', 'nights'], ['los'], ['night', 'count']],
  nightly_rate: [['nightly', 'rate'], ['rate'], ['room', 'rate'], ['price', 'per', 'night']],
  total_charge: [['total', 'charge'], ['total'], ['amount', 'due'], ['stay', 'total']],
  room_type: [['room', 'type'], ['room'], ['category'], ['room', 'class']],
  booked_via: [['booked', 'via'], ['channel'], ['source'], ['booking', 'channel']],
  stock_id: [['stock', 'id'], ['lot', 'no'], ['batch'], ['stock', 'ref']],
  item_sku: [['item', 'sku'], ['sku'], ['product', 'code'], ['article', 'no']],
  item_name: [['item', 'name'], ['product'], ['article'], ['item']],
  warehouse: [['warehouse'], ['depot'], ['site'], ['location']],
  on_hand: [['on', 'hand'], ['qty'], ['stock', 'qty'], ['count']],
  unit_cost: [['unit', 'cost'], ['cost', 'each'], ['cost'], ['purchase', 'price']],
  stock_value: [['stock', 'value'], ['value'], ['extended', 'cost'], ['total', 'cost']],
  received_date: [['received', 'date'], ['received'], ['goods', 'in'], ['arrived']],
  counted_date: [['counted', 'date'], ['last', 'count'], ['counted', 'on'], ['stocktake']],
  supplier_phone: [['supplier', 'phone'], ['vendor', 'phone'], ['reorder', 'line'], ['supplier', 'tel']],
};

const STYLES = ['snake', 'camel', 'pascal', 'upper'] as const;

/** FNV-1a, so a schema's names are a fixed function of its id. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function styled(words: readonly string[], style: (typeof STYLES)[number]): string {
  const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  switch (style) {
    case 'snake':
      return words.join('_');
    case 'upper':
      return words.join('_').toUpperCase();
    case 'camel':
      return words[0] + words.slice(1).map(cap).join('');
    case 'pascal':
      return words.map(cap).join('');
  }
}

/** One alias per column in one naming style, all distinct within the table: a pure function of the schema id. */
function namesFor(id: string, columns: readonly string[]): Record<string, string> {
  const style = STYLES[hash(`${id}#style`) % STYLES.length]!;
  const names: Record<string, string> = {};
  const used = new Set<string>();
  for (const column of columns) {
    const options = ALIASES[column];
    if (!options) throw new Error(`No aliases for column "${column}"`);
    const start = hash(`${id}#${column}`) % options.length;
    for (let k = 0; k < options.length; k++) {
      const name = styled(options[(start + k) % options.length]!, style);
      if (used.has(name.toLowerCase())) continue;
      names[column] = name;
      used.add(name.toLowerCase());
      break;
    }
    if (!names[column]) throw new Error(`Schema ${id}: every alias of "${column}" is taken`);
  }
  return names;
}

type Draft = [name: string, tableName: string, about: string, columns: string[]];

const DRAFTS: Readonly<Record<DomainId, readonly Draft[]>> = {
  customers: [
    ['accounts', 'customer_accounts', 'Customer accounts of a retail company, one row per account.', ['customer_id', 'customer_name', 'email', 'phone', 'signup_date', 'tier']],
    ['value', 'customer_value', 'Customer accounts with their lifetime spend, one row per account.', ['customer_id', 'customer_name', 'email', 'tier', 'lifetime_value', 'signup_date', 'last_order_date']],
    ['addresses', 'customer_addresses', 'Customer accounts with their postal area, one row per account.', ['customer_id', 'customer_name', 'email', 'postcode', 'city', 'phone']],
    ['master', 'customers', 'Customer master records of a retail company, one row per customer account.', ['customer_id', 'customer_name', 'email', 'phone', 'postcode', 'city', 'tier', 'lifetime_value']],
    ['activity', 'customer_activity', 'Recent activity of retail customers, one row per customer account.', ['customer_id', 'customer_name', 'email', 'signup_date', 'last_order_date', 'preferred_channel']],
    ['mailing', 'mailing_list', 'The marketing mailing list of a retail company, one row per subscribed customer.', ['customer_id', 'customer_name', 'email', 'postcode', 'city', 'preferred_channel']],
    ['loyalty', 'loyalty_members', 'Members of a loyalty scheme, one row per member.', ['customer_id', 'customer_name', 'phone', 'tier', 'signup_date', 'lifetime_value']],
  ],
  orders: [
    ['sales', 'orders', 'Sales orders exported from an online shop, one row per order.', ['order_no', 'customer_email', 'order_date', 'product_sku', 'product_name', 'status', 'channel']],
    ['quantities', 'order_quantities', 'Sales orders with units and prices, one row per order.', ['order_no', 'customer_email', 'order_date', 'product_sku', 'quantity', 'unit_price', 'amount']],
    ['products', 'order_products', 'Sales orders with the product bought, one row per order.', ['order_no', 'customer_email', 'order_date', 'product_sku', 'product_name', 'payment_method']],
    ['shipments', 'shipments', 'Warehouse shipments of online orders, one row per order shipped.', ['order_no', 'customer_email', 'order_date', 'ship_date', 'product_sku', 'product_name', 'status']],
    ['payments', 'order_payments', 'Payments taken for online orders, one row per order.', ['order_no', 'customer_email', 'order_date', 'product_sku', 'quantity', 'unit_price', 'amount', 'payment_method']],
    ['line-items', 'order_lines', 'Order lines of an online shop, one row per order.', ['order_no', 'customer_email', 'order_date', 'product_sku', 'product_name', 'quantity', 'unit_price', 'amount']],
    ['fulfilment', 'fulfilment_log', 'The fulfilment log of a shop: when each order was placed and shipped, and how.', ['order_no', 'customer_email', 'order_date', 'ship_date', 'product_sku', 'channel', 'status']],
  ],
  invoices: [
    ['payables', 'invoices', 'Supplier invoices received by an accounts-payable team, one row per invoice.', ['invoice_no', 'vendor_id', 'vendor_name', 'issue_date', 'amount', 'currency']],
    ['status', 'invoice_status', 'Supplier invoices and whether they are paid, one row per invoice.', ['invoice_no', 'vendor_id', 'vendor_name', 'issue_date', 'amount', 'currency', 'status']],
    ['contacts', 'invoice_contacts', 'Supplier invoices with the number to call about them, one row per invoice.', ['invoice_no', 'vendor_id', 'vendor_name', 'issue_date', 'amount', 'currency', 'contact_phone']],
    ['due-dates', 'invoice_due_dates', 'Supplier invoices with their payment due dates, one row per invoice.', ['invoice_no', 'vendor_id', 'issue_date', 'due_date', 'amount', 'currency']],
    ['aging', 'invoice_aging', 'The accounts-payable aging list: supplier invoices, their due dates and status.', ['invoice_no', 'vendor_id', 'vendor_name', 'issue_date', 'due_date', 'amount', 'currency', 'status']],
    ['vendor-contacts', 'vendor_invoices', 'Supplier invoices with due dates and vendor contact numbers, one row per invoice.', ['invoice_no', 'vendor_id', 'vendor_name', 'contact_phone', 'issue_date', 'due_date', 'amount', 'currency']],
    ['approvals', 'invoice_approvals', 'Invoices waiting for approval, with their vendor and status.', ['invoice_no', 'vendor_id', 'vendor_name', 'issue_date', 'due_date', 'status']],
  ],
  employees: [
    ['directory', 'staff_directory', 'The staff directory of a company, one row per employee.', ['employee_id', 'full_name', 'work_email', 'desk_phone', 'department', 'office_postcode', 'office_city']],
    ['payroll', 'payroll', 'The monthly payroll list, one row per employee.', ['employee_id', 'full_name', 'department', 'monthly_salary', 'hire_date']],
    ['reviews', 'performance_reviews', 'Performance review dates of employees, one row per employee.', ['employee_id', 'full_name', 'work_email', 'hire_date', 'review_date', 'department']],
    ['offices', 'office_assignments', 'Which office each employee works from, one row per employee.', ['employee_id', 'full_name', 'office_postcode', 'office_city', 'desk_phone', 'department']],
    ['onboarding', 'new_hires', 'Recent hires and their contact details, one row per employee.', ['employee_id', 'full_name', 'work_email', 'desk_phone', 'hire_date', 'monthly_salary']],
    ['headcount', 'headcount', 'Headcount by department with salaries, one row per employee.', ['employee_id', 'full_name', 'department', 'monthly_salary', 'office_postcode', 'office_city', 'review_date', 'hire_date']],
    ['contacts', 'staff_contacts', 'Contact sheet of the staff, one row per employee.', ['employee_id', 'full_name', 'work_email', 'desk_phone', 'department']],
  ],
  bookings: [
    ['reservations', 'reservations', 'Hotel reservations, one row per booking.', ['booking_ref', 'guest_name', 'guest_email', 'check_in', 'check_out', 'room_type']],
    ['charges', 'booking_charges', 'What each hotel stay costs, one row per booking.', ['booking_ref', 'guest_name', 'nights', 'nightly_rate', 'total_charge', 'room_type']],
    ['stays', 'stays', 'Hotel stays with dates and charges, one row per booking.', ['booking_ref', 'guest_email', 'check_in', 'check_out', 'nights', 'nightly_rate', 'total_charge']],
    ['guests', 'guest_contacts', 'Contact details of hotel guests, one row per booking.', ['booking_ref', 'guest_name', 'guest_email', 'guest_phone', 'check_in', 'booked_via']],
    ['channels', 'booking_channels', 'Bookings by the channel they came through, one row per booking.', ['booking_ref', 'guest_name', 'check_in', 'booked_via', 'room_type', 'nightly_rate']],
    ['folio', 'guest_folio', 'The front-desk folio: guest, stay and charge, one row per booking.', ['booking_ref', 'guest_name', 'guest_phone', 'check_in', 'check_out', 'nights', 'nightly_rate', 'total_charge']],
    ['arrivals', 'arrivals_list', 'Expected arrivals of a hotel, one row per booking.', ['booking_ref', 'guest_name', 'guest_phone', 'check_in', 'check_out', 'room_type', 'booked_via']],
  ],
  inventory: [
    ['stock', 'stock_levels', 'Stock on hand per lot, one row per stock lot.', ['stock_id', 'item_sku', 'item_name', 'warehouse', 'on_hand', 'received_date']],
    ['valuation', 'stock_valuation', 'Stock valuation at cost, one row per stock lot.', ['stock_id', 'item_sku', 'warehouse', 'on_hand', 'unit_cost', 'stock_value', 'received_date']],
    ['counts', 'stock_counts', 'The latest stock counts, one row per stock lot.', ['stock_id', 'item_sku', 'item_name', 'warehouse', 'received_date', 'counted_date', 'on_hand']],
    ['suppliers', 'reorder_contacts', 'Stock lots with the supplier line to reorder from.', ['stock_id', 'item_sku', 'item_name', 'warehouse', 'received_date', 'supplier_phone']],
    ['receiving', 'goods_received', 'Goods received at the warehouses, one row per stock lot.', ['stock_id', 'item_sku', 'warehouse', 'received_date', 'on_hand', 'unit_cost']],
    ['audit', 'stock_audit', 'A stock audit sheet: lots, counts and values.', ['stock_id', 'item_sku', 'item_name', 'warehouse', 'on_hand', 'unit_cost', 'stock_value', 'received_date']],
    ['lots', 'stock_lots', 'Stock lots by warehouse with their count dates.', ['stock_id', 'item_sku', 'warehouse', 'received_date', 'counted_date', 'supplier_phone']],
  ],
};

export const TABLE_SCHEMAS: readonly TableSchema[] = (Object.entries(DRAFTS) as [DomainId, readonly Draft[]][]).flatMap(([domain, drafts]) =>
  drafts.map(([name, tableName, about, columns]) => {
    const id = `${domain}/${name}`;
    return { id, domain, tableName, about, columns, names: namesFor(id, columns) };
  }),
);

export const SCHEMA_IDS: readonly string[] = TABLE_SCHEMAS.map((s) => s.id);

export function schemaById(id: string): TableSchema {
  const schema = TABLE_SCHEMAS.find((s) => s.id === id);
  if (!schema) throw new Error(`Unknown table schema "${id}"; the schemas are ${SCHEMA_IDS.join(', ')}`);
  return schema;
}
