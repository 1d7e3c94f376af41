// The HR domain: departments, employees (with a reporting tree), salary history and reviews, five question templates.
import type { Rng } from 'openenv-ts';
import type { Domain, QuestionTemplate } from './domain-contract.js';
import { dayOf, isoDate, personName, toRows } from './data-helpers.js';
import type { TableData } from './types.js';

interface Department { department_id: number; name: string; location: string }
interface Employee {
  employee_id: number; first_name: string; last_name: string; email: string; department_id: number | null;
  manager_id: number | null; job_title: string; hire_date: string; termination_date: string | null;
}
interface Salary { salary_id: number; employee_id: number; amount: number; effective_from: string; effective_to: string | null }
interface Review { review_id: number; employee_id: number; review_year: number; rating: number | null; reviewer_id: number | null }

export interface HrData {
  departments: Department[];
  employees: Employee[];
  salaries: Salary[];
  reviews: Review[];
}

const DEPARTMENT_NAMES = ['Engineering', 'Sales', 'Marketing', 'Finance', 'Support', 'Operations', 'People', 'Legal', 'Product'];
const LOCATIONS = ['Berlin', 'Austin', 'Toronto', 'Singapore', 'London'];
const IC_TITLES = ['Analyst', 'Specialist', 'Engineer', 'Associate', 'Coordinator', 'Consultant'];
const DATA_END = dayOf(2024, 12, 31);

/** Someone with a level in the reporting tree, before ids are assigned by hire date. */
interface Draft {
  level: 0 | 1 | 2 | 3;
  department: number | null;
  manager: number | null; // index into drafts
  hire: number;
  termination: number | null;
  first: string;
  last: string;
  title: string;
  salary: number;
  key: number;
}

function round100(x: number): number {
  return Math.round(x / 100) * 100;
}

