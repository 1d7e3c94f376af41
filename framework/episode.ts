// The episode runner shared by every task: scenario address, step counting, limits, rewards, final grade.
import { randomUUID } from 'node:crypto';
import { ActionHistory } from './action-history.js';
import { OpenEnvError, describeError } from './errors.js';
import { callPlugin, checkGrade } from './plugin-calls.js';
import type { Grade, SplitName } from './plugin-contract.js';
import { RewardLedger, type EpisodePolicy, type RewardComponents, type RewardMode, REWARD_MODES } from './reward-ledger.js';
import { resolveScenario, type ResolvedScenario, type ScenarioRequest } from './scenario-address.js';
import { reportScore, DEFAULT_SCORE_BOUNDS } from './score-bounds.js';
import type { RegisteredTask } from './task-registry.js';
import { summarizeDetail, validationDetail, type ValidationDetail } from './validation-detail.js';

export type { EpisodePolicy } from './reward-ledger.js';

export const DEFAULT_EPISODE_POLICY: EpisodePolicy = Object.freeze({
  scoreBounds: DEFAULT_SCORE_BOUNDS,
  invalidActionPenalty: 0.05,
  repeatActionPenalty: 0.02,
});

export interface EpisodeOptions extends ScenarioRequest {
  readonly episodeId?: string | null;
  /** Default "dense". */
  readonly rewardMode?: RewardMode | null;
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
  /** Corrections left this episode when the task budgets them, else null. */
  corrections_left: number | null;
  /** The reported (bounded) final score once the episode is done, else null. */
  score: number | null;
}

export interface StepResult {
  observation: WireObservation;
  reward: number | null;
  done: boolean;
  /** The parts of `reward` (absent on reset): grade change, shaping and penalties; they sum to `reward`. */
  reward_components?: RewardComponents;
}

/**
 * The episode state served by /state. Facts that identify the scenario (seed, index, digest) and the grade
 * are null while the episode runs, so nothing an agent can read lets it find or rehearse its scenario.
 */
export interface EpisodeState {
  episode_id: string;
  step_count: number;
  task_id: string;
  level: string;
  split: SplitName;
  reward_mode: RewardMode;
  max_steps: number;
  done: boolean;
  truncated: boolean;
  cumulative_reward: number;
  reward_totals: (RewardComponents & { return: number }) | null;
  last_action_error: string | null;
  seed: number | null;
  index: number | null;
  scenario_digest: string | null;
  raw_score: number | null;
  score: number | null;
  grade_breakdown: Record<string, unknown> | null;
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

export class Episode {
  private stepCount = 0;
  private finished = false;
  private truncated = false;
  private lastError: string | null = null;
  private lastFeedback: string | null = null;
  private readonly actionLog: unknown[] = [];
  private readonly rewardLog: number[] = [];
  private finalGrade: Grade | null = null;
  private disposed = false;
  private abandonedBecause: string | null = null;
  private readonly ledger: RewardLedger;
  private readonly history: ActionHistory;

  private constructor(
    readonly task: RegisteredTask,
    readonly address: ResolvedScenario,
    readonly episodeId: string,
    readonly rewardMode: RewardMode,
    private readonly policy: EpisodePolicy,
    private state: unknown,
    private currentGrade: Grade,
  ) {
    this.ledger = new RewardLedger(rewardMode, policy);
    const corrections = task.plugin.corrections;
    this.history = new ActionHistory(task.plugin, corrections ? corrections.budget(address.config) : null);
  }

  /** Starts an episode: the same task and address (split, level, index or seed, config) give the same scenario. */
  static async start(task: RegisteredTask, options: EpisodeOptions = {}, policy: EpisodePolicy = DEFAULT_EPISODE_POLICY): Promise<Episode> {
    const rewardMode = chooseRewardMode(options.rewardMode);
    const address = await resolveScenario(task, options);
    const plugin = task.plugin;
    try {
      const state = await callPlugin(task, 'initialState', () => plugin.initialState(address.scenario));
      const grade = checkGrade(task, await callPlugin(task, 'grade', () => plugin.grade(address.scenario, state)));
      return new Episode(task, address, options.episodeId ?? randomUUID(), rewardMode, policy, state, grade);
    } catch (err) {
      // The scenario may hold resources (a database); nobody will own it now.
      try {
        plugin.dispose?.(address.scenario);
      } catch {
        // the original error is the one to report
      }
      throw err;
    }
  }

  get seed(): number {
    return this.address.seed;
  }

  get config(): unknown {
    return this.address.config;
  }

  private get scenario(): unknown {
    return this.address.scenario;
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
      corrections_left: this.history.correctionsLeft,
      score: this.finalGrade ? reportScore(this.finalGrade.score, this.policy.scoreBounds) : null,
    };
  }

