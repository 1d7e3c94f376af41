// Sessions: the shared default HTTP session, named HTTP/MCP sessions (capacity, idle expiry) and WebSocket sessions (capacity).
import { randomUUID } from 'node:crypto';
import type { Episode } from './episode.js';
import { gradeReport, type GradeReport } from './grade-report.js';
import { DEFAULT_RETRY_AFTER_S, OpenEnvError } from '../contract/errors.js';
import { SESSION_HEADER } from '../contract/wire-schemas.js';

export type SessionKind = 'default' | 'named' | 'websocket';

/** Requests one session may have in progress or waiting; more means a client is not waiting for replies. */
export const MAX_QUEUED_REQUESTS = 32;

/** One agent's place on the server: at most one live episode, and one request at a time. */
export class Session {
  episode: Episode | null = null;
  lastUsed: number;
  private queue: Promise<unknown> = Promise.resolve();
  private busy = 0;
  closed = false;
  /** A WebSocket attached by `/ws?session_id=`: the session is not swept or evicted under it. */
  attached = false;
  /** openenv/session/close arrived while a WebSocket was attached: the session ends when it detaches. */
  closeRequested = false;

  constructor(readonly id: string, readonly kind: SessionKind, now: number) {
    this.lastUsed = now;
  }

  /**
   * Runs `work` after every earlier request of this session has finished, so steps never interleave. A
   * client that queues more than MAX_QUEUED_REQUESTS without waiting for replies is refused (SESSION_BUSY).
   */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.busy >= MAX_QUEUED_REQUESTS) {
      return Promise.reject(new OpenEnvError('SESSION_BUSY', `Session "${this.id}" already has ${this.busy} requests in progress or queued`, { session_id: this.id }));
    }
    this.busy += 1;
    const run = this.queue.then(work, work);
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run.finally(() => {
      this.busy -= 1;
    });
  }

  get isBusy(): boolean {
    return this.busy > 0;
  }

  /** A request in progress or an episode still running: such a session is never evicted to make room. */
  get inUse(): boolean {
    return this.isBusy || this.attached || (this.episode !== null && !this.episode.done);
  }

  /** Replaces the episode, releasing the old one's plugin resources. */
  replaceEpisode(next: Episode | null): void {
    if (this.episode && this.episode !== next) this.episode.dispose();
    this.episode = next;
  }

  close(): void {
    this.closed = true;
    this.replaceEpisode(null);
  }
}

export interface SessionLimits {
  readonly maxWebSocketSessions: number;
  readonly maxNamedSessions: number;
  readonly idleTimeoutMs: number;
  /** Finished or replaced episodes kept for POST /grader by episode id. */
  readonly recentEpisodes?: number;
  /** Whether requests without a session id share one default session (default: yes). */
  readonly defaultSession?: boolean;
  /** Put before every server-chosen session id: a worker of `serve --workers` marks its ids so the router finds their owner. */
  readonly idPrefix?: string;
}

/** Finished or replaced episodes whose grades stay available to POST /grader by episode id. */
export const DEFAULT_RECENT_EPISODES = 256;

function recentKey(session: Session, episodeId: string): string {
  return `${session.kind}\u0000${session.id}\u0000${episodeId}`;
}

/** Session ids a client may choose: short and safe to echo in a header. */
const SESSION_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

export class SessionStore {
  readonly defaultSession: Session;
  private readonly byName = new Map<string, Session>();
  private readonly sockets = new Map<string, Session>();
  /** Grade reports of finished or replaced episodes, so POST /grader still finds them (not the episodes: they hold whole scenarios). */
  private readonly recent = new Map<string, GradeReport>();
  private sweeper: NodeJS.Timeout | null = null;

  constructor(readonly limits: SessionLimits, private readonly now: () => number = Date.now) {
    this.defaultSession = new Session('default', 'default', now());
  }

