// Zod schemas of the OpenEnv wire messages: used to validate requests and to generate /openapi.json and /schema.
import { z } from 'zod';
import { MAX_TASK_ID_LENGTH } from './input-bounds.js';

/** The HTTP header that names a session (absent = the shared default session; "new" on reset = a fresh id). */
export const SESSION_HEADER = 'x-openenv-session-id';

export const resetRequestSchema = z
  .looseObject({
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable().optional().describe('Scenario seed; the same task and seed give the same scenario'),
    episode_id: z.string().max(255).nullable().optional().describe('Episode id to use; a UUID is made when absent'),
    task: z.string().min(1).max(MAX_TASK_ID_LENGTH).nullable().optional().describe('Task id for this episode (default: OPENENV_TASK, else the manifest default)'),
    task_id: z.string().min(1).max(MAX_TASK_ID_LENGTH).nullable().optional().describe('Alias of task'),
    config: z.record(z.string(), z.unknown()).nullable().optional().describe("Difficulty knobs over the level's preset (the task's config schema)"),
    level: z.union([z.string().min(1).max(64), z.number().int().min(1).max(1000)]).nullable().optional().describe('Difficulty level: a name from GET /tasks or its 1-based number (default: the first, easiest)'),
    split: z.string().min(1).max(32).nullable().optional().describe('Dataset split: train (default), validation or test; splits use disjoint generator families'),
    index: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable().optional().describe('Scenario index within the split (Task API); without it the seed picks the index'),
    reward_mode: z.enum(['dense', 'terminal']).nullable().optional().describe('dense (default): every step pays its change; terminal: 0 until the last step pays the whole return'),
    record: z.boolean().nullable().optional().describe('Record this episode as a trajectory (GET /trajectory once it is over); default: the server setting OPENENV_RECORD'),
  })
  .describe('Reset kwargs; unknown extra keys are ignored');

/** Shortest step deadline a client may ask for: below it, timer and event-loop jitter are all that is measured. */
export const MIN_STEP_TIMEOUT_S = 0.01;

export const stepRequestSchema = z
  .looseObject({
    action: z.record(z.string(), z.unknown()).describe("The action, as described by the task's action schema (GET /schema)"),
    timeout_s: z.number().min(MIN_STEP_TIMEOUT_S, `must be at least ${MIN_STEP_TIMEOUT_S} (seconds); a shorter deadline cannot be kept`).optional().describe(`Deadline of this step in seconds (at least ${MIN_STEP_TIMEOUT_S}); the server's own deadline applies when shorter`),
    request_id: z.string().max(255).optional(),
  })
  .describe('A step request');

export const observationEnvelopeShape = {
  task_id: z.string().describe('The task of this episode'),
  prompt: z.string().describe('Everything an LLM agent needs to act, as text'),
  feedback: z.string().nullable().describe('What the last action did'),
  last_action_error: z.string().nullable().describe('Why the last action was not allowed, or null'),
  step_count: z.number().int().min(0),
  max_steps: z.number().int().min(1),
  corrections_left: z.number().int().nullable().describe('Corrections left this episode when the task budgets them, else null'),
  score: z.number().nullable().describe('Reported final score (inside the score bounds) once done, else null'),
};

/**
 * OpenEnv's base Observation declares `reward`, `done` and `metadata`, and its validator checks `observation +
 * reward + done` of every exchange against this schema, which is closed (additionalProperties: false). So the
 * schema admits the three fields, while the wire observation still never carries them: reward and done stay
 * top-level fields of the response, where the Python client reads them.
 */
export const openenvObservationShape = {
  reward: z.number().nullable().optional().describe('Declared as in OpenEnv\'s base Observation; sent only as the top-level reward of the response'),
  done: z.boolean().optional().describe('Declared as in OpenEnv\'s base Observation; sent only as the top-level done of the response'),
  metadata: z.record(z.string(), z.unknown()).optional().describe('Declared as in OpenEnv\'s base Observation; never sent'),
};

export function observationSchemaFor(data: z.ZodType = z.unknown()) {
  return z
    .object({ ...observationEnvelopeShape, data, ...openenvObservationShape })
    .describe('Observation; reward and done are top-level fields of the response, declared here only as OpenEnv\'s base Observation declares them');
}

