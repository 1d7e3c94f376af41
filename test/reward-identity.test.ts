// An episode's return equals its final raw grade minus its penalties, for every task, policy and reward mode.
import 'reflect-metadata';
import { container } from 'tsyringe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, Episode, parseAction, scenarioFor, type EpisodePolicy, type StepResult, readManifest, loadPlugins, REWARD_MODES, type RewardComponents, type RewardMode, Rng, runReferenceSolver } from 'openenv-ts';
import type { RegisteredTask } from 'openenv-ts';
import { PythonStyleClient, pythonJsonDumps } from './helpers/python-style-ws-client.js';
import { call, DEFAULT_MANIFEST, ECHO_MANIFEST, startServer, type RunningServer } from './helpers/start-server.js';

const loaded = readManifest(DEFAULT_MANIFEST);
const served = await loadPlugins(loaded, container.createChildContainer());
const example = await loadPlugins(readManifest(ECHO_MANIFEST), container.createChildContainer());
const tasks = [...served.list(), ...example.list()];
const policy: EpisodePolicy = {
  scoreBounds: loaded.manifest.score_bounds,
  invalidActionPenalty: loaded.manifest.rewards.invalid_action_penalty,
  repeatActionPenalty: loaded.manifest.rewards.repeat_action_penalty,
};
const TOLERANCE = 1e-9;
const SCHEMA_INVALID = [{ type: 'no_such_action' }, { type: 'submit', bogus_key: 1 }];

