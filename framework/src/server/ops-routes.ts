// Operations routes: GET /metrics (Prometheus text) and GET /ready (the readiness probe); /health stays liveness.
import type { FastifyInstance } from 'fastify';
import type { SessionStore } from '../runtime/session-store.js';
import type { Drain } from './graceful-shutdown.js';
import type { ServerMetrics } from './metrics.js';

/** Why the server should get no new traffic now; empty when it is ready. */
export function notReadyReasons(sessions: SessionStore, drain: Drain): string[] {
  const reasons: string[] = [];
  if (drain.draining) reasons.push('draining: the server is shutting down');
  const max = sessions.limits.maxWebSocketSessions;
  if (sessions.webSocketCount >= max) reasons.push(`at capacity: ${sessions.webSocketCount} of ${max} WebSocket sessions open`);
  return reasons;
}

export function registerOpsRoutes(app: FastifyInstance, deps: { metrics: ServerMetrics; sessions: SessionStore; drain: Drain }, routes: Map<string, Set<string>>): void {
  app.get('/metrics', async (_request, reply) => {
    const { text, contentType } = await deps.metrics.exposition();
    return reply.header('content-type', contentType).send(text);
  });
  // A readiness probe that fails while draining or full takes the replica out of the load balancer without
  // restarting it (that is what liveness, /health, would do).
  app.get('/ready', async (_request, reply) => {
    const reasons = notReadyReasons(deps.sessions, deps.drain);
    if (reasons.length > 0) return reply.status(503).send({ status: 'not_ready', reasons });
    return { status: 'ready' };
  });
  routes.set('/metrics', new Set(['GET']));
  routes.set('/ready', new Set(['GET']));
}
