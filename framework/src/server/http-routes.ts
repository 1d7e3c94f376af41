// The HTTP routes of the OpenEnv contract plus /tasks and /grader; stateful through a session header.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EpisodeService } from '../runtime/episode-service.js';
import type { Environment } from '../runtime/environment.js';
import { OpenEnvError } from '../contract/errors.js';
import type { Session } from '../runtime/session-store.js';
import { handleMcp, type BodyProblem } from './mcp-handler.js';
import { buildOpenApi } from './openapi.js';
import type { TaskCatalog } from './task-catalog.js';
import type { AccessControl } from './access-control.js';
import { SESSION_HEADER, stepRequestSchema } from '../contract/wire-schemas.js';
import { summarizeDetail, validationDetail } from '../contract/validation-detail.js';
import { playPage } from './play-page.js';

export interface RouteDeps {
  readonly env: Environment;
  readonly service: EpisodeService;
  readonly catalog: TaskCatalog;
  readonly access: AccessControl;
  readonly webInterface: boolean;
}

/** The 422 for a body that is not JSON (shaped like FastAPI's) or nests too deep. */
export function bodyError(problem: BodyProblem): OpenEnvError {
  if (problem.kind === 'too_deep') {
    return new OpenEnvError('INVALID_REQUEST', `Request body is refused: ${problem.message}`, {
      errors: [{ type: 'json_too_deep', loc: ['body'], msg: problem.message, input: null }],
    });
  }
  return new OpenEnvError('INVALID_REQUEST', `Request body is not valid JSON: ${problem.message}`, {
    errors: [{ type: 'json_invalid', loc: ['body', 0], msg: `JSON decode error: ${problem.message}`, input: {} }],
  });
}

function body(request: FastifyRequest): unknown {
  if (request.bodyProblem !== null) throw bodyError(request.bodyProblem);
  return request.body;
}

/**
 * The session a request addresses: no header (or "default") = the shared default session; an id = that
 * named session (created by reset when missing); "new" on reset = a fresh server-chosen id.
 */
function sessionOf(request: FastifyRequest, deps: RouteDeps, creating: boolean): Session {
  const header = request.headers[SESSION_HEADER];
  const id = Array.isArray(header) ? header[0] : header;
  const sessions = deps.service.sessions;
  if (id === undefined || id === '' || id === 'default') return sessions.anonymousSession(creating);
  if (creating && id === 'new') return sessions.createNamed();
  return sessions.namedSession(id, creating);
}

function withSession(reply: FastifyReply, session: Session): FastifyReply {
  return reply.header(SESSION_HEADER, session.id);
}

/** Registers the routes; returns path -> methods so the not-found handler can answer 405 correctly. */
export function registerHttpRoutes(app: FastifyInstance, deps: RouteDeps): Map<string, Set<string>> {
  const { env, service, catalog } = deps;
  const routes = new Map<string, Set<string>>();
  const route = (method: 'GET' | 'POST', path: string, handler: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>) => {
    app.route({ method, url: path, handler });
    if (!routes.has(path)) routes.set(path, new Set());
    routes.get(path)!.add(method);
  };
  let openApi: Record<string, unknown> | null = null;

  route('POST', '/reset', async (request, reply) => {
    deps.access.require(request.raw, 'POST /reset');
    // Validate before choosing the session, so a bad reset never creates (or evicts) one.
    const plan = service.parseReset(body(request));
    const session = sessionOf(request, deps, true);
    const result = await service.reset(session, plan);
    return withSession(reply, session).send(result);
  });

  route('POST', '/step', async (request, reply) => {
    const raw = body(request);
    const parsed = stepRequestSchema.safeParse(raw ?? undefined);
    if (!parsed.success) {
      const detail = raw === undefined || raw === null
        ? [{ type: 'missing', loc: ['body', 'action'], msg: 'Field required', input: null }]
        : validationDetail(parsed.error, raw, ['body']);
      throw new OpenEnvError('INVALID_REQUEST', `Invalid step request: ${summarizeDetail(detail)}`, { errors: detail });
    }
    const session = sessionOf(request, deps, false);
    const result = await service.step(session, parsed.data.action, parsed.data.timeout_s);
    return withSession(reply, session).send(result);
  });

  route('GET', '/state', async (request, reply) => {
    deps.access.require(request.raw, 'GET /state');
    const session = sessionOf(request, deps, false);
    return withSession(reply, session).send(service.state(session));
  });

  route('GET', '/health', async () => ({ status: 'healthy' }));

  route('GET', '/metadata', async () => {
    const m = env.loaded.manifest;
    return {
      name: m.name,
      description: m.description,
      readme_content: env.readme,
      version: m.version,
      author: m.author,
      documentation_url: m.documentation_url,
    };
  });

  route('GET', '/schema', async (request) => {
    const query = request.query as Record<string, unknown>;
    const name = typeof query.task === 'string' && query.task !== '' ? query.task : undefined;
    const { action, observation, state } = catalog.schemasOf(service.resolveTask(name, ['query', 'task']));
    return { action, observation, state };
  });

  route('GET', '/tasks', async () => ({
    default_task: env.defaultTask,
    score_bounds: env.policy.scoreBounds,
    tasks: env.registry.list().map((task) => catalog.describe(task)),
  }));

  route('POST', '/grader', async (request) => {
    deps.access.require(request.raw, 'POST /grader');
    const raw = body(request);
    const header = request.headers[SESSION_HEADER];
    const session = header ? sessionOf(request, deps, false) : null;
    return service.grade(raw, session, deps.access.authenticated(request.raw));
  });

  route('POST', '/mcp', async (request, reply) => {
    const answer = await handleMcp(request.body, {
      service,
      catalog,
      orchestrator: deps.access.mayOrchestrate(request.raw),
      serverInfo: { name: env.loaded.manifest.name, version: env.loaded.manifest.version },
    }, request.bodyProblem);
    // Only notifications: accepted with no body, as MCP's HTTP transport says.
    if (answer === null) return reply.status(202).send();
    return reply.send(answer);
  });

  route('GET', '/openapi.json', async () => (openApi ??= buildOpenApi(env, catalog, deps.webInterface)));

  if (deps.webInterface) {
    const page = playPage(env.loaded.manifest.name);
    route('GET', '/web', async (request, reply) => {
      deps.access.require(request.raw, 'The play page');
      return reply.type('text/html; charset=utf-8').send(page);
    });
  }
  route('GET', '/', async (request, reply) => {
    // Through /orchestrator/<token>/, the page must be reached under the same prefix to keep its credential.
    if (deps.webInterface) return reply.redirect(`${deps.access.basePath(request.raw)}/web`);
    return { name: env.loaded.manifest.name, description: env.loaded.manifest.description, routes: [...routes.keys()].sort() };
  });

  return routes;
}