export const rewardComponentsSchema = z
  .object({
    grade: z.number().describe('Change in the raw grade (the first step also pays the start state\'s grade)'),
    shaping: z.number().describe('Change in the task\'s shaping potential (sums to 0 over an episode)'),
    invalid_action: z.number().describe('Invalid-action penalty (<= 0)'),
    repeated_action: z.number().describe('Repeated-action penalty (<= 0)'),
  })
  .describe('The parts of a reward; they sum to it');

export const stateSchema = z
  .object({
    episode_id: z.string().nullable(),
    step_count: z.number().int().min(0),
    task_id: z.string().nullable(),
    level: z.string().nullable(),
    split: z.string().nullable(),
    reward_mode: z.string().nullable(),
    max_steps: z.number().int().nullable(),
    done: z.boolean(),
    truncated: z.boolean(),
    cumulative_reward: z.number().describe('The return so far: the sum of the rewards paid'),
    reward_totals: rewardComponentsSchema.extend({ return: z.number() }).nullable().describe('Rewards paid so far, by component'),
    last_action_error: z.string().nullable(),
    seed: z.number().int().nullable().describe('Scenario seed, once the episode is over (hidden while it runs)'),
    index: z.number().int().nullable().describe('Scenario index in its split, once the episode is over'),
    scenario_digest: z.string().nullable().describe('sha256 of the scenario, once the episode is over'),
    raw_score: z.number().nullable().describe('Grader score in [0, 1], once done'),
    score: z.number().nullable().describe('Reported score, clamped into the score bounds, once done'),
    grade_breakdown: z.record(z.string(), z.unknown()).nullable(),
  })
  .describe('Episode state');

export const healthSchema = z.object({ status: z.literal('healthy') });

export const metadataSchema = z.object({
  name: z.string(),
  description: z.string(),
  readme_content: z.string().nullable(),
  version: z.string().nullable(),
  author: z.string().nullable(),
  documentation_url: z.string().nullable(),
});

export const graderRequestSchema = z
  .strictObject({
    session_id: z.string().max(128).optional().describe('Grade the current episode of this session'),
    episode_id: z.string().max(255).optional().describe('Grade a live or recent episode of the addressed session (header, session_id, or the default session) by id'),
    task: z.string().max(MAX_TASK_ID_LENGTH).optional().describe('Replay: task id (with seed and actions)'),
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional().describe('Replay: seed'),
    actions: z.array(z.unknown()).max(10_000).optional().describe('Replay: the actions, in order'),
    config: z.record(z.string(), z.unknown()).optional().describe('Replay: config'),
    level: z.union([z.string().min(1).max(64), z.number().int().min(1).max(1000)]).optional().describe('Replay: level'),
    split: z.string().min(1).max(32).optional().describe('Replay: split'),
    index: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional().describe('Replay: index (instead of seed)'),
  })
  .describe('Which episode to grade: a session, an episode id, or a replay from task + seed + actions; empty body = the default session');

export const graderResponseSchema = z.object({
  task_id: z.string(),
  episode_id: z.string(),
  level: z.string(),
  split: z.string(),
  seed: z.number().int().nullable(),
  index: z.number().int().nullable(),
  scenario_digest: z.string().nullable(),
  step_count: z.number().int(),
  done: z.boolean(),
  raw_score: z.number(),
  score: z.number(),
  breakdown: z.record(z.string(), z.unknown()),
  explanation: z.string().nullable(),
});

export const validationErrorSchema = z.object({
  detail: z.array(z.object({ type: z.string(), loc: z.array(z.union([z.string(), z.number()])), msg: z.string(), input: z.unknown() })),
  code: z.string().optional(),
});

export const errorSchema = z.object({ detail: z.string(), code: z.string(), hint: z.string().optional() });

export const mcpRequestSchema = z.object({
  jsonrpc: z.literal('2.0'),
  id: z.union([z.string(), z.number(), z.null()]).optional(),
  method: z.string(),
  params: z.record(z.string(), z.unknown()).optional(),
});

export const mcpResponseSchema = z.object({
  jsonrpc: z.literal('2.0'),
  id: z.union([z.string(), z.number(), z.null()]),
  result: z.unknown().optional(),
  error: z.object({ code: z.number().int(), message: z.string(), data: z.unknown() }).optional(),
});

