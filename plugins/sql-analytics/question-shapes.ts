// Question shapes: the analysis asked of a measure (totals, rankings, shares, growth, cohorts), as gold SQL over `base`.
import type { Dimension, Measure } from './measures.js';

export const SHAPES = [
  'dim-total', 'dim-top3', 'dim-share', 'period-growth', 'year-over-year', 'active-entities',
  'top-entity-per-dim', 'running-total', 'cohort-retention', 'average-per-entity', 'top-entities',
] as const;
export type Shape = (typeof SHAPES)[number];

/** The seeded choices of one question. */
export interface ShapeParams {
  /** Fiscal (or calendar) year asked about. */
  readonly year: number;
  readonly quarter: number;
  readonly dimension: Dimension | null;
  /** Whether periods are fiscal (the fiscal trap is on) or calendar. */
  readonly fiscal: boolean;
}

/** Shapes that count entities and never read the measure's value (so value-only lookups are never run). */
export const COUNT_ONLY_SHAPES: ReadonlySet<Shape> = new Set(['active-entities', 'cohort-retention']);

/** Which shapes break down by a dimension, and what each needs of the year it asks about. */
export const SHAPE_NEEDS: Readonly<Record<Shape, { dimension: boolean; priorYear: boolean; priorMonth: boolean; nextQuarter: boolean }>> = {
  'dim-total': { dimension: true, priorYear: false, priorMonth: false, nextQuarter: false },
  'dim-top3': { dimension: true, priorYear: false, priorMonth: false, nextQuarter: false },
  'dim-share': { dimension: true, priorYear: false, priorMonth: false, nextQuarter: false },
  'period-growth': { dimension: false, priorYear: false, priorMonth: true, nextQuarter: false },
  'year-over-year': { dimension: true, priorYear: true, priorMonth: false, nextQuarter: false },
  'active-entities': { dimension: true, priorYear: false, priorMonth: false, nextQuarter: false },
  'top-entity-per-dim': { dimension: true, priorYear: false, priorMonth: false, nextQuarter: false },
  'running-total': { dimension: false, priorYear: false, priorMonth: false, nextQuarter: false },
  'cohort-retention': { dimension: false, priorYear: false, priorMonth: false, nextQuarter: true },
  'average-per-entity': { dimension: true, priorYear: false, priorMonth: false, nextQuarter: false },
  'top-entities': { dimension: false, priorYear: false, priorMonth: false, nextQuarter: false },
};

export interface ShapeSql {
  readonly sql: string;
  readonly columns: readonly string[];
  readonly ordered: boolean;
}

/** Output column of a period number. */
export function periodColumn(fiscal: boolean): string {
  return fiscal ? 'fiscal_period' : 'month';
}