/** One episode as the agent saw it, with the penalties counted from what happened, not from the ledger. */
interface Played {
  readonly rewards: number[];
  readonly components: RewardComponents[];
  readonly invalidSteps: boolean[];
  readonly repeatedSteps: boolean[];
  readonly raw: number;
  readonly done: boolean;
  readonly refused: number;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const componentSum = (c: RewardComponents) => c.grade + c.shaping + c.invalid_action + c.repeated_action;

/** Plays `next` until the episode ends or `cap` decisions; schema-invalid actions are refused and not steps. */
async function play(task: RegisteredTask, seed: number, mode: RewardMode, next: (i: number) => unknown, cap: number): Promise<Played> {
  const episode = await Episode.start(task, { seed, rewardMode: mode }, policy);
  const seen = new Set<string>();
  const played: Played = { rewards: [], components: [], invalidSteps: [], repeatedSteps: [], raw: 0, done: false, refused: 0 };
  try {
    for (let decision = 0; decision < cap && !episode.done; decision++) {
      const action = next(decision);
      if (action === null || action === undefined) break;
      let parsed: unknown;
      try {
        parsed = parseAction(task, action);
      } catch {
        await expect(episode.step(action)).rejects.toMatchObject({ code: 'INVALID_ACTION' });
        (played as { refused: number }).refused += 1;
        continue;
      }
      // The repeat rule as the framework documents it: the plugin's repeat key, else the canonical JSON.
      const key = task.plugin.repeatKey ? task.plugin.repeatKey(parsed) : canonicalJson(parsed);
      played.repeatedSteps.push(seen.has(key));
      seen.add(key);
      const result: StepResult = await episode.step(action);
      expect(result.reward).not.toBeNull();
      expect(result.reward_components).toBeDefined();
      played.rewards.push(result.reward!);
      played.components.push(result.reward_components!);
      played.invalidSteps.push(result.observation.last_action_error !== null);
    }
    return { ...played, raw: episode.grade().raw, done: episode.done };
  } finally {
    episode.dispose();
  }
}

/** The identity and the per-step rules every episode must satisfy. */
function expectAccountsBalance(played: Played, mode: RewardMode, label: string): void {
  expect(played.done, `${label}: the episode ended`).toBe(true);
  const invalid = played.invalidSteps.filter(Boolean).length;
  const repeated = played.repeatedSteps.filter(Boolean).length;
  const expected = played.raw - invalid * policy.invalidActionPenalty - repeated * policy.repeatActionPenalty;
  expect(Math.abs(sum(played.rewards) - expected), `${label}: return ${sum(played.rewards)} vs raw ${played.raw} - penalties (${invalid} invalid, ${repeated} repeated)`).toBeLessThanOrEqual(TOLERANCE);
  played.components.forEach((c, i) => {
    expect(Math.abs(componentSum(c) - played.rewards[i]!), `${label}: step ${i} components sum to the reward`).toBeLessThanOrEqual(TOLERANCE);
  });
  expect(Math.abs(sum(played.components.map((c) => c.shaping))), `${label}: shaping sums to 0`).toBeLessThanOrEqual(TOLERANCE);
  const last = played.rewards.length - 1;
  if (mode === 'terminal') {
    played.rewards.slice(0, last).forEach((r, i) => expect(r, `${label}: terminal step ${i} pays 0`).toBe(0));
    for (const c of played.components.slice(0, last)) expect(c).toEqual({ grade: 0, shaping: 0, invalid_action: 0, repeated_action: 0 });
  } else {
    // Dense mode pays each penalty on the step that earned it.
    played.components.forEach((c, i) => {
      expect(c.invalid_action, `${label}: step ${i} invalid penalty`).toBeCloseTo(played.invalidSteps[i] ? -policy.invalidActionPenalty : 0, 12);
      expect(c.repeated_action, `${label}: step ${i} repeat penalty`).toBeCloseTo(played.repeatedSteps[i] ? -policy.repeatActionPenalty : 0, 12);
    });
  }
}

/** The reference solution of a seed (the scenario is freed again at once). */
async function solutionOf(task: RegisteredTask, seed: number): Promise<unknown[]> {
  const scenario = await scenarioFor(task, seed);
  try {
    return [...(await task.plugin.solve(scenario))];
  } finally {
    task.plugin.dispose?.(scenario);
  }
}

function parses(task: RegisteredTask, action: unknown): boolean {
  try {
    parseAction(task, action);
    return true;
  } catch {
    return false;
  }
}

function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const isSubmit = (action: unknown) => (action as { type?: unknown }).type === 'submit';

/**
 * Policies that need no knowledge of the scenario beyond a few of its own moves: submit at once, one move
 * repeated to the step limit, and a seeded shuffle of other seeds' solutions, half of this seed's moves and
 * schema-invalid actions, with a submit last (so the episode runs long enough to mix everything).
 */
async function policiesFor(task: RegisteredTask, seed: number) {
  const others = [...(await solutionOf(task, seed + 1000)), ...(await solutionOf(task, seed + 1001))];
  const own = await solutionOf(task, seed);
  // A task may have no action that ends the episode at once (web-navigation ends on the page's own effect or at
  // the step limit): it gets no submit-at-once policy, and its random policy runs to the step limit.
  const submit: unknown = parses(task, { type: 'submit' }) ? { type: 'submit' } : others.find(isSubmit);
  const firstMove = own.find((a) => !isSubmit(a)) ?? own[0];
  const rng = new Rng(seed, 'random-policy');
  const someOwn = own.filter((a) => !isSubmit(a) && rng.chance(0.5));
  const pool = [...shuffled([...others.filter((a) => !isSubmit(a)), ...someOwn, ...SCHEMA_INVALID, ...SCHEMA_INVALID], rng), ...(submit === undefined ? [] : [submit])];
  const maxSteps = task.metadata.maxSteps;
  return {
    ...(submit === undefined ? {} : { 'submit at once': { next: (i: number) => (i === 0 ? submit : null), cap: 1 } }),
    // Doing nothing new: the solver's first move over and over (repeat penalties) until the step limit.
    'one move repeated to the step limit': { next: () => firstMove, cap: maxSteps },
    'random valid and invalid actions': { next: (i: number) => pool[i % pool.length], cap: 3 * maxSteps + 10 },
  };
}

describe.each(tasks.map((task) => [task.metadata.id, task] as const))('rewards of task %s', (id, task) => {
  it.each(REWARD_MODES)('the reference solver\'s return is its raw score minus penalties (%s)', async (mode) => {
    for (const seed of [0, 1]) {
      const solved = await runReferenceSolver(task, seed, undefined, { rewardMode: mode, episodePolicy: policy });
      solved.episode.dispose();
      const actions = solved.episode.actions;
      const replayed = await play(task, seed, mode, (i) => actions[i] ?? null, actions.length);
      expect(replayed.rewards).toEqual(solved.rewards);
      expectAccountsBalance(replayed, mode, `${id} solver seed ${seed} ${mode}`);
    }
  });

  it.each(REWARD_MODES)('submit-at-once, a repeated move and a random policy balance too (%s)', async (mode) => {
    const seed = 3;
    const policies = await policiesFor(task, seed);
    for (const [name, { next, cap }] of Object.entries(policies)) {
      const played = await play(task, seed, mode, next, cap);
      expectAccountsBalance(played, mode, `${id} ${name} ${mode}`);
    }
  });

  it('the same actions return the same total in dense and terminal mode', async () => {
    const { next, cap } = (await policiesFor(task, 4))['random valid and invalid actions'];
    const dense = await play(task, 4, 'dense', next, cap);
    const terminal = await play(task, 4, 'terminal', next, cap);
    expect(terminal.raw).toBe(dense.raw);
    expect(Math.abs(sum(terminal.rewards) - sum(dense.rewards))).toBeLessThanOrEqual(TOLERANCE);
    expect(terminal.rewards.length).toBe(dense.rewards.length);
  });
});

describe('rounding', () => {
  // A ledger rounding its running totals to 1e-6 paid echo's F1 of 2/9 as 0.222222, missing the raw score by
  // up to 5e-7; plugins that round their own grades to 6 places (ticket-triage, sql-analytics) hid it.
  it.each(REWARD_MODES)('a return equals a raw grade that is not a multiple of 1e-6 (%s)', async (mode) => {
    const echo = tasks.find((task) => task.metadata.id === 'echo')!;
    const target = ((await scenarioFor(echo, 5)) as { target: string }).target;
    const played = await play(echo, 5, mode, (i) => [{ type: 'say', text: target.split(' ')[0] }, { type: 'submit' }][i] ?? null, 2);
    expect(played.raw * 1e6 % 1).not.toBe(0);
    expectAccountsBalance(played, mode, `echo first word only ${mode}`);
  });
});

describe('reward components on the wire', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ manifestPath: ECHO_MANIFEST });
  });
  afterAll(async () => server.close());

  /** say the target, say nothing (invalid), say the target again (repeat), submit: every component shows up. */
  const script = (target: string) => [{ type: 'say', text: target }, { type: 'say', text: ' ' }, { type: 'say', text: target }, { type: 'submit' }];

  function expectWireStep(reply: { reward: unknown; reward_components?: unknown }, label: string): number {
    const c = reply.reward_components as RewardComponents;
    expect(Object.keys(c).sort(), label).toEqual(['grade', 'invalid_action', 'repeated_action', 'shaping']);
    expect(typeof reply.reward, label).toBe('number');
    expect(Math.abs(componentSum(c) - (reply.reward as number)), label).toBeLessThanOrEqual(TOLERANCE);
    return reply.reward as number;
  }

  function expectEpisodeTotals(rewards: number[], state: Record<string, any>, mode: RewardMode): void {
    // raw 1, one invalid and one repeated step
    const expected = 1 - policy.invalidActionPenalty - policy.repeatActionPenalty;
    expect(sum(rewards)).toBeCloseTo(expected, 9);
    expect(state.cumulative_reward).toBeCloseTo(expected, 9);
    expect(state.reward_totals).toMatchObject({ invalid_action: -policy.invalidActionPenalty, repeated_action: -policy.repeatActionPenalty, shaping: 0 });
    expect(state.reward_totals.return).toBeCloseTo(expected, 9);
    expect(state.raw_score).toBe(1);
    if (mode === 'terminal') expect(rewards.slice(0, -1)).toEqual([0, 0, 0]);
  }

  it.each(REWARD_MODES)('HTTP step replies carry components that sum to the reward (%s)', async (mode) => {
    const headers = { 'x-openenv-session-id': `http-${mode}` };
    const reset = await call(`${server.url}/reset`, { body: { seed: 11, reward_mode: mode }, headers });
    expect(reset.body.reward).toBeNull();
    expect(reset.body).not.toHaveProperty('reward_components');
    const rewards: number[] = [];
    for (const action of script(reset.body.observation.data.target)) {
      const step = await call(`${server.url}/step`, { body: { action }, headers });
      rewards.push(expectWireStep(step.body, `HTTP ${JSON.stringify(action)}`));
    }
    expectEpisodeTotals(rewards, (await call(`${server.url}/state`, { headers })).body, mode);
  });

  it.each(REWARD_MODES)('WebSocket observation frames carry components that sum to the reward (%s)', async (mode) => {
    const client = await PythonStyleClient.connect(server.wsUrl);
    try {
      const reset = await client.reset({ seed: 12, reward_mode: mode });
      expect(reset.reward).toBeNull();
      const rewards: number[] = [];
      for (const action of script(reset.observation.data.target)) {
        client.sendRaw(pythonJsonDumps({ type: 'step', data: { ...action, metadata: {} } }));
        const frame = await client.nextFrame();
        expect(frame.type).toBe('observation');
        rewards.push(expectWireStep(frame.data, `WS ${JSON.stringify(action)}`));
      }
      expectEpisodeTotals(rewards, await client.state(), mode);
    } finally {
      await client.close();
    }
  });

  it.each(REWARD_MODES)('MCP tools/call results carry components that sum to the reward (%s)', async (mode) => {
    const rpc = (method: string, params: unknown) => call(`${server.url}/mcp`, { body: { jsonrpc: '2.0', id: 1, method, params } });
    const created = await rpc('openenv/session/create', { seed: 13, reward_mode: mode });
    expect(created.body.result.reward).toBeNull();
    const session_id = created.body.result.session_id;
    const rewards: number[] = [];
    for (const { type, ...args } of script(created.body.result.observation.data.target)) {
      const result = (await rpc('tools/call', { session_id, name: type, arguments: args })).body.result;
      expect(result.structuredContent.reward_components).toEqual(result.reward_components);
      rewards.push(expectWireStep(result, `MCP ${type}`));
    }
    expectEpisodeTotals(rewards, (await rpc('openenv/state', { session_id })).body.result, mode);
  });
});
