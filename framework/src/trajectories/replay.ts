// `openenv-ts replay DIR`: re-executes recorded episodes from their address and actions, re-grades them with the current graders and reports what changed.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Episode } from '../runtime/episode.js';
import type { EpisodePolicy } from '../runtime/episode-types.js';
import { describeError, OpenEnvError } from '../contract/errors.js';
import { resolveScenario } from '../runtime/scenario-address.js';
import type { TaskRegistry } from '../runtime/task-registry.js';
import { isTrajectoryRecord, type TrajectoryRecord } from './trajectory-record.js';
import type { ResultTask } from './export.js';

/** What replaying one record found. */
export type ReplayOutcome =
  | { status: 'same' | 'changed'; task_id: string; episode_id: string; index: number; recorded: number; current: number; delta: number; grader: { recorded: string; current: string }; source: string }
  | { status: 'refused'; task_id: string; episode_id: string; index: number | null; reason: string; code: string; source: string };

/** Scores closer than this are the same score (the graders' own floating-point noise). */
const SAME_SCORE = 1e-9;

/** The first 12 hex digits of a digest, enough to tell two apart in a message. */
function shortDigest(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}

/** A results.jsonl line (OpenEnv shape) as the part of a record replay needs: address, actions, recorded raw score. */
function recordFromResultLine(line: Record<string, unknown>): TrajectoryRecord | null {
  const task = line.task as ResultTask | undefined;
  const trace = line.tool_trace as { arguments: unknown }[] | undefined;
  const metrics = line.metrics as { raw_score?: number | null } | undefined;
  if (!task || typeof task.task_id !== 'string' || typeof task.scenario_digest !== 'string' || !Array.isArray(trace)) return null;
  return {
    format: 'openenv-ts.trajectory/1',
    episode_id: String(line.episode_id),
    ...task,
    observations: [],
    actions: trace.map((t) => t.arguments),
    rewards: [],
    reward_components: [],
    errors: [],
    done: line.done === true,
    truncated: false,
    raw_score: metrics?.raw_score ?? null,
    score: typeof line.reward === 'number' ? line.reward : null,
    grade_breakdown: null,
    explanation: null,
    return: 0,
    clipped_steps: 0,
    recorded_at: '',
  };
}

/** Every record in a directory's (or a file's) JSONL: trajectory records and results.jsonl lines alike. */
export function readRecords(target: string): { records: { record: TrajectoryRecord; source: string }[]; unreadable: string[] } {
  const files = statSync(target).isDirectory()
    ? readdirSync(target).filter((f) => f.endsWith('.jsonl')).sort().map((f) => path.join(target, f))
    : [target];
  const records: { record: TrajectoryRecord; source: string }[] = [];
  const unreadable: string[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    readFileSync(file, 'utf8').split('\n').forEach((text, i) => {
      if (text.trim() === '') return;
      const source = `${path.basename(file)}:${i + 1}`;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        unreadable.push(`${source}: not JSON`);
        return;
      }
      const record = isTrajectoryRecord(value) ? value : recordFromResultLine(value as Record<string, unknown>);
      if (!record) {
        unreadable.push(`${source}: neither a trajectory record nor a results line with task and tool_trace`);
        return;
      }
      // collect writes each episode twice (results.jsonl and trajectories.jsonl): replay it once.
      const key = `${record.task_id}\u0000${record.episode_id}\u0000${record.scenario_digest}\u0000${JSON.stringify(record.actions)}`;
      if (seen.has(key)) return;
      seen.add(key);
      records.push({ record, source });
    });
  }
  return { records, unreadable };
}

