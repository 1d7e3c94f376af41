// Random and extreme actions drawn from JSON Schemas pass the zod schema they came from, for every served task.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { actionSampler, extremeActions, schemaVariants, UNBOUNDED_STRING_LENGTH, stringForPattern } from 'openenv-ts/audit';
import { createEnvironment, Rng } from 'openenv-ts';
import { toJsonSchema } from 'openenv-ts/server';
import type { RegisteredTask } from 'openenv-ts';
import { DEFAULT_MANIFEST, ECHO_MANIFEST, ROOT } from '../helpers/start-server.js';

const TRIAGE_V1_MANIFEST = path.join(ROOT, 'test', 'fixtures', 'triage-v1', 'openenv.plugins.json');
const SAMPLES = 500;

function issuesOf(schema: z.ZodType, value: unknown): string {
  const parsed = schema.safeParse(value);
  return parsed.success ? '' : `${JSON.stringify(value).slice(0, 300)}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`;
}

function samplesOf(schema: z.ZodType, seed = 1, count = SAMPLES): unknown[] {
  const draw = actionSampler(toJsonSchema(schema, 'input'), new Rng(seed, 'test'));
  return Array.from({ length: count }, draw);
}

/** Every string leaf of a value, by dotted path. */
function stringLeaves(value: unknown, at = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[at, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringLeaves(v, `${at}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, at ? `${at}.${k}` : k));
  return [];
}

const loaded: RegisteredTask[] = [];
async function servedTasks(): Promise<RegisteredTask[]> {
  if (loaded.length === 0) {
    for (const manifestPath of [DEFAULT_MANIFEST, ECHO_MANIFEST, TRIAGE_V1_MANIFEST]) {
      loaded.push(...(await createEnvironment({ manifestPath, env: {} })).registry.list());
    }
  }
  return loaded;
}

describe('actionSampler on every served task', () => {
  it('loads the shipped tasks, echo and triage-v1', async () => {
    const ids = (await servedTasks()).map((t) => t.metadata.id).sort();
    expect(ids).toEqual(['data-cleaning', 'echo', 'lead-optimization', 'sql-analytics', 'ticket-triage', 'triage-v1', 'web-navigation']);
  });

  it(`draws ${SAMPLES} actions per task that all pass the task's zod actionSchema, covering every variant`, async () => {
    for (const task of await servedTasks()) {
      const json = toJsonSchema(task.plugin.actionSchema, 'input');
      const draw = actionSampler(json, new Rng(7, task.metadata.id));
      const kinds = new Set<string>();
      const failures: string[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const action = draw();
        kinds.add(String((action as { type?: unknown }).type));
        const problem = issuesOf(task.plugin.actionSchema, action);
        if (problem) failures.push(problem);
      }
      expect(failures, task.metadata.id).toEqual([]);
      expect(kinds.size, `${task.metadata.id} variants seen`).toBe(schemaVariants(json).length);
    }
  });

  it('gives the same actions for the same seed and different ones for another seed', async () => {
    const task = (await servedTasks()).find((t) => t.metadata.id === 'data-cleaning')!;
    const json = toJsonSchema(task.plugin.actionSchema, 'input');
    const run = (seed: number) => { const d = actionSampler(json, new Rng(seed)); return JSON.stringify(Array.from({ length: 50 }, d)); };
    expect(run(3)).toBe(run(3));
    expect(run(3)).not.toBe(run(4));
  });
});

