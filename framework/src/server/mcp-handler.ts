// MCP over JSON-RPC 2.0: tools/list and tools/call over the session's task, plus OpenEnv's session methods.
import { OpenEnvError, describeError } from '../contract/errors.js';
import type { EpisodeService } from '../runtime/episode-service.js';
import type { Session } from '../runtime/session-store.js';
import type { TaskCatalog } from './task-catalog.js';
import { boundedParts } from './error-replies.js';
import { MESSAGE_MAX_CHARS, clipText } from '../contract/input-bounds.js';

export type JsonRpcId = string | number | null;

export interface JsonRpcResponse {
  jsonrpc: '2.0';
  id: JsonRpcId;
  result?: unknown;
  error?: { code: number; message: string; data: unknown };
}

export const JSON_RPC = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL_ERROR: -32603,
  SERVER_ERROR: -32000,
} as const;

/** The MCP protocol version answered when the client names none. */
export const MCP_PROTOCOL_VERSION = '2025-06-18';

/** Every method this server answers (listed in the method-not-found error). */
export const MCP_METHODS = ['initialize', 'ping', 'tools/list', 'tools/call', 'openenv/session/create', 'openenv/session/close', 'openenv/reset', 'openenv/state'] as const;

export interface McpContext {
  readonly service: EpisodeService;
  readonly catalog: TaskCatalog;
  /** The WebSocket's own session; MCP over /ws is bound to it and ignores params.session_id. */
  readonly boundSession?: Session;
  /** Whether the caller may orchestrate (create, reset, read and close sessions); agents may list and call tools. */
  readonly orchestrator: boolean;
  readonly serverInfo: { name: string; version: string };
}

class RpcError extends Error {
  constructor(readonly code: number, message: string, readonly data: unknown = null) {
    super(message);
  }
}

function fail(id: JsonRpcId, code: number, message: string, data: unknown = null): JsonRpcResponse {
  return { jsonrpc: '2.0', id, error: { code, message, data } };
}

function isValidId(id: unknown): id is JsonRpcId {
  return id === null || typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id));
}

/** Maps framework errors onto JSON-RPC codes: bad input is -32602, plugin bugs -32603, state problems -32000. */
function toRpcError(err: unknown): RpcError {
  if (err instanceof RpcError) return err;
  if (err instanceof OpenEnvError) {
    const { message, errors, extras } = boundedParts(err);
    const data = { code: err.code, ...extras, ...(errors ? { errors } : {}) };
    if (err.status === 422) return new RpcError(JSON_RPC.INVALID_PARAMS, message, data);
    if (err.code === 'PLUGIN_ERROR') return new RpcError(JSON_RPC.INTERNAL_ERROR, message, data);
    return new RpcError(JSON_RPC.SERVER_ERROR, message, data);
  }
  return new RpcError(JSON_RPC.INTERNAL_ERROR, clipText(`Internal error: ${describeError(err)}`, MESSAGE_MAX_CHARS));
}

function objectParams(params: unknown): Record<string, unknown> {
  if (params === undefined || params === null) return {};
  if (typeof params !== 'object' || Array.isArray(params)) throw new RpcError(JSON_RPC.INVALID_PARAMS, 'params must be an object');
  return params as Record<string, unknown>;
}

function sessionFor(ctx: McpContext, params: Record<string, unknown>, creating = false): Session {
  if (ctx.boundSession) return ctx.boundSession;
  const id = params.session_id;
  if (id === undefined || id === null) return ctx.service.sessions.anonymousSession(creating);
  if (typeof id !== 'string') throw new RpcError(JSON_RPC.INVALID_PARAMS, 'params.session_id must be a string');
  return ctx.service.sessions.namedSession(id, false);
}

/** Everything but session_id: what a reset through MCP takes (task, seed, episode_id, config). */
function resetKwargs(params: Record<string, unknown>): Record<string, unknown> {
  const { session_id: _ignored, ...rest } = params;
  return rest;
}

/** Methods an agent may call; the rest choose, read or end scenarios and are the orchestrator's. */
const AGENT_METHODS = new Set(['initialize', 'ping', 'notifications/initialized', 'tools/list', 'tools/call']);

