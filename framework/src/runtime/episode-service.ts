// Transport-independent episode operations (reset, step, state, grade) shared by HTTP, WebSocket and MCP.
import { Episode } from './episode.js';
import { playEpisode } from './play-episode.js';
import { type EpisodeOptions, type StepResult } from './episode-types.js';
import { planScenario } from './scenario-address.js';
import { TaskIndex } from './task-index.js';
import type { z } from 'zod';
import { gradeReport, type GradeReport } from './grade-report.js';
import type { Environment } from './environment.js';
import { OpenEnvError } from '../contract/errors.js';
import { resetRequestSchema, graderRequestSchema } from '../contract/wire-schemas.js';
import type { Session, SessionStore } from './session-store.js';
import type { RegisteredTask } from './task-registry.js';
import { summarizeDetail, validationDetail } from '../contract/validation-detail.js';
import { BoundedQueue, DEFAULT_REPLAY_CONCURRENCY, DEFAULT_REPLAY_QUEUE } from './work-queue.js';
import type { TrajectoryRecorder } from '../trajectories/recorder.js';

/** A state answer before any reset: what the contract requires, with the rest empty. */
function emptyState(taskId: string) {
  return {
    episode_id: null,
    step_count: 0,
    task_id: taskId,
    level: null,
    split: null,
    reward_mode: null,
    max_steps: null,
    done: false,
    truncated: false,
    cumulative_reward: 0,
    reward_totals: null,
    last_action_error: null,
    seed: null,
    index: null,
    scenario_digest: null,
    raw_score: null,
    score: null,
    grade_breakdown: null,
  };
}

function invalidBody(error: import('zod').ZodError, input: unknown, what: string): OpenEnvError {
  const detail = validationDetail(error, input, ['body']);
  return new OpenEnvError('INVALID_REQUEST', `Invalid ${what}: ${summarizeDetail(detail)}`, {
    errors: detail,
  });
}

/** A validated reset: the task and the episode options. */
export interface ResetPlan {
  readonly task: RegisteredTask;
  readonly options: EpisodeOptions;
  /** The reset's `record` kwarg (null/undefined: the server's default). */
  readonly record?: boolean | null;
}

/** What running past a deadline means, by kind of work. */
const DEADLINE_CONSEQUENCE = {
  step: 'The step did not finish within {s} s; the episode is abandoned, call reset',
  replay: 'The replay did not finish within {s} s (a plugin step hung); its queue slot is freed',
} as const;

/** Resolves with the promise, or rejects after `ms` (calling `onTimeout` first) with STEP_TIMEOUT. */
function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => void, kind: keyof typeof DEADLINE_CONSEQUENCE = 'step'): Promise<T> {
  if (!Number.isFinite(ms)) return work;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new OpenEnvError('STEP_TIMEOUT', DEADLINE_CONSEQUENCE[kind].replace('{s}', String(ms / 1000)), { timeout_s: ms / 1000 }));
    }, ms);
    timer.unref();
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** Replay steps between turns given to other requests (a 10,000-action replay would otherwise hold the event loop). */
const REPLAY_YIELD_EVERY = 50;

/** Default step deadline: long enough for any honest plugin step (the SQL task stops queries at 2 s). */
export const DEFAULT_STEP_TIMEOUT_MS = 60_000;

/** Defences a server can be started without, so the audit panel's self-test can show it notices. Never in production. */
export interface UnsafeSwitches {
  /** Show seed, index and scenario digest in state while the episode runs. */
  readonly revealScenario?: boolean;
  /** Let a session take an episode id another session's running episode holds, and grade the live one first. */
  readonly episodeIdReuse?: boolean;
}

/** What the service reports as it works (the server's metrics listen); every method is optional. */
export interface EpisodeObserver {
  reset?(session: Session, task: string, outcome: 'ok' | 'error'): void;
  step?(session: Session, task: string, seconds: number, outcome: 'ok' | 'error'): void;
  replay?(task: string, outcome: 'ok' | 'error'): void;
}

