// WebSocket client of an OpenEnv server's /ws message protocol: one server session per connection.
import WebSocket from 'ws';
import type { EpisodeStateView, ResetRequest, StepResponse } from './client-types.js';

/** An error frame from /ws (`code` is one of the OpenEnv codes, e.g. VALIDATION_ERROR), or a dead socket. */
export class OpenEnvWsError extends Error {
  constructor(message: string, readonly code: string, readonly data: Record<string, unknown> = {}) {
    super(message);
    this.name = 'OpenEnvWsError';
  }
}

export interface WsClientOptions {
  /** How long to wait for each reply, ms (default 60 000, as the official Python client). */
  readonly timeoutMs?: number;
  readonly headers?: Record<string, string>;
}

/** http(s)://host[/base] -> ws(s)://host[/base]/ws; a ws(s):// URL is used as given. */
export function webSocketUrlOf(baseUrl: string): string {
  if (/^wss?:\/\//i.test(baseUrl)) return baseUrl;
  return `${baseUrl.replace(/\/+$/, '').replace(/^http/i, 'ws')}/ws`;
}

interface Pending {
  resolve: (frame: { type: string; data?: unknown }) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * WebSocket client of /ws: one server session per connection, one reply per request, in order.
 * Error frames become OpenEnvWsError; the connection stays usable after them.
 */
export class OpenEnvWsClient {
  private readonly pending: Pending[] = [];
  private closedReason: string | null = null;
  /** The code and data of an unsolicited error frame (CAPACITY_REACHED before the server closes), for later calls. */
  private refusal: { code: string; data: Record<string, unknown> } | null = null;

  private constructor(private readonly socket: WebSocket, private readonly timeoutMs: number) {
    socket.on('message', (raw) => this.onFrame(raw.toString()));
    socket.on('close', (code, reason) => this.failAll(`socket closed (${code}${reason.length ? ` ${reason.toString()}` : ''})`));
    socket.on('error', (err) => this.failAll(`socket error: ${err.message}`));
  }

  /** Opens a session; `baseUrl` is the server's http(s) URL or the ws(s) URL of /ws. */
  static async connect(baseUrl: string, options: WsClientOptions = {}): Promise<OpenEnvWsClient> {
    const socket = new WebSocket(webSocketUrlOf(baseUrl), { headers: options.headers });
    const client = new OpenEnvWsClient(socket, options.timeoutMs ?? 60_000);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', (err) => reject(new OpenEnvWsError(`cannot connect to ${webSocketUrlOf(baseUrl)}: ${err.message}`, 'CONNECT_FAILED')));
    });
    return client;
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  async reset<Data = unknown>(request: ResetRequest = {}): Promise<StepResponse<Data>> {
    return (await this.send({ type: 'reset', data: request }, 'observation')) as StepResponse<Data>;
  }

  /** Sends the bare action (the /ws protocol does not wrap it in {"action": ...}). */
  async step<Data = unknown>(action: Record<string, unknown>): Promise<StepResponse<Data>> {
    return (await this.send({ type: 'step', data: action }, 'observation')) as StepResponse<Data>;
  }

  async state(): Promise<EpisodeStateView> {
    return (await this.send({ type: 'state' }, 'state')) as EpisodeStateView;
  }

  /** A JSON-RPC request to the session's MCP endpoint; returns the JSON-RPC response. */
  async mcp(request: Record<string, unknown>): Promise<Record<string, unknown>> {
    return (await this.send({ type: 'mcp', data: request }, 'mcp')) as Record<string, unknown>;
  }

  /** Ends the session: sends close (no reply is expected) and waits for the socket to close. */
  async close(timeoutMs = 5000): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    const closed = new Promise<void>((resolve) => this.socket.once('close', () => resolve()));
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify({ type: 'close' }));
    const timer = setTimeout(() => this.socket.terminate(), timeoutMs);
    await closed;
    clearTimeout(timer);
  }

  private send(message: Record<string, unknown>, expected: string): Promise<unknown> {
    if (this.closedReason !== null || this.socket.readyState !== WebSocket.OPEN) {
      const reason = `cannot send ${String(message.type)}: ${this.closedReason ?? 'socket is not open'}`;
      // A refusal keeps its code (CAPACITY_REACHED and retry_after_s), so callers can tell "retry later" from a dead socket.
      return Promise.reject(this.refusal ? new OpenEnvWsError(reason, this.refusal.code, this.refusal.data) : new OpenEnvWsError(reason, 'SOCKET_CLOSED'));
    }
    return new Promise((resolve, reject) => {
      const entry: Pending = {
        resolve: (frame) => {
          if (frame.type === 'error') {
            const data = (frame.data ?? {}) as Record<string, unknown>;
            const code = typeof data.code === 'string' ? data.code : 'UNKNOWN';
            reject(new OpenEnvWsError(`${code}: ${typeof data.message === 'string' ? data.message : 'error'}`, code, data));
          } else if (frame.type !== expected) {
            reject(new OpenEnvWsError(`expected a "${expected}" frame, got "${frame.type}"`, 'UNEXPECTED_FRAME', { frame }));
          } else {
            resolve(frame.data);
          }
        },
        reject,
        timer: setTimeout(() => {
          const index = this.pending.indexOf(entry);
          if (index >= 0) this.pending.splice(index, 1);
          reject(new OpenEnvWsError(`no reply to ${String(message.type)} within ${this.timeoutMs} ms`, 'TIMEOUT'));
          // A late reply would be matched to the wrong request: the connection is no longer usable.
          this.socket.terminate();
        }, this.timeoutMs),
      };
      this.pending.push(entry);
      this.socket.send(JSON.stringify(message));
    });
  }

  private onFrame(text: string): void {
    let frame: { type?: unknown; data?: unknown };
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    const entry = this.pending.shift();
    if (!entry) {
      // Unsolicited: CAPACITY_REACHED right before the server closes; keep it as the reason for later calls.
      const data = (frame.data ?? {}) as { message?: unknown; code?: unknown };
      if (frame.type === 'error') {
        this.closedReason ??= `server error: ${String(data.message ?? 'unknown')}`;
        if (typeof data.code === 'string') this.refusal ??= { code: data.code, data: data as Record<string, unknown> };
      }
      return;
    }
    clearTimeout(entry.timer);
    entry.resolve({ type: String(frame.type), data: frame.data });
  }

  private failAll(reason: string): void {
    this.closedReason ??= reason;
    for (const entry of this.pending.splice(0)) {
      clearTimeout(entry.timer);
      entry.reject(new OpenEnvWsError(`no reply: ${reason}`, 'SOCKET_CLOSED'));
    }
  }
}
