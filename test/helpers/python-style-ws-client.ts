// A WebSocket client that sends byte for byte what OpenEnv's Python EnvClient sends and reads replies as it does.
import WebSocket from 'ws';

/** Python's json.dumps with default separators (", " and ": "), which is what the official client sends. */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    // json.dumps escapes non-ASCII by default (ensure_ascii=True); DEL (0x7f) is ASCII and stays as is
    return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  }
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pythonJsonDumps(k)}: ${pythonJsonDumps(v)}`);
  return `{${entries.join(', ')}}`;
}

export class ServerError extends Error {
  constructor(readonly data: Record<string, any>) {
    super(`Server error: ${data.message ?? 'Unknown error'} (code: ${data.code ?? 'UNKNOWN'})`);
  }
}

export class PythonStyleClient {
  private readonly inbox: string[] = [];
  private waiters: Array<(frame: string) => void> = [];
  closed = false;
  closeCode: number | null = null;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const text = data.toString();
      const waiter = this.waiters.shift();
      if (waiter) waiter(text);
      else this.inbox.push(text);
    });
    socket.on('close', (code) => {
      this.closed = true;
      this.closeCode = code;
    });
  }

  static async connect(wsUrl: string): Promise<PythonStyleClient> {
    // Listeners go on before 'open': a frame sent on connect can arrive in the same read as the upgrade.
    const client = new PythonStyleClient(new WebSocket(wsUrl));
    await new Promise<void>((resolve, reject) => {
      client.socket.once('open', () => resolve());
      client.socket.once('error', reject);
    });
    return client;
  }

  sendRaw(text: string): void {
    this.socket.send(text);
  }

  /** The next frame, parsed, within a timeout (the Python client waits 60 s; tests wait less). */
  nextFrame(timeoutMs = 10_000): Promise<any> {
    const queued = this.inbox.shift();
    if (queued !== undefined) return Promise.resolve(JSON.parse(queued));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no reply within timeout')), timeoutMs);
      this.waiters.push((text) => {
        clearTimeout(timer);
        resolve(JSON.parse(text));
      });
    });
  }

  private async sendAndReceive(message: Record<string, unknown>): Promise<any> {
    this.sendRaw(pythonJsonDumps(message));
    const response = await this.nextFrame();
    if (response.type === 'error') throw new ServerError(response.data ?? {});
    return response;
  }

  /** Like EnvClient.reset(**kwargs): {"type": "reset", "data": kwargs}. */
  async reset(kwargs: Record<string, unknown> = {}) {
    const { data } = await this.sendAndReceive({ type: 'reset', data: kwargs });
    return { observation: data.observation, reward: data.reward, done: data.done };
  }

  /** Like EnvClient.step(action): the bare model_dump() of the action, with its "metadata": {}. */
  async step(action: Record<string, unknown>) {
    const { data } = await this.sendAndReceive({ type: 'step', data: { ...action, metadata: {} } });
    return { observation: data.observation, reward: data.reward, done: data.done };
  }

  async state() {
    return (await this.sendAndReceive({ type: 'state' })).data;
  }

  /** Like EnvClient.close(): {"type": "close"}, no reply awaited, then the socket closes. */
  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.OPEN) this.sendRaw(pythonJsonDumps({ type: 'close' }));
    await this.waitClosed();
  }

  waitClosed(timeoutMs = 5000): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('socket did not close')), timeoutMs);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
