// Transport-independent episode operations (reset, step, state, grade) shared by HTTP, WebSocket and MCP.
import { Episode, playEpisode, type StepResult } from './episode.js';
import { gradeReport, type GradeReport } from './grade-report.js';
import type { Environment } from './environment.js';
import { OpenEnvError } from './errors.js';
import { resetRequestSchema, graderRequestSchema } from './server/wire-schemas.js';
import type { Session, SessionStore } from './session-store.js';
import type { RegisteredTask } from './task-registry.js';
import { validationDetail } from './validation-detail.js';

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
  return new OpenEnvError('INVALID_REQUEST', `Invalid ${what}: ${detail.map((d) => `${d.loc.join('.')}: ${d.msg}`).join('; ')}`, {
    errors: detail,
  });
}

export class EpisodeService {
  constructor(readonly env: Environment, readonly sessions: SessionStore) {}

  /** The task a request without an explicit task refers to for this session. */
  taskOf(session: Session): RegisteredTask {
    return session.episode?.task ?? this.env.registry.get(this.env.defaultTask);
  }

  /** Resolves a task name from reset kwargs; unknown names are a 422 listing the known ones. */
  private resolveTask(name: string | undefined, field: string): RegisteredTask {
    const id = name ?? this.env.defaultTask;
    try {
      return this.env.registry.get(id);
    } catch (err) {
      if (err instanceof OpenEnvError) {
        err.details.errors = [{ type: 'unknown_task', loc: ['body', field], msg: err.message, input: id }];
      }
      throw err;
    }
  }

  /** Starts a new episode in the session. `body` is the reset kwargs (may be undefined or {}). */
  reset(session: Session, body: unknown): Promise<StepResult> {
    const input = body ?? {};
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new OpenEnvError('INVALID_REQUEST', 'Reset body must be a JSON object (or empty)', {
        errors: [{ type: 'dict_type', loc: ['body'], msg: 'Input should be a valid dictionary', input }],
      });
    }
    const parsed = resetRequestSchema.safeParse(input);
    if (!parsed.success) throw invalidBody(parsed.error, input, 'reset request');
    const kwargs = parsed.data;
    const field = kwargs.task !== undefined ? 'task' : 'task_id';
    const task = this.resolveTask(kwargs.task ?? kwargs.task_id, field);
    return session.exclusive(async () => {
      const episode = await Episode.start(task, { seed: kwargs.seed, episodeId: kwargs.episode_id, config: kwargs.config }, this.env.policy);
      this.sessions.archive(session);
      session.replaceEpisode(episode);
      session.lastUsed = Date.now();
      return { observation: episode.observation(), reward: null, done: false };
    });
  }

  /** One step of the session's episode. */
  step(session: Session, action: unknown): Promise<StepResult> {
    return session.exclusive(async () => {
      const episode = session.episode;
      if (!episode) {
        throw new OpenEnvError('EPISODE_NOT_STARTED', `No episode in session "${session.id}": call reset before step`);
      }
      const result = await episode.step(action);
      session.lastUsed = Date.now();
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
      if (request.seed === undefined || request.actions === undefined) {
        throw new OpenEnvError('INVALID_REQUEST', 'A replay needs task (optional, default task), seed and actions', {
          errors: [{ type: 'missing', loc: ['body', request.seed === undefined ? 'seed' : 'actions'], msg: 'Field required for a replay', input }],
        });
      }
      const task = this.resolveTask(request.task, 'task');
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
