// The /ws endpoint: a session per connection (or one attached by ?session_id=), the OpenEnv messages, validation telemetry.
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import type { EpisodeService } from '../runtime/episode-service.js';
import type { Environment } from '../runtime/environment.js';
import { OpenEnvError } from '../contract/errors.js';
import { httpErrorReply, wsError, wsErrorFrame } from './error-replies.js';
import { handleMcp } from './mcp-handler.js';
import type { TaskCatalog } from './task-catalog.js';
import type { AccessControl } from './access-control.js';
import type { Session } from '../runtime/session-store.js';
import type { ResetPlan } from '../runtime/episode-service.js';
import { clipText, excerpt, readJson } from '../contract/input-bounds.js';
import type { Drain } from './graceful-shutdown.js';
import { DEFAULT_RETRY_AFTER_S } from '../contract/errors.js';
import { changesEpisode } from './mcp-handler.js';
import type { SeedAcceptance, SessionTelemetry } from './session-telemetry.js';
import { VALIDATION_MESSAGE_TYPES, answerValidation } from './validation-handshake.js';
import { runFrameLoop, sendFrame } from './ws-frame-loop.js';
import { tallyErrorReply } from './error-tally.js';

export interface WsDeps {
  readonly env: Environment;
  readonly service: EpisodeService;
  readonly catalog: TaskCatalog;
  readonly access: AccessControl;
  readonly idleTimeoutMs: number;
  readonly drain: Drain;
  /** OPENENV_VALIDATION_TOKEN: when set, sockets of their own may open validation telemetry. */
  readonly validationToken: string | null;
}

const MESSAGE_TYPES = ['reset', 'step', 'state', 'close', 'mcp', ...VALIDATION_MESSAGE_TYPES];
const RECORDED = new Set<string>(['reset', 'step', 'state']);

export function registerWebSocketRoute(app: FastifyInstance, deps: WsDeps): void {
  app.route({
    method: 'GET',
    url: '/ws',
    // A plain GET (no upgrade) gets a JSON answer saying what to do instead of an empty 404.
    handler: async (_request, reply) =>
      reply.status(426).header('upgrade', 'websocket').send(httpErrorReply(new OpenEnvError('UPGRADE_REQUIRED', 'GET /ws needs a WebSocket upgrade (connect with a WebSocket client)')).body),
    wsHandler: (socket: WebSocket, request) => {
      // A /ws session starts with a reset that picks the scenario: the orchestrator's, when a token is set.
      // Attaching to a session (?session_id=) gives the same powers over it, so it needs the same credential.
      if (!deps.access.mayOrchestrate(request.raw)) {
        socket.send(JSON.stringify(wsErrorFrame(new OpenEnvError('ORCHESTRATOR_ONLY', '/ws is for the orchestrator on this server: connect to /orchestrator/<token>/ws'))));
        socket.close(1008, 'orchestrator credential required');
        return;
      }
      const attachTo = (request.query as Record<string, unknown> | undefined)?.session_id;
      if (attachTo !== undefined && attachTo !== '') {
        attachConnection(socket, deps, attachTo);
        return;
      }
      openConnection(socket, deps);
    },
  });
}

/** `/ws?session_id=<id>`: drives a named session made over HTTP or MCP; the session outlives the socket. */
function attachConnection(socket: WebSocket, deps: WsDeps, id: unknown): void {
  let session: Session;
  try {
    if (typeof id !== 'string') throw new OpenEnvError('INVALID_REQUEST', 'session_id must appear once in the query string');
    session = deps.service.sessions.attachWebSocket(id);
  } catch (err) {
    // Told before the socket closes, so a client sees why instead of a bare close code.
    socket.send(JSON.stringify(wsErrorFrame(err)));
    socket.close(1008, 'unknown or unavailable session');
    return;
  }
  serveConnection(socket, deps, session, false);
}

/** Plain `/ws`: a session of its own for the life of the connection. */
function openConnection(socket: WebSocket, deps: WsDeps): void {
  const { service } = deps;
  const session = service.sessions.openWebSocket();
  if (!session) {
    tallyErrorReply('CAPACITY_REACHED', true);
    const max = service.sessions.limits.maxWebSocketSessions;
    socket.send(JSON.stringify(wsError('CAPACITY_REACHED', `The server is at its capacity of ${max} WebSocket sessions; try again later`, {
      active_sessions: service.sessions.webSocketCount,
      max_sessions: max,
      retry_after_s: DEFAULT_RETRY_AFTER_S,
    })));
    socket.close(1013, 'capacity reached');
    return;
  }
  serveConnection(socket, deps, session, true);
}

/** Whether a reset took the seed it asked for: no index overrode it, and the episode's address carries it. */
function seedAcceptance(data: unknown, plan: ResetPlan, session: Session): SeedAcceptance {
  const kwargs = (data ?? {}) as Record<string, unknown>;
  const requested = Object.prototype.hasOwnProperty.call(kwargs, 'seed');
  const value = requested ? kwargs.seed : null;
  const accepted = requested && typeof value === 'number' && (plan.options.index === undefined || plan.options.index === null) && plan.options.seed === value && session.episode?.seed === value;
  return { requested, value: value ?? null, accepted };
}