/** Replays one record: the same address must give the same scenario, then its actions are played and graded. */
export async function replayRecord(registry: TaskRegistry, record: TrajectoryRecord, policy: EpisodePolicy, source = ''): Promise<ReplayOutcome> {
  const refuse = (code: string, reason: string): ReplayOutcome => ({ status: 'refused', task_id: record.task_id, episode_id: record.episode_id, index: record.index ?? null, code, reason, source });
  if (!registry.has(record.task_id)) return refuse('UNKNOWN_TASK', `task "${record.task_id}" is not loaded by this manifest (tasks: ${registry.ids().join(', ')})`);
  if (!record.done || record.raw_score === null) return refuse('NOT_FINISHED', 'the recorded episode did not finish, so it has no score to compare');
  if (record.clipped_steps > 0) return refuse('CLIPPED', `the record kept only its first ${record.actions.length} steps (${record.clipped_steps} more were not recorded)`);
  const task = registry.get(record.task_id);
  const request = { split: record.split, level: record.level, index: record.index, config: record.config ?? undefined };
  try {
    const address = await resolveScenario(task, request);
    task.plugin.dispose?.(address.scenario);
    if (address.digest !== record.scenario_digest) {
      const error = new OpenEnvError('SCENARIO_CHANGED', `${record.task_id} ${record.split}/${record.level} index ${record.index} now generates scenario ${shortDigest(address.digest)}, not the recorded ${shortDigest(record.scenario_digest)}: the generator changed, so the recorded actions would be played against a different scenario`);
      return refuse(error.code, error.message);
    }
    const episode = await Episode.start(task, { ...request, rewardMode: record.reward_mode === 'terminal' ? 'terminal' : 'dense', episodeId: record.episode_id }, policy);
    try {
      for (const action of record.actions) {
        if (episode.done) break;
        await episode.step(action);
      }
    } finally {
      episode.dispose();
    }
    if (!episode.done) return refuse('DIVERGED', `the recorded ${record.actions.length} actions no longer end the episode`);
    const current = episode.grade().raw;
    const delta = current - record.raw_score;
    return {
      status: Math.abs(delta) <= SAME_SCORE ? 'same' : 'changed',
      task_id: record.task_id,
      episode_id: record.episode_id,
      index: record.index,
      recorded: record.raw_score,
      current,
      delta,
      grader: { recorded: record.grader_version, current: task.metadata.graderVersion },
      source,
    };
  } catch (err) {
    return refuse(err instanceof OpenEnvError ? err.code : 'REPLAY_FAILED', `replaying failed: ${describeError(err)}`);
  }
}

/** Per task: records, re-graded, changed, mean and largest change, refused, and the grader versions seen. */
export function summarize(outcomes: readonly ReplayOutcome[]) {
  const byTask = new Map<string, ReplayOutcome[]>();
  for (const o of outcomes) {
    if (!byTask.has(o.task_id)) byTask.set(o.task_id, []);
    byTask.get(o.task_id)!.push(o);
  }
  return [...byTask.entries()].map(([task_id, list]) => {
    const graded = list.filter((o): o is Extract<ReplayOutcome, { delta: number }> => o.status !== 'refused');
    const changed = graded.filter((o) => o.status === 'changed');
    const versions = (pick: (o: (typeof graded)[number]) => string) => [...new Set(graded.map(pick))].join(',') || '-';
    return {
      task_id,
      records: list.length,
      regraded: graded.length,
      changed: changed.length,
      mean_delta: graded.length ? graded.reduce((s, o) => s + o.delta, 0) / graded.length : 0,
      max_abs_delta: changed.reduce((m, o) => Math.max(m, Math.abs(o.delta)), 0),
      refused: list.length - graded.length,
      grader_recorded: versions((o) => o.grader.recorded),
      grader_current: versions((o) => o.grader.current),
    };
  });
}

function signed(x: number): string {
  return `${x >= 0 ? '+' : ''}${x.toFixed(4)}`;
}

/** The report printed by `openenv-ts replay`: a table per task, then each changed and each refused record. */
export function formatReplay(outcomes: readonly ReplayOutcome[], unreadable: readonly string[] = []): string {
  const rows = summarize(outcomes);
  const lines = ['task                      records  re-graded  changed  mean change  largest change  refused  grader'];
  for (const r of rows) {
    lines.push(
      `${r.task_id.padEnd(26)}${String(r.records).padStart(7)}${String(r.regraded).padStart(11)}${String(r.changed).padStart(9)}${signed(r.mean_delta).padStart(13)}${r.max_abs_delta.toFixed(4).padStart(16)}${String(r.refused).padStart(9)}  ${r.grader_recorded === r.grader_current ? r.grader_current : `${r.grader_recorded} -> ${r.grader_current}`}`,
    );
  }
  for (const o of outcomes) {
    if (o.status === 'changed') lines.push(`changed  ${o.task_id} ${o.episode_id} (index ${o.index}, ${o.source}): ${o.recorded.toFixed(4)} -> ${o.current.toFixed(4)} (${signed(o.delta)})`);
  }
  for (const o of outcomes) {
    if (o.status === 'refused') lines.push(`REFUSED  ${o.task_id} ${o.episode_id} (${o.source}) ${o.code}: ${o.reason}`);
  }
  for (const u of unreadable) lines.push(`skipped  ${u}`);
  if (outcomes.length === 0) lines.push('no records found');
  return lines.join('\n');
}
