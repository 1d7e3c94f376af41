// Records episodes as trajectory records: per reset (record: true) or server-wide, bounded in memory, optionally appended to JSONL.
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Episode } from '../runtime/episode.js';
import type { StepResult } from '../runtime/episode-types.js';
import type { Session } from '../runtime/session-store.js';
import { frameworkVersion } from './framework-version.js';
import { TRAJECTORY_FORMAT, type TrajectoryRecord } from './trajectory-record.js';

/** Finished records kept in memory by default, and the bytes of JSON they may take together. */
export const DEFAULT_RECORDED_EPISODES = 256;
export const DEFAULT_RECORDED_BYTES = 64 * 1024 * 1024;
/** Steps one record keeps; later steps are counted in `clipped_steps` (the record then cannot be replayed). */
export const DEFAULT_RECORDED_STEPS = 10_000;
/** The file finished records are appended to inside OPENENV_RECORD_DIR. */
export const RECORD_FILE = 'trajectories.jsonl';

export interface RecorderOptions {
  /** Record every episode (OPENENV_RECORD), not only resets that ask with `record: true`. */
  readonly recordAll?: boolean;
  /** Append each finished record as one JSON line to `<dir>/trajectories.jsonl` (OPENENV_RECORD_DIR). */
  readonly dir?: string | null;
  readonly maxEpisodes?: number;
  readonly maxBytes?: number;
  readonly maxStepsPerEpisode?: number;
}

/** One episode being recorded: fed the reset's and each step's result, it builds the record. */
export class TrajectoryDraft {
  private readonly record: TrajectoryRecord;

  constructor(private readonly episode: Episode, reset: StepResult, private readonly maxSteps = DEFAULT_RECORDED_STEPS) {
    const address = episode.address;
    this.record = {
      format: TRAJECTORY_FORMAT,
      episode_id: episode.episodeId,
      task_id: episode.task.metadata.id,
      level: address.level.level.name,
      split: address.split,
      index: address.index,
      seed: address.seed,
      config: address.config ?? null,
      scenario_digest: address.digest,
      framework_version: frameworkVersion(),
      grader_version: episode.task.metadata.graderVersion,
      reward_mode: episode.rewardMode,
      observations: [reset.observation],
      actions: [],
      rewards: [],
      reward_components: [],
      errors: [],
      done: false,
      truncated: false,
      raw_score: null,
      score: null,
      grade_breakdown: null,
      explanation: null,
      return: 0,
      clipped_steps: 0,
      recorded_at: new Date().toISOString(),
    };
  }

  /** Adds a step: the action is the episode's latest (as parsed), the rest comes from the step's result. */
  addStep(result: StepResult): void {
    const r = this.record;
    const reward = result.reward ?? 0;
    r.return += reward;
    if (r.actions.length >= this.maxSteps) {
      r.clipped_steps += 1;
      return;
    }
    r.actions.push(this.episode.actions[this.episode.actions.length - 1]);
    r.observations.push(result.observation);
    r.rewards.push(reward);
    r.reward_components.push(result.reward_components ?? { grade: reward, shaping: 0, invalid_action: 0, repeated_action: 0 });
    r.errors.push(result.observation.last_action_error);
  }

  /** The record of the finished episode, with its final grade. */
  finish(): TrajectoryRecord {
    const r = this.record;
    const state = this.episode.stateView();
    const grade = this.episode.grade();
    r.done = this.episode.done;
    r.truncated = state.truncated;
    r.raw_score = this.episode.done ? grade.raw : null;
    r.score = this.episode.done ? grade.reported : null;
    r.grade_breakdown = this.episode.done ? grade.breakdown : null;
    r.explanation = this.episode.done ? grade.explanation : null;
    r.return = state.cumulative_reward;
    return r;
  }
}

/**
 * The server's recorder. Episodes in progress hang off their Episode object (a WeakMap), so an episode that
 * is replaced or abandoned before its end leaves nothing behind; finished ones are kept per session within
 * the bounds, oldest dropped first.
 */
export class TrajectoryRecorder {
  private readonly drafts = new WeakMap<Episode, { session: string; draft: TrajectoryDraft }>();
  private readonly finished = new Map<string, { session: string; record: TrajectoryRecord; bytes: number }>();
  private bytes = 0;
  private writes: Promise<void> = Promise.resolve();
  private warnedAboutWrites = false;
  readonly recordAll: boolean;
  readonly dir: string | null;

  constructor(private readonly options: RecorderOptions = {}) {
    this.recordAll = options.recordAll ?? false;
    this.dir = options.dir ? path.resolve(options.dir) : null;
  }

  /** Starts recording an episode just reset, when the reset asked for it or the server records everything. */
  begin(session: Session, episode: Episode, reset: StepResult, requested: boolean | null | undefined): void {
    if (!(requested ?? this.recordAll)) return;
    this.drafts.set(episode, { session: session.id, draft: new TrajectoryDraft(episode, reset, this.options.maxStepsPerEpisode) });
  }

  /** Adds a step of an episode being recorded; at the episode's end its record is kept (and appended to disk). */
  step(episode: Episode, result: StepResult): void {
    const entry = this.drafts.get(episode);
    if (!entry) return;
    entry.draft.addStep(result);
    if (!result.done) return;
    this.drafts.delete(episode);
    this.keep(entry.session, entry.draft.finish());
  }

  private keep(session: string, record: TrajectoryRecord): void {
    const line = JSON.stringify(record);
    const key = `${session}\u0000${record.episode_id}\u0000${record.recorded_at}`;
    this.finished.set(key, { session, record, bytes: line.length });
    this.bytes += line.length;
    const maxEpisodes = this.options.maxEpisodes ?? DEFAULT_RECORDED_EPISODES;
    const maxBytes = this.options.maxBytes ?? DEFAULT_RECORDED_BYTES;
    // The newest record always stays, even alone above the byte bound: it is the one its caller will ask for.
    while (this.finished.size > 1 && (this.finished.size > maxEpisodes || this.bytes > maxBytes)) {
      const [oldest, entry] = this.finished.entries().next().value!;
      this.finished.delete(oldest);
      this.bytes -= entry.bytes;
    }
    if (this.dir) this.append(line);
  }

  /** Appends in order, one line per record; a failing disk is reported once and does not fail the episode. */
  private append(line: string): void {
    const dir = this.dir!;
    this.writes = this.writes
      .then(async () => {
        await mkdir(dir, { recursive: true });
        await appendFile(path.join(dir, RECORD_FILE), `${line}\n`, 'utf8');
      })
      .catch((err: unknown) => {
        if (this.warnedAboutWrites) return;
        this.warnedAboutWrites = true;
        process.stderr.write(`openenv-ts: cannot append trajectories to ${dir}: ${(err as Error).message}\n`);
      });
  }

  /** Resolves once every record finished so far is on disk (for shutdown and tests). */
  flush(): Promise<void> {
    return this.writes;
  }

  /** The session's latest finished record, or the one with this episode id; null when there is none. */
  finishedOf(session: Session, episodeId?: string): TrajectoryRecord | null {
    const entries = [...this.finished.values()].reverse();
    const found = entries.find((e) => e.session === session.id && (episodeId === undefined || e.record.episode_id === episodeId));
    return found?.record ?? null;
  }

  /** Every finished record in memory, oldest first (for the orchestrator). */
  all(): TrajectoryRecord[] {
    return [...this.finished.values()].map((e) => e.record);
  }

  /** Whether the episode is being recorded. */
  recording(episode: Episode): boolean {
    return this.drafts.has(episode);
  }
}
