// Which worker process serves a request under `serve --workers N`: the routing rule that keeps every session on one process.
//
// Sessions live in the memory of one process, so the router must send every request of a session to the
// process that holds it, without a shared table:
// - requests without a session id (header-less HTTP, session-less MCP) address the shared default session:
//   always worker 0, so it behaves exactly as with one process;
// - a server-chosen id carries its owner: worker n prefixes the ids it makes with "w<n>-";
// - a client-chosen id (any other) belongs to worker fnv1a(id) mod N, so its reset and later steps meet;
// - what creates a session without naming it (X-OpenEnv-Session-Id: new, openenv/session/create, a new
//   WebSocket) may go to any worker: the router spreads it to the least loaded one.
import { fnv1a } from '../contract/scenario-catalogue.js';
import { ORCHESTRATOR_PATH } from '../server/access-control.js';

export type Route = { readonly to: 'worker'; readonly worker: number } | { readonly to: 'spread' };

/** The prefix worker n puts before the session ids it chooses. */
export function sessionIdPrefix(worker: number): string {
  return `w${worker}-`;
}

const OWNER_PREFIX = /^w(\d{1,4})-/;

/** The worker that owns a session id (see the rule above). */
export function ownerOf(id: string, workers: number): number {
  const marked = OWNER_PREFIX.exec(id);
  if (marked) {
    const worker = Number(marked[1]);
    if (worker < workers) return worker;
  }
  return fnv1a(id) % workers;
}

/** The path the server routes on: no orchestrator prefix (/orchestrator/<token>/reset routes as /reset), no query. */
export function routedPath(url: string): string {
  let path = url.split('?')[0] ?? '/';
  if (path.startsWith(ORCHESTRATOR_PATH)) {
    const rest = path.indexOf('/', ORCHESTRATOR_PATH.length);
    path = rest < 0 ? '/' : path.slice(rest);
  }
  return path.replace(/\/+$/, '') || '/';
}

/** POST bodies the router must read to route: they may name a session in the body instead of the header. */
export function routesByBody(method: string, url: string): boolean {
  if (method !== 'POST') return false;
  const path = routedPath(url);
  return path === '/mcp' || path === '/grader';
}

const DEFAULT = { to: 'worker', worker: 0 } as const;
const SPREAD = { to: 'spread' } as const;

/** The session id a JSON body names (MCP params.session_id, /grader session_id), or null; for a JSON-RPC batch, the first. */
function bodySessionId(body: unknown): { id: string | null; creates: boolean } {
  const first = Array.isArray(body) ? body[0] : body;
  if (typeof first !== 'object' || first === null) return { id: null, creates: false };
  const message = first as { method?: unknown; params?: { session_id?: unknown }; session_id?: unknown };
  const id = typeof message.params?.session_id === 'string' ? message.params.session_id : typeof message.session_id === 'string' ? message.session_id : null;
  return { id, creates: message.method === 'openenv/session/create' };
}

/**
 * Where an HTTP request goes. `headerId` is X-OpenEnv-Session-Id; `body` the parsed JSON body when
 * routesByBody said it matters (undefined when it was not read or not JSON).
 */
export function routeHttp(headerId: string | undefined, body: unknown, workers: number): Route {
  if (workers <= 1) return DEFAULT;
  if (headerId !== undefined && headerId !== '' && headerId !== 'default') {
    if (headerId === 'new') return SPREAD;
    return { to: 'worker', worker: ownerOf(headerId, workers) };
  }
  const named = bodySessionId(body);
  if (named.id !== null) return { to: 'worker', worker: ownerOf(named.id, workers) };
  if (named.creates) return SPREAD;
  return DEFAULT;
}

/** Where a WebSocket upgrade goes: /ws?session_id= to that session's owner, any other socket (its own session) anywhere. */
export function routeUpgrade(url: string, workers: number): Route {
  if (workers <= 1) return DEFAULT;
  const query = url.includes('?') ? new URLSearchParams(url.slice(url.indexOf('?') + 1)) : null;
  const id = query?.get('session_id');
  if (id) return { to: 'worker', worker: ownerOf(id, workers) };
  return SPREAD;
}
