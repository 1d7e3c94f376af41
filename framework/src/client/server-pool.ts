// Several servers as one: spreads sessions over base URLs (replicas, Spaces, workers' routers) and retries overload refusals with backoff.
//
// Every refusal of the overload contract says the request was not carried out and when to come back: HTTP
// 503 with Retry-After, a /ws error frame CAPACITY_REACHED with retry_after_s. A session that has not started
// (a reset) moves to another server; a running session stays where its episode lives and waits. Anything else
// (bad input, a plugin error) is not retried: it would fail the same way again.
import type { JsonSchemaObject, SchemaResponse } from './http-client.js';
import { OpenEnvHttpClient, OpenEnvHttpError, type GradeReport, type GraderRequest } from './http-client.js';
import type { EpisodeStateView, ResetRequest, StepResponse } from './client-types.js';
import { OpenEnvWsClient, OpenEnvWsError } from './ws-client.js';

export interface ServerPoolOptions {
  /** Tries per call, the first included (default 8). */
  readonly attempts?: number;
  /** First backoff, ms; doubles per try with jitter, never below the server's retry-after (default 250). */
  readonly baseDelayMs?: number;
  /** Longest single wait, ms (default 10 000). */
  readonly maxDelayMs?: number;
  /** Per-request timeout of the clients, ms. */
  readonly timeoutMs?: number;
  /** Extra headers on every request (e.g. Authorization for private Spaces). */
  readonly headers?: Record<string, string>;
  /** How to wait (tests pass a fast one). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Told of every retry (e.g. to log it). */
  readonly onRetry?: (info: { url: string; attempt: number; waitMs: number; reason: string }) => void;
}

/** How long the server asked us to wait, ms, when `err` is an overload refusal or an unreachable server; null otherwise. */
export function retryDelayOf(err: unknown): number | null {
  if (err instanceof OpenEnvHttpError) {
    if (err.status === 0) return 0; // no reply at all: the server is down or unreachable
    if (err.status !== 503) return null;
    const seconds = (err.body as { retry_after_s?: unknown } | null)?.retry_after_s;
    return typeof seconds === 'number' && seconds > 0 ? seconds * 1000 : 0;
  }
  if (err instanceof OpenEnvWsError) {
    if (err.code === 'CONNECT_FAILED') return 0;
    const seconds = err.data.retry_after_s;
    if (err.code === 'CAPACITY_REACHED' || typeof seconds === 'number') return typeof seconds === 'number' && seconds > 0 ? seconds * 1000 : 0;
  }
  return null;
}

function isUnreachable(err: unknown): boolean {
  return (err instanceof OpenEnvHttpError && err.status === 0) || (err instanceof OpenEnvWsError && err.code === 'CONNECT_FAILED');
}

interface Server {
  readonly url: string;
  sessions: number;
  /** Not offered new sessions before this time (it refused one). */
  coolUntil: number;
}

export class ServerPool {
  private readonly servers: Server[];
  private cursor = 0;
  private readonly attempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(urls: readonly string[], readonly options: ServerPoolOptions = {}) {
    const unique = [...new Set(urls.map((url) => url.trim().replace(/\/+$/, '')).filter(Boolean))];
    if (unique.length === 0) throw new Error('ServerPool needs at least one base URL');
    for (const url of unique) if (!/^(https?|wss?):\/\//i.test(url)) throw new Error(`ServerPool: "${url}" is not an http(s) or ws(s) URL`);
    this.servers = unique.map((url) => ({ url, sessions: 0, coolUntil: 0 }));
    this.attempts = Math.max(1, options.attempts ?? 8);
    this.baseDelayMs = options.baseDelayMs ?? 250;
    this.maxDelayMs = options.maxDelayMs ?? 10_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Open sessions per server, as this pool counts them. */
  get load(): { url: string; sessions: number }[] {
    return this.servers.map(({ url, sessions }) => ({ url, sessions }));
  }

  /** An HTTP session; its server is chosen at its first reset. */
  httpSession(): PooledHttpSession {
    return new PooledHttpSession(this);
  }

  /** A WebSocket session on the least loaded server that takes it (retrying the others on refusal). */
  async webSocketSession(): Promise<PooledWsSession> {
    const session = new PooledWsSession(this);
    await session.open();
    return session;
  }

  /** The server for a new session: not cooling down, fewest sessions, taking turns among equals. */
  pick(): Server {
    const now = Date.now();
    let best: Server | null = null;
    for (let i = 0; i < this.servers.length; i += 1) {
      const server = this.servers[(this.cursor + i) % this.servers.length]!;
      if (server.coolUntil > now) continue;
      if (!best || server.sessions < best.sessions) best = server;
    }
    this.cursor = (this.cursor + 1) % this.servers.length;
    // Every server refused recently: the one that comes back first.
    return best ?? this.servers.reduce((a, b) => (b.coolUntil < a.coolUntil ? b : a));
  }

  /**
   * Runs `attempt` until it succeeds, is refused for good, or runs out of tries; `where` picks the server for
   * each try (a new session picks again, a running one stays).
   */
  async withRetries<T>(where: () => Server, attempt: (server: Server) => Promise<T>): Promise<T> {
    let lastError: unknown = null;
    for (let i = 0; i < this.attempts; i += 1) {
      const server = where();
      try {
        return await attempt(server);
      } catch (err) {
        const asked = retryDelayOf(err);
        if (asked === null) throw err;
        // An unreachable server is worth another try only where another server can take the call.
        if (isUnreachable(err) && this.servers.length === 1) throw err;
        lastError = err;
        server.coolUntil = Date.now() + Math.max(asked, this.baseDelayMs);
        if (i === this.attempts - 1) break;
        const backoff = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** i) * (0.5 + Math.random() / 2);
        const waitMs = Math.min(this.maxDelayMs, Math.max(asked, backoff));
        this.options.onRetry?.({ url: server.url, attempt: i + 1, waitMs, reason: (err as Error).message });
        await this.sleep(waitMs);
      }
    }
    throw lastError;
  }
}

/** One HTTP session of a pool: the usual client calls, with overload refusals retried. */
export class PooledHttpSession {
  private server: Server | null = null;
  private client: OpenEnvHttpClient | null = null;

