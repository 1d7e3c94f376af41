// Attacks an agent can make on the server: each pays off when handed what a defence withholds, and gains nothing by default.
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarioFor, OpenEnvWsClient } from 'openenv-ts';
import { PythonStyleClient, ServerError, pythonJsonDumps } from './helpers/python-style-ws-client.js';
import { call, eventually, fixtureManifest, startServer, type RunningServer } from './helpers/start-server.js';

const GUESS = fixtureManifest('guess-number');
const TASK = 'guess-number';
const TOKEN = 'orchestrator-secret-0123456789-abcdef';
const SESSION = 'x-openenv-session-id';
/** Episodes per measurement: 20 guesses at chance (0.1) reach a mean of 0.35 with probability < 0.1 %. */
const VICTIM_SEEDS = Array.from({ length: 20 }, (_, i) => 5000 + 37 * i);
const CHANCE_CEILING = 0.35;

/** What each attack scored, printed at the end for the record. */
const measured: Record<string, number> = {};
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** A refusal by the server, whatever the transport, under the framework's own error code. */
class Refused extends Error {
  constructor(readonly code: string, readonly transport: string) {
    super(`${transport} refused: ${code}`);
  }
}

type Transport = 'http' | 'ws' | 'mcp';
const TRANSPORTS: readonly Transport[] = ['http', 'ws', 'mcp'];

interface Reply {
  observation: Record<string, any>;
  reward: number | null;
  done: boolean;
}

/** One hold on one server session over one transport: what an agent is handed, or opens for itself. */
interface Seat {
  /** The session id (HTTP, MCP); null for a WebSocket, whose session is the connection. */
  readonly sessionId: string | null;
  reset(kwargs: Record<string, unknown>): Promise<Reply>;
  step(action: Record<string, unknown>): Promise<Reply>;
  state(): Promise<Record<string, any>>;
  close(): Promise<void>;
}

function httpSeat(base: string, headers: Record<string, string> = {}, sessionId = 'new'): Seat {
  let id = sessionId;
  const send = async (path: string, body?: unknown) => {
    const res = await call(`${base}${path}`, { body, headers: { ...headers, [SESSION]: id } });
    if (res.status >= 400) throw new Refused(res.body.code, 'http');
    return res;
  };
  return {
    get sessionId() {
      return id;
    },
    async reset(kwargs) {
      const res = await send('/reset', kwargs);
      id = res.headers.get(SESSION)!;
      return res.body;
    },
    step: async (action) => (await send('/step', { action })).body,
    state: async () => (await send('/state')).body,
    close: async () => undefined,
  };
}

function mcpSeat(base: string, headers: Record<string, string> = {}, sessionId: string | null = null): Seat {
  let id = sessionId;
  const rpc = async (method: string, params: Record<string, unknown>) => {
    const res = await call(`${base}/mcp`, { body: { jsonrpc: '2.0', id: 1, method, params }, headers });
    if (res.body.error) throw new Refused(res.body.error.data?.code ?? String(res.body.error.code), 'mcp');
    return res.body.result;
  };
  return {
    get sessionId() {
      return id;
    },
    async reset(kwargs) {
      const result = id === null ? await rpc('openenv/session/create', kwargs) : await rpc('openenv/reset', { ...kwargs, session_id: id });
      id = result.session_id;
      return result;
    },
    step: ({ type, ...args }) => rpc('tools/call', { session_id: id, name: type, arguments: args }),
    state: () => rpc('openenv/state', { session_id: id }),
    close: async () => undefined,
  };
}

async function wsSeat(wsUrl: string): Promise<Seat> {
  const client = await PythonStyleClient.connect(wsUrl);
  const guard = async <T>(work: Promise<T>): Promise<T> => {
    try {
      return await work;
    } catch (err) {
      if (err instanceof ServerError) throw new Refused(err.data.reason ?? err.data.code, 'ws');
      throw err;
    }
  };
  return {
    sessionId: null,
    reset: (kwargs) => guard(client.reset(kwargs)),
    step: (action) => guard(client.step(action)),
    state: () => guard(client.state()),
    close: () => client.close(),
  };
}

