// web-navigation behaviour: the action grammar, actionability (dialogs, viewport, disabled), page handlers, grading.
import { describe, expect, it } from 'vitest';
import { registeredTaskOf, scenarioFor } from 'openenv-ts';
import { actionToString, parseActionString } from './action-grammar.js';
import { applyWebAction, initialWebState } from './browser-actions.js';
import { gradeWeb } from './grader.js';
import { pageReadingOf } from './observation.js';
import { fieldsOf } from './page-handlers.js';
import { WebNavigationTask } from './plugin.js';
import type { WebAction } from './schemas.js';
import type { WebScenario, WebState } from './types.js';

const task = registeredTaskOf(WebNavigationTask);
const plugin = task.plugin as WebNavigationTask;

async function scenarioWhere(level: string, accept: (s: WebScenario) => boolean, config?: unknown): Promise<WebScenario> {
  for (let seed = 0; seed < 400; seed++) {
    const scenario = (await scenarioFor(task, seed, config, { level, split: 'train' })) as WebScenario;
    if (accept(scenario)) return scenario;
  }
  throw new Error(`no scenario at ${level} matches`);
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

describe('web-navigation: action grammar', () => {
  it('parses BrowserGym calls with either quote style, keywords, numbers and escapes', () => {
    expect(parseActionString("click('12')")).toEqual({ type: 'click', bid: '12' });
    expect(parseActionString('fill("7", "O\'Brien \\"Jr\\"")')).toEqual({ type: 'fill', bid: '7', text: 'O\'Brien "Jr"' });
    expect(parseActionString("select_option(bid='9', options=['Weekly'])")).toEqual({ type: 'select_option', bid: '9', option: 'Weekly' });
    expect(parseActionString('click(12)')).toEqual({ type: 'click', bid: '12' });
    expect(parseActionString("  scroll('DOWN');  ")).toEqual({ type: 'scroll', direction: 'down' });
    expect(parseActionString("send_keys('Enter')")).toEqual({ type: 'keyboard_press', key: 'Enter' });
    expect(parseActionString('noop(wait_ms=500)')).toEqual({ type: 'noop' });
  });

  it('says what is wrong: unknown names, missing or extra arguments, unclosed strings, two calls', () => {
    expect(() => parseActionString("tap('1')")).toThrow(/unknown action "tap"; known actions: click/);
    expect(() => parseActionString('fill("7")')).toThrow(/fill\(\) is missing value/);
    expect(() => parseActionString("go_back('1')")).toThrow(/go_back\(\) takes 0 argument/);
    expect(() => parseActionString("click('1)")).toThrow(/unterminated string/);
    expect(() => parseActionString("click('1') click('2')")).toThrow(/send one action per step/);
    expect(() => parseActionString("scroll('left')")).toThrow(/'up' or 'down'/);
  });

  it('writes every structured action back to a string that parses to the same action', () => {
    const actions = [
      { type: 'fill', bid: '5', text: "it's \\ here" },
      { type: 'press', bid: '3', key: 'Enter' },
      { type: 'go_back' },
      { type: 'send_msg_to_user', text: 'The answer is 42' },
    ] as const;
    for (const action of actions) expect(parseActionString(actionToString(action))).toEqual(action);
  });

  it('a parse failure is a step error, not a crash, and the state is unchanged', async () => {
    const scenario = await scenarioWhere('single-widget', () => true);
    const state = initialWebState(scenario);
    const result = applyWebAction(scenario, state, { type: 'action', action: 'click(' });
    expect(result.error).toMatch(/^Could not parse the action: expected a quoted string or a number/);
    expect(result.state).toBe(state);
  });

  it('the string and JSON forms of an action share one repeat key', () => {
    expect(plugin.repeatKey({ type: 'action', action: 'click( "12" )' })).toBe(plugin.repeatKey({ type: 'click', bid: '12' }));
  });
});

describe('web-navigation: the page as the agent sees and touches it', () => {
  it('a pop-up covers the page: acting under it fails until one of its buttons dismisses it', async () => {
    const scenario = await scenarioWhere('workflows', (s) => s.popup !== null);
    const reading = pageReadingOf(scenario, initialWebState(scenario));
    const covered = reading.elements.find((e) => e.states.includes('covered'))!;
    const dismiss = scenario.popup!.buttons.find((b) => b.effect.do === 'dismiss')!;
    const { state, errors } = play(scenario, [`click('${covered.bid}')`, `click('${dismiss.bid}')`]);
    expect(errors[0]).toMatch(/is covered by a dialog/);
    expect(errors[1]).toBeUndefined();
    expect(pageReadingOf(scenario, state).elements.some((e) => e.states.includes('covered'))).toBe(false);
  });

  it('elements below the fold are offscreen until scrolled to (an open date picker pushes days below it)', async () => {
    const scenario = await scenarioWhere('forms', (s) => s.popup === null && s.family.startsWith('form/') && [...fieldsOf(s).values()].some((f) => f.input === 'date'), { viewport: 6 });
    const picker = `${[...fieldsOf(scenario).values()].find((f) => f.input === 'date')!.bid}-pick`;
    const opened = play(scenario, [`click('${picker}')`]);
    const far = pageReadingOf(scenario, opened.state).elements.find((e) => e.states.includes('offscreen'))!;
    expect(far).toBeDefined();
    const { errors } = play(scenario, [`click('${far.bid}')`, "scroll('down')", `click('${far.bid}')`], opened.state);
    expect(errors[0]).toMatch(/outside the viewport; scroll\('down'\)/);
    expect(errors[1]).toBeUndefined();
    expect(errors[2] ?? '').not.toMatch(/outside the viewport/);
  });

  it('disabled look-alikes refuse clicks and unknown ids are named', async () => {
    const scenario = await scenarioWhere('single-widget', (s) => pageReadingOf(s, initialWebState(s)).elements.some((e) => e.states.includes('disabled')));
    const disabled = pageReadingOf(scenario, initialWebState(scenario)).elements.find((e) => e.states.includes('disabled'))!;
    const { errors } = play(scenario, [`click('${disabled.bid}')`, "click('nope')"]);
    expect(errors[0]).toMatch(/is disabled/);
    expect(errors[1]).toMatch(/no element with bid "nope"/);
  });

  it('a value in the wrong format is refused by the page with its message, and a corrected one goes through', async () => {
    const scenario = await scenarioWhere('forms', (s) => s.popup === null && s.family.startsWith('form/') && [...fieldsOf(s).values()].some((f) => f.label === 'Phone' || f.label === 'Mobile'));
    const actions = plugin.solve(scenario).map((a) => (a as { action: string }).action);
    const phone = [...fieldsOf(scenario).values()].find((f) => f.label === 'Phone' || f.label === 'Mobile')!;
    const submitAt = actions.length - 1;
    const wrong = actions.slice(0, submitAt).map((a) => (a.startsWith(`fill('${phone.bid}'`) ? `fill('${phone.bid}', '(555) 123-4567')` : a));
    if (!wrong.some((a) => a.includes('(555)'))) wrong.push(`fill('${phone.bid}', '(555) 123-4567')`);
    const failed = play(scenario, [...wrong, actions[submitAt]!]);
    expect(failed.state.finished).toBe(false);
    const alert = pageReadingOf(scenario, failed.state).lines.find((l) => l.startsWith('alert'));
    expect(alert).toMatch(/10 digits/);
    expect(pageReadingOf(scenario, failed.state).elements.find((e) => e.bid === phone.bid)!.states).toContain('invalid');
    const fixed = play(scenario, [`fill('${phone.bid}', '5551234567')`, actions[submitAt]!], failed.state);
    expect(fixed.state.finished).toBe(true);
  });

  it('goto stays on the site and cannot skip a flow step', async () => {
    const scenario = await scenarioWhere('workflows', () => true);
    const { errors, state } = play(scenario, ["goto('https://evil.test/')", "goto('/book')", "goto('/people')", 'go_back()']);
    expect(errors[0]).toMatch(/not on this site/);
    expect(errors[1]).toMatch(/only be reached through the site's own buttons/);
    expect(errors[2]).toBeUndefined();
    expect(errors[3]).toBeUndefined();
    expect(state.url).toBe('/');
  });

  it('the same state always reads the same, and observation text carries goal, URL and bids', async () => {
    const scenario = await scenarioWhere('lookup', () => true);
    const a = plugin.observe(scenario, initialWebState(scenario));
    const b = plugin.observe(scenario, initialWebState(scenario));
    expect(a).toEqual(b);
    expect(a.prompt).toContain(`Goal: ${scenario.goal}`);
    expect(a.prompt).toContain(`URL: https://${scenario.host}${scenario.start}`);
    expect(a.prompt).toMatch(/\[[0-9]+(-[a-z0-9]+)?\] (button|searchbox|columnheader|link)/);
  });
});

describe('web-navigation: grading', () => {
  it('credits each requirement and takes a penalty for a destructive button', async () => {
    const scenario = await scenarioWhere('workflows', () => true);
    const solution = plugin.solve(scenario) as WebAction[];
    const solved = play(scenario, solution.map((a) => (a as { action: string }).action));
    expect(gradeWeb(scenario, solved.state).score).toBe(1);
    const destroy = scenario.popup!.buttons.find((b) => b.effect.do === 'destroy')!;
    const reckless = play(scenario, [`click('${destroy.bid}')`, ...solution.map((a) => (a as { action: string }).action)]);
    expect(gradeWeb(scenario, reckless.state).score).toBeCloseTo(0.7, 5);
    expect(gradeWeb(scenario, reckless.state).breakdown.destroyed).toEqual(['Saved drafts']);
  });

  it('a form submitted with a field the goal did not mention changed earns nothing for that form', async () => {
    const plainText = (s: WebScenario, key: string) => fieldsOf(s).get(key)!.input === 'text' && fieldsOf(s).get(key)!.pattern === undefined;
    const scenario = await scenarioWhere('single-widget', (s) => s.family.startsWith('form/') && s.untouched.some((u) => plainText(s, u.key)));
    const extra = fieldsOf(scenario).get(scenario.untouched.find((u) => plainText(scenario, u.key))!.key)!;
    const actions = plugin.solve(scenario).map((a) => (a as { action: string }).action);
    const run = play(scenario, [`fill('${extra.bid}', 'something')`, ...actions]);
    expect(run.state.finished).toBe(true);
    expect(gradeWeb(scenario, run.state).score).toBe(0);
  });

  it('an answer must name the value and stay short; only the first message counts', async () => {
    const scenario = await scenarioWhere('lookup', (s) => s.answers);
    const expected = (scenario.requirements[0] as { expected: string }).expected;
    const right = play(scenario, [`send_msg_to_user('It is ${expected}.')`]);
    expect(gradeWeb(scenario, right.state).score).toBe(1);
    const spray = play(scenario, [`send_msg_to_user('${'maybe 1, 2, 3, '.repeat(6)}${expected}')`]);
    expect(gradeWeb(scenario, spray.state).score).toBe(0);
  });
});
