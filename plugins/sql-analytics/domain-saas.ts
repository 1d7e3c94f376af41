// The SaaS domain: plans, accounts, subscriptions, invoices and usage events, with five question templates.
import type { Rng } from 'openenv-ts';
import type { Domain, QuestionTemplate } from './domain-contract.js';
import { addMonths, cents, dayOf, dayOfIso, isoDate, monthKey, MONTH_NAMES, nextMonthStart, toRows } from './data-helpers.js';
import type { TableData } from './types.js';

interface Plan { plan_id: number; name: string; monthly_price: number; is_legacy: number }
interface Account { account_id: number; company_name: string; country: string; industry: string | null; created_on: string }
interface Subscription { subscription_id: number; account_id: number; plan_id: number; started_on: string; ended_on: string | null }
interface Invoice { invoice_id: number; subscription_id: number; issued_on: string; due_on: string; amount: number; status: string; paid_on: string | null }
interface UsageEvent { usage_id: number; account_id: number; used_on: string; feature: string; quantity: number }

export interface SaasData {
  plans: Plan[];
  accounts: Account[];
  subscriptions: Subscription[];
  invoices: Invoice[];
  usage: UsageEvent[];
}

// Two plans share the name "Team" (a legacy price point): answers must group by plan_id.
const PLANS: Plan[] = [
  { plan_id: 1, name: 'Starter', monthly_price: 29, is_legacy: 0 },
  { plan_id: 2, name: 'Team', monthly_price: 99, is_legacy: 0 },
  { plan_id: 3, name: 'Business', monthly_price: 299, is_legacy: 0 },
  { plan_id: 4, name: 'Enterprise', monthly_price: 1200, is_legacy: 0 },
  { plan_id: 5, name: 'Team', monthly_price: 79, is_legacy: 1 },
];
const PREFIXES = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Hooli', 'Vandelay', 'Soylent', 'Tyrell', 'Cyberdyne', 'Wonka', 'Pied Piper', 'Aperture', 'Gringotts', 'Oscorp', 'Massive', 'Nakatomi', 'Dunder', 'Sterling'];
const SUFFIXES = ['Labs', 'Inc', 'Systems', 'Group', 'Analytics', 'Partners', 'Co', 'Logistics'];
const COUNTRIES = ['US', 'DE', 'FR', 'GB', 'IN', 'BR', 'JP', 'CA'];
const INDUSTRIES = ['Retail', 'Healthcare', 'Finance', 'Education', 'Manufacturing', 'Media', 'Logistics'];
const FEATURES = ['api_calls', 'exports', 'dashboards', 'seats_added'];
const DATA_END = dayOf(2024, 12, 31);

