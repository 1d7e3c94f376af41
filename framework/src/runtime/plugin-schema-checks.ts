// Load-time and development-time checks of a plugin's zod schemas: config defaults, lossless JSON Schemas, observation data.
import { z } from 'zod';
import { OpenEnvError } from '../contract/errors.js';
import type { TaskPlugin } from '../contract/plugin-contract.js';

/** Who a problem belongs to: the plugin file (as the manifest names it) and the task id it declares. */
export interface PluginIdentity {
  readonly source: string;
  readonly id: string;
}

/** A zod issue as "path: message", the path dotted ("(root)" for the schema itself). */
function describeIssue(issue: z.core.$ZodIssue): string {
  return `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`;
}

/**
 * Refuses a configSchema that `parse({})` rejects. Callers may send no config at all (a reset names only a level),
 * so every knob needs a default; without one, the caller would be told "config.x: Field required" for a bug
 * that is the plugin author's.
 */
export function checkConfigDefaults(plugin: TaskPlugin, who: PluginIdentity): void {
  if (!plugin.configSchema) return;
  const parsed = plugin.configSchema.safeParse({});
  if (parsed.success) return;
  const fields = parsed.error.issues.map(describeIssue);
  throw new OpenEnvError(
    'PLUGIN_CONFIG_DEFAULTS',
    `${who.source}: task "${who.id}": configSchema.parse({}) fails, so a reset without a config cannot start: ${fields.join('; ')}. ` +
      'Give each of these fields a default (.default(...)) or make it optional',
    { source: who.source, task: who.id, fields },
  );
}

/** The schemas agents and tools read as JSON Schema, and the direction each is read in. */
const PUBLISHED_SCHEMAS = [
  { member: 'actionSchema', io: 'input' },
  { member: 'configSchema', io: 'input' },
  { member: 'observationSchema', io: 'output' },
] as const;

/**
 * Refuses a schema JSON Schema cannot express (z.date(), z.bigint(), z.map(), z.custom(), a transform read as
 * output, ...). Left alone, zod would write `{}` for it and agents would be told "anything goes" for a field
 * the plugin in fact constrains.
 */
export function checkSchemasConvertLosslessly(plugin: TaskPlugin, who: PluginIdentity): void {
  for (const { member, io } of PUBLISHED_SCHEMAS) {
    const schema = plugin[member];
    if (!schema) continue;
    try {
      z.toJSONSchema(schema, { io, unrepresentable: 'throw' });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new OpenEnvError(
        'PLUGIN_SCHEMA_LOSSY',
        `${who.source}: task "${who.id}": ${member} cannot be written as JSON Schema without loss (${reason}). ` +
          'Use types JSON Schema can express: an ISO date string (z.iso.datetime()) instead of z.date(), numbers instead of bigint, ' +
          'arrays and objects instead of Map and Set, no transforms or custom checks in place of a type',
        { source: who.source, task: who.id, schema: member, reason },
      );
    }
  }
}

/** Every way `data` misses the plugin's observationSchema, as "path: message" (empty when it matches or there is no schema). */
export function observationProblems(plugin: TaskPlugin, data: unknown): string[] {
  if (!plugin.observationSchema) return [];
  const parsed = plugin.observationSchema.safeParse(data);
  return parsed.success ? [] : parsed.error.issues.map(describeIssue);
}

/** Throws PLUGIN_OBSERVATION_INVALID when observe() returned data its own observationSchema rejects. */
export function checkObservationData(plugin: TaskPlugin, who: PluginIdentity, data: unknown): void {
  const problems = observationProblems(plugin, data);
  if (problems.length === 0) return;
  throw new OpenEnvError(
    'PLUGIN_OBSERVATION_INVALID',
    `${who.source}: task "${who.id}": observe() returned data that does not match its observationSchema: ${problems.join('; ')}`,
    { source: who.source, task: who.id, problems },
  );
}

/**
 * Whether observations are checked against observationSchema at run time: development mode, switched on by
 * OPENENV_DEV=1 or NODE_ENV=development. Off otherwise, since every observation would be parsed twice.
 */
export function developmentChecksEnabled(env: NodeJS.ProcessEnv): boolean {
  return env.OPENENV_DEV === '1' || env.OPENENV_DEV === 'true' || env.NODE_ENV === 'development';
}