async function dispatch(method: string, params: Record<string, unknown>, ctx: McpContext): Promise<unknown> {
  const { service, catalog } = ctx;
  if (!ctx.orchestrator && !AGENT_METHODS.has(method) && (MCP_METHODS as readonly string[]).includes(method)) {
    throw new OpenEnvError('ORCHESTRATOR_ONLY', `MCP method ${method} is for the orchestrator on this server; an agent may call ${[...AGENT_METHODS].join(', ')}`);
  }
  switch (method) {
    case 'initialize':
      return {
        protocolVersion: typeof params.protocolVersion === 'string' ? params.protocolVersion : MCP_PROTOCOL_VERSION,
        capabilities: { tools: { listChanged: false } },
        serverInfo: ctx.serverInfo,
      };
    case 'ping':
    case 'notifications/initialized':
      return {};
    case 'tools/list': {
      const session = sessionFor(ctx, params);
      const task = typeof params.task === 'string' ? service.env.registry.get(params.task) : service.taskOf(session);
      return { tools: catalog.schemasOf(task).tools };
    }
    case 'tools/call': {
      const session = sessionFor(ctx, params);
      if (typeof params.name !== 'string') throw new RpcError(JSON_RPC.INVALID_PARAMS, 'params.name (the tool name) is required');
      const args = params.arguments ?? {};
      if (typeof args !== 'object' || args === null || Array.isArray(args)) {
        throw new RpcError(JSON_RPC.INVALID_PARAMS, 'params.arguments must be an object');
      }
      if (!session.episode) {
        throw new RpcError(JSON_RPC.SERVER_ERROR, `Session "${session.id}" has no episode: call openenv/session/create or openenv/reset (or POST /reset) first`, { code: 'EPISODE_NOT_STARTED' });
      }
      const schemas = catalog.schemasOf(session.episode.task);
      if (!schemas.toolTypes.has(params.name)) {
        throw new RpcError(JSON_RPC.INVALID_PARAMS, `Unknown tool "${params.name}" for task "${session.episode.task.metadata.id}"; tools: ${[...schemas.toolTypes.keys()].join(', ')}`);
      }
      const type = schemas.toolTypes.get(params.name);
      const action = type === null ? args : { ...args, type };
      const result = await service.step(session, action);
      return {
        content: [{ type: 'text', text: JSON.stringify(result) }],
        structuredContent: result,
        isError: false,
        ...result,
      };
    }
    case 'openenv/session/create': {
      const plan = service.parseReset(resetKwargs(params));
      // A socket-bound caller already has its session (OpenEnv answers its own id): its episode starts there.
      const session = ctx.boundSession ?? service.sessions.createNamed();
      const result = await service.reset(session, plan);
      return { session_id: session.id, ...result };
    }
    case 'openenv/session/close': {
      if (typeof params.session_id !== 'string') throw new RpcError(JSON_RPC.INVALID_PARAMS, 'params.session_id is required');
      if (ctx.boundSession && params.session_id === ctx.boundSession.id) {
        throw new RpcError(JSON_RPC.INVALID_REQUEST, 'Cannot close the session this WebSocket holds through an MCP method; close the socket instead');
      }
      const outcome = service.sessions.closeNamed(params.session_id);
      if (outcome === null) throw new RpcError(JSON_RPC.INVALID_PARAMS, `Unknown session "${params.session_id}"`);
      // An attached WebSocket keeps the session until it detaches; the caller learns that it is closing.
      return outcome === 'closed' ? { session_id: params.session_id, closed: true } : { session_id: params.session_id, closed: false, closing: true };
    }
    case 'openenv/reset': {
      const plan = service.parseReset(resetKwargs(params));
      const session = sessionFor(ctx, params, true);
      return { session_id: session.id, ...(await service.reset(session, plan)) };
    }
    case 'openenv/state':
      return service.state(sessionFor(ctx, params));
    default:
      throw new RpcError(JSON_RPC.METHOD_NOT_FOUND, `Method not found: ${method}`, { methods: MCP_METHODS });
  }
}