describe('extremeActions on every served task', () => {
  it('are all valid actions, two per variant that has strings or numbers', async () => {
    for (const task of await servedTasks()) {
      const json = toJsonSchema(task.plugin.actionSchema, 'input');
      const extremes = extremeActions(json);
      expect(extremes.map((a) => issuesOf(task.plugin.actionSchema, a)).filter(Boolean), task.metadata.id).toEqual([]);
      expect(extremes.length).toBeGreaterThanOrEqual(schemaVariants(json).length);
    }
  });

  it('stretch each string to its maxLength and shrink it to its minLength', async () => {
    const byId = new Map((await servedTasks()).map((t) => [t.metadata.id, t]));
    const leaves = (id: string) => extremeActions(toJsonSchema(byId.get(id)!.plugin.actionSchema, 'input')).flatMap((a) => stringLeaves(a).filter(([k]) => k !== 'type'));
    const sql = leaves('sql-analytics').map(([, v]) => v.length);
    expect(sql).toContain(0);
    expect(sql).toContain(20_000);
    // classify and investigate both carry a ticket_id: each is stretched and shrunk.
    const triage = leaves('ticket-triage').filter(([k]) => k === 'ticket_id').map(([, v]) => v.length);
    expect(triage.sort((a, b) => a - b)).toEqual([1, 1, 40, 40]);
    const filterValues = leaves('data-cleaning').filter(([k]) => k === 'filter_value').map(([, v]) => v.length);
    expect(filterValues.sort((a, b) => a - b)).toEqual([0, 100]);
  });

  it('put numbers at their bounds and include optional fields', async () => {
    const task = (await servedTasks()).find((t) => t.metadata.id === 'data-cleaning')!;
    const views = extremeActions(toJsonSchema(task.plugin.actionSchema, 'input')).filter((a) => (a as { type: string }).type === 'view');
    expect(views).toContainEqual(expect.objectContaining({ offset: 0, limit: 1, filter_value: '' }));
    expect(views).toContainEqual(expect.objectContaining({ offset: 1000, limit: 40 }));
    const deletes = extremeActions(toJsonSchema(task.plugin.actionSchema, 'input')).filter((a) => (a as { type: string }).type === 'delete_row');
    expect(deletes.map((a) => (a as { row_id: number }).row_id).sort((a, b) => a - b)).toEqual([0, Number.MAX_SAFE_INTEGER]);
  });

  it('list a field-less variant once', () => {
    const schema = z.discriminatedUnion('type', [z.strictObject({ type: z.literal('submit') }), z.strictObject({ type: z.literal('say'), text: z.string() })]);
    const extremes = extremeActions(toJsonSchema(schema, 'input'));
    expect(extremes.filter((a) => (a as { type: string }).type === 'submit')).toHaveLength(1);
    expect(extremes).toContainEqual({ type: 'say', text: '' });
    expect(extremes).toContainEqual({ type: 'say', text: expect.stringMatching(new RegExp(`^.{${UNBOUNDED_STRING_LENGTH}}$`, 's')) });
  });
});

