// The registry of loaded tasks: validates each plugin against the contract and resolves tasks by name.
import { z } from 'zod';
import { DIFFICULTIES, type TaskMetadata, type TaskPlugin } from '../contract/plugin-contract.js';
import { OpenEnvError } from '../contract/errors.js';
import { catalogueProblems } from '../contract/scenario-catalogue.js';
import { MAX_TASK_ID_LENGTH, clipText } from '../contract/input-bounds.js';
import { checkConfigDefaults, checkSchemasConvertLosslessly } from './plugin-schema-checks.js';

/** A loaded task: its metadata, its single plugin instance and the file it came from. */
export interface RegisteredTask {
  readonly metadata: TaskMetadata;
  readonly plugin: TaskPlugin;
  readonly source: string;
}

const metadataSchema = z.strictObject({
  id: z.string().max(MAX_TASK_ID_LENGTH).regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, 'must be lowercase kebab-case, e.g. "ticket-triage"'),
  title: z.string().min(1),
  difficulty: z.enum(DIFFICULTIES as [string, ...string[]]),
  maxSteps: z.number().int().min(1).max(100_000),
  description: z.string().min(1),
  graderVersion: z
    .string({ error: 'is missing: declare the version of grade() (e.g. graderVersion: "1") and bump it whenever a grader change can move a score' })
    .regex(/^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/, 'must be 1-64 characters of A-Z a-z 0-9 . _ + - (e.g. "1" or "2026.11.2")'),
});

const REQUIRED_METHODS = ['generate', 'initialState', 'transition', 'observe', 'grade', 'solve'] as const;

function isZodSchema(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { safeParse?: unknown }).safeParse === 'function';
}

/** Every way a task fails the contract, as readable sentences (empty when it is fine). */
export function contractProblems(metadata: unknown, plugin: unknown): string[] {
  const problems: string[] = [];
  const meta = metadataSchema.safeParse(metadata);
  if (!meta.success) {
    for (const issue of meta.error.issues) {
      problems.push(`@Task metadata field "${issue.path.join('.') || '(root)'}": ${issue.message}`);
    }
  }
  if (typeof plugin !== 'object' || plugin === null) {
    problems.push('the plugin class could not be instantiated as an object');
    return problems;
  }
  const candidate = plugin as Record<string, unknown>;
  for (const method of REQUIRED_METHODS) {
    if (typeof candidate[method] !== 'function') problems.push(`missing method ${method}()`);
  }
  if (!isZodSchema(candidate.actionSchema)) problems.push('missing actionSchema (a zod schema)');
  for (const optional of ['configSchema', 'observationSchema'] as const) {
    if (candidate[optional] !== undefined && !isZodSchema(candidate[optional])) {
      problems.push(`${optional} must be a zod schema when given`);
    }
  }
  for (const optional of ['dispose', 'potential', 'repeatKey', 'render'] as const) {
    if (candidate[optional] !== undefined && typeof candidate[optional] !== 'function') problems.push(`${optional} must be a method when given`);
  }
  const corrections = candidate.corrections as { key?: unknown; budget?: unknown } | undefined;
  if (corrections !== undefined && (typeof corrections?.key !== 'function' || typeof corrections?.budget !== 'function')) {
    problems.push('corrections must have key(action) and budget(config) methods when given');
  }
  problems.push(...catalogueProblems(plugin as TaskPlugin));
  return problems;
}

/** Edit distance, for "did you mean" suggestions. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = current;
    }
  }
  return row[b.length]!;
}

export class TaskRegistry {
  private readonly tasks = new Map<string, RegisteredTask>();

  /**
   * Adds a task, refusing a contract violation, a config without defaults, a schema JSON Schema cannot express
   * or a duplicate id, with a message naming the file(s) and the task id.
   */
  add(task: RegisteredTask): void {
    const problems = contractProblems(task.metadata, task.plugin);
    if (problems.length > 0) {
      const name = (task.metadata as Partial<TaskMetadata> | undefined)?.id ?? '(unnamed)';
      throw new OpenEnvError(
        'PLUGIN_CONTRACT',
        `${task.source}: task "${name}" does not satisfy the plugin contract: ${problems.join('; ')}`,
        { source: task.source, problems },
      );
    }
    // Mistakes that would otherwise surface later and blame the wrong party (the caller, or the agent reading the schema).
    const who = { source: task.source, id: task.metadata.id };
    checkConfigDefaults(task.plugin, who);
    checkSchemasConvertLosslessly(task.plugin, who);
    const existing = this.tasks.get(task.metadata.id);
    if (existing) {
      throw new OpenEnvError(
        'DUPLICATE_TASK',
        `${task.source}: task id "${task.metadata.id}" is already declared in ${existing.source}`,
        { id: task.metadata.id, sources: [existing.source, task.source] },
      );
    }
    this.tasks.set(task.metadata.id, task);
  }

  /** Every task, in the order the manifest loaded them. */
  list(): RegisteredTask[] {
    return [...this.tasks.values()];
  }

  ids(): string[] {
    return [...this.tasks.keys()];
  }

  has(id: string): boolean {
    return this.tasks.has(id);
  }

  /** The task with this id, or an UNKNOWN_TASK error that lists the known ids and the nearest one. */
  get(id: string): RegisteredTask {
    const task = this.tasks.get(id);
    if (task) return task;
    const known = this.ids();
    // No id is longer than MAX_TASK_ID_LENGTH, so a longer name has no near match worth the search.
    const nearest = id.length > MAX_TASK_ID_LENGTH ? undefined : known
      .map((k) => ({ k, d: distance(id.toLowerCase(), k) }))
      .sort((a, b) => a.d - b.d)[0];
    const suggestion = nearest && nearest.d <= Math.max(2, Math.floor(id.length / 3)) ? ` Did you mean "${nearest.k}"?` : '';
    const quoted = clipText(id, 64);
    throw new OpenEnvError(
      'UNKNOWN_TASK',
      `Unknown task "${quoted}".${suggestion} Known tasks: ${known.join(', ') || '(none)'}.`,
      { task: quoted, known_tasks: known },
    );
  }
}