  /** Starts the idle sweeper; it never keeps the process alive. */
  startSweeping(intervalMs = Math.max(1000, Math.min(60_000, this.limits.idleTimeoutMs / 4))): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => this.sweepIdle(), intervalMs);
    this.sweeper.unref();
  }

  stop(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    for (const session of this.allSessions()) session.close();
    this.byName.clear();
    this.sockets.clear();
  }

  /** Closes named sessions idle longer than the timeout. WebSocket idleness is enforced by the socket. */
  sweepIdle(): number {
    const limit = this.now() - this.limits.idleTimeoutMs;
    let closed = 0;
    for (const [id, session] of this.byName) {
      if (session.lastUsed < limit && !session.isBusy && !session.attached) {
        this.retire(session, this.byName);
        closed += 1;
      }
    }
    return closed;
  }

  /** Validates a client-supplied session id. */
  static checkId(id: string): string {
    if (!SESSION_ID_PATTERN.test(id)) {
      throw new OpenEnvError('INVALID_REQUEST', `Session id "${id.slice(0, 40)}" is invalid: use 1-128 characters of A-Z a-z 0-9 . _ : -`, {
        errors: [{ type: 'string_pattern_mismatch', loc: ['header', SESSION_HEADER], msg: 'invalid session id', input: id }],
      });
    }
    return id;
  }

  /**
   * A named session; with `create`, one is made when missing. When the store is full, room is made from
   * expired and finished sessions only (see makeRoom); past that the newcomer is refused (SESSION_LIMIT, 503).
   */
  namedSession(id: string, create: boolean): Session {
    SessionStore.checkId(id);
    const existing = this.byName.get(id);
    if (existing) {
      this.touch(existing);
      return existing;
    }
    if (!create) {
      throw new OpenEnvError('SESSION_NOT_FOUND', `Session "${id}" does not exist or has expired; reset with this session id to start it again`, { session_id: id });
    }
    if (this.byName.size >= this.limits.maxNamedSessions) this.makeRoom();
    const session = new Session(id, 'named', this.now());
    this.byName.set(id, session);
    return session;
  }

  /** Whether header-less requests share the default session. */
  get hasDefaultSession(): boolean {
    return this.limits.defaultSession ?? true;
  }

  /**
   * The session a request without a session id addresses: the shared default one, or, when that is turned
   * off, a fresh named session for a reset (so `POST /reset {}` still works) and a refusal for anything else.
   */
  anonymousSession(creating: boolean): Session {
    if (this.hasDefaultSession) return this.defaultSession;
    if (creating) return this.createNamed();
    throw new OpenEnvError('SESSION_REQUIRED', 'This server has no shared default session: send the X-OpenEnv-Session-Id header (or session_id) that your reset returned');
  }

  private newId(): string {
    return `${this.limits.idPrefix ?? ''}${randomUUID()}`;
  }

  /** A fresh named session with a server-chosen id. */
  createNamed(): Session {
    return this.namedSession(this.newId(), true);
  }

  /**
   * Makes room for one more named session: sweeps expired sessions, else evicts the least recently used
   * session not in use. In use = a request in progress or an episode still running; those are never evicted,
   * so a flood of new sessions fills up and is then refused instead of ending other clients' episodes.
   */
  private makeRoom(): void {
    if (this.sweepIdle() > 0) return;
    let oldest: Session | null = null;
    let soonestExpiry = Infinity;
    for (const session of this.byName.values()) {
      if (session.isBusy || session.attached) continue;
      soonestExpiry = Math.min(soonestExpiry, session.lastUsed + this.limits.idleTimeoutMs - this.now());
      if (session.inUse) continue;
      if (!oldest || session.lastUsed < oldest.lastUsed) oldest = session;
    }
    if (oldest) {
      this.retire(oldest, this.byName);
      return;
    }
    const retryAfterS = Number.isFinite(soonestExpiry) ? Math.max(1, Math.ceil(soonestExpiry / 1000)) : DEFAULT_RETRY_AFTER_S;
    throw new OpenEnvError('SESSION_LIMIT', `All ${this.limits.maxNamedSessions} named sessions are in use (running an episode); close sessions you are done with (openenv/session/close) or retry later`, {
      max_sessions: this.limits.maxNamedSessions,
      retry_after_s: retryAfterS,
    });
  }

  /**
   * Ends a named session: 'closed' at once, 'closing' when a WebSocket is attached (it ends when that socket
   * detaches, as OpenEnv does, so the socket is never cut mid-frame), null when there is no such session.
   */
  closeNamed(id: string): 'closed' | 'closing' | null {
    const session = this.byName.get(id);
    if (!session) return null;
    if (session.attached) {
      session.closeRequested = true;
      return 'closing';
    }
    this.retire(session, this.byName);
    return 'closed';
  }

  /**
   * Attaches a WebSocket to a named session (`/ws?session_id=`), made over HTTP or MCP. One socket at a time:
   * two sockets driving one episode would interleave their resets and steps.
   */
  attachWebSocket(id: string): Session {
    const session = this.namedSession(id, false);
    if (session.attached) {
      throw new OpenEnvError('SESSION_ATTACHED', `Session "${id}" already has an attached WebSocket; close that one first`, { session_id: id });
    }
    session.attached = true;
    return session;
  }

  /** The attached socket has gone: idle expiry counts from now, and a close requested meanwhile happens. */
  detachWebSocket(session: Session): void {
    session.attached = false;
    this.touch(session);
    if (session.closeRequested && this.byName.get(session.id) === session) this.retire(session, this.byName);
  }

  get namedCount(): number {
    return this.byName.size;
  }

  get webSocketCount(): number {
    return this.sockets.size;
  }

  /** A session for a new WebSocket, or null at capacity. */
  openWebSocket(): Session | null {
    if (this.sockets.size >= this.limits.maxWebSocketSessions) return null;
    const session = new Session(this.newId(), 'websocket', this.now());
    this.sockets.set(session.id, session);
    return session;
  }

  closeWebSocket(session: Session): void {
    this.retire(session, this.sockets);
  }

  /** Keeps the session's grade for /grader, frees its episode and forgets the session. */
  private retire(session: Session, from: Map<string, Session>): void {
    this.archive(session, session.episode);
    session.close();
    from.delete(session.id);
  }

  /** Marks a session as just used (idle expiry counts from here). */
  touch(session: Session): void {
    session.lastUsed = this.now();
  }

  /**
   * Remembers a session's episode (finished, or about to be replaced) so it can still be graded by id, under
   * its own session only: an id reused elsewhere never answers for another session's episode.
   */
  archive(session: Session, episode: Episode | null): void {
    if (!episode) return;
    const key = recentKey(session, episode.episodeId);
    // The first episode to carry an id in a session keeps it: a later episode reusing the id (an agent that
    // re-resets its own session with the seed it read after the end, and solves it) cannot overwrite its grade.
    if (this.recent.has(key)) return;
    this.recent.set(key, gradeReport(episode));
    const cap = this.limits.recentEpisodes ?? DEFAULT_RECENT_EPISODES;
    while (this.recent.size > cap) this.recent.delete(this.recent.keys().next().value!);
  }

  /** The grade of the first recent (finished or replaced) episode of this session with this id. */
  findGrade(session: Session, episodeId: string): GradeReport | null {
    return this.recent.get(recentKey(session, episodeId)) ?? null;
  }

  /** The session whose running episode has this id, if any (an id may be reused only once its episode is over). */
  liveHolderOf(episodeId: string): Session | null {
    for (const session of this.allSessions()) {
      if (session.episode?.episodeId === episodeId && !session.episode.done) return session;
    }
    return null;
  }

  /** Every session: the default one, the named ones and the WebSocket ones (metrics count them by kind and task). */
  allSessions(): Session[] {
    return [this.defaultSession, ...this.byName.values(), ...this.sockets.values()];
  }
}
