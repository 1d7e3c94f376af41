// The table schemas a scenario can use: the plugin's generator families, "domain/name", each a fixed table and column set.
import type { DomainId } from './types.js';

export interface TableSchema {
  /** Family id "domain/name": the framework deals schemas to splits within each domain. */
  readonly id: string;
  readonly domain: DomainId;
  readonly tableName: string;
  /** One sentence on what the table holds, for the prompt. */
  readonly about: string;
  /**
   * The columns shown (display order comes from the domain). Always the domain's key column; a lookup column
   * always with the column it reads, and an invoice amount always with its currency (its decimals depend on it).
   */
  readonly columns: readonly string[];
}

const CUSTOMER_CORE = ['customer_name', 'email', 'phone', 'signup_date', 'tier'];
const ORDER_CORE = ['order_no', 'customer_email', 'order_date', 'amount', 'status', 'channel'];
const INVOICE_CORE = ['invoice_no', 'vendor_id', 'vendor_name', 'issue_date', 'amount', 'currency'];

// Six per domain, so that each domain has schemas in train (3), validation (1) and test (2); 5 to 8 columns
// each (6 to 9 counting row_id), which keeps the prompt short and the reference solver inside maxSteps.
export const TABLE_SCHEMAS: readonly TableSchema[] = [
  { id: 'customers/accounts', domain: 'customers', tableName: 'customer_accounts', about: 'Customer accounts of a retail company, one row per account.', columns: CUSTOMER_CORE },
  { id: 'customers/value', domain: 'customers', tableName: 'customer_value', about: 'Customer accounts with their lifetime spend, one row per account.', columns: [...CUSTOMER_CORE, 'lifetime_value'] },
  { id: 'customers/addresses', domain: 'customers', tableName: 'customer_addresses', about: 'Customer accounts with their postal area, one row per account.', columns: [...CUSTOMER_CORE, 'postcode', 'city'] },
  { id: 'customers/master', domain: 'customers', tableName: 'customers', about: 'Customer master records of a retail company, one row per customer account.', columns: [...CUSTOMER_CORE, 'postcode', 'city', 'lifetime_value'] },
  { id: 'customers/activity', domain: 'customers', tableName: 'customer_activity', about: 'Recent activity of retail customers, one row per customer account.', columns: ['customer_name', 'email', 'tier', 'last_order_date', 'lifetime_value', 'preferred_channel'] },
  { id: 'customers/mailing', domain: 'customers', tableName: 'mailing_list', about: 'The marketing mailing list of a retail company, one row per subscribed customer.', columns: ['customer_name', 'email', 'phone', 'signup_date', 'postcode', 'city', 'preferred_channel'] },
  { id: 'orders/sales', domain: 'orders', tableName: 'orders', about: 'Sales orders exported from an online shop, one row per order.', columns: ORDER_CORE },
  { id: 'orders/quantities', domain: 'orders', tableName: 'order_quantities', about: 'Sales orders with the number of units ordered, one row per order.', columns: [...ORDER_CORE, 'quantity'] },
  { id: 'orders/products', domain: 'orders', tableName: 'order_products', about: 'Sales orders with the product bought, one row per order.', columns: [...ORDER_CORE, 'product_sku', 'product_name'] },
  { id: 'orders/shipments', domain: 'orders', tableName: 'shipments', about: 'Warehouse shipments of online orders, one row per order shipped.', columns: ['order_no', 'order_date', 'ship_date', 'product_sku', 'product_name', 'quantity', 'status'] },
  { id: 'orders/payments', domain: 'orders', tableName: 'order_payments', about: 'Payments taken for online orders, one row per order.', columns: [...ORDER_CORE, 'payment_method'] },
  { id: 'orders/line-items', domain: 'orders', tableName: 'order_lines', about: 'Order lines of an online shop, one row per order.', columns: ['order_no', 'product_sku', 'product_name', 'quantity', 'amount', 'payment_method'] },
  { id: 'invoices/payables', domain: 'invoices', tableName: 'invoices', about: 'Supplier invoices received by an accounts-payable team, one row per invoice.', columns: INVOICE_CORE },
  { id: 'invoices/status', domain: 'invoices', tableName: 'invoice_status', about: 'Supplier invoices and whether they are paid, one row per invoice.', columns: [...INVOICE_CORE, 'status'] },
  { id: 'invoices/contacts', domain: 'invoices', tableName: 'invoice_contacts', about: 'Supplier invoices with the number to call about them, one row per invoice.', columns: [...INVOICE_CORE, 'contact_phone'] },
  { id: 'invoices/due-dates', domain: 'invoices', tableName: 'invoice_due_dates', about: 'Supplier invoices with their payment due dates, one row per invoice.', columns: [...INVOICE_CORE, 'due_date'] },
  { id: 'invoices/aging', domain: 'invoices', tableName: 'invoice_aging', about: 'The accounts-payable aging list: supplier invoices, their due dates and status, one row per invoice.', columns: [...INVOICE_CORE, 'due_date', 'status'] },
  { id: 'invoices/vendor-contacts', domain: 'invoices', tableName: 'vendor_invoices', about: 'Supplier invoices with due dates and vendor contact numbers, one row per invoice.', columns: [...INVOICE_CORE, 'contact_phone', 'due_date'] },
];

export const SCHEMA_IDS: readonly string[] = TABLE_SCHEMAS.map((s) => s.id);

export function schemaById(id: string): TableSchema {
  const schema = TABLE_SCHEMAS.find((s) => s.id === id);
  if (!schema) throw new Error(`Unknown table schema "${id}"; the schemas are ${SCHEMA_IDS.join(', ')}`);
  return schema;
}
