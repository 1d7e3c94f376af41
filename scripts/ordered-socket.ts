// The benchmarks' WebSocket session: one /ws connection whose replies come back in request order.
import WebSocket from 'ws';

export interface OrderedSocket {
  /** Sends a message and resolves with its reply frame, parsed (an error frame too: the caller decides). */
  ask(message: unknown): Promise<any>;
  close(): void;
}

export async function openOrderedSocket(url: string): Promise<OrderedSocket> {
  const socket = new WebSocket(url);
  const replies: ((frame: any) => void)[] = [];
  socket.on('message', (data) => replies.shift()?.(JSON.parse(data.toString())));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return {
    ask: (message) =>
      new Promise<any>((resolve) => {
        replies.push(resolve);
        socket.send(JSON.stringify(message));
      }),
    close: () => socket.close(),
  };
}
