// Applies one browser action to the app: actionability checks as a browser driver makes them, then the DOM event.
import type { Transition } from 'openenv-ts';
import { ActionSyntaxError, parseActionString } from './action-grammar.js';
import { draftOf, fieldsOf, navigate, type Draft } from './page-handlers.js';
import { pageReadingOf, type StateReading } from './observation.js';
import { renderedElement, renderState, retireLivePage } from './page-render.js';
import type { BrowserAction, WebAction } from './schemas.js';
import type { WebScenario, WebState } from './types.js';

export function initialWebState(scenario: WebScenario): WebState {
  return Object.freeze({
    url: scenario.start,
    history: [],
    values: Object.fromEntries([...fieldsOf(scenario)].map(([key, field]) => [key, field.initial ?? (field.input === 'checkbox' ? 'false' : '')])),
    invalid: {},
    popupOpen: scenario.popup !== null,
    scroll: 0,
    picker: null,
    tabs: {},
    lists: {},
    focused: null,
    cart: [],
    committed: {},
    ordered: [],
    bookings: [],
    destroyed: [],
    answer: null,
    finished: false,
    notice: null,
  });
}

/** The site-relative path of a goto() argument, or null when it points off the site. */
function pathOf(scenario: WebScenario, url: string): string | null {
  const trimmed = url.trim();
  if (trimmed.startsWith('/')) return trimmed.split(/[?#]/)[0]!;
  const match = /^(?:https?:\/\/)?([^/]+)(\/[^?#]*)?/.exec(trimmed);
  if (!match || match[1]!.toLowerCase() !== scenario.host) return null;
  return match[2] ?? '/';
}

type Outcome = { error: string } | { draft: Draft };

function pageAction(scenario: WebScenario, state: WebState, reading: StateReading, action: BrowserAction): Outcome {
  const draft = draftOf(state);
  draft.notice = null;
  switch (action.type) {
    case 'noop':
      return { draft };
    case 'scroll': {
      const count = reading.pageElementCount;
      const step = scenario.viewport;
      if (action.direction === 'down') {
        if (draft.scroll + step >= count) return { error: 'Already at the bottom of the page.' };
        draft.scroll += step;
      } else {
        if (draft.scroll === 0) return { error: 'Already at the top of the page.' };
        draft.scroll = Math.max(0, draft.scroll - step);
      }
      return { draft };
    }
    case 'goto': {
      const path = pathOf(scenario, action.url);
      if (path === null) return { error: `goto: "${action.url}" is not on this site (${scenario.host}); only its own pages can be opened.` };
      const page = scenario.pages[path];
      if (!page) return { error: `goto: ${path} is not a page of this site (404).` };
      if (!page.direct && path !== draft.url) return { error: `goto: ${path} can only be reached through the site's own buttons.` };
      navigate(draft, path);
      return { draft };
    }
    case 'go_back': {
      const previous = draft.history.pop();
      if (previous === undefined) return { error: 'go_back: there is no previous page.' };
      draft.url = previous;
      draft.scroll = 0;
      draft.picker = null;
      draft.invalid = {};
      return { draft };
    }
    case 'send_msg_to_user':
      if (draft.answer !== null) return { error: 'send_msg_to_user: a message was already sent; only the first counts.' };
      draft.answer = action.text;
      if (scenario.answers) draft.finished = true;
      draft.notice = 'Message sent to the user.';
      return { draft };
    default:
      return elementAction(scenario, state, reading, action);
  }
}

function elementAction(scenario: WebScenario, state: WebState, reading: StateReading, action: Exclude<BrowserAction, { type: 'noop' | 'scroll' | 'goto' | 'go_back' | 'send_msg_to_user' }>): Outcome {
  const bid = action.type === 'keyboard_press' ? state.focused : action.bid.trim();
  if (bid === null) return { error: 'keyboard_press: no element has focus; click or fill a field first, or use press(bid, key).' };
  const element = reading.elements.find((e) => e.bid === bid);
  if (!element) return { error: `${action.type}: no element with bid "${bid}" on this page (${state.url}). Use a bid shown in brackets.` };
  if (element.states.includes('covered')) return { error: `${action.type}: element ${bid} is covered by a dialog; close the dialog first.` };
  if (element.states.includes('offscreen')) return { error: `${action.type}: element ${bid} is outside the viewport; scroll('${reading.elements.indexOf(element) < state.scroll ? 'up' : 'down'}') to reach it.` };
  if (element.states.includes('disabled')) return { error: `${action.type}: element ${bid} is disabled.` };
  // The page's handlers write into the draft bound to the rendered DOM.
  const { draft } = renderState(scenario, state);
  const node = renderedElement(bid);
  if (!node) return { error: `${action.type}: no element with bid "${bid}" on this page (${state.url}).` };
  retireLivePage();
  draft.notice = null;
  const target = node as unknown as { setAttribute(name: string, value: string): void; click(): void; dispatchEvent(e: unknown): boolean; ownerDocument: { defaultView: any } };
  const view = target.ownerDocument.defaultView;
  const isText = element.role === 'textbox' || element.role === 'searchbox';
  switch (action.type) {
    case 'click':
      draft.focused = bid;
      target.click();
      break;
    case 'dblclick':
      draft.focused = bid;
      target.click();
      target.click();
      target.dispatchEvent(new view.MouseEvent('dblclick', { bubbles: true }));
      break;
    case 'fill':
      if (!isText) return { error: `fill: element ${bid} is a ${element.role}, not a text box.` };
      if (element.states.includes('readonly')) return { error: `fill: element ${bid} is read-only; use its picker button.` };
      draft.focused = bid;
      target.setAttribute('data-value', action.text);
      target.dispatchEvent(new view.Event('input', { bubbles: true }));
      target.dispatchEvent(new view.Event('change', { bubbles: true }));
      break;
    case 'select_option': {
      if (element.role !== 'combobox') return { error: `select_option: element ${bid} is a ${element.role}, not a combobox.` };
      const options = element.options ?? [];
      const wanted = action.option.trim().toLowerCase();
      const option = options.find((o) => o.toLowerCase() === wanted);
      if (option === undefined) return { error: `select_option: element ${bid} has no option "${action.option}"; its options are ${options.map((o) => `"${o}"`).join(', ')}.` };
      draft.focused = bid;
      target.setAttribute('data-value', option);
      target.dispatchEvent(new view.Event('change', { bubbles: true }));
      break;
    }
    case 'check':
    case 'uncheck': {
      if (element.role !== 'checkbox') return { error: `${action.type}: element ${bid} is a ${element.role}, not a checkbox.` };
      draft.focused = bid;
      if (element.states.includes('checked') !== (action.type === 'check')) target.click();
      break;
    }
    case 'press':
    case 'keyboard_press': {
      draft.focused = bid;
      const key = action.key.trim();
      target.dispatchEvent(new view.KeyboardEvent('keydown', { key, bubbles: true }));
      // Enter on a button activates it, as in a browser.
      if (key === 'Enter' && element.role === 'button') target.click();
      break;
    }
  }
  return { draft };
}

/** One step of the episode. */
export function applyWebAction(scenario: WebScenario, state: WebState, action: WebAction): Transition<WebState> {
  let parsed: BrowserAction;
  try {
    parsed = action.type === 'action' ? parseActionString(action.action) : action;
  } catch (error) {
    if (error instanceof ActionSyntaxError) return { state, error: `Could not parse the action: ${error.message}.` };
    throw error;
  }
  if (state.finished) return { state, error: 'The task is already complete.', done: true };
  const outcome = pageAction(scenario, state, pageReadingOf(scenario, state), parsed);
  if ('error' in outcome) return { state, error: outcome.error };
  return { state: Object.freeze(outcome.draft) as WebState, feedback: outcome.draft.notice ?? undefined, done: outcome.draft.finished };
}
