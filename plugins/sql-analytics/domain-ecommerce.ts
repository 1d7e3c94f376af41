// The e-commerce domain: customers, products, orders, order items and refunds, with five question templates.
import type { Rng } from 'openenv-ts';
import type { Domain, QuestionTemplate } from './domain-contract.js';
import { cents, dayOf, dayOfIso, isoDate, isoDateTime, monthKey, MONTH_NAMES, nextMonthStart, personName, quarterRange, toRows } from './data-helpers.js';
import type { TableData } from './types.js';

interface Customer { customer_id: number; name: string; email: string; region: string | null; signup_date: string }
interface Product { product_id: number; name: string; category: string; list_price: number }
interface Order { order_id: number; customer_id: number; ordered_at: string; status: string }
interface OrderItem { order_item_id: number; order_id: number; product_id: number; quantity: number; unit_price: number; discount: number | null }
interface Refund { refund_id: number; order_id: number; amount: number; refunded_at: string; reason: string | null }

export interface EcommerceData {
  customers: Customer[];
  products: Product[];
  orders: Order[];
  items: OrderItem[];
  refunds: Refund[];
}

const REGIONS = ['North', 'South', 'East', 'West', 'Central'];
const CATALOG: Record<string, { nouns: string[]; price: [number, number] }> = {
  Electronics: { nouns: ['Headphones', 'Charger', 'Speaker', 'Webcam', 'Keyboard', 'Monitor', 'Mouse'], price: [15, 400] },
  Home: { nouns: ['Lamp', 'Blanket', 'Vase', 'Kettle', 'Mug', 'Rug', 'Clock'], price: [8, 150] },
  Garden: { nouns: ['Hose', 'Planter', 'Shears', 'Lantern', 'Bench', 'Seed Kit', 'Trowel'], price: [5, 200] },
  Toys: { nouns: ['Puzzle', 'Robot', 'Kite', 'Board Game', 'Plush Bear', 'Blocks', 'Yo-yo'], price: [5, 80] },
  Books: { nouns: ['Cookbook', 'Atlas', 'Novel', 'Field Guide', 'Journal', 'Comic', 'Poetry'], price: [6, 45] },
  Sports: { nouns: ['Yoga Mat', 'Dumbbell', 'Racket', 'Helmet', 'Bottle', 'Jump Rope', 'Gloves'], price: [5, 120] },
};
const ADJECTIVES = ['Classic', 'Deluxe', 'Compact', 'Eco', 'Pro', 'Mini', 'Smart', 'Vintage'];
const FIRST_DAY = dayOf(2023, 1, 1);
const LAST_DAY = dayOf(2024, 12, 31);
// Quarter starts inside the order period: orders cluster around these to test date-range edges.
const QUARTER_STARTS = ['2023-04-01', '2023-07-01', '2023-10-01', '2024-01-01', '2024-04-01', '2024-07-01', '2024-10-01'].map(dayOfIso);

/** The gross value of one order item; a NULL discount means none. Shared by every revenue question. */
const ITEM_VALUE = 'oi.quantity * oi.unit_price * (1 - COALESCE(oi.discount, 0))';

