// The booking desk (workflows level): held-out desks, facts readable from pages, traps that cost credit, budget and grading.
import { describe, expect, it } from 'vitest';
import { familiesOf, registeredTaskOf, scenarioFor } from 'openenv-ts';
import { applyWebAction, initialWebState } from './browser-actions.js';
import { bestFor, clock, decisiveOversights, DESK_BUDGET, listOnlyPick, type DeskRecord, type Person } from './desk-apps.js';
import { DESK_THEMES } from './desk-themes.js';
import { gradeWeb } from './grader.js';
import { pageReadingOf } from './observation.js';
import { WebNavigationTask } from './plugin.js';
import { solveWeb } from './reference-solver.js';
import type { FieldBlock, SolutionStep, WebScenario, WebState } from './types.js';

const task = registeredTaskOf(WebNavigationTask);
const SEEDS = [0, 1, 2, 3, 4, 5, 6, 7];

async function desk(seed: number, split: 'train' | 'test' = 'train'): Promise<WebScenario> {
  return (await scenarioFor(task, seed, undefined, { level: 'workflows', split })) as WebScenario;
}

function play(scenario: WebScenario, actions: readonly string[], state: WebState = initialWebState(scenario)) {
  let current = state;
  const errors: (string | undefined)[] = [];
  for (const action of actions) {
    const result = applyWebAction(scenario, current, { type: 'action', action });
    errors.push(result.error);
    current = result.state;
  }
  return { state: current, errors };
}

/** The text of one page as the agent reads it (no pop-up, top of the page). */
function pageText(scenario: WebScenario, url: string, lists: WebState['lists'] = {}): string[] {
  const state = Object.freeze({ ...initialWebState(scenario), url, popupOpen: false, lists });
  return pageReadingOf(scenario, state).lines;
}

/** Rebuilds a row from its own page, the way a reader would: nothing from the plan but the id it opens. */
function readRecord(scenario: WebScenario, id: string): DeskRecord {
  const theme = DESK_THEMES[scenario.family]!;
  const text = pageText(scenario, `/item/${id}`).join('\n');
  const minutes = (hhmm: string, nextDay: string | undefined) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)) + (nextDay ? 1440 : 0);
  const times = new RegExp(`${theme.start} (\\d\\d:\\d\\d) · ${theme.end} (\\d\\d:\\d\\d)( \\(\\+1\\))?`).exec(text)!;
  const money = new RegExp(`Price \\$(\\d+) · ${theme.fee} \\$(\\d+)(?: \\(waived for (\\w+)-level colleagues\\))?`).exec(text)!;
  const cls = new RegExp(`${theme.classLabel}: ([^·]+) · ${theme.tagLabel}: ([^"]+)"`).exec(text)!;
  return {
    id,
    name: /heading "([^,]+),/.exec(text)![1]!,
    cls: theme.classes.indexOf(cls[1]!.trim() as never),
    tag: cls[2]!.trim() === theme.tagYes,
    start: minutes(times[1]!, undefined),
    end: minutes(times[2]!, times[3]),
    price: Number(money[1]),
    fee: Number(money[2]),
    refundable: /Refundable: yes/.test(text),
    soldOut: /Availability: sold out/.test(text),
    feeWaivedFor: money[3] ?? null,
  };
}

function readPerson(scenario: WebScenario, id: string): Omit<Person, 'manager'> & { manager: string } {
  const text = pageText(scenario, `/people/${id}`).join('\n');
  const [, dept, level] = /Department: (\w+) · Level: (\w+)/.exec(text)!;
  return { name: /heading "([^"]+)"/.exec(text)![1]!, dept: dept!, level: level!, emp: /Employee no\.: (E-\d{4})/.exec(text)![1]!, manager: /Manager: ([^"]+)"/.exec(text)![1]! };
}

describe('booking desk: applications and splits', () => {
  it('five consecutive test indices are five different desks, none of which train ever shows', async () => {
    const train = new Set(familiesOf(task.plugin, 'train'));
    const test = new Set(familiesOf(task.plugin, 'test'));
    for (const start of [0, 7]) {
      const families = await Promise.all([0, 1, 2, 3, 4].map(async (k) => (await desk(start + k, 'test')).family));
      expect(new Set(families).size).toBe(5);
      for (const family of families) {
        expect(test.has(family)).toBe(true);
        expect(train.has(family)).toBe(false);
      }
    }
  });

  it('at every level a test scenario comes from an application train never shows', async () => {
    const train = new Set(familiesOf(task.plugin, 'train'));
    for (const level of ['single-widget', 'forms', 'lookup', 'workflows']) {
      for (const seed of [0, 1, 2, 3, 4]) {
        const scenario = (await scenarioFor(task, seed, undefined, { level, split: 'test' })) as WebScenario;
        expect(train.has(scenario.family), `${level} seed ${seed}: ${scenario.family}`).toBe(false);
      }
    }
  });
});

