// The shopping desk (workflows level): facts on pages, the pricing note, steep credit, no early signal, reference and naive plays.
import { describe, expect, it } from 'vitest';
import { familiesOf, registeredTaskOf, runReferenceSolver, scenarioFor } from 'openenv-ts';
import { applyWebAction, initialWebState } from './browser-actions.js';
import { DESK_THEMES } from './desk-themes.js';
import { gradeWeb } from './grader.js';
import { observeWeb, pageReadingOf } from './observation.js';
import { WebNavigationTask } from './plugin.js';
import { choiceCredit, pricingNote, SHOP_BUDGET } from './shop-desk.js';
import { chargeLines, money, totalCents } from './shop-pricing.js';
import { clockTime, qualifies, shortDate } from './shop-requests.js';
import { parseRequests, playShop, type ShopPlan } from './shop-solver.js';
import { wordsOf } from './shop-desk.js';
import type { WebAction } from './schemas.js';
import type { WebScenario, WebState } from './types.js';

const task = registeredTaskOf(WebNavigationTask);
const TEST_SEEDS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

async function shop(seed: number, split: 'train' | 'test' = 'test'): Promise<WebScenario> {
  return (await scenarioFor(task, seed, undefined, { level: 'workflows', split })) as WebScenario;
}

function play(scenario: WebScenario, actions: readonly WebAction[], from: WebState = initialWebState(scenario)): { state: WebState; states: WebState[] } {
  let state = from;
  const states: WebState[] = [];
  for (const action of actions) {
    const result = applyWebAction(scenario, state, action);
    expect(result.error, JSON.stringify(action)).toBeUndefined();
    state = result.state;
    states.push(state);
  }
  return { state, states };
}

/** The text of one page as the agent reads it (no pop-up). */
function pageText(scenario: WebScenario, url: string, lists: WebState['lists'] = {}): string[] {
  return pageReadingOf(scenario, Object.freeze({ ...initialWebState(scenario), url, popupOpen: false, lists })).lines;
}

const scoreOf = (scenario: WebScenario, plan: ShopPlan) => gradeWeb(scenario, play(scenario, playShop(scenario, plan)).state).score;

describe('shopping desk: applications and splits', () => {
  it('five consecutive test indices are five different desks, none of which train ever shows', async () => {
    const train = new Set(familiesOf(task.plugin, 'train'));
    const families = await Promise.all([0, 1, 2, 3, 4].map(async (k) => (await shop(k)).family));
    expect(new Set(families).size).toBe(5);
    for (const family of families) expect(train.has(family)).toBe(false);
  });
});