  constructor(private readonly pool: ServerPool) {}

  /** The server this session lives on (null before its first reset). */
  get url(): string | null {
    return this.server?.url ?? null;
  }

  /** The server's id of this session (null before its first reset). */
  get sessionId(): string | null {
    return this.client?.sessionId ?? null;
  }

  private newClient(server: Server): OpenEnvHttpClient {
    return new OpenEnvHttpClient(server.url, { timeoutMs: this.pool.options.timeoutMs, headers: this.pool.options.headers });
  }

  /** Starts an episode; the first reset (or one after a refusal) may land on any server of the pool. */
  async reset<Data = unknown>(request: ResetRequest = {}): Promise<StepResponse<Data>> {
    if (this.server && this.client) {
      const server = this.server;
      const client = this.client;
      return this.pool.withRetries(() => server, () => client.reset<Data>(request));
    }
    return this.pool.withRetries(
      () => this.pool.pick(),
      async (server) => {
        const client = this.newClient(server);
        const result = await client.reset<Data>(request);
        this.server = server;
        this.client = client;
        server.sessions += 1;
        return result;
      },
    );
  }

  step<Data = unknown>(action: Record<string, unknown>): Promise<StepResponse<Data>> {
    return this.onItsServer((client) => client.step<Data>(action));
  }

  state(): Promise<EpisodeStateView> {
    return this.onItsServer((client) => client.state());
  }

  grade(request: GraderRequest = {}): Promise<GradeReport> {
    return this.onItsServer((client) => client.grade(request));
  }

  /** A task's schemas, from this session's server (or any server before the first reset). */
  schema(task?: string): Promise<SchemaResponse> {
    const server = this.server;
    return this.pool.withRetries(() => server ?? this.pool.pick(), (at) => (this.client ?? this.newClient(at)).schema(task));
  }

  /** Lets go of the session's place in the pool's count (the server expires the session when idle). */
  release(): void {
    if (this.server) this.server.sessions = Math.max(0, this.server.sessions - 1);
    this.server = null;
    this.client = null;
  }

  private onItsServer<T>(call: (client: OpenEnvHttpClient) => Promise<T>): Promise<T> {
    const { server, client } = this;
    if (!server || !client) return Promise.reject(new Error('reset this session before stepping it'));
    return this.pool.withRetries(() => server, () => call(client));
  }
}

/** One WebSocket session of a pool: one connection to one server, with overload refusals retried. */
export class PooledWsSession {
  private server: Server | null = null;
  private client: OpenEnvWsClient | null = null;
  /** Whether an episode started on this connection: from then on the session stays on its server. */
  private started = false;

  constructor(private readonly pool: ServerPool) {}

  get url(): string | null {
    return this.server?.url ?? null;
  }

  /** Connects to the least loaded server that answers (a server at capacity refuses right after the upgrade; reset moves on). */
  async open(): Promise<void> {
    await this.pool.withRetries(
      () => this.pool.pick(),
      (server) => this.connect(server),
    );
  }

  private async connect(server: Server): Promise<void> {
    await this.close();
    this.client = await OpenEnvWsClient.connect(server.url, { timeoutMs: this.pool.options.timeoutMs, headers: this.pool.options.headers });
    this.server = server;
    this.started = false;
    server.sessions += 1;
  }

  /** Starts an episode; until one has started, a refusal at capacity moves the session to another server. */
  async reset<Data = unknown>(request: ResetRequest = {}): Promise<StepResponse<Data>> {
    if (this.started) return this.pool.withRetries(() => this.server!, () => this.live().reset<Data>(request));
    return this.pool.withRetries(
      () => (this.client?.isOpen ? this.server! : this.pool.pick()),
      async (server) => {
        if (this.server !== server || !this.client?.isOpen) await this.connect(server);
        try {
          const result = await this.live().reset<Data>(request);
          this.started = true;
          return result;
        } catch (err) {
          // The server closes a connection it refused: drop it, so the next try connects elsewhere.
          if (err instanceof OpenEnvWsError && err.code === 'CAPACITY_REACHED') await this.close();
          throw err;
        }
      },
    );
  }

  step<Data = unknown>(action: Record<string, unknown>): Promise<StepResponse<Data>> {
    return this.pool.withRetries(() => this.server!, () => this.live().step<Data>(action));
  }

  state(): Promise<EpisodeStateView> {
    return this.pool.withRetries(() => this.server!, () => this.live().state());
  }

  async close(): Promise<void> {
    const { server, client } = this;
    this.server = null;
    this.client = null;
    this.started = false;
    if (server) server.sessions = Math.max(0, server.sessions - 1);
    await client?.close();
  }

  private live(): OpenEnvWsClient {
    if (!this.client) throw new OpenEnvWsError('this session is closed', 'SOCKET_CLOSED');
    return this.client;
  }
}

export type { JsonSchemaObject };
