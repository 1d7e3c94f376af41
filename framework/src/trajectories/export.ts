// Trajectory records as OpenEnv's `openenv collect` results lines (chat messages for SFT, tool trace, metrics); the records themselves are the RL shape.
import { systemPrompt, userPrompt } from '../agent/prompts.js';
import type { TaskInfo } from '../client/http-client.js';
import type { TrajectoryRecord } from './trajectory-record.js';

/** File names `openenv collect` writes, which `openenv-ts collect` writes too. */
export const RESULTS_FILE = 'results.jsonl';
export const METADATA_FILE = 'metadata.json';
/** The trajectory records themselves (the plain RL shape: observations, actions, rewards), one episode per line. */
export const TRAJECTORIES_FILE = 'trajectories.jsonl';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** The scenario's address and versions: what `openenv-ts replay` needs to re-grade a results line. */
export interface ResultTask {
  task_id: string;
  level: string;
  split: string;
  index: number;
  seed: number;
  config: unknown;
  scenario_digest: string;
  grader_version: string;
  framework_version: string;
  reward_mode: string;
}

/** One line of results.jsonl, with OpenEnv's EpisodeRecord field names. */
export interface OpenEnvResultLine {
  episode_id: string;
  messages: ChatMessage[];
  reward: number;
  done: boolean;
  tool_trace: { tool_name: string; arguments: unknown; result: { data: unknown; done: boolean; metadata: Record<string, unknown>; error: string | null } }[];
  metrics: Record<string, unknown>;
  verify_metrics: Record<string, unknown>;
  artifacts: Record<string, unknown>;
  task: ResultTask;
  extra: Record<string, unknown>;
}

/**
 * The episode as a chat, with the baseline's own prompts (baseline/prompts.ts): its system message, then per
 * step the user message it would be sent for that observation and the action as the assistant's JSON reply.
 * Earlier turns are in the conversation itself, so each user message carries no separate history.
 */
export function chatMessages(record: TrajectoryRecord, info: TaskInfo): ChatMessage[] {
  const cap = info.max_steps;
  const messages: ChatMessage[] = [{ role: 'system', content: systemPrompt({ name: info.id, resetTask: info.id, info }, info.action_schema) }];
  record.actions.forEach((action, i) => {
    messages.push({ role: 'user', content: userPrompt(record.observations[i]!, [], i + 1, cap) });
    messages.push({ role: 'assistant', content: JSON.stringify(action) });
  });
  return messages;
}

/** The address part of a record, as results lines carry it in `task`. */
export function resultTaskOf(record: TrajectoryRecord): ResultTask {
  return {
    task_id: record.task_id,
    level: record.level,
    split: record.split,
    index: record.index,
    seed: record.seed,
    config: record.config,
    scenario_digest: record.scenario_digest,
    grader_version: record.grader_version,
    framework_version: record.framework_version,
    reward_mode: record.reward_mode,
  };
}

/**
 * A record as a line of OpenEnv's results.jsonl. `reward` is the episode's reported score (what validators
 * read); the sum of step rewards is `metrics.return` (it differs from the score by the penalties paid).
 */
export function toOpenEnvResult(record: TrajectoryRecord, info: TaskInfo, extra: Record<string, unknown> = {}): OpenEnvResultLine {
  return {
    episode_id: record.episode_id,
    messages: chatMessages(record, info),
    reward: record.score ?? 0,
    done: record.done,
    tool_trace: record.actions.map((action, i) => ({
      tool_name: 'step',
      arguments: action,
      result: {
        data: record.observations[i + 1],
        done: i === record.actions.length - 1 && record.done,
        metadata: { reward: record.rewards[i], reward_components: record.reward_components[i] },
        error: record.errors[i] ?? null,
      },
    })),
    metrics: {
      steps: record.actions.length,
      return: record.return,
      raw_score: record.raw_score,
      score: record.score,
      refused_steps: record.errors.filter((e) => e !== null).length,
      truncated: record.truncated,
    },
    verify_metrics: { raw_score: record.raw_score, score: record.score, breakdown: record.grade_breakdown, explanation: record.explanation },
    artifacts: {},
    task: resultTaskOf(record),
    extra,
  };
}