  /** The plugin's picture of the current state (its optional render hook), or null when it has none. */
  render(): string | null {
    const plugin = this.task.plugin;
    if (!plugin.render) return null;
    try {
      return String(plugin.render(this.scenario, this.state));
    } catch (err) {
      throw new OpenEnvError('PLUGIN_ERROR', `Task "${this.task.metadata.id}" failed in render(): ${describeError(err)}`, { task: this.task.metadata.id, method: 'render' }, { cause: err });
    }
  }

  /** The plugin's shaping potential of a state (0 for a plugin without one). */
  private async potentialOf(state: unknown): Promise<number> {
    const plugin = this.task.plugin;
    if (!plugin.potential) return 0;
    const value = await callPlugin(this.task, 'potential', () => plugin.potential!(this.scenario, state));
    return typeof value === 'number' && Number.isFinite(value) ? value : 0;
  }

  /**
   * One step. In dense mode the reward is the change in grade (the first step also pays the start state's
   * grade), plus the change in the plugin's potential, minus the invalid-action and repeat penalties; in
   * terminal mode it is 0 until the last step, which pays the episode's whole return. A schema-invalid action
   * is refused (INVALID_ACTION) without counting as a step; an action the task (or the correction budget)
   * rejects counts, is penalised and reported in `last_action_error`.
   */
  async step(rawAction: unknown): Promise<StepResult> {
    this.assertNotAbandoned();
    if (this.finished) {
      throw new OpenEnvError('EPISODE_DONE', `Episode ${this.episodeId} of task "${this.task.metadata.id}" is over after ${this.stepCount} steps; call reset to start a new one`);
    }
    const action = parseAction(this.task, rawAction);
    const plugin = this.task.plugin;
    const check = this.history.check(action);
    const transition = check.refusal
      ? { state: this.state, error: check.refusal }
      : await callPlugin(this.task, 'transition', () => plugin.transition(this.scenario, this.state, action));
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
    const refused = Boolean(transition.error) && !('done' in transition && transition.done);
    const nextState = refused ? this.state : transition.state;
    const nextGrade = refused ? this.currentGrade : checkGrade(this.task, await callPlugin(this.task, 'grade', () => plugin.grade(this.scenario, nextState)));
    const ends = Boolean('done' in transition && transition.done) || this.stepCount + 1 >= this.task.metadata.maxSteps;
    const potential = ends ? 0 : await this.potentialOf(nextState);
    this.assertNotAbandoned();

    check.commit(!refused);
    const { reward, components } = this.ledger.record({
      grade: nextGrade.score,
      potential,
      invalid: Boolean(transition.error),
      repeated: check.repeated,
      done: ends,
    });
    this.state = nextState;
    this.currentGrade = nextGrade;
    this.stepCount += 1;
    this.lastError = transition.error ?? null;
    const feedback = 'feedback' in transition ? transition.feedback : undefined;
    this.lastFeedback = feedback ?? (check.repeated ? 'You already took exactly this action earlier.' : null);
    this.actionLog.push(action);
    this.rewardLog.push(reward);

    if (ends) {
      this.truncated = !('done' in transition && transition.done);
      this.finish();
    }
    return { observation: this.observation(), reward, done: this.finished, reward_components: components };
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

  /** What the episode has paid, by component and in all. */
  rewardTotals(): RewardComponents & { return: number } {
    return this.ledger.totals();
  }

  /** The state; `revealScenario` shows seed, index and digest while the episode runs (an unsafe audit switch). */
  stateView(revealScenario = false): EpisodeState {
    const final = this.finalGrade;
    const over = this.finished || revealScenario;
    const totals = this.ledger.totals();
    return {
      episode_id: this.episodeId,
      step_count: this.stepCount,
      task_id: this.task.metadata.id,
      level: this.address.level.level.name,
      split: this.address.split,
      reward_mode: this.rewardMode,
      max_steps: this.task.metadata.maxSteps,
      done: over,
      truncated: this.truncated,
      cumulative_reward: totals.return,
      reward_totals: totals,
      last_action_error: this.lastError,
      seed: over ? this.address.seed : null,
      index: over ? this.address.index : null,
      scenario_digest: over ? this.address.digest : null,
      raw_score: final ? final.score : null,
      score: final ? reportScore(final.score, this.policy.scoreBounds) : null,
      grade_breakdown: final ? final.breakdown : null,
    };
  }
}

/** Plays a whole episode offline (no server): used by tests, the grader audit and POST /grader replays. */
export async function playEpisode(
  task: RegisteredTask,
  options: EpisodeOptions & { actions: readonly unknown[]; yieldEvery?: number },
  policy: EpisodePolicy = DEFAULT_EPISODE_POLICY,
): Promise<{ episode: Episode; rewards: number[]; invalid: number }> {
  const episode = await Episode.start(task, options, policy);
  const rewards: number[] = [];
  let invalid = 0;
  let played = 0;
  for (const action of options.actions) {
    if (episode.done) break;
    // A server's replay gives other requests a turn now and then: plugin steps are mostly synchronous.
    if (options.yieldEvery && ++played % options.yieldEvery === 0) await new Promise((resolve) => setImmediate(resolve));
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