describe('booking desk: every fact an errand needs is on a page', () => {
  it('rows rebuilt from their own pages give the same answers (end times with next-day marks, fees, refunds, sold out)', async () => {
    for (const seed of SEEDS) {
      const scenario = await desk(seed);
      const facts = scenario.desk!;
      const read = facts.records.map((r) => readRecord(scenario, r.id));
      expect(read).toEqual(facts.records.map((r) => ({ ...r })));
      facts.errands.forEach((errand, i) => expect(bestFor(read, errand, facts.policy)?.id).toBe(facts.answers[i]));
      // A sold-out row's Book button is there but disabled.
      for (const r of facts.records.filter((x) => x.soldOut)) {
        expect(pageText(scenario, `/item/${r.id}`).some((l) => /button "Book" \(disabled\)/.test(l))).toBe(true);
      }
    }
  });

  it('next-day ends are marked "(+1)" and some errands meet one', async () => {
    let marked = 0;
    for (const seed of SEEDS) {
      const scenario = await desk(seed);
      for (const r of scenario.desk!.records.filter((x) => x.end >= 1440)) {
        expect(pageText(scenario, `/item/${r.id}`).join('\n')).toContain(clock(r.end));
        expect(clock(r.end)).toMatch(/\(\+1\)$/);
        marked++;
      }
    }
    expect(marked).toBeGreaterThan(0);
  });

  it('the directory lists a namesake in another department; level and manager are on each person page', async () => {
    for (const seed of SEEDS) {
      const scenario = await desk(seed);
      const people = scenario.desk!.people;
      const names = people.map((p) => p.name);
      const twin = names.find((n, i) => names.indexOf(n) !== i)!;
      expect(twin).toBeDefined();
      expect(scenario.desk!.errands.some((e) => e.person.name === twin)).toBe(true);
      const listed = [0, 1, 2].flatMap((page) => pageText(scenario, '/people', { people: { query: '', searched: false, sortColumn: -1, sortDescending: false, page } }).filter((l) => l.includes(`row "${twin} |`)));
      expect(listed).toHaveLength(2);
      people.forEach((p, i) => expect(readPerson(scenario, `p${i + 1}`)).toEqual({ ...p }));
    }
  });

  it('the policy page states every rule with its numbers and departments', async () => {
    for (const seed of SEEDS) {
      const scenario = await desk(seed);
      const policy = scenario.desk!.policy;
      const text = pageText(scenario, '/policy').join('\n');
      expect(text).toContain(`above $${policy.approvalLimit}`);
      for (const dept of [...policy.refundDepts, ...policy.extraDepts]) expect(text).toContain(dept);
      if (policy.upgradeMinutes > 0) expect(text).toContain(`at least ${policy.upgradeMinutes / 60} hours`);
      expect(text.includes('need no approver')).toBe(policy.directorsSelfApprove);
      expect(text.includes("manager's own manager")).toBe(policy.skipTravellingManager);
    }
  });
});

/** The reference route with some errands' rows swapped for others (each swap keeps the rest of the route). */
function routeWithRows(scenario: WebScenario, rows: readonly string[]): string[] {
  const facts = scenario.desk!;
  const bookBid = (id: string) => scenario.pages[`/item/${id}`]!.blocks.find((b) => b.t === 'button' && b.label === 'Book')!;
  let errand = -1;
  const solution: SolutionStep[] = scenario.solution.map((step) => {
    if (step.do === 'row') {
      errand++;
      return { ...step, row: rows[errand]! };
    }
    if (step.do === 'click' && errand >= 0 && step.bid === (bookBid(facts.answers[errand]!) as { bid: string }).bid) return { ...step, bid: (bookBid(rows[errand]!) as { bid: string }).bid };
    return step;
  });
  return solveWeb({ ...scenario, solution }).map((a) => (a as { action: string }).action);
}

