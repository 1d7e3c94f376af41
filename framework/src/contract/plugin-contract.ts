// The task plugin contract: the types a plugin author implements. Plugins are pure domain logic over plain data.
import type { z } from 'zod';
import type { Rng } from './seeded-random.js';
import type { WireObservation } from '../runtime/episode-types.js';

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
  /**
   * The version of grade(): bump it whenever a change can move a score. Recorded with every trajectory, so a
   * re-grade (`openenv-ts replay`) can say which grader scored a record.
   */
  readonly graderVersion: string;
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
}

/** The dataset splits a task can serve. Scenarios of different splits come from disjoint generator families. */
export type SplitName = 'train' | 'validation' | 'test';
export const SPLIT_NAMES: readonly SplitName[] = ['train', 'validation', 'test'];

/** A named difficulty preset: values for some of the config knobs. Levels are declared easiest first. */
export interface TaskLevel<Config = Record<string, unknown>> {
  /** Kebab-case name, e.g. "basic"; reset takes it (or its 1-based number) as `level`. */
  readonly name: string;
  /** One line saying what this level asks beyond the one before. */
  readonly description: string;
  /** Knob values of this level; knobs left out keep the config schema's defaults. A reset's `config` overrides them. */
  readonly config: Partial<Config>;
}

/** Where a scenario sits in the catalogue; handed to generate() beside the seeded generator and the config. */
export interface ScenarioContext {
  /** Name and 1-based number of the level being played. */
  readonly level: string;
  readonly levelNumber: number;
  readonly split: SplitName;
  /**
   * The generator families this split may draw from (a subset of the plugin's `families`). A generator that
   * declares families must use only these, so nothing learnable from one split reappears verbatim in another.
   * Empty when the plugin declares no families (its splits then differ by seed only).
   */
  readonly families: readonly string[];
}

/**
 * Corrections a plugin budgets: where actions can be undone, a dense reward tells right from wrong by trial,
 * so changing what an earlier action set is allowed only a few times per episode. The framework counts and
 * refuses; the plugin only says what an action sets.
 */
export interface CorrectionPolicy<Config = any, Action = any> {
  /** What the action sets (e.g. "ticket T-3"), or null when it sets nothing that can be corrected. */
  key(action: Action): string | null;
  /** Corrections one episode allows (a later action with the same key and a different value is one). */
  budget(config: Config): number;
  /** What the action sets the key to (default: the whole action), so a harmless respelling is not a correction. */
  value?(action: Action): string;
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
  /** Difficulty levels, easiest first (default: one level, "default", with the schema defaults). */
  readonly levels?: readonly TaskLevel<Config>[];
  /**
   * The generator's units of variety (template, schema, question kind, phrasing grammar), as ids. Ids of the
   * form "group/name" are partitioned within their group, so each group (e.g. each ticket category) has
   * families in every split. The framework deals them to splits by a fixed hash: see scenario-catalogue.ts.
   */
  readonly families?: readonly string[];
  /** The splits served (default: train and test). */
  readonly splits?: readonly SplitName[];
  /** A budget on corrections, for tasks whose actions can be undone. */
  readonly corrections?: CorrectionPolicy<Config, Action>;
  /**
   * Builds a scenario from the seeded generator only (no clock, no Math.random). Draw only from
   * `context.families` when the plugin declares families.
   */
  generate(rng: Rng, config: Config, context: ScenarioContext): MaybePromise<Scenario>;
  /** The state at the start of an episode. */
  initialState(scenario: Scenario): State;
  /** Applies one validated action. Must not mutate `state`; return a new one. */
  transition(scenario: Scenario, state: State, action: Action): MaybePromise<Transition<State>>;
  /** What the agent sees now. */
  observe(scenario: Scenario, state: State): TaskView<Data>;
  /** The grade of a state, raw in [0, 1]; deterministic. */
  grade(scenario: Scenario, state: State): MaybePromise<Grade>;
  /**
   * Optional shaping potential of a state, |value| <= 0.25. The framework pays its change each step and pins it
   * to 0 at the start and the end of an episode, so shaping sums to zero and cannot change which policy is
   * best. It must not depend on hidden facts (which table the answer needs, which cell is wrong): a per-step
   * signal that does is an answer oracle.
   */
  potential?(scenario: Scenario, state: State): number;
  /**
   * Optional key for the repeated-action penalty: actions with equal keys are repeats (default: the action's
   * canonical JSON). E.g. SQL with whitespace collapsed.
   */
  repeatKey?(action: Action): string;
  /**
   * For plugins whose observation carries machine-readable hints (patterns, allowed values, lookup tables): a
   * policy that acts on those hints alone, reading no prose. The audit panel plays it and requires it to stay
   * below the trivial-policy ceiling; a fresh policy is made per episode, so it may keep state.
   */
  hintOnlyPolicy?(): (observation: WireObservation, stepIndex: number) => unknown | null;
  /** The reference solver: actions that reach (near) the top score for this scenario. */
  solve(scenario: Scenario): MaybePromise<Action[]>;
  /**
   * Optional picture of the current state for people (the play page shows it in a sandboxed iframe): an HTML
   * document or an SVG image. Show only what the agent may see; scripts do not run in the frame.
   */
  render?(scenario: Scenario, state: State): string;
  /** Frees resources held for a scenario (e.g. a database) when its episode is over. */
  dispose?(scenario: Scenario): void;
}

/** A class constructor of a task plugin. */
export type TaskPluginClass = new (...args: any[]) => TaskPlugin;
