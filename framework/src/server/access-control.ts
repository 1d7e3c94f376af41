// The agent boundary: which requests come from the orchestrator (trainer, evaluator) and which may come from an agent.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { OpenEnvError } from '../contract/errors.js';

/** Path prefix that carries the orchestrator credential: http://host/orchestrator/<token>/reset, .../ws, ... */
export const ORCHESTRATOR_PATH = '/orchestrator/';

/** Shortest accepted token: long enough that guessing it over the network is hopeless. */
export const MIN_TOKEN_LENGTH = 24;

const ACCESS = Symbol('openenv.access');
const PREFIX = Symbol('openenv.prefix');

type Marked = IncomingMessage & { [ACCESS]?: 'orchestrator' | 'refused'; [PREFIX]?: string };

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * With no token configured every caller may do everything (the OpenEnv default: validators and the official
 * client need no credential), and only the defences that hold for everyone apply. With a token, operations
 * that choose or read a scenario (reset, state, grading, session administration, /ws, the play page) need it,
 * and an agent that can reach the server may only step an existing session and call MCP tools.
 *
 * The token travels as a path prefix because the official Python client sends no custom headers but keeps
 * the path of its base URL (it connects to <base>/ws); `Authorization: Bearer <token>` works too.
 */
export class AccessControl {
  private readonly token: string | null;

  constructor(token: string | null | undefined) {
    const value = token?.trim() ?? '';
    if (value !== '' && (value.length < MIN_TOKEN_LENGTH || !/^[A-Za-z0-9._~-]+$/.test(value))) {
      throw new OpenEnvError('INVALID_REQUEST', `OPENENV_ORCHESTRATOR_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters of A-Z a-z 0-9 . _ ~ - (it travels in URLs)`);
    }
    this.token = value === '' ? null : value;
  }

  get locked(): boolean {
    return this.token !== null;
  }

  /**
   * fastify's rewriteUrl: strips a valid /orchestrator/<token> prefix and marks the request as the
   * orchestrator's; a prefix with a wrong token is marked refused (answered 403 by the access hook).
   */
  rewriteUrl(req: IncomingMessage): string {
    const url = req.url ?? '/';
    if (!url.startsWith(ORCHESTRATOR_PATH)) return url;
    const rest = url.slice(ORCHESTRATOR_PATH.length);
    const cut = rest.search(/[/?]/);
    const presented = cut < 0 ? rest : rest.slice(0, cut);
    const remainder = cut < 0 ? '/' : rest.slice(cut);
    (req as Marked)[ACCESS] = this.token !== null && sameSecret(presented, this.token) ? 'orchestrator' : 'refused';
    (req as Marked)[PREFIX] = `${ORCHESTRATOR_PATH}${presented}`;
    return remainder.startsWith('/') ? remainder : `/${remainder}`;
  }

  /** The path prefix the request came through ("" without one), so redirects keep the credential. */
  basePath(req: IncomingMessage): string {
    return (req as Marked)[ACCESS] === 'orchestrator' ? ((req as Marked)[PREFIX] ?? '') : '';
  }

  /** A request that presented a wrong token in its path. */
  refusedPrefix(req: IncomingMessage): boolean {
    return (req as Marked)[ACCESS] === 'refused';
  }

  /** Whether the request proved it is the orchestrator (always false when no token is configured). */
  authenticated(req: IncomingMessage): boolean {
    if (this.token === null) return false;
    if ((req as Marked)[ACCESS] === 'orchestrator') return true;
    const header = req.headers.authorization;
    return typeof header === 'string' && header.startsWith('Bearer ') && sameSecret(header.slice(7).trim(), this.token);
  }

  /** Whether the request may do what only an orchestrator may (everyone, when no token is configured). */
  mayOrchestrate(req: IncomingMessage): boolean {
    if (this.refusedPrefix(req)) return false;
    return this.token === null || this.authenticated(req);
  }

  /** Throws ORCHESTRATOR_ONLY unless the request may orchestrate. */
  require(req: IncomingMessage, operation: string): void {
    if (!this.mayOrchestrate(req)) {
      throw new OpenEnvError('ORCHESTRATOR_ONLY', `${operation} is for the orchestrator on this server; an agent may only step its session and call MCP tools`);
    }
  }
}