function generate(rng: Rng, scale: number): SaasData {
  const ra = rng.fork('accounts');
  const accounts: Account[] = [];
  const accountCount = Math.round(220 * scale);
  for (let id = 1; id <= accountCount; id++) {
    accounts.push({
      account_id: id,
      company_name: `${ra.pick(PREFIXES)} ${ra.pick(SUFFIXES)}`,
      country: ra.pick(COUNTRIES),
      industry: ra.chance(0.1) ? null : ra.pick(INDUSTRIES),
      created_on: isoDate(ra.int(dayOf(2022, 1, 1), dayOf(2024, 10, 31))),
    });
  }

  const rs = rng.fork('subscriptions');
  const subsDraft: Omit<Subscription, 'subscription_id'>[] = [];
  const accountEnd = new Map<number, number>();
  for (const account of accounts) {
    let start = dayOfIso(account.created_on);
    let plan = rs.weighted([1, 2, 3, 4], [40, 35, 18, 7]);
    for (let n = 0; n < 4; n++) {
      if (plan === 2 && start < dayOf(2023, 1, 1) && rs.chance(0.5)) plan = 5;
      const end = start + rs.int(60, 540);
      if (end > DATA_END || n === 3) {
        subsDraft.push({ account_id: account.account_id, plan_id: plan, started_on: isoDate(start), ended_on: null });
        accountEnd.set(account.account_id, DATA_END);
        break;
      }
      subsDraft.push({ account_id: account.account_id, plan_id: plan, started_on: isoDate(start), ended_on: isoDate(end) });
      accountEnd.set(account.account_id, end);
      if (rs.chance(0.3)) break; // churned
      // Plan changes usually start the day the old subscription ends: the as-of-date edge case.
      start = rs.chance(0.8) ? end : end + rs.int(1, 10);
      if (start > DATA_END) break;
      const next = rs.weighted([1, 2, 3, 4], [20, 35, 30, 15]);
      plan = next === plan ? (plan % 4) + 1 : next;
    }
  }
  subsDraft.sort((a, b) => (a.started_on < b.started_on ? -1 : a.started_on > b.started_on ? 1 : a.account_id - b.account_id));
  const subscriptions = subsDraft.map((s, i) => ({ subscription_id: i + 1, ...s }));

  const ri = rng.fork('invoices');
  const delinquent = new Set(accounts.filter(() => ri.chance(0.06)).map((a) => a.account_id));
  const invoiceDraft: (Omit<Invoice, 'invoice_id'> & { key: number })[] = [];
  for (const sub of subscriptions) {
    const plan = PLANS[sub.plan_id - 1]!;
    const factor = ri.chance(0.15) ? ri.pick([0.8, 0.9]) : 1;
    const stop = sub.ended_on ? dayOfIso(sub.ended_on) : DATA_END + 1;
    for (let k = 0; ; k++) {
      const issued = addMonths(dayOfIso(sub.started_on), k);
      if (issued >= stop || issued > DATA_END) break;
      let status = 'paid';
      let paid: number | null = null;
      if (ri.chance(0.015)) status = 'void';
      else if (ri.chance(delinquent.has(sub.account_id) ? 0.35 : 0.03)) status = 'open';
      else {
        paid = issued + (ri.chance(0.12) ? ri.int(15, 75) : ri.int(0, 12));
        if (paid > DATA_END) [status, paid] = ['open', null];
        else if (ri.chance(0.015)) status = 'refunded';
      }
      invoiceDraft.push({
        subscription_id: sub.subscription_id,
        issued_on: isoDate(issued),
        due_on: isoDate(issued + (plan.plan_id === 4 ? 30 : 14)),
        amount: cents(plan.monthly_price * factor),
        status,
        paid_on: paid === null ? null : isoDate(paid),
        key: ri.next(),
      });
    }
  }
  invoiceDraft.sort((a, b) => (a.issued_on < b.issued_on ? -1 : a.issued_on > b.issued_on ? 1 : a.key - b.key));
  const invoices = invoiceDraft.map(({ key: _key, ...inv }, i) => ({ invoice_id: i + 1, ...inv }));

  const ru = rng.fork('usage');
  const usageDraft: (Omit<UsageEvent, 'usage_id'> & { key: number })[] = [];
  for (const account of accounts) {
    const low = Math.max(dayOfIso(account.created_on), dayOf(2023, 1, 1));
    const high = accountEnd.get(account.account_id) ?? DATA_END;
    if (high < low) continue;
    const count = ru.int(3, 12);
    for (let n = 0; n < count; n++) {
      const feature = ru.weighted(FEATURES, [40, 25, 20, 15]);
      const quantity = feature === 'api_calls' ? ru.int(1, 50) * 100 : feature === 'exports' ? ru.int(1, 20) : feature === 'dashboards' ? ru.int(1, 8) : ru.int(1, 5);
      usageDraft.push({ account_id: account.account_id, used_on: isoDate(ru.int(low, high)), feature, quantity, key: ru.next() });
    }
  }
  usageDraft.sort((a, b) => (a.used_on < b.used_on ? -1 : a.used_on > b.used_on ? 1 : a.key - b.key));
  const usage = usageDraft.map(({ key: _key, ...u }, i) => ({ usage_id: i + 1, ...u }));
  return { plans: PLANS.map((p) => ({ ...p })), accounts, subscriptions, invoices, usage };
}