function generate(rng: Rng, scale: number): EcommerceData {
  const rc = rng.fork('customers');
  const customers: Customer[] = [];
  const customerCount = Math.round(300 * scale);
  for (let id = 1; id <= customerCount; id++) {
    const [first, last] = personName(rc);
    customers.push({
      customer_id: id,
      name: `${first} ${last}`,
      email: `${first}.${last}${id}@example.com`.toLowerCase(),
      region: rc.chance(0.06) ? null : rc.weighted(REGIONS, [3, 2, 2, 2, 1]),
      signup_date: isoDate(rc.int(dayOf(2022, 3, 1), dayOf(2024, 10, 31))),
    });
  }

  const rp = rng.fork('products');
  const categories = Object.keys(CATALOG);
  const productCount = Math.max(24, Math.round(48 * scale));
  const products: Product[] = [];
  const usedNames = new Set<string>();
  for (let id = 1; id <= productCount; id++) {
    // Round-robin over the first products so every category has several.
    const category = id <= categories.length * 3 ? categories[(id - 1) % categories.length]! : rp.pick(categories);
    const spec = CATALOG[category]!;
    let name = '';
    do name = `${rp.pick(ADJECTIVES)} ${rp.pick(spec.nouns)}`; while (usedNames.has(name));
    usedNames.add(name);
    products.push({ product_id: id, name, category, list_price: cents(rp.float(spec.price[0], spec.price[1])) });
  }

  const ro = rng.fork('orders');
  const drafts: { customer_id: number; day: number; second: number; status: string; key: number }[] = [];
  for (const customer of customers) {
    const count = ro.weighted([0, 1, 2, 3, 4, 5, 6, 8, 10], [8, 14, 16, 16, 14, 12, 9, 6, 5]);
    const low = Math.max(FIRST_DAY, dayOfIso(customer.signup_date));
    let previous: { day: number; second: number } | null = null;
    for (let j = 0; j < count; j++) {
      let day = ro.int(low, LAST_DAY);
      let second = ro.int(7 * 3600, 23 * 3600);
      const edges = QUARTER_STARTS.filter((d) => d - 1 >= low);
      if (edges.length > 0 && ro.chance(0.08)) {
        const edge = ro.pick(edges);
        if (ro.chance(0.5)) [day, second] = [edge - 1, ro.int(22 * 3600, 86_399)];
        else [day, second] = [edge, ro.int(0, 3600)];
      }
      // Two orders of one customer at the same second: "first order" needs its tie-break.
      if (previous && ro.chance(0.05)) ({ day, second } = previous);
      previous = { day, second };
      drafts.push({ customer_id: customer.customer_id, day, second, status: ro.weighted(['delivered', 'shipped', 'cancelled'], [85, 6, 9]), key: ro.next() });
    }
  }
  drafts.sort((a, b) => a.day - b.day || a.second - b.second || a.key - b.key);
  const orders: Order[] = drafts.map((d, i) => ({ order_id: i + 1, customer_id: d.customer_id, ordered_at: isoDateTime(d.day, d.second), status: d.status }));

  const ri = rng.fork('items');
  const items: OrderItem[] = [];
  const refundsDraft: Omit<Refund, 'refund_id'>[] = [];
  const rr = rng.fork('refunds');
  for (const order of orders) {
    let gross = 0;
    for (const product of ri.sample(products, ri.weighted([1, 2, 3, 4], [35, 30, 20, 15]))) {
      const quantity = ri.weighted([1, 2, 3, 4, 5], [50, 25, 12, 8, 5]);
      const unitPrice = cents(product.list_price * ri.pick([1, 1, 1, 1, 0.9, 0.85, 1.05]));
      const discount = ri.chance(0.65) ? null : ri.pick([0, 0.05, 0.1, 0.15, 0.2]);
      gross += quantity * unitPrice * (1 - (discount ?? 0));
      items.push({ order_item_id: items.length + 1, order_id: order.order_id, product_id: product.product_id, quantity, unit_price: unitPrice, discount });
    }
    const orderDay = dayOfIso(order.ordered_at);
    const reason = () => rr.pick(['damaged', 'late delivery', 'wrong item', 'changed mind', null]);
    if (order.status === 'cancelled') {
      // A charged order that was cancelled is refunded in full.
      if (rr.chance(0.3)) refundsDraft.push({ order_id: order.order_id, amount: cents(gross), refunded_at: isoDateTime(orderDay + rr.int(0, 3), rr.int(8 * 3600, 18 * 3600)), reason: 'cancelled' });
    } else if (rr.chance(0.11)) {
      const total = cents(gross * rr.float(0.15, 1));
      const firstDay = orderDay + rr.int(2, 40);
      if (rr.chance(0.25)) {
        const part = cents(total * rr.float(0.3, 0.7));
        refundsDraft.push({ order_id: order.order_id, amount: part, refunded_at: isoDateTime(firstDay, rr.int(8 * 3600, 18 * 3600)), reason: reason() });
        refundsDraft.push({ order_id: order.order_id, amount: cents(total - part), refunded_at: isoDateTime(firstDay + rr.int(1, 20), rr.int(8 * 3600, 18 * 3600)), reason: reason() });
      } else {
        refundsDraft.push({ order_id: order.order_id, amount: total, refunded_at: isoDateTime(firstDay, rr.int(8 * 3600, 18 * 3600)), reason: reason() });
      }
    }
  }
  refundsDraft.sort((a, b) => (a.refunded_at < b.refunded_at ? -1 : a.refunded_at > b.refunded_at ? 1 : a.order_id - b.order_id));
  const refunds = refundsDraft.map((r, i) => ({ refund_id: i + 1, ...r }));
  return { customers, products, orders, items, refunds };
}

