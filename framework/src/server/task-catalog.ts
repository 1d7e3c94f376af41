// JSON Schemas and MCP tool lists of each task, computed once from the plugins' zod schemas.
import { z } from 'zod';
import type { RegisteredTask } from '../runtime/task-registry.js';
import { DEFAULT_EPISODE_POLICY } from '../runtime/episode-types.js';
import { stepRewardRange, type EpisodePolicy } from '../runtime/reward-ledger.js';
import { CATALOGUE_SIZE, familiesOf, levelsOf, splitsOf } from '../contract/scenario-catalogue.js';
import { observationSchemaFor, stateSchema } from '../contract/wire-schemas.js';

export type JsonSchema = Record<string, unknown>;

export interface McpTool {
  name: string;
  description: string;
  inputSchema: JsonSchema;
}

export interface TaskSchemas {
  action: JsonSchema;
  observation: JsonSchema;
  state: JsonSchema;
  tools: McpTool[];
  /** MCP tool name -> the action `type` value it stands for (null when the action has no `type`). */
  toolTypes: Map<string, string | null>;
}

/** Tool names the OpenEnv reference reserves for itself. */
const RESERVED_TOOL_NAMES = new Set(['reset', 'step', 'state', 'close']);

export function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  return json;
}

/** The object variants of an action schema: the options of a (discriminated) union, else the schema itself. */
function variantsOf(schema: z.ZodType): z.ZodType[] {
  const def = (schema as unknown as { def?: { type?: string; options?: z.ZodType[] } }).def;
  if (def?.type === 'union' && Array.isArray(def.options)) return def.options.flatMap(variantsOf);
  return [schema];
}

function typeLiteralOf(variantJson: JsonSchema): string | null {
  const props = variantJson.properties as Record<string, JsonSchema> | undefined;
  const type = props?.type;
  if (type && typeof type.const === 'string') return type.const;
  if (type && Array.isArray(type.enum) && type.enum.length === 1 && typeof type.enum[0] === 'string') return type.enum[0];
  return null;
}

function toolsOf(task: RegisteredTask): { tools: McpTool[]; toolTypes: Map<string, string | null> } {
  const tools: McpTool[] = [];
  const toolTypes = new Map<string, string | null>();
  for (const variant of variantsOf(task.plugin.actionSchema)) {
    const json = toJsonSchema(variant, 'input');
    const type = typeLiteralOf(json);
    let name = type ?? 'act';
    if (RESERVED_TOOL_NAMES.has(name)) name = `action_${name}`;
    const inputSchema: JsonSchema = { ...json };
    if (type !== null) {
      const { type: _dropped, ...rest } = (json.properties ?? {}) as Record<string, unknown>;
      inputSchema.properties = rest;
      inputSchema.required = ((json.required as string[] | undefined) ?? []).filter((k) => k !== 'type');
    }
    const description = (json.description as string | undefined) ?? `${task.metadata.title}: ${name}`;
    delete inputSchema.description;
    tools.push({ name, description, inputSchema });
    toolTypes.set(name, type);
  }
  return { tools, toolTypes };
}

export class TaskCatalog {
  private readonly cache = new Map<string, TaskSchemas>();

  constructor(private readonly policy: EpisodePolicy = DEFAULT_EPISODE_POLICY) {}

  schemasOf(task: RegisteredTask): TaskSchemas {
    const cached = this.cache.get(task.metadata.id);
    if (cached) return cached;
    const { tools, toolTypes } = toolsOf(task);
    const schemas: TaskSchemas = {
      action: toJsonSchema(task.plugin.actionSchema, 'input'),
      observation: toJsonSchema(observationSchemaFor(task.plugin.observationSchema ?? z.unknown()), 'output'),
      state: toJsonSchema(stateSchema, 'output'),
      tools,
      toolTypes,
    };
    this.cache.set(task.metadata.id, schemas);
    return schemas;
  }

  /** The GET /tasks entry of a task. */
  describe(task: RegisteredTask) {
    const schemas = this.schemasOf(task);
    return {
      id: task.metadata.id,
      title: task.metadata.title,
      difficulty: task.metadata.difficulty,
      description: task.metadata.description,
      max_steps: task.metadata.maxSteps,
      levels: levelsOf(task.plugin).map((level, i) => ({ number: i + 1, name: level.name, description: level.description, config: level.config })),
      splits: splitsOf(task.plugin).map((split) => ({
        name: split,
        num_tasks_per_level: CATALOGUE_SIZE[split],
        families: familiesOf(task.plugin, split).length,
      })),
      split_basis: task.plugin.families && task.plugin.families.length > 0 ? 'generator-family' : 'seed',
      reward_range: stepRewardRange(this.policy, typeof task.plugin.potential === 'function', task.metadata.maxSteps),
      corrections: task.plugin.corrections ? 'budgeted: see corrections_left in the observation' : null,
      action_schema: schemas.action,
      observation_schema: schemas.observation,
      has_grader: true,
      grader: { endpoint: 'POST /grader', module: task.source },
    };
  }
}