function tables(data: SaasData): TableData[] {
  return [
    {
      name: 'plans',
      description: 'Price plans. Two plans are named Team: the current one and a legacy price point.',
      columns: [
        { name: 'plan_id', type: 'INTEGER', nullable: false, primaryKey: true, description: 'Plan id' },
        { name: 'name', type: 'TEXT', nullable: false, description: 'Plan name (not unique)' },
        { name: 'monthly_price', type: 'REAL', nullable: false, description: 'List price per month, USD' },
        { name: 'is_legacy', type: 'INTEGER', nullable: false, description: '1 for a retired price point still billed to old customers' },
      ],
      rows: toRows(data.plans, ['plan_id', 'name', 'monthly_price', 'is_legacy']),
    },
    {
      name: 'accounts',
      description: 'Customer companies. Company names are not unique.',
      columns: [
        { name: 'account_id', type: 'INTEGER', nullable: false, primaryKey: true, description: 'Account id' },
        { name: 'company_name', type: 'TEXT', nullable: false, description: 'Company name (not unique)' },
        { name: 'country', type: 'TEXT', nullable: false, description: 'ISO country code' },
        { name: 'industry', type: 'TEXT', nullable: true, description: 'Industry; NULL when not captured' },
        { name: 'created_on', type: 'TEXT', nullable: false, description: "Account creation date 'YYYY-MM-DD'" },
      ],
      rows: toRows(data.accounts, ['account_id', 'company_name', 'country', 'industry', 'created_on']),
    },
    {
      name: 'subscriptions',
      description: 'An account on a plan for a period. A plan change ends one subscription and starts another, often on the same day.',
      columns: [
        { name: 'subscription_id', type: 'INTEGER', nullable: false, primaryKey: true, description: 'Subscription id' },
        { name: 'account_id', type: 'INTEGER', nullable: false, references: 'accounts.account_id', description: 'Subscribed account' },
        { name: 'plan_id', type: 'INTEGER', nullable: false, references: 'plans.plan_id', description: 'Plan' },
        { name: 'started_on', type: 'TEXT', nullable: false, description: "First day of the subscription 'YYYY-MM-DD' (inclusive)" },
        { name: 'ended_on', type: 'TEXT', nullable: true, description: "Day it ended 'YYYY-MM-DD' (exclusive: not active on that day); NULL while still active" },
      ],
      rows: toRows(data.subscriptions, ['subscription_id', 'account_id', 'plan_id', 'started_on', 'ended_on']),
      indexes: ['account_id', 'plan_id'],
    },
    {
      name: 'invoices',
      description: "Monthly invoices of a subscription. status: 'paid', 'open' (unpaid), 'void' (cancelled, never owed) or 'refunded' (paid, then paid back).",
      columns: [
        { name: 'invoice_id', type: 'INTEGER', nullable: false, primaryKey: true, description: 'Invoice id' },
        { name: 'subscription_id', type: 'INTEGER', nullable: false, references: 'subscriptions.subscription_id', description: 'Billed subscription' },
        { name: 'issued_on', type: 'TEXT', nullable: false, description: "Issue date 'YYYY-MM-DD'" },
        { name: 'due_on', type: 'TEXT', nullable: false, description: "Payment due date 'YYYY-MM-DD'" },
        { name: 'amount', type: 'REAL', nullable: false, description: 'Amount billed, USD (may include a negotiated discount)' },
        { name: 'status', type: 'TEXT', nullable: false, description: "'paid', 'open', 'void' or 'refunded' (current status)" },
        { name: 'paid_on', type: 'TEXT', nullable: true, description: "Date the payment arrived 'YYYY-MM-DD'; NULL if never paid" },
      ],
      rows: toRows(data.invoices, ['invoice_id', 'subscription_id', 'issued_on', 'due_on', 'amount', 'status', 'paid_on']),
      indexes: ['subscription_id'],
    },
    {
      name: 'usage_events',
      description: 'Product usage recorded per account and day.',
      columns: [
        { name: 'usage_id', type: 'INTEGER', nullable: false, primaryKey: true, description: 'Event id' },
        { name: 'account_id', type: 'INTEGER', nullable: false, references: 'accounts.account_id', description: 'Account' },
        { name: 'used_on', type: 'TEXT', nullable: false, description: "Day of use 'YYYY-MM-DD'" },
        { name: 'feature', type: 'TEXT', nullable: false, description: "'api_calls', 'exports', 'dashboards' or 'seats_added'" },
        { name: 'quantity', type: 'INTEGER', nullable: false, description: 'Units used' },
      ],
      rows: toRows(data.usage, ['usage_id', 'account_id', 'used_on', 'feature', 'quantity']),
      indexes: ['account_id'],
    },
  ];
}