function tables(data: EcommerceData): TableData[] {
  return [
    {
      name: 'customers',
      description: 'One row per customer account. Several customers can share a name.',
      columns: [
        { name: 'customer_id', type: 'INTEGER', nullable: false, primaryKey: true, description: 'Customer id' },
        { name: 'name', type: 'TEXT', nullable: false, description: 'Full name (not unique)' },
        { name: 'email', type: 'TEXT', nullable: false, description: 'Email address' },
        { name: 'region', type: 'TEXT', nullable: true, description: 'Sales region; NULL when unknown' },
        { name: 'signup_date', type: 'TEXT', nullable: false, description: "Sign-up date 'YYYY-MM-DD'" },
      ],
      rows: toRows(data.customers, ['customer_id', 'name', 'email', 'region', 'signup_date']),
    },
    {
      name: 'products',
      description: 'Product catalogue.',
      columns: [
        { name: 'product_id', type: 'INTEGER', nullable: false, primaryKey: true, description: 'Product id' },
        { name: 'name', type: 'TEXT', nullable: false, description: 'Product name' },
        { name: 'category', type: 'TEXT', nullable: false, description: 'Product category' },
        { name: 'list_price', type: 'REAL', nullable: false, description: 'Current list price in USD (orders store their own price)' },
      ],
      rows: toRows(data.products, ['product_id', 'name', 'category', 'list_price']),
    },
    {
      name: 'orders',
      description: 'One row per order. status is delivered, shipped or cancelled.',
      columns: [
        { name: 'order_id', type: 'INTEGER', nullable: false, primaryKey: true, description: 'Order id' },
        { name: 'customer_id', type: 'INTEGER', nullable: false, references: 'customers.customer_id', description: 'Who ordered' },
        { name: 'ordered_at', type: 'TEXT', nullable: false, description: "When the order was placed, 'YYYY-MM-DD HH:MM:SS'" },
        { name: 'status', type: 'TEXT', nullable: false, description: "'delivered', 'shipped' or 'cancelled'" },
      ],
      rows: toRows(data.orders, ['order_id', 'customer_id', 'ordered_at', 'status']),
      indexes: ['customer_id'],
    },
    {
      name: 'order_items',
      description: 'Lines of an order: one product with its quantity and the price charged.',
      columns: [
        { name: 'order_item_id', type: 'INTEGER', nullable: false, primaryKey: true, description: 'Line id' },
        { name: 'order_id', type: 'INTEGER', nullable: false, references: 'orders.order_id', description: 'Order of this line' },
        { name: 'product_id', type: 'INTEGER', nullable: false, references: 'products.product_id', description: 'Product sold' },
        { name: 'quantity', type: 'INTEGER', nullable: false, description: 'Units' },
        { name: 'unit_price', type: 'REAL', nullable: false, description: 'Price per unit charged on this order, USD' },
        { name: 'discount', type: 'REAL', nullable: true, description: 'Fraction taken off the line (0.1 = 10%); NULL means no discount' },
      ],
      rows: toRows(data.items, ['order_item_id', 'order_id', 'product_id', 'quantity', 'unit_price', 'discount']),
      indexes: ['order_id', 'product_id'],
    },
    {
      name: 'refunds',
      description: 'Money returned to customers; an order can have several partial refunds.',
      columns: [
        { name: 'refund_id', type: 'INTEGER', nullable: false, primaryKey: true, description: 'Refund id' },
        { name: 'order_id', type: 'INTEGER', nullable: false, references: 'orders.order_id', description: 'Refunded order' },
        { name: 'amount', type: 'REAL', nullable: false, description: 'Amount refunded, USD' },
        { name: 'refunded_at', type: 'TEXT', nullable: false, description: "When the refund was issued, 'YYYY-MM-DD HH:MM:SS'" },
        { name: 'reason', type: 'TEXT', nullable: true, description: 'Reason given; NULL when none' },
      ],
      rows: toRows(data.refunds, ['refund_id', 'order_id', 'amount', 'refunded_at', 'reason']),
      indexes: ['order_id'],
    },
  ];
}