describe('shopping desk: what the pages show', () => {
  it('the list shows every option as planned and each option page itemises its charges and total', async () => {
    for (const seed of [0, 1, 2]) {
      const scenario = await shop(seed);
      const facts = scenario.shop!;
      const theme = DESK_THEMES[scenario.family]!;
      const pages = Math.ceil(facts.options.length / facts.pageSize);
      const rows = Array.from({ length: pages }, (_, page) => pageText(scenario, '/catalogue', { catalogue: { query: '', searched: false, sortColumn: -1, sortDescending: false, page } })).flat().filter((l) => /^\s*row "/.test(l));
      expect(rows).toEqual(facts.options.map((o) => `  row "${o.name} | ${o.vendor} | ${shortDate(o.date)} | ${clockTime(o.start)} | ${o.tag ? theme.tagYes : theme.tagNo} | $${o.price}"`));
      for (const option of facts.options) {
        const vendor = facts.vendors.find((v) => v.name === option.vendor)!;
        const text = pageText(scenario, `/item/${option.id}`).join('\n');
        for (const line of chargeLines(option, vendor, wordsOf(theme))) expect(text).toContain(`${line.label}: ${money(line.cents)}`);
        expect(text).toContain(`Total at checkout: ${money(totalCents(option, vendor))}`);
      }
    }
  });

  it('the goal and the list say in general terms that listed prices exclude vendor-specific charges shown at checkout, never a rule', async () => {
    for (const seed of [0, 1, 2, 3, 4]) {
      const scenario = await shop(seed);
      const theme = DESK_THEMES[scenario.family]!;
      const note = pricingNote(theme);
      expect(note).toMatch(/^Listed prices exclude each vendor's own charges/);
      expect(note).toMatch(/own page itemises its charges and the total at checkout/);
      expect(note).not.toMatch(/\d/);
      expect(scenario.goal).toContain(note);
      expect(scenario.goal).toContain('"Cheapest" means the lowest total at checkout');
      expect(scenario.goal).toMatch(/Only the cheapest qualifying .* counts as done right; a dearer one earns little/);
      expect(scenario.goal).toMatch(/assessed only then \(a request still open when the actions run out earns nothing\)/);
      expect(pageText(scenario, '/catalogue').join('\n')).toContain(note);
    }
  });

  it('the requests read back from the goal as planned', async () => {
    for (const seed of TEST_SEEDS) {
      const scenario = await shop(seed);
      const facts = scenario.shop!;
      const parsed = parseRequests(scenario.goal, DESK_THEMES[scenario.family]!);
      expect(parsed.map((r) => ({ ...r, dates: r.dates }))).toEqual(facts.requests.map((r) => ({ ...r, dates: r.dates.map(shortDate) })));
    }
  });
});

describe('shopping desk: credit', () => {
  it('is full only for the cheapest total, little for 2% more and nothing from 6% on', () => {
    expect(choiceCredit(10000, 10000)).toBe(1);
    expect(choiceCredit(10100, 10000)).toBeLessThan(0.36);
    expect(choiceCredit(10200, 10000)).toBeLessThan(0.25);
    expect(choiceCredit(10600, 10000)).toBe(0);
  });

  it('every request has one cheapest qualifying option, clear of the runner-up', async () => {
    for (const seed of TEST_SEEDS) {
      const facts = (await shop(seed)).shop!;
      facts.requests.forEach((request, i) => {
        const totals = Object.values(facts.totals[i]!).sort((a, b) => a - b);
        expect(totals[1]!).toBeGreaterThanOrEqual(totals[0]! * 1.01);
        expect(Object.keys(facts.totals[i]!).sort()).toEqual(facts.options.filter((o) => qualifies(o, request)).map((o) => o.id).sort());
      });
    }
  });

  it("the namesake's Employee no. costs a fifth of that request; an open request earns nothing", async () => {
    const scenario = await shop(3);
    const facts = scenario.shop!;
    const actions = playShop(scenario, 'skilled');
    const twin = facts.people.find((p, i) => facts.people.findIndex((q) => q.name === p.name) !== i)!;
    const asked = facts.people.find((p) => p.name === twin.name && facts.requests.some((r) => r.name === p.name && r.dept === p.dept))!;
    const other = facts.people.find((p) => p.name === twin.name && p !== asked)!;
    const swapped = actions.map((a) => ({ ...a, action: (a as { action: string }).action.replace(`"${asked.emp}"`, `"${other.emp}"`) }));
    expect(gradeWeb(scenario, play(scenario, swapped).state).score).toBeCloseTo(1 - 0.2 / 3, 5);
    const open = play(scenario, actions.slice(0, -1)).state;
    expect(open.bookings).toHaveLength(2);
    expect(gradeWeb(scenario, open).score).toBe(0);
  });
});

describe('shopping desk: no signal before the end', () => {
  it('every state before the request closes grades 0, and a booking page reads the same whichever option was booked', async () => {
    let differentFirstBooking = 0;
    for (const seed of [0, 1, 2, 3, 4]) {
      const scenario = await shop(seed);
      const skilled = play(scenario, playShop(scenario, 'skilled'));
      const naive = play(scenario, playShop(scenario, 'headline'));
      for (const state of [...skilled.states, ...naive.states].filter((s) => !s.finished)) expect(gradeWeb(scenario, state).score).toBe(0);
      const firstBooked = (run: { states: WebState[] }) => run.states.find((s) => s.bookings.length === 1)!;
      if (firstBooked(skilled).bookings[0]!.item !== firstBooked(naive).bookings[0]!.item) differentFirstBooking++;
      expect(observeWeb(scenario, firstBooked(skilled)).prompt).toBe(observeWeb(scenario, firstBooked(naive)).prompt);
    }
    expect(differentFirstBooking).toBeGreaterThan(0);
  });
});

describe('shopping desk: the reference and the informed-naive plans (10 test scenarios)', () => {
  it('the reference, playing from observations only, books every optimum within the budget', async () => {
    const lengths: number[] = [];
    for (const seed of TEST_SEEDS) {
      const outcome = await runReferenceSolver(task, seed, undefined, { level: 'workflows', split: 'test' });
      expect(outcome.rawScore, `seed ${seed}`).toBeGreaterThanOrEqual(0.95);
      const length = playShop(await shop(seed), 'skilled').length;
      expect(length).toBeLessThanOrEqual(SHOP_BUDGET - 4);
      lengths.push(length);
    }
    console.info(`reference actions on ${TEST_SEEDS.length} test scenarios: ${lengths.join(', ')}`);
  });

  it('the reference plays the same without the plan it was built from (it reads no hidden truth)', async () => {
    for (const seed of [0, 1, 2]) {
      const scenario = await shop(seed);
      const blind: WebScenario = { ...scenario, shop: undefined, requirements: scenario.requirements.map((r) => (r.kind === 'booked-best' ? { ...r, item: '', totals: {}, expected: '' } : r)) };
      expect(playShop(blind, 'skilled')).toEqual(playShop(scenario, 'skilled'));
    }
  });

  it('booking the cheapest listed price, or the best of the three cheapest listed after opening them, stays at or below 0.45 on average', async () => {
    const means: Record<string, number> = {};
    for (const plan of ['headline', 'top-three'] as const) {
      let total = 0;
      for (const seed of TEST_SEEDS) total += scoreOf(await shop(seed), plan);
      means[plan] = total / TEST_SEEDS.length;
      expect(means[plan], plan).toBeLessThanOrEqual(0.45);
    }
    console.info(`informed-naive means over ${TEST_SEEDS.length} test scenarios: ${JSON.stringify(means)}`);
  });

  it('opening every option does not fit in the budget', async () => {
    const facts = (await shop(0)).shop!;
    expect(2 * facts.options.length).toBeGreaterThan(SHOP_BUDGET);
  });
});
