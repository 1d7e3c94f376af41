// The reference solver: turns the scenario's known-good route into BrowserGym action strings, checking each on the real page.
import { actionToString } from './action-grammar.js';
import { applyWebAction, initialWebState } from './browser-actions.js';
import { monthOf, monthsBetween } from './calendar.js';
import { kindOf } from './families.js';
import { pageReadingOf } from './observation.js';
import { fieldsOf } from './page-handlers.js';
import { DEFAULT_LIST_VIEW, visibleRows } from './page-render.js';
import type { BrowserAction, WebAction } from './schemas.js';
import { playShop } from './shop-solver.js';
import type { Block, ListBlock, SolutionStep, TabsBlock, WebScenario, WebState } from './types.js';

function blocksOf(scenario: WebScenario): Block[] {
  const out: Block[] = [];
  const visit = (blocks: readonly Block[]) => {
    for (const block of blocks) {
      out.push(block);
      if (block.t === 'tabs') for (const tab of block.tabs) visit(tab.blocks);
    }
  };
  for (const page of Object.values(scenario.pages)) visit(page.blocks);
  return out;
}

/** Plays the route on the real transition, so every action it returns was accepted by the page. */
class RoutePlayer {
  readonly actions: WebAction[] = [];
  state: WebState;
  constructor(private readonly scenario: WebScenario) {
    this.state = initialWebState(scenario);
  }

  private apply(action: BrowserAction): void {
    const wire: WebAction = { type: 'action', action: actionToString(action) };
    const result = applyWebAction(this.scenario, this.state, wire);
    if (result.error) throw new Error(`reference route failed at ${actionToString(action)} on ${this.state.url}: ${result.error}`);
    this.actions.push(wire);
    this.state = result.state;
  }

  private element(bid: string) {
    return pageReadingOf(this.scenario, this.state).elements.find((e) => e.bid === bid);
  }

  /** Closes the pop-up and scrolls until the element is on screen. */
  private reach(bid: string): void {
    const popup = this.scenario.popup;
    if (popup && this.state.popupOpen && popup.page === this.state.url) {
      this.apply({ type: 'click', bid: popup.buttons.find((b) => b.effect.do === 'dismiss')!.bid });
    }
    for (let i = 0; i < 40; i++) {
      const reading = pageReadingOf(this.scenario, this.state);
      const index = reading.elements.findIndex((e) => e.bid === bid);
      if (index < 0) throw new Error(`reference route: element ${bid} is not on ${this.state.url}`);
      if (!reading.elements[index]!.states.includes('offscreen')) return;
      this.apply({ type: 'scroll', direction: index < this.state.scroll ? 'up' : 'down' });
    }
  }

  act(action: Extract<BrowserAction, { bid: string }>): void {
    this.reach(action.bid);
    this.apply(action);
  }

  answer(text: string): void {
    this.apply({ type: 'send_msg_to_user', text });
  }
}

function setField(player: RoutePlayer, scenario: WebScenario, key: string, value: string): void {
  const field = fieldsOf(scenario).get(key)!;
  switch (field.input) {
    case 'text':
      return player.act({ type: 'fill', bid: field.bid, text: value });
    case 'select':
      return player.act({ type: 'select_option', bid: field.bid, option: value });
    case 'checkbox':
      return player.act({ type: value === 'true' ? 'check' : 'uncheck', bid: field.bid });
    case 'date': {
      player.act({ type: 'click', bid: `${field.bid}-pick` });
      const shown = player.state.picker!.month;
      const moves = monthsBetween(shown, monthOf(value));
      for (let i = 0; i < Math.abs(moves); i++) player.act({ type: 'click', bid: `${field.bid}-${moves > 0 ? 'next' : 'prev'}` });
      return player.act({ type: 'click', bid: `${field.bid}-${Number(value.slice(8))}` });
    }
  }
}

function stepOf(player: RoutePlayer, scenario: WebScenario, step: SolutionStep): void {
  const lists = blocksOf(scenario).filter((b): b is ListBlock => b.t === 'list');
  switch (step.do) {
    case 'set':
      return setField(player, scenario, step.key, step.value);
    case 'click':
      return player.act({ type: step.double ? 'dblclick' : 'click', bid: step.bid });
    case 'tab': {
      const tabs = blocksOf(scenario).find((b): b is TabsBlock => b.t === 'tabs' && b.key === step.tabs)!;
      return player.act({ type: 'click', bid: `${tabs.bid}-${step.index}` });
    }
    case 'search': {
      const list = lists.find((l) => l.key === step.list)!;
      player.act({ type: 'fill', bid: `${list.bid}-q`, text: step.query });
      return player.act({ type: 'press', bid: `${list.bid}-q`, key: 'Enter' });
    }
    case 'row': {
      const list = lists.find((l) => l.key === step.list)!;
      const bid = `${list.bid}-${step.row}`;
      // The row may sit on another page of the results (a list keeps its page when left): page towards it.
      for (let i = 0; i < 50 && !pageReadingOf(scenario, player.state).elements.some((e) => e.bid === bid); i++) {
        const view = player.state.lists[list.key] ?? DEFAULT_LIST_VIEW;
        const all = visibleRows(list, { ...view, page: 0 }, Number.MAX_SAFE_INTEGER).rows;
        const wanted = Math.floor(all.findIndex((r) => r.id === step.row) / list.pageSize);
        player.act({ type: 'click', bid: `${list.bid}-${wanted < view.page ? 'prev' : 'next'}` });
      }
      return player.act({ type: 'click', bid });
    }
    case 'answer':
      return player.answer(step.text);
  }
}

/** The known-good route; a shopping desk is played from its observations instead (its answer depends on probes). */
export function solveWeb(scenario: WebScenario): WebAction[] {
  if (kindOf(scenario.family) === 'flow') return playShop(scenario, 'skilled');
  const player = new RoutePlayer(scenario);
  for (const step of scenario.solution) stepOf(player, scenario, step);
  return player.actions;
}
