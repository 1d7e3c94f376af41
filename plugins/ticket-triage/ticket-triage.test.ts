// ticket-triage: the reference solver, actions and errors, corrections, and attacks that try to win without reading.
import { describe, expect, it } from 'vitest';
import { Episode, REWARD_MODES, registeredTaskOf, runPolicy, runReferenceSolver, scenarioFor, type WireObservation } from 'openenv-ts';
import { TicketTriageTask } from './plugin.js';
import type { TriageData } from './schemas.js';
import type { TriageScenario } from './types.js';

const task = registeredTaskOf(TicketTriageTask);
const plugin = task.plugin as TicketTriageTask;
const LEVELS = plugin.levels.map((l) => l.name);
const PENALTY = { invalid: 0.05 };
const dataOf = (o: WireObservation) => o.data as TriageData;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const report = (line: string) => (process.env.TRIAGE_REPORT ? console.log(line) : undefined);

async function scenarioOf(index: number, level: string, split = 'test'): Promise<TriageScenario> {
  return (await scenarioFor(task, index, undefined, { split: split as 'test', level, index })) as TriageScenario;
}

describe('ticket-triage reference solver', () => {
  it('scores raw 1.0 at every level on train and test, and its rewards sum to its grade in both reward modes', async () => {
    for (const level of LEVELS) {
      for (const split of ['train', 'test'] as const) {
        for (let index = 0; index < 6; index++) {
          for (const rewardMode of REWARD_MODES) {
            const run = await runReferenceSolver(task, index, undefined, { level, split, index, rewardMode });
            expect(run.rawScore, `${level} ${split} ${index}`).toBe(1);
            expect(run.rewards.reduce((a, b) => a + b, 0)).toBeCloseTo(run.rawScore, 6);
          }
        }
      }
    }
  });

  it('looks every account up where the level hides plans, only the needed ones at the desk, and fits in the step limit', async () => {
    for (const level of LEVELS) {
      for (let index = 0; index < 10; index++) {
        const scenario = await scenarioOf(index, level);
        const actions = plugin.solve(scenario);
        const lookups = actions.filter((a) => a.type === 'lookup_account').length;
        const expected = scenario.lookup_budget ?? (scenario.accounts.length > 0 ? scenario.tickets.length : 0);
        expect(lookups, `${level} ${index}`).toBe(expected);
        expect(actions.length).toBeLessThanOrEqual(task.metadata.maxSteps);
      }
    }
  });
});