/** Methods that start or advance the bound session's episode (what a validation record must hold). */
const EPISODE_METHODS = new Set(['tools/call', 'openenv/reset', 'openenv/session/create']);

/** Whether a JSON-RPC message or batch calls a method that changes the bound session's episode. */
export function changesEpisode(raw: unknown): boolean {
  const items = Array.isArray(raw) ? raw : [raw];
  return items.some((item) => typeof item === 'object' && item !== null && EPISODE_METHODS.has((item as { method?: unknown }).method as string));
}

/** Why a body could not be used: not JSON at all, or JSON nested past MAX_JSON_DEPTH. */
export interface BodyProblem {
  readonly kind: 'invalid_json' | 'too_deep';
  readonly message: string;
}

/** Requests one JSON-RPC batch may hold; a larger batch is refused whole (each request may be a step). */
export const MAX_BATCH_REQUESTS = 32;

/** The answer to one POST body or `mcp` frame: a response, a batch of them, or none (only notifications). */
export type McpAnswer = JsonRpcResponse | JsonRpcResponse[] | null;

/**
 * Answers a JSON-RPC body. `raw` is the parsed body; `problem` marks a body that could not be parsed or
 * nests too deep. Notifications (no `id`) get no response, as JSON-RPC and the MCP transport say; a batch
 * gets an array of the responses to its requests, in order, run one after another.
 */
export async function handleMcp(raw: unknown, ctx: McpContext, problem: BodyProblem | null = null): Promise<McpAnswer> {
  if (problem?.kind === 'invalid_json') return fail(null, JSON_RPC.PARSE_ERROR, 'Parse error: the body is not valid JSON');
  if (problem?.kind === 'too_deep') return fail(null, JSON_RPC.INVALID_REQUEST, `Invalid Request: ${problem.message}`, { code: 'INVALID_REQUEST' });
  if (typeof raw !== 'object' || raw === null) return fail(null, JSON_RPC.PARSE_ERROR, 'Parse error: the request must be a JSON object (or a batch array of them)');
  if (!Array.isArray(raw)) return handleOne(raw, ctx);
  if (raw.length === 0) return fail(null, JSON_RPC.INVALID_REQUEST, 'Invalid Request: an empty batch');
  if (raw.length > MAX_BATCH_REQUESTS) {
    return fail(null, JSON_RPC.INVALID_REQUEST, `Invalid Request: a batch of ${raw.length} requests is over the limit of ${MAX_BATCH_REQUESTS}`, { max_batch_requests: MAX_BATCH_REQUESTS });
  }
  const responses: JsonRpcResponse[] = [];
  for (const item of raw) {
    const response = await handleOne(item, ctx);
    if (response) responses.push(response);
  }
  return responses.length > 0 ? responses : null;
}

/** Answers one JSON-RPC message; null for a well-formed notification (even when it fails, as JSON-RPC says). */
async function handleOne(raw: unknown, ctx: McpContext): Promise<JsonRpcResponse | null> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail(null, JSON_RPC.INVALID_REQUEST, 'Invalid Request: a request must be a JSON object');
  }
  const request = raw as Record<string, unknown>;
  const id = isValidId(request.id) ? request.id : null;
  if (request.jsonrpc !== '2.0') return fail(id, JSON_RPC.INVALID_REQUEST, 'Invalid Request: "jsonrpc" must be "2.0"');
  if (typeof request.method !== 'string' || request.method === '') {
    return fail(id, JSON_RPC.INVALID_REQUEST, 'Invalid Request: "method" must be a non-empty string');
  }
  if (request.id !== undefined && !isValidId(request.id)) {
    return fail(null, JSON_RPC.INVALID_REQUEST, 'Invalid Request: "id" must be a string, a number or null');
  }
  const notification = !('id' in request);
  try {
    const result = await dispatch(request.method, objectParams(request.params), ctx);
    return notification ? null : { jsonrpc: '2.0', id, result };
  } catch (err) {
    if (notification) return null;
    const rpc = toRpcError(err);
    return fail(id, rpc.code, rpc.message, rpc.data);
  }
}
