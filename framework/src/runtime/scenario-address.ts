// Turns a reset's (split, level, index or seed, config) into one scenario: the one place a generator is seeded.
import { randomInt } from 'node:crypto';
import { contentDigest } from '../contract/canonical-json.js';
import { OpenEnvError } from '../contract/errors.js';
import { callPlugin } from './plugin-calls.js';
import type { ScenarioContext, SplitName } from '../contract/plugin-contract.js';
import { CATALOGUE_SIZE, checkIndex, chooseLevel, chooseSplit, familiesOf, type ChosenLevel } from '../contract/scenario-catalogue.js';
import { Rng } from '../contract/seeded-random.js';
import type { RegisteredTask } from './task-registry.js';
import { summarizeDetail, validationDetail } from '../contract/validation-detail.js';

/** What a reset may say about the scenario to play. */
export interface ScenarioRequest {
  /** Picks the index (seed mod the split's size) when no index is given; a random index when both are absent. */
  readonly seed?: number | null;
  /** Default "train": a plain seeded reset never plays held-out scenarios by accident. */
  readonly split?: string | null;
  readonly index?: number | null;
  /** A level name or 1-based number; default the first (easiest). */
  readonly level?: string | number | null;
  /** Knob values over the level's preset, validated by the plugin's configSchema. */
  readonly config?: unknown;
}

/** A scenario and its address in the catalogue. */
export interface ResolvedScenario {
  readonly split: SplitName;
  readonly level: ChosenLevel;
  readonly index: number;
  /** The seed the reset asked for (else the index): reported back once the episode is over. */
  readonly seed: number;
  readonly config: unknown;
  readonly context: ScenarioContext;
  readonly scenario: unknown;
  /** sha256 of the scenario's canonical JSON: pins what this address plays, across processes and machines. */
  readonly digest: string;
}

/** Parses a reset's config over the level's preset; unknown or wrong knobs are a 422 naming the field. */
export function parseConfig(task: RegisteredTask, level: ChosenLevel, raw: unknown): unknown {
  const schema = task.plugin.configSchema;
  if (!schema) {
    if (raw !== undefined && raw !== null) {
      throw new OpenEnvError('INVALID_REQUEST', `Task "${task.metadata.id}" takes no config`, {
        errors: [{ type: 'extra_forbidden', loc: ['body', 'config'], msg: 'this task takes no config', input: raw }],
      });
    }
    return undefined;
  }
  const merged = { ...(level.level.config as object), ...((raw ?? {}) as object) };
  const parsed = schema.safeParse(merged);
  if (parsed.success) return parsed.data;
  const detail = validationDetail(parsed.error, merged, ['body', 'config']);
  throw new OpenEnvError('INVALID_REQUEST', `Invalid config for task "${task.metadata.id}" at level "${level.level.name}": ${summarizeDetail(detail)}`, {
    errors: detail,
  });
}

/** The index a request addresses: explicit, from the seed, or drawn at random. */
function indexOf(split: SplitName, request: ScenarioRequest): number {
  if (request.index !== undefined && request.index !== null) return checkIndex(split, request.index);
  if (request.seed !== undefined && request.seed !== null) {
    if (!Number.isSafeInteger(request.seed) || request.seed < 0) {
      throw new OpenEnvError('INVALID_REQUEST', `seed must be a non-negative integer, got ${request.seed}`, {
        errors: [{ type: 'greater_than_equal', loc: ['body', 'seed'], msg: 'seed must be a non-negative integer', input: request.seed }],
      });
    }
    return request.seed % CATALOGUE_SIZE[split];
  }
  return randomInt(0, CATALOGUE_SIZE[split]);
}

/** Validates a scenario request without generating anything (reset checks this before touching a session). */
export function planScenario(task: RegisteredTask, request: ScenarioRequest) {
  const split = chooseSplit(task.metadata.id, task.plugin, request.split);
  const level = chooseLevel(task.metadata.id, task.plugin, request.level);
  const index = indexOf(split, request);
  const config = parseConfig(task, level, request.config);
  const seed = request.index === undefined || request.index === null ? (request.seed ?? index) : index;
  return { split, level, index, seed, config };
}

/** Generates the scenario a request addresses. The same address always gives the same scenario and digest. */
export async function resolveScenario(task: RegisteredTask, request: ScenarioRequest): Promise<ResolvedScenario> {
  const plan = planScenario(task, request);
  const context: ScenarioContext = {
    level: plan.level.level.name,
    levelNumber: plan.level.number,
    split: plan.split,
    families: familiesOf(task.plugin, plan.split),
  };
  // Each split is its own generator stream: index i of train and index i of test share nothing.
  const rng = new Rng(plan.index, `${task.metadata.id}/${plan.split}`);
  const scenario = await callPlugin(task, 'generate', () => task.plugin.generate(rng, plan.config, context));
  return { ...plan, context, scenario, digest: contentDigest({ task: task.metadata.id, level: plan.level.level.name, scenario }) };
}