describe('ticket-triage actions', () => {
  it('lookup_account shows the record in feedback and in every later observation; a second lookup is a repeat', async () => {
    const episode = await Episode.start(task, { split: 'test', level: 'accounts', index: 4 });
    const first = dataOf(episode.observation());
    expect(first.account_lookups).toBe(true);
    expect(first.tickets.every((t) => t.tier === null)).toBe(true);
    const account = first.tickets[0]!.account_id;
    const step = await episode.step({ type: 'lookup_account', account_id: account.toLowerCase() });
    expect(step.observation.last_action_error).toBeNull();
    expect(dataOf(step.observation).accounts.map((a) => a.account_id)).toEqual([account]);
    expect(step.observation.prompt).toContain(`${account} (`);
    const again = await episode.step({ type: 'lookup_account', account_id: account });
    expect(again.reward_components!.repeated_action).toBeLessThan(0);
  });

  it('an unknown account, a lookup where plans are on the tickets, and unknown codes are errors that name what exists', async () => {
    const lookups = await Episode.start(task, { split: 'test', level: 'accounts', index: 1 });
    const unknown = await lookups.step({ type: 'lookup_account', account_id: 'ACC-00000' });
    expect(unknown.observation.last_action_error).toMatch(/Unknown account_id "ACC-00000"\. Accounts of this inbox: ACC-/);
    expect(unknown.reward_components!.invalid_action).toBeCloseTo(-PENALTY.invalid, 6);

    const plain = await Episode.start(task, { split: 'test', level: 'standard', index: 1 });
    const none = await plain.step({ type: 'lookup_account', account_id: dataOf(plain.observation()).tickets[0]!.account_id });
    expect(none.observation.last_action_error).toMatch(/no account records/);
    const data = dataOf(plain.observation());
    const ticket = data.tickets[0]!.id;
    const badCategory = await plain.step({ type: 'classify', ticket_id: ticket, category: 'not_a_code', priority: 'P3', team: data.allowed.teams[0]! });
    expect(badCategory.observation.last_action_error).toContain(`This policy's category codes: ${data.allowed.categories.join(', ')}`);
    const badTeam = await plain.step({ type: 'classify', ticket_id: ticket, category: data.allowed.categories[0]!, priority: 'P3', team: 'nobody' });
    expect(badTeam.observation.last_action_error).toContain("This policy's team handles:");
    expect(dataOf(badTeam.observation).labels).toEqual({});
  });

  it('codes and handles match case-insensitively, and the label shows in the next observation', async () => {
    const scenario = await scenarioOf(2, 'standard');
    const { ticket, label } = scenario.tickets[0]!;
    const episode = await Episode.start(task, { split: 'test', level: 'standard', index: 2 });
    const step = await episode.step({ type: 'classify', ticket_id: ` ${ticket.id.toLowerCase()} `, category: label.category.toUpperCase(), priority: label.priority, team: ` ${label.team}` });
    expect(dataOf(step.observation).labels[ticket.id]).toEqual(label);
    expect(step.reward).toBeCloseTo(1 / scenario.tickets.length, 6);
  });

  it('the framework refuses corrections past each level\'s budget and the refused label changes nothing', async () => {
    for (const [level, budget] of [['standard', 2], ['threads', 1], ['adversarial', 0]] as const) {
      const scenario = await scenarioOf(5, level);
      const { ticket, label } = scenario.tickets[0]!;
      const others = scenario.policy.categories.map((c) => c.code).filter((c) => c !== label.category);
      const episode = await Episode.start(task, { split: 'test', level, index: 5 });
      const wrong = (i: number) => ({ type: 'classify', ticket_id: ticket.id, ...label, category: others[i]! });
      await episode.step(wrong(0));
      for (let i = 1; i <= budget; i++) expect((await episode.step(wrong(i))).observation.last_action_error, `${level} ${i}`).toBeNull();
      const refused = await episode.step({ type: 'classify', ticket_id: ticket.id, ...label });
      expect(refused.observation.last_action_error, level).toMatch(/corrections of this episode are used/);
      expect(dataOf(refused.observation).labels[ticket.id]!.category).toBe(others[budget]);
    }
  });

  it('priority earns credit only on a ticket filed in the right category', async () => {
    const scenario = await scenarioOf(7, 'standard');
    const { ticket, label } = scenario.tickets[0]!;
    const wrongCategory = scenario.policy.categories.find((c) => c.code !== label.category)!.code;
    const grade = plugin.grade(scenario, { labels: { [ticket.id]: { ...label, category: wrongCategory } }, looked_up: [] });
    const perTicket = (grade.breakdown.tickets as Record<string, { priority: number; team: number }>)[ticket.id]!;
    expect(perTicket.priority).toBe(0);
    expect(perTicket.team).toBe(0.3);
  });
});

/** Plays a policy on test indices of a level; returns the raw scores. */
async function scores(level: string, count: number, make: (scenario: TriageScenario) => (o: WireObservation, step: number) => unknown): Promise<number[]> {
  const out: number[] = [];
  for (let index = 0; index < count; index++) {
    const scenario = await scenarioOf(100 + index, level);
    out.push((await runPolicy(task, 100 + index, make(scenario), { split: 'test', level, index: 100 + index })).rawScore);
  }
  return out;
}

