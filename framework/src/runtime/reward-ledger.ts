// Rewards of one episode: grade changes, potential-based shaping and penalties, paid densely or at the end.
import type { ScoreBounds } from '../contract/score-bounds.js';

/** dense: every step pays its change (for training); terminal: 0 until the last step pays the return (for evaluation). */
export type RewardMode = 'dense' | 'terminal';
export const REWARD_MODES: readonly RewardMode[] = ['dense', 'terminal'];

/** The parts of one step's reward (penalties are negative); they sum to the reward. */
export interface RewardComponents {
  grade: number;
  shaping: number;
  invalid_action: number;
  repeated_action: number;
}

/** Framework-wide reward and score policy, taken from the manifest. */
export interface EpisodePolicy {
  readonly scoreBounds: ScoreBounds;
  readonly invalidActionPenalty: number;
  readonly repeatActionPenalty: number;
  /** Development mode (OPENENV_DEV=1 or NODE_ENV=development): check every observation against observationSchema. */
  readonly checkObservations?: boolean;
}

/** The largest shaping potential a plugin may report, either sign; larger values are clamped. */
export const MAX_POTENTIAL = 0.25;

/**
 * Rounds away floating noise (0.30000000000000004) so rewards print and compare cleanly, at 1e-12: far below
 * any grade's own precision, so a return still equals its raw score minus penalties (a 1e-6 grid once paid
 * 2/9 as 0.222222).
 */
export function tidy(x: number): number {
  return Math.round(x * 1e12) / 1e12 + 0;
}

function zero(): RewardComponents {
  return { grade: 0, shaping: 0, invalid_action: 0, repeated_action: 0 };
}

function total(c: RewardComponents): number {
  return c.grade + c.shaping + c.invalid_action + c.repeated_action;
}

/** What happened in one step, as the ledger needs it. */
export interface StepOutcome {
  /** Raw grade of the state after the step. */
  readonly grade: number;
  /** The plugin's potential of that state (ignored when the episode ends: the end is pinned to 0). */
  readonly potential: number;
  readonly invalid: boolean;
  readonly repeated: boolean;
  readonly done: boolean;
}

/**
 * Keeps an episode's accounts so that its return is exactly its final raw grade minus its penalties, in both
 * modes: the grade of the start state is paid with the first step, the potential is 0 at the start and the
 * end (so shaping sums to zero), and every reward is a difference of rounded running totals.
 */
export class RewardLedger {
  /** Running totals of what the episode has earned so far, whatever has been paid. */
  private readonly earned = zero();
  /** Running totals of what has been paid out in rewards. */
  private readonly paid = zero();
  private potential = 0;

  constructor(readonly mode: RewardMode, private readonly policy: EpisodePolicy) {}

  /** The reward of a step and its parts. */
  record(outcome: StepOutcome): { reward: number; components: RewardComponents } {
    const potential = outcome.done ? 0 : Math.max(-MAX_POTENTIAL, Math.min(MAX_POTENTIAL, Number.isFinite(outcome.potential) ? outcome.potential : 0));
    this.earned.grade = tidy(outcome.grade);
    this.earned.shaping = tidy(potential);
    if (outcome.invalid) this.earned.invalid_action = tidy(this.earned.invalid_action - this.policy.invalidActionPenalty);
    if (outcome.repeated) this.earned.repeated_action = tidy(this.earned.repeated_action - this.policy.repeatActionPenalty);
    this.potential = potential;
    const components = zero();
    if (this.mode === 'dense' || outcome.done) {
      for (const key of Object.keys(components) as (keyof RewardComponents)[]) {
        components[key] = tidy(this.earned[key] - this.paid[key]);
        this.paid[key] = this.earned[key];
      }
    }
    return { reward: tidy(total(components)), components };
  }

  /** What the episode has paid so far, by component, and in all. */
  totals(): RewardComponents & { return: number } {
    return { ...this.paid, return: tidy(total(this.paid)) };
  }

  /** The current shaping potential (0 at the start and once the episode is over). */
  get currentPotential(): number {
    return this.potential;
  }
}

/** The per-step reward range of a task: what a single step can pay, penalties and shaping included. */
export function stepRewardRange(policy: EpisodePolicy, shaping: boolean, maxSteps: number): Record<RewardMode, [number, number]> {
  const shape = shaping ? 2 * MAX_POTENTIAL : 0;
  const penalties = policy.invalidActionPenalty + policy.repeatActionPenalty;
  return {
    dense: [tidy(-1 - shape - penalties), tidy(1 + shape)],
    terminal: [tidy(-maxSteps * penalties), 1],
  };
}