/** A fresh seat on the server; `base` may carry the orchestrator prefix. */
function openSeat(server: RunningServer, transport: Transport, base = server.url): Promise<Seat> {
  if (transport === 'ws') return wsSeat(`${base.replace(/^http/, 'ws')}/ws`);
  return Promise.resolve(transport === 'http' ? httpSeat(base) : mcpSeat(base));
}

/** The error code a call fails with (the test fails if it succeeds). */
async function refusal(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (err) {
    if (err instanceof Refused) return err.code;
    throw err;
  }
  throw new Error('expected the server to refuse, but it answered');
}

/** The hidden digit of a seed, as the orchestrator (who holds the plugins) can compute it. */
async function digitOf(server: RunningServer, seed: number): Promise<number> {
  return ((await scenarioFor(server.env.registry.get(TASK), seed)) as { digit: number }).digit;
}

/** Learns the digit of a seed by trying every guess in a shadow session, one reset per try. */
async function rehearse(shadow: Seat, seed: number): Promise<number> {
  for (let n = 0; n < 10; n++) {
    await shadow.reset({ task: TASK, seed });
    if ((await shadow.step({ type: 'guess', n })).reward === 1) return n;
  }
  throw new Error(`no digit scored for seed ${seed}`);
}

/** Plays one victim episode per seed, answering with what `attack` works out; returns the raw scores. */
async function victimScores(
  server: RunningServer,
  transport: Transport,
  kwargs: Record<string, unknown>,
  attack: (victim: Seat, seed: number) => Promise<number>,
  orchestratorBase = server.url,
): Promise<number[]> {
  const scores: number[] = [];
  for (const seed of VICTIM_SEEDS) {
    const victim = await openSeat(server, transport, orchestratorBase);
    try {
      await victim.reset({ task: TASK, seed, ...kwargs });
      const guess = await attack(victim, seed);
      await victim.step({ type: 'guess', n: guess });
      scores.push((await victim.state()).raw_score);
    } finally {
      await victim.close();
    }
  }
  return scores;
}

/** A token-locked server whose sockets are tracked, so a test can see (and end) connections the server keeps open. */
async function trackedLockedServer(): Promise<{ server: RunningServer; sockets: Set<Socket>; close(): Promise<void> }> {
  const tracked = await startServer({ manifestPath: GUESS, orchestratorToken: TOKEN });
  const sockets = new Set<Socket>();
  tracked.app.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return {
    server: tracked,
    sockets,
    async close() {
      for (const socket of sockets) socket.destroy();
      await tracked.close();
    },
  };
}

let server: RunningServer;
let replaying: RunningServer;
let locked: RunningServer;
let privateSessions: RunningServer;

beforeAll(async () => {
  [server, replaying, locked, privateSessions] = await Promise.all([
    startServer({ manifestPath: GUESS }),
    startServer({ manifestPath: GUESS, replayGrading: true }),
    // Replays on behind the credential: the token alone must keep the oracle from agents.
    startServer({ manifestPath: GUESS, orchestratorToken: TOKEN, replayGrading: true }),
    startServer({ manifestPath: GUESS, defaultSession: false }),
  ]);
});
afterAll(async () => {
  await Promise.all([server, replaying, locked, privateSessions].map((s) => s?.close()));
  console.log('attack scores (mean raw over %d episodes):\n%s', VICTIM_SEEDS.length, Object.entries(measured).map(([k, v]) => `  ${k}: ${v.toFixed(2)}`).join('\n'));
});

describe('the guess-number fixture makes knowing the scenario measurable', () => {
  it('an agent that knows each digit scores 1; one that always guesses 0 scores about chance', async () => {
    const informed = await victimScores(server, 'http', {}, (_victim, seed) => digitOf(server, seed));
    const blind = await victimScores(server, 'http', {}, async () => 0);
    expect(mean(informed)).toBe(1);
    expect(mean(blind)).toBeLessThanOrEqual(CHANCE_CEILING);
    measured['baseline: always guess 0'] = mean(blind);
  });
});

