// What every WebSocket route shares: frames answered strictly in order, a queue bound, the idle timeout and the shutdown drain.
import type { WebSocket } from 'ws';
import { MAX_QUEUED_REQUESTS } from '../runtime/session-store.js';
import type { Drain } from './graceful-shutdown.js';

export interface FrameLoopOptions {
  readonly idleTimeoutMs: number;
  readonly drain: Drain;
  /** Answers one text frame; failures must be answered inside (a rejection is dropped). */
  readonly onFrame: (text: string) => Promise<void>;
  /** Answers a frame that arrived while the server is shutting down. */
  readonly onRefusedWhileDraining: () => void;
  readonly onClose: () => void;
}

/**
 * Sends one reply and returns the exact text sent (null when the socket is gone). A reply that cannot be
 * serialized is replaced by `fallback(err)`, so every request still gets an answer.
 */
export function sendFrame(socket: WebSocket, frame: unknown, fallback: (err: unknown) => unknown): string | null {
  if (socket.readyState !== socket.OPEN) return null;
  let text: string;
  try {
    text = typeof frame === 'string' ? frame : JSON.stringify(frame);
  } catch (err) {
    text = JSON.stringify(fallback(err));
  }
  socket.send(text);
  return text;
}

export function runFrameLoop(socket: WebSocket, options: FrameLoopOptions): void {
  let idleTimer: NodeJS.Timeout | null = null;
  const touchIdle = () => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => socket.close(1000, 'idle timeout'), options.idleTimeoutMs);
    idleTimer.unref();
  };
  touchIdle();

  // A client that queues more than a session allows without reading replies is cut off rather than growing
  // the queue without bound.
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
    const leave = options.drain.enter();
    const refused = options.drain.draining;
    chain = chain
      .then(() => (refused ? options.onRefusedWhileDraining() : options.onFrame(text)))
      .catch(() => undefined)
      .finally(() => {
        pending -= 1;
        leave();
      });
  });
  socket.on('close', () => {
    if (idleTimer) clearTimeout(idleTimer);
    options.onClose();
  });
  socket.on('error', () => socket.terminate());
}
