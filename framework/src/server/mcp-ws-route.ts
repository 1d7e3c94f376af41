// GET /mcp: MCP JSON-RPC over a WebSocket, one session per connection (as OpenEnv serves it); a plain GET stays 405.
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { DEFAULT_RETRY_AFTER_S, OpenEnvError } from '../contract/errors.js';
import { readJson } from '../contract/input-bounds.js';
import { httpErrorReply } from './error-replies.js';
import { JSON_RPC, handleMcp, type JsonRpcResponse } from './mcp-handler.js';
import { runFrameLoop, sendFrame } from './ws-frame-loop.js';
import type { WsDeps } from './ws-route.js';
import { tallyErrorReply } from './error-tally.js';

function rpcError(code: number, message: string, data: Record<string, unknown>): JsonRpcResponse {
  return { jsonrpc: '2.0', id: null, error: { code, message, data } };
}

export function registerMcpWebSocketRoute(app: FastifyInstance, deps: Omit<WsDeps, 'validationToken'>): void {
  app.route({
    method: 'GET',
    url: '/mcp',
    // MCP's HTTP transport clients open GET /mcp for a server-sent event stream and expect 405 when there is
    // none, so a plain GET keeps that answer; only a WebSocket upgrade is served here.
    handler: async (_request, reply) => {
      const { body } = httpErrorReply(new OpenEnvError('METHOD_NOT_ALLOWED', 'Method GET is not allowed on /mcp; use POST, or a WebSocket upgrade for MCP over a socket'));
      return reply.status(405).header('allow', 'POST').send(body);
    },
    wsHandler: (socket: WebSocket, request) => {
      const { service, catalog, env } = deps;
      // The socket owns a session and may reset it (openenv/reset): the orchestrator's power, as on /ws.
      if (!deps.access.mayOrchestrate(request.raw)) {
        socket.send(JSON.stringify(rpcError(JSON_RPC.SERVER_ERROR, 'MCP over a WebSocket is for the orchestrator on this server: connect to /orchestrator/<token>/mcp, or POST /mcp', { code: 'ORCHESTRATOR_ONLY' })));
        socket.close(1008, 'orchestrator credential required');
        return;
      }
      const session = service.sessions.openWebSocket();
      if (!session) {
        tallyErrorReply('CAPACITY_REACHED', true);
        const max = service.sessions.limits.maxWebSocketSessions;
        socket.send(JSON.stringify(rpcError(JSON_RPC.SERVER_ERROR, `The server is at its capacity of ${max} WebSocket sessions; try again later`, {
          code: 'CAPACITY_REACHED',
          active_sessions: service.sessions.webSocketCount,
          max_sessions: max,
          retry_after_s: DEFAULT_RETRY_AFTER_S,
        })));
        socket.close(1013, 'capacity reached');
        return;
      }
      const context = { service, catalog, boundSession: session, orchestrator: true, serverInfo: { name: env.loaded.manifest.name, version: env.loaded.manifest.version } };
      const fallback = (err: unknown) => rpcError(JSON_RPC.INTERNAL_ERROR, `Internal error: the response could not be serialized (${String(err).slice(0, 200)})`, {});
      runFrameLoop(socket, {
        idleTimeoutMs: deps.idleTimeoutMs,
        drain: deps.drain,
        onFrame: async (text) => {
          // Frames are bare JSON-RPC messages (no {"type":"mcp"} envelope): what an MCP client sends on a socket.
          const reading = readJson(text);
          const answer = await handleMcp(reading.ok ? reading.value : undefined, context, reading.ok ? null : reading);
          if (answer !== null) sendFrame(socket, answer, fallback);
        },
        onRefusedWhileDraining: () => {
          sendFrame(socket, rpcError(JSON_RPC.SERVER_ERROR, 'The server is shutting down and takes no new requests', { code: 'SHUTTING_DOWN', retry_after_s: DEFAULT_RETRY_AFTER_S }), fallback);
        },
        onClose: () => service.sessions.closeWebSocket(session),
      });
    },
  });
}
