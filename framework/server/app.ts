// Builds the fastify application (without listening): body parsing, error replies, HTTP routes, /mcp and /ws.
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import websocket from '@fastify/websocket';
import { EpisodeService, type UnsafeSwitches } from '../episode-service.js';
import type { Environment } from '../environment.js';
import { OpenEnvError } from '../errors.js';
import { SessionStore } from '../session-store.js';
import { httpErrorReply } from './error-replies.js';
import { registerHttpRoutes } from './http-routes.js';
import { JSON_RPC } from './mcp-handler.js';
import { AccessControl } from './access-control.js';
import { registerTaskApiRoutes } from './task-api-routes.js';
import { TaskCatalog } from './task-catalog.js';
import { registerWebSocketRoute } from './ws-route.js';

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
  /** The orchestrator credential; when set, choosing and reading scenarios needs it. Default: none. */
  readonly orchestratorToken?: string | null;
  /** Serve requests without a session header from one shared session. Default: the manifest's sessions.default_session. */
  readonly defaultSession?: boolean;
  /** Agent-boundary defences to turn off. Unsafe: only for the audit panel's self-test, never from configuration. */
  readonly unsafeWithoutDefences?: UnsafeSwitches;
  /** Serve the play page at /web (and redirect / to it). Default: on. */
  readonly webInterface?: boolean;
  /** fastify logger; off unless LOG_LEVEL is set. */
  readonly logLevel?: string;
}

export interface BuiltServer {
  readonly app: FastifyInstance;
  readonly service: EpisodeService;
  readonly sessions: SessionStore;
  readonly catalog: TaskCatalog;
  readonly access: AccessControl;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the body was not valid JSON; routes decide how to answer (422, or -32700 on /mcp). */
    jsonError: string | null;
  }
}

/** Marks requests whose body failed to parse instead of failing them, so /mcp can still answer 200. */
function parseJsonBody(request: FastifyRequest, body: string, done: (err: Error | null, value?: unknown) => void): void {
  if (body.trim() === '') return done(null, undefined);
  try {
    done(null, JSON.parse(body));
  } catch (err) {
    request.jsonError = (err as Error).message;
    done(null, undefined);
  }
}

/** Largest request body or WebSocket frame accepted by default. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

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
  });
  sessions.startSweeping();
  const service = new EpisodeService(env, sessions, options.stepTimeoutMs, options.replayGrading ?? false, options.unsafeWithoutDefences);
  const catalog = new TaskCatalog(env.policy);
  const access = new AccessControl(options.orchestratorToken);

  const app = Fastify({
    bodyLimit,
    rewriteUrl: (req) => access.rewriteUrl(req),
    logger: options.logLevel ? { level: options.logLevel } : false,
    // Requests to /reset/ and /reset behave the same, as they do in FastAPI.
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.decorateRequest('jsonError', null);
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
    const { status, body } = httpErrorReply(failure);
    if (status >= 500) app.log.error(err);
    return reply.status(status).send(body);
  });

  await app.register(websocket, { options: { maxPayload: bodyLimit } });
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
  registerWebSocketRoute(app, { env, service, catalog, access, idleTimeoutMs });
  routes.set('/ws', new Set(['GET']));

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

  app.addHook('onClose', async () => sessions.stop());
  return { app, service, sessions, catalog, access };
}