/** The final SELECT of a shape over the `base` CTE (eid, fy, fq, fp, val, dim), after `WITH <ctes>`. */
export function shapeSql(shape: Shape, m: Measure, p: ShapeParams, ctes: string): ShapeSql {
  const d = p.dimension?.column ?? 'dim';
  const y = p.year;
  const with_ = (body: string) => `WITH ${ctes}${body}`;
  switch (shape) {
    case 'dim-total':
      return { sql: with_(`\nSELECT dim AS ${d}, ROUND(SUM(val), 2) AS ${m.column}\nFROM base WHERE fy = ${y} AND fq = ${p.quarter}\nGROUP BY dim`), columns: [d, m.column], ordered: false };
    case 'dim-top3':
      return { sql: with_(`\nSELECT dim AS ${d}, ROUND(SUM(val), 2) AS ${m.column}\nFROM base WHERE fy = ${y}\nGROUP BY dim ORDER BY SUM(val) DESC, dim LIMIT 3`), columns: [d, m.column], ordered: true };
    case 'dim-share':
      return { sql: with_(`\nSELECT dim AS ${d}, ROUND(100.0 * SUM(val) / (SELECT SUM(val) FROM base WHERE fy = ${y}), 2) AS share_pct\nFROM base WHERE fy = ${y}\nGROUP BY dim`), columns: [d, 'share_pct'], ordered: false };
    case 'period-growth': {
      const pc = periodColumn(p.fiscal);
      return {
        sql: with_(`,\nper AS (SELECT fy, fp, SUM(val) AS total FROM base GROUP BY fy, fp),\ngrowth AS (SELECT fy, fp, total, LAG(total) OVER (ORDER BY fy, fp) AS previous FROM per)\nSELECT fp AS ${pc}, ROUND(total, 2) AS ${m.column}, ROUND(100.0 * (total - previous) / previous, 2) AS growth_pct\nFROM growth WHERE fy = ${y} ORDER BY fp`),
        columns: [pc, m.column, 'growth_pct'],
        ordered: true,
      };
    }
    case 'year-over-year':
      return {
        sql: with_(`,\nyears AS (SELECT dim, SUM(CASE WHEN fy = ${y} THEN val END) AS cur, SUM(CASE WHEN fy = ${y - 1} THEN val END) AS prior FROM base WHERE fy IN (${y}, ${y - 1}) GROUP BY dim)\nSELECT dim AS ${d}, ROUND(cur, 2) AS current_total, ROUND(prior, 2) AS prior_total, ROUND(100.0 * (cur - prior) / prior, 2) AS change_pct FROM years`),
        columns: [d, 'current_total', 'prior_total', 'change_pct'],
        ordered: false,
      };
    case 'active-entities': {
      const col = `active_${m.entities}`;
      return { sql: with_(`\nSELECT dim AS ${d}, COUNT(DISTINCT eid) AS ${col}\nFROM base WHERE fy = ${y} AND fq = ${p.quarter}\nGROUP BY dim`), columns: [d, col], ordered: false };
    }
    case 'top-entity-per-dim':
      return {
        sql: with_(`,\ntotals AS (SELECT dim, eid, SUM(val) AS total FROM base WHERE fy = ${y} GROUP BY dim, eid),\nranked AS (SELECT dim, eid, total, ROW_NUMBER() OVER (PARTITION BY dim ORDER BY total DESC, eid) AS rn FROM totals)\nSELECT dim AS ${d}, eid AS ${m.entityColumn}, ROUND(total, 2) AS ${m.column} FROM ranked WHERE rn = 1`),
        columns: [d, m.entityColumn, m.column],
        ordered: false,
      };
    case 'running-total': {
      const pc = periodColumn(p.fiscal);
      const cumulative = `cumulative_${m.column}`;
      return {
        sql: with_(`,\nper AS (SELECT fp, SUM(val) AS total FROM base WHERE fy = ${y} GROUP BY fp)\nSELECT fp AS ${pc}, ROUND(total, 2) AS ${m.column}, ROUND(SUM(total) OVER (ORDER BY fp), 2) AS ${cumulative} FROM per ORDER BY fp`),
        columns: [pc, m.column, cumulative],
        ordered: true,
      };
    }
    case 'cohort-retention': {
      const qc = p.fiscal ? 'fiscal_quarter' : 'quarter';
      return {
        sql: with_(`,\nactive AS (SELECT DISTINCT eid, fy * 4 + fq - 1 AS q FROM base),\nfirsts AS (SELECT eid, MIN(q) AS q FROM active GROUP BY eid)\nSELECT f.q - ${y * 4 - 1} AS ${qc}, COUNT(*) AS cohort_size, SUM(EXISTS (SELECT 1 FROM active a WHERE a.eid = f.eid AND a.q = f.q + 1)) AS retained\nFROM firsts f WHERE f.q BETWEEN ${y * 4} AND ${y * 4 + 3}\nGROUP BY f.q ORDER BY f.q`),
        columns: [qc, 'cohort_size', 'retained'],
        ordered: true,
      };
    }
    case 'average-per-entity': {
      const col = `avg_per_${m.entity}`;
      return { sql: with_(`\nSELECT dim AS ${d}, ROUND(SUM(val) / COUNT(DISTINCT eid), 2) AS ${col}\nFROM base WHERE fy = ${y}\nGROUP BY dim`), columns: [d, col], ordered: false };
    }
    case 'top-entities':
      return { sql: with_(`\nSELECT eid AS ${m.entityColumn}, ROUND(SUM(val), 2) AS ${m.column}\nFROM base WHERE fy = ${y}\nGROUP BY eid ORDER BY SUM(val) DESC, eid LIMIT 5`), columns: [m.entityColumn, m.column], ordered: true };
  }
}