function generate(rng: Rng, scale: number): HrData {
  const rd = rng.fork('departments');
  const names = rd.sample(DEPARTMENT_NAMES, 6);
  // One name appears twice (same function in two offices): answers must group by department_id.
  const repeated = rd.pick(names);
  const deptDrafts = [...names.map((n) => ({ name: n, location: rd.pick(LOCATIONS) })), { name: repeated, location: '' }];
  const firstOfRepeated = deptDrafts.find((d) => d.name === repeated)!;
  deptDrafts[deptDrafts.length - 1]!.location = rd.pick(LOCATIONS.filter((l) => l !== firstOfRepeated.location));
  const departments: Department[] = rd.shuffle(deptDrafts).map((d, i) => ({ department_id: i + 1, ...d }));

  const re = rng.fork('employees');
  const total = Math.max(60, Math.round(180 * scale));
  const drafts: Draft[] = [];
  const person = (level: Draft['level'], department: number | null, manager: number | null, hireFrom: number, title: string, salary: number): number => {
    const [first, last] = personName(re);
    const hire = re.int(hireFrom, dayOf(2024, 11, 30));
    let termination: number | null = null;
    if (level > 0 && re.chance(level === 3 ? 0.13 : 0.08) && hire + 120 < DATA_END - 10) termination = re.int(hire + 120, DATA_END - 10);
    drafts.push({ level, department, manager, hire, termination, first, last, title, salary, key: re.next() });
    return drafts.length - 1;
  };
  const ceo = person(0, null, null, dayOf(2015, 1, 5), 'Chief Executive Officer', 300_000);
  drafts[ceo]!.hire = dayOf(2015, 1, 5);
  const heads = departments.map((d) => person(1, d.department_id, ceo, dayOf(2015, 2, 1), `Head of ${d.name}`, round100(re.int(150, 230) * 1000)));
  const managerCount = Math.max(departments.length, Math.round(total * 0.12));
  const managersOf = new Map<number, number[]>();
  for (let i = 0; i < managerCount; i++) {
    const dept = i < departments.length ? departments[i]!.department_id : re.pick(departments).department_id;
    const index = person(2, dept, heads[dept - 1]!, dayOf(2016, 1, 1), 'Manager', round100(re.int(95, 165) * 1000));
    managersOf.set(dept, [...(managersOf.get(dept) ?? []), index]);
  }
  while (drafts.length < total) {
    const dept = re.pick(departments).department_id;
    const boss = re.chance(0.15) ? heads[dept - 1]! : re.pick(managersOf.get(dept)!);
    // A few senior specialists out-earn their managers, as in real pay data.
    const salary = re.chance(0.08) ? re.int(115, 150) * 1000 : re.int(45, 120) * 1000;
    const title = `${re.chance(0.3) ? 'Senior ' : ''}${re.pick(IC_TITLES)}`;
    person(3, re.chance(0.04) ? null : dept, boss, dayOf(2016, 1, 1), title, round100(salary));
  }

  // Ids follow hire order, as an HR system assigns them.
  const order = drafts.map((_, i) => i).sort((a, b) => drafts[a]!.hire - drafts[b]!.hire || drafts[a]!.key - drafts[b]!.key);
  const idOf = new Map(order.map((index, rank) => [index, rank + 1]));
  const employees: Employee[] = order.map((index) => {
    const d = drafts[index]!;
    const id = idOf.get(index)!;
    return {
      employee_id: id,
      first_name: d.first,
      last_name: d.last,
      email: `${d.first}.${d.last}.${id}@corp.example`.toLowerCase(),
      department_id: d.department,
      manager_id: d.manager === null ? null : idOf.get(d.manager)!,
      job_title: d.title,
      hire_date: isoDate(d.hire),
      termination_date: d.termination === null ? null : isoDate(d.termination),
    };
  });

  const rs = rng.fork('salaries');
  const salaries: Salary[] = [];
  for (const index of order) {
    const d = drafts[index]!;
    const stop = d.termination ?? DATA_END;
    const changes: [number, number][] = [[d.hire, d.salary]];
    let amount = d.salary;
    const hired = isoDate(d.hire);
    for (let year = 1; ; year++) {
      // Raises land on hire anniversaries (the 28th stands in for later days, so every month has it).
      const date = dayOf(Number(hired.slice(0, 4)) + year, Number(hired.slice(5, 7)), Math.min(28, Number(hired.slice(8, 10))));
      if (date > stop) break;
      if (!rs.chance(0.7)) continue;
      amount = round100(amount * (1 + (rs.chance(0.06) ? rs.float(0.1, 0.18) : rs.float(0.02, 0.08))));
      changes.push([date, amount]);
    }
    changes.forEach(([from, value], k) => {
      const next = changes[k + 1];
      salaries.push({ salary_id: 0, employee_id: idOf.get(index)!, amount: value, effective_from: isoDate(from), effective_to: next ? isoDate(next[0]) : null });
    });
  }
  salaries.sort((a, b) => (a.effective_from < b.effective_from ? -1 : a.effective_from > b.effective_from ? 1 : a.employee_id - b.employee_id));
  salaries.forEach((s, i) => (s.salary_id = i + 1));

  const rv = rng.fork('reviews');
  const reviews: Review[] = [];
  for (const year of [2022, 2023, 2024]) {
    for (const e of employees) {
      if (e.manager_id === null || e.hire_date > `${year}-09-30` || (e.termination_date !== null && e.termination_date <= `${year}-12-31`)) continue;
      const pending = rv.chance(year === 2024 ? 0.15 : 0.04);
      reviews.push({ review_id: reviews.length + 1, employee_id: e.employee_id, review_year: year, rating: pending ? null : rv.weighted([1, 2, 3, 4, 5], [3, 12, 45, 30, 10]), reviewer_id: e.manager_id });
    }
  }
  return { departments, employees, salaries, reviews };
}