const netRevenueByRegion: QuestionTemplate<EcommerceData> = {
  id: 'ecommerce.net_revenue_by_region',
  summary: 'Net revenue per region in a quarter after refunds, highest first',
  skills: 'three joins, pre-aggregating refunds to avoid fan-out, quarter bounds on a timestamp, NULL region',
  build(rng) {
    const year = rng.pick([2023, 2024]);
    const quarter = rng.int(1, 4);
    const { start, end } = quarterRange(year, quarter);
    return {
      text:
        `What was the net revenue per customer region for orders placed in Q${quarter} ${year} ` +
        `(${MONTH_NAMES[quarter * 3 - 3]} through ${MONTH_NAMES[quarter * 3 - 1]} ${year})? ` +
        'The net revenue of an order is the sum over its lines of quantity * unit_price * (1 - discount) (a NULL discount means no discount), ' +
        'minus every refund recorded for that order, whenever it was issued. Leave out cancelled orders. ' +
        "Customers without a region count as region 'Unknown'. " +
        'Return one row per region that has at least one such order, with columns region, net_revenue (rounded to 2 decimals), ' +
        'ordered by net_revenue descending, then region ascending.',
      columns: ['region', 'net_revenue'],
      ordered: true,
      goldTables: ['orders', 'customers', 'order_items', 'refunds'],
      goldSql: `WITH order_gross AS (
  SELECT o.order_id, c.region, SUM(${ITEM_VALUE}) AS gross
  FROM orders o
  JOIN customers c ON c.customer_id = o.customer_id
  JOIN order_items oi ON oi.order_id = o.order_id
  WHERE o.status <> 'cancelled' AND o.ordered_at >= '${start}' AND o.ordered_at < '${end}'
  GROUP BY o.order_id, c.region
),
order_refunds AS (
  SELECT order_id, SUM(amount) AS refunded FROM refunds GROUP BY order_id
)
SELECT COALESCE(g.region, 'Unknown') AS region, ROUND(SUM(g.gross - COALESCE(r.refunded, 0)), 2) AS net_revenue
FROM order_gross g
LEFT JOIN order_refunds r ON r.order_id = g.order_id
GROUP BY COALESCE(g.region, 'Unknown')
ORDER BY net_revenue DESC, region ASC`,
    };
  },
};

const firstOrderProblem: QuestionTemplate<EcommerceData> = {
  id: 'ecommerce.first_order_problem',
  summary: 'Customers whose first order was refunded (or cancelled)',
  skills: 'window function or correlated subquery for "first", tie-break on equal timestamps, filter after ranking',
  build(rng) {
    const firstOrders = `WITH ranked AS (
  SELECT o.order_id, o.customer_id, o.ordered_at, o.status,
         ROW_NUMBER() OVER (PARTITION BY o.customer_id ORDER BY o.ordered_at, o.order_id) AS rn
  FROM orders o
),
first_orders AS (
  SELECT customer_id, order_id, ordered_at, status FROM ranked WHERE rn = 1
)`;
    const definition =
      "A customer's first order is their order with the earliest ordered_at, whatever its status; when two orders have the same ordered_at, the one with the lower order_id comes first. ";
    if (rng.chance(0.5)) {
      return {
        text:
          definition +
          'List the customers whose first order has at least one refund. ' +
          'Columns: customer_id, customer_name, first_order_id, refunded_amount (the total refunded on that first order, rounded to 2 decimals). Any row order.',
        columns: ['customer_id', 'customer_name', 'first_order_id', 'refunded_amount'],
        ordered: false,
        goldTables: ['orders', 'customers', 'refunds'],
        goldSql: `${firstOrders}
SELECT c.customer_id, c.name AS customer_name, f.order_id AS first_order_id, ROUND(SUM(r.amount), 2) AS refunded_amount
FROM first_orders f
JOIN customers c ON c.customer_id = f.customer_id
JOIN refunds r ON r.order_id = f.order_id
GROUP BY c.customer_id, c.name, f.order_id`,
      };
    }
    return {
      text:
        definition +
        "List the customers whose first order was cancelled (status 'cancelled'). " +
        'Columns: customer_id, customer_name, first_order_id, first_ordered_at (the ordered_at of that order). Order by customer_id ascending.',
      columns: ['customer_id', 'customer_name', 'first_order_id', 'first_ordered_at'],
      ordered: true,
      goldTables: ['orders', 'customers'],
      goldSql: `${firstOrders}
SELECT c.customer_id, c.name AS customer_name, f.order_id AS first_order_id, f.ordered_at AS first_ordered_at
FROM first_orders f
JOIN customers c ON c.customer_id = f.customer_id
WHERE f.status = 'cancelled'
ORDER BY c.customer_id`,
    };
  },
};

