// The /ws endpoint: one session per connection, the OpenEnv message protocol, capacity and idle timeout.
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import type { EpisodeService } from '../episode-service.js';
import type { Environment } from '../environment.js';
import { OpenEnvError } from '../errors.js';
import { httpErrorReply, wsError, wsErrorFrame } from './error-replies.js';
import { handleMcp } from './mcp-handler.js';
import type { TaskCatalog } from './task-catalog.js';
import type { AccessControl } from './access-control.js';
import { MAX_QUEUED_REQUESTS } from '../session-store.js';
import { clipText, excerpt, readJson } from '../input-bounds.js';
import type { Drain } from './graceful-shutdown.js';
import { DEFAULT_RETRY_AFTER_S } from '../errors.js';

export interface WsDeps {
  readonly env: Environment;
  readonly service: EpisodeService;
  readonly catalog: TaskCatalog;
  readonly access: AccessControl;
  readonly idleTimeoutMs: number;
  readonly drain: Drain;
}

const MESSAGE_TYPES = ['reset', 'step', 'state', 'close', 'mcp'];

export function registerWebSocketRoute(app: FastifyInstance, deps: WsDeps): void {
  app.route({
    method: 'GET',
    url: '/ws',
    // A plain GET (no upgrade) gets a JSON answer saying what to do instead of an empty 404.
    handler: async (_request, reply) =>
      reply.status(426).header('upgrade', 'websocket').send(httpErrorReply(new OpenEnvError('UPGRADE_REQUIRED', 'GET /ws needs a WebSocket upgrade (connect with a WebSocket client)')).body),
    wsHandler: (socket: WebSocket, request) => {
      // A /ws session starts with a reset that picks the scenario: the orchestrator's, when a token is set.
      if (!deps.access.mayOrchestrate(request.raw)) {
        socket.send(JSON.stringify(wsErrorFrame(new OpenEnvError('ORCHESTRATOR_ONLY', '/ws is for the orchestrator on this server: connect to /orchestrator/<token>/ws'))));
        socket.close(1008, 'orchestrator credential required');
        return;
      }
      serveConnection(socket, deps);
    },
  });
}

/** One WebSocket connection: its own session, answered frame by frame in order. */
function serveConnection(socket: WebSocket, deps: WsDeps): void {
  const { service, catalog, env } = deps;
  const session = service.sessions.openWebSocket();
  if (!session) {
    const max = service.sessions.limits.maxWebSocketSessions;
    socket.send(JSON.stringify(wsError('CAPACITY_REACHED', `The server is at its capacity of ${max} WebSocket sessions; try again later`, {
      active_sessions: service.sessions.webSocketCount,
      max_sessions: max,
      retry_after_s: DEFAULT_RETRY_AFTER_S,
    })));
    socket.close(1013, 'capacity reached');
    return;
  }

  let idleTimer: NodeJS.Timeout | null = null;
  const touchIdle = () => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => socket.close(1000, 'idle timeout'), deps.idleTimeoutMs);
    idleTimer.unref();
  };
  touchIdle();
  const mcpContext = { service, catalog, boundSession: session, orchestrator: true, serverInfo: { name: env.loaded.manifest.name, version: env.loaded.manifest.version } };

  /** Sends one reply; a reply that cannot be serialized still answers, with an error frame. */
  const send = (frame: unknown) => {
    if (socket.readyState !== socket.OPEN) return;
    let text: string;
    try {
      text = JSON.stringify(frame);
    } catch (err) {
      text = JSON.stringify(wsErrorFrame(err));
    }
    socket.send(text);
  };

  /** Answers one frame; every failure becomes an error frame and the socket stays open. */
  const handle = async (raw: string): Promise<void> => {
    const reading = readJson(raw);
    if (!reading.ok && reading.kind === 'invalid_json') return send(wsError('INVALID_JSON', `Frame is not valid JSON: ${reading.message}`));
    const message = reading.ok ? reading.value : JSON.parse(raw);
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      return send(wsError('VALIDATION_ERROR', 'A message must be a JSON object with a "type" field', { errors: [{ type: 'dict_type', loc: [], msg: 'expected an object', input: excerpt(message) }] }));
    }
    const { type, data } = message as { type?: unknown; data?: unknown };
    if (!reading.ok) {
      // Too deep to hand to any code that recurses: refused whole, answered in the frame's own kind.
      if (type === 'mcp') return send({ type: 'mcp', data: await handleMcp(undefined, mcpContext, reading) });
      return send(wsError('VALIDATION_ERROR', `Frame is refused: ${reading.message}`, { errors: [{ type: 'json_too_deep', loc: [], msg: reading.message, input: null }] }));
    }
    if (typeof type !== 'string') {
      return send(wsError('VALIDATION_ERROR', `A message needs a string "type" (one of ${MESSAGE_TYPES.join(', ')})`, { errors: [{ type: 'missing', loc: ['type'], msg: 'Field required', input: excerpt(message) }] }));
    }
    try {
      switch (type) {
        case 'reset': {
          if (data !== undefined && data !== null && (typeof data !== 'object' || Array.isArray(data))) {
            return send(wsError('VALIDATION_ERROR', 'reset "data" must be an object of reset kwargs', { errors: [{ type: 'dict_type', loc: ['data'], msg: 'expected an object', input: excerpt(data) }] }));
          }
          return send({ type: 'observation', data: await service.reset(session, service.parseReset(data ?? {})) });
        }
        case 'step': {
          if (typeof data !== 'object' || data === null || Array.isArray(data)) {
            return send(wsError('VALIDATION_ERROR', 'step "data" must be the action object', { errors: [{ type: 'dict_type', loc: ['data'], msg: 'expected an object', input: excerpt(data ?? null) }] }));
          }
          return send({ type: 'observation', data: await service.step(session, data) });
        }
        case 'state':
          return send({ type: 'state', data: service.state(session) });
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
          return send(wsError('UNKNOWN_TYPE', `Unknown message type "${clipText(type, 64)}"; expected one of ${MESSAGE_TYPES.join(', ')}`));
      }
    } catch (err) {
      return send(wsErrorFrame(err, type === 'reset' ? 'reset' : 'other'));
    }
  };

  // Frames are answered strictly in order, one reply per request. A client that queues more than the
  // session allows without reading replies is cut off rather than growing the queue without bound.
  let chain: Promise<void> = Promise.resolve();
  let pending = 0;
  socket.on('message', (raw: Buffer) => {
    touchIdle();
    if (pending >= MAX_QUEUED_REQUESTS) {
      socket.close(1008, 'too many requests without waiting for replies');
      return;
    }
    pending += 1;
    const text = raw.toString('utf8');
    // Counted from arrival, so a shutdown waits for frames already queued behind a slow step.
    const leave = deps.drain.enter();
    const refused = deps.drain.draining;
    chain = chain
      .then(() => (refused ? send(wsErrorFrame(new OpenEnvError('SHUTTING_DOWN', 'The server is shutting down and takes no new requests'))) : handle(text)))
      .catch(() => undefined)
      .finally(() => {
        pending -= 1;
        leave();
      });
  });
  socket.on('close', () => {
    if (idleTimer) clearTimeout(idleTimer);
    service.sessions.closeWebSocket(session);
  });
  socket.on('error', () => socket.terminate());
}
