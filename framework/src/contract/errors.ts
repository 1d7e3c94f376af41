// Every error the framework reports, with a stable code, an HTTP status and a hint on how to fix it.

export const ERROR_CODES = {
  MANIFEST_NOT_FOUND: { status: 500, hint: 'Create openenv.plugins.json at the project root or pass its path.' },
  MANIFEST_INVALID: { status: 500, hint: 'Fix the named field of openenv.plugins.json.' },
  PLUGIN_LOAD_FAILED: { status: 500, hint: 'The plugin module threw while being imported; see the cause.' },
  PLUGIN_CONTRACT: { status: 500, hint: 'Make the plugin class implement every TaskPlugin member.' },
  DUPLICATE_TASK: { status: 500, hint: 'Give every @Task a unique id.' },
  STALE_BUILD: { status: 500, hint: 'The compiled plugins in dist/ do not match the sources: delete the named compiled file (or dist/) and run the build again.' },
  PLUGIN_CONFIG_DEFAULTS: { status: 500, hint: 'Give every configSchema field a default (.default(...)) or make it optional: configSchema.parse({}) must succeed.' },
  PLUGIN_SCHEMA_LOSSY: { status: 500, hint: 'Use only zod types JSON Schema can express in actionSchema, configSchema and observationSchema (e.g. an ISO string instead of z.date(), no transforms).' },
  PLUGIN_OBSERVATION_INVALID: { status: 500, hint: "observe() returned data that does not match the plugin's observationSchema; fix observe() or the schema." },
  NO_TASKS: { status: 500, hint: 'The manifest plugin patterns matched no module declaring a @Task.' },
  UNKNOWN_TASK: { status: 422, hint: 'Use one of the task ids listed by GET /tasks.' },
  INVALID_REQUEST: { status: 422, hint: 'Fix the request body as described in the detail list.' },
  INVALID_ACTION: { status: 422, hint: "The action does not match the task's action schema (GET /schema)." },
  EPISODE_NOT_STARTED: { status: 409, hint: 'Call reset before step.' },
  EPISODE_DONE: { status: 409, hint: 'The episode has ended; call reset to start a new one.' },
  SESSION_NOT_FOUND: { status: 404, hint: 'The session id is unknown or expired; reset to create it again.' },
  SESSION_LIMIT: { status: 503, hint: 'Every named session is running an episode; retry after retry_after_s, close sessions you are done with (openenv/session/close), or raise sessions.max_http_sessions in the manifest.' },
  EPISODE_NOT_FOUND: { status: 404, hint: 'Only recent episodes are kept; grade by task, seed and actions instead.' },
  STEP_TIMEOUT: { status: 504, hint: 'The task took too long on this step; reset to start a new episode.' },
  SESSION_BUSY: { status: 429, hint: 'Too many requests are queued on this session; wait for replies before sending more.' },
  EPISODE_ABANDONED: { status: 409, hint: 'An earlier step of this episode timed out; call reset.' },
  REPLAY_DISABLED: { status: 403, hint: 'Grade by session_id or episode_id, or start the server with OPENENV_GRADER_REPLAY=true.' },
  EPISODE_ID_IN_USE: { status: 409, hint: 'Another session is running an episode with this id; pick another id or wait until it is over.' },
  EPISODE_RUNNING: { status: 409, hint: 'Grade the episode once it is over (or call as the orchestrator, with OPENENV_ORCHESTRATOR_TOKEN).' },
  ORCHESTRATOR_ONLY: { status: 403, hint: 'This operation needs the orchestrator credential: call through /orchestrator/<token>/... or send Authorization: Bearer <token>.' },
  SESSION_ATTACHED: { status: 409, hint: 'Another WebSocket is attached to this session (/ws?session_id=); close it, or open a plain /ws for a session of its own.' },
  VALIDATION_REFUSED: { status: 403, hint: 'Validation telemetry needs OPENENV_VALIDATION_TOKEN on the server, validation_open with that token before any reset, step or state on a /ws socket of its own, and validation_read with the capability it returned.' },
  SESSION_REQUIRED: { status: 428, hint: 'This server has no shared default session: send X-OpenEnv-Session-Id with the id the reset reply returned.' },
  TASK_API_BAD_INDEX: { status: 400, hint: 'Use an index from 0 to num_tasks - 1 (POST /{env}/num_tasks).' },
  TASK_API_UNKNOWN_SPLIT: { status: 400, hint: 'Use a split name from GET /{env}/splits.' },
  TASK_API_UNKNOWN_ENV: { status: 404, hint: 'Use the name GET /list_environments returns.' },
  TRAJECTORY_NOT_FOUND: { status: 404, hint: 'Reset with record: true (or start the server with OPENENV_RECORD=1) and finish the episode; a session gets only its own finished episodes, and only recent ones are kept.' },
  SCENARIO_CHANGED: { status: 409, hint: "The recorded address now generates a different scenario (the plugin's generator or data changed); re-record the episode with the current plugin." },
  PLUGIN_ERROR: { status: 500, hint: 'The task plugin threw; this is a bug in the plugin, not in the request.' },
  NOT_FOUND: { status: 404, hint: 'See GET /openapi.json for the routes.' },
  METHOD_NOT_ALLOWED: { status: 405, hint: 'See GET /openapi.json for the methods of each route.' },
  PAYLOAD_TOO_LARGE: { status: 413, hint: 'Send a smaller body.' },
  UPGRADE_REQUIRED: { status: 426, hint: 'Connect to /ws with a WebSocket client.' },
  BAD_REQUEST: { status: 400, hint: 'The HTTP request itself is malformed (headers, encoding); see the detail.' },
  REQUEST_TIMEOUT: { status: 408, hint: 'Send the whole request (headers and body) within OPENENV_REQUEST_TIMEOUT_S.' },
  HEADERS_TOO_LARGE: { status: 431, hint: 'Send smaller request headers (Node accepts 16 KiB in all).' },
  OVERLOADED: { status: 503, hint: 'A bounded resource (replay queue, worker pool) is full; retry after retry_after_s seconds (the Retry-After header).' },
  WORKER_UNAVAILABLE: { status: 503, hint: 'The worker process that holds this session (or the default session) is restarting after a crash; retry after retry_after_s seconds. Sessions it held are lost: reset them.' },
  SHUTTING_DOWN: { status: 503, hint: 'The server is shutting down; retry after retry_after_s seconds, on this server once it is back or on another.' },
  INTERNAL_ERROR: { status: 500, hint: 'An unexpected server error; the detail names it. Other sessions are unaffected.' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An error with a stable code. `details` carries structured extras (e.g. the known task ids). */
export class OpenEnvError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OpenEnvError';
    this.status = ERROR_CODES[code].status;
  }

  get hint(): string {
    return ERROR_CODES[this.code].hint;
  }
}

/** Seconds a client is told to wait when a bounded resource is full and nothing better is known. */
export const DEFAULT_RETRY_AFTER_S = 2;

/**
 * Whether an error is the overload contract (every 503: sessions, replay queue, worker pools, shutdown): the
 * request was fine, the server cannot take it now, and the client may retry after retry_after_s.
 */
export function isOverload(err: unknown): boolean {
  return err instanceof OpenEnvError && err.status === 503;
}

/** Whole seconds to wait before retrying an overload error (what Retry-After and retry_after_s carry). */
export function retryAfterSeconds(err: OpenEnvError): number {
  const given = err.details.retry_after_s;
  return typeof given === 'number' && Number.isFinite(given) && given > 0 ? Math.ceil(given) : DEFAULT_RETRY_AFTER_S;
}

/** The message of an unknown thrown value, including a chain of causes. */
export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause !== undefined ? ` (caused by: ${describeError(err.cause)})` : '';
    return `${err.message}${cause}`;
  }
  return String(err);
}
