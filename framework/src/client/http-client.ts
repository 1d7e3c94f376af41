// HTTP client of an OpenEnv server: stateful through the session header, with typed errors for non-2xx replies.
import type { z } from 'zod';
import type { EpisodeStateView, ResetRequest, StepResponse } from './client-types.js';
import type { GradeReport } from '../runtime/grade-report.js';
import type { graderRequestSchema, metadataSchema } from '../contract/wire-schemas.js';

/** The reply of POST /grader, re-exported beside the client that asks for it. */
export type { GradeReport };

// EnvMetadata and GraderRequest are inferred from the server's own wire schemas, so they cannot drift from
// what it sends. GET /tasks and GET /schema have no wire schema: TaskInfo, TaskList and SchemaResponse are
// written by hand to match the server's task catalog and must be kept in step with it.
export type EnvMetadata = z.infer<typeof metadataSchema>;
/** POST /grader: the session's episode (default), an episode by id, or a replay of task + seed + actions. */
export type GraderRequest = z.input<typeof graderRequestSchema>;

export const SESSION_HEADER_NAME = 'X-OpenEnv-Session-Id';

export type JsonSchemaObject = Record<string, unknown>;

export interface TaskInfo {
  id: string;
  title: string;
  difficulty: string;
  description: string;
  max_steps: number;
  action_schema: JsonSchemaObject;
  observation_schema: JsonSchemaObject;
  has_grader: boolean;
  grader: Record<string, unknown>;
}

export interface TaskList {
  default_task: string;
  score_bounds: { min: number; max: number };
  tasks: TaskInfo[];
}

export interface SchemaResponse {
  action: JsonSchemaObject;
  observation: JsonSchemaObject;
  state: JsonSchemaObject;
}

/** One FastAPI-style validation problem from a 422 reply. */
export interface ValidationProblem {
  type?: string;
  loc?: Array<string | number>;
  msg?: string;
  input?: unknown;
}

/**
 * A non-2xx reply, or no reply at all (status 0: connection refused, DNS failure, timeout).
 * `code` is the server's stable error code when it sent one (e.g. INVALID_ACTION, PLUGIN_ERROR).
 */
export class OpenEnvHttpError extends Error {
  /**
   * The server's own one-line account of an error reply (the 422 problems, its `message` or `detail`),
   * without the method, path and status that `message` adds; null when no error reply came.
   */
  readonly serverMessage: string | null;

  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
    readonly body: unknown,
    options?: { cause?: unknown; serverMessage?: string | null },
  ) {
    super(message, options);
    this.name = 'OpenEnvHttpError';
    this.serverMessage = options?.serverMessage ?? null;
  }

  /** True when the server refused the request as invalid (422), e.g. an action outside the schema. */
  get isValidation(): boolean {
    return this.status === 422;
  }

  /** True when no HTTP reply arrived at all. */
  get isTransport(): boolean {
    return this.status === 0;
  }

  get problems(): ValidationProblem[] {
    const detail = (this.body as { detail?: unknown } | null)?.detail;
    return Array.isArray(detail) ? (detail as ValidationProblem[]) : [];
  }
}

export interface HttpClientOptions {
  /**
   * Which server session to use: undefined (default) = a fresh server-chosen session on the first reset,
   * kept for later calls; "default" = the shared default session; any other string = that named session.
   */
  readonly session?: string;
  /** Per-request timeout, ms (default 30 000). */
  readonly timeoutMs?: number;
  /** Extra headers on every request (e.g. an Authorization header for a private Space). */
  readonly headers?: Record<string, string>;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** A one-line message for an error body: the 422 detail list, else `message`/`detail`, else the text. */
function messageOf(status: number, body: unknown, text: string): string {
  if (body && typeof body === 'object') {
    const { detail, message } = body as { detail?: unknown; message?: unknown };
    if (typeof message === 'string' && message) return message;
    if (Array.isArray(detail)) {
      return detail
        .map((d: ValidationProblem) => `${(d.loc ?? []).join('.') || 'body'}: ${d.msg ?? 'invalid'}`)
        .join('; ');
    }
    if (typeof detail === 'string' && detail) return detail;
  }
  return text.trim().slice(0, 500) || `HTTP ${status}`;
}

/**
 * HTTP client of an OpenEnv server (this framework's or the reference's). Episodes continue across calls
 * because the client sends its session id back in the X-OpenEnv-Session-Id header.
 */
export class OpenEnvHttpClient {
  readonly baseUrl: string;
  private session: string | null;
  private readonly timeoutMs: number;
  private readonly headers: Record<string, string>;

