// The task plugin contract: the types a plugin author implements. Plugins are pure domain logic over plain data.
import type { z } from 'zod';
import type { Rng } from './seeded-random.js';

export type Difficulty = 'easy' | 'medium' | 'hard';
export const DIFFICULTIES: readonly Difficulty[] = ['easy', 'medium', 'hard'];

/** What the @Task decorator declares about a plugin. */
export interface TaskMetadata {
  /** Stable name used to select the task (kebab-case, e.g. "ticket-triage"). */
  readonly id: string;
  /** Human title. */
  readonly title: string;
  readonly difficulty: Difficulty;
  /** The episode ends after this many steps even without a submit. */
  readonly maxSteps: number;
  /** What the agent must do; shown to agents and reviewers. */
  readonly description: string;
}

/** A grader's verdict: score in [0, 1] plus a breakdown a person can read. */
export interface Grade {
  readonly score: number;
  readonly breakdown: Record<string, unknown>;
  /** One sentence explaining the score, optional. */
  readonly explanation?: string;
}

/** What an action did. Return the same state object and an `error` when the action was not allowed. */
export interface Transition<State> {
  readonly state: State;
  /** Short text shown in the next observation (e.g. query results, "ticket T-3 labelled"). */
  readonly feedback?: string;
  /**
   * The action was well-formed but not allowed here (unknown id, impossible move). The framework
   * applies the invalid-action penalty and shows this text as `last_action_error`.
   */
  readonly error?: string;
  /** The action ends the episode (e.g. submit). */
  readonly done?: boolean;
  /**
   * Optional shaping reward added to the grade change of this step, for progress the grade cannot see
   * yet (e.g. first look at a table the answer needs). Keep the sum over an episode small and bounded.
   */
  readonly bonus?: number;
}

/** What the agent sees: a text prompt for an LLM and the same facts as structured data. */
export interface TaskView<Data> {
  readonly prompt: string;
  readonly data: Data;
}

type MaybePromise<T> = T | Promise<T>;

/**
 * A task plugin. Every method is a pure function of its arguments (async allowed where real work such
 * as a database query needs it); one instance serves every session, so keep no per-episode fields.
 */
export interface TaskPlugin<Config = any, Scenario = any, State = any, Action = any, Data = any> {
  /** Difficulty knobs; every field has a default, so `configSchema.parse({})` works. */
  readonly configSchema?: z.ZodType<Config>;
  /** The action an agent sends (a discriminated union on `type` when there are several kinds). */
  readonly actionSchema: z.ZodType<Action>;
  /** The structured part of the observation, for the JSON Schema agents read. */
  readonly observationSchema?: z.ZodType<Data>;
  /** Builds a scenario from the seeded generator only (no clock, no Math.random). */
  generate(rng: Rng, config: Config): MaybePromise<Scenario>;
  /** The state at the start of an episode. */
  initialState(scenario: Scenario): State;
  /** Applies one validated action. Must not mutate `state`; return a new one. */
  transition(scenario: Scenario, state: State, action: Action): MaybePromise<Transition<State>>;
  /** What the agent sees now. */
  observe(scenario: Scenario, state: State): TaskView<Data>;
  /** The grade of a state, raw in [0, 1]; deterministic. */
  grade(scenario: Scenario, state: State): MaybePromise<Grade>;
  /** The reference solver: actions that reach (near) the top score for this scenario. */
  solve(scenario: Scenario): MaybePromise<Action[]>;
  /** Frees resources held for a scenario (e.g. a database) when its episode is over. */
  dispose?(scenario: Scenario): void;
}

/** A class constructor of a task plugin. */
export type TaskPluginClass = new (...args: any[]) => TaskPlugin;
