// The observation of web-navigation: goal, URL, the page as accessibility text with bids, and the last error.
import type { TaskView } from 'openenv-ts';
import { readPage, type PageReading } from './accessibility-tree.js';
import { renderState } from './page-render.js';
import type { WebData } from './schemas.js';
import type { WebScenario, WebState } from './types.js';

const HOW_TO_ACT =
  "Act with one BrowserGym call per step, e.g. click('12'), fill('7', 'text'), select_option('9', 'Option'), check('4'), " +
  "press('7', 'Enter'), scroll('down'), go_back(), send_msg_to_user('answer'). Elements marked offscreen need a scroll first; " +
  'covered ones need the dialog closed first. Change nothing the goal does not ask for.';

export interface StateReading extends PageReading {
  readonly title: string;
}

/**
 * Readings by state object: states are frozen, so a state always reads the same, and observe() followed by the next
 * transition's actionability checks render the page once instead of twice. Weak, so finished episodes free it.
 */
const readings = new WeakMap<WebState, { scenario: WebScenario; reading: StateReading }>();

/** Renders the page from the state and reads it back; pure, so the same state always reads the same. */
export function pageReadingOf(scenario: WebScenario, state: WebState): StateReading {
  const cached = readings.get(state);
  if (cached && cached.scenario === scenario) return cached.reading;
  const { doc } = renderState(scenario, state);
  const reading = { title: scenario.pages[state.url]!.title, ...readPage(doc, { first: state.scroll, size: scenario.viewport }) };
  if (Object.isFrozen(state)) readings.set(state, { scenario, reading });
  return reading;
}

/** The last action's error travels beside this view as the wire observation's `last_action_error`. */
export function observeWeb(scenario: WebScenario, state: WebState): TaskView<WebData> {
  const reading = pageReadingOf(scenario, state);
  const url = `https://${scenario.host}${state.url}`;
  const prompt = [
    `Goal: ${scenario.goal}`,
    '',
    `URL: ${url}`,
    `Page: ${reading.title}`,
    ...(state.notice ? [`Notice: ${state.notice}`] : []),
    ...(state.finished ? ['The task is complete.'] : []),
    '',
    ...reading.lines,
    '',
    HOW_TO_ACT,
  ].join('\n');
  return {
    prompt,
    data: { goal: scenario.goal, url, title: reading.title, axtree: reading.lines.join('\n'), elements: reading.elements, notice: state.notice },
  };
}
