// Policies that try to score without doing the work, built from the task's action schema alone.
import type { JsonSchema } from '../../server/task-catalog.js';
import type { Rng } from '../../contract/seeded-random.js';
import { CHECK } from './check-ids.js';
import type { AuditPolicy } from './episode-driver.js';
import { actionSampler, extremeActions, schemaVariants } from './random-actions.js';

/** What a generic policy may know about the task: its action schema and whether it has a submit action. */
export interface PolicyContext {
  readonly actionSchema: JsonSchema;
  readonly hasSubmit: boolean;
  readonly maxSteps: number;
  readonly rng: Rng;
}

export interface NamedPolicy {
  readonly checkId: string;
  readonly name: string;
  make(ctx: PolicyContext): AuditPolicy;
}

const SUBMIT = { type: 'submit' };

/** Every string leaf of an observation's structured data (where answers leak, if they do). */
function stringsIn(value: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 6 || out.length > 2000) return out;
  if (typeof value === 'string' && value.length > 0 && value.length <= 200) out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out, depth + 1);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) stringsIn(v, out, depth + 1);
  return out;
}

/** The free-text fields of each action variant (by its `type`): strings with no enum, const or pattern to break. */
function freeTextFields(actionSchema: JsonSchema): Map<string, Set<string>> {
  const fields = new Map<string, Set<string>>();
  for (const variant of schemaVariants(actionSchema)) {
    const properties = (variant.properties ?? {}) as Record<string, Record<string, unknown>>;
    const type = properties.type?.const ?? (Array.isArray(properties.type?.enum) ? (properties.type!.enum as unknown[])[0] : undefined);
    const free = Object.entries(properties)
      .filter(([key, p]) => key !== 'type' && p.type === 'string' && p.enum === undefined && p.const === undefined && p.pattern === undefined)
      .map(([key]) => key);
    fields.set(String(type ?? ''), new Set(free));
  }
  return fields;
}

/** A copy of `action` whose free-text fields are replaced by `pick()`, so the action stays valid. */
function withStrings(action: unknown, free: Map<string, Set<string>>, pick: () => string): unknown {
  if (!action || typeof action !== 'object' || Array.isArray(action)) return action;
  const record = action as Record<string, unknown>;
  const fields = free.get(String(record.type ?? '')) ?? new Set<string>();
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, fields.has(key) ? pick() : value]));
}

export const TRIVIAL_POLICIES: readonly NamedPolicy[] = [
  { checkId: CHECK.floor, name: 'end-at-once', make: (ctx) => (view) => (view.step === 0 && ctx.hasSubmit ? SUBMIT : null) },
  { checkId: CHECK.floor, name: 'do-nothing', make: () => () => null },
  {
    checkId: CHECK.repeat,
    name: 'repeat-one-action',
    make: (ctx) => {
      const draw = actionSampler(ctx.actionSchema, ctx.rng);
      let action: unknown = draw();
      // a submit would end the episode at once, which end-at-once already covers
      for (let i = 0; i < 20 && (action as { type?: unknown })?.type === 'submit'; i++) action = draw();
      return () => action;
    },
  },
  {
    checkId: CHECK.invalid,
    name: 'invalid-actions',
    make: (ctx) => {
      const invalid = [{ type: '__not_an_action__' }, {}, { type: 'submit', __extra__: true }, { unexpected: [1, 2, 3] }];
      return (view) => (view.step === 0 ? invalid[Math.floor(ctx.rng.next() * invalid.length)] : null);
    },
  },
  {
    checkId: CHECK.extreme,
    name: 'empty-and-huge-strings',
    make: (ctx) => {
      const actions = extremeActions(ctx.actionSchema);
      let i = 0;
      return () => (i < actions.length ? actions[i++] : ctx.hasSubmit && i++ === actions.length ? SUBMIT : null);
    },
  },
  {
    checkId: CHECK.random,
    name: 'random-valid-actions',
    make: (ctx) => {
      const draw = actionSampler(ctx.actionSchema, ctx.rng);
      return (view) => (view.step >= ctx.maxSteps - 1 && ctx.hasSubmit ? SUBMIT : draw());
    },
  },
  {
    checkId: CHECK.echo,
    name: 'echo-observation',
    make: (ctx) => {
      const draw = actionSampler(ctx.actionSchema, ctx.rng);
      const free = freeTextFields(ctx.actionSchema);
      return (view) => {
        if (view.step >= ctx.maxSteps - 1 && ctx.hasSubmit) return SUBMIT;
        const pool = stringsIn(view.observation.data);
        if (pool.length === 0) return draw();
        return withStrings(draw(), free, () => pool[Math.floor(ctx.rng.next() * pool.length)]!);
      };
    },
  },
];
