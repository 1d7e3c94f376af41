// Builds the fastify application (without listening): body parsing, error replies, HTTP routes, /mcp (HTTP and WebSocket) and /ws.
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import websocket from '@fastify/websocket';
import { EpisodeService, type UnsafeSwitches } from '../runtime/episode-service.js';
import type { Environment } from '../runtime/environment.js';
import { OpenEnvError } from '../contract/errors.js';
import { readJson } from '../contract/input-bounds.js';
import { SessionStore } from '../runtime/session-store.js';
import { BoundedQueue, DEFAULT_REPLAY_CONCURRENCY, DEFAULT_REPLAY_QUEUE } from '../runtime/work-queue.js';
import { httpErrorReply } from './error-replies.js';
import { registerHttpRoutes } from './http-routes.js';
import { JSON_RPC, type BodyProblem } from './mcp-handler.js';
import { AccessControl } from './access-control.js';
import { registerTaskApiRoutes } from './task-api-routes.js';
import { TaskCatalog } from './task-catalog.js';
import { registerWebSocketRoute } from './ws-route.js';
import { registerMcpWebSocketRoute } from './mcp-ws-route.js';
import { validationTokenFrom } from './validation-handshake.js';
import { answerClientError, answerFrameworkError } from './client-errors.js';
import { Drain, closeSocketsGoingAway } from './graceful-shutdown.js';
import { ServerMetrics } from './metrics.js';
import { registerOpsRoutes } from './ops-routes.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TrajectoryRecorder, type RecorderOptions } from '../trajectories/recorder.js';
import { registerRecordingRoutes } from './recording-routes.js';

export interface ServerOptions {
  /** Largest accepted request body or WebSocket frame, bytes. */
  readonly bodyLimit?: number;
  /** Overrides of the manifest's session limits (tests use small ones). */
  readonly maxWebSocketSessions?: number;
  readonly idleTimeoutMs?: number;
  readonly maxNamedSessions?: number;
  /** Deadline of one step; a step past it abandons its episode. Default 60 s. */
  readonly stepTimeoutMs?: number;
  /** Allow POST /grader replays of task + seed + actions (an answer oracle for whoever can call it). Default: off. */
  readonly replayGrading?: boolean;
  /** Replays run at once and waiting; past both a replay is refused with OVERLOADED (503). Defaults 2 and 8. */
  readonly replayConcurrency?: number;
  readonly replayQueue?: number;
  /** The orchestrator credential; when set, choosing and reading scenarios needs it. Default: none. */
  readonly orchestratorToken?: string | null;
  /** OPENENV_VALIDATION_TOKEN (32-256 characters): serve validation telemetry on /ws. Default: none (off). */
  readonly validationToken?: string | null;
  /** Serve requests without a session header from one shared session. Default: the manifest's sessions.default_session. */
  readonly defaultSession?: boolean;
  /** Agent-boundary defences to turn off. Unsafe: only for the audit panel's self-test, never from configuration. */
  readonly unsafeWithoutDefences?: UnsafeSwitches;
  /** Serve the play page at /web (and redirect / to it). Default: on. */
  readonly webInterface?: boolean;
  /** Longest time a whole request (headers and body) may take to arrive; past it the client gets 408. Default 30 s. */
  readonly requestTimeoutMs?: number;
  /** Longest time the request headers may take to arrive. Default 10 s (at most requestTimeoutMs). */
  readonly headersTimeoutMs?: number;
  /** How long an idle keep-alive connection stays open. Default 72 s (above common proxies' 60 s). */
  readonly keepAliveTimeoutMs?: number;
  /** Trajectory recording: every episode (OPENENV_RECORD) or only resets with record: true, and the JSONL directory. */
  readonly recording?: RecorderOptions;
  /** fastify logger; off unless LOG_LEVEL is set. */
  readonly logLevel?: string;
  /** Put before server-chosen session ids (set by `serve --workers` for each worker; see framework/scale/session-routing.ts). */
  readonly sessionIdPrefix?: string;
  /** Labels on every metric of this server (a worker of `serve --workers` adds worker="<n>"). */
  readonly metricsLabels?: Record<string, string>;
}

