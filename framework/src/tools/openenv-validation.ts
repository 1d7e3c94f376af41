// The RFC 008 declarations `openenv validate` reads: openenv.yaml's `validation:` block and the runtime plan.
import type { Environment } from '../runtime/environment.js';
import { scenarioFor } from '../runtime/episode-inputs.js';
import { REWARD_MODES, stepRewardRange } from '../runtime/reward-ledger.js';
import type { RegisteredTask } from '../runtime/task-registry.js';
import { TaskCatalog } from '../server/task-catalog.js';
import { TaskIndex } from '../runtime/task-index.js';

/** Where the runtime plan lives, relative to the root (OpenEnv's default `probe_path`). */
export const RUNTIME_PLAN_FILE = 'validation/runtime.json';

/**
 * The bounds of OpenEnv's severity policy (v1 and v2) that `static.manifest` enforces on the declarations; a
 * declaration outside them fails the first check whatever the server does.
 */
export const POLICY_BOUNDS = { maxOracleTolerance: 0.1, minFloorMargin: 0.1, maxEpisodeTimeoutS: 3600 } as const;

/** OpenEnv's runtime plan accepts seeds up to 2^32 - 1 and at most this many actions. */
export const PLAN_LIMITS = { maxSeed: 2 ** 32 - 1, maxActions: 100 } as const;

/**
 * The measured episode: a fixed seed and episode id, so the plan (and so `episode_determinism`, which replays it
 * in a fresh session and a fresh process) is the same on every machine.
 */
export const PLAN_SEED = 7;
export const PLAN_EPISODE_ID = 'openenv-validate-probe';

/**
 * The container budget the validator enforces (docker --memory, --cpus, a /tmp tmpfs of disk_mb): the server is
 * one Node process holding at most a few SQLite databases in memory and writing nothing but logs.
 */
const RESOURCES = { cpu: 1, memory_mb: 1024, disk_mb: 256, episode_timeout_s: 300 } as const;

/** The reward contract's tolerances: the policy's ceiling for the oracle, and a floor gap our audit guarantees. */
const ORACLE_TOLERANCE = POLICY_BOUNDS.maxOracleTolerance;
/** The audit keeps trivial policies below 0.35 and the solver at 0.9 or more, so the gap is at least 0.55. */
const FLOOR_MARGIN = 0.5;

/**
 * The per-step reward range over every task and both reward modes: `runtime.reward_well_formed` fails a reward
 * outside the declared range, and penalties make rewards negative (the default range is [0, 1]).
 */
export function rewardRangeOf(env: Environment): [number, number] {
  let low = 0;
  let high = 1;
  for (const task of env.registry.list()) {
    const ranges = stepRewardRange(env.policy, typeof task.plugin.potential === 'function', task.metadata.maxSteps);
    for (const mode of REWARD_MODES) {
      low = Math.min(low, ranges[mode][0]);
      high = Math.max(high, ranges[mode][1]);
    }
  }
  return [low, high];
}

/**
 * The MCP tools `runtime.tool_declaration_accuracy` compares the declaration with: the validator sends
 * `tools/list` with no params on the measured WebSocket before any reset, and a session without an episode
 * lists the default task's tools (EpisodeService.taskOf). The comparison is exact, so declaring the union over
 * every task would fail it; a test pins this to what the server answers.
 */
export function declaredToolsOf(env: Environment, catalog: TaskCatalog = new TaskCatalog(env.policy)): string[] {
  return catalog.schemasOf(defaultTaskOf(env)).tools.map((tool) => tool.name);
}

/** Every MCP tool some task offers (what `tools/list` with `params.task` answers over all tasks), sorted. */
export function allToolNamesOf(env: Environment, catalog: TaskCatalog = new TaskCatalog(env.policy)): string[] {
  return [...new Set(env.registry.list().flatMap((task) => catalog.schemasOf(task).tools.map((tool) => tool.name)))].sort();
}

/** Split name -> the Task API's honest `num_tasks`, which `runtime.task_declaration_accuracy` compares. */
export function declaredTaskCountOf(env: Environment): Record<string, number> {
  const index = new TaskIndex(env.registry);
  return Object.fromEntries(index.splits().map((split) => [split, index.count(split)]));
}

/** The manifest's default task: what `/schema` describes and a fresh session serves, so what the plan plays. */
export function defaultTaskOf(env: Environment): RegisteredTask {
  return env.registry.get(env.loaded.manifest.default_task);
}

/** The `validation:` block of openenv.yaml (RFC 008, manifest schema 2), a pure function of the environment. */
export function validationBlock(env: Environment) {
  return {
    reward: { range: rewardRangeOf(env), oracle_tolerance: ORACLE_TOLERANCE, floor_margin: FLOOR_MARGIN },
    resources: { ...RESOURCES },
    capabilities: {
      // The served reward is the verifier: every step pays the change in the plugin's grade, penalties included.
      verifier: { kind: 'reward_channel' },
      task_api: true,
      declared_tools: declaredToolsOf(env),
      declared_task_count: declaredTaskCountOf(env),
    },
    types: { tags: ['agentic', 'tool-use'] },
    execution: {
      kind: 'openenv_ws',
      probe_path: RUNTIME_PLAN_FILE,
      dockerfile: 'Dockerfile',
      context: '.',
      agent_boundary: 'api',
    },
  };
}

/**
 * The runtime plan (`plan_schema_version` "1"): reset the default task at a fixed seed and play its reference
 * solver's actions, so the measured episode ends and rewards, observations and state are all exercised.
 */
export async function runtimePlan(env: Environment) {
  const task = defaultTaskOf(env);
  const scenario = await scenarioFor(task, PLAN_SEED, undefined, {});
  let actions: unknown[];
  try {
    actions = [...(await task.plugin.solve(scenario))];
  } finally {
    task.plugin.dispose?.(scenario);
  }
  if (actions.length === 0) throw new Error(`${task.metadata.id}: the reference solver gave no action for seed ${PLAN_SEED}; the plan needs at least one`);
  return {
    plan_schema_version: '1',
    // `task` names it, so the episode is the same whatever OPENENV_TASK says (validate with OPENENV_TASK unset:
    // /schema and tools/list describe the start-up default).
    reset: { episode_id: PLAN_EPISODE_ID, seed: PLAN_SEED, options: { task: task.metadata.id } },
    // The plan allows 100 actions; an episode cut short still exercises every check.
    actions: actions.slice(0, PLAN_LIMITS.maxActions),
  };
}

/** The text of validation/runtime.json. */
export async function runtimePlanText(env: Environment): Promise<string> {
  return `${JSON.stringify(await runtimePlan(env), null, 2)}\n`;
}
