// Builds an episode's scenario from the seed: a domain, its generated tables, and one question with gold SQL.
import { z } from 'zod';
import { OpenEnvError, type Rng, type ScenarioContext } from 'openenv-ts';
import { DOMAINS, familyOfTemplate, TEMPLATE_IDS } from './families.js';
import type { SqlScenario } from './types.js';

export { DOMAINS, TEMPLATE_IDS } from './families.js';

/** Rows a submitted query may return, and rows any query reads before it stops counting. */
export const MAX_RESULT_ROWS = 10_000;
/** The task's step limit: a query budget this large never binds (the default, today's behaviour). */
export const UNLIMITED_QUERIES = 20;

export const configSchema = z
  .strictObject({
    domain: z
      .enum(['any', ...DOMAINS.map((d) => d.id)] as [string, ...string[]])
      .default('any')
      .describe('Business domain of the database; "any" picks one from the seed'),
    template: z
      .enum(['any', ...TEMPLATE_IDS] as [string, ...string[]])
      .default('any')
      .describe('Question template id (e.g. "saas.plan_revenue_growth"); "any" picks one of the split\'s templates of the domain from the seed. A pinned template must belong to the split played'),
    row_scale: z.number().min(0.5).max(3).default(1).describe('Multiplies the number of generated rows (1 = a few thousand rows in all)'),
    query_timeout_ms: z.number().int().min(200).max(20_000).default(2000).describe('Wall-clock limit of one query; a slower query is stopped'),
    page_rows: z.number().int().min(5).max(50).default(20).describe('Rows of a query result shown to the agent'),
    sample_rows: z.number().int().min(0).max(3).default(3).describe('Sample rows per table shown in the prompt (0 = none: the data must be looked at with queries)'),
    query_budget: z
      .number()
      .int()
      .min(0)
      .max(UNLIMITED_QUERIES)
      .default(UNLIMITED_QUERIES)
      .describe(`Exploratory queries allowed before the submit (failed ones count); ${UNLIMITED_QUERIES} = only the step limit binds`),
  })
  .superRefine((config, ctx) => {
    if (config.template === 'any' || config.domain === 'any') return;
    if (!config.template.startsWith(`${config.domain}.`)) {
      ctx.addIssue({ code: 'custom', path: ['template'], message: `template "${config.template}" belongs to another domain than "${config.domain}"` });
    }
  });
export type SqlConfig = z.infer<typeof configSchema>;

/** Where the scenario sits: the split (for messages) and the families it may draw from (empty: all). */
export type GenerationContext = Pick<ScenarioContext, 'split' | 'families'>;

/**
 * The scenario of a seed. Only templates of `context.families` are asked, so a held-out split's question
 * wording and gold query shape never appear in another split. A pinned template outside them is refused:
 * honouring it would hand one split's questions to another.
 */
export function generateScenario(rng: Rng, config: SqlConfig, context: GenerationContext = { split: 'train', families: [] }): SqlScenario {
  const allowed = (templateId: string) => context.families.length === 0 || context.families.includes(familyOfTemplate(templateId));
  if (config.template !== 'any' && !allowed(config.template)) {
    // A caller's choice, not a plugin bug: a 422 naming the knob, not a PLUGIN_ERROR.
    const message =
      `template "${config.template}" (family ${familyOfTemplate(config.template)}) is not used by the ${context.split} split; ` +
      `its families are ${context.families.join(', ')}`;
    throw new OpenEnvError('INVALID_REQUEST', message, {
      errors: [{ type: 'template_not_in_split', loc: ['body', 'config', 'template'], msg: message, input: config.template }],
    });
  }
  const candidates = DOMAINS.filter((d) => (config.domain === 'any' || d.id === config.domain) && d.templates.some((t) => allowed(t.id)));
  const domain = config.template !== 'any' ? DOMAINS.find((d) => config.template.startsWith(`${d.id}.`))! : rng.fork('domain').pick(candidates);
  // Forked streams: the data depend only on seed, domain and scale, not on which question is asked.
  const data = domain.generate(rng.fork(`data/${domain.id}`), config.row_scale);
  const template =
    config.template !== 'any' ? domain.templates.find((t) => t.id === config.template)! : rng.fork('template').pick(domain.templates.filter((t) => allowed(t.id)));
  const question = { templateId: template.id, ...template.build(rng.fork(`question/${template.id}`), data) };
  return {
    domain: domain.id,
    domainTitle: domain.title,
    family: familyOfTemplate(template.id),
    tables: domain.tables(data),
    question,
    limits: {
      timeoutMs: config.query_timeout_ms,
      pageRows: config.page_rows,
      maxRows: MAX_RESULT_ROWS,
      sampleRows: config.sample_rows,
      queryBudget: config.query_budget,
    },
  };
}