describe('ticket-triage attacks (test split, 20 inboxes per level)', () => {
  it('ending at once or repeating one classify scores raw <= 0.35 at every level', async () => {
    for (const level of LEVELS) {
      expect(Math.max(...(await scores(level, 5, () => () => ({ type: 'submit' }))))).toBe(0);
      const repeated = await scores(level, 10, () => (o) => {
        const d = dataOf(o);
        return { type: 'classify', ticket_id: d.tickets[0]!.id, category: d.allowed.categories[0], priority: 'P3', team: d.allowed.teams[0] };
      });
      expect(Math.max(...repeated), level).toBeLessThanOrEqual(0.35);
    }
  });

  it('hedging (every ticket gets one category, one team and P3) scores raw mean <= 0.2 at every level', async () => {
    for (const level of LEVELS) {
      const hedged = await scores(level, 20, () => (o) => {
        const d = dataOf(o);
        const next = d.unlabelled[0];
        return next ? { type: 'classify', ticket_id: next, category: d.allowed.categories[0], priority: 'P3', team: d.allowed.teams[0] } : { type: 'submit' };
      });
      report(`hedge ${level}: mean ${mean(hedged).toFixed(3)} max ${Math.max(...hedged).toFixed(3)}`);
      expect(mean(hedged), level).toBeLessThanOrEqual(0.2);
    }
  });

  it('probing the reward and undoing within the correction budget, reading no ticket, scores raw mean <= 0.35', async () => {
    for (const level of LEVELS) {
      const probed = await scores(level, 20, () => {
        // Try codes in order on each ticket; keep a label when its reward says the category was right, else try the next.
        let lastTicket = '';
        let tried = 0;
        let lastReward = 0;
        return (o) => {
          const d = dataOf(o);
          const n = d.tickets.length;
          const rewarded = lastReward >= (0.4 / n) * 0.99;
          lastReward = 0;
          const left = (o as { corrections_left?: number | null }).corrections_left ?? 0;
          if (lastTicket && !rewarded && left > 0 && tried < d.allowed.categories.length) {
            const category = d.allowed.categories[tried++]!;
            return { type: 'classify', ticket_id: lastTicket, category, priority: 'P3', team: d.allowed.teams[tried % d.allowed.teams.length] };
          }
          const next = d.unlabelled[0];
          if (!next) return { type: 'submit' };
          lastTicket = next;
          tried = 1;
          return { type: 'classify', ticket_id: next, category: d.allowed.categories[0], priority: 'P3', team: d.allowed.teams[0] };
        };
      });
      report(`reward prober ${level}: mean ${mean(probed).toFixed(3)} max ${Math.max(...probed).toFixed(3)}`);
      expect(mean(probed), level).toBeLessThanOrEqual(0.35);
    }
  });

  it('a second session replaying labels learned on another inbox (what an agent without the seed can do) scores raw <= 0.35', async () => {
    for (const level of LEVELS) {
      const learned = await scenarioOf(0, level);
      const byPosition = learned.tickets.map((t) => t.label);
      const replayed = await scores(level, 20, () => (o) => {
        const d = dataOf(o);
        const next = d.unlabelled[0];
        if (!next) return { type: 'submit' };
        const i = d.tickets.findIndex((t) => t.id === next);
        const label = byPosition[i % byPosition.length]!;
        // The other inbox's codes only work where this policy happens to use the same words.
        const category = d.allowed.categories.includes(label.category) ? label.category : d.allowed.categories[0];
        const team = d.allowed.teams.includes(label.team) ? label.team : d.allowed.teams[0];
        return { type: 'classify', ticket_id: next, category, priority: label.priority, team };
      });
      report(`second session ${level}: mean ${mean(replayed).toFixed(3)} max ${Math.max(...replayed).toFixed(3)}`);
      expect(Math.max(...replayed), level).toBeLessThanOrEqual(0.35);
    }
  });

  it('the structured-hint policy (plan, area, allowed codes, records; no prose) scores raw mean <= 0.2', async () => {
    for (const level of LEVELS) {
      const hinted = await scores(level, 20, () => plugin.hintOnlyPolicy());
      report(`structured hints ${level}: mean ${mean(hinted).toFixed(3)} max ${Math.max(...hinted).toFixed(3)}`);
      expect(mean(hinted), level).toBeLessThanOrEqual(0.2);
    }
  });
});