describe.each(TRANSPORTS)('shadow-session rehearsal over %s', (transport) => {
  it('with the real seed, rehearsing every digit in a second session scores 1', async () => {
    const scores = await victimScores(server, transport, {}, async (_victim, seed) => {
      const shadow = await openSeat(server, transport);
      try {
        return await rehearse(shadow, seed);
      } finally {
        await shadow.close();
      }
    });
    measured[`rehearsal ${transport}, seed handed over`] = mean(scores);
    expect(mean(scores)).toBe(1);
  });

  it('by default the state hides seed, index and digest mid-episode, so rehearsal guesses at chance', async () => {
    const scores = await victimScores(server, transport, {}, async (victim) => {
      const state = await victim.state();
      expect(state).toMatchObject({ seed: null, index: null, scenario_digest: null, done: false });
      const shadow = await openSeat(server, transport);
      try {
        // Without the seed the attacker can only rehearse some scenario of its own choosing.
        return await rehearse(shadow, state.seed ?? state.index ?? 0);
      } finally {
        await shadow.close();
      }
    });
    measured[`rehearsal ${transport}, defaults`] = mean(scores);
    expect(mean(scores)).toBeLessThanOrEqual(CHANCE_CEILING);
  });

  it('no reply to reset or step carries the seed, index or digest', async () => {
    const seat = await openSeat(server, transport);
    try {
      const replies = [await seat.reset({ task: TASK, seed: 987654321 }), await seat.step({ type: 'wait' })];
      for (const reply of replies) {
        expect(JSON.stringify(reply)).not.toMatch(/987654321|654321|sha256:|"seed"|"index"|scenario_digest/);
      }
    } finally {
      await seat.close();
    }
  });
});

describe.each(TRANSPORTS)('the POST /grader replay oracle against a %s episode', (transport) => {
  /** Replays every guess on the victim's seed and answers with the one that scores; 0 when refused. */
  const oracle = (target: RunningServer, codes: string[]) => async (_victim: Seat, seed: number) => {
    for (let n = 0; n < 10; n++) {
      const res = await call(`${target.url}/grader`, { body: { task: TASK, seed, actions: [{ type: 'guess', n }] } });
      if (res.status !== 200) {
        codes.push(`${res.status} ${res.body.code}`);
        return 0;
      }
      if (res.body.raw_score === 1) return n;
    }
    throw new Error('no replayed guess scored');
  };

  it('with replays turned on and the seed known, it scores 1', async () => {
    const codes: string[] = [];
    const scores = await victimScores(replaying, transport, {}, oracle(replaying, codes));
    measured[`replay oracle ${transport}, replays on + seed`] = mean(scores);
    expect(codes).toEqual([]);
    expect(mean(scores)).toBe(1);
  });

  it('by default replays are refused with 403 REPLAY_DISABLED, even to an attacker holding the seed', async () => {
    const codes: string[] = [];
    const scores = await victimScores(server, transport, {}, oracle(server, codes));
    measured[`replay oracle ${transport}, defaults`] = mean(scores);
    expect(new Set(codes)).toEqual(new Set(['403 REPLAY_DISABLED']));
    expect(codes).toHaveLength(VICTIM_SEEDS.length);
    expect(mean(scores)).toBeLessThanOrEqual(CHANCE_CEILING);
  });
});

describe.each(TRANSPORTS)('episode-id reuse over %s', (transport) => {
  it('a second session cannot claim a running episode\'s id; after it ends, a reuse elsewhere leaves its grade alone', async () => {
    const seed = 7001;
    const digit = await digitOf(server, seed);
    const episodeId = `victim-${transport}-${seed}`;
    const victim = await openSeat(server, transport);
    const shadow = await openSeat(server, transport);
    try {
      await victim.reset({ task: TASK, seed, episode_id: episodeId });
      expect(await refusal(shadow.reset({ task: TASK, seed, episode_id: episodeId }))).toBe('EPISODE_ID_IN_USE');
      // the refused reset left the victim's episode running and untouched
      expect(await victim.state()).toMatchObject({ episode_id: episodeId, step_count: 0, done: false });

      await victim.step({ type: 'guess', n: (digit + 1) % 10 });
      const over = await victim.state();
      expect(over).toMatchObject({ raw_score: 0, done: true, seed });

      // Now the seed is public and the id free: the shadow replays the scenario under the same id and solves it.
      await shadow.reset({ task: TASK, seed: over.seed, episode_id: episodeId });
      expect((await shadow.step({ type: 'guess', n: digit })).reward).toBe(1);
      expect(await victim.state()).toMatchObject({ episode_id: episodeId, raw_score: 0 });

      if (victim.sessionId !== null) {
        // WebSocket sessions are not addressable by /grader; HTTP and MCP sessions are.
        const inVictim = await call(`${server.url}/grader`, { body: { episode_id: episodeId }, headers: { [SESSION]: victim.sessionId } });
        expect(inVictim.body).toMatchObject({ episode_id: episodeId, raw_score: 0, done: true });
        const bySessionId = await call(`${server.url}/grader`, { body: { episode_id: episodeId, session_id: victim.sessionId } });
        expect(bySessionId.body.raw_score).toBe(0);
        const inShadow = await call(`${server.url}/grader`, { body: { episode_id: episodeId, session_id: shadow.sessionId } });
        expect(inShadow.body.raw_score).toBe(1);
        const nowhere = await call(`${server.url}/grader`, { body: { episode_id: episodeId } });
        expect(nowhere.status).toBe(404);
        expect(nowhere.body.code).toBe('EPISODE_NOT_FOUND');
      }
    } finally {
      await Promise.all([victim.close(), shadow.close()]);
    }
  });
});