const mrrByPlan: QuestionTemplate<SaasData> = {
  id: 'saas.mrr_by_plan',
  summary: 'Active subscriptions and MRR per plan on a date',
  skills: 'as-of-date interval logic with an exclusive end and NULL open ends, grouping by id when names repeat',
  build(rng, data) {
    // A date on which some subscription ended: an inclusive end test counts it wrongly.
    const ends = data.subscriptions.map((s) => s.ended_on).filter((d): d is string => d !== null && d >= '2023-06-01' && d <= '2024-12-15');
    const date = ends.length > 0 ? rng.pick(ends) : isoDate(rng.int(dayOf(2023, 6, 1), dayOf(2024, 12, 15)));
    return {
      text:
        `As of ${date}, how many subscriptions were active on each plan and what monthly recurring revenue (MRR) did they represent? ` +
        `A subscription is active on ${date} when started_on <= '${date}' and ended_on is NULL or later than '${date}'. ` +
        "MRR of a plan is the plan's monthly_price times its number of active subscriptions (list price; ignore invoices). " +
        'Return plan_id, plan_name, active_subscriptions, mrr (rounded to 2 decimals) for every plan with at least one active subscription, ' +
        'ordered by mrr descending, then plan_id ascending.',
      columns: ['plan_id', 'plan_name', 'active_subscriptions', 'mrr'],
      ordered: true,
      goldTables: ['subscriptions', 'plans'],
      goldSql: `SELECT p.plan_id, p.name AS plan_name, COUNT(*) AS active_subscriptions, ROUND(SUM(p.monthly_price), 2) AS mrr
FROM subscriptions s
JOIN plans p ON p.plan_id = s.plan_id
WHERE s.started_on <= '${date}' AND (s.ended_on IS NULL OR s.ended_on > '${date}')
GROUP BY p.plan_id, p.name
ORDER BY mrr DESC, p.plan_id ASC`,
    };
  },
};

const planRevenueGrowth: QuestionTemplate<SaasData> = {
  id: 'saas.plan_revenue_growth',
  summary: 'Month-over-month paid revenue growth per plan, every plan and month listed',
  skills: 'calendar x plan grid with LEFT JOIN and zero fill, LAG per partition, NULL on division by zero',
  build(rng) {
    const offset = rng.int(2, 21); // first month 2023-02 .. 2024-09
    const months = [0, 1, 2, 3].map((k) => monthKey(2023, offset + k));
    const start = `${months[0]}-01`;
    const end = isoDate(nextMonthStart(months[3]!));
    return {
      text:
        `Per plan, how did paid invoice revenue change month over month from ${months[0]} to ${months[3]}? ` +
        "Revenue of a plan in a month is the total amount of invoices with status 'paid' issued in that month (issued_on) on subscriptions of that plan. " +
        `Return one row for every plan and every month of the range (${months.join(', ')}), with revenue 0 when there is none: ` +
        "plan_id, plan_name, month ('YYYY-MM'), revenue (rounded to 2 decimals), " +
        "growth_pct = 100 * (revenue - the plan's revenue in the previous month) / that previous revenue, rounded to 1 decimal; " +
        `growth_pct is NULL for ${months[0]} and whenever the previous month's revenue is 0. Order by plan_id, then month.`,
      columns: ['plan_id', 'plan_name', 'month', 'revenue', 'growth_pct'],
      ordered: true,
      goldTables: ['invoices', 'subscriptions', 'plans'],
      goldSql: `WITH months(month) AS (VALUES ${months.map((m) => `('${m}')`).join(', ')}),
paid AS (
  SELECT s.plan_id, substr(i.issued_on, 1, 7) AS month, SUM(i.amount) AS revenue
  FROM invoices i
  JOIN subscriptions s ON s.subscription_id = i.subscription_id
  WHERE i.status = 'paid' AND i.issued_on >= '${start}' AND i.issued_on < '${end}'
  GROUP BY s.plan_id, substr(i.issued_on, 1, 7)
),
grid AS (
  SELECT p.plan_id, p.name AS plan_name, m.month, COALESCE(pd.revenue, 0) AS month_revenue
  FROM plans p
  CROSS JOIN months m
  LEFT JOIN paid pd ON pd.plan_id = p.plan_id AND pd.month = m.month
)
SELECT plan_id, plan_name, month, ROUND(month_revenue, 2) AS revenue,
       CASE WHEN COALESCE(LAG(month_revenue) OVER w, 0) = 0 THEN NULL
            ELSE ROUND(100.0 * (month_revenue - LAG(month_revenue) OVER w) / LAG(month_revenue) OVER w, 1) END AS growth_pct
FROM grid
WINDOW w AS (PARTITION BY plan_id ORDER BY month)
ORDER BY plan_id, month`,
    };
  },
};

