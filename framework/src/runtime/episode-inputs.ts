// What an episode is started and stepped with, checked: the action against the task's schema, the reward mode, the scenario.
import { OpenEnvError } from '../contract/errors.js';
import { summarizeDetail, validationDetail, type ValidationDetail } from '../contract/validation-detail.js';
import { REWARD_MODES, type RewardMode } from './reward-ledger.js';
import { resolveScenario, type ScenarioRequest } from './scenario-address.js';
import type { RegisteredTask } from './task-registry.js';

/** Parses an action for a task. The Python client adds `metadata: {}` to every action; it is dropped here. */
export function parseAction(task: RegisteredTask, raw: unknown): unknown {
  let candidate = raw;
  if (candidate && typeof candidate === 'object' && !Array.isArray(candidate) && 'metadata' in candidate) {
    const { metadata: _ignored, ...rest } = candidate as Record<string, unknown>;
    candidate = rest;
  }
  const parsed = task.plugin.actionSchema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  const detail: ValidationDetail[] = validationDetail(parsed.error, candidate, []);
  throw new OpenEnvError(
    'INVALID_ACTION',
    `Invalid action for task "${task.metadata.id}": ${summarizeDetail(detail, 'action')}`,
    { errors: detail },
  );
}

/** The scenario an episode with this seed and raw config would play (train split, first level unless given). */
export async function scenarioFor(task: RegisteredTask, seed: number, config?: unknown, request: ScenarioRequest = {}): Promise<unknown> {
  return (await resolveScenario(task, { ...request, seed, config })).scenario;
}

/** Parses a reset's reward mode, or throws a 422 naming the modes. */
export function chooseRewardMode(requested: string | null | undefined): RewardMode {
  if (requested === undefined || requested === null) return 'dense';
  if ((REWARD_MODES as readonly string[]).includes(requested)) return requested as RewardMode;
  const message = `reward_mode "${requested}" is unknown; use one of ${REWARD_MODES.join(', ')}`;
  throw new OpenEnvError('INVALID_REQUEST', message, { errors: [{ type: 'enum', loc: ['body', 'reward_mode'], msg: message, input: requested }] });
}