describe('episode-id reuse inside the session the agent was handed', () => {
  // An id may be reused once its episode is over, also in the same session. An agent handed a session (no
  // token: it may reset) that finished with 0 can read the now-public seed, re-reset its own session with the
  // same episode_id and seed, and solve it; grading by id must still answer with the first episode of that id.
  it.each(['http', 'mcp'] as const)('re-resetting the handed %s session with a finished id cannot overwrite that id\'s grade', async (transport) => {
    const seed = 7002;
    const digit = await digitOf(server, seed);
    const episodeId = `handed-${transport}-${seed}`;
    const orchestrator = await openSeat(server, transport);
    await orchestrator.reset({ task: TASK, seed, episode_id: episodeId });
    const agent = transport === 'http' ? httpSeat(server.url, {}, orchestrator.sessionId!) : mcpSeat(server.url, {}, orchestrator.sessionId);
    await agent.step({ type: 'guess', n: (digit + 1) % 10 });
    const before = await call(`${server.url}/grader`, { body: { episode_id: episodeId, session_id: orchestrator.sessionId } });
    expect(before.body.raw_score).toBe(0);

    const leaked = (await agent.state()).seed;
    const redo = await agent.reset({ task: TASK, seed: leaked, episode_id: episodeId }).then(() => 'accepted', (err: Refused) => err.code);
    if (redo === 'accepted') await agent.step({ type: 'guess', n: digit });
    const after = await call(`${server.url}/grader`, { body: { episode_id: episodeId, session_id: orchestrator.sessionId } });
    expect(after.body.raw_score, `the re-reset was ${redo}`).toBe(0);
  });

  it('with the orchestrator credential set, the agent cannot re-reset the session it was handed', async () => {
    const orchestrator = httpSeat(`${locked.url}/orchestrator/${TOKEN}`);
    await orchestrator.reset({ task: TASK, seed: 7003, episode_id: 'handed-locked' });
    const agent = httpSeat(locked.url, {}, orchestrator.sessionId!);
    await agent.step({ type: 'guess', n: 0 });
    expect(await refusal(agent.state())).toBe('ORCHESTRATOR_ONLY');
    expect(await refusal(agent.reset({ task: TASK, seed: 7003, episode_id: 'handed-locked' }))).toBe('ORCHESTRATOR_ONLY');
    expect(await refusal(mcpSeat(locked.url, {}, orchestrator.sessionId).reset({ task: TASK, seed: 7003, episode_id: 'handed-locked' }))).toBe('ORCHESTRATOR_ONLY');
  });
});