const topProductPerCategory: QuestionTemplate<EcommerceData> = {
  id: 'ecommerce.top_product_per_category',
  summary: 'Top product per category by units sold in a period, ties broken by product id',
  skills: 'aggregation then ROW_NUMBER per partition with a two-key order, period bounds on a timestamp',
  build(rng) {
    const year = rng.pick([2023, 2024]);
    const byQuarter = rng.chance(0.5);
    const quarter = rng.int(1, 4);
    const { start, end } = byQuarter ? quarterRange(year, quarter) : { start: `${year}-01-01`, end: `${year + 1}-01-01` };
    const period = byQuarter ? `Q${quarter} ${year} (${MONTH_NAMES[quarter * 3 - 3]} through ${MONTH_NAMES[quarter * 3 - 1]})` : `the year ${year}`;
    return {
      text:
        `For each product category, which product sold the most units in orders placed in ${period}? Leave out cancelled orders; ` +
        'units are the sum of quantity. When two products of a category sold the same number of units, the lower product_id wins. ' +
        'Return one row per category that sold anything in the period: category, product_id, product_name, units; ordered by category ascending.',
      columns: ['category', 'product_id', 'product_name', 'units'],
      ordered: true,
      goldTables: ['order_items', 'orders', 'products'],
      goldSql: `WITH units AS (
  SELECT p.category, p.product_id, p.name AS product_name, SUM(oi.quantity) AS units
  FROM order_items oi
  JOIN orders o ON o.order_id = oi.order_id
  JOIN products p ON p.product_id = oi.product_id
  WHERE o.status <> 'cancelled' AND o.ordered_at >= '${start}' AND o.ordered_at < '${end}'
  GROUP BY p.category, p.product_id, p.name
),
ranked AS (
  SELECT u.*, ROW_NUMBER() OVER (PARTITION BY u.category ORDER BY u.units DESC, u.product_id ASC) AS rn
  FROM units u
)
SELECT category, product_id, product_name, units FROM ranked WHERE rn = 1 ORDER BY category`,
    };
  },
};

