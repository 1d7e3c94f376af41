// Builds an episode's scenario from the seed: a domain, its generated tables, and one question with gold SQL.
import { z } from 'zod';
import type { Rng } from '../../framework/index.js';
import type { AnyDomain } from './domain-contract.js';
import { ecommerceDomain } from './domain-ecommerce.js';
import { hrDomain } from './domain-hr.js';
import { saasDomain } from './domain-saas.js';
import type { SqlScenario } from './types.js';

export const DOMAINS: readonly AnyDomain[] = [ecommerceDomain, saasDomain, hrDomain];
export const TEMPLATE_IDS = DOMAINS.flatMap((d) => d.templates.map((t) => t.id)) as [string, ...string[]];

/** Rows a submitted query may return, and rows any query reads before it stops counting. */
export const MAX_RESULT_ROWS = 10_000;

export const configSchema = z
  .strictObject({
    domain: z
      .enum(['any', ...DOMAINS.map((d) => d.id)] as [string, ...string[]])
      .default('any')
      .describe('Business domain of the database; "any" picks one from the seed'),
    template: z
      .enum(['any', ...TEMPLATE_IDS] as [string, ...string[]])
      .default('any')
      .describe('Question template id (e.g. "saas.plan_revenue_growth"); "any" picks one of the domain from the seed'),
    row_scale: z.number().min(0.5).max(3).default(1).describe('Multiplies the number of generated rows (1 = a few thousand rows in all)'),
    query_timeout_ms: z.number().int().min(200).max(20_000).default(2000).describe('Wall-clock limit of one query; a slower query is stopped'),
    page_rows: z.number().int().min(5).max(50).default(20).describe('Rows of a query result shown to the agent'),
  })
  .superRefine((config, ctx) => {
    if (config.template === 'any' || config.domain === 'any') return;
    if (!config.template.startsWith(`${config.domain}.`)) {
      ctx.addIssue({ code: 'custom', path: ['template'], message: `template "${config.template}" belongs to another domain than "${config.domain}"` });
    }
  });
export type SqlConfig = z.infer<typeof configSchema>;

export function generateScenario(rng: Rng, config: SqlConfig): SqlScenario {
  const domain =
    config.template !== 'any'
      ? DOMAINS.find((d) => config.template.startsWith(`${d.id}.`))!
      : config.domain !== 'any'
        ? DOMAINS.find((d) => d.id === config.domain)!
        : rng.fork('domain').pick(DOMAINS);
  // Forked streams: the data depend only on seed, domain and scale, not on which question is asked.
  const data = domain.generate(rng.fork(`data/${domain.id}`), config.row_scale);
  const template = config.template !== 'any' ? domain.templates.find((t) => t.id === config.template)! : rng.fork('template').pick(domain.templates);
  const question = { templateId: template.id, ...template.build(rng.fork(`question/${template.id}`), data) };
  return {
    domain: domain.id,
    domainTitle: domain.title,
    tables: domain.tables(data),
    question,
    limits: { timeoutMs: config.query_timeout_ms, pageRows: config.page_rows, maxRows: MAX_RESULT_ROWS },
  };
}