describe('actionSampler on hand-made schemas', () => {
  it('keeps strings within minLength and maxLength, sometimes at the bounds', () => {
    const schema = z.strictObject({ s: z.string().min(3).max(5) });
    const lengths = samplesOf(schema).map((a) => (a as { s: string }).s.length);
    expect(Math.min(...lengths)).toBe(3);
    expect(Math.max(...lengths)).toBe(5);
  });

  it('matches simple patterns', () => {
    const schema = z.strictObject({ id: z.string().regex(/^TCK-\d{4}$/), code: z.string().regex(/^(ab|cd)[x-z]+_?[^a-z]{2}$/) });
    const values = samplesOf(schema);
    expect(values.map((v) => issuesOf(schema, v)).filter(Boolean)).toEqual([]);
    expect(new Set(values.map((v) => (v as { id: string }).id)).size).toBeGreaterThan(100);
  });

  it('draws string formats zod checks with patterns (email, uuid, date, datetime)', () => {
    const schema = z.strictObject({ e: z.email(), u: z.uuid(), d: z.iso.date(), t: z.iso.datetime() });
    expect(samplesOf(schema, 2, 100).map((v) => issuesOf(schema, v)).filter(Boolean)).toEqual([]);
  });

  it('respects inclusive and exclusive numeric bounds and multipleOf', () => {
    const schema = z.strictObject({
      i: z.number().int().gt(-3).lt(3),
      f: z.number().gt(0).lt(1),
      m: z.number().int().multipleOf(5).min(10).max(40),
      wide: z.number().int().min(0),
    });
    const values = samplesOf(schema);
    expect(values.map((v) => issuesOf(schema, v)).filter(Boolean)).toEqual([]);
    const ints = new Set(values.map((v) => (v as { i: number }).i));
    expect([...ints].sort()).toEqual([-1, -2, 0, 1, 2].sort());
    // Unbounded-above integers stay small most of the time: a huge id teaches a random policy nothing.
    expect(values.filter((v) => (v as { wide: number }).wide <= 1000).length).toBeGreaterThan(SAMPLES * 0.7);
  });

  it('includes optional properties sometimes, never unknown keys', () => {
    const schema = z.strictObject({ need: z.boolean(), maybe: z.string().optional(), nullable: z.number().nullable() });
    const values = samplesOf(schema);
    expect(values.map((v) => issuesOf(schema, v)).filter(Boolean)).toEqual([]);
    const withMaybe = values.filter((v) => 'maybe' in (v as object)).length;
    expect(withMaybe).toBeGreaterThan(SAMPLES * 0.3);
    expect(withMaybe).toBeLessThan(SAMPLES * 0.7);
    expect(values.every((v) => Object.keys(v as object).every((k) => ['need', 'maybe', 'nullable'].includes(k)))).toBe(true);
    expect(values.some((v) => (v as { nullable: unknown }).nullable === null)).toBe(true);
  });

  it('fills arrays, tuples, enum-keyed records and free records within their bounds', () => {
    const schema = z.strictObject({
      list: z.array(z.enum(['a', 'b'])).min(1).max(4),
      pair: z.tuple([z.string().max(2), z.number().int().min(0).max(1)]),
      byColour: z.record(z.enum(['red', 'blue']), z.number().int()),
      free: z.record(z.string(), z.boolean()),
      nested: z.object({ deep: z.array(z.strictObject({ k: z.literal(1) })).max(2) }),
    });
    expect(samplesOf(schema).map((v) => issuesOf(schema, v)).filter(Boolean)).toEqual([]);
    expect(extremeActions(toJsonSchema(schema, 'input')).map((v) => issuesOf(schema, v)).filter(Boolean)).toEqual([]);
  });

  it('follows $ref in recursive schemas and stops', () => {
    interface Tree { name: string; children: Tree[] }
    const tree: z.ZodType<Tree> = z.lazy(() => z.strictObject({ name: z.string().max(8), children: z.array(tree).max(2) }));
    const schema = z.strictObject({ type: z.literal('plant'), tree });
    expect(samplesOf(schema, 5, 100).map((v) => issuesOf(schema, v)).filter(Boolean)).toEqual([]);
  });

  it('draws from plain unions (anyOf) and intersections (allOf)', () => {
    const schema = z.union([z.strictObject({ a: z.string() }), z.object({ b: z.number() }).and(z.object({ c: z.boolean() }))]);
    const values = samplesOf(schema);
    expect(values.map((v) => issuesOf(schema, v)).filter(Boolean)).toEqual([]);
    expect(values.some((v) => 'c' in (v as object))).toBe(true);
  });
});

describe('stringForPattern', () => {
  it('returns null for patterns outside the subset rather than a wrong string', () => {
    expect(stringForPattern('^(?=.*\\d)abc$', new Rng(1), 'random')).toBeNull();
    expect(stringForPattern('(a)\\1', new Rng(1), 'random')).toBeNull();
  });

  it('gives the shortest and longest strings in short and long modes', () => {
    expect(stringForPattern('^x{2,5}$', new Rng(1), 'short')).toBe('xx');
    expect(stringForPattern('^x{2,5}$', new Rng(1), 'long')).toBe('xxxxx');
  });

  it('refuses a draw that breaks the length bounds', () => {
    expect(stringForPattern('^a{5}$', new Rng(1), 'random', 0, 4)).toBeNull();
  });
});
