// ticket-triage under the catalogue contract: levels, split families kept apart, framework rewards and corrections.
import { describe, expect, it } from 'vitest';
import {
  Episode,
  familiesOf,
  partitionFamilies,
  REWARD_MODES,
  Rng,
  registeredTaskOf,
  runPolicy,
  runReferenceSolver,
  scenarioFor,
  type Policy,
  type SplitName,
  type WireObservation,
} from 'openenv-ts';
import { configSchema } from './config.js';
import { CORE_TEMPLATES } from './core-templates.js';
import { gradeTriage } from './grader.js';
import { TicketTriageTask } from './plugin.js';
import type { TriageData } from './schemas.js';
import { CATEGORIES, PRIORITIES, TEAMS, type Category, type Priority, type Team } from './taxonomy.js';
import type { TriageScenario } from './types.js';

const task = registeredTaskOf(TicketTriageTask);
const plugin = task.plugin as TicketTriageTask;
const LEVELS = plugin.levels.map((l) => l.name);
const SPLITS: readonly SplitName[] = ['train', 'test'];
const PENALTY = { invalid: 0.05, repeat: 0.02 };

async function scenarioOf(seed: number, split: SplitName, level?: string): Promise<TriageScenario> {
  return (await scenarioFor(task, seed, undefined, { split, level })) as TriageScenario;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Prints measured numbers when TRIAGE_REPORT is set (silent otherwise). */
function report(line: string): void {
  if (process.env.TRIAGE_REPORT) console.log(line);
}

/** A policy acting at random from a seeded stream: random tickets (now and then an unknown id), labels and repeats. */
function randomPolicy(seed: number): Policy {
  const rng = new Rng(seed, 'ticket-triage-test/random-policy');
  const taken: unknown[] = [];
  return (observation: WireObservation) => {
    const data = observation.data as TriageData;
    let action: unknown;
    if (rng.chance(0.05)) action = { type: 'submit' };
    else if (taken.length > 0 && rng.chance(0.15)) action = rng.pick(taken);
    else {
      const id = rng.chance(0.1) ? 'TCK-0000' : rng.pick(data.tickets).id;
      action = { type: 'classify', ticket_id: id, category: rng.pick(CATEGORIES), priority: rng.pick(PRIORITIES), team: rng.pick(TEAMS) };
    }
    taken.push(action);
    return action;
  };
}

describe('ticket-triage levels', () => {
  it('are kebab-case, easiest first, fit the config schema, and level 1 is the config defaults', () => {
    expect(LEVELS).toEqual(['standard', 'noisy', 'crowded', 'adversarial']);
    expect(plugin.levels[0]!.config).toEqual({});
    for (const level of plugin.levels) {
      expect(configSchema.safeParse(level.config).success, level.name).toBe(true);
      expect(level.description.length).toBeGreaterThan(10);
    }
    // Harder levels never have more corrections or fewer tickets than the one before.
    const configs = plugin.levels.map((l) => configSchema.parse(l.config));
    for (let i = 1; i < configs.length; i++) {
      expect(configs[i]!.max_relabels).toBeLessThanOrEqual(configs[i - 1]!.max_relabels);
      expect(configs[i]!.min_tickets).toBeGreaterThanOrEqual(configs[i - 1]!.min_tickets);
      expect(configs[i]!.misleading_tone_rate).toBeGreaterThan(configs[i - 1]!.misleading_tone_rate);
    }
  });

  it('a level sets the inbox: the adversarial level plays 10 tickets with no corrections', async () => {
    const episode = await Episode.start(task, { seed: 3, level: 'adversarial' });
    expect((episode.observation().data as TriageData).tickets).toHaveLength(10);
    expect(episode.observation().corrections_left).toBe(0);
    expect(episode.observation().prompt).toContain('no corrections');
  });

  it('the reference solver scores raw >= 0.95 at every level on train and test (8 seeds each)', async () => {
    for (const level of LEVELS) {
      for (const split of SPLITS) {
        const scores: number[] = [];
        for (let seed = 0; seed < 8; seed++) {
          const outcome = await runReferenceSolver(task, seed, undefined, { split, level });
          expect(outcome.rawScore, `${level} ${split} seed ${seed}`).toBeGreaterThanOrEqual(0.95);
          expect(outcome.refused).toBe(0);
          scores.push(outcome.rawScore);
        }
        report(`reference ${level} ${split}: mean ${mean(scores).toFixed(3)} min ${Math.min(...scores).toFixed(3)}`);
      }
    }
  });

  it('trivial policies (submit at once, do nothing) score raw <= 0.35 at every level and no better at harder ones', async () => {
    const trivial: Record<string, Policy> = { 'submit at once': () => ({ type: 'submit' }), 'do nothing': () => null };
    for (const [name, policy] of Object.entries(trivial)) {
      let previous = Infinity;
      for (const level of LEVELS) {
        const scores: number[] = [];
        for (const split of SPLITS) for (let seed = 0; seed < 5; seed++) scores.push((await runPolicy(task, seed, policy, { split, level })).rawScore);
        expect(Math.max(...scores), `${name} at ${level}`).toBeLessThanOrEqual(0.35);
        expect(mean(scores), `${name} at ${level}`).toBeLessThanOrEqual(previous);
        previous = mean(scores);
        report(`${name} ${level}: mean ${mean(scores).toFixed(3)}`);
      }
    }
  });

  it('the best constant label, picked on train inboxes, scores raw mean <= 0.35 on test inboxes at every level', async () => {
    const meanOf = (scenarios: TriageScenario[], label: { category: Category; priority: Priority; team: Team }) =>
      mean(scenarios.map((sc) => gradeTriage(sc, { labels: Object.fromEntries(sc.tickets.map((t) => [t.ticket.id, label])) }).score));
    for (const level of LEVELS) {
      const train: TriageScenario[] = [];
      const test: TriageScenario[] = [];
      for (let seed = 0; seed < 40; seed++) {
        train.push(await scenarioOf(seed, 'train', level));
        test.push(await scenarioOf(seed, 'test', level));
      }
      let best = { score: -1, label: { category: CATEGORIES[0], priority: PRIORITIES[0], team: TEAMS[0] } as { category: Category; priority: Priority; team: Team } };
      for (const category of CATEGORIES) {
        for (const priority of PRIORITIES) {
          for (const team of TEAMS) {
            const score = meanOf(train, { category, priority, team });
            if (score > best.score) best = { score, label: { category, priority, team } };
          }
        }
      }
      const onTest = meanOf(test, best.label);
      report(`best constant label ${level}: ${JSON.stringify(best.label)} train ${best.score.toFixed(3)} test ${onTest.toFixed(3)}`);
      expect(onTest, level).toBeLessThanOrEqual(0.35);
    }
  });
});

describe('ticket-triage splits', () => {
  it('declares one family per deciding-sentence template, grouped by class, each class in every split', () => {
    const templates = Object.values(CORE_TEMPLATES).reduce((n, list) => n + list!.length, 0);
    expect(plugin.families).toHaveLength(templates);
    expect(plugin.splits).toEqual(['train', 'validation', 'test']);
    const dealt = partitionFamilies(plugin.families, plugin.splits);
    const groups = new Set(plugin.families.map((f) => f.split('/')[0]));
    expect(groups.size).toBe(13);
    for (const split of plugin.splits) {
      expect(new Set(dealt[split].map((f) => f.split('/')[0])), split).toEqual(groups);
    }
    // No group leaves train a single template to memorise.
    for (const group of groups) expect(dealt.train.filter((f) => f.startsWith(`${group}/`)).length, group).toBeGreaterThanOrEqual(3);
  });

  it('every split draws only from its own families, and records which it used', async () => {
    for (const split of plugin.splits) {
      const allowed = new Set(familiesOf(plugin, split));
      const used = new Set<string>();
      for (let seed = 0; seed < 40; seed++) {
        const scenario = await scenarioOf(seed, split, LEVELS[seed % LEVELS.length]);
        expect(scenario.families).toEqual([...new Set(scenario.tickets.map((t) => t.family))].sort());
        for (const family of scenario.families) {
          expect(allowed.has(family), `${split} seed ${seed} used ${family}`).toBe(true);
          used.add(family);
        }
      }
      // The generator really spreads over its share, not one template per class.
      expect(used.size, split).toBeGreaterThan(allowed.size * 0.8);
    }
  });

  it('no deciding sentence of 100 test inboxes appears in any of 200 train inboxes', async () => {
    const trainSentences = new Set<string>();
    const trainFamilies = new Set<string>();
    for (let seed = 0; seed < 200; seed++) {
      for (const t of (await scenarioOf(seed, 'train')).tickets) {
        trainSentences.add(t.evidence[0]!);
        trainFamilies.add(t.family);
      }
    }
    let testSentences = 0;
    const shared: string[] = [];
    for (let seed = 0; seed < 100; seed++) {
      for (const t of (await scenarioOf(seed, 'test', LEVELS[seed % LEVELS.length])).tickets) {
        testSentences += 1;
        expect(trainFamilies.has(t.family), t.family).toBe(false);
        if (trainSentences.has(t.evidence[0]!)) shared.push(t.evidence[0]!);
      }
    }
    report(`test deciding sentences seen verbatim in 200 train inboxes: ${shared.length} of ${testSentences}`);
    expect(shared).toEqual([]);
  });
});

describe('ticket-triage rewards under the framework', () => {
  it('return == final raw grade - penalties for the solver and a random policy, dense and terminal', async () => {
    for (const rewardMode of REWARD_MODES) {
      for (const level of LEVELS) {
        for (let seed = 0; seed < 4; seed++) {
          const solver = await runReferenceSolver(task, seed, undefined, { level, rewardMode, split: 'test' });
          expect(solver.rewards.reduce((a, b) => a + b, 0)).toBeCloseTo(solver.rawScore, 6);

          const errors: boolean[] = [];
          const keys: string[] = [];
          const policy = randomPolicy(seed * 31 + LEVELS.indexOf(level));
          const outcome = await runPolicy(
            task,
            seed,
            (observation, step) => {
              if (step > 0) errors.push(observation.last_action_error !== null);
              const action = policy(observation, step) as { type: string; ticket_id?: string; category?: string; priority?: string; team?: string };
              keys.push(action.type === 'submit' ? 'submit' : `${action.ticket_id!.toUpperCase()} ${action.category}/${action.priority}/${action.team}`);
              return action;
            },
            { level, rewardMode },
          );
          errors.push(outcome.episode.observation().last_action_error !== null);
          const repeats = keys.slice(0, outcome.steps).filter((k, i, all) => all.indexOf(k) < i).length;
          const invalid = errors.slice(0, outcome.steps).filter(Boolean).length;
          const expected = outcome.rawScore - PENALTY.invalid * invalid - PENALTY.repeat * repeats;
          const total = outcome.rewards.reduce((a, b) => a + b, 0);
          expect(total, `${rewardMode} ${level} seed ${seed}`).toBeCloseTo(expected, 6);
          expect(outcome.episode.rewardTotals().return).toBeCloseTo(expected, 6);
          if (rewardMode === 'terminal') expect(outcome.rewards.slice(0, -1).every((r) => r === 0)).toBe(true);
        }
      }
    }
  });

  it('the framework refuses corrections past the level budget; the plugin state never counts them', async () => {
    for (const [level, budget] of [['standard', 2], ['noisy', 1], ['adversarial', 0]] as const) {
      const scenario = (await scenarioFor(task, 5, undefined, { level })) as TriageScenario;
      const { ticket, label } = scenario.tickets[0]!;
      const wrong = (i: number) => ({ type: 'classify', ticket_id: ticket.id, ...label, category: CATEGORIES.filter((c) => c !== label.category)[i]! });
      const episode = await Episode.start(task, { seed: 5, level });
      await episode.step(wrong(0));
      for (let i = 1; i <= budget; i++) {
        const step = await episode.step(wrong(i));
        expect(step.observation.last_action_error, `${level} correction ${i}`).toBeNull();
        expect(step.observation.corrections_left).toBe(budget - i);
      }
      const refused = await episode.step({ type: 'classify', ticket_id: ticket.id, ...label });
      expect(refused.observation.last_action_error, level).toMatch(/corrections of this episode are used/);
      expect(refused.reward_components!.invalid_action).toBeCloseTo(-PENALTY.invalid, 6);
      expect((refused.observation.data as TriageData).labels[ticket.id]!.category).toBe(wrong(budget).category);
      // Labelling another ticket is no correction and still works.
      const other = scenario.tickets[1]!;
      const next = await episode.step({ type: 'classify', ticket_id: other.ticket.id, ...other.label });
      expect(next.observation.last_action_error).toBeNull();
      expect(Object.keys(plugin.initialState())).toEqual(['labels']);
    }
  });
});