function tables(data: HrData): TableData[] {
  return [
    {
      name: 'departments',
      description: 'Departments. The same department name can exist in two locations (two different departments).',
      columns: [
        { name: 'department_id', type: 'INTEGER', nullable: false, primaryKey: true, description: 'Department id' },
        { name: 'name', type: 'TEXT', nullable: false, description: 'Department name (not unique)' },
        { name: 'location', type: 'TEXT', nullable: false, description: 'Office' },
      ],
      rows: toRows(data.departments, ['department_id', 'name', 'location']),
    },
    {
      name: 'employees',
      description: 'Current and former employees. manager_id points to another employee (NULL for the CEO).',
      columns: [
        { name: 'employee_id', type: 'INTEGER', nullable: false, primaryKey: true, description: 'Employee id' },
        { name: 'first_name', type: 'TEXT', nullable: false, description: 'First name' },
        { name: 'last_name', type: 'TEXT', nullable: false, description: 'Last name' },
        { name: 'email', type: 'TEXT', nullable: false, description: 'Work email' },
        { name: 'department_id', type: 'INTEGER', nullable: true, references: 'departments.department_id', description: 'Current department; NULL when not assigned to one' },
        { name: 'manager_id', type: 'INTEGER', nullable: true, references: 'employees.employee_id', description: 'Direct manager; NULL for the CEO' },
        { name: 'job_title', type: 'TEXT', nullable: false, description: 'Job title' },
        { name: 'hire_date', type: 'TEXT', nullable: false, description: "First working day 'YYYY-MM-DD'" },
        { name: 'termination_date', type: 'TEXT', nullable: true, description: "Day the employment ended 'YYYY-MM-DD' (not employed from that day on); NULL if still employed" },
      ],
      rows: toRows(data.employees, ['employee_id', 'first_name', 'last_name', 'email', 'department_id', 'manager_id', 'job_title', 'hire_date', 'termination_date']),
      indexes: ['department_id', 'manager_id'],
    },
    {
      name: 'salaries',
      description: 'Salary history: one row per period with a constant annual salary.',
      columns: [
        { name: 'salary_id', type: 'INTEGER', nullable: false, primaryKey: true, description: 'Row id' },
        { name: 'employee_id', type: 'INTEGER', nullable: false, references: 'employees.employee_id', description: 'Employee' },
        { name: 'amount', type: 'REAL', nullable: false, description: 'Annual salary, USD' },
        { name: 'effective_from', type: 'TEXT', nullable: false, description: "First day this salary applies 'YYYY-MM-DD' (inclusive)" },
        { name: 'effective_to', type: 'TEXT', nullable: true, description: "Day the next salary starts 'YYYY-MM-DD' (exclusive); NULL for the latest salary" },
      ],
      rows: toRows(data.salaries, ['salary_id', 'employee_id', 'amount', 'effective_from', 'effective_to']),
      indexes: ['employee_id'],
    },
    {
      name: 'performance_reviews',
      description: 'Yearly reviews. A pending review has a NULL rating.',
      columns: [
        { name: 'review_id', type: 'INTEGER', nullable: false, primaryKey: true, description: 'Review id' },
        { name: 'employee_id', type: 'INTEGER', nullable: false, references: 'employees.employee_id', description: 'Reviewed employee' },
        { name: 'review_year', type: 'INTEGER', nullable: false, description: 'Year reviewed' },
        { name: 'rating', type: 'INTEGER', nullable: true, description: '1 (low) to 5 (high); NULL while the review is pending' },
        { name: 'reviewer_id', type: 'INTEGER', nullable: true, references: 'employees.employee_id', description: 'Reviewing manager' },
      ],
      rows: toRows(data.reviews, ['review_id', 'employee_id', 'review_year', 'rating', 'reviewer_id']),
      indexes: ['employee_id'],
    },
  ];
}

const ACTIVE_RULE = (date: string) =>
  `An employee is active on ${date} when hire_date <= '${date}' and termination_date is NULL or later than '${date}'. ` +
  `Their salary on ${date} is the salaries row with effective_from <= '${date}' and effective_to NULL or later than '${date}'. `;