export interface BuiltServer {
  readonly app: FastifyInstance;
  readonly service: EpisodeService;
  readonly sessions: SessionStore;
  readonly catalog: TaskCatalog;
  readonly access: AccessControl;
  readonly recorder: TrajectoryRecorder;
  /** In-flight work and the draining flag that closeGracefully() uses. */
  readonly drain: Drain;
  /** What GET /metrics exposes. */
  readonly metrics: ServerMetrics;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the body was not valid JSON or nested too deep; routes decide how to answer (422, or a JSON-RPC error on /mcp). */
    bodyProblem: BodyProblem | null;
  }
}

/** Marks requests whose body failed to parse instead of failing them, so /mcp can still answer 200. */
function parseJsonBody(request: FastifyRequest, body: string, done: (err: Error | null, value?: unknown) => void): void {
  if (body.trim() === '') return done(null, undefined);
  const reading = readJson(body);
  if (reading.ok) return done(null, reading.value);
  request.bodyProblem = { kind: reading.kind, message: reading.message };
  done(null, undefined);
}

/** Largest request body or WebSocket frame accepted by default. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/** Default deadlines of the HTTP server (slowloris: a client holding a half-sent request holds a socket). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 72_000;
/** How often Node checks requests against those deadlines (its default, 30 s, would let them run 30 s late). */
const TIMEOUT_CHECK_INTERVAL_MS = 1000;

/** The route part of a URL: no query string, no trailing slash. */
function routePath(url: string): string {
  return url.split('?')[0]!.replace(/\/+$/, '') || '/';
}

/** Node timers overflow above 2^31 - 1 ms (and then fire at once); longer timeouts mean "about 24 days". */
function clampTimer(ms: number): number {
  return Math.min(ms, 2 ** 31 - 1);
}

