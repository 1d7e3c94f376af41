// web-navigation levels, splits and adversaries: the reference wins at every level, trivial policies do not.
import { describe, expect, it } from 'vitest';
import { familiesOf, levelsOf, registeredTaskOf, runPolicy, runReferenceSolver, scenarioFor, splitsOf, type Policy, type SplitName } from 'openenv-ts';
import { WEB_FAMILIES, kindOf } from './families.js';
import { hintOnlyPolicy } from './hint-only-policy.js';
import { WebNavigationTask } from './plugin.js';
import type { WebData } from './schemas.js';
import type { WebScenario } from './types.js';

const task = registeredTaskOf(WebNavigationTask);
const LEVELS = levelsOf(task.plugin).map((l) => l.name);
const SEEDS = [0, 1, 2, 3, 4, 5];

const dataOf = (observation: { data: unknown }) => observation.data as WebData;

/** Policies named in the issue that know nothing of the goal's values. */
const TRIVIAL: Record<string, () => Policy> = {
  noop: () => (_obs, step) => (step < 3 ? { type: 'action', action: 'noop()' } : null),
  click_first_button: () => (obs, step) => {
    const first = dataOf(obs).elements.find((e) => e.role === 'button' && !e.states.includes('disabled'));
    return step < 10 && first ? { type: 'action', action: `click('${first.bid}')` } : null;
  },
  fill_every_field_with_goal_then_click_each_button: () => {
    const done = new Set<string>();
    return (obs) => {
      const data = dataOf(obs);
      const next = data.elements.find((e) => !done.has(`${data.url}${e.bid}`) && !e.states.some((s) => s === 'disabled' || s === 'readonly'));
      if (!next) return null;
      done.add(`${data.url}${next.bid}`);
      if (next.role === 'textbox' || next.role === 'searchbox') return { type: 'fill', bid: next.bid, text: data.goal };
      if (next.role === 'combobox') return { type: 'select_option', bid: next.bid, option: next.options![0]! };
      if (next.role === 'checkbox') return { type: 'check', bid: next.bid };
      return { type: 'click', bid: next.bid };
    };
  },
  send_goal_as_answer: () => (obs, step) => (step === 0 ? { type: 'send_msg_to_user', text: dataOf(obs).goal } : null),
  structured_hints: () => hintOnlyPolicy(),
};

describe('web-navigation: catalogue', () => {
  it('declares four levels and families grouped by application kind, dealt disjointly with every kind in every split', () => {
    expect(LEVELS).toEqual(['single-widget', 'forms', 'lookup', 'workflows']);
    expect(levelsOf(task.plugin)[0]!.config).toEqual({});
    const dealt = (['train', 'validation', 'test'] as const).map((split) => familiesOf(task.plugin, split));
    expect(splitsOf(task.plugin)).toEqual(['train', 'validation', 'test']);
    expect(dealt.flat().sort()).toEqual([...WEB_FAMILIES].sort());
    for (const families of dealt) expect(new Set(families.map(kindOf))).toEqual(new Set(['form', 'settings', 'search', 'table', 'flow']));
  });

  it('a held-out scenario comes from a held-out application', async () => {
    const test = new Set(familiesOf(task.plugin, 'test'));
    for (const level of LEVELS) {
      for (const seed of SEEDS) {
        const scenario = (await scenarioFor(task, seed, undefined, { split: 'test', level })) as WebScenario;
        expect(test.has(scenario.family)).toBe(true);
      }
    }
  });
});

describe('web-navigation: reference and trivial policies at every level', () => {
  for (const level of LEVELS) {
    for (const split of ['train', 'test'] as SplitName[]) {
      it(`the reference solver scores at least 0.95 on ${split} at level ${level}`, async () => {
        for (const seed of SEEDS) {
          const outcome = await runReferenceSolver(task, seed, undefined, { level, split });
          expect(outcome.rawScore, `seed ${seed}: ${JSON.stringify(outcome.breakdown)}`).toBeGreaterThanOrEqual(0.95);
        }
      });
    }
    it(`trivial policies stay at or below 0.35 on average at level ${level}`, async () => {
      for (const [name, make] of Object.entries(TRIVIAL)) {
        let total = 0;
        for (const seed of SEEDS) total += (await runPolicy(task, seed, make(), { level, split: 'test' })).rawScore;
        expect(total / SEEDS.length, name).toBeLessThanOrEqual(0.35);
      }
    });
  }
});