  constructor(baseUrl: string, options: HttpClientOptions = {}) {
    this.baseUrl = trimSlash(baseUrl);
    this.session = options.session ?? null;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.headers = { ...options.headers };
  }

  /** The session id in use (null until the first reset of a client made without one). */
  get sessionId(): string | null {
    return this.session;
  }

  async health(): Promise<{ status: string }> {
    return this.request('GET', '/health');
  }

  async metadata(): Promise<EnvMetadata> {
    return this.request('GET', '/metadata');
  }

  async tasks(): Promise<TaskList> {
    return this.request('GET', '/tasks');
  }

  /** JSON Schemas of a task's action, observation and state (the default task when `task` is omitted). */
  async schema(task?: string): Promise<SchemaResponse> {
    return this.request('GET', task ? `/schema?task=${encodeURIComponent(task)}` : '/schema');
  }

  /** Starts an episode; the first reset of a client without a session asks the server for a fresh one. */
  async reset<Data = unknown>(request: ResetRequest = {}): Promise<StepResponse<Data>> {
    return this.request('POST', '/reset', request, this.session ?? 'new');
  }

  async step<Data = unknown>(action: Record<string, unknown>): Promise<StepResponse<Data>> {
    return this.request('POST', '/step', { action });
  }

  async state(): Promise<EpisodeStateView> {
    return this.request('GET', '/state');
  }

  /** Grades this client's current episode, or whatever the request names (episode id, replay). */
  async grade(request: GraderRequest = {}): Promise<GradeReport> {
    return this.request('POST', '/grader', request);
  }

  private async request<T>(method: 'GET' | 'POST', path: string, body?: unknown, sessionOverride?: string): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...this.headers };
    const session = sessionOverride ?? this.session;
    if (session) headers[SESSION_HEADER_NAME] = session;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const url = `${this.baseUrl}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const reason = (err as Error).name === 'TimeoutError' ? `no reply within ${this.timeoutMs} ms` : describeFetchError(err);
      throw new OpenEnvHttpError(`${method} ${url} failed: ${reason}`, 0, null, null, { cause: err });
    }
    const echoed = response.headers.get(SESSION_HEADER_NAME);
    if (echoed && echoed !== 'default' && this.session !== 'default') this.session = echoed;
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    if (!response.ok) {
      const code = parsed && typeof parsed === 'object' && typeof (parsed as { code?: unknown }).code === 'string' ? (parsed as { code: string }).code : null;
      const serverMessage = messageOf(response.status, parsed, text);
      throw new OpenEnvHttpError(`${method} ${path}: HTTP ${response.status}: ${serverMessage}`, response.status, code, parsed ?? text, { serverMessage });
    }
    if (parsed === null && text.trim() !== 'null') {
      throw new OpenEnvHttpError(`${method} ${path}: the reply is not JSON: ${text.slice(0, 200)}`, response.status, null, text);
    }
    return parsed as T;
  }
}

/** fetch wraps the real reason (ECONNREFUSED, ENOTFOUND) in err.cause; surface it. */
function describeFetchError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  if (cause?.message) return `${(err as Error).message}: ${cause.message}`;
  return (err as Error).message ?? String(err);
}
