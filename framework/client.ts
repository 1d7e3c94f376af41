// Typed clients of an OpenEnv server: HTTP (stateful through the session header) and the /ws message protocol.
import WebSocket from 'ws';
import type { z } from 'zod';
import type { WireObservation } from './episode.js';
import type { GradeReport } from './grade-report.js';
import type { graderRequestSchema, metadataSchema, stateSchema } from './server/wire-schemas.js';

// The reply types come from the server's own wire schemas, so the client cannot drift from what it is sent.
export type { GradeReport };
/** GET /state; servers may add fields. */
export type EpisodeStateView = z.infer<typeof stateSchema> & { [key: string]: unknown };
export type EnvMetadata = z.infer<typeof metadataSchema>;
/** POST /grader: the session's episode (default), an episode by id, or a replay of task + seed + actions. */
export type GraderRequest = z.input<typeof graderRequestSchema>;

export const SESSION_HEADER_NAME = 'X-OpenEnv-Session-Id';

/** The reply of reset and step. */
export interface StepResponse<Data = unknown> {
  observation: WireObservation & { data: Data };
  reward: number | null;
  done: boolean;
}

/** Reset kwargs; unknown keys are passed through (OpenEnv allows extra reset kwargs). */
export interface ResetRequest {
  seed?: number | null;
  episode_id?: string | null;
  task?: string;
  config?: Record<string, unknown>;
  [key: string]: unknown;
}

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
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
    readonly body: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OpenEnvHttpError';
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
      throw new OpenEnvHttpError(`${method} ${path}: HTTP ${response.status}: ${messageOf(response.status, parsed, text)}`, response.status, code, parsed ?? text);
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

/** An error frame from /ws (`code` is one of the OpenEnv codes, e.g. VALIDATION_ERROR), or a dead socket. */
export class OpenEnvWsError extends Error {
  constructor(message: string, readonly code: string, readonly data: Record<string, unknown> = {}) {
    super(message);
    this.name = 'OpenEnvWsError';
  }
}

export interface WsClientOptions {
  /** How long to wait for each reply, ms (default 60 000, as the official Python client). */
  readonly timeoutMs?: number;
  readonly headers?: Record<string, string>;
}

/** http(s)://host[/base] -> ws(s)://host[/base]/ws; a ws(s):// URL is used as given. */
export function webSocketUrlOf(baseUrl: string): string {
  if (/^wss?:\/\//i.test(baseUrl)) return baseUrl;
  return `${trimSlash(baseUrl).replace(/^http/i, 'ws')}/ws`;
}

interface Pending {
  resolve: (frame: { type: string; data?: unknown }) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * WebSocket client of /ws: one server session per connection, one reply per request, in order.
 * Error frames become OpenEnvWsError; the connection stays usable after them.
 */
export class OpenEnvWsClient {
  private readonly pending: Pending[] = [];
  private closedReason: string | null = null;

  private constructor(private readonly socket: WebSocket, private readonly timeoutMs: number) {
    socket.on('message', (raw) => this.onFrame(raw.toString()));
    socket.on('close', (code, reason) => this.failAll(`socket closed (${code}${reason.length ? ` ${reason.toString()}` : ''})`));
    socket.on('error', (err) => this.failAll(`socket error: ${err.message}`));
  }

  /** Opens a session; `baseUrl` is the server's http(s) URL or the ws(s) URL of /ws. */
  static async connect(baseUrl: string, options: WsClientOptions = {}): Promise<OpenEnvWsClient> {
    const socket = new WebSocket(webSocketUrlOf(baseUrl), { headers: options.headers });
    const client = new OpenEnvWsClient(socket, options.timeoutMs ?? 60_000);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', (err) => reject(new OpenEnvWsError(`cannot connect to ${webSocketUrlOf(baseUrl)}: ${err.message}`, 'CONNECT_FAILED')));
    });
    return client;
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  async reset<Data = unknown>(request: ResetRequest = {}): Promise<StepResponse<Data>> {
    return (await this.send({ type: 'reset', data: request }, 'observation')) as StepResponse<Data>;
  }

  /** Sends the bare action (the /ws protocol does not wrap it in {"action": ...}). */
  async step<Data = unknown>(action: Record<string, unknown>): Promise<StepResponse<Data>> {
    return (await this.send({ type: 'step', data: action }, 'observation')) as StepResponse<Data>;
  }

  async state(): Promise<EpisodeStateView> {
    return (await this.send({ type: 'state' }, 'state')) as EpisodeStateView;
  }

  /** A JSON-RPC request to the session's MCP endpoint; returns the JSON-RPC response. */
  async mcp(request: Record<string, unknown>): Promise<Record<string, unknown>> {
    return (await this.send({ type: 'mcp', data: request }, 'mcp')) as Record<string, unknown>;
  }

  /** Ends the session: sends close (no reply is expected) and waits for the socket to close. */
  async close(timeoutMs = 5000): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    const closed = new Promise<void>((resolve) => this.socket.once('close', () => resolve()));
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify({ type: 'close' }));
    const timer = setTimeout(() => this.socket.terminate(), timeoutMs);
    await closed;
    clearTimeout(timer);
  }

  private send(message: Record<string, unknown>, expected: string): Promise<unknown> {
    if (this.closedReason !== null || this.socket.readyState !== WebSocket.OPEN) {
      return Promise.reject(new OpenEnvWsError(`cannot send ${String(message.type)}: ${this.closedReason ?? 'socket is not open'}`, 'SOCKET_CLOSED'));
    }
    return new Promise((resolve, reject) => {
      const entry: Pending = {
        resolve: (frame) => {
          if (frame.type === 'error') {
            const data = (frame.data ?? {}) as Record<string, unknown>;
            const code = typeof data.code === 'string' ? data.code : 'UNKNOWN';
            reject(new OpenEnvWsError(`${code}: ${typeof data.message === 'string' ? data.message : 'error'}`, code, data));
          } else if (frame.type !== expected) {
            reject(new OpenEnvWsError(`expected a "${expected}" frame, got "${frame.type}"`, 'UNEXPECTED_FRAME', { frame }));
          } else {
            resolve(frame.data);
          }
        },
        reject,
        timer: setTimeout(() => {
          const index = this.pending.indexOf(entry);
          if (index >= 0) this.pending.splice(index, 1);
          reject(new OpenEnvWsError(`no reply to ${String(message.type)} within ${this.timeoutMs} ms`, 'TIMEOUT'));
          // A late reply would be matched to the wrong request: the connection is no longer usable.
          this.socket.terminate();
        }, this.timeoutMs),
      };
      this.pending.push(entry);
      this.socket.send(JSON.stringify(message));
    });
  }

  private onFrame(text: string): void {
    let frame: { type?: unknown; data?: unknown };
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    const entry = this.pending.shift();
    if (!entry) {
      // Unsolicited: CAPACITY_REACHED right before the server closes; keep it as the reason for later calls.
      const data = frame.data as { message?: unknown } | undefined;
      if (frame.type === 'error') this.closedReason ??= `server error: ${String(data?.message ?? 'unknown')}`;
      return;
    }
    clearTimeout(entry.timer);
    entry.resolve({ type: String(frame.type), data: frame.data });
  }

  private failAll(reason: string): void {
    this.closedReason ??= reason;
    for (const entry of this.pending.splice(0)) {
      clearTimeout(entry.timer);
      entry.reject(new OpenEnvWsError(`no reply: ${reason}`, 'SOCKET_CLOSED'));
    }
  }
}