/** Outstanding, overdue invoices as of a date, computed in TypeScript to pick a date with a non-empty answer. */
function overdueAccounts(data: SaasData, date: string, cutoff: string): number {
  const accountOf = new Map(data.subscriptions.map((s) => [s.subscription_id, s.account_id]));
  const accounts = new Set<number>();
  for (const i of data.invoices) {
    if (i.issued_on <= date && i.status !== 'void' && (i.paid_on === null || i.paid_on > date) && i.due_on < cutoff) accounts.add(accountOf.get(i.subscription_id)!);
  }
  return accounts.size;
}

const overdueInvoices: QuestionTemplate<SaasData> = {
  id: 'saas.overdue_invoices',
  summary: 'Accounts with invoices more than 30 days overdue as of a past date',
  skills: 'point-in-time status from dates (paid later counts as unpaid then), excluding void, three-table join',
  build(rng, data) {
    const candidates: string[] = [];
    for (let m = 6; m <= 24; m++) {
      const date = isoDate(nextMonthStart(monthKey(2023, m)) - 1);
      if (overdueAccounts(data, date, isoDate(dayOfIso(date) - 30)) >= 2) candidates.push(date);
    }
    const date = candidates.length > 0 ? rng.pick(candidates) : '2024-12-31';
    const cutoff = isoDate(dayOfIso(date) - 30);
    return {
      text:
        `Which accounts had invoices more than 30 days overdue on ${date}? ` +
        `An invoice was outstanding on ${date} when it was issued on or before ${date}, its status is not 'void', and it had not been paid by then ` +
        `(paid_on is NULL or later than ${date}); it was more than 30 days overdue when, in addition, its due_on is before ${cutoff}. ` +
        'Return account_id, company_name, overdue_invoices (number of such invoices), overdue_amount (their total amount, rounded to 2 decimals), ' +
        'ordered by overdue_amount descending, then account_id ascending.',
      columns: ['account_id', 'company_name', 'overdue_invoices', 'overdue_amount'],
      ordered: true,
      goldTables: ['invoices', 'subscriptions', 'accounts'],
      goldSql: `SELECT a.account_id, a.company_name, COUNT(*) AS overdue_invoices, ROUND(SUM(i.amount), 2) AS overdue_amount
FROM invoices i
JOIN subscriptions s ON s.subscription_id = i.subscription_id
JOIN accounts a ON a.account_id = s.account_id
WHERE i.issued_on <= '${date}' AND i.status <> 'void' AND (i.paid_on IS NULL OR i.paid_on > '${date}') AND i.due_on < '${cutoff}'
GROUP BY a.account_id, a.company_name
ORDER BY overdue_amount DESC, a.account_id ASC`,
    };
  },
};

