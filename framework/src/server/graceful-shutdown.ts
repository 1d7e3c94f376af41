// Bounded shutdown: refuse new work, let in-flight requests and frames finish within a grace period, then close.
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';

/** How long in-flight work may run after a shutdown starts (OPENENV_SHUTDOWN_GRACE_S). */
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;
/** WebSocket close code for a server going away (RFC 6455), which clients read as "reconnect elsewhere". */
export const GOING_AWAY = 1001;
/** How long WebSocket clients get to answer the close handshake before their sockets are cut. */
const CLOSE_HANDSHAKE_MS = 1000;

/** Counts work in flight (HTTP requests, WebSocket frames) and whether the server is draining. */
export class Drain {
  private drainingSince: number | null = null;
  private active = 0;
  private idleWaiters: (() => void)[] = [];

  get draining(): boolean {
    return this.drainingSince !== null;
  }

  get inFlight(): number {
    return this.active;
  }

  begin(): void {
    this.drainingSince ??= Date.now();
  }

  /** Marks one unit of work started; call the returned function once when it ends. */
  enter(): () => void {
    this.active += 1;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.active -= 1;
      if (this.active === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    };
  }

  /** Resolves true once nothing is in flight, or false when `ms` passes first. */
  settled(ms: number): Promise<boolean> {
    if (this.active === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}

/** Closes every WebSocket with 1001; used as @fastify/websocket's preClose so any app.close() says "going away". */
export function closeSocketsGoingAway(sockets: Iterable<WebSocket>): void {
  for (const socket of sockets) socket.close(GOING_AWAY, 'server shutting down');
}

function socketsClosed(sockets: Set<WebSocket>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    const poll = setInterval(() => {
      if ([...sockets].every((s) => s.readyState === s.CLOSED)) done();
    }, 20);
    function done() {
      clearTimeout(timer);
      clearInterval(poll);
      resolve();
    }
  });
}

/**
 * Shuts the server down within `graceMs`: new requests and frames are refused with SHUTTING_DOWN (503 and
 * Retry-After), idle keep-alive connections close, in-flight work finishes or the grace period ends, then
 * WebSockets close with 1001 and whatever is still open (a half-sent request, say) is cut.
 */
export async function closeGracefully(app: FastifyInstance, drain: Drain, graceMs = DEFAULT_SHUTDOWN_GRACE_MS): Promise<void> {
  const deadline = Date.now() + graceMs;
  drain.begin();
  app.server.closeIdleConnections();
  await drain.settled(graceMs);
  const sockets = app.websocketServer.clients;
  closeSocketsGoingAway(sockets);
  await socketsClosed(sockets, Math.max(0, Math.min(CLOSE_HANDSHAKE_MS, deadline - Date.now())));
  for (const socket of sockets) socket.terminate();
  app.server.closeAllConnections();
  await app.close();
}