const monthlyGrowth: QuestionTemplate<EcommerceData> = {
  id: 'ecommerce.monthly_revenue_growth',
  summary: 'Month-over-month gross revenue growth over six months',
  skills: 'monthly bucketing of timestamps, LAG window computed inside the range only, rounding rules',
  build(rng) {
    const offset = rng.int(2, 19); // first month 2023-02 .. 2024-07, so the month before it has data too
    const first = monthKey(2023, offset);
    const last = monthKey(2023, offset + 5);
    const start = `${first}-01`;
    const end = isoDate(nextMonthStart(last));
    return {
      text:
        `For each month from ${first} to ${last}, what was the gross revenue and its growth over the previous month? ` +
        'Gross revenue of a month is the sum of quantity * unit_price * (1 - discount) over the lines of orders placed in that calendar month ' +
        '(a NULL discount means no discount; leave out cancelled orders; ignore refunds). ' +
        'growth_pct = 100 * (revenue - previous month revenue) / previous month revenue, computed from unrounded revenues and rounded to 1 decimal; ' +
        `it is NULL for ${first}, the first month of the range. ` +
        "Columns: month ('YYYY-MM'), revenue (rounded to 2 decimals), growth_pct; one row per month, ordered by month ascending.",
      columns: ['month', 'revenue', 'growth_pct'],
      ordered: true,
      goldTables: ['orders', 'order_items'],
      goldSql: `WITH monthly AS (
  SELECT substr(o.ordered_at, 1, 7) AS month, SUM(${ITEM_VALUE}) AS month_revenue
  FROM orders o
  JOIN order_items oi ON oi.order_id = o.order_id
  WHERE o.status <> 'cancelled' AND o.ordered_at >= '${start}' AND o.ordered_at < '${end}'
  GROUP BY substr(o.ordered_at, 1, 7)
)
SELECT month, ROUND(month_revenue, 2) AS revenue,
       ROUND(100.0 * (month_revenue - LAG(month_revenue) OVER (ORDER BY month)) / LAG(month_revenue) OVER (ORDER BY month), 1) AS growth_pct
FROM monthly
ORDER BY month`,
    };
  },
};

const regionalRepeatCustomers: QuestionTemplate<EcommerceData> = {
  id: 'ecommerce.repeat_customers_in_region',
  summary: 'Repeat customers of one region in a year with their average order value',
  skills: 'order totals before averaging (not per line), grouping by id not by a duplicated name, HAVING',
  build(rng, data) {
    const year = rng.pick([2023, 2024]);
    const region = rng.pick(REGIONS);
    const regionOf = new Map(data.customers.map((c) => [c.customer_id, c.region]));
    const counts = new Map<number, number>();
    for (const o of data.orders) {
      if (o.status === 'cancelled' || !o.ordered_at.startsWith(String(year)) || regionOf.get(o.customer_id) !== region) continue;
      counts.set(o.customer_id, (counts.get(o.customer_id) ?? 0) + 1);
    }
    // The strictest threshold that still leaves at least two customers (a non-empty answer).
    const minOrders = [4, 3, 2].find((k) => [...counts.values()].filter((n) => n >= k).length >= 2) ?? 1;
    return {
      text:
        `Which customers in region '${region}' placed at least ${minOrders} orders in ${year} (ordered_at in ${year}, cancelled orders left out)? ` +
        "An order's value is the sum over its lines of quantity * unit_price * (1 - discount) (a NULL discount means no discount; ignore refunds). " +
        'Return customer_id, customer_name, orders (the number of such orders), avg_order_value (the average value of those orders, rounded to 2 decimals), ' +
        'ordered by orders descending, then customer_id ascending.',
      columns: ['customer_id', 'customer_name', 'orders', 'avg_order_value'],
      ordered: true,
      goldTables: ['customers', 'orders', 'order_items'],
      goldSql: `WITH order_totals AS (
  SELECT o.order_id, o.customer_id, SUM(${ITEM_VALUE}) AS total
  FROM orders o
  JOIN order_items oi ON oi.order_id = o.order_id
  WHERE o.status <> 'cancelled' AND o.ordered_at >= '${year}-01-01' AND o.ordered_at < '${year + 1}-01-01'
  GROUP BY o.order_id, o.customer_id
)
SELECT c.customer_id, c.name AS customer_name, COUNT(*) AS orders, ROUND(AVG(t.total), 2) AS avg_order_value
FROM customers c
JOIN order_totals t ON t.customer_id = c.customer_id
WHERE c.region = '${region}'
GROUP BY c.customer_id, c.name
HAVING COUNT(*) >= ${minOrders}
ORDER BY orders DESC, c.customer_id ASC`,
    };
  },
};

export const ecommerceDomain: Domain<EcommerceData> = {
  id: 'ecommerce',
  title: 'Online shop (customers, products, orders, order items, refunds)',
  generate,
  tables,
  templates: [netRevenueByRegion, firstOrderProblem, topProductPerCategory, monthlyGrowth, regionalRepeatCustomers],
};