/** Salary of an employee on a date, from the history (TypeScript mirror of the SQL rule, to pick dates). */
function salaryOn(data: HrData, employeeId: number, date: string): number | null {
  const row = data.salaries.find((s) => s.employee_id === employeeId && s.effective_from <= date && (s.effective_to === null || s.effective_to > date));
  return row ? row.amount : null;
}

function isActive(e: Employee, date: string): boolean {
  return e.hire_date <= date && (e.termination_date === null || e.termination_date > date);
}

const headcountAndPay: QuestionTemplate<HrData> = {
  id: 'hr.headcount_and_pay',
  summary: 'Headcount and average salary per department on a date',
  skills: 'point-in-time filters on two tables (employment and salary history), LEFT JOIN for unassigned staff, duplicate department names',
  build(rng, data) {
    // A termination day makes the exclusive end matter.
    const ends = data.employees.map((e) => e.termination_date).filter((d): d is string => d !== null && d >= '2023-01-01');
    const date = ends.length > 0 && rng.chance(0.6) ? rng.pick(ends) : isoDate(rng.int(dayOf(2023, 1, 1), DATA_END));
    return {
      text:
        `What were the headcount and average salary of each department on ${date}? ` +
        ACTIVE_RULE(date) +
        "Active employees without a department form one group with department_id NULL and department_name 'Unassigned'. " +
        'Return department_id, department_name, headcount, avg_salary (rounded to 2 decimals) for every group with at least one active employee, ' +
        'ordered by headcount descending, then department_name ascending, then department_id ascending.',
      columns: ['department_id', 'department_name', 'headcount', 'avg_salary'],
      ordered: true,
      goldTables: ['employees', 'departments', 'salaries'],
      goldSql: `SELECT e.department_id, COALESCE(d.name, 'Unassigned') AS department_name, COUNT(*) AS headcount, ROUND(AVG(s.amount), 2) AS avg_salary
FROM employees e
LEFT JOIN departments d ON d.department_id = e.department_id
JOIN salaries s ON s.employee_id = e.employee_id AND s.effective_from <= '${date}' AND (s.effective_to IS NULL OR s.effective_to > '${date}')
WHERE e.hire_date <= '${date}' AND (e.termination_date IS NULL OR e.termination_date > '${date}')
GROUP BY e.department_id, d.name
ORDER BY headcount DESC, department_name ASC, e.department_id ASC`,
    };
  },
};

const outEarnManager: QuestionTemplate<HrData> = {
  id: 'hr.out_earn_manager',
  summary: 'Employees paid more than their manager on a date',
  skills: 'self-join of employees, salary history joined twice at a point in time, both sides active',
  build(rng, data) {
    const byId = new Map(data.employees.map((e) => [e.employee_id, e]));
    const candidates: string[] = [];
    for (const date of ['2023-03-31', '2023-06-30', '2023-09-30', '2023-12-31', '2024-03-31', '2024-06-30', '2024-09-30', '2024-12-31']) {
      const hits = data.employees.filter((e) => {
        const boss = e.manager_id === null ? undefined : byId.get(e.manager_id);
        if (!boss || !isActive(e, date) || !isActive(boss, date)) return false;
        const mine = salaryOn(data, e.employee_id, date);
        const theirs = salaryOn(data, boss.employee_id, date);
        return mine !== null && theirs !== null && mine > theirs;
      });
      if (hits.length >= 1) candidates.push(date);
    }
    const date = candidates.length > 0 ? rng.pick(candidates) : '2024-12-31';
    return {
      text:
        `Which employees earned more than their direct manager on ${date}? ` +
        ACTIVE_RULE(date) +
        'Consider only pairs where both the employee and their manager (employees.manager_id) are active on that date, comparing their salaries on that date. ' +
        "Return employee_id, employee_name (first_name || ' ' || last_name), manager_id, manager_name (same format), salary_gap (employee salary minus manager salary), " +
        'ordered by salary_gap descending, then employee_id ascending.',
      columns: ['employee_id', 'employee_name', 'manager_id', 'manager_name', 'salary_gap'],
      ordered: true,
      goldTables: ['employees', 'salaries'],
      goldSql: `WITH pay AS (
  SELECT e.employee_id, e.first_name || ' ' || e.last_name AS full_name, e.manager_id, s.amount
  FROM employees e
  JOIN salaries s ON s.employee_id = e.employee_id AND s.effective_from <= '${date}' AND (s.effective_to IS NULL OR s.effective_to > '${date}')
  WHERE e.hire_date <= '${date}' AND (e.termination_date IS NULL OR e.termination_date > '${date}')
)
SELECT w.employee_id, w.full_name AS employee_name, m.employee_id AS manager_id, m.full_name AS manager_name, w.amount - m.amount AS salary_gap
FROM pay w
JOIN pay m ON m.employee_id = w.manager_id
WHERE w.amount > m.amount
ORDER BY salary_gap DESC, w.employee_id ASC`,
    };
  },
};