/** One WebSocket connection over one session, answered frame by frame in order. */
function serveConnection(socket: WebSocket, deps: WsDeps, session: Session, ownsSession: boolean): void {
  const { service, catalog, env } = deps;
  const mcpContext = { service, catalog, boundSession: session, orchestrator: true, serverInfo: { name: env.loaded.manifest.name, version: env.loaded.manifest.version } };
  let telemetry: SessionTelemetry | null = null;
  let operationsStarted = false;

  const send = (frame: unknown) => sendFrame(socket, frame, (err) => wsErrorFrame(err));

  /** Answers one frame; every failure becomes an error frame and the socket stays open. */
  const handle = async (raw: string): Promise<void> => {
    const reading = readJson(raw);
    if (!reading.ok && reading.kind === 'invalid_json') return void send(wsError('INVALID_JSON', `Frame is not valid JSON: ${reading.message}`));
    const message = reading.ok ? reading.value : JSON.parse(raw);
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      return void send(wsError('VALIDATION_ERROR', 'A message must be a JSON object with a "type" field', { errors: [{ type: 'dict_type', loc: [], msg: 'expected an object', input: excerpt(message) }] }));
    }
    const { type, data } = message as { type?: unknown; data?: unknown };
    if (typeof type === 'string' && (VALIDATION_MESSAGE_TYPES as readonly string[]).includes(type)) {
      // Answered before anything that could quote the frame: it carries a credential.
      const answer = answerValidation(type, reading.ok ? (message as Record<string, unknown>) : null, { token: deps.validationToken, ownsSession, operationsStarted, telemetry });
      telemetry = answer.telemetry;
      return void send(answer.frame);
    }
    // Counted even when the frame is then refused, as OpenEnv does: telemetry opens only on an untouched socket.
    if (typeof type === 'string' && RECORDED.has(type)) operationsStarted = true;
    if (type === 'mcp' && changesEpisode(data)) {
      operationsStarted = true;
      // The record holds reset/step/state frames only; an MCP call that moves the episode makes it partial.
      telemetry?.markIncomplete('The episode was changed by an mcp frame, which the record does not hold');
    }
    if (!reading.ok) {
      // Too deep to hand to any code that recurses: refused whole, answered in the frame's own kind.
      if (type === 'mcp') return void send({ type: 'mcp', data: await handleMcp(undefined, mcpContext, reading) });
      return void send(wsError('VALIDATION_ERROR', `Frame is refused: ${reading.message}`, { errors: [{ type: 'json_too_deep', loc: [], msg: reading.message, input: null }] }));
    }
    if (typeof type !== 'string') {
      return void send(wsError('VALIDATION_ERROR', `A message needs a string "type" (one of ${MESSAGE_TYPES.join(', ')})`, { errors: [{ type: 'missing', loc: ['type'], msg: 'Field required', input: excerpt(message) }] }));
    }
    try {
      switch (type) {
        case 'reset': {
          if (data !== undefined && data !== null && (typeof data !== 'object' || Array.isArray(data))) {
            return void send(wsError('VALIDATION_ERROR', 'reset "data" must be an object of reset kwargs', { errors: [{ type: 'dict_type', loc: ['data'], msg: 'expected an object', input: excerpt(data) }] }));
          }
          const plan = service.parseReset(data ?? {});
          const sent = send({ type: 'observation', data: await service.reset(session, plan) });
          if (sent !== null) telemetry?.append('reset', raw, sent, seedAcceptance(data, plan, session));
          return;
        }
        case 'step': {
          if (typeof data !== 'object' || data === null || Array.isArray(data)) {
            return void send(wsError('VALIDATION_ERROR', 'step "data" must be the action object', { errors: [{ type: 'dict_type', loc: ['data'], msg: 'expected an object', input: excerpt(data ?? null) }] }));
          }
          const sent = send({ type: 'observation', data: await service.step(session, data) });
          if (sent !== null) telemetry?.append('step', raw, sent);
          return;
        }
        case 'state': {
          const sent = send({ type: 'state', data: service.state(session) });
          if (sent !== null) telemetry?.append('state', raw, sent);
          return;
        }
        case 'close':
          socket.close(1000, 'closed by client');
          return;
        case 'mcp': {
          const answer = await handleMcp(data, mcpContext);
          // A notification (no id) gets no response, as in JSON-RPC; every request gets exactly one.
          if (answer !== null) send({ type: 'mcp', data: answer });
          return;
        }
        default:
          return void send(wsError('UNKNOWN_TYPE', `Unknown message type "${clipText(type, 64)}"; expected one of ${MESSAGE_TYPES.join(', ')}`));
      }
    } catch (err) {
      // Refused operations are not recorded, as in OpenEnv: the record holds what the episode did.
      return void send(wsErrorFrame(err, type === 'reset' ? 'reset' : 'other'));
    }
  };

  runFrameLoop(socket, {
    idleTimeoutMs: deps.idleTimeoutMs,
    drain: deps.drain,
    onFrame: handle,
    onRefusedWhileDraining: () => void send(wsErrorFrame(new OpenEnvError('SHUTTING_DOWN', 'The server is shutting down and takes no new requests'))),
    onClose: () => (ownsSession ? service.sessions.closeWebSocket(session) : service.sessions.detachWebSocket(session)),
  });
}