export class EpisodeService {
  /** The environment-wide scenario index of the Task API, which reset also takes. */
  readonly taskIndex: TaskIndex;
  /** Told of every reset, step and replay; none by default. */
  observer: EpisodeObserver | null = null;
  /** Records episodes as trajectories when set (see trajectories/recorder.ts). */
  recorder: TrajectoryRecorder | null = null;

  constructor(
    readonly env: Environment,
    readonly sessions: SessionStore,
    readonly stepTimeoutMs: number = DEFAULT_STEP_TIMEOUT_MS,
    /** Whether POST /grader may replay task + seed + actions (an answer oracle for whoever can call it). */
    readonly replayGrading: boolean = false,
    /** Bounds replays in flight and waiting; past it a replay is refused with OVERLOADED (503). */
    readonly replays: BoundedQueue = new BoundedQueue('replays', DEFAULT_REPLAY_CONCURRENCY, DEFAULT_REPLAY_QUEUE),
    /** Agent-boundary defences turned off: only for proving that the audit panel catches their absence. */
    readonly unsafe: UnsafeSwitches = {},
  ) {
    this.taskIndex = new TaskIndex(env.registry);
  }

  /** The task a request without an explicit task refers to for this session. */
  taskOf(session: Session): RegisteredTask {
    return session.episode?.task ?? this.env.registry.get(this.env.defaultTask);
  }

  /**
   * Resolves a task name (default: the default task); an unknown name is a 422 listing the known ones, with
   * `loc` pointing at where the name came from (e.g. ['body', 'task'] or ['query', 'task']).
   */
  resolveTask(name: string | undefined, loc: (string | number)[]): RegisteredTask {
    const id = name ?? this.env.defaultTask;
    try {
      return this.env.registry.get(id);
    } catch (err) {
      if (err instanceof OpenEnvError) {
        err.details.errors = [{ type: 'unknown_task', loc, msg: err.message, input: id }];
      }
      throw err;
    }
  }

