// The episode runner shared by every task: seeding, step counting, limits, penalties, dense reward, final grade.
import { randomInt, randomUUID } from 'node:crypto';

import { OpenEnvError, describeError } from './errors.js';
import type { Grade } from './plugin-contract.js';
import { reportScore, type ScoreBounds, DEFAULT_SCORE_BOUNDS } from './score-bounds.js';
import { Rng } from './seeded-random.js';
import type { RegisteredTask } from './task-registry.js';
import { summarizeDetail, validationDetail, type ValidationDetail } from './validation-detail.js';

/** Framework-wide reward and score policy, taken from the manifest. */
export interface EpisodePolicy {
  readonly scoreBounds: ScoreBounds;
  readonly invalidActionPenalty: number;
  readonly repeatActionPenalty: number;
}

export const DEFAULT_EPISODE_POLICY: EpisodePolicy = Object.freeze({
  scoreBounds: DEFAULT_SCORE_BOUNDS,
  invalidActionPenalty: 0.05,
  repeatActionPenalty: 0.02,
});

export interface EpisodeOptions {
  /** Non-negative integer; a random one is drawn (and reported in state) when absent. */
  readonly seed?: number | null;
  readonly episodeId?: string | null;
  /** Difficulty knobs, validated by the plugin's configSchema. */
  readonly config?: unknown;
}

/** The observation as it goes on the wire (never holds reward, done or metadata: those are lifted out). */
export interface WireObservation {
  task_id: string;
  prompt: string;
  data: unknown;
  feedback: string | null;
  last_action_error: string | null;
  step_count: number;
  max_steps: number;
  /** The reported (bounded) final score once the episode is done, else null. */
  score: number | null;
}

export interface StepResult {
  observation: WireObservation;
  reward: number | null;
  done: boolean;
}

/** The episode state served by /state. Scores and the breakdown appear once the episode is done. */
export interface EpisodeState {
  episode_id: string;
  step_count: number;
  task_id: string;
  seed: number;
  max_steps: number;
  done: boolean;
  truncated: boolean;
  cumulative_reward: number;
  last_action_error: string | null;
  raw_score: number | null;
  score: number | null;
  grade_breakdown: Record<string, unknown> | null;
}

/** The largest shaping bonus a single step can add or remove, whatever the plugin returns. */
export const MAX_STEP_BONUS = 0.25;

/** Rounds away floating noise (0.30000000000000004) so rewards print and compare cleanly. */
function tidy(x: number): number {
  return Math.round(x * 1e6) / 1e6 + 0;
}

/** JSON with sorted keys, so two equal actions compare equal whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Calls a plugin method, turning anything it throws into a PLUGIN_ERROR that names the task and method. */
async function callPlugin<T>(task: RegisteredTask, method: string, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof OpenEnvError) throw err;
    throw new OpenEnvError('PLUGIN_ERROR', `Task "${task.metadata.id}" failed in ${method}(): ${describeError(err)}`, {
      task: task.metadata.id,
      method,
    }, { cause: err });
  }
}

/** Checks a grade a plugin returned; a grader outside [0, 1] is a plugin bug, reported as such. */
function checkGrade(task: RegisteredTask, grade: Grade): Grade {
  if (!grade || typeof grade.score !== 'number' || !Number.isFinite(grade.score) || grade.score < 0 || grade.score > 1) {
    throw new OpenEnvError('PLUGIN_ERROR', `Task "${task.metadata.id}" grade() returned score ${JSON.stringify(grade?.score)}; it must be a number in [0, 1]`, {
      task: task.metadata.id,
      method: 'grade',
    });
  }
  return grade;
}

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

/** Parses the difficulty config of a reset; unknown or wrong knobs are a 422 naming the field. */
function parseConfig(task: RegisteredTask, raw: unknown): unknown {
  const schema = task.plugin.configSchema;
  if (!schema) {
    if (raw !== undefined && raw !== null) {
      throw new OpenEnvError('INVALID_REQUEST', `Task "${task.metadata.id}" takes no config`, {
        errors: [{ type: 'extra_forbidden', loc: ['body', 'config'], msg: 'this task takes no config', input: raw }],
      });
    }
    return undefined;
  }
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const detail = validationDetail(parsed.error, raw, ['body', 'config']);
  throw new OpenEnvError(
    'INVALID_REQUEST',
    `Invalid config for task "${task.metadata.id}": ${summarizeDetail(detail)}`,
    { errors: detail },
  );
}

/**
 * The scenario of a task for a seed and an already parsed config: the one place a generator is seeded, so
 * episodes, reference solvers and audits always see the same scenario for the same seed.
 */