const topEarnerPerDepartment: QuestionTemplate<HrData> = {
  id: 'hr.top_earner_per_department',
  summary: 'Highest-paid active employee per department on a date, with tie-breaks',
  skills: 'point-in-time salary, ROW_NUMBER per department with a three-key order, departments sharing a name',
  build(rng) {
    const date = isoDate(rng.int(dayOf(2023, 1, 1), DATA_END));
    return {
      text:
        `Who was the highest-paid active employee of each department on ${date}? ` +
        ACTIVE_RULE(date) +
        'Leave out employees without a department. Ties on salary go to the earlier hire_date, then the lower employee_id. ' +
        "Return department_id, department_name, employee_id, employee_name (first_name || ' ' || last_name), salary, " +
        'one row per department with an active employee, ordered by department_id ascending.',
      columns: ['department_id', 'department_name', 'employee_id', 'employee_name', 'salary'],
      ordered: true,
      goldTables: ['employees', 'salaries', 'departments'],
      goldSql: `WITH pay AS (
  SELECT e.employee_id, e.first_name || ' ' || e.last_name AS employee_name, e.department_id, e.hire_date, s.amount AS salary
  FROM employees e
  JOIN salaries s ON s.employee_id = e.employee_id AND s.effective_from <= '${date}' AND (s.effective_to IS NULL OR s.effective_to > '${date}')
  WHERE e.department_id IS NOT NULL AND e.hire_date <= '${date}' AND (e.termination_date IS NULL OR e.termination_date > '${date}')
),
ranked AS (
  SELECT p.*, ROW_NUMBER() OVER (PARTITION BY p.department_id ORDER BY p.salary DESC, p.hire_date ASC, p.employee_id ASC) AS rn
  FROM pay p
)
SELECT d.department_id, d.name AS department_name, r.employee_id, r.employee_name, r.salary
FROM ranked r
JOIN departments d ON d.department_id = r.department_id
WHERE r.rn = 1
ORDER BY d.department_id`,
    };
  },
};

