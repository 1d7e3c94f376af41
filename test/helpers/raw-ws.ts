// A bare WebSocket for tests that send frames no client library would: waits for replies and the close code.
import WebSocket from 'ws';

export interface RawSocket {
  readonly socket: WebSocket;
  /** Sends text and resolves with the next reply frame, parsed; rejects when none comes within `ms` (a hang). */
  ask(text: string, ms?: number): Promise<any>;
  /** Like ask, but resolves with the reply's exact text (for tests that compare bytes, not values). */
  askText(text: string, ms?: number): Promise<string>;
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
  const nextText = (ms = 10_000): Promise<string | null> =>
    new Promise((resolve) => {
      const queued = frames.shift();
      if (queued !== undefined) return resolve(queued);
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(take), 1);
        resolve(null);
      }, ms);
      const take = (text: string) => {
        clearTimeout(timer);
        resolve(text);
      };
      waiters.push(take);
    });
  const next = async (ms = 10_000): Promise<any | null> => {
    const text = await nextText(ms);
    return text === null ? null : JSON.parse(text);
  };
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
    async askText(text: string, ms = 10_000) {
      socket.send(text);
      const reply = await nextText(ms);
      if (reply === null) throw new Error(`no reply within ${ms} ms to ${text.slice(0, 80)}`);
      return reply;
    },
  };
}