  /** Validates reset kwargs (body may be undefined or {}) and resolves the task, before any session is touched. */
  parseReset(body: unknown): ResetPlan {
    const input = body ?? {};
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new OpenEnvError('INVALID_REQUEST', 'Reset body must be a JSON object (or empty)', {
        errors: [{ type: 'dict_type', loc: ['body'], msg: 'Input should be a valid dictionary', input }],
      });
    }
    const parsed = resetRequestSchema.safeParse(input);
    if (!parsed.success) throw invalidBody(parsed.error, input, 'reset request');
    const kwargs = parsed.data;
    const name = kwargs.task ?? kwargs.task_id ?? undefined;
    if (name === undefined && kwargs.index !== undefined && kwargs.index !== null) return this.planFromTaskIndex(kwargs);
    const task = this.resolveTask(name, ['body', kwargs.task != null ? 'task' : 'task_id']);
    const options: EpisodeOptions = {
      seed: kwargs.seed,
      episodeId: kwargs.episode_id,
      config: kwargs.config ?? undefined,
      level: kwargs.level,
      split: kwargs.split,
      index: kwargs.index,
      rewardMode: kwargs.reward_mode,
    };
    // Names, index and config are checked now, so a bad reset is refused before any session is touched.
    planScenario(task, options);
    return { task, options, record: kwargs.record };
  }

  /**
   * A reset by OpenEnv's Task API address: without a task, `index` is the environment-wide index of the split
   * (GET /{env}/tasks lists it), which fixes the task and level.
   */
  private planFromTaskIndex(kwargs: z.infer<typeof resetRequestSchema>): ResetPlan {
    if (kwargs.level !== undefined && kwargs.level !== null) {
      const message = 'level cannot be given with an environment-wide index (no task): the index already fixes task and level; add task to use its own index';
      throw new OpenEnvError('INVALID_REQUEST', message, { errors: [{ type: 'conflict', loc: ['body', 'level'], msg: message, input: kwargs.level }] });
    }
    let at;
    try {
      at = this.taskIndex.at(this.taskIndex.split(kwargs.split ?? 'train'), kwargs.index!);
    } catch (err) {
      if (!(err instanceof OpenEnvError)) throw err;
      const field = err.code === 'TASK_API_UNKNOWN_SPLIT' ? 'split' : 'index';
      throw new OpenEnvError('INVALID_REQUEST', err.message, { errors: [{ type: `invalid_${field}`, loc: ['body', field], msg: err.message, input: kwargs[field] }] });
    }
    const options: EpisodeOptions = {
      episodeId: kwargs.episode_id,
      config: kwargs.config ?? undefined,
      level: at.level,
      split: at.split,
      index: at.taskIndex,
      rewardMode: kwargs.reward_mode,
    };
    planScenario(at.task, options);
    return { task: at.task, options, record: kwargs.record };
  }

  /** Starts a new episode in the session from a plan made by parseReset. */
  reset(session: Session, plan: ResetPlan): Promise<StepResult> {
    return this.observed(this.startEpisode(session, plan), (outcome) => this.observer?.reset?.(session, plan.task.metadata.id, outcome));
  }

  /** Settles `work` and tells the observer its outcome (an observer that throws is not the caller's problem). */
  private observed<T>(work: Promise<T>, tell: (outcome: 'ok' | 'error') => void): Promise<T> {
    if (!this.observer) return work;
    const report = (outcome: 'ok' | 'error') => {
      try {
        tell(outcome);
      } catch {
        // Metrics must never fail a request.
      }
    };
    return work.then(
      (value) => {
        report('ok');
        return value;
      },
      (err: unknown) => {
        report('error');
        throw err;
      },
    );
  }

  private startEpisode(session: Session, plan: ResetPlan): Promise<StepResult> {
    return session.exclusive(async () => {
      const episode = await Episode.start(plan.task, plan.options, this.env.policy);
      if (session.closed) {
        // The session was closed while the scenario was being generated: nobody can use this episode.
        episode.dispose();
        throw new OpenEnvError('SESSION_NOT_FOUND', `Session "${session.id}" was closed during the reset`, { session_id: session.id });
      }
      // Checked after the await and before the episode is installed, with nothing in between, so two
      // concurrent resets cannot both take one id.
      const holder = this.unsafe.episodeIdReuse ? null : this.sessions.liveHolderOf(episode.episodeId);
      if (holder && holder !== session) {
        episode.dispose();
        throw new OpenEnvError('EPISODE_ID_IN_USE', `Episode id "${episode.episodeId}" belongs to an episode that is still running; reuse an id only after its episode is over`, { episode_id: episode.episodeId });
      }
      this.sessions.archive(session, session.episode);
      session.replaceEpisode(episode);
      this.sessions.touch(session);
      const result: StepResult = { observation: episode.observation(), reward: null, done: false };
      this.recorder?.begin(session, episode, result, plan.record);
      return result;
    });
  }

  /**
   * One step of the session's episode. A step that outlives the deadline abandons its episode (a reset is
   * needed), so a plugin that never answers cannot hold the session forever.
   */
  step(session: Session, action: unknown, timeoutSeconds?: number): Promise<StepResult> {
    if (!this.observer) return this.stepEpisode(session, action, timeoutSeconds);
    const started = performance.now();
    const task = session.episode?.task.metadata.id ?? 'none';
    return this.observed(this.stepEpisode(session, action, timeoutSeconds), (outcome) => this.observer?.step?.(session, task, (performance.now() - started) / 1000, outcome));
  }

  private stepEpisode(session: Session, action: unknown, timeoutSeconds?: number): Promise<StepResult> {
    return session.exclusive(async () => {
      const episode = session.episode;
      if (!episode) {
        throw new OpenEnvError('EPISODE_NOT_STARTED', `No episode in session "${session.id}": call reset before step`);
      }
      const limitMs = Math.min(this.stepTimeoutMs, timeoutSeconds !== undefined ? timeoutSeconds * 1000 : Infinity);
      const result = await withDeadline(episode.step(action), limitMs, () => episode.abandon(`a step took longer than ${limitMs / 1000} s`));
      this.sessions.touch(session);
      this.recorder?.step(episode, result);
      if (result.done) this.sessions.archive(session, episode);
      return result;
    });
  }

  state(session: Session): Record<string, unknown> {
    const episode = session.episode;
    return episode ? { ...episode.stateView(this.unsafe.revealScenario) } : emptyState(this.env.defaultTask);
  }

  /**
   * POST /grader: a session's episode, an episode of the addressed session by id, or a replay of an address
   * and actions. A running episode is graded only for an authenticated orchestrator: its grade mid-episode
   * is exactly what terminal rewards keep from the agent.
   */
  async grade(body: unknown, sessionFromHeader: Session | null, orchestrator: boolean): Promise<GradeReport> {
    const input = body ?? {};
    const parsed = graderRequestSchema.safeParse(input);
    if (!parsed.success) throw invalidBody(parsed.error, input, 'grader request');
    const request = parsed.data;
    if (request.actions !== undefined || request.seed !== undefined || request.task !== undefined || request.index !== undefined) {
      if (!this.replayGrading) {
        throw new OpenEnvError('REPLAY_DISABLED', 'Replay grading is off on this server (it is an answer oracle for anyone who can call it); start it with OPENENV_GRADER_REPLAY=true, or grade by session_id or episode_id');
      }
      if ((request.seed === undefined && request.index === undefined) || request.actions === undefined) {
        throw new OpenEnvError('INVALID_REQUEST', 'A replay needs task (optional, default task), seed or index, and actions', {
          errors: [{ type: 'missing', loc: ['body', request.actions === undefined ? 'actions' : 'seed'], msg: 'Field required for a replay', input }],
        });
      }
      const task = this.resolveTask(request.task, ['body', 'task']);
      const replay = { seed: request.seed, index: request.index, level: request.level, split: request.split, config: request.config, actions: request.actions, yieldEvery: REPLAY_YIELD_EVERY };
      // A replay that hangs in a plugin must not hold its queue slot for good: it gets the step deadline for
      // each action it replays, and past it the slot is freed with STEP_TIMEOUT.
      const limitMs = this.stepTimeoutMs * (request.actions.length + 1);
      const replayed = this.replays.run(() =>
        withDeadline(
          playEpisode(task, replay, this.env.policy).then(({ episode }) => {
            episode.dispose();
            return gradeReport(episode);
          }),
          limitMs,
          () => undefined,
          'replay',
        ),
      );
      return this.observed(replayed, (outcome) => this.observer?.replay?.(task.metadata.id, outcome));
    }
    const session = request.session_id !== undefined ? this.sessions.namedSession(request.session_id, false) : (sessionFromHeader ?? this.sessions.defaultSession);
    if (request.episode_id !== undefined) {
      // An earlier episode of this session with the id answers first: an id names the first episode that used it.
      const report = this.sessions.findGrade(session, request.episode_id);
      const live = session.episode?.episodeId === request.episode_id ? session.episode : null;
      if ((!report || this.unsafe.episodeIdReuse) && live) return this.finishedReport(live, orchestrator);
      if (!report) throw new OpenEnvError('EPISODE_NOT_FOUND', `Session "${session.id}" has no live or recent episode with id "${request.episode_id}"`, { episode_id: request.episode_id, session_id: session.id });
      return report;
    }
    if (!session.episode) throw new OpenEnvError('EPISODE_NOT_STARTED', `Session "${session.id}" has no episode to grade; reset first`);
    return this.finishedReport(session.episode, orchestrator);
  }

  /**
   * The grade of a session's episode. While it runs, anyone but an authenticated orchestrator gets only what
   * dense rewards already told the agent: the score (their grade parts sum to it), without the breakdown; and
   * nothing at all in terminal mode, whose point is that no signal reaches the agent before the end.
   */
  private finishedReport(episode: Episode, orchestrator: boolean): GradeReport {
    if (episode.done || orchestrator) return gradeReport(episode);
    if (episode.rewardMode === 'terminal') {
      throw new OpenEnvError('EPISODE_RUNNING', `Episode ${episode.episodeId} plays terminal rewards and is still running; its grade is available once it is over`, { episode_id: episode.episodeId });
    }
    return { ...gradeReport(episode), breakdown: {}, explanation: 'The breakdown is shown once the episode is over.' };
  }
}
