// A bare WebSocket for tests that send frames no client library would: waits for replies and the close code.
import WebSocket from 'ws';

export interface RawSocket {
  readonly socket: WebSocket;
  /** Sends text and resolves with the next reply frame, parsed; rejects when none comes within `ms` (a hang). */
  ask(text: string, ms?: number): Promise<any>;
  /** Resolves with the next frame, or null when none comes within `ms`. */
  next(ms?: number): Promise<any | null>;
  /** The close code, once the server closes the socket. */
  readonly closed: Promise<number>;
}

export async function openRaw(url: string): Promise<RawSocket> {
  const socket = new WebSocket(url);
  const frames: string[] = [];
  const waiters: ((text: string) => void)[] = [];
  socket.on('message', (data: Buffer) => {
    const waiter = waiters.shift();
    if (waiter) waiter(data.toString('utf8'));
    else frames.push(data.toString('utf8'));
  });
  const closed = new Promise<number>((resolve) => socket.once('close', (code: number) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const next = (ms = 10_000): Promise<any | null> =>
    new Promise((resolve) => {
      const queued = frames.shift();
      if (queued !== undefined) return resolve(JSON.parse(queued));
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(take), 1);
        resolve(null);
      }, ms);
      const take = (text: string) => {
        clearTimeout(timer);
        resolve(JSON.parse(text));
      };
      waiters.push(take);
    });
  return {
    socket,
    next,
    closed,
    async ask(text: string, ms = 10_000) {
      socket.send(text);
      const reply = await next(ms);
      if (reply === null) throw new Error(`no reply within ${ms} ms to ${text.slice(0, 80)}`);
      return reply;
    },
  };
}