const ratingsByDepartment: QuestionTemplate<HrData> = {
  id: 'hr.ratings_by_department',
  summary: 'Average review rating per department in a year, pending reviews counted apart',
  skills: 'NULL-aware COUNT and AVG, HAVING on a non-null count, ordering on a rounded average',
  build(rng, data) {
    const year = rng.pick([2022, 2023, 2024]);
    const deptOf = new Map(data.employees.map((e) => [e.employee_id, e.department_id]));
    const counts = new Map<number, number>();
    for (const r of data.reviews) {
      const dept = deptOf.get(r.employee_id);
      if (r.review_year === year && r.rating !== null && dept !== null && dept !== undefined) counts.set(dept, (counts.get(dept) ?? 0) + 1);
    }
    // A threshold that drops the smallest department(s) but keeps the others.
    const sorted = [...counts.values()].sort((a, b) => a - b);
    const minimum = sorted.length > 1 && sorted[0]! < sorted[sorted.length - 1]! ? sorted[0]! + 1 : 3;
    return {
      text:
        `How were employees rated in ${year}, per department? Use the performance_reviews of review_year ${year} and the employee's department_id ` +
        '(leave out employees without a department). A review with a NULL rating is pending: it does not count as rated. ' +
        `Keep departments with at least ${minimum} rated reviews. ` +
        'Return department_id, department_name, rated_employees (number of reviews with a rating), avg_rating (average of the ratings, rounded to 2 decimals), ' +
        'pending_reviews (number of reviews with a NULL rating), ordered by avg_rating (rounded) descending, then department_id ascending.',
      columns: ['department_id', 'department_name', 'rated_employees', 'avg_rating', 'pending_reviews'],
      ordered: true,
      goldTables: ['performance_reviews', 'employees', 'departments'],
      goldSql: `SELECT d.department_id, d.name AS department_name, COUNT(r.rating) AS rated_employees, ROUND(AVG(r.rating), 2) AS avg_rating,
       SUM(CASE WHEN r.rating IS NULL THEN 1 ELSE 0 END) AS pending_reviews
FROM performance_reviews r
JOIN employees e ON e.employee_id = r.employee_id
JOIN departments d ON d.department_id = e.department_id
WHERE r.review_year = ${year}
GROUP BY d.department_id, d.name
HAVING COUNT(r.rating) >= ${minimum}
ORDER BY avg_rating DESC, d.department_id ASC`,
    };
  },
};

const reportingTree: QuestionTemplate<HrData> = {
  id: 'hr.reporting_tree',
  summary: 'Everyone under a manager, directly or indirectly, with their depth',
  skills: 'recursive CTE over a self-reference, level counting, a manager name that may be shared',
  build(rng, data) {
    const reports = new Map<number, number[]>();
    for (const e of data.employees) if (e.manager_id !== null) reports.set(e.manager_id, [...(reports.get(e.manager_id) ?? []), e.employee_id]);
    const depth = (id: number): number => Math.max(0, ...(reports.get(id) ?? []).map((r) => 1 + depth(r)));
    const size = (id: number): number => (reports.get(id) ?? []).reduce((n, r) => n + 1 + size(r), 0);
    // Someone with at least two levels below them, but not the CEO (whose answer is everybody).
    const candidates = data.employees.filter((e) => e.manager_id !== null && depth(e.employee_id) >= 2 && size(e.employee_id) >= 3);
    const boss = candidates.length > 0 ? rng.pick(candidates) : data.employees.find((e) => e.manager_id === null)!;
    const name = `${boss.first_name} ${boss.last_name}`;
    return {
      text:
        `List everyone who reports to ${name} (employee_id ${boss.employee_id}) directly or indirectly, current and former employees alike. ` +
        `level is 1 for a direct report of employee ${boss.employee_id}, 2 for a report of a direct report, and so on. ` +
        "Return employee_id, employee_name (first_name || ' ' || last_name), level, ordered by level ascending, then employee_id ascending.",
      columns: ['employee_id', 'employee_name', 'level'],
      ordered: true,
      goldTables: ['employees'],
      goldSql: `WITH RECURSIVE chain(employee_id, level) AS (
  SELECT employee_id, 1 FROM employees WHERE manager_id = ${boss.employee_id}
  UNION ALL
  SELECT e.employee_id, c.level + 1 FROM employees e JOIN chain c ON e.manager_id = c.employee_id
)
SELECT e.employee_id, e.first_name || ' ' || e.last_name AS employee_name, c.level
FROM chain c
JOIN employees e ON e.employee_id = c.employee_id
ORDER BY c.level, e.employee_id`,
    };
  },
};

export const hrDomain: Domain<HrData> = {
  id: 'hr',
  title: 'HR (departments, employees, salary history, performance reviews)',
  generate,
  tables,
  templates: [headcountAndPay, outEarnManager, topEarnerPerDepartment, ratingsByDepartment, reportingTree],
};