async function generateScenario(task: RegisteredTask, seed: number, config: unknown): Promise<unknown> {
  return callPlugin(task, 'generate', () => task.plugin.generate(new Rng(seed, task.metadata.id), config));
}

/** The scenario an episode with this seed and raw config would play (config validated as on reset). */
export function scenarioFor(task: RegisteredTask, seed: number, config?: unknown): Promise<unknown> {
  return generateScenario(task, seed, parseConfig(task, config));
}

export class Episode {
  private stepCount = 0;
  private finished = false;
  private truncated = false;
  private cumulativeReward = 0;
  private lastError: string | null = null;
  private lastFeedback: string | null = null;
  private readonly seenActions = new Set<string>();
  private readonly actionLog: unknown[] = [];
  private readonly rewardLog: number[] = [];
  private finalGrade: Grade | null = null;
  private disposed = false;
  private abandonedBecause: string | null = null;

  private constructor(
    readonly task: RegisteredTask,
    readonly seed: number,
    readonly episodeId: string,
    readonly config: unknown,
    private readonly policy: EpisodePolicy,
    private readonly scenario: unknown,
    private state: unknown,
    private currentGrade: Grade,
  ) {}

  /** Starts an episode: the same task, seed and config always give the same scenario. */
  static async start(task: RegisteredTask, options: EpisodeOptions = {}, policy: EpisodePolicy = DEFAULT_EPISODE_POLICY): Promise<Episode> {
    const seed = options.seed ?? randomInt(0, 2 ** 31 - 1);
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new OpenEnvError('INVALID_REQUEST', `seed must be a non-negative integer, got ${seed}`, {
        errors: [{ type: 'greater_than_equal', loc: ['body', 'seed'], msg: 'seed must be a non-negative integer', input: seed }],
      });
    }
    const config = parseConfig(task, options.config);
    const plugin = task.plugin;
    const scenario = await generateScenario(task, seed, config);
    try {
      const state = await callPlugin(task, 'initialState', () => plugin.initialState(scenario));
      const grade = checkGrade(task, await callPlugin(task, 'grade', () => plugin.grade(scenario, state)));
      return new Episode(task, seed, options.episodeId ?? randomUUID(), config, policy, scenario, state, grade);
    } catch (err) {
      // The scenario may hold resources (a database); nobody will own it now.
      try {
        plugin.dispose?.(scenario);
      } catch {
        // the original error is the one to report
      }
      throw err;
    }
  }

  get done(): boolean {
    return this.finished;
  }

  get actions(): readonly unknown[] {
    return this.actionLog;
  }

  get rewards(): readonly number[] {
    return this.rewardLog;
  }

  /** The current observation. A plugin whose observe() throws yields a PLUGIN_ERROR. */
  observation(): WireObservation {
    let view;
    try {
      view = this.task.plugin.observe(this.scenario, this.state);
    } catch (err) {
      throw new OpenEnvError('PLUGIN_ERROR', `Task "${this.task.metadata.id}" failed in observe(): ${describeError(err)}`, {
        task: this.task.metadata.id,
        method: 'observe',
      }, { cause: err });
    }
    return {
      task_id: this.task.metadata.id,
      prompt: view.prompt,
      data: view.data,
      feedback: this.lastFeedback,
      last_action_error: this.lastError,
      step_count: this.stepCount,
      max_steps: this.task.metadata.maxSteps,
      score: this.finalGrade ? reportScore(this.finalGrade.score, this.policy.scoreBounds) : null,
    };
  }

  /**
   * One step. The reward is the change in grade the action caused, plus any shaping bonus from the plugin,
   * minus the invalid-action and repeat penalties. A schema-invalid action is refused (INVALID_ACTION)
   * without counting as a step; an action the task rejects counts, is penalised and reported in
   * `last_action_error`.
   */
  async step(rawAction: unknown): Promise<StepResult> {
    this.assertNotAbandoned();
    if (this.finished) {
      throw new OpenEnvError('EPISODE_DONE', `Episode ${this.episodeId} of task "${this.task.metadata.id}" is over after ${this.stepCount} steps; call reset to start a new one`);
    }
    const action = parseAction(this.task, rawAction);
    const plugin = this.task.plugin;
    const transition = await callPlugin(this.task, 'transition', () => plugin.transition(this.scenario, this.state, action));
    if (!transition || typeof transition !== 'object' || !('state' in transition)) {
      throw new OpenEnvError('PLUGIN_ERROR', `Task "${this.task.metadata.id}" transition() must return { state, ... }`, {
        task: this.task.metadata.id,
        method: 'transition',
      });
    }
    // The step may have been given up on while the plugin worked; its late result must not change anything.
    this.assertNotAbandoned();
    // A refused action leaves the state as it was, so its grade is unchanged; one that also ends the episode
    // (a refused submit) may have recorded why, so it is graded for the final breakdown.
    const refused = Boolean(transition.error) && !transition.done;
    const nextGrade = refused
      ? this.currentGrade
      : checkGrade(this.task, await callPlugin(this.task, 'grade', () => plugin.grade(this.scenario, transition.state)));

    const key = canonicalJson(action);
    const repeated = this.seenActions.has(key);
    this.seenActions.add(key);

    this.assertNotAbandoned();
    let reward = nextGrade.score - this.currentGrade.score;
    if (!transition.error && typeof transition.bonus === 'number' && Number.isFinite(transition.bonus)) {
      // shaping must stay small next to the grade, whatever a plugin returns
      reward += Math.max(-MAX_STEP_BONUS, Math.min(MAX_STEP_BONUS, transition.bonus));
    }
    if (transition.error) reward -= this.policy.invalidActionPenalty;
    if (repeated) reward -= this.policy.repeatActionPenalty;
    reward = tidy(reward);

    // A refused action leaves the state as it was, even if a plugin returned a changed one.
    if (!refused) this.state = transition.state;
    this.currentGrade = nextGrade;
    this.stepCount += 1;
    this.lastError = transition.error ?? null;
    this.lastFeedback = transition.feedback ?? (repeated ? 'You already took exactly this action earlier.' : null);
    this.actionLog.push(action);
    this.rewardLog.push(reward);
    this.cumulativeReward = tidy(this.cumulativeReward + reward);

    if (transition.done || this.stepCount >= this.task.metadata.maxSteps) {
      this.truncated = !transition.done;
      this.finish();
    }
    return { observation: this.observation(), reward, done: this.finished };
  }

  private assertNotAbandoned(): void {
    if (this.abandonedBecause) {
      throw new OpenEnvError('EPISODE_ABANDONED', `Episode ${this.episodeId} was abandoned (${this.abandonedBecause}); call reset`);
    }
  }

  /** Gives up on the episode (its step timed out): later steps are refused and its resources freed. */
  abandon(reason: string): void {
    this.abandonedBecause = reason;
    this.dispose();
  }

  private finish(): void {
    this.finished = true;
    this.finalGrade = this.currentGrade;
    this.dispose();
  }

  /** Releases the plugin's resources for this scenario; safe to call more than once. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    try {
      this.task.plugin.dispose?.(this.scenario);
    } catch {
      // A failing dispose must not break the response that ended the episode.
    }
  }

  /** The grade of the current state (final when done), raw and reported. */
  grade(): { raw: number; reported: number; breakdown: Record<string, unknown>; explanation: string | null; final: boolean } {
    const grade = this.finalGrade ?? this.currentGrade;
    return {
      raw: grade.score,
      reported: reportScore(grade.score, this.policy.scoreBounds),
      breakdown: grade.breakdown,
      explanation: grade.explanation ?? null,
      final: this.finished,
    };
  }

  stateView(): EpisodeState {
    const final = this.finalGrade;
    return {
      episode_id: this.episodeId,
      step_count: this.stepCount,
      task_id: this.task.metadata.id,
      seed: this.seed,
      max_steps: this.task.metadata.maxSteps,
      done: this.finished,
      truncated: this.truncated,
      cumulative_reward: this.cumulativeReward,
      last_action_error: this.lastError,
      raw_score: final ? final.score : null,
      score: final ? reportScore(final.score, this.policy.scoreBounds) : null,
      grade_breakdown: final ? final.breakdown : null,
    };
  }
}

/** Plays a whole episode offline (no server): used by tests, the grader audit and POST /grader replays. */
export async function playEpisode(
  task: RegisteredTask,
  options: EpisodeOptions & { actions: readonly unknown[] },
  policy: EpisodePolicy = DEFAULT_EPISODE_POLICY,
): Promise<{ episode: Episode; rewards: number[]; invalid: number }> {
  const episode = await Episode.start(task, options, policy);
  const rewards: number[] = [];
  let invalid = 0;
  for (const action of options.actions) {
    if (episode.done) break;
    try {
      rewards.push((await episode.step(action)).reward ?? 0);
    } catch (err) {
      if (err instanceof OpenEnvError && err.code === 'INVALID_ACTION') {
        invalid += 1;
        continue;
      }
      episode.dispose();
      throw err;
    }
  }
  return { episode, rewards, invalid };
}

