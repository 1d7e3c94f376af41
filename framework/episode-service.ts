// Transport-independent episode operations (reset, step, state, grade) shared by HTTP, WebSocket and MCP.
import { Episode, playEpisode, type EpisodeOptions, type StepResult } from './episode.js';
import { gradeReport, type GradeReport } from './grade-report.js';
import type { Environment } from './environment.js';
import { OpenEnvError } from './errors.js';
import { resetRequestSchema, graderRequestSchema } from './server/wire-schemas.js';
import type { Session, SessionStore } from './session-store.js';
import type { RegisteredTask } from './task-registry.js';
import { summarizeDetail, validationDetail } from './validation-detail.js';

/** A state answer before any reset: what the contract requires, with the rest empty. */
function emptyState(taskId: string) {
  return {
    episode_id: null,
    step_count: 0,
    task_id: taskId,
    seed: null,
    max_steps: null,
    done: false,
    truncated: false,
    cumulative_reward: 0,
    last_action_error: null,
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
}

/** Resolves with the promise, or rejects after `ms` (calling `onTimeout` first). */
function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  if (!Number.isFinite(ms)) return work;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new OpenEnvError('STEP_TIMEOUT', `The step did not finish within ${ms / 1000} s; the episode is abandoned, call reset`, { timeout_s: ms / 1000 }));
    }, ms);
    timer.unref();
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** Default step deadline: long enough for any honest plugin step (the SQL task stops queries at 2 s). */
export const DEFAULT_STEP_TIMEOUT_MS = 60_000;

export class EpisodeService {
  constructor(
    readonly env: Environment,
    readonly sessions: SessionStore,
    readonly stepTimeoutMs: number = DEFAULT_STEP_TIMEOUT_MS,
    /** Whether POST /grader may replay task + seed + actions (an answer oracle for whoever can call it). */
    readonly replayGrading: boolean = true,
  ) {}

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
    const task = this.resolveTask(name, ['body', kwargs.task != null ? 'task' : 'task_id']);
    return { task, options: { seed: kwargs.seed, episodeId: kwargs.episode_id, config: kwargs.config ?? undefined } };
  }

  /** Starts a new episode in the session from a plan made by parseReset. */
  reset(session: Session, plan: ResetPlan): Promise<StepResult> {
    return session.exclusive(async () => {
      const episode = await Episode.start(plan.task, plan.options, this.env.policy);
      if (session.closed) {
        // The session was closed while the scenario was being generated: nobody can use this episode.
        episode.dispose();
        throw new OpenEnvError('SESSION_NOT_FOUND', `Session "${session.id}" was closed during the reset`, { session_id: session.id });
      }
      this.sessions.archive(session);
      session.replaceEpisode(episode);
      this.sessions.touch(session);
      return { observation: episode.observation(), reward: null, done: false };
    });
  }

  /**
   * One step of the session's episode. A step that outlives the deadline abandons its episode (a reset is
   * needed), so a plugin that never answers cannot hold the session forever.
   */
  step(session: Session, action: unknown, timeoutSeconds?: number): Promise<StepResult> {
    return session.exclusive(async () => {
      const episode = session.episode;
      if (!episode) {
        throw new OpenEnvError('EPISODE_NOT_STARTED', `No episode in session "${session.id}": call reset before step`);
      }
      const limitMs = Math.min(this.stepTimeoutMs, timeoutSeconds !== undefined ? timeoutSeconds * 1000 : Infinity);
      const result = await withDeadline(episode.step(action), limitMs, () => episode.abandon(`a step took longer than ${limitMs / 1000} s`));
      this.sessions.touch(session);
      if (result.done) this.sessions.archive(episode);
      return result;
    });
  }

  state(session: Session): Record<string, unknown> {
    const episode = session.episode;
    return episode ? { ...episode.stateView() } : emptyState(this.env.defaultTask);
  }

  /** POST /grader: a session's episode, an episode by id, or a replay of task + seed + actions. */
  async grade(body: unknown, sessionFromHeader: Session | null): Promise<GradeReport> {
    const input = body ?? {};
    const parsed = graderRequestSchema.safeParse(input);
    if (!parsed.success) throw invalidBody(parsed.error, input, 'grader request');
    const request = parsed.data;
    if (request.actions !== undefined || request.seed !== undefined || request.task !== undefined) {
      if (!this.replayGrading) {
        throw new OpenEnvError('REPLAY_DISABLED', 'Replay grading is turned off on this server (OPENENV_GRADER_REPLAY=false); grade by session_id or episode_id');
      }
      if (request.seed === undefined || request.actions === undefined) {
        throw new OpenEnvError('INVALID_REQUEST', 'A replay needs task (optional, default task), seed and actions', {
          errors: [{ type: 'missing', loc: ['body', request.seed === undefined ? 'seed' : 'actions'], msg: 'Field required for a replay', input }],
        });
      }
      const task = this.resolveTask(request.task, ['body', 'task']);
      const { episode } = await playEpisode(task, { seed: request.seed, config: request.config, actions: request.actions }, this.env.policy);
      episode.dispose();
      return gradeReport(episode);
    }
    if (request.episode_id !== undefined) {
      const report = this.sessions.findGrade(request.episode_id);
      if (!report) throw new OpenEnvError('EPISODE_NOT_FOUND', `No live or recent episode has id "${request.episode_id}"`, { episode_id: request.episode_id });
      return report;
    }
    const session = request.session_id !== undefined ? this.sessions.namedSession(request.session_id, false) : (sessionFromHeader ?? this.sessions.defaultSession);
    if (!session.episode) throw new OpenEnvError('EPISODE_NOT_STARTED', `Session "${session.id}" has no episode to grade; reset first`);
    return gradeReport(session.episode);
  }
}