describe('booking desk: traps cost credit', () => {
  it('a reader who trusts the list (price without fee, no refund, sold-out or next-day check) loses at least one errand in most scenarios', async () => {
    let total = 0;
    for (const seed of SEEDS) {
      const scenario = await desk(seed);
      const facts = scenario.desk!;
      const hurried = facts.errands.map((errand, i) => {
        const pick = listOnlyPick(facts.records.filter((r) => !r.soldOut), errand, facts.policy);
        return pick?.id ?? facts.answers[i]!;
      });
      const { state } = play(scenario, routeWithRows(scenario, hurried));
      const score = gradeWeb(scenario, state).score;
      if (hurried.some((id, i) => id !== facts.answers[i])) expect(score).toBeLessThan(1);
      total += score;
    }
    expect(total / SEEDS.length).toBeLessThanOrEqual(0.85);
  });

  it("the namesake's employee number costs that requirement only", async () => {
    const scenario = await desk(3);
    const facts = scenario.desk!;
    const names = facts.people.map((p) => p.name);
    const twin = facts.people.filter((p) => names.filter((n) => n === p.name).length === 2);
    const asked = twin.find((p) => facts.errands.some((e) => e.person.emp === p.emp))!;
    const other = twin.find((p) => p !== asked)!;
    const actions = solveWeb(scenario).map((a) => (a as { action: string }).action.replace(`'${asked.emp}'`, `'${other.emp}'`));
    const grade = gradeWeb(scenario, play(scenario, actions).state);
    expect(grade.score).toBeCloseTo(1 - 1 / 18, 5);
  });

  it('a booking for someone not in the request is penalised, and the third booking closes the request', async () => {
    const scenario = await desk(1);
    const actions = solveWeb(scenario).map((a) => (a as { action: string }).action);
    const name = scenario.desk!.errands[0]!.person.name;
    const stranger = actions.map((a) => a.replace(`'${name}'`, "'Someone Else'"));
    const run = play(scenario, [...stranger]);
    const grade = gradeWeb(scenario, run.state);
    expect(run.state.finished).toBe(true);
    expect(grade.breakdown.extra_bookings).toBe(1);
    expect(grade.score).toBeCloseTo(2 / 3 - 0.15, 5);
    expect(applyWebAction(scenario, run.state, { type: 'action', action: 'noop()' }).error).toMatch(/already complete/);
  });

  it('cancelling a confirmed booking is a destruction (penalised), not an undo', async () => {
    const scenario = await desk(2);
    const actions = solveWeb(scenario).map((a) => (a as { action: string }).action);
    const cancel = scenario.pages['/booked']!.blocks.find((b) => b.t === 'button' && b.effect.do === 'destroy') as { bid: string };
    const firstConfirm = actions.findIndex((a, i) => i > 0 && play(scenario, actions.slice(0, i + 1)).state.bookings.length === 1);
    const withCancel = [...actions.slice(0, firstConfirm + 1), `click('${cancel.bid}')`, ...actions.slice(firstConfirm + 1)];
    const run = play(scenario, withCancel);
    expect(run.state.bookings).toHaveLength(3);
    expect(gradeWeb(scenario, run.state).score).toBeCloseTo(0.7, 5);
  });
});

describe('booking desk: the form', () => {
  it('refuses an approver not written "Surname, First name" with a message that says how, and takes the corrected one', async () => {
    let scenario: WebScenario | null = null;
    for (let seed = 0; seed < 40 && scenario === null; seed++) {
      const candidate = await desk(seed);
      if (candidate.solution.some((step) => step.do === 'set' && step.key === 'book.approver')) scenario = candidate;
    }
    const actions = solveWeb(scenario!).map((a) => (a as { action: string }).action);
    const approverBid = scenario!.pages['/book']!.blocks.find((b): b is FieldBlock => b.t === 'field' && b.key === 'book.approver')!.bid;
    const at = actions.findIndex((a) => a.startsWith(`fill('${approverBid}'`));
    const payroll = /, '(.*)'\)$/.exec(actions[at]!)![1]!;
    const [surname, first] = payroll.split(', ');
    const confirmAt = actions.findIndex((a, i) => i > at && play(scenario!, actions.slice(0, i + 1)).state.bookings.length > play(scenario!, actions.slice(0, at)).state.bookings.length);
    const wrong = [...actions.slice(0, at), `fill('${approverBid}', '${first} ${surname}')`, ...actions.slice(at + 1, confirmAt + 1)];
    const refused = play(scenario!, wrong);
    const before = play(scenario!, actions.slice(0, at)).state.bookings.length;
    expect(refused.state.bookings).toHaveLength(before);
    expect(pageReadingOf(scenario!, refused.state).lines.find((l) => l.startsWith('alert'))).toMatch(/surname, a comma, then the first name/);
    const fixed = play(scenario!, [`fill('${approverBid}', '${payroll}')`, actions[confirmAt]!], refused.state);
    expect(fixed.state.bookings).toHaveLength(before + 1);
  });
});

describe('booking desk: budget', () => {
  it('a careful reader fits in the budget with a margin, and the reference route is shorter still', async () => {
    for (const seed of SEEDS) {
      const scenario = await desk(seed);
      expect(scenario.desk!.carefulReaderCost).toBeLessThanOrEqual(DESK_BUDGET - 4);
      expect(solveWeb(scenario).length).toBeLessThan(scenario.desk!.carefulReaderCost);
    }
  });

  it('every plan has at least four decisive oversights (facts whose miss changes a row or an approver)', async () => {
    for (const seed of SEEDS) {
      const scenario = await desk(seed);
      const facts = scenario.desk!;
      const answers = facts.answers.map((id) => facts.records.find((r) => r.id === id)!);
      expect(decisiveOversights(facts.records, facts.errands, facts.policy, facts.people, answers).length).toBeGreaterThanOrEqual(4);
    }
  });

  it('reading every row and person page does not fit in the budget', async () => {
    for (const seed of SEEDS) {
      const facts = (await desk(seed)).desk!;
      const readEverything = 2 * facts.records.length + 2 * facts.people.length + solveWeb(await desk(seed)).length;
      expect(readEverything).toBeGreaterThan(DESK_BUDGET);
    }
  });
});
