// The front process of `serve --workers N`: holds the public port and relays each request to the worker that owns its session.
//
// Routing is the rule in session-routing.ts. The router answers /health, /ready and /metrics itself (the
// latter two over every worker); everything else is relayed byte for byte, WebSockets included, so each
// worker serves exactly what a single-process server serves. A request for a worker that is down (it
// crashed and is restarting) gets the overload contract: 503 with Retry-After, or on /mcp a JSON-RPC
// -32000 with HTTP 200, so clients retry instead of failing.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { AggregatorRegistry, Counter, Gauge, Registry } from 'prom-client';
import { DEFAULT_RETRY_AFTER_S, OpenEnvError } from '../contract/errors.js';
import { httpErrorReply } from '../server/error-replies.js';
import { JSON_RPC } from '../server/mcp-handler.js';
import { SESSION_HEADER } from '../contract/wire-schemas.js';
import { routeHttp, routeUpgrade, routedPath, routesByBody, type Route } from './session-routing.js';
import type { WorkerSlot, WorkerSupervisor } from './worker-supervisor.js';

/** A body the router reads to route (MCP, /grader) beyond this size is relayed unread to worker 0, whose limit answers it. */
const ROUTING_BODY_LIMIT = 1024 * 1024;
/** How long /ready waits for each worker's own /ready. */
const READY_PROBE_TIMEOUT_MS = 2000;
/** Hop-by-hop headers: they describe one connection, not the message, and are not relayed. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

export interface RouterOptions {
  readonly port: number;
  readonly host: string;
  readonly requestTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
}

export class WorkerRouter {
  readonly server: http.Server;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 256 });
  private readonly registry = new Registry();
  private spreadCursor = 0;
  private draining = false;
  private readonly relayed: Counter;
  private readonly unavailable: Counter;

  constructor(private readonly supervisor: WorkerSupervisor, options: RouterOptions) {
    const slots = supervisor.slots;
    this.relayed = new Counter({ name: 'openenv_router_requests_total', help: 'Requests and WebSockets the router relayed, by worker', labelNames: ['worker', 'kind'], registers: [this.registry] });
    this.unavailable = new Counter({ name: 'openenv_router_worker_unavailable_total', help: 'Requests refused with WORKER_UNAVAILABLE because their worker was down', labelNames: ['worker'], registers: [this.registry] });
    new Gauge({
      name: 'openenv_worker_up',
      help: 'Whether each worker process is up and listening (1) or down or restarting (0)',
      labelNames: ['worker'],
      registers: [this.registry],
      collect() {
        for (const slot of slots) this.set({ worker: String(slot.index) }, slot.port === null ? 0 : 1);
      },
    });
    new Gauge({
      name: 'openenv_worker_restarts',
      help: 'Times each worker process was restarted after it crashed',
      labelNames: ['worker'],
      registers: [this.registry],
      collect() {
        for (const slot of slots) this.set({ worker: String(slot.index) }, slot.restarts);
      },
    });
    this.server = http.createServer({ requestTimeout: options.requestTimeoutMs, headersTimeout: options.headersTimeoutMs, keepAliveTimeout: options.keepAliveTimeoutMs }, (req, res) => {
      this.onRequest(req, res).catch((err: unknown) => this.refuse(req, res, null, err));
    });
    this.server.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket, head));
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  /** Stops taking requests; in-flight ones and open WebSockets finish as their workers drain. */
  beginDrain(): void {
    this.draining = true;
    this.server.close();
    this.server.closeIdleConnections();
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = routedPath(req.url ?? '/');
    if (this.draining) return this.refuse(req, res, null, new OpenEnvError('SHUTTING_DOWN', 'The server is shutting down and takes no new requests'));
    if (req.method === 'GET' && path === '/health') return sendJson(res, 200, { status: 'healthy' });
    if (req.method === 'GET' && path === '/ready') return this.answerReady(res);
    if (req.method === 'GET' && path === '/metrics') return this.answerMetrics(res);
    const headerId = firstHeader(req.headers[SESSION_HEADER]);
    if (!routesByBody(req.method ?? 'GET', req.url ?? '/')) return this.relay(req, res, routeHttp(headerId, undefined, this.supervisor.slots.length), []);
    const { chunks, complete } = await readUpTo(req, ROUTING_BODY_LIMIT);
    const body = complete ? parseJson(Buffer.concat(chunks)) : undefined;
    return this.relay(req, res, routeHttp(headerId, body, this.supervisor.slots.length), chunks, body);
  }

  /** The worker a route names, or the least busy live one for a spread; null when the named worker is down. */
  private pick(route: Route): WorkerSlot | null {
    const slots = this.supervisor.slots;
    if (route.to === 'worker') {
      const slot = slots[route.worker]!;
      return slot.port === null ? null : slot;
    }
    let best: WorkerSlot | null = null;
    // Start from a moving cursor so equal loads take turns instead of all landing on worker 0.
    for (let i = 0; i < slots.length; i += 1) {
      const slot = slots[(this.spreadCursor + i) % slots.length]!;
      if (slot.port !== null && (!best || slot.connections < best.connections)) best = slot;
    }
    this.spreadCursor = (this.spreadCursor + 1) % slots.length;
    return best;
  }

  private relay(req: IncomingMessage, res: ServerResponse, route: Route, readChunks: Buffer[], body?: unknown): void {
    const slot = this.pick(route);
    if (!slot) return this.refuse(req, res, body, this.workerDown(route));
    slot.connections += 1;
    this.relayed.inc({ worker: String(slot.index), kind: 'http' });
    let released = false;
    const release = () => {
      if (!released) slot.connections = Math.max(0, slot.connections - 1);
      released = true;
    };
    res.once('close', release);
    const upstream = http.request({ host: '127.0.0.1', port: slot.port!, method: req.method, path: req.url, headers: req.headers, agent: this.agent }, (answer) => {
      const headers: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
      res.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(res);
    });
    upstream.on('error', (err) => {
      // The worker died or dropped the connection before answering: the client may retry.
      if (!res.headersSent) this.refuse(req, res, body, new OpenEnvError('WORKER_UNAVAILABLE', `Worker ${slot.index} did not answer (${err.message}); it may have crashed and be restarting`, { worker: slot.index, retry_after_s: DEFAULT_RETRY_AFTER_S }));
      else res.destroy();
    });
    req.on('aborted', () => upstream.destroy());
    for (const chunk of readChunks) upstream.write(chunk);
    if (req.readableEnded) upstream.end();
    else req.pipe(upstream);
  }

  private workerDown(route: Route): OpenEnvError {
    const worker = route.to === 'worker' ? route.worker : null;
    this.unavailable.inc({ worker: worker === null ? 'any' : String(worker) });
    const which = worker === null ? 'No worker is up' : `Worker ${worker}, which holds this session, is down`;
    return new OpenEnvError('WORKER_UNAVAILABLE', `${which}; it is restarting`, { worker, retry_after_s: DEFAULT_RETRY_AFTER_S });
  }

  /** An error reply in the shape of the route: JSON-RPC with HTTP 200 on /mcp, the HTTP error shape elsewhere. */
  private refuse(req: IncomingMessage, res: ServerResponse, body: unknown, err: unknown): void {
    if (res.headersSent) return void res.destroy();
    const reply = httpErrorReply(err);
    if (routedPath(req.url ?? '/') === '/mcp' && req.method === 'POST') {
      const id = (body as { id?: unknown } | undefined)?.id ?? null;
      const { detail, code, hint: _hint, ...extras } = reply.body as { detail: string; code: string; hint?: string };
      return sendJson(res, 200, { jsonrpc: '2.0', id, error: { code: JSON_RPC.SERVER_ERROR, message: detail, data: { code, ...extras } } });
    }
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
    res.end(JSON.stringify(reply.body));
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const route = routeUpgrade(req.url ?? '/', this.supervisor.slots.length);
    const slot = this.draining ? null : this.pick(route);
    if (!slot) {
      const err = this.draining ? new OpenEnvError('SHUTTING_DOWN', 'The server is shutting down and takes no new connections') : this.workerDown(route);
      const reply = httpErrorReply(err);
      const text = JSON.stringify(reply.body);
      socket.end(`HTTP/1.1 ${reply.status} Service Unavailable\r\ncontent-type: application/json\r\nretry-after: ${reply.headers['retry-after'] ?? DEFAULT_RETRY_AFTER_S}\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`);
      return;
    }
    slot.connections += 1;
    this.relayed.inc({ worker: String(slot.index), kind: 'websocket' });
    const upstream = net.connect(slot.port!, '127.0.0.1');
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      slot.connections = Math.max(0, slot.connections - 1);
      socket.destroy();
      upstream.destroy();
    };
    upstream.once('connect', () => {
      const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.once('error', release);
    socket.once('error', release);
    upstream.once('close', release);
    socket.once('close', release);
  }

  private async answerReady(res: ServerResponse): Promise<void> {
    const reasons: string[] = [];
    const answers = await Promise.all(
      this.supervisor.slots.map(async (slot) => {
        if (slot.port === null) {
          reasons.push(`worker ${slot.index} is down`);
          return false;
        }
        const status = await probe(slot.port, '/ready');
        if (status !== 200) reasons.push(`worker ${slot.index} is not ready (${status === null ? 'no answer' : `status ${status}`})`);
        return status === 200;
      }),
    );
    // Ready while every worker is up (a restarting one would refuse the sessions it owns) and any takes new sessions.
    const ready = answers.some(Boolean) && this.supervisor.slots.every((slot) => slot.port !== null);
    sendJson(res, ready ? 200 : 503, ready ? { status: 'ready', workers: answers.length, ready_workers: answers.filter(Boolean).length } : { status: 'not_ready', reasons });
  }

  private async answerMetrics(res: ServerResponse): Promise<void> {
    const parts = await this.supervisor.metrics();
    parts.push(await this.registry.getMetricsAsJSON());
    const merged = AggregatorRegistry.aggregate(parts);
    const text = await merged.metrics();
    res.writeHead(200, { 'content-type': merged.contentType });
    res.end(text);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Reads the body until its end or until it passes `limit` bytes (then the rest stays unread, to be piped on). */
function readUpTo(req: IncomingMessage, limit: number): Promise<{ chunks: Buffer[]; complete: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > limit) {
        req.pause();
        req.off('data', onData);
        req.off('end', onEnd);
        resolve({ chunks, complete: false });
      }
    };
    const onEnd = () => resolve({ chunks, complete: true });
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', reject);
  });
}

/** The status of GET path on a worker, or null when it does not answer in time. */
function probe(port: number, path: string): Promise<number | null> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path, timeout: READY_PROBE_TIMEOUT_MS }, (answer) => {
      answer.resume();
      resolve(answer.statusCode ?? null);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(null));
  });
}