export async function buildServer(env: Environment, options: ServerOptions = {}): Promise<BuiltServer> {
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT_BYTES;
  const idleTimeoutMs = clampTimer(options.idleTimeoutMs ?? env.loaded.manifest.sessions.idle_timeout_s * 1000);
  const limits = env.loaded.manifest.sessions;
  const sessions = new SessionStore({
    maxWebSocketSessions: options.maxWebSocketSessions ?? limits.max_sessions,
    maxNamedSessions: options.maxNamedSessions ?? limits.max_http_sessions,
    idleTimeoutMs,
    defaultSession: options.defaultSession ?? limits.default_session,
    idPrefix: options.sessionIdPrefix,
  });
  sessions.startSweeping();
  const replays = new BoundedQueue('replays', options.replayConcurrency ?? DEFAULT_REPLAY_CONCURRENCY, options.replayQueue ?? DEFAULT_REPLAY_QUEUE);
  const service = new EpisodeService(env, sessions, options.stepTimeoutMs, options.replayGrading ?? false, replays, options.unsafeWithoutDefences);
  const metrics = new ServerMetrics(service, replays, options.metricsLabels);
  const catalog = new TaskCatalog(env.policy);
  const recorder = new TrajectoryRecorder(options.recording);
  service.recorder = recorder;
  const access = new AccessControl(options.orchestratorToken);
  const validationToken = validationTokenFrom(options.validationToken);

  const drain = new Drain();
  const requestTimeout = clampTimer(options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
  const app = Fastify({
    bodyLimit,
    requestTimeout,
    keepAliveTimeout: clampTimer(options.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS),
    http: {
      // Node checks headersTimeout <= requestTimeout when it creates the server, before fastify sets the latter.
      requestTimeout,
      headersTimeout: Math.min(requestTimeout, clampTimer(options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS)),
      connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
    },
    // Malformed HTTP and fastify's pre-route errors answer in our shape, with a stable code.
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError,
    // While closing, our drain hook answers SHUTTING_DOWN (with a code and Retry-After) instead of fastify's bare 503.
    return503OnClosing: false,
    rewriteUrl: (req) => access.rewriteUrl(req),
    logger: options.logLevel ? { level: options.logLevel } : false,
    // Requests to /reset/ and /reset behave the same, as they do in FastAPI.
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.decorateRequest('bodyProblem', null);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, parseJsonBody);

  app.setErrorHandler((err, request, reply) => {
    const fastifyErr = err as { statusCode?: number; code?: string; message: string };
    if (routePath(request.url) === '/mcp') {
      // MCP always answers HTTP 200 with a JSON-RPC error, even for a body it could not read.
      return reply.status(200).send({ jsonrpc: '2.0', id: null, error: { code: JSON_RPC.INVALID_REQUEST, message: `Invalid Request: ${fastifyErr.message}`, data: null } });
    }
    let failure: unknown = err;
    if (fastifyErr.statusCode === 413 || fastifyErr.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      failure = new OpenEnvError('PAYLOAD_TOO_LARGE', `Request body is larger than the limit of ${bodyLimit} bytes`);
    } else if (!(err instanceof OpenEnvError) && fastifyErr.statusCode && fastifyErr.statusCode < 500) {
      failure = new OpenEnvError('BAD_REQUEST', fastifyErr.message, { fastify_code: fastifyErr.code ?? null });
    }
    const { status, body, headers } = httpErrorReply(failure);
    if (status >= 500 && status !== 503) app.log.error(err);
    return reply.status(status).headers(headers).send(body);
  });

  await app.register(websocket, {
    options: { maxPayload: bodyLimit },
    // Any close of the app tells WebSocket clients the server is going away (1001), not "no status" (1005).
    preClose: function (this: FastifyInstance, done: () => void) {
      closeSocketsGoingAway(this.websocketServer.clients);
      this.websocketServer.close();
      done();
    },
  });
  // Counts requests until their response is over (or their connection is cut), for the shutdown grace period.
  app.server.on('request', (_req: IncomingMessage, res: ServerResponse) => res.once('close', drain.enter()));
  app.addHook('onRequest', async (_request, reply) => {
    if (drain.draining) {
      const { status, body, headers } = httpErrorReply(new OpenEnvError('SHUTTING_DOWN', 'The server is shutting down and takes no new requests'));
      return reply.status(status).headers({ ...headers, connection: 'close' }).send(body);
    }
  });
  // A wrong token in the orchestrator prefix is refused before any route sees the request. Added after the
  // WebSocket plugin so that its hooks mark an upgrade request first and close the socket after this 403.
  app.addHook('onRequest', async (request, reply) => {
    if (access.refusedPrefix(request.raw)) {
      const { status, body } = httpErrorReply(new OpenEnvError('ORCHESTRATOR_ONLY', 'The orchestrator token in the path is wrong (or this server has none)'));
      return reply.status(status).send(body);
    }
  });
  const routes = registerHttpRoutes(app, { env, service, catalog, access, webInterface: options.webInterface ?? true });
  registerTaskApiRoutes(app, { env, index: service.taskIndex }, routes);
  registerRecordingRoutes(app, { service, recorder, access }, routes);
  registerWebSocketRoute(app, { env, service, catalog, access, idleTimeoutMs, drain, validationToken });
  registerMcpWebSocketRoute(app, { env, service, catalog, access, idleTimeoutMs, drain });
  routes.set('/ws', new Set(['GET']));
  registerOpsRoutes(app, { metrics, sessions, drain }, routes);

  app.setNotFoundHandler((request, reply) => {
    const path = routePath(request.url);
    const methods = routes.get(path);
    if (methods && !methods.has(request.method)) {
      const { body } = httpErrorReply(new OpenEnvError('METHOD_NOT_ALLOWED', `Method ${request.method} is not allowed on ${path}; use ${[...methods].join(' or ')}`));
      return reply.status(405).header('allow', [...methods].join(', ')).send(body);
    }
    const { body } = httpErrorReply(new OpenEnvError('NOT_FOUND', `No route ${request.method} ${path}; see GET /openapi.json`));
    return reply.status(404).send(body);
  });

  app.addHook('onClose', async () => {
    metrics.close();
    sessions.stop();
    await recorder.flush();
  });
  return { app, service, sessions, catalog, access, recorder, drain, metrics };
}