describe('the shared default session', () => {
  it('while it is on, a header-less client can step (and end) another header-less client\'s episode', async () => {
    const reset = await call(`${server.url}/reset`, { body: { task: TASK, seed: 7010 } });
    expect(reset.headers.get(SESSION)).toBe('default');
    const intruder = await call(`${server.url}/step`, { body: { action: { type: 'guess', n: 0 } } });
    expect(intruder.status).toBe(200);
    expect(intruder.body.done).toBe(true);
    const owner = await call(`${server.url}/step`, { body: { action: { type: 'guess', n: await digitOf(server, 7010) } } });
    expect(owner.status).toBe(409);
    expect(owner.body.code).toBe('EPISODE_DONE');
  });

  it('with defaultSession false, a header-less reset gets its own session and nobody can reach it without its id', async () => {
    const base = privateSessions.url;
    const seed = 7011;
    const first = await call(`${base}/reset`, { body: { task: TASK, seed } });
    const second = await call(`${base}/reset`, {});
    expect(first.status).toBe(200);
    const mine = first.headers.get(SESSION)!;
    expect(mine).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.headers.get(SESSION)).not.toBe(mine);

    for (const headers of [{}, { [SESSION]: 'default' }, { [SESSION]: '' }] as Record<string, string>[]) {
      const step = await call(`${base}/step`, { body: { action: { type: 'guess', n: 0 } }, headers });
      expect(step.status, JSON.stringify(headers)).toBe(428);
      expect(step.body.code).toBe('SESSION_REQUIRED');
      const state = await call(`${base}/state`, { headers });
      expect(state.status).toBe(428);
      expect(state.body.code).toBe('SESSION_REQUIRED');
    }
    const rpc = (method: string, params: Record<string, unknown>) => call(`${base}/mcp`, { body: { jsonrpc: '2.0', id: 1, method, params } });
    for (const [method, params] of [['tools/call', { name: 'guess', arguments: { n: 0 } }], ['openenv/state', {}]] as const) {
      const reply = await rpc(method, params);
      expect(reply.body.error.data.code, method).toBe('SESSION_REQUIRED');
    }
    const grade = await call(`${base}/grader`, { body: {} });
    expect(grade.status).toBe(409);
    expect(grade.body.code).toBe('EPISODE_NOT_STARTED');

    // The owner's episode is untouched and still solvable with its id.
    const headers = { [SESSION]: mine };
    expect((await call(`${base}/state`, { headers })).body).toMatchObject({ step_count: 0, done: false });
    const solved = await call(`${base}/step`, { body: { action: { type: 'guess', n: await digitOf(privateSessions, seed) } }, headers });
    expect(solved.body.reward).toBe(1);
  });
});

describe('grading a running episode', () => {
  it.each(['http', 'mcp'] as const)('in terminal mode any grade of a running %s episode is 409 EPISODE_RUNNING', async (transport) => {
    const victim = await openSeat(server, transport);
    await victim.reset({ task: TASK, seed: 7020, reward_mode: 'terminal', episode_id: `terminal-${transport}` });
    await victim.step({ type: 'wait' });
    const id = victim.sessionId!;
    for (const request of [
      { body: {}, headers: { [SESSION]: id } },
      { body: { session_id: id } },
      { body: { episode_id: `terminal-${transport}` }, headers: { [SESSION]: id } },
    ]) {
      const res = await call(`${server.url}/grader`, request);
      expect(res.status, JSON.stringify(request)).toBe(409);
      expect(res.body.code).toBe('EPISODE_RUNNING');
    }
    await victim.step({ type: 'guess', n: 3 });
    expect((await call(`${server.url}/grader`, { body: { session_id: id } })).status).toBe(200);
  });

  /** Reads the running episode's grade breakdown and answers with the digit it names, else 0. */
  const breakdownPeek = (base: string, headers: Record<string, string>) => async (victim: Seat) => {
    const res = await call(`${base}/grader`, { body: { session_id: victim.sessionId }, headers });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ done: false, raw_score: 0, seed: null, index: null, scenario_digest: null });
    return typeof res.body.breakdown.answer === 'number' ? res.body.breakdown.answer : 0;
  };

  it.each(['http', 'mcp'] as const)('in dense mode an agent gets the running %s episode\'s score without the breakdown, and guesses at chance', async (transport) => {
    const scores = await victimScores(server, transport, { reward_mode: 'dense' }, async (victim) => {
      const res = await call(`${server.url}/grader`, { body: { session_id: victim.sessionId } });
      expect(res.body.breakdown).toEqual({});
      expect(res.body.explanation).not.toMatch(/\d/);
      return breakdownPeek(server.url, {})(victim);
    });
    measured[`mid-episode grade ${transport}, defaults`] = mean(scores);
    expect(mean(scores)).toBeLessThanOrEqual(CHANCE_CEILING);
  });

  it.each(['http', 'mcp'] as const)('the orchestrator credential gets the running %s episode\'s whole breakdown, in both modes', async (transport) => {
    for (const reward_mode of ['dense', 'terminal']) {
      const peek = breakdownPeek(locked.url, { authorization: `Bearer ${TOKEN}` });
      const scores = await victimScores(locked, transport, { reward_mode }, peek, `${locked.url}/orchestrator/${TOKEN}`);
      measured[`mid-episode grade ${transport} ${reward_mode}, with the credential`] = mean(scores);
      expect(mean(scores)).toBe(1);
    }
  });
});

