// One episode of a task: scenario address, step counting, limits, rewards, the final grade and the state view.
import { randomUUID } from 'node:crypto';
import { ActionHistory } from './action-history.js';
import { OpenEnvError, describeError } from '../contract/errors.js';
import { callPlugin, checkGrade } from './plugin-calls.js';
import type { Grade } from '../contract/plugin-contract.js';
import { RewardLedger, type EpisodePolicy, type RewardComponents, type RewardMode } from './reward-ledger.js';
import { resolveScenario, type ResolvedScenario } from './scenario-address.js';
import { reportScore } from '../contract/score-bounds.js';
import type { RegisteredTask } from './task-registry.js';
import { DEFAULT_EPISODE_POLICY, type EpisodeOptions, type EpisodeState, type StepResult, type WireObservation } from './episode-types.js';
import { chooseRewardMode, parseAction } from './episode-inputs.js';
import { checkObservationData } from './plugin-schema-checks.js';

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
    if (this.policy.checkObservations) checkObservationData(this.task.plugin, { source: this.task.source, id: this.task.metadata.id }, view.data);
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