const topUsagePerFeature: QuestionTemplate<SaasData> = {
  id: 'saas.top_usage_per_feature',
  summary: 'Top 3 accounts per feature by usage in a month, ties by account id',
  skills: 'aggregate then ROW_NUMBER per feature with a deterministic tie-break, month bounds, join for names',
  build(rng) {
    const month = monthKey(2023, rng.int(3, 23));
    const [y, m] = month.split('-').map(Number) as [number, number];
    return {
      text:
        `Which accounts used each feature the most in ${MONTH_NAMES[m - 1]} ${y} (used_on in ${month})? ` +
        'Total the quantity per feature and account; for each feature keep the 3 accounts with the highest total, ' +
        'ties broken by the lower account_id (so ranks are 1, 2, 3 without gaps or repeats; a feature used by fewer accounts has fewer rows). ' +
        'Return feature, account_id, company_name, total_quantity, rank_in_feature, ordered by feature ascending, then rank_in_feature.',
      columns: ['feature', 'account_id', 'company_name', 'total_quantity', 'rank_in_feature'],
      ordered: true,
      goldTables: ['usage_events', 'accounts'],
      goldSql: `WITH totals AS (
  SELECT u.feature, u.account_id, SUM(u.quantity) AS total_quantity
  FROM usage_events u
  WHERE u.used_on >= '${month}-01' AND u.used_on < '${isoDate(nextMonthStart(month))}'
  GROUP BY u.feature, u.account_id
),
ranked AS (
  SELECT t.*, ROW_NUMBER() OVER (PARTITION BY t.feature ORDER BY t.total_quantity DESC, t.account_id ASC) AS rank_in_feature
  FROM totals t
)
SELECT r.feature, r.account_id, a.company_name, r.total_quantity, r.rank_in_feature
FROM ranked r
JOIN accounts a ON a.account_id = r.account_id
WHERE r.rank_in_feature <= 3
ORDER BY r.feature, r.rank_in_feature`,
    };
  },
};

const revenuePerIndustry: QuestionTemplate<SaasData> = {
  id: 'saas.revenue_per_industry',
  summary: 'Paid revenue and revenue per paying account by industry in a year',
  skills: 'COUNT(DISTINCT) across a fan-out join, NULL group relabelled, ratio of aggregates',
  build(rng) {
    const year = rng.pick([2023, 2024]);
    return {
      text:
        `How much paid revenue came from each industry in ${year}? Count invoices with status 'paid' issued in ${year}. ` +
        "Accounts with no industry are reported as industry 'Unspecified'. " +
        'Return industry, paying_accounts (number of distinct accounts with at least one such invoice), revenue (total amount, rounded to 2 decimals), ' +
        'revenue_per_account (revenue / paying_accounts, computed before rounding, rounded to 2 decimals), ' +
        'ordered by revenue_per_account descending, then industry ascending.',
      columns: ['industry', 'paying_accounts', 'revenue', 'revenue_per_account'],
      ordered: true,
      goldTables: ['invoices', 'subscriptions', 'accounts'],
      goldSql: `WITH paid AS (
  SELECT COALESCE(a.industry, 'Unspecified') AS industry_label, a.account_id, i.amount
  FROM invoices i
  JOIN subscriptions s ON s.subscription_id = i.subscription_id
  JOIN accounts a ON a.account_id = s.account_id
  WHERE i.status = 'paid' AND i.issued_on >= '${year}-01-01' AND i.issued_on < '${year + 1}-01-01'
)
SELECT industry_label AS industry, COUNT(DISTINCT account_id) AS paying_accounts, ROUND(SUM(amount), 2) AS revenue,
       ROUND(SUM(amount) / COUNT(DISTINCT account_id), 2) AS revenue_per_account
FROM paid
GROUP BY industry_label
ORDER BY revenue_per_account DESC, industry ASC`,
    };
  },
};

export const saasDomain: Domain<SaasData> = {
  id: 'saas',
  title: 'SaaS billing (plans, accounts, subscriptions, invoices, usage events)',
  generate,
  tables,
  templates: [mrrByPlan, planRevenueGrowth, overdueInvoices, topUsagePerFeature, revenuePerIndustry],
};