describe('the orchestrator credential', () => {
  const prefixed = () => `${locked.url}/orchestrator/${TOKEN}`;
  const bearer = { authorization: `Bearer ${TOKEN}` };
  const rpc = (base: string, method: string, params: Record<string, unknown>, headers: Record<string, string> = {}) =>
    call(`${base}/mcp`, { body: { jsonrpc: '2.0', id: 1, method, params }, headers });

  /** A session the orchestrator started, as an agent would be handed it. */
  async function handedSession(seed: number, kwargs: Record<string, unknown> = {}): Promise<string> {
    const orchestrator = httpSeat(prefixed());
    await orchestrator.reset({ task: TASK, seed, ...kwargs });
    return orchestrator.sessionId!;
  }

  it('without it, reset, state, grading, the play page, MCP session methods and /ws are refused', async () => {
    const id = await handedSession(7030);
    const refused: Array<[string, Promise<Awaited<ReturnType<typeof call>>>]> = [
      ['POST /reset', call(`${locked.url}/reset`, { body: { task: TASK, seed: 1 } })],
      ['POST /reset of the handed session', call(`${locked.url}/reset`, { body: { task: TASK, seed: 1 }, headers: { [SESSION]: id } })],
      ['GET /state', call(`${locked.url}/state`, { headers: { [SESSION]: id } })],
      ['GET /state with a wrong Bearer token', call(`${locked.url}/state`, { headers: { [SESSION]: id, authorization: `Bearer ${TOKEN.slice(0, -1)}x` } })],
      ['POST /grader by session', call(`${locked.url}/grader`, { body: { session_id: id } })],
      ['POST /grader replay', call(`${locked.url}/grader`, { body: { task: TASK, seed: 7030, actions: [{ type: 'guess', n: 1 }] } })],
      ['GET /web', call(`${locked.url}/web`)],
    ];
    for (const [what, reply] of refused) {
      const res = await reply;
      expect(res.status, what).toBe(403);
      expect(res.body.code, what).toBe('ORCHESTRATOR_ONLY');
    }
    for (const [method, params] of [
      ['openenv/session/create', { task: TASK, seed: 1 }],
      ['openenv/reset', { session_id: id, task: TASK, seed: 1 }],
      ['openenv/state', { session_id: id }],
      ['openenv/session/close', { session_id: id }],
    ] as const) {
      const res = await rpc(locked.url, method, params);
      expect(res.status).toBe(200);
      expect(res.body.error, method).toMatchObject({ code: -32000, data: { code: 'ORCHESTRATOR_ONLY' } });
    }
    // nothing above touched the handed session
    expect((await call(`${prefixed()}/state`, { headers: { [SESSION]: id } })).body).toMatchObject({ step_count: 0, done: false });

    const socket = await PythonStyleClient.connect(locked.wsUrl);
    expect(await socket.nextFrame()).toEqual({ type: 'error', data: expect.objectContaining({ code: 'SESSION_ERROR', reason: 'ORCHESTRATOR_ONLY' }) });
    await socket.waitClosed();
    expect(socket.closeCode).toBe(1008);
    await expect(socket.nextFrame(200)).rejects.toThrow('no reply within timeout');
  });

  it.each([
    ['the path prefix', () => ({ base: `${locked.url}/orchestrator/${TOKEN}`, headers: {} as Record<string, string> })],
    ['a Bearer header', () => ({ base: locked.url, headers: { authorization: `Bearer ${TOKEN}` } as Record<string, string> })],
  ])('with it as %s, every one of them works', async (_how, auth) => {
    const { base, headers } = auth();
    const seed = 7031;
    const digit = await digitOf(locked, seed);

    const seat = httpSeat(base, headers);
    await seat.reset({ task: TASK, seed });
    expect(await seat.state()).toMatchObject({ seed: null, done: false });
    const grade = await call(`${base}/grader`, { body: { session_id: seat.sessionId }, headers });
    expect(grade.body.breakdown).toEqual({ answer: digit, guessed: null });
    expect((await seat.step({ type: 'guess', n: digit })).reward).toBe(1);
    expect(await seat.state()).toMatchObject({ seed, raw_score: 1 });
    const replay = await call(`${base}/grader`, { body: { task: TASK, seed, actions: [{ type: 'guess', n: digit }] }, headers });
    expect(replay.body.raw_score).toBe(1);
    const page = await call(`${base}/web`, { headers });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');

    const created = await rpc(base, 'openenv/session/create', { task: TASK, seed }, headers);
    const sessionId = created.body.result.session_id;
    expect((await rpc(base, 'openenv/state', { session_id: sessionId }, headers)).body.result).toMatchObject({ step_count: 0, seed: null });
    expect((await rpc(base, 'openenv/reset', { session_id: sessionId, task: TASK, seed: seed + 1 }, headers)).body.result.session_id).toBe(sessionId);
    expect((await rpc(base, 'openenv/session/close', { session_id: sessionId }, headers)).body.result).toEqual({ session_id: sessionId, closed: true });

    // /ws: the Python-style client can only use the prefix (it sends no headers); the TypeScript client sends the header.
    const ws = headers.authorization ? await OpenEnvWsClient.connect(base, { headers, timeoutMs: 5000 }) : null;
    const python = ws ? null : await PythonStyleClient.connect(`${base.replace(/^http/, 'ws')}/ws`);
    const play = ws ?? python!;
    try {
      expect((await play.reset({ task: TASK, seed })).reward).toBeNull();
      expect((await play.step({ type: 'guess', n: digit })).reward).toBe(1);
      expect(await play.state()).toMatchObject({ seed, raw_score: 1 });
    } finally {
      await play.close();
    }
  });

  it('the Python-style client resets with a seed, steps and reads state through ws://host/orchestrator/<token>/ws', async () => {
    const seed = 7032;
    const client = await PythonStyleClient.connect(`${prefixed().replace(/^http/, 'ws')}/ws`);
    try {
      const reset = await client.reset({ task: TASK, seed, episode_id: 'python-client' });
      expect(reset).toMatchObject({ reward: null, done: false, observation: { prompt: 'Guess a digit from 0 to 9.' } });
      expect(await client.state()).toMatchObject({ episode_id: 'python-client', seed: null, index: null, scenario_digest: null });
      const waited = await client.step({ type: 'wait' });
      expect(waited).toMatchObject({ reward: 0, done: false });
      const guessed = await client.step({ type: 'guess', n: await digitOf(locked, seed) });
      expect(guessed).toMatchObject({ reward: 1, done: true });
      const state = await client.state();
      expect(state).toMatchObject({ seed, step_count: 2, raw_score: 1, done: true });
      expect(state.scenario_digest).toMatch(/^sha256:/);
      // mcp frames over the authorised socket work too
      client.sendRaw(pythonJsonDumps({ type: 'mcp', data: { jsonrpc: '2.0', id: 7, method: 'openenv/state', params: {} } }));
      expect((await client.nextFrame()).data.result.seed).toBe(seed);
    } finally {
      await client.close();
    }
  });

  it('a wrong token in the prefix is 403 on every path; a server without a token refuses any prefix', async () => {
    const wrongTokens = [`${TOKEN.slice(0, -1)}X`, TOKEN.slice(0, -1), `${TOKEN}0`, 'x'.repeat(TOKEN.length)];
    for (const wrong of wrongTokens) {
      for (const [path, body] of [['/reset', {}], ['/step', { action: { type: 'wait' } }], ['/health', undefined], ['/mcp', { jsonrpc: '2.0', id: 1, method: 'ping' }]] as const) {
        const res = await call(`${locked.url}/orchestrator/${wrong}${path}`, { body });
        expect(res.status, `${wrong} ${path}`).toBe(403);
        expect(res.body.code).toBe('ORCHESTRATOR_ONLY');
      }
    }
    const noToken = await call(`${server.url}/orchestrator/${TOKEN}/reset`, { body: {} });
    expect(noToken.status).toBe(403);
    expect(noToken.body.code).toBe('ORCHESTRATOR_ONLY');
  });

  it('an agent without it can still step a session it was handed and call MCP tools on it, but not read it', async () => {
    const seed = 7033;
    const id = await handedSession(seed);
    const step = await call(`${locked.url}/step`, { body: { action: { type: 'wait' } }, headers: { [SESSION]: id } });
    expect(step.status).toBe(200);
    expect(step.body.observation.step_count).toBe(1);

    expect((await rpc(locked.url, 'initialize', {})).body.result.serverInfo.name).toBe('guess-number-fixture');
    expect((await rpc(locked.url, 'ping', {})).body.result).toEqual({});
    const tools = await rpc(locked.url, 'tools/list', { session_id: id });
    expect(tools.body.result.tools.map((t: { name: string }) => t.name)).toEqual(['guess', 'wait']);
    const guessed = await rpc(locked.url, 'tools/call', { session_id: id, name: 'guess', arguments: { n: await digitOf(locked, seed) } });
    expect(guessed.body.result).toMatchObject({ reward: 1, done: true, isError: false });

    expect((await call(`${locked.url}/state`, { headers: { [SESSION]: id } })).status).toBe(403);
    expect((await call(`${locked.url}/state`, { headers: { [SESSION]: id, ...bearer } })).body).toMatchObject({ step_count: 2, raw_score: 1, seed });
  });

  it('each attack above is refused at its first move, so an agent without it guesses at chance', async () => {
    const codes = new Set<string>();
    const note = (code: string) => {
      codes.add(code);
      return 0;
    };
    const scores = await victimScores(locked, 'http', { reward_mode: 'dense' }, async (victim, seed) => {
      const agent = httpSeat(locked.url, {}, victim.sessionId!);
      // shadow rehearsal: reading the seed, and opening a second session on each transport
      note(await refusal(agent.state()));
      note(await refusal(httpSeat(locked.url).reset({ task: TASK, seed: 0 })));
      note(await refusal(mcpSeat(locked.url).reset({ task: TASK, seed: 0 })));
      const shadowWs = await wsSeat(locked.wsUrl);
      note(await refusal(shadowWs.reset({ task: TASK, seed: 0 })));
      await shadowWs.close().catch(() => undefined);
      // replay oracle (replays are on behind the credential), even holding the seed
      const replay = await call(`${locked.url}/grader`, { body: { task: TASK, seed, actions: [{ type: 'guess', n: 0 }] } });
      note(`${replay.status} ${replay.body.code}`);
      // grading the running episode for its breakdown
      const peek = await call(`${locked.url}/grader`, { body: { session_id: victim.sessionId } });
      note(`${peek.status} ${peek.body.code}`);
      return 0;
    }, prefixed());
    measured['all attacks, credential set, agent without it'] = mean(scores);
    expect([...codes].sort()).toEqual(['403 ORCHESTRATOR_ONLY', 'ORCHESTRATOR_ONLY']);
    expect(mean(scores)).toBeLessThanOrEqual(CHANCE_CEILING);
  });

  it('a wrong token in the prefix of /ws is refused with 403 before any upgrade', async () => {
    const tracked = await trackedLockedServer();
    try {
      for (const wrong of [`${TOKEN.slice(0, -1)}X`, TOKEN.slice(1)]) {
        await expect(PythonStyleClient.connect(`${tracked.server.wsUrl.replace(/\/ws$/, '')}/orchestrator/${wrong}/ws`)).rejects.toThrow(/Unexpected server response: 403/);
      }
    } finally {
      await tracked.close();
    }
  });

  // A refused upgrade whose socket stayed open would let anyone pin sockets until the server runs out of file
  // descriptors, and keep app.close() waiting forever.
  it('the server closes the connection of a WebSocket upgrade it refused for a wrong token', async () => {
    const tracked = await trackedLockedServer();
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        await expect(PythonStyleClient.connect(`${tracked.server.wsUrl.replace(/\/ws$/, '')}/orchestrator/wrong-token-${attempt}-xxxxxxxxxxxxxxxx/ws`)).rejects.toThrow(/403/);
      }
      await expect(eventually(() => tracked.sockets.size === 0, 2000).then(() => 'closed', () => `${tracked.sockets.size} connections still open`)).resolves.toBe('closed');
    } finally {
      await tracked.close();
    }
  });

  // A redirect to the absolute "/web" would drop the prefix and with it the credential (403).
  it('the prefixed base URL leads to the play page', async () => {
    const res = await call(`${prefixed()}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
  });
});
